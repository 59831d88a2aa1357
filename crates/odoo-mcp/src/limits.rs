//! Limits on tool calls: how many run at once (all clients together, and per client; more
//! wait their turn) and how long one may take, its wait included. The per-client request rate
//! is an HTTP concern (`transport/http/rate_limit.rs`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::config::{ClientConfig, Limits};

/// Per-client semaphores kept at most; idle ones are dropped beyond it.
const MAX_TRACKED_CLIENTS: usize = 4096;

/// The concurrency and time limits of tool calls. Cheap to share (`Arc` inside).
#[derive(Debug)]
pub(crate) struct CallLimits {
    global: Arc<Semaphore>,
    per_client: Mutex<HashMap<String, Arc<Semaphore>>>,
    per_client_default: usize,
    overrides: HashMap<String, usize>,
    timeout: Duration,
}

/// The right to run one tool call; dropping it frees the slot.
#[derive(Debug)]
pub(crate) struct Slot {
    _global: OwnedSemaphorePermit,
    _client: OwnedSemaphorePermit,
}

impl Default for CallLimits {
    fn default() -> Self {
        Self::new(&Limits::default(), &[])
    }
}

impl CallLimits {
    /// The limits of `limits`, with the per-client overrides of `clients`.
    pub(crate) fn new(limits: &Limits, clients: &[ClientConfig]) -> Self {
        Self {
            global: Arc::new(Semaphore::new(limits.max_calls)),
            per_client: Mutex::default(),
            per_client_default: limits.max_calls_per_client,
            overrides: clients
                .iter()
                .filter_map(|c| Some((c.name.clone(), c.max_calls?)))
                .collect(),
            timeout: limits.tool_timeout,
        }
    }

    /// How long a call may take, its wait for a slot included.
    pub(crate) fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Waits for a slot for `client` (its own limit first, then the global one).
    pub(crate) async fn slot(&self, client: &str) -> Option<Slot> {
        let own = self.client_semaphore(client);
        let own = own.acquire_owned().await.ok()?;
        let global = Arc::clone(&self.global).acquire_owned().await.ok()?;
        Some(Slot {
            _global: global,
            _client: own,
        })
    }

    fn client_semaphore(&self, client: &str) -> Arc<Semaphore> {
        let max = self
            .overrides
            .get(client)
            .copied()
            .unwrap_or(self.per_client_default);
        let mut map = match self.per_client.lock() {
            Ok(map) => map,
            Err(poisoned) => poisoned.into_inner(),
        };
        if map.len() >= MAX_TRACKED_CLIENTS && !map.contains_key(client) {
            map.retain(|_, s| s.available_permits() < max);
        }
        Arc::clone(
            map.entry(client.to_owned())
                .or_insert_with(|| Arc::new(Semaphore::new(max))),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_client_beyond_its_limit_waits_while_others_go_on() {
        let limits = Limits {
            max_calls: 3,
            max_calls_per_client: 2,
            ..Limits::default()
        };
        let calls = CallLimits::new(&limits, &[]);
        let a1 = calls.slot("a").await.expect("slot");
        let _a2 = calls.slot("a").await.expect("slot");
        let wait = Duration::from_millis(50);
        assert!(
            tokio::time::timeout(wait, calls.slot("a")).await.is_err(),
            "a third call of `a` waits"
        );
        let b1 = calls.slot("b").await.expect("b is not held up by a");
        assert!(
            tokio::time::timeout(wait, calls.slot("b")).await.is_err(),
            "the global limit (3) holds"
        );
        drop(a1);
        assert!(tokio::time::timeout(wait, calls.slot("b")).await.is_ok());
        drop(b1);
    }
}
