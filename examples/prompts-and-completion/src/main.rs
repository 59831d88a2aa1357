//! prompts-and-completion: a help-desk server offering one prompt, `summarize_ticket`, whose
//! arguments complete.
//!
//! The lesson — **prompt injection is data** — is in `tickets.rs` (how untrusted text is marked
//! and cleaned) and `desk.rs` (arguments checked against allow-lists before use).

#![forbid(unsafe_code)]
#![deny(clippy::print_stdout)]

mod desk;
mod tickets;

use rmcp::ServiceExt;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let running = desk::Desk.serve(rmcp::transport::stdio()).await?;
    running.waiting().await?;
    Ok(())
}

#[cfg(test)]
mod tests;
