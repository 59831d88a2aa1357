//! The simulated Odoo behind `odoo-mcp demo` (cargo feature `demo`): starts `odoo_sim` in this
//! process, serves it as the instance `demo`, and prints a banner on stderr saying what runs and
//! how to connect a client.

use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::process::ExitCode;

use super::{INSTANCE, instance};
use crate::cli::{DemoArgs, TransportKind};
use crate::commands::{CommandError, confirmation_key, serve_with};
use crate::config::{Env, ServerConfig, ToolSelection};
use crate::instance::Instances;
use crate::server::OdooServer;

/// Starts the simulator, prints the banner and serves until the client leaves or Ctrl-C.
/// The environment's `ODOO_MCP_TOOLS*` and `ODOO_MCP_OUTPUT_SCHEMAS` pick the tools.
pub(super) async fn run(args: &DemoArgs, env: &Env) -> Result<ExitCode, CommandError> {
    let selection = ToolSelection::from_env(env)?;
    let sim = odoo_sim::spawn(odoo_sim::SimConfig::new())
        .await
        .map_err(CommandError::Demo)?;
    let instance = instance(
        &sim.url(),
        sim.database(),
        sim.admin_api_key(),
        args.read_only,
    )?;
    let mut server = OdooServer::with_tools(Instances::single(instance), &selection);
    if let Some(key) = confirmation_key(env)? {
        server = server.with_confirmation_key(key);
    }
    let config = ServerConfig {
        listen: args.listen,
        auth: crate::config::AuthConfig {
            allow_unauthenticated: args.allow_unauthenticated,
            ..crate::config::AuthConfig::default()
        },
        ..ServerConfig::default()
    };
    let banner = Banner {
        sim_url: sim.url(),
        database: sim.database().to_owned(),
        read_only: args.read_only,
    };
    let code = match args.transport {
        TransportKind::Stdio => {
            banner.print(&banner.stdio_text());
            serve_with(server, TransportKind::Stdio, &config, |_| ()).await?
        }
        TransportKind::Http => {
            serve_with(server, TransportKind::Http, &config, |addr| {
                banner.print(&banner.http_text(addr))
            })
            .await?
        }
    };
    // The process exits next: stop the simulator without waiting for idle keep-alive
    // connections.
    drop(sim);
    Ok(code)
}

struct Banner {
    sim_url: String,
    database: String,
    read_only: bool,
}

impl Banner {
    fn print(&self, text: &str) {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "{text}");
        let _ = err.flush();
    }

    fn header(&self) -> String {
        let writes = if self.read_only {
            "read-only (--read-only): create/update/delete are refused"
        } else {
            "writes ENABLED on this throwaway data (add --read-only to refuse them)"
        };
        format!(
            "odoo-mcp demo: a simulated Odoo 19 runs inside this process; nothing touches a real Odoo.\n\
             \n  Simulated Odoo   {url}  (database \"{db}\", acting as the simulated administrator)\
             \n  MCP instance     `{INSTANCE}`: {writes}",
            url = self.sim_url,
            db = self.database,
        )
    }

    fn stdio_text(&self) -> String {
        let exe = exe_path();
        let tty = if std::io::stdin().is_terminal() {
            "\n  (You are at a terminal: what you type here goes to the MCP server as JSON-RPC.\n   Start it from an MCP client instead, as below.)\n"
        } else {
            ""
        };
        format!(
            "{header}\
             \n  Transport        stdio: waiting for an MCP client on stdin/stdout\n{tty}\
             \nConnect a client (it starts this command itself):\
             \n  Claude Desktop   in claude_desktop_config.json:\
             \n                     {{\"mcpServers\": {{\"odoo-demo\": {{\"command\": \"{exe}\", \"args\": [\"demo\"]}}}}}}\
             \n  Cursor           the same \"mcpServers\" entry in ~/.cursor/mcp.json\
             \n  Claude Code      claude mcp add odoo-demo -- {exe} demo\
             \n  MCP Inspector    npx @modelcontextprotocol/inspector {exe} demo\
             \nOr over HTTP:      {exe} demo --transport http   (then http://127.0.0.1:8787/mcp)\
             \n\nPress Ctrl-C to stop.",
            header = self.header(),
        )
    }

    fn http_text(&self, addr: SocketAddr) -> String {
        let url = format!("http://{addr}/mcp");
        format!(
            "{header}\
             \n  Transport        Streamable HTTP at {url}  (health: http://{addr}/healthz)\n\
             \nConnect a client:\
             \n  Claude Code      claude mcp add --transport http odoo-demo {url}\
             \n  Cursor           in ~/.cursor/mcp.json: {{\"mcpServers\": {{\"odoo-demo\": {{\"url\": \"{url}\"}}}}}}\
             \n  Claude Desktop   {{\"mcpServers\": {{\"odoo-demo\": {{\"command\": \"npx\", \"args\": [\"mcp-remote\", \"{url}\"]}}}}}}\
             \n  MCP Inspector    npx @modelcontextprotocol/inspector, then transport \"Streamable HTTP\", URL {url}\
             \n\nPress Ctrl-C to stop.",
            header = self.header(),
        )
    }
}

/// This executable's path for copy-paste snippets (`odoo-mcp` when unknown).
fn exe_path() -> String {
    std::env::current_exe()
        .ok()
        .and_then(|p| p.to_str().map(str::to_owned))
        .unwrap_or_else(|| "odoo-mcp".to_owned())
}
