//! How Odoo turns an exception into an XML-RPC fault: integer codes on `/xmlrpc/2/*`
//! (`xmlrpc_handle_exception_int`), string codes on the legacy `/xmlrpc/*`
//! (`xmlrpc_handle_exception_string`).

use serde_json::Value;

use super::codec::{DecodeError, Fault};
use crate::wire::error::OdooError;

/// The first lines of a traceback (the recordings trim the server frames).
const TRACEBACK_HEAD: &str =
    "Traceback (most recent call last):\n  ... (server frames trimmed) ...\n";

/// Which route answered, hence which fault convention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavor {
    /// `/xmlrpc/2/<service>`: `faultCode` 1 (other), 2 (UserError and subclasses), 3
    /// (AccessDenied), 4 (AccessError).
    Int,
    /// `/xmlrpc/<service>`: `faultCode` is a `warning -- <Class>\n\n<message>` string.
    Legacy,
}

/// The families of exceptions the two converters tell apart, in their order of checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    RedirectWarning,
    Missing,
    Access,
    Denied,
    User,
    Other,
}

fn family(name: &str) -> Family {
    match name {
        "odoo.exceptions.RedirectWarning" => Family::RedirectWarning,
        "odoo.exceptions.MissingError" => Family::Missing,
        "odoo.exceptions.AccessError" => Family::Access,
        "odoo.exceptions.AccessDenied" => Family::Denied,
        "odoo.exceptions.UserError" | "odoo.exceptions.ValidationError" => Family::User,
        _ => Family::Other,
    }
}

/// Python's `traceback.format_exception` text, with the frames trimmed.
fn traceback(exception_line: &str) -> String {
    format!("{TRACEBACK_HEAD}{exception_line}\n")
}

/// [`traceback`] of an exception raised while handling `cause` (sample
/// xmlrpc_fault_bad_field.json): Python prints the cause's traceback first.
fn chained_traceback(cause: Option<&str>, exception_line: &str) -> String {
    match cause {
        Some(cause) => format!(
            "{TRACEBACK_HEAD}{cause}\n\nDuring handling of the above exception, another \
             exception occurred:\n\n{}",
            traceback(exception_line)
        ),
        None => traceback(exception_line),
    }
}

/// The fault of an exception raised while serving the call.
pub(crate) fn from_error(error: &OdooError, flavor: Flavor) -> Fault {
    let short = error.name.strip_prefix("builtins.").unwrap_or(&error.name);
    let message = error.message.clone();
    let family = family(&error.name);
    match flavor {
        Flavor::Int => {
            let code = match family {
                Family::Access => 4,
                Family::Denied => 3,
                Family::RedirectWarning | Family::Missing | Family::User => 2,
                Family::Other => {
                    return Fault {
                        code: Value::from(1),
                        string: chained_traceback(error.cause(), &format!("{short}: {message}")),
                    };
                }
            };
            Fault {
                code: Value::from(code),
                string: message,
            }
        }
        Flavor::Legacy => {
            let warning = |class: &str| Fault {
                code: Value::String(format!("warning -- {class}\n\n{message}")),
                string: String::new(),
            };
            match family {
                Family::RedirectWarning => warning("Warning"),
                Family::Missing => warning("MissingError"),
                Family::Access => warning("AccessError"),
                Family::User => warning("UserError"),
                Family::Denied => Fault {
                    code: Value::String("AccessDenied".to_owned()),
                    string: message,
                },
                Family::Other => Fault {
                    code: Value::String(message.clone()),
                    string: chained_traceback(error.cause(), &format!("{short}: {message}")),
                },
            }
        }
    }
}

/// The fault of a request body that could not be decoded (an "other" exception).
pub(crate) fn from_decode(error: &DecodeError, flavor: Flavor) -> Fault {
    let line = error.exception_line();
    match flavor {
        Flavor::Int => Fault {
            code: Value::from(1),
            string: traceback(&line),
        },
        Flavor::Legacy => Fault {
            code: Value::String(error.to_string()),
            string: traceback(&line),
        },
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn integer_codes_per_exception_class() {
        let code = |name: &str| from_error(&OdooError::new(name, "m"), Flavor::Int).code;
        assert_eq!(code("odoo.exceptions.AccessError"), json!(4));
        assert_eq!(code("odoo.exceptions.UserError"), json!(2));
        assert_eq!(code("odoo.exceptions.ValidationError"), json!(2));
        assert_eq!(code("odoo.exceptions.MissingError"), json!(2));
        assert_eq!(code("builtins.ValueError"), json!(1));
        assert_eq!(
            from_error(&OdooError::access_denied(), Flavor::Int).code,
            json!(3)
        );
    }

    #[test]
    fn other_exceptions_carry_a_traceback() {
        let f = from_error(&OdooError::new("builtins.ValueError", "bad"), Flavor::Int);
        assert!(f.string.starts_with("Traceback (most recent call last):\n"));
        assert!(f.string.ends_with("\nValueError: bad\n"));
    }

    #[test]
    fn a_fault_raised_while_handling_another_prints_both_tracebacks() {
        let fault = crate::fault::Fault::new(crate::fault::FaultKind::ValueError, "Invalid x")
            .with_cause("KeyError: 'x'");
        let error = OdooError::from_fault_jsonrpc(&fault, "res.partner");
        let f = from_error(&error, Flavor::Int);
        assert_eq!(
            f.string,
            "Traceback (most recent call last):\n  ... (server frames trimmed) ...\n\
             KeyError: 'x'\n\nDuring handling of the above exception, another exception \
             occurred:\n\nTraceback (most recent call last):\n  ... (server frames trimmed) \
             ...\nValueError: Invalid x\n"
        );
    }

    #[test]
    fn legacy_codes_are_strings() {
        let f = from_error(
            &OdooError::new("odoo.exceptions.AccessError", "no"),
            Flavor::Legacy,
        );
        assert_eq!(f.code, json!("warning -- AccessError\n\nno"));
        assert_eq!(f.string, "");
        let f = from_error(&OdooError::access_denied(), Flavor::Legacy);
        assert_eq!(
            (f.code, f.string.as_str()),
            (json!("AccessDenied"), "Access Denied")
        );
        let f = from_error(
            &OdooError::new("odoo.exceptions.ValidationError", "v"),
            Flavor::Legacy,
        );
        assert_eq!(f.code, json!("warning -- UserError\n\nv"));
    }
}
