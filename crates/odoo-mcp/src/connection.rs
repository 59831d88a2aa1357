//! The start-up connection check of `serve`: each instance is tried once in the background
//! (version, protocol and one authenticated call). A problem is logged on stderr with its fix
//! and never stops the start. A permanent one (a configuration error: refused connection,
//! unknown host, TLS, redirect, unknown database, refused credentials) is then returned by every
//! tool call on that instance without contacting Odoo, re-checked with a back-off (10 s, doubling
//! to 5 min) until it is fixed. A transient one (timeout) is only logged: calls try again.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use odoo_client::{Domain, ModelName};

use crate::instance::{Instance, Instances};

/// The first re-check of a failing instance comes this long after the failure.
pub(crate) const RECHECK_FIRST: Duration = Duration::from_secs(10);
/// Each further failure doubles the wait, up to this.
pub(crate) const RECHECK_MAX: Duration = Duration::from_secs(300);

/// The instances whose start-up check found a configuration error, until a re-check passes.
/// Cheap to clone; empty (every call goes through) unless [`check_all`] found a problem.
#[derive(Debug, Clone)]
pub(crate) struct ConnectionGate {
    failing: Arc<Mutex<HashMap<String, Failing>>>,
    first: Duration,
}

#[derive(Debug)]
struct Failing {
    /// What a tool call is told (the same text a failed call would give).
    message: String,
    found: Instant,
    next_check: Instant,
    delay: Duration,
}

impl Default for ConnectionGate {
    fn default() -> Self {
        Self::new(RECHECK_FIRST)
    }
}

impl ConnectionGate {
    /// A gate whose first re-check comes `first` after a failure.
    pub(crate) fn new(first: Duration) -> Self {
        Self {
            failing: Arc::default(),
            first,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Failing>> {
        match self.failing.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Records a check's outcome; only configuration errors close the gate.
    fn record(&self, instance: &str, outcome: &Result<String, odoo_client::Error>, now: Instant) {
        let mut failing = self.lock();
        match outcome {
            Err(e) if e.is_configuration() => {
                let message = crate::error::odoo_message(e);
                let delay = failing.get(instance).map_or(self.first, |f| {
                    (f.delay * 2).min(RECHECK_MAX.max(self.first))
                });
                let found = failing.get(instance).map_or(now, |f| f.found);
                failing.insert(
                    instance.to_owned(),
                    Failing {
                        message,
                        found,
                        next_check: now + delay,
                        delay,
                    },
                );
            }
            _ => {
                failing.remove(instance);
            }
        }
    }

    /// `Ok` when a tool call may go to `instance`; otherwise the start-up check's error, as a
    /// tool's message. Once the back-off has passed, one caller re-checks (the others keep
    /// getting the error meanwhile).
    pub(crate) async fn admit(&self, instance: &Instance) -> Result<(), String> {
        let now = Instant::now();
        {
            let mut failing = self.lock();
            let Some(f) = failing.get_mut(&instance.name) else {
                return Ok(());
            };
            if now < f.next_check {
                return Err(f.render(&instance.name, now));
            }
            // Whoever comes next waits for this re-check's outcome, not for a second one.
            f.next_check = now + f.delay;
        }
        let outcome = probe(instance).await;
        log(instance, &outcome, "re-check");
        self.record(&instance.name, &outcome, Instant::now());
        match self.lock().get(&instance.name) {
            Some(f) => Err(f.render(&instance.name, Instant::now())),
            None => Ok(()),
        }
    }
}

impl Failing {
    fn render(&self, instance: &str, now: Instant) -> String {
        format!(
            "{} (Found by the connection check of instance `{instance}` {} s ago; Odoo is not \
             contacted again before the next check in {} s. `odoo-mcp check` shows the details.)",
            self.message.trim_end(),
            now.saturating_duration_since(self.found).as_secs(),
            self.next_check
                .saturating_duration_since(now)
                .as_secs()
                .max(1),
        )
    }
}

/// Starts the check of every instance (returns at once; results go to the log and `gate`).
pub(crate) fn check_at_startup(instances: &Instances, gate: &ConnectionGate) {
    for instance in instances.iter() {
        let instance = instance.clone();
        let gate = gate.clone();
        tokio::spawn(async move { check(&instance, &gate).await });
    }
}

/// Checks every instance and waits for the outcomes.
pub(crate) async fn check_all(instances: &Instances, gate: &ConnectionGate) {
    futures::future::join_all(instances.iter().map(|i| check(i, gate))).await;
}

/// Checks one instance, logs the outcome and records it in `gate`.
async fn check(instance: &Instance, gate: &ConnectionGate) {
    let outcome = probe(instance).await;
    log(instance, &outcome, "start-up check");
    gate.record(&instance.name, &outcome, Instant::now());
}

fn log(instance: &Instance, outcome: &Result<String, odoo_client::Error>, what: &str) {
    match outcome {
        Ok(version) => tracing::info!(
            instance = %instance.name,
            url = %instance.client.url(),
            version = %version,
            "connected to Odoo ({what})"
        ),
        Err(e) if e.is_configuration() => tracing::error!(
            instance = %instance.name,
            url = %instance.client.url(),
            kind = ?e.kind(),
            error = %e,
            "CONFIGURATION ERROR ({what}): cannot use this Odoo instance. This will not fix \
             itself: tool calls on it return this error until the configuration is fixed \
             (re-checked with a back-off; run `odoo-mcp check` for details)"
        ),
        Err(e) => tracing::warn!(
            instance = %instance.name,
            url = %instance.client.url(),
            kind = ?e.kind(),
            error = %e,
            "Odoo did not answer the {what} properly. This may be temporary (slow or \
             restarting server): tool calls will try again"
        ),
    }
}

/// The server's version after one authenticated call; a refusal of access to the probed
/// model still proves the credentials work.
async fn probe(instance: &Instance) -> Result<String, odoo_client::Error> {
    let info = instance.client.server_info().await?;
    let users = ModelName::new("res.users")?;
    match instance
        .client
        .search_count(&users, &Domain::default())
        .await
    {
        Ok(_) => Ok(info.version.text),
        Err(e) if e.is_access_denied() => Ok(info.version.text),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Policy;

    fn instance(url: &str, key: &str) -> Instance {
        let client = odoo_client::Client::builder(url)
            .api_key(key)
            .max_retries(0)
            .build()
            .unwrap();
        Instance::new("t", client, Policy::builder("t").build().unwrap())
    }

    #[tokio::test]
    async fn a_closed_port_is_a_configuration_problem() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        drop(listener);
        let e = probe(&instance(&format!("http://{addr}"), "k"))
            .await
            .unwrap_err();
        assert!(e.is_configuration(), "{e}");
    }

    #[tokio::test]
    async fn the_gate_backs_off_doubling_and_opens_on_success_or_a_transient_error() {
        let gate = ConnectionGate::new(Duration::from_secs(10));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        drop(listener);
        let refused = probe(&instance(&format!("http://{addr}"), "k")).await;
        let t0 = Instant::now();
        gate.record("t", &refused, t0);
        let delay = |g: &ConnectionGate| g.lock().get("t").map(|f| f.delay);
        assert_eq!(delay(&gate), Some(Duration::from_secs(10)));
        gate.record("t", &refused, t0);
        assert_eq!(delay(&gate), Some(Duration::from_secs(20)));
        for _ in 0..10 {
            gate.record("t", &refused, t0);
        }
        assert_eq!(delay(&gate), Some(RECHECK_MAX), "capped");
        gate.record("t", &Ok("19.0".into()), t0);
        assert_eq!(delay(&gate), None, "a passing check opens the gate");
    }

    #[tokio::test]
    async fn a_wrong_api_key_is_found_at_start_and_a_right_one_passes() {
        let sim = odoo_sim::spawn(odoo_sim::SimConfig::new().odoo_version(19))
            .await
            .unwrap();
        let e = probe(&instance(&sim.url(), "wrong-key-0123456789"))
            .await
            .unwrap_err();
        assert!(e.is_authentication(), "{e}");
        let version = probe(&instance(&sim.url(), sim.admin_api_key()))
            .await
            .unwrap();
        assert_eq!(version, "19.0");
    }
}
