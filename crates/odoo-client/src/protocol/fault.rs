//! Turns what went wrong on the wire into an [`Error`]: Odoo exceptions (by name first, then
//! by HTTP status), bare HTTP statuses and HTML error pages, and `reqwest` failures.
//!
//! Tracebacks are never kept (logged at debug level only), database errors whose messages
//! quote SQL are replaced by a short description, HTML pages are summarised by their status.

use std::time::Duration;

use crate::error::{Error, ErrorKind, Transience};

/// The longest Odoo message kept in an error.
const MAX_MESSAGE: usize = 2000;
/// The longest excerpt of an undecodable body kept in an error.
const MAX_EXCERPT: usize = 200;

/// An Odoo exception as both protocols report it (`{name, message, debug, ...}`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct OdooFault<'a> {
    /// The dotted exception name, e.g. `odoo.exceptions.AccessError`.
    pub(crate) name: &'a str,
    /// Odoo's message.
    pub(crate) message: &'a str,
    /// The traceback: logged at debug level, never kept.
    pub(crate) debug: Option<&'a str>,
    /// The HTTP status (JSON-2), `None` on JSON-RPC (always 200).
    pub(crate) status: Option<u16>,
}

impl OdooFault<'_> {
    /// The error for this exception.
    pub(crate) fn into_error(self) -> Error {
        if let Some(trace) = self.debug {
            tracing::debug!(exception = self.name, traceback = trace, "Odoo traceback");
        }
        let short = short_name(self.name);
        let message = clip(self.message.trim());
        let (kind, text) = match short {
            "AccessError" => (ErrorKind::AccessDenied, message),
            "AccessDenied" => (
                ErrorKind::Authentication,
                format!("Odoo refused the credentials: {message}"),
            ),
            "MissingError" => (ErrorKind::MissingRecord, message),
            "UserError" if is_unknown_model(&message) => (ErrorKind::NotFound, message),
            "ValidationError" | "UserError" => (ErrorKind::Validation, message),
            "NotFound" => (ErrorKind::NotFound, message),
            "AttributeError" if message.contains("does not exist") => {
                (ErrorKind::NotFound, message)
            }
            "Unauthorized" => (
                ErrorKind::Authentication,
                format!("Odoo refused the API key: {message}"),
            ),
            "UnprocessableEntity" | "BadRequest" | "TypeError" | "UnsupportedMediaType" => (
                ErrorKind::BadRequest,
                format!("Odoo rejected the request: {message}"),
            ),
            _ if self.name.starts_with("psycopg2") => database_error(self.name, &message),
            _ => match self.status {
                Some(401) => (
                    ErrorKind::Authentication,
                    format!("Odoo refused the API key: {message}"),
                ),
                Some(403) => (ErrorKind::AccessDenied, message),
                Some(404) => (ErrorKind::NotFound, message),
                Some(400 | 415 | 422) => (
                    ErrorKind::BadRequest,
                    format!("Odoo rejected the request: {message}"),
                ),
                _ => (ErrorKind::Server, format!("Odoo raised {short}: {message}")),
            },
        };
        Error::new(kind, text).with_exception(self.name)
    }
}

/// The last part of a dotted exception name (`AccessError` for `odoo.exceptions.AccessError`).
fn short_name(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

/// JSON-RPC reports an unknown model as a `UserError` "Object x doesn't exist".
fn is_unknown_model(message: &str) -> bool {
    message.starts_with("Object ") && message.ends_with("doesn't exist")
}

/// A raw database error: its message quotes SQL (or the database host), so only its name is
/// kept.
fn database_error(name: &str, message: &str) -> (ErrorKind, String) {
    if short_name(name) == "OperationalError" && message.contains("does not exist") {
        let e = unknown_database_error();
        return (e.kind(), e.message().to_owned());
    }
    let what = match short_name(name) {
        "InvalidTextRepresentation" | "DatatypeMismatch" | "NumericValueOutOfRange" => {
            ": a value has the wrong type for its field"
        }
        "UniqueViolation" => ": a record with the same unique value already exists",
        "ForeignKeyViolation" => ": the record is still referenced by other records",
        "NotNullViolation" => ": a required value is missing",
        _ => "",
    };
    (
        ErrorKind::Server,
        format!("the database rejected the request ({name}){what}"),
    )
}

/// The error for an HTTP status without a usable Odoo exception (HTML pages, proxies).
pub(crate) fn status_error(status: u16, retry_after: Option<Duration>) -> Error {
    let reason = http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("unexpected status");
    let (kind, text, transience) = match status {
        401 => (
            ErrorKind::Authentication,
            "the server refused the credentials",
            Transience::Permanent,
        ),
        403 => (
            ErrorKind::AccessDenied,
            "the server refused access",
            Transience::Permanent,
        ),
        404 => (
            ErrorKind::NotFound,
            "the server has no such database, model or page (check the URL and the database)",
            Transience::Permanent,
        ),
        400 | 415 | 422 => (
            ErrorKind::BadRequest,
            "the server rejected the request",
            Transience::Permanent,
        ),
        429 => (
            ErrorKind::Server,
            "the server is rate limiting requests; try again later",
            Transience::RateLimited(retry_after),
        ),
        502..=504 => (
            ErrorKind::Server,
            "the server is unavailable",
            Transience::Unavailable,
        ),
        _ => (
            ErrorKind::Server,
            "the server failed",
            Transience::Permanent,
        ),
    };
    Error::new(kind, format!("{text} (HTTP {status} {reason})")).with_transience(transience)
}

/// The error for a redirect (never followed: it would carry the credentials along).
pub(crate) fn redirect_error(status: u16, target: &str) -> Error {
    Error::new(
        ErrorKind::Redirected,
        format!(
            "the server redirects to {target} (HTTP {status}): use that URL as the Odoo address \
             (redirects are not followed, so credentials never go to another address)"
        ),
    )
}

/// Whether a body is Odoo's page for a request naming no existing database.
pub(crate) fn is_no_database_page(body: &[u8]) -> bool {
    let start = &body[..body.len().min(4096)];
    String::from_utf8_lossy(start).contains("No database is selected")
}

/// The error for an unknown database (the client adds the list of databases when it can).
pub(crate) fn unknown_database_error() -> Error {
    Error::new(
        ErrorKind::UnknownDatabase,
        "the database does not exist on this server (check the database option; the name is \
         case-sensitive)",
    )
}

/// The error for a body that is not what the protocol promises (with a short excerpt).
pub(crate) fn decode_error(what: &str, body: &[u8], cause: Option<serde_json::Error>) -> Error {
    let text = String::from_utf8_lossy(body);
    let excerpt: String = text.chars().take(MAX_EXCERPT).collect();
    let more = if text.chars().count() > MAX_EXCERPT {
        "…"
    } else {
        ""
    };
    let error = Error::new(
        ErrorKind::Decode,
        format!("could not understand the server's answer ({what}): {excerpt:?}{more}"),
    );
    match cause {
        Some(cause) => error.with_source(cause),
        None => error,
    }
}

/// The error for an answer that could not be read: broken JSON gets [`decode_error`]'s
/// excerpt; JSON of the wrong shape gets the decoder's message, which names what came back
/// and never a value (`crate::rows`), so no excerpt is added.
pub(crate) fn answer_error(what: &str, body: &[u8], cause: serde_json::Error) -> Error {
    if cause.is_data() {
        return Error::new(ErrorKind::Decode, cause.to_string());
    }
    decode_error(what, body, Some(cause))
}

/// The error for a failed HTTP exchange. `reqwest`'s message names the URL (never a header).
pub(crate) fn transport_error(error: reqwest::Error) -> Error {
    let tls = is_tls(&error);
    let (kind, text, transience) = if error.is_connect() && tls {
        (
            ErrorKind::Tls,
            "the TLS handshake with the server failed",
            Transience::NotSent,
        )
    } else if error.is_connect() && error.is_timeout() {
        (
            ErrorKind::Timeout,
            "connecting to the server timed out",
            Transience::NotSent,
        )
    } else if error.is_connect() {
        (
            ErrorKind::Connect,
            "could not connect to the server",
            Transience::NotSent,
        )
    } else if error.is_timeout() {
        (
            ErrorKind::Timeout,
            "the server did not answer in time",
            Transience::NoAnswer,
        )
    } else if error.is_decode() {
        (
            ErrorKind::Decode,
            "could not read the server's answer",
            Transience::NoAnswer,
        )
    } else {
        (
            ErrorKind::Connect,
            "the connection to the server failed",
            Transience::NoAnswer,
        )
    };
    let detail = chain(&error);
    Error::new(kind, format!("{text}: {detail}"))
        .with_transience(transience)
        .with_source(error)
}

/// The error chain of a `reqwest` error on one line (URL included, no header ever).
fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = error.source();
    while let Some(e) = source {
        let s = e.to_string();
        if !parts.iter().any(|p| p.contains(&s)) {
            parts.push(s);
        }
        source = e.source();
    }
    parts.join(": ")
}

/// Whether a connect error came from TLS (certificate, handshake).
fn is_tls(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut source = error.source();
    while let Some(e) = source {
        let s = e.to_string().to_ascii_lowercase();
        if s.contains("certificate") || s.contains("tls") || s.contains("handshake") {
            return true;
        }
        source = e.source();
    }
    false
}

/// Keeps at most [`MAX_MESSAGE`] characters of an Odoo message.
fn clip(message: &str) -> String {
    if message.chars().count() <= MAX_MESSAGE {
        return message.to_owned();
    }
    let mut s: String = message.chars().take(MAX_MESSAGE).collect();
    s.push('…');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fault(name: &str, message: &str, status: Option<u16>) -> Error {
        OdooFault {
            name,
            message,
            debug: Some("Traceback (most recent call last): secret"),
            status,
        }
        .into_error()
    }

    #[test]
    fn maps_odoo_exceptions_by_name() {
        let cases = [
            ("odoo.exceptions.AccessError", ErrorKind::AccessDenied),
            ("odoo.exceptions.AccessDenied", ErrorKind::Authentication),
            ("odoo.exceptions.MissingError", ErrorKind::MissingRecord),
            ("odoo.exceptions.ValidationError", ErrorKind::Validation),
            ("odoo.exceptions.UserError", ErrorKind::Validation),
            ("werkzeug.exceptions.NotFound", ErrorKind::NotFound),
            (
                "werkzeug.exceptions.Unauthorized",
                ErrorKind::Authentication,
            ),
            (
                "werkzeug.exceptions.UnprocessableEntity",
                ErrorKind::BadRequest,
            ),
            ("werkzeug.exceptions.BadRequest", ErrorKind::BadRequest),
            ("builtins.TypeError", ErrorKind::BadRequest),
            ("builtins.ValueError", ErrorKind::Server),
            ("builtins.KeyError", ErrorKind::Server),
        ];
        for (name, kind) in cases {
            let e = fault(name, "m", Some(500));
            assert_eq!(e.kind(), kind, "{name}");
            assert_eq!(e.exception(), Some(name));
            assert!(!e.to_string().contains("Traceback"));
        }
    }

    #[test]
    fn odoo_messages_are_kept_for_the_user() {
        let e = fault(
            "odoo.exceptions.ValidationError",
            "Contacts require a name",
            Some(422),
        );
        assert_eq!(e.to_string(), "Contacts require a name");
        let e = fault(
            "builtins.ValueError",
            "Invalid operator in condition",
            Some(500),
        );
        assert_eq!(
            e.to_string(),
            "Odoo raised ValueError: Invalid operator in condition"
        );
    }

    #[test]
    fn unknown_model_and_method_on_jsonrpc_are_not_found() {
        let e = fault(
            "odoo.exceptions.UserError",
            "Object no.such.model doesn't exist",
            None,
        );
        assert_eq!(e.kind(), ErrorKind::NotFound);
        let e = fault(
            "builtins.AttributeError",
            "The method 'res.partner.x' does not exist",
            None,
        );
        assert_eq!(e.kind(), ErrorKind::NotFound);
    }

    #[test]
    fn database_errors_never_quote_sql() {
        let e = fault(
            "psycopg2.errors.InvalidTextRepresentation",
            "invalid input syntax for type bigint: \"ten\"\nLINE 1: ... LIMIT 'ten'",
            Some(500),
        );
        assert_eq!(e.kind(), ErrorKind::Server);
        assert_eq!(
            e.to_string(),
            "the database rejected the request (psycopg2.errors.InvalidTextRepresentation): a value has the wrong type for its field"
        );
        let e = fault(
            "psycopg2.OperationalError",
            "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  database \"nodb\" does not exist",
            None,
        );
        assert_eq!(e.kind(), ErrorKind::UnknownDatabase);
        assert!(!e.to_string().contains("5432"));
        assert!(e.to_string().contains("case-sensitive"), "{e}");
    }

    #[test]
    fn unknown_exceptions_fall_back_to_the_status() {
        assert_eq!(
            fault("x.Weird", "m", Some(403)).kind(),
            ErrorKind::AccessDenied
        );
        assert_eq!(fault("x.Weird", "m", Some(404)).kind(), ErrorKind::NotFound);
        assert_eq!(
            fault("x.Weird", "m", Some(415)).kind(),
            ErrorKind::BadRequest
        );
        assert_eq!(fault("x.Weird", "m", None).kind(), ErrorKind::Server);
    }

    #[test]
    fn statuses_map_to_kinds_and_transience() {
        assert_eq!(status_error(401, None).kind(), ErrorKind::Authentication);
        assert_eq!(status_error(404, None).kind(), ErrorKind::NotFound);
        assert_eq!(status_error(415, None).kind(), ErrorKind::BadRequest);
        let e = status_error(503, None);
        assert_eq!(
            (e.kind(), e.transience()),
            (ErrorKind::Server, Transience::Unavailable)
        );
        assert_eq!(
            e.to_string(),
            "the server is unavailable (HTTP 503 Service Unavailable)"
        );
        let wait = Some(Duration::from_secs(1));
        assert_eq!(
            status_error(429, wait).transience(),
            Transience::RateLimited(wait)
        );
        assert_eq!(status_error(500, None).transience(), Transience::Permanent);
    }

    #[test]
    fn decode_errors_keep_a_short_excerpt() {
        let body = "x".repeat(1000);
        let e = decode_error("JSON-2", body.as_bytes(), None);
        assert_eq!(e.kind(), ErrorKind::Decode);
        assert!(e.to_string().len() < 300, "{e}");
    }

    #[test]
    fn long_messages_are_clipped() {
        let e = fault("odoo.exceptions.UserError", &"y".repeat(5000), Some(422));
        assert!(e.message().chars().count() <= MAX_MESSAGE + 1);
    }
}
