//! http-with-auth: an MCP server on Streamable HTTP, defended in layers (`app.rs`): a rate
//! limit per address (`rate_limit.rs`), a bearer token compared in constant time (`auth.rs`),
//! and rmcp's Host, Origin and body-size checks; stateless. The tool itself is in `server.rs`.
//!
//! Usage: `MCP_AUTH_TOKEN=$(openssl rand -hex 16) http-with-auth [ADDRESS]`
//! (default address `127.0.0.1:8787`). Optional: `MCP_MAX_BODY_BYTES` (default 65536),
//! `MCP_RATE_PER_SECOND` (default 10) and `MCP_RATE_BURST` (default 20).

#![forbid(unsafe_code)]
#![deny(clippy::print_stdout)]

mod app;
mod auth;
mod rate_limit;
mod server;

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::{Context, bail};

/// A number from the environment, or `default` when unset.
fn env_number<T: std::str::FromStr>(name: &str, default: T) -> anyhow::Result<T> {
    match std::env::var(name) {
        Ok(v) => v
            .parse()
            .map_err(|_| anyhow::anyhow!("{name} must be a positive whole number; got {v:?}")),
        Err(_) => Ok(default),
    }
}

fn settings() -> anyhow::Result<app::Settings> {
    // The token's value is never printed, not even in this error.
    let token = std::env::var("MCP_AUTH_TOKEN").context(
        "set MCP_AUTH_TOKEN to the secret clients must send (e.g. `openssl rand -hex 16`)",
    )?;
    let token =
        auth::TokenDigest::new(&token).map_err(|e| anyhow::anyhow!("MCP_AUTH_TOKEN: {e}"))?;
    Ok(app::Settings {
        token: Arc::new(token),
        max_body_bytes: env_number("MCP_MAX_BODY_BYTES", 64 * 1024)?,
        rate_per_second: env_number("MCP_RATE_PER_SECOND", 10)?,
        rate_burst: env_number("MCP_RATE_BURST", 20)?,
    })
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
    let mut args = std::env::args().skip(1);
    let address = args.next().unwrap_or_else(|| "127.0.0.1:8787".into());
    if args.next().is_some() {
        bail!("usage: http-with-auth [ADDRESS]  (e.g. 127.0.0.1:8787)");
    }
    let address: SocketAddr = address
        .parse()
        .with_context(|| format!("{address:?} is not an address like 127.0.0.1:8787"))?;
    let settings = settings()?;

    let listener = tokio::net::TcpListener::bind(address)
        .await
        .with_context(|| format!("cannot listen on {address}"))?;
    tracing::info!("listening on http://{}/mcp", listener.local_addr()?);
    // `ConnectInfo` gives the rate limiter each connection's address.
    let app = app::router(&settings).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests;
