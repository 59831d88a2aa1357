//! `odoo-mcp call <tool> --args '<json>'`: runs one tool once, like an MCP client would.

use std::io::Write;
use std::process::ExitCode;

use rmcp::model::ContentBlock;
use serde_json::Value;

use super::{CommandError, out};
use crate::cli::CallArgs;
use crate::config::{Config, Env};
use crate::instance::Instances;
use crate::server::OdooServer;

/// Prints the result on stdout (structuredContent as JSON, else the text); a tool error goes
/// to stderr with exit code 1.
pub async fn run(args: &CallArgs, env: &Env) -> Result<ExitCode, CommandError> {
    let arguments = match serde_json::from_str::<Value>(&args.args) {
        Ok(Value::Object(map)) => map,
        Ok(_) => return Err(CommandError::Args(BadArgs::NotAnObject)),
        Err(e) => return Err(CommandError::Args(BadArgs::Json(e))),
    };
    let config = Config::load(args.config.config.as_deref(), env)?;
    for w in &config.warnings {
        out(writeln!(std::io::stderr().lock(), "odoo-mcp: warning: {w}"))?;
    }
    let instances = Instances::from_config(&config)?;
    if crate::tools::is_write_tool(&args.tool) && !instances.writes_enabled_anywhere() {
        return Err(CommandError::Usage(format!(
            "{} changes data, and every configured instance is read-only (the default): set \
             read_only = false for the instance in its config file, or ODOO_READ_ONLY=false",
            args.tool
        )));
    }
    let server = OdooServer::new(instances);
    let result = server
        .call_tool_by_name(&args.tool, arguments)
        .await
        .map_err(|e| CommandError::Usage(e.message.to_string()))?;
    let text = result
        .content
        .iter()
        .filter_map(ContentBlock::as_text)
        .map(|t| t.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    if result.is_error == Some(true) {
        out(writeln!(std::io::stderr().lock(), "{}: {text}", args.tool))?;
        return Ok(ExitCode::FAILURE);
    }
    let printed = match &result.structured_content {
        Some(value) => serde_json::to_string_pretty(value)?,
        None => text,
    };
    out(writeln!(std::io::stdout().lock(), "{printed}"))?;
    Ok(ExitCode::SUCCESS)
}

/// Why `--args` cannot be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BadArgs {
    /// Not JSON.
    #[error(transparent)]
    Json(serde_json::Error),
    /// JSON, but not an object.
    #[error("it is not a JSON object")]
    NotAnObject,
}
