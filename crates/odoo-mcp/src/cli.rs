//! The command line of `odoo-mcp` (clap derive): `serve`, `demo`, `check`, `tools`, `call`,
//! `healthcheck`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const EXAMPLES: &str = "\
Examples:
  odoo-mcp demo                                  try it on a simulated Odoo (stdio)
  odoo-mcp demo --transport http                 the same over HTTP at http://127.0.0.1:8787/mcp
  ODOO_URL=https://mycompany.odoo.com ODOO_DB=mycompany ODOO_API_KEY=… odoo-mcp check
  odoo-mcp serve                                 serve the configured instances on stdin/stdout
  odoo-mcp serve --transport http --config prod.toml
  odoo-mcp tools > tools.json
  odoo-mcp call search_records --args '{\"model\": \"res.partner\", \"limit\": 5}'
  odoo-mcp healthcheck                           exit 0 if http://127.0.0.1:8787/healthz is 200

Configuration: --config FILE, $ODOO_MCP_CONFIG, or ~/.config/odoo-mcp/config.toml, plus
ODOO_URL, ODOO_DB, ODOO_API_KEY, ODOO_USERNAME, ODOO_PASSWORD, ODOO_VERSION, ODOO_PROTOCOL,
ODOO_INSTANCES (JSON), ODOO_INSTANCES_JSON (file), ODOO_READ_ONLY. Instances are read-only
unless configured otherwise.";

/// An MCP server for Odoo: search, read, aggregate and (when allowed) change Odoo records from
/// any MCP client (Claude Desktop, Cursor, the MCP Inspector, …).
#[derive(Debug, Parser)]
#[command(name = "odoo-mcp", version, about, after_help = EXAMPLES)]
pub struct Cli {
    /// Log filter for stderr: error, warn, info, debug, trace, or directives such as
    /// `odoo_mcp=debug,rmcp=warn` [default: $RUST_LOG, else info]
    #[arg(long, global = true, value_name = "FILTER")]
    pub log_level: Option<String>,

    /// What to do [default: serve on stdio]
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Serve the configured Odoo instances over MCP (stdio by default).
    Serve(ServeArgs),
    /// Start a simulated Odoo in this process and serve it (writes enabled): try odoo-mcp
    /// without an Odoo server.
    Demo(DemoArgs),
    /// Check each configured instance: reachable, version, protocol, authenticated user, and
    /// what the policy allows. Exits non-zero on any failure.
    Check(ConfigArgs),
    /// Print the MCP tools (names, descriptions, JSON schemas) as JSON on stdout, without
    /// contacting Odoo. With no configuration at all, prints the demo instance's tools (writes
    /// enabled), so the full list can be browsed before configuring anything.
    Tools(ConfigArgs),
    /// Run one tool once and print its result as JSON (structuredContent, else the text).
    /// Exits 1 when the tool reports an error.
    Call(CallArgs),
    /// Print the built-in policy lists (denied models and methods, write-protected models and
    /// fields, secret field names) as Markdown.
    Policy,
    /// Ask a running HTTP server's /healthz: exit 0 when it answers 200, 1 otherwise (the
    /// container's HEALTHCHECK: no shell or curl needed).
    Healthcheck(HealthcheckArgs),
}

/// How MCP clients reach the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum TransportKind {
    /// JSON-RPC on stdin/stdout: the client starts this process.
    #[default]
    Stdio,
    /// Streamable HTTP at `/mcp` (plus `GET /healthz`).
    Http,
}

/// `--config`.
#[derive(Debug, Clone, Args)]
pub struct ConfigArgs {
    /// TOML configuration file [default: $ODOO_MCP_CONFIG, else
    /// $XDG_CONFIG_HOME/odoo-mcp/config.toml or ~/.config/odoo-mcp/config.toml if present]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// Arguments of `serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Transport.
    #[arg(long, value_enum, default_value_t = TransportKind::Stdio)]
    pub transport: TransportKind,
    /// Address for `--transport http` [default: [server] listen, else 127.0.0.1:8787]
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<SocketAddr>,
    /// HTTP without sessions: every request stands alone (for replicas behind a load balancer)
    #[arg(long)]
    pub stateless: bool,
    /// Serve HTTP beyond loopback without a bearer token (MCP_AUTH_TOKEN); warns at every start
    #[arg(long)]
    pub allow_unauthenticated: bool,
    /// Where the configuration comes from.
    #[command(flatten)]
    pub config: ConfigArgs,
}

/// Arguments of `demo`.
#[derive(Debug, Clone, Args)]
pub struct DemoArgs {
    /// Transport.
    #[arg(long, value_enum, default_value_t = TransportKind::Stdio)]
    pub transport: TransportKind,
    /// Address for `--transport http`.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8787")]
    pub listen: SocketAddr,
    /// Refuse writes on the simulated instance, as a real instance does by default.
    #[arg(long)]
    pub read_only: bool,
    /// Serve HTTP beyond loopback without authentication (warns at every start).
    #[arg(long)]
    pub allow_unauthenticated: bool,
}

/// Arguments of `call`.
#[derive(Debug, Clone, Args)]
pub struct CallArgs {
    /// The tool, e.g. `search_records` (see `odoo-mcp tools`).
    pub tool: String,
    /// The tool's arguments as a JSON object.
    #[arg(long, value_name = "JSON", default_value = "{}")]
    pub args: String,
    /// Where the configuration comes from.
    #[command(flatten)]
    pub config: ConfigArgs,
}

/// Arguments of `healthcheck`.
#[derive(Debug, Clone, Args)]
pub struct HealthcheckArgs {
    /// The health URL (plain http://).
    #[arg(long, value_name = "URL", default_value = crate::commands::healthcheck::DEFAULT_URL)]
    pub url: String,
    /// Give up after this many milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 3000, value_parser = clap::value_parser!(u64).range(1..=60_000))]
    pub timeout_ms: u64,
}

impl Cli {
    /// The subcommand, `serve` (stdio, default configuration) when none is given.
    pub fn subcommand(&self) -> Command {
        self.command.clone().unwrap_or(Command::Serve(ServeArgs {
            transport: TransportKind::Stdio,
            listen: None,
            stateless: false,
            allow_unauthenticated: false,
            config: ConfigArgs { config: None },
        }))
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        <Cli as CommandFactory>::command().debug_assert();
    }

    #[test]
    fn no_subcommand_means_serve_on_stdio() {
        let cli = Cli::try_parse_from(["odoo-mcp"]).unwrap();
        assert!(matches!(
            cli.subcommand(),
            Command::Serve(ServeArgs {
                transport: TransportKind::Stdio,
                ..
            })
        ));
        let cli = Cli::try_parse_from(["odoo-mcp", "demo", "--transport", "http", "--read-only"])
            .unwrap();
        assert!(matches!(
            cli.subcommand(),
            Command::Demo(DemoArgs {
                transport: TransportKind::Http,
                read_only: true,
                ..
            })
        ));
        let cli = Cli::try_parse_from([
            "odoo-mcp",
            "call",
            "count_records",
            "--args",
            "{}",
            "--log-level",
            "debug",
        ])
        .unwrap();
        assert_eq!(cli.log_level.as_deref(), Some("debug"));
    }
}
