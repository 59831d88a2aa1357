//! Why a tool call failed, and how that becomes a tool result a language model can act on.
//!
//! Every failure a caller can fix or should know about (an Odoo fault, a policy refusal, an
//! unknown instance, a bad argument) is a `CallToolResult` with `isError: true` and a message
//! that says what happened and what to do next. Only requests rmcp cannot route become JSON-RPC
//! errors. The log gets the internal detail; neither side ever gets a secret, a traceback or SQL
//! (the Odoo client already strips them).

use odoo_client::{DomainError, ErrorKind, NameError};
use rmcp::model::{CallToolResult, ContentBlock};

use crate::audit::{Outcome, RefusedBy};
use crate::instance::UnknownInstance;
use crate::policy::Refusal;

/// A tool call that could not be completed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum ToolError {
    /// The `instance` argument names no configured instance.
    #[error(transparent)]
    UnknownInstance(#[from] UnknownInstance),
    /// The instance's policy refused the call.
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// An argument is well-formed JSON but makes no sense (a field list, ids, …).
    #[error("{0}")]
    InvalidArgument(String),
    /// A model, field or method name Odoo would not accept.
    #[error(transparent)]
    Name(#[from] NameError),
    /// A domain that does not parse.
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// An `order` that does not parse.
    #[error(transparent)]
    Order(#[from] odoo_client::OrderError),
    /// Odoo (or the way to it) failed.
    #[error(transparent)]
    Odoo(#[from] odoo_client::Error),
}

/// What a domain that does not parse is, after its own message.
const DOMAIN_HINT: &str = ". A domain is a JSON array in Odoo's prefix notation, e.g. \
     [[\"is_company\", \"=\", true], [\"name\", \"ilike\", \"acme\"]]; \
     use \"|\" before two conditions for OR.";

impl ToolError {
    /// A bad argument, with a message saying which and why.
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        ToolError::InvalidArgument(message.into())
    }

    /// The same error, its message prefixed with where it was met (`record 3`).
    pub(crate) fn within(self, context: &str) -> Self {
        match self {
            ToolError::Refused(r) => ToolError::Refused(r.within(context)),
            ToolError::InvalidArgument(m) => ToolError::InvalidArgument(format!("{context}: {m}")),
            ToolError::Odoo(e) => ToolError::Odoo(e),
            other => ToolError::InvalidArgument(format!("{context}: {}", other.argument_text())),
        }
    }

    /// Whether Odoo answered that the model (or method) does not exist.
    pub(crate) fn is_odoo_not_found(&self) -> bool {
        matches!(self, ToolError::Odoo(e) if e.kind() == ErrorKind::NotFound)
    }

    /// The message shown to the caller (and the model): what failed, and what to do.
    pub(crate) fn message(&self) -> String {
        match self {
            ToolError::UnknownInstance(e) => {
                format!("{e}. Pass one of them as `instance`, or omit `instance` for the default.")
            }
            ToolError::Refused(r) => format!("Refused by the server's policy: {r}"),
            ToolError::Odoo(e) => odoo_message(e),
            other => format!("Invalid argument: {}", other.argument_text()),
        }
    }

    /// The text of a bad argument (what follows "Invalid argument: ").
    fn argument_text(&self) -> String {
        match self {
            ToolError::Domain(e) => format!("{e}{DOMAIN_HINT}"),
            other => other.to_string(),
        }
    }

    /// Whether the caller's arguments were at fault (not the policy, nor Odoo).
    pub(crate) fn is_invalid_argument(&self) -> bool {
        matches!(
            self,
            ToolError::InvalidArgument(_)
                | ToolError::Name(_)
                | ToolError::Domain(_)
                | ToolError::Order(_)
        )
    }

    /// How a call that failed with this error ended, for the audit log and the metrics.
    pub(crate) fn outcome(&self) -> Outcome {
        match self {
            ToolError::Refused(r) => Outcome::Refused(RefusedBy::Policy(r.rule)),
            ToolError::Odoo(e) if e.is_outcome_unknown() => Outcome::Unknown,
            ToolError::Odoo(_) => Outcome::OdooError,
            ToolError::UnknownInstance(_)
            | ToolError::InvalidArgument(_)
            | ToolError::Name(_)
            | ToolError::Domain(_)
            | ToolError::Order(_) => Outcome::ToolError,
        }
    }

    /// The tool result for this error (`isError: true`, its outcome marked for the audit
    /// log), logging the detail.
    pub(crate) fn into_result(self) -> CallToolResult {
        self.into_result_with("")
    }

    /// [`into_result`](Self::into_result) with `hint` appended to the message.
    pub(crate) fn into_result_with(self, hint: &str) -> CallToolResult {
        match &self {
            ToolError::Odoo(e) => tracing::warn!(kind = ?e.kind(), error = ?e, "odoo call failed"),
            ToolError::Refused(r) => tracing::info!(rule = %r.rule, "policy refused a call"),
            other => tracing::debug!(error = %other, "tool call rejected"),
        }
        let mut result = CallToolResult::error(vec![ContentBlock::text(format!(
            "{}{hint}",
            self.message()
        ))]);
        crate::audit::mark(&mut result, &self.outcome());
        result
    }
}

/// `msg` ending with a full stop (unless it already ends with punctuation).
fn sentence(msg: &str) -> String {
    let msg = msg.trim();
    if msg.ends_with(['.', '!', '?', ':']) {
        msg.to_owned()
    } else {
        format!("{msg}.")
    }
}

/// The message of an Odoo failure: what happened and what to do.
pub(crate) fn odoo_message(e: &odoo_client::Error) -> String {
    let raw = e.message();
    let msg = sentence(raw);
    let msg = msg.as_str();
    let mut out = match e.kind() {
        ErrorKind::AccessDenied => format!(
            "Access denied by Odoo: {msg} The Odoo user this server logs in as lacks the rights \
             for this; use check_access to see what it may do, or ask an Odoo administrator."
        ),
        ErrorKind::MissingRecord => format!(
            "Record not found: {msg} It may have been deleted; search again to get current ids."
        ),
        ErrorKind::Validation => {
            format!("Odoo refused the operation: {msg} Fix the values and try again.")
        }
        ErrorKind::NotFound => format!(
            "Not found in Odoo: {msg} Check the model name with list_models (and the method \
             name, for call_method)."
        ),
        ErrorKind::Authentication => format!(
            "Odoo refused this server's credentials: {msg} The server's configuration must be \
             fixed (API key, login or database); retrying will not help."
        ),
        ErrorKind::Connect | ErrorKind::Tls if e.is_configuration() => format!(
            "Could not reach Odoo: {msg} This is a configuration problem of this MCP server \
             (the Odoo url: scheme, host or port) or Odoo is not running; retrying will not help \
             until an administrator fixes it."
        ),
        ErrorKind::Connect | ErrorKind::Timeout | ErrorKind::Tls => {
            format!("Could not reach Odoo: {msg} The server may be down or slow; try again later.")
        }
        ErrorKind::Redirected | ErrorKind::UnknownDatabase => format!(
            "The Odoo connection is misconfigured: {msg} The server's configuration must be \
             fixed; retrying will not help."
        ),
        ErrorKind::ResponseTooLarge => format!(
            "Odoo's answer was too large: {msg} Ask for fewer records (limit) or fewer fields."
        ),
        ErrorKind::InvalidInput => format!("Invalid argument: {msg}"),
        ErrorKind::Unsupported => format!("Not available on this Odoo version: {msg}"),
        ErrorKind::BadRequest | ErrorKind::Server | ErrorKind::Decode => {
            format!("Odoo error: {msg}")
        }
        _ => format!("Odoo error: {msg}"),
    };
    if mentions_field(raw) {
        out.push_str(" Use describe_model to list the model's fields and their types.");
    }
    if e.is_outcome_unknown() {
        out.push_str(
            " The request was sent but no answer came back: it may or may not have been applied. \
             Check the records (search_records / read_records) before retrying.",
        );
    }
    out
}

/// Whether an Odoo message is about a field name or value (so describe_model helps).
fn mentions_field(msg: &str) -> bool {
    let lower = msg.to_ascii_lowercase();
    lower.contains("invalid field") || lower.contains("unknown field") || lower.contains("field")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(result: &CallToolResult) -> String {
        result
            .content
            .first()
            .and_then(|c| c.as_text())
            .map(|t| t.text.clone())
            .unwrap_or_default()
    }

    #[test]
    fn invalid_argument_becomes_an_error_result() {
        let r = ToolError::invalid("limit must be at least 1").into_result();
        assert_eq!(r.is_error, Some(true));
        assert_eq!(text(&r), "Invalid argument: limit must be at least 1");
    }

    #[test]
    fn name_errors_say_which_name() {
        let e: ToolError = odoo_client::ModelName::new("res/partner")
            .unwrap_err()
            .into();
        assert!(
            e.message().contains("invalid model name \"res/partner\""),
            "{}",
            e.message()
        );
    }

    #[tokio::test]
    async fn a_closed_port_is_a_configuration_problem_not_try_again_later() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        drop(listener);
        let client = odoo_client::Client::builder(format!("http://{addr}"))
            .api_key("0123456789abcdef0123456789abcdef")
            .max_retries(0)
            .build()
            .unwrap();
        let e = client.server_info().await.unwrap_err();
        let text = ToolError::from(e).message();
        assert!(
            text.contains("configuration problem") && !text.contains("try again later"),
            "{text}"
        );
        assert!(!text.contains("0123456789abcdef"), "{text}");
    }

    #[test]
    fn messages_end_with_one_full_stop() {
        assert_eq!(sentence("cancel it first."), "cancel it first.");
        assert_eq!(sentence(" no such field "), "no such field.");
    }

    #[test]
    fn field_problems_point_to_describe_model() {
        assert!(mentions_field("Invalid field 'foo' on model 'res.partner'"));
        assert!(!mentions_field(
            "Record does not exist or has been deleted."
        ));
    }
}
