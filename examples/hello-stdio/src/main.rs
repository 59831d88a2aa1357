//! hello-stdio: the smallest correct MCP server. One tool (`greet`), served over stdin/stdout.
//!
//! The lesson: **stdout belongs to the protocol.** Every byte this process writes to stdout
//! must be a JSON-RPC message, or the client's parser breaks (or worse, a stray line that looks
//! like JSON-RPC is taken for one). So logs go to stderr, and `println!` is a compile error
//! here (`clippy::print_stdout` is denied below).

#![forbid(unsafe_code)]
#![deny(clippy::print_stdout)]

use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{Implementation, ServerCapabilities, ServerConfig};
use rmcp::{ServerHandler, ServiceExt, tool, tool_handler, tool_router};
use schemars::JsonSchema;
use serde::Deserialize;

/// The longest name `greet` accepts: every input is bounded, even in a hello world.
const MAX_NAME_CHARS: usize = 100;

/// The arguments of `greet`. The doc comments become the JSON schema's descriptions, which is
/// what the model reads.
#[derive(Debug, Deserialize, JsonSchema)]
struct GreetArgs {
    /// Who to greet, e.g. "Ada" (at most 100 characters).
    name: String,
}

/// The server. It has no state; `#[tool_router]` below collects its tools.
#[derive(Debug, Clone, Copy)]
struct Hello;

#[tool_router]
impl Hello {
    /// A tool is a method: its arguments come in typed, and a `String` result becomes a text
    /// content block. An `Err(String)` becomes a result with `isError: true`, which the model
    /// sees and can correct.
    #[tool(
        description = "Say hello to someone by name.",
        annotations(read_only_hint = true)
    )]
    fn greet(&self, Parameters(args): Parameters<GreetArgs>) -> Result<String, String> {
        let name = args.name.trim();
        if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
            return Err(format!(
                "`name` must be 1 to {MAX_NAME_CHARS} characters; got {}",
                name.chars().count()
            ));
        }
        // A log line: to stderr, like every log line (see `main`).
        tracing::info!(chars = name.chars().count(), "greeting");
        Ok(format!("Hello, {name}!"))
    }
}

/// `#[tool_handler]` answers `tools/list` and `tools/call` from the router; `get_info` says
/// who we are and what we offer (an unadvertised capability is refused).
#[tool_handler]
impl ServerHandler for Hello {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new(
                "hello-stdio",
                env!("CARGO_PKG_VERSION"),
            ))
            .with_instructions("Call `greet` with a name.")
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // Logs to stderr, never stdout; no colours (stderr is often a file); `RUST_LOG` filters.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    tracing::info!("hello-stdio starting on stdin/stdout");

    // Serve until the client closes stdin: then `waiting` returns and the process exits.
    let running = Hello.serve(rmcp::transport::stdio()).await?;
    running.waiting().await?;
    tracing::info!("stdin closed, bye");
    Ok(())
}

#[cfg(test)]
mod tests;
