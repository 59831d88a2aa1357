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
use crate::tools::WRITE_TOOLS;

/// Prints the result on stdout (structuredContent as JSON, else the text); a tool error goes
/// to stderr with exit code 1.
pub async fn run(args: &CallArgs, env: &Env) -> Result<ExitCode, CommandError> {
    let arguments = match serde_json::from_str::<Value>(&args.args) {
        Ok(Value::Object(map)) => map,
        Ok(_) => return Err(CommandError::Usage(bad_args("it is not a JSON object"))),
        Err(e) => return Err(CommandError::Usage(bad_args(&e.to_string()))),
    };
    let config = Config::load(args.config.config.as_deref(), env)?;
    for w in &config.warnings {
        tracing::warn!("{w}");
    }
    let instances = Instances::from_config(&config)?;
    if WRITE_TOOLS.contains(&args.tool.as_str()) && !instances.writes_enabled_anywhere() {
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
        Some(value) => {
            serde_json::to_string_pretty(value).map_err(|e| CommandError::Output(e.to_string()))?
        }
        None => text,
    };
    out(writeln!(std::io::stdout().lock(), "{printed}"))?;
    Ok(ExitCode::SUCCESS)
}

fn bad_args(why: &str) -> String {
    format!(
        "--args must be a JSON object of the tool's arguments ({why}), e.g. --args '{{\"model\": \"res.partner\", \"limit\": 5}}'"
    )
}
