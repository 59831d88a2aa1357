//! The MCP server behind the HTTP defences: one tool, `count_words`. Nothing about HTTP here.

use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{Implementation, ServerCapabilities, ServerConfig};
use rmcp::{ServerHandler, tool, tool_handler, tool_router};
use schemars::JsonSchema;
use serde::Deserialize;

const MAX_TEXT_CHARS: usize = 10_000;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CountArgs {
    /// The text whose words to count (at most 10000 characters).
    text: String,
}

/// Stateless: in stateless HTTP mode rmcp makes one per request, so it must be cheap.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Counter;

#[tool_router]
impl Counter {
    #[tool(
        description = "Count the words of a text.",
        annotations(read_only_hint = true, idempotent_hint = true, open_world_hint = false)
    )]
    fn count_words(&self, Parameters(args): Parameters<CountArgs>) -> Result<String, String> {
        let chars = args.text.chars().count();
        if chars > MAX_TEXT_CHARS {
            return Err(format!(
                "`text` must be at most {MAX_TEXT_CHARS} characters; got {chars}"
            ));
        }
        Ok(args.text.split_whitespace().count().to_string())
    }
}

#[tool_handler]
impl ServerHandler for Counter {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build()).with_server_info(
            Implementation::new("http-with-auth", env!("CARGO_PKG_VERSION")),
        )
    }
}
