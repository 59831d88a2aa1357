//! `odoo-mcp tools`: the tool list with schemas, as JSON on stdout, without contacting Odoo.

use std::io::Write;
use std::process::ExitCode;

use super::{CommandError, out};
use crate::cli::ConfigArgs;
use crate::config::{Config, Env, ToolSelection};
use crate::instance::Instances;
use crate::server::OdooServer;

/// Prints `{"tools": [...]}` (the shape of a `tools/list` result). With no configuration at
/// all, describes the demo instance (writes enabled), so every tool is listed.
pub async fn run(args: &ConfigArgs, env: &Env) -> Result<ExitCode, CommandError> {
    let (instances, selection) = match Config::load(args.config.as_deref(), env) {
        Ok(config) => (Instances::from_config(&config)?, config.server.tools),
        Err(e) if e.is_no_instance() => {
            tracing::info!("no configuration found: listing the tools of the demo instance");
            (
                crate::demo::offline_instances()?,
                ToolSelection::from_env(env)?,
            )
        }
        Err(e) => return Err(e.into()),
    };
    let server = OdooServer::with_tools(instances, &selection);
    let json = serde_json::json!({ "tools": server.tools() });
    let text = serde_json::to_string_pretty(&json)?;
    out(writeln!(std::io::stdout().lock(), "{text}"))?;
    Ok(ExitCode::SUCCESS)
}
