//! The audit log: one JSON line per tool call and per refused HTTP request, to a file or to
//! stderr (`[server.audit]`). The line schema is documented in `docs/audit.md`; `record.rs`
//! builds the lines, `outcome.rs` names how a call ended.
//!
//! A line never holds a secret (tokens, API keys, passwords never reach this module) and holds
//! field values only with `values = true`, secret fields removed even then.

mod outcome;
mod record;

use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

pub(crate) use outcome::{Outcome, RefusedBy, mark, take_mark};
pub(crate) use record::{CallRecord, RefusedRequest};

use crate::config::{AuditConfig, AuditSink};

/// Where audit lines go. Cheap to clone; writes are serialised, one line per write.
#[derive(Clone, Default)]
pub struct AuditLog {
    inner: Option<Arc<Inner>>,
}

struct Inner {
    out: Mutex<Box<dyn Write + Send>>,
    values: bool,
}

impl std::fmt::Debug for AuditLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuditLog")
            .field("enabled", &self.inner.is_some())
            .finish()
    }
}

/// The audit file cannot be opened.
#[derive(Debug, thiserror::Error)]
#[error("cannot open the audit log {}: {source} (check [server.audit] path)", path.display())]
pub struct AuditError {
    path: PathBuf,
    #[source]
    source: std::io::Error,
}

impl AuditLog {
    /// No audit log.
    pub fn off() -> Self {
        Self::default()
    }

    /// The log `config` describes; a file is opened for appending (created mode 0600 where
    /// the platform has modes).
    pub fn open(config: &AuditConfig) -> Result<Self, AuditError> {
        let out: Box<dyn Write + Send> = match &config.sink {
            AuditSink::Off => return Ok(Self::off()),
            AuditSink::Stderr => Box::new(std::io::stderr()),
            AuditSink::File(path) => {
                let mut options = std::fs::OpenOptions::new();
                options.create(true).append(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
                let file = options.open(path).map_err(|source| AuditError {
                    path: path.clone(),
                    source,
                })?;
                Box::new(file)
            }
        };
        Ok(Self::to_writer(out, config.values))
    }

    /// A log writing to `out` (tests).
    pub fn to_writer(out: Box<dyn Write + Send>, values: bool) -> Self {
        Self {
            inner: Some(Arc::new(Inner {
                out: Mutex::new(out),
                values,
            })),
        }
    }

    /// Whether lines are written at all.
    pub(crate) fn is_enabled(&self) -> bool {
        self.inner.is_some()
    }

    /// Whether lines carry (secret-free) field values.
    pub(crate) fn values(&self) -> bool {
        self.inner.as_ref().is_some_and(|i| i.values)
    }

    /// Writes one line (a failure to write is logged, never fatal to the call).
    pub(crate) fn write(&self, line: &impl serde::Serialize) {
        let Some(inner) = &self.inner else {
            return;
        };
        let mut text = match serde_json::to_vec(line) {
            Ok(text) => text,
            Err(e) => {
                tracing::error!(error = %e, "cannot serialise an audit line");
                return;
            }
        };
        text.push(b'\n');
        let mut out = match inner.out.lock() {
            Ok(out) => out,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Err(e) = out.write_all(&text).and_then(|()| out.flush()) {
            tracing::error!(error = %e, "cannot write the audit log");
        }
    }
}

/// The current time as RFC 3339 UTC with milliseconds.
pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
