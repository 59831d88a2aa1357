//! [`SimState`]: everything the request handlers share (engine, credentials, faults, counters).

use std::collections::HashMap;
use std::io;
use std::sync::{Arc, Mutex};

use tokio::sync::watch;

use crate::config::SimConfig;
use crate::credentials::{Credentials, KeyScope};
use crate::engine::Engine;
use crate::faults::Faults;
use crate::versions::VersionSpec;

/// The shared state of one simulated Odoo server; cheap to clone.
///
/// Build it with [`SimState::new`] and serve it with [`crate::router`] (no socket needed), or
/// let [`crate::spawn`] do both.
#[derive(Clone)]
pub struct SimState {
    pub(crate) inner: Arc<Inner>,
}

/// Prints the version and database only: the state holds secrets.
impl std::fmt::Debug for SimState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimState")
            .field("version", &self.inner.version.major)
            .field("database", &self.inner.database)
            .finish_non_exhaustive()
    }
}

pub(crate) struct Inner {
    pub(crate) version: VersionSpec,
    pub(crate) database: String,
    pub(crate) admin_api_key: String,
    pub(crate) reader_api_key: String,
    pub(crate) engine: Arc<Engine>,
    pub(crate) credentials: Credentials,
    pub(crate) faults: Faults,
    /// The web sessions opened by `/web/session/authenticate`.
    pub(crate) sessions: crate::wire::sessions::Sessions,
    counts: Mutex<HashMap<(String, String), u64>>,
    stopping: watch::Sender<bool>,
}

impl SimState {
    /// Generates the demo data for `config` and builds the engine. Fails with
    /// [`io::ErrorKind::InvalidInput`] for an unsupported Odoo version.
    pub fn new(config: &SimConfig) -> io::Result<Self> {
        let version = VersionSpec::lookup(config.version).ok_or_else(|| {
            let supported: Vec<String> = VersionSpec::supported().map(|v| v.to_string()).collect();
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "unsupported Odoo version {} (supported: {})",
                    config.version,
                    supported.join(", ")
                ),
            )
        })?;
        let db = crate::dataset::generate(config.scale);
        let engine = Arc::new(Engine::new(version.major, db));
        Ok(Self {
            inner: Arc::new(Inner {
                version,
                database: config.database.clone(),
                admin_api_key: config.admin_api_key.clone(),
                reader_api_key: config.reader_api_key.clone(),
                engine,
                credentials: Credentials::with_scope(
                    &config.admin_api_key,
                    &config.reader_api_key,
                    if config.unscoped_api_keys {
                        KeyScope::Unscoped
                    } else {
                        KeyScope::Rpc
                    },
                ),
                faults: Faults::default(),
                sessions: crate::wire::sessions::Sessions::default(),
                counts: Mutex::new(HashMap::new()),
                stopping: watch::Sender::new(false),
            }),
        })
    }

    /// The fault injector.
    pub fn faults(&self) -> &Faults {
        &self.inner.faults
    }

    /// How many calls of `model.method` arrived (JSON-2, and `execute_kw` over JSON-RPC and XML-RPC), including
    /// the ones fault injection failed or dropped.
    pub fn request_count(&self, model: &str, method: &str) -> u64 {
        let counts = match self.inner.counts.lock() {
            Ok(c) => c,
            Err(poisoned) => poisoned.into_inner(),
        };
        counts
            .get(&(model.to_owned(), method.to_owned()))
            .copied()
            .unwrap_or(0)
    }

    /// How many calls of writing methods (create, write, unlink, actions…) arrived so far,
    /// refused ones included: a cheap test of "nothing can have changed" before a
    /// [`snapshot`](Self::snapshot).
    pub fn write_calls(&self) -> u64 {
        self.inner
            .engine
            .write_calls
            .load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Every stored row of every model, cloned: tests compare the database before and after
    /// a call to prove that nothing was written (model → id → stored field values; see
    /// `store` for the value conventions).
    pub fn snapshot(
        &self,
    ) -> std::collections::BTreeMap<
        String,
        std::collections::BTreeMap<i64, serde_json::Map<String, serde_json::Value>>,
    > {
        let db = self
            .inner
            .engine
            .db
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        db.tables
            .iter()
            .map(|(model, table)| (model.clone(), table.rows.clone()))
            .collect()
    }

    /// Forgets every web session (as a server restart does): the next report request is
    /// sent to the login page.
    pub fn expire_sessions(&self) {
        self.inner.sessions.clear();
    }

    /// Counts one arriving call of `model.method`.
    pub(crate) fn count(&self, model: &str, method: &str) {
        let mut counts = match self.inner.counts.lock() {
            Ok(c) => c,
            Err(poisoned) => poisoned.into_inner(),
        };
        *counts
            .entry((model.to_owned(), method.to_owned()))
            .or_insert(0) += 1;
    }

    /// Asks the server to stop: hanging calls are released and the listener closes.
    pub(crate) fn stop(&self) {
        self.inner.stopping.send_replace(true);
    }

    /// Resolves once [`SimState::stop`] was called.
    pub(crate) async fn stopped(&self) {
        let mut rx = self.inner.stopping.subscribe();
        // An error means the sender is gone, which also means stopping.
        let _ = rx.wait_for(|stopping| *stopping).await;
    }
}
