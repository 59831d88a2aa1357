//! client: an MCP client that starts a server, lists its tools and calls one, in either
//! protocol era, answering the server's elicitation requests with care.
//!
//! The lesson — **a client must not trust a server's output** — runs through every file:
//! `launch.rs` (what the server gets: no inherited secrets; its stderr sanitised), `show.rs`
//! (nothing a server says reaches the terminal raw), `elicit.rs` (what the server may ask of
//! the user), and here: every request has a timeout, lists and results are capped.
//!
//! Usage: `client [--era initialize|discover] [--call TOOL [--args JSON]] [--answer JSON] -- SERVER [ARGS…]`

#![forbid(unsafe_code)]

mod elicit;
mod launch;
mod show;

use std::io::IsTerminal;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::{Parser, ValueEnum};
use rmcp::model::{CallToolRequestParams, PaginatedRequestParams, ProtocolVersion, Tool};
use rmcp::{ClientLifecycleMode, ClientServiceExt, Peer, RoleClient};
use serde_json::{Map, Value};

use show::{MAX_SHOWN_CHARS, for_terminal};

/// The most tools listed.
const MAX_TOOLS_SHOWN: usize = 100;
/// The most `tools/list` pages fetched: a server could send an endless chain of cursors.
const MAX_PAGES: usize = 10;

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Era {
    /// 2025-11-25: the `initialize` handshake.
    Initialize,
    /// 2026-07-28: `server/discover`, stateless.
    Discover,
}

/// Starts an MCP server over stdio, lists its tools, and optionally calls one.
#[derive(Debug, Parser)]
#[command(name = "client")]
struct Cli {
    /// Protocol era to speak.
    #[arg(long, value_enum, default_value = "initialize")]
    era: Era,
    /// A tool to call after listing.
    #[arg(long)]
    call: Option<String>,
    /// The tool's arguments, a JSON object.
    #[arg(long, default_value = "{}", requires = "call")]
    args: String,
    /// Answer the server's form questions with this JSON object (for scripts). Without it, the
    /// person at the terminal is asked; with no terminal, questions are declined.
    #[arg(long)]
    answer: Option<String>,
    /// An environment variable to pass to the server (repeatable); it gets only PATH, HOME,
    /// LANG and TERM otherwise.
    #[arg(long = "pass-env")]
    pass_env: Vec<String>,
    /// Give up on any request after this many seconds.
    #[arg(long, default_value_t = 30)]
    timeout_secs: u64,
    /// The server program and its arguments.
    #[arg(last = true, required = true)]
    server: Vec<String>,
}

fn json_object(text: &str, what: &str) -> anyhow::Result<Map<String, Value>> {
    match serde_json::from_str(text) {
        Ok(Value::Object(map)) => Ok(map),
        _ => bail!("{what} must be a JSON object, e.g. '{{\"name\": \"Ada\"}}'"),
    }
}

/// `tools/list`, page by page, at most [`MAX_PAGES`] pages and [`MAX_TOOLS_SHOWN`] tools.
async fn list_tools(client: &Peer<RoleClient>) -> anyhow::Result<Vec<Tool>> {
    let mut tools = Vec::new();
    let mut cursor = None;
    for _ in 0..MAX_PAGES {
        let page = client
            .list_tools(Some(PaginatedRequestParams::default().with_cursor(cursor)))
            .await?;
        tools.extend(page.tools);
        cursor = page.next_cursor;
        if cursor.is_none() || tools.len() >= MAX_TOOLS_SHOWN {
            break;
        }
    }
    tools.truncate(MAX_TOOLS_SHOWN);
    Ok(tools)
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .init();
    match run(Cli::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            // An error may quote the server (a JSON-RPC error message): sanitised like the rest.
            eprintln!("error: {}", for_terminal(&format!("{e:#}"), 2000));
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let arguments = json_object(&cli.args, "--args")?;
    let answer = cli
        .answer
        .as_deref()
        .map(|a| json_object(a, "--answer"))
        .transpose()?;
    let limit = Duration::from_secs(cli.timeout_secs);
    let elicitor = elicit::Elicitor {
        answer,
        interactive: std::io::stdin().is_terminal(),
    };

    let (command, args) = cli
        .server
        .split_first()
        .context("name the server to start")?;
    let transport = launch::spawn(command, args, &cli.pass_env)
        .with_context(|| format!("cannot start {command}"))?;
    let lifecycle = match cli.era {
        Era::Initialize => ClientLifecycleMode::Initialize,
        Era::Discover => ClientLifecycleMode::Discover {
            preferred_versions: vec![ProtocolVersion::V_2026_07_28],
        },
    };
    let client = tokio::time::timeout(limit, elicitor.serve_with_lifecycle(transport, lifecycle))
        .await
        .context("the server did not answer the handshake in time")?
        .context("handshake failed")?;

    // What the server says about itself is a claim, shown as such.
    let claimed = client
        .peer()
        .peer_info()
        .and_then(|i| i.server_info.as_ref().map(|s| s.name.clone()))
        .unwrap_or_default();
    println!(
        "connected to {command:?} (it calls itself {:?})",
        for_terminal(&claimed, 64)
    );

    let tools = tokio::time::timeout(limit, list_tools(client.peer()))
        .await
        .context("tools/list timed out")??;
    println!("{} tools:", tools.len());
    for tool in &tools {
        let description = tool.description.as_deref().unwrap_or("");
        println!(
            "- {}: {}",
            for_terminal(&tool.name, 64),
            for_terminal(description, 300)
        );
    }

    if let Some(name) = cli.call {
        let params = CallToolRequestParams::new(name.clone()).with_arguments(arguments);
        let result = tokio::time::timeout(limit, client.call_tool(params))
            .await
            .with_context(|| format!("{name} did not finish within {limit:?}"))??;
        let status = if result.is_error == Some(true) {
            "error"
        } else {
            "ok"
        };
        println!("{} → {status}", for_terminal(&name, 64));
        for block in &result.content {
            if let Some(text) = block.as_text() {
                println!("{}", for_terminal(&text.text, MAX_SHOWN_CHARS));
            }
        }
        if let Some(structured) = &result.structured_content {
            // JSON encoding escapes control characters: printing it is safe.
            println!(
                "structured: {}",
                for_terminal(&structured.to_string(), MAX_SHOWN_CHARS)
            );
        }
    }
    client.cancel().await?;
    Ok(())
}

#[cfg(test)]
mod tests;
