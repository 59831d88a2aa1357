//! The client's one error type: a kind, a message fit for the user, and never a secret.
//!
//! Odoo's own message is kept for validation and user errors (it is meant for the user);
//! tracebacks are dropped (logged at debug level only) and raw database errors, whose
//! messages quote SQL, are replaced by a short description.

use std::fmt;
use std::time::Duration;

/// What went wrong, broadly. Match on this rather than on messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The server could not be reached (DNS, refused or reset connection).
    Connect,
    /// The server did not answer in time.
    Timeout,
    /// TLS failed (certificate, handshake).
    Tls,
    /// The credentials were refused (bad API key, login or password, unknown database).
    Authentication,
    /// The user may not do this (Odoo `AccessError`, or a private method).
    AccessDenied,
    /// A record does not exist (Odoo `MissingError`).
    MissingRecord,
    /// Odoo refused the values or the action (`ValidationError`, `UserError`): the message is
    /// Odoo's own and is meant for the user.
    Validation,
    /// The model or method does not exist.
    NotFound,
    /// The request was malformed (a bug on our side, or arguments Odoo rejects).
    BadRequest,
    /// The server failed (any other Odoo exception, 5xx).
    Server,
    /// The answer could not be understood.
    Decode,
    /// The arguments were refused before anything was sent (bad name, bad domain, bad URL,
    /// bad configuration).
    InvalidInput,
    /// The server answered with a redirect, which is never followed (credentials would go
    /// along): the message names the URL to configure instead.
    Redirected,
    /// The server has no database of the configured name (the message lists the databases
    /// when the server allows listing them).
    UnknownDatabase,
    /// The answer was larger than the configured cap (`max_response_bytes`) and was not read
    /// further.
    ResponseTooLarge,
    /// The server's Odoo version does not offer the operation (refused before sending; the
    /// message names the version it needs).
    Unsupported,
}

/// An error from the Odoo client.
///
/// `Display` gives a message fit for a user or a language model; it never contains a
/// password, API key, Authorization header, traceback or SQL.
pub struct Error {
    kind: ErrorKind,
    message: String,
    exception: Option<String>,
    outcome_unknown: bool,
    transience: Transience,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

/// What a failed attempt says about trying again (read by the retry policy, never shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Transience {
    /// Trying again gives the same answer (Odoo answered with an error).
    Permanent,
    /// Nothing reached the server (connection refused, DNS, connect timeout).
    NotSent,
    /// The request may have reached the server but no answer came (timeout, reset).
    NoAnswer,
    /// A gateway or the server is overloaded (502, 503, 504): the request may have run.
    Unavailable,
    /// The server refused the request for now (429), optionally saying how long to wait.
    RateLimited(Option<Duration>),
}

impl Error {
    /// A new error of `kind` with a user-facing `message`.
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            exception: None,
            outcome_unknown: false,
            transience: Transience::Permanent,
            source: None,
        }
    }
    /// Records what this failure says about trying again.
    pub(crate) fn with_transience(mut self, transience: Transience) -> Self {
        self.transience = transience;
        self
    }
    /// What this failure says about trying again.
    pub(crate) fn transience(&self) -> Transience {
        self.transience
    }
    /// Records the Odoo exception name (e.g. `odoo.exceptions.AccessError`).
    pub(crate) fn with_exception(mut self, name: impl Into<String>) -> Self {
        self.exception = Some(name.into());
        self
    }
    /// Marks a non-idempotent call whose outcome is unknown (sent, no answer).
    pub(crate) fn with_outcome_unknown(mut self) -> Self {
        self.outcome_unknown = true;
        self
    }
    /// Keeps the underlying cause (it must not carry secrets in its `Display`).
    pub(crate) fn with_source(
        mut self,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        self.source = Some(Box::new(source));
        self
    }

    /// The kind of error.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
    /// The user-facing message, without the kind prefix.
    pub fn message(&self) -> &str {
        &self.message
    }
    /// The Odoo exception name, when Odoo raised one (e.g. `odoo.exceptions.UserError`).
    pub fn exception(&self) -> Option<&str> {
        self.exception.as_deref()
    }
    /// True when a write or method call was sent but no answer came back: it may or may not
    /// have been applied, and it was not retried.
    pub fn is_outcome_unknown(&self) -> bool {
        self.outcome_unknown
    }
    /// True for connection, timeout and TLS failures.
    pub fn is_transport(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::Connect | ErrorKind::Timeout | ErrorKind::Tls
        )
    }
    /// True when Odoo refused access.
    pub fn is_access_denied(&self) -> bool {
        self.kind == ErrorKind::AccessDenied
    }
    /// True when credentials were refused.
    pub fn is_authentication(&self) -> bool {
        self.kind == ErrorKind::Authentication
    }
    /// True when the configuration must change before anything can work: the server
    /// cannot be reached at all (refused connection, unknown host, TLS), redirects, has no
    /// such database, or refuses the credentials. Retrying will not help.
    pub fn is_configuration(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::Connect
                | ErrorKind::Tls
                | ErrorKind::Authentication
                | ErrorKind::Redirected
                | ErrorKind::UnknownDatabase
        ) && self.transience != Transience::NoAnswer
    }

    /// The same error with `secrets` and anything that looks like a credential removed from
    /// its message and its source's text (see [`redact`](crate::redact)).
    pub fn redacted(mut self, secrets: &[&str]) -> Self {
        self.message = crate::redact::redact(&self.message, secrets);
        if let Some(source) = self.source.take() {
            let text = crate::redact::redact(&source.to_string(), secrets);
            self.source = Some(Box::new(RedactedSource(text)));
        }
        self
    }
    /// Replaces the message (the kind, transience and source stay).
    pub(crate) fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }
}

/// The text of an underlying cause, after redaction.
#[derive(Debug)]
struct RedactedSource(String);

impl fmt::Display for RedactedSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RedactedSource {}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if self.outcome_unknown {
            f.write_str(" (the request was sent but no answer came back: it may or may not have been applied, and it was not retried)")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.kind)
            .field("message", &self.message)
            .field("exception", &self.exception)
            .field("outcome_unknown", &self.outcome_unknown)
            .field("source", &self.source.as_ref().map(|s| s.to_string()))
            .finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|s| s as &(dyn std::error::Error + 'static))
    }
}

impl From<crate::names::NameError> for Error {
    fn from(e: crate::names::NameError) -> Self {
        Error::new(ErrorKind::InvalidInput, e.to_string()).with_source(e)
    }
}

impl From<crate::domain::DomainError> for Error {
    fn from(e: crate::domain::DomainError) -> Self {
        Error::new(ErrorKind::InvalidInput, e.to_string()).with_source(e)
    }
}

impl From<crate::order::OrderError> for Error {
    fn from(e: crate::order::OrderError) -> Self {
        Error::new(ErrorKind::InvalidInput, e.to_string()).with_source(e)
    }
}

impl From<crate::config_error::ConfigError> for Error {
    fn from(e: crate::config_error::ConfigError) -> Self {
        Error::new(ErrorKind::InvalidInput, e.to_string()).with_source(e)
    }
}
