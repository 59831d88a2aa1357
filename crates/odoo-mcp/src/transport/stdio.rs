//! MCP over stdin/stdout: stdout carries only the protocol; the server stops when stdin closes
//! (the client went away) or when `shutdown` resolves (Ctrl-C, SIGTERM).

use std::future::Future;

use rmcp::ServiceExt;

use crate::server::OdooServer;

/// The stdio session could not start or failed.
#[derive(Debug, thiserror::Error)]
#[error("stdio transport: {0}")]
pub struct StdioError(String);

/// Serves `server` on stdin/stdout until the client closes stdin or `shutdown` resolves.
pub async fn run(
    server: OdooServer,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), StdioError> {
    tokio::pin!(shutdown);
    let running = tokio::select! {
        started = server.serve(rmcp::transport::stdio()) => match started {
            Ok(running) => running,
            // The client closed stdin before (or while) initialising: nothing to serve.
            Err(e) => {
                tracing::info!(reason = %e, "no MCP session on stdio");
                return Ok(());
            }
        },
        () = &mut shutdown => return Ok(()),
    };
    let token = running.cancellation_token();
    let waiting = running.waiting();
    tokio::pin!(waiting);
    tokio::select! {
        outcome = &mut waiting => {
            outcome.map_err(|e| StdioError(e.to_string()))?;
            tracing::info!("stdin closed, stopping");
        }
        () = &mut shutdown => token.cancel(),
    }
    Ok(())
}
