//! Logging: `tracing` to stderr (stdout belongs to the stdio protocol), filtered by
//! `--log-level`, else `RUST_LOG`, else `info` for our crates and `warn` for the MCP SDK
//! (whose per-connection `info` lines are noise to a user) — or only errors for a one-shot
//! command whose output is its message (`call`, see [`Cli::default_log_filter`]).
//!
//! [`Cli::default_log_filter`]: crate::cli::Cli::default_log_filter

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::Layer;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// The filter used when none is given.
pub const DEFAULT_FILTER: &str = "info,rmcp=warn";

/// The filter of one-shot commands that print their own clean messages (`call`).
pub const QUIET_FILTER: &str = "error";

/// Installs the global subscriber. `level` (from `--log-level`) wins over `rust_log` (the
/// `RUST_LOG` value); both accept `info`, `debug`, `odoo_mcp=debug,rmcp=warn`, ….
/// `default` applies when neither is given. Returns a warning when the filter was invalid and
/// `info` was used instead.
pub fn init(level: Option<&str>, rust_log: Option<&str>, default: &str) -> Option<String> {
    let wanted = level.or(rust_log).unwrap_or(default);
    let (filter, warning) = match EnvFilter::try_new(wanted) {
        Ok(f) => (f, None),
        Err(e) => (
            EnvFilter::new(DEFAULT_FILTER),
            Some(format!(
                "invalid log filter {wanted:?} ({e}); using \"info\""
            )),
        ),
    };
    // The filter applies to the log lines only: the metrics layer also sees odoo-client's
    // per-request `debug` events, whatever the log level.
    let logs = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        .with_filter(filter);
    let odoo_requests = crate::metrics::OdooRequestLayer.with_filter(
        tracing_subscriber::filter::Targets::new()
            .with_target("odoo_client", tracing::Level::DEBUG),
    );
    let _ = tracing_subscriber::registry()
        .with(logs)
        .with(odoo_requests)
        .try_init();
    warning
}
