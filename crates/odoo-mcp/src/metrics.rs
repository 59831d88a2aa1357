//! Prometheus metrics (`prometheus-client`), served at `/metrics` behind authentication:
//! tool calls by tool and outcome, tool-call and Odoo-request latency, live sessions and
//! rate-limit refusals.
//!
//! Odoo requests are timed by `odoo-client`, which logs one `debug` event per request with
//! `elapsed_ms`; [`OdooRequestLayer`] (a `tracing` layer installed by `telemetry`) turns those
//! events into the `odoo_mcp_odoo_request_duration_seconds` histogram, so the client crate
//! needs no metrics dependency. That histogram is process-wide ([`odoo_requests`]), like the
//! subscriber that feeds it.

use std::sync::{Arc, LazyLock};
use std::time::Duration;

use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

type ToolLabels = [(&'static str, String); 2];
type OneLabel = [(&'static str, String); 1];
type Histograms = Family<OneLabel, Histogram, fn() -> Histogram>;

fn latency_histogram() -> Histogram {
    // 5 ms … ~82 s.
    Histogram::new(exponential_buckets(0.005, 2.0, 15))
}

/// The Odoo request latency, by outcome (`ok`, `error`): fed by [`OdooRequestLayer`].
pub fn odoo_requests() -> &'static Histograms {
    static FAMILY: LazyLock<Histograms> =
        LazyLock::new(|| Family::new_with_constructor(latency_histogram));
    &FAMILY
}

/// The server's metrics. Cheap to clone.
#[derive(Clone)]
pub struct Metrics {
    inner: Arc<Inner>,
}

struct Inner {
    registry: Registry,
    tool_calls: Family<ToolLabels, Counter>,
    tool_duration: Histograms,
    sessions: Gauge,
    rate_limited: Family<OneLabel, Counter>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("odoo_mcp");
        let tool_calls = Family::<ToolLabels, Counter>::default();
        registry.register(
            "tool_calls",
            "Tool calls by tool and outcome (ok, tool_error, refused:<rule>, odoo_error, outcome_unknown)",
            tool_calls.clone(),
        );
        let tool_duration: Histograms = Family::new_with_constructor(latency_histogram);
        registry.register(
            "tool_call_duration_seconds",
            "Time of a tool call in the server, Odoo included, by tool",
            tool_duration.clone(),
        );
        registry.register(
            "odoo_request_duration_seconds",
            "Time of one HTTP request to Odoo, by outcome",
            odoo_requests().clone(),
        );
        let sessions = Gauge::default();
        registry.register("sessions", "Live MCP sessions", sessions.clone());
        let rate_limited = Family::<OneLabel, Counter>::default();
        registry.register(
            "rate_limited",
            "HTTP requests refused by the rate limit, by client",
            rate_limited.clone(),
        );
        Self {
            inner: Arc::new(Inner {
                registry,
                tool_calls,
                tool_duration,
                sessions,
                rate_limited,
            }),
        }
    }
}

impl Metrics {
    /// Counts one tool call.
    pub(crate) fn tool_call(&self, tool: &str, outcome: &str, duration: Duration) {
        let tool = tool.chars().take(64).collect::<String>();
        self.inner
            .tool_calls
            .get_or_create(&[("tool", tool.clone()), ("outcome", outcome.to_owned())])
            .inc();
        self.inner
            .tool_duration
            .get_or_create(&[("tool", tool)])
            .observe(duration.as_secs_f64());
    }

    /// Counts one rate-limit refusal.
    pub(crate) fn rate_limited(&self, client: &str) {
        self.inner
            .rate_limited
            .get_or_create(&[("client", client.to_owned())])
            .inc();
    }

    /// The live sessions now.
    pub(crate) fn set_sessions(&self, n: usize) {
        self.inner
            .sessions
            .set(i64::try_from(n).unwrap_or(i64::MAX));
    }

    /// The text exposition format.
    pub(crate) fn encode(&self) -> String {
        let mut text = String::new();
        if let Err(e) = prometheus_client::encoding::text::encode(&mut text, &self.inner.registry) {
            tracing::error!(error = %e, "cannot encode the metrics");
        }
        text
    }
}

/// A `tracing` layer that feeds [`odoo_requests`] from `odoo-client`'s per-request events.
#[derive(Debug, Default)]
pub struct OdooRequestLayer;

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for OdooRequestLayer {
    fn on_event(
        &self,
        event: &tracing::Event<'_>,
        _ctx: tracing_subscriber::layer::Context<'_, S>,
    ) {
        if !event.metadata().target().starts_with("odoo_client") {
            return;
        }
        let mut visitor = Elapsed::default();
        event.record(&mut visitor);
        if let Some(ms) = visitor.elapsed_ms {
            let outcome = if visitor.failed { "error" } else { "ok" };
            odoo_requests()
                .get_or_create(&[("outcome", outcome.to_owned())])
                .observe(ms as f64 / 1000.0);
        }
    }
}

/// Reads `elapsed_ms` and whether the request failed from an event.
#[derive(Default)]
struct Elapsed {
    elapsed_ms: Option<u64>,
    failed: bool,
}

impl tracing::field::Visit for Elapsed {
    fn record_u64(&mut self, field: &tracing::field::Field, value: u64) {
        if field.name() == "elapsed_ms" {
            self.elapsed_ms = Some(value);
        } else if field.name() == "status" && value >= 400 {
            self.failed = true;
        }
    }

    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        if field.name() == "status" && value == "none" {
            self.failed = true;
        }
    }

    fn record_debug(&mut self, field: &tracing::field::Field, _value: &dyn std::fmt::Debug) {
        if field.name() == "error" {
            self.failed = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_and_refusals_show_in_the_exposition() {
        let metrics = Metrics::default();
        metrics.tool_call("count_records", "ok", Duration::from_millis(12));
        metrics.tool_call("count_records", "refused:read_only", Duration::ZERO);
        metrics.rate_limited("alice");
        metrics.set_sessions(3);
        let text = metrics.encode();
        assert!(
            text.contains(r#"odoo_mcp_tool_calls_total{tool="count_records",outcome="ok"} 1"#),
            "{text}"
        );
        assert!(text.contains(r#"outcome="refused:read_only"} 1"#), "{text}");
        assert!(
            text.contains(r#"odoo_mcp_rate_limited_total{client="alice"} 1"#),
            "{text}"
        );
        assert!(text.contains("odoo_mcp_sessions 3"), "{text}");
        assert!(
            text.contains(r#"odoo_mcp_tool_call_duration_seconds_count{tool="count_records"} 2"#),
            "{text}"
        );
    }
}
