//! Transports: stdio (the client starts this process) and Streamable HTTP (`/mcp`, `/healthz`).

pub mod http;
pub mod line_check;
mod line_sink;
#[cfg(unix)]
mod std_streams;
pub mod stdio;
/// Outside Unix: tokio's standard streams (a blocking thread per read and write).
#[cfg(not(unix))]
mod std_streams {
    /// Nothing is made non-blocking, so nothing is restored.
    #[derive(Debug, Default)]
    pub(crate) struct RestoreBlocking;
    pub(crate) fn stdin(_: &mut RestoreBlocking) -> tokio::io::Stdin {
        tokio::io::stdin()
    }
    pub(crate) fn stdout(_: &mut RestoreBlocking) -> tokio::io::Stdout {
        tokio::io::stdout()
    }
}

use tokio::sync::watch;

/// Counts the stop signals received (Ctrl-C/SIGINT and SIGTERM): the first asks for a
/// graceful stop, the second for an immediate one. Cheap to clone.
///
/// The handlers are installed by [`Signals::install`], not when a future is first polled, so
/// no signal is missed (or left to the default action, which would kill the process without
/// cleanup).
#[derive(Debug, Clone)]
pub struct Signals {
    received: watch::Receiver<u32>,
}

impl Signals {
    /// Installs the handlers and starts counting.
    pub fn install() -> Self {
        let (tx, received) = watch::channel(0u32);
        let mut listener = SignalListener::install();
        tokio::spawn(async move {
            while listener.next().await {
                tx.send_modify(|n| *n = n.saturating_add(1));
                if tx.is_closed() {
                    return;
                }
            }
        });
        Self { received }
    }

    /// Signals driven by the caller (tests): each `send` counts as one signal.
    pub fn manual() -> (watch::Sender<u32>, Self) {
        let (tx, received) = watch::channel(0u32);
        (tx, Self { received })
    }

    /// Resolves once `n` signals have been received (never if the handlers could not be
    /// installed or the sender is gone).
    pub async fn received(mut self, n: u32) {
        if self.received.wait_for(|count| *count >= n).await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

/// The installed handlers (installed once, so that no signal falls between two waits).
struct SignalListener {
    #[cfg(unix)]
    handlers: Option<(tokio::signal::unix::Signal, tokio::signal::unix::Signal)>,
}

impl SignalListener {
    fn install() -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            match (
                signal(SignalKind::interrupt()),
                signal(SignalKind::terminate()),
            ) {
                (Ok(interrupt), Ok(terminate)) => Self {
                    handlers: Some((interrupt, terminate)),
                },
                _ => {
                    tracing::warn!(
                        "cannot install signal handlers: Ctrl-C stops the process abruptly"
                    );
                    Self { handlers: None }
                }
            }
        }
        #[cfg(not(unix))]
        Self {}
    }

    /// The next Ctrl-C or SIGTERM; `false` when there are no handlers.
    async fn next(&mut self) -> bool {
        #[cfg(unix)]
        {
            let Some((interrupt, terminate)) = self.handlers.as_mut() else {
                return false;
            };
            tokio::select! {
                Some(()) = interrupt.recv() => tracing::info!("interrupted (SIGINT)"),
                Some(()) = terminate.recv() => tracing::info!("terminated (SIGTERM)"),
                else => return false,
            }
            true
        }
        #[cfg(not(unix))]
        {
            let ok = tokio::signal::ctrl_c().await.is_ok();
            if ok {
                tracing::info!("interrupted (Ctrl-C)");
            }
            ok
        }
    }
}

/// A future resolving on the first Ctrl-C (SIGINT) or SIGTERM; the handlers are installed when
/// this function is called.
pub fn shutdown_signal() -> impl std::future::Future<Output = ()> + Send + 'static {
    Signals::install().received(1)
}
