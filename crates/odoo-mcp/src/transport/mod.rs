//! Transports: stdio (the client starts this process) and Streamable HTTP (`/mcp`, `/healthz`).

pub mod http;
pub mod line_check;
pub mod stdio;

/// A future resolving on Ctrl-C (SIGINT) or SIGTERM. The handlers are installed when this
/// function is called, not when the future is first polled, so no signal is missed (or left
/// to the default action, which would kill the process without cleanup).
pub fn shutdown_signal() -> impl std::future::Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let interrupt = signal(SignalKind::interrupt());
        let terminate = signal(SignalKind::terminate());
        async move {
            let (Ok(mut interrupt), Ok(mut terminate)) = (interrupt, terminate) else {
                tracing::warn!("cannot install signal handlers: Ctrl-C stops the process abruptly");
                return std::future::pending().await;
            };
            tokio::select! {
                _ = interrupt.recv() => tracing::info!("interrupted, shutting down"),
                _ = terminate.recv() => tracing::info!("terminated, shutting down"),
            }
        }
    }
    #[cfg(not(unix))]
    async {
        if tokio::signal::ctrl_c().await.is_ok() {
            tracing::info!("interrupted, shutting down");
        } else {
            std::future::pending::<()>().await;
        }
    }
}
