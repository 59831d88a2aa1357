//! Serving the simulator on a socket: [`spawn`] and the [`SimHandle`] that stops it.

use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::app::router;
use crate::config::SimConfig;
use crate::faults::Faults;
use crate::state::SimState;

/// How long [`SimHandle::shutdown`] waits for calls in progress before cutting them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Generates the data, binds `config.listen` and serves in a tokio task until the handle is
/// shut down or dropped.
pub async fn spawn(config: SimConfig) -> io::Result<SimHandle> {
    let listener = TcpListener::bind(config.listen).await?;
    let addr = listener.local_addr()?;
    let database = config.database.clone();
    let state = tokio::task::spawn_blocking(move || SimState::new(&config))
        .await
        .map_err(io::Error::other)??;
    let app = router(state.clone());
    let stop = state.clone();
    let task = tokio::spawn(async move {
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(async move { stop.stopped().await })
            .await;
        if let Err(e) = served {
            tracing::error!(error = %e, "the simulator stopped serving");
        }
    });
    tracing::debug!(%addr, database, "simulator listening");
    Ok(SimHandle {
        state,
        addr,
        task: Some(task),
    })
}

/// A running simulator; stops serving when dropped.
#[derive(Debug)]
pub struct SimHandle {
    state: SimState,
    addr: SocketAddr,
    task: Option<JoinHandle<()>>,
}

impl SimHandle {
    /// The base URL, e.g. `http://127.0.0.1:8069`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The database name served.
    pub fn database(&self) -> &str {
        &self.state.inner.database
    }

    /// The admin's API key (login `admin`, password `admin`, uid 2).
    pub fn admin_api_key(&self) -> &str {
        &self.state.inner.admin_api_key
    }

    /// The reader's API key (login `reader`, password `reader`, uid 7).
    pub fn reader_api_key(&self) -> &str {
        &self.state.inner.reader_api_key
    }

    /// The fault injector, shared with the server task.
    pub fn faults(&self) -> &Faults {
        self.state.faults()
    }

    /// Calls of `model.method` received (JSON-2 and JSON-RPC `execute_kw`), counted on
    /// arrival, including the ones fault injection failed or dropped.
    pub fn request_count(&self, model: &str, method: &str) -> u64 {
        self.state.request_count(model, method)
    }

    /// The shared state (e.g. to build another [`crate::router`] over the same data).
    pub fn state(&self) -> &SimState {
        &self.state
    }

    /// Stops serving: releases hanging calls, lets calls in progress finish (up to a few
    /// seconds) and closes the listener.
    pub async fn shutdown(mut self) {
        self.state.stop();
        if let Some(mut task) = self.task.take()
            && tokio::time::timeout(SHUTDOWN_GRACE, &mut task)
                .await
                .is_err()
        {
            task.abort();
        }
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        self.state.stop();
    }
}
