//! The check every incoming stdio line passes before rmcp sees it: well-formed JSON, nested no
//! deeper than [`MAX_DEPTH`], a message rmcp can read (a request whose envelope or params rmcp
//! cannot parse — `"params": "text"`, `"method": 42`, a batch — would otherwise go unanswered),
//! and otherwise the JSON-RPC error the client gets instead of the silence rmcp answers
//! unparsable input with.
//!
//! The depth scan is iterative (a counter, no recursion), so no input can exhaust the stack;
//! the syntax check then runs on input serde_json's own recursion limit (128) cannot trip. A
//! well-formed message is parsed once, into the type rmcp reads (strings decoded, so invalid
//! UTF-8 and lone surrogates fail here too), and that parsed message is what rmcp gets; only a
//! message rmcp cannot read is parsed again, for its id.

use rmcp::model::ClientJsonRpcMessage;
use serde_json::{Value, json};

/// Deepest nesting of arrays and objects accepted in one message. The MCP envelope takes
/// three or four levels; every odoo-mcp argument (domains included) fits well within this.
pub const MAX_DEPTH: usize = 64;

/// JSON-RPC 2.0: invalid JSON was received.
pub const PARSE_ERROR: i64 = -32700;
/// JSON-RPC 2.0: the JSON sent is not a valid request object (here: too large to read).
pub const INVALID_REQUEST: i64 = -32600;

/// Why a line is not handed to the MCP service.
#[derive(Debug, thiserror::Error)]
pub enum LineProblem {
    /// Longer than the configured cap (`[server] max_body_bytes`).
    #[error(
        "the message is larger than {max} bytes; send smaller requests (fewer ids or records per \
         call), or raise [server] max_body_bytes"
    )]
    TooLarge {
        /// The cap in bytes.
        max: usize,
    },
    /// Arrays and objects nested past [`MAX_DEPTH`].
    #[error(
        "the message nests arrays and objects deeper than {MAX_DEPTH} levels; send flatter JSON \
         (a domain is a flat list of conditions)"
    )]
    TooDeep,
    /// Not one JSON value (truncated, trailing text, invalid escape, invalid UTF-8…).
    #[error("the message is not valid JSON ({0}); send one JSON-RPC message per line")]
    Syntax(#[source] serde_json::Error),
    /// Valid JSON, but not a JSON-RPC message rmcp reads (and not a notification, which gets
    /// no answer).
    #[error(
        "the message is not a JSON-RPC 2.0 request this server can read ({reason}); send one \
         object per line: {{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"…\", \"params\": {{…}}}}"
    )]
    NotJsonRpc {
        /// The request's id when it has a usable one (else null).
        id: Value,
        /// The parser's reason, cut short.
        reason: String,
    },
}

/// Longest parser reason quoted in a [`LineProblem::NotJsonRpc`].
const MAX_REASON_CHARS: usize = 160;

impl LineProblem {
    /// The JSON-RPC error code for this problem.
    pub fn code(&self) -> i64 {
        match self {
            Self::TooLarge { .. } | Self::NotJsonRpc { .. } => INVALID_REQUEST,
            Self::TooDeep | Self::Syntax(_) => PARSE_ERROR,
        }
    }

    /// The whole JSON-RPC error response (`id` null unless the request's id could be read).
    pub fn response(&self) -> String {
        let id = match self {
            Self::NotJsonRpc { id, .. } => id.clone(),
            _ => Value::Null,
        };
        let kind = match self.code() {
            PARSE_ERROR => "Parse error",
            _ => "Invalid Request",
        };
        json!({
            "jsonrpc": "2.0",
            "id": id,
            "error": {"code": self.code(), "message": format!("{kind}: {self}")},
        })
        .to_string()
    }
}

/// Checks one line (without its `\n`; a trailing `\r` is tolerated) and reads it: the
/// message for rmcp, or `None` for a notification nobody can read (JSON-RPC wants it ignored).
pub fn check(line: &[u8]) -> Result<Option<ClientJsonRpcMessage>, LineProblem> {
    if depth_exceeds(line, MAX_DEPTH) {
        return Err(LineProblem::TooDeep);
    }
    match serde_json::from_slice::<ClientJsonRpcMessage>(line) {
        Ok(message) => Ok(Some(message)),
        Err(e) if e.is_data() => not_json_rpc(line, &e).map(|()| None),
        Err(e) => Err(LineProblem::Syntax(e)),
    }
}

/// The rare path: JSON that is no message rmcp reads. Parsed once more, as a `Value`, for the
/// request's id (and for a syntax error after the point where the typed parse stopped); `Ok`
/// for a notification, which is ignored.
fn not_json_rpc(line: &[u8], why: &serde_json::Error) -> Result<(), LineProblem> {
    let value = serde_json::from_slice::<Value>(line).map_err(LineProblem::Syntax)?;
    let id = match &value {
        Value::Object(message) => match message.get("id") {
            // A notification rmcp cannot read is ignored, as JSON-RPC wants.
            None => return Ok(()),
            Some(id @ (Value::String(_) | Value::Number(_))) => id.clone(),
            Some(_) => Value::Null,
        },
        _ => Value::Null,
    };
    let reason = why.to_string();
    let mut cut: String = reason.chars().take(MAX_REASON_CHARS).collect();
    if cut.len() < reason.len() {
        cut.push('…');
    }
    Err(LineProblem::NotJsonRpc { id, reason: cut })
}

/// Whether brackets and braces outside strings nest deeper than `max`, in one pass.
fn depth_exceeds(text: &[u8], max: usize) -> bool {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for &b in text {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::Value;

    fn nested(n: usize) -> String {
        format!("{}{}", "[".repeat(n), "]".repeat(n))
    }

    #[test]
    fn well_formed_messages_pass() {
        let ping = br#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#;
        assert!(check(ping).is_ok());
        // Nesting up to the limit passes the depth and syntax checks (it is no JSON-RPC
        // message, which the next check says).
        let deep = check(nested(MAX_DEPTH).as_bytes());
        assert!(
            matches!(deep, Err(LineProblem::NotJsonRpc { .. })),
            "{deep:?}"
        );
        // Brackets inside strings (and escaped quotes) are text, not nesting.
        let text = format!(r#"{{"a":"\"{}"}}"#, "[".repeat(1000));
        assert!(check(text.as_bytes()).is_ok(), "{text}");
    }

    #[test]
    fn over_deep_json_is_a_parse_error_naming_the_limit() {
        for n in [MAX_DEPTH + 1, 129, 100_000] {
            let problem = check(nested(n).as_bytes()).expect_err("too deep");
            assert!(matches!(problem, LineProblem::TooDeep), "{problem:?}");
            let reply: Value = serde_json::from_str(&problem.response()).expect("json");
            assert_eq!(reply["id"], Value::Null);
            assert_eq!(reply["error"]["code"], PARSE_ERROR);
            let message = reply["error"]["message"].as_str().unwrap_or_default();
            assert!(message.contains("64 levels"), "{message}");
        }
    }

    #[test]
    fn malformed_json_is_a_parse_error_saying_what_is_wrong() {
        let cases: [&[u8]; 5] = [
            b"{",
            br#"{"jsonrpc":"2.0","id":1,"method":"ping"} x"#,
            br#"{"a":"\ud800"}"#,
            b"{\"a\":\"\xff\"}",
            b"",
        ];
        for line in cases {
            let problem = check(line).expect_err("malformed");
            assert!(matches!(problem, LineProblem::Syntax(_)), "{problem:?}");
            assert_eq!(problem.code(), PARSE_ERROR);
            assert!(problem.response().contains("not valid JSON"));
        }
        let surrogate = check(br#"{"a":"\ud800"}"#).expect_err("lone surrogate");
        assert!(surrogate.to_string().contains("escape"), "{surrogate}");
    }

    #[test]
    fn a_request_rmcp_cannot_read_is_answered_with_its_id() {
        let cases: [(&[u8], Value); 5] = [
            (
                br#"{"jsonrpc":"2.0","id":7,"method":"tasks/get","params":"text"}"#,
                json!(7),
            ),
            (br#"{"jsonrpc":"2.0","id":"a","method":42}"#, json!("a")),
            (
                br#"{"jsonrpc":"2.0","id":{"x":1},"method":"ping"}"#,
                Value::Null,
            ),
            (
                br#"[{"jsonrpc":"2.0","id":1,"method":"ping"}]"#,
                Value::Null,
            ),
            (b"42", Value::Null),
        ];
        for (line, id) in cases {
            let problem = check(line).expect_err("unreadable");
            let reply: Value = serde_json::from_str(&problem.response()).expect("json");
            assert_eq!(reply["id"], id, "{reply}");
            assert_eq!(reply["error"]["code"], INVALID_REQUEST, "{reply}");
        }
        // What rmcp reads passes, read.
        for line in [
            br#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#.as_slice(),
            br#"{"jsonrpc":"2.0","id":2,"method":"tasks/get","params":{"taskId":42}}"#,
            br#"{"jsonrpc":"2.0","id":3,"result":{}}"#,
        ] {
            let read = check(line).expect("readable");
            assert!(read.is_some(), "{}", String::from_utf8_lossy(line));
        }
        // A notification nobody can read is dropped without an answer.
        let dropped = check(br#"{"jsonrpc":"2.0","method":42,"params":"x"}"#).expect("ignored");
        assert!(dropped.is_none());
        assert!(
            check(br#"{"jsonrpc":"2.0","method":"notifications/whatever","params":"x"}"#).is_ok()
        );
    }

    #[test]
    fn too_large_names_the_cap_and_the_setting() {
        let reply = LineProblem::TooLarge { max: 4096 }.response();
        let reply: Value = serde_json::from_str(&reply).expect("json");
        assert_eq!(reply["error"]["code"], INVALID_REQUEST);
        let message = reply["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains("4096") && message.contains("max_body_bytes"));
    }

    proptest! {
        // Any bytes: no panic, and exactly what serde_json reads as a value (within the
        // depth) passes.
        #[test]
        fn fuzz_any_bytes_are_checked_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let parses = serde_json::from_slice::<Value>(&bytes).is_ok();
            prop_assert_eq!(check(&bytes).is_ok(), parses && !depth_exceeds(&bytes, MAX_DEPTH));
        }

        // JSON with escapes and non-ASCII text: the check and serde_json agree.
        #[test]
        fn fuzz_json_strings_agree_with_serde(text in r#"\{"[a\\u0-9a-fA-F"é\x00-\x1f]{0,40}": [0-9.eE+-]{1,6}\}"#) {
            let parses = serde_json::from_str::<Value>(&text).is_ok();
            prop_assert_eq!(check(text.as_bytes()).is_ok(), parses);
        }

        // JSON-shaped text (brackets, quotes, escapes) exercises the depth scan's string state.
        #[test]
        fn fuzz_json_shaped_text_agrees_with_serde(text in r#"[\[\]{}":,\\a0 ]{0,300}"#) {
            match check(text.as_bytes()) {
                Ok(_) => prop_assert!(serde_json::from_str::<Value>(&text).is_ok()),
                Err(LineProblem::TooDeep) => {
                    let opening = text.bytes().filter(|b| matches!(b, b'[' | b'{')).count();
                    prop_assert!(opening > MAX_DEPTH);
                }
                Err(LineProblem::NotJsonRpc { .. }) => {
                    prop_assert!(serde_json::from_str::<Value>(&text).is_ok());
                }
                Err(problem) => prop_assert_eq!(problem.code(), PARSE_ERROR),
            }
        }
    }
}
