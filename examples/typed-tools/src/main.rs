//! typed-tools: a tool whose input and output are Rust types. The input schema, the output
//! schema and the structured result all come from `split_bill`'s signature.
//!
//! The lesson: **a schema is advice to the model, validation is the server's job.** The schema
//! below says "1 to 50 people" and "three capital letters", and well-behaved models follow it, but
//! nothing forces a client to. So the server checks every argument again, and a refusal is a tool
//! error (`isError: true`) that names the argument and says what would be accepted: the model reads
//! it and retries. Arguments of the wrong shape (a string where a number goes, a misspelt or
//! missing argument) never reach the tool: rmcp's `Parameters` refuses them with a tool error
//! quoting serde's message. Only a request the server cannot route at all (an unknown tool) is a
//! JSON-RPC protocol error.

#![forbid(unsafe_code)]
#![deny(clippy::print_stdout)]

use rmcp::handler::server::wrapper::{Json, Parameters};
use rmcp::model::{Implementation, ServerCapabilities, ServerConfig};
use rmcp::{ServerHandler, ServiceExt, tool, tool_handler, tool_router};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

// The limits live here once; the schema and the checks both use them.
const MAX_TOTAL_CENTS: u64 = 100_000_000;
const MAX_PEOPLE: u32 = 50;
const MAX_NOTE_CHARS: usize = 200;

/// The arguments of `split_bill`. `deny_unknown_fields`: a misspelt argument is an error, not
/// silently ignored.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct SplitBillArgs {
    /// The bill in cents (minor units): 12345 means 123.45. From 1 to 100000000.
    #[schemars(range(min = 1, max = MAX_TOTAL_CENTS))]
    total_cents: u64,
    /// How many people share the bill, from 1 to 50.
    #[schemars(range(min = 1, max = MAX_PEOPLE))]
    people: u32,
    /// ISO 4217 currency code: three capital letters, e.g. "EUR".
    #[schemars(pattern(r"^[A-Z]{3}$"))]
    currency: String,
    /// An optional note to repeat in the result, at most 200 characters.
    #[serde(default)]
    #[schemars(length(max = MAX_NOTE_CHARS))]
    note: Option<String>,
}

/// What `split_bill` returns, as `structuredContent` (its schema is the tool's `outputSchema`).
#[derive(Debug, Serialize, JsonSchema)]
struct Split {
    /// The currency, as given.
    currency: String,
    /// What each person pays, in cents.
    each_cents: u64,
    /// The cents left over after an even split (fewer than `people`): someone rounds up.
    remainder_cents: u64,
    /// The note, as given.
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

/// A refused argument: which one, and what would be accepted. Its `Display` is what the model
/// reads.
#[derive(Debug, thiserror::Error)]
#[error("`{argument}` {problem}")]
struct ArgError {
    argument: &'static str,
    problem: String,
}

fn refuse(argument: &'static str, problem: String) -> Result<(), ArgError> {
    Err(ArgError { argument, problem })
}

impl SplitBillArgs {
    /// Every rule of the schema, enforced.
    fn validate(&self) -> Result<(), ArgError> {
        if !(1..=MAX_TOTAL_CENTS).contains(&self.total_cents) {
            refuse(
                "total_cents",
                format!("must be 1 to {MAX_TOTAL_CENTS}; got {}", self.total_cents),
            )?;
        }
        if !(1..=MAX_PEOPLE).contains(&self.people) {
            refuse(
                "people",
                format!("must be 1 to {MAX_PEOPLE}; got {}", self.people),
            )?;
        }
        let c = &self.currency;
        if c.len() != 3 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
            // Quote at most a few characters of what came in: the input may be huge or hostile.
            let shown: String = c.chars().take(8).collect();
            refuse(
                "currency",
                format!("must be three capital letters like \"EUR\"; got {shown:?}"),
            )?;
        }
        if let Some(note) = &self.note {
            let chars = note.chars().count();
            if chars > MAX_NOTE_CHARS {
                refuse(
                    "note",
                    format!("must be at most {MAX_NOTE_CHARS} characters; got {chars}"),
                )?;
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy)]
struct Calculator;

#[tool_router]
impl Calculator {
    /// `Json<Split>` gives the result as `structuredContent` and the tool an `outputSchema`;
    /// `Err(String)` becomes a result with `isError: true` and that text.
    #[tool(
        description = "Split a bill evenly. Amounts are integer cents. Example: \
            {\"total_cents\": 10000, \"people\": 3, \"currency\": \"EUR\"}.",
        annotations(read_only_hint = true, idempotent_hint = true, open_world_hint = false)
    )]
    fn split_bill(
        &self,
        Parameters(args): Parameters<SplitBillArgs>,
    ) -> Result<Json<Split>, String> {
        if let Err(e) = args.validate() {
            tracing::info!(argument = e.argument, "refused");
            return Err(e.to_string());
        }
        let people = u64::from(args.people);
        Ok(Json(Split {
            currency: args.currency,
            each_cents: args.total_cents / people,
            remainder_cents: args.total_cents % people,
            note: args.note,
        }))
    }
}

#[tool_handler]
impl ServerHandler for Calculator {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build()).with_server_info(
            Implementation::new("typed-tools", env!("CARGO_PKG_VERSION")),
        )
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let running = Calculator.serve(rmcp::transport::stdio()).await?;
    running.waiting().await?;
    Ok(())
}

#[cfg(test)]
mod tests;
