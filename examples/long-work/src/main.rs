//! long-work: a slow tool done right — progress notifications, cancellation, and an MCP task
//! for clients that want to poll instead of wait.
//!
//! The lesson — **bounded work per request** — is in `job.rs` (input cap, concurrency cap,
//! deadline, chunks that check for cancellation); `server.rs` is the MCP glue.

#![forbid(unsafe_code)]
#![deny(clippy::print_stdout)]

mod job;
mod server;

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
    let limits = job::Limits::new(job::MAX_RUNNING, job::DEADLINE);
    let running = server::LongWork::new(limits)
        .serve(rmcp::transport::stdio())
        .await?;
    running.waiting().await?;
    Ok(())
}

#[cfg(test)]
mod tests;
