//! files-safely: one folder, served read-only as MCP resources.
//!
//! Usage: `files-safely <FOLDER>`. Every text file below the folder is a resource
//! `files:///<relative path>`; the template `files:///{path}` lets a client name any file and
//! complete its path. The lesson — path traversal refused — lives in `paths.rs`; `uri.rs`
//! decodes URIs (once); `server.rs` is the MCP glue.

#![forbid(unsafe_code)]
#![deny(clippy::print_stdout)]

mod paths;
mod server;
mod uri;

use anyhow::Context;
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
    let mut args = std::env::args_os().skip(1);
    let (Some(folder), None) = (args.next(), args.next()) else {
        anyhow::bail!("usage: files-safely <FOLDER> (the one folder to share, read-only)");
    };
    let root = paths::Root::new(folder.as_ref()).with_context(|| {
        format!(
            "cannot share {}: it must be an existing folder",
            folder.display()
        )
    })?;
    tracing::info!("sharing one folder read-only");

    let running = server::FilesServer::new(root)
        .serve(rmcp::transport::stdio())
        .await?;
    running.waiting().await?;
    Ok(())
}

#[cfg(test)]
mod tests;
