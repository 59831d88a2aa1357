//! Odoo's serialized exception (`{name, message, arguments, context, debug}`) and how engine
//! faults map to it, per protocol.

use http::StatusCode;
use serde_json::{Map, Value, json};

use crate::fault::{Fault, FaultKind};

/// The first lines of every `debug` traceback (the recordings trim the server frames).
const TRACEBACK_HEAD: &str =
    "Traceback (most recent call last):\n  ... (server frames trimmed) ...\n";

/// An exception as Odoo serializes it in JSON-2 bodies and JSON-RPC `error.data`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OdooError {
    pub(crate) name: String,
    pub(crate) message: String,
    arguments: Vec<Value>,
    debug: String,
    /// The exception during whose handling this one was raised (its traceback line), if any.
    cause: Option<String>,
}

impl OdooError {
    /// An exception of class `name` (e.g. `odoo.exceptions.UserError`).
    pub(crate) fn new(name: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        let short = name.strip_prefix("builtins.").unwrap_or(name);
        let first_line = message.lines().next().unwrap_or("");
        let debug = format!("{TRACEBACK_HEAD}{short}: {first_line}");
        Self {
            name: name.to_owned(),
            arguments: vec![Value::from(message.clone())],
            message,
            debug,
            cause: None,
        }
    }

    /// A `werkzeug.exceptions.*` HTTP exception: its arguments carry the status, and its
    /// traceback line the reason phrase (samples json2_error_get_method.json, …).
    pub(crate) fn http(status: StatusCode, message: impl Into<String>) -> Self {
        let message = message.into();
        let reason = status.canonical_reason().unwrap_or("Error");
        let class = reason.replace(' ', "");
        let name = format!("werkzeug.exceptions.{class}");
        let debug = format!(
            "{TRACEBACK_HEAD}{name}: {} {reason}: {message}",
            status.as_u16()
        );
        Self {
            arguments: vec![Value::from(message.clone()), Value::from(status.as_u16())],
            name,
            message,
            debug,
            cause: None,
        }
    }

    /// Replaces the traceback's last line (e.g. `KeyError: 'nodb'`).
    pub(crate) fn with_debug_line(mut self, line: &str) -> Self {
        self.debug = format!("{TRACEBACK_HEAD}{line}");
        self
    }

    /// `odoo.exceptions.AccessDenied`, whose debug is a bare line (sample jsonrpc_error_bad_password.json).
    pub(crate) fn access_denied() -> Self {
        let mut e = Self::new(FaultKind::AccessDenied.exception_name(), "Access Denied");
        e.debug = "odoo.exceptions.AccessDenied: Access Denied\n".to_owned();
        e
    }

    /// The same exception raised without arguments (`NotFound()`): `arguments` is `[]`.
    #[must_use]
    pub(crate) fn without_arguments(mut self) -> Self {
        self.arguments.clear();
        self
    }

    /// The JSON object `{name, message, arguments, context, debug}`.
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "name": self.name,
            "message": self.message,
            "arguments": self.arguments,
            "context": Value::Object(Map::new()),
            "debug": self.debug,
        })
    }

    /// How JSON-2 reports an engine fault: the HTTP status and the exception.
    pub(crate) fn from_fault_json2(fault: &Fault) -> (StatusCode, Self) {
        let status = json2_status(fault.kind);
        let error = match fault.kind {
            FaultKind::NotFound | FaultKind::Unprocessable => Self::http(status, &fault.message),
            FaultKind::AccessDenied => Self::access_denied(),
            kind => Self::new(kind.exception_name(), &fault.message),
        };
        (status, error.with_cause(fault))
    }

    /// How JSON-RPC reports an engine fault raised by `model.method`: an unknown model is a
    /// UserError, an unknown method an AttributeError, bad arguments a TypeError.
    pub(crate) fn from_fault_jsonrpc(fault: &Fault, model: &str) -> Self {
        match fault.kind {
            FaultKind::NotFound if fault.message.starts_with("The method") => {
                Self::new("builtins.AttributeError", &fault.message)
            }
            FaultKind::NotFound => Self::new(
                FaultKind::UserError.exception_name(),
                format!("Object {model} doesn't exist"),
            ),
            FaultKind::Unprocessable => Self::new("builtins.TypeError", &fault.message),
            FaultKind::AccessDenied => Self::access_denied(),
            kind => Self::new(kind.exception_name(), &fault.message).with_cause(fault),
        }
    }

    /// Takes the traceback's last line from the fault's cause, when it has one.
    fn with_cause(self, fault: &Fault) -> Self {
        match &fault.cause {
            Some(line) => Self {
                cause: Some(line.clone()),
                ..self.with_debug_line(line)
            },
            None => self,
        }
    }

    /// The exception during whose handling this one was raised, as its traceback line
    /// (e.g. `KeyError: 'no_such_field'` behind `ValueError: Invalid field …`).
    pub(crate) fn cause(&self) -> Option<&str> {
        self.cause.as_deref()
    }
}

/// The JSON-2 HTTP status of each exception class (README "JSON-2" errors).
pub(crate) fn json2_status(kind: FaultKind) -> StatusCode {
    match kind {
        FaultKind::AccessError => StatusCode::FORBIDDEN,
        FaultKind::AccessDenied => StatusCode::UNAUTHORIZED,
        FaultKind::MissingError | FaultKind::NotFound => StatusCode::NOT_FOUND,
        FaultKind::ValidationError | FaultKind::UserError | FaultKind::Unprocessable => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        FaultKind::ValueError
        | FaultKind::TypeError
        | FaultKind::KeyError
        | FaultKind::RecursionError
        | FaultKind::InvalidTextRepresentation
        | FaultKind::InvalidRowCountInLimitClause
        | FaultKind::InvalidRowCountInResultOffsetClause
        | FaultKind::UndefinedFunction => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_exception_matches_the_recording() {
        let e = OdooError::http(
            StatusCode::NOT_FOUND,
            "Did you mean POST /json/2/<model>/<method>?",
        );
        assert_eq!(
            e.to_json(),
            json!({
                "name": "werkzeug.exceptions.NotFound",
                "message": "Did you mean POST /json/2/<model>/<method>?",
                "arguments": ["Did you mean POST /json/2/<model>/<method>?", 404],
                "context": {},
                "debug": "Traceback (most recent call last):\n  ... (server frames trimmed) ...\nwerkzeug.exceptions.NotFound: 404 Not Found: Did you mean POST /json/2/<model>/<method>?"
            })
        );
        let e = OdooError::http(StatusCode::UNPROCESSABLE_ENTITY, "x");
        assert_eq!(e.name, "werkzeug.exceptions.UnprocessableEntity");
    }

    #[test]
    fn odoo_exception_debug_ends_with_the_first_message_line() {
        let e = OdooError::new(
            "odoo.exceptions.MissingError",
            "Record does not exist or has been deleted.\n(Record: x)",
        );
        assert!(e.debug.ends_with(
            "\nodoo.exceptions.MissingError: Record does not exist or has been deleted."
        ));
        let e = OdooError::new("builtins.ValueError", "bad");
        assert!(e.debug.ends_with("\nValueError: bad"));
    }

    #[test]
    fn a_fault_cause_is_the_last_traceback_line_on_json_protocols() {
        // Samples json2_error_nonexistent_model.json and json2_error_bad_field.json.
        let f = Fault::new(
            FaultKind::NotFound,
            "the model 'no.such.model' does not exist",
        )
        .with_cause("KeyError: 'no.such.model'");
        let (_, e) = OdooError::from_fault_json2(&f);
        assert_eq!(e.name, "werkzeug.exceptions.NotFound");
        assert!(
            e.debug.ends_with("\nKeyError: 'no.such.model'"),
            "{}",
            e.debug
        );
        let f = Fault::new(FaultKind::ValueError, "Invalid field").with_cause("KeyError: 'x'");
        let e = OdooError::from_fault_jsonrpc(&f, "res.partner");
        assert_eq!(e.message, "Invalid field");
        assert!(e.debug.ends_with("\nKeyError: 'x'"), "{}", e.debug);
        assert_eq!(e.cause(), Some("KeyError: 'x'"));
    }

    #[test]
    fn statuses_per_kind() {
        assert_eq!(json2_status(FaultKind::AccessError), StatusCode::FORBIDDEN);
        assert_eq!(json2_status(FaultKind::MissingError), StatusCode::NOT_FOUND);
        assert_eq!(
            json2_status(FaultKind::UserError),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(
            json2_status(FaultKind::InvalidTextRepresentation),
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }

    #[test]
    fn jsonrpc_translation_of_not_found() {
        let f = Fault::new(
            FaultKind::NotFound,
            "the model 'no.such.model' does not exist",
        );
        let e = OdooError::from_fault_jsonrpc(&f, "no.such.model");
        assert_eq!(
            (e.name.as_str(), e.message.as_str()),
            (
                "odoo.exceptions.UserError",
                "Object no.such.model doesn't exist"
            )
        );
        let f = Fault::new(
            FaultKind::NotFound,
            "The method 'res.partner.x' does not exist",
        );
        let e = OdooError::from_fault_jsonrpc(&f, "res.partner");
        assert_eq!(e.name, "builtins.AttributeError");
    }
}
