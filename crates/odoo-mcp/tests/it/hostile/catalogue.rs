//! The catalogue's entries (`tests/hostile/catalogue.jsonl`, written by `generate.py`), the
//! list of known failures, and each entry's message as sent on the wire.

use std::collections::BTreeSet;

use serde_json::{Value, json};

const CATALOGUE: &str = include_str!("../../hostile/catalogue.jsonl");
const KNOWN_FAILING: &str = include_str!("../../hostile/known_failing.txt");

/// One catalogue line.
#[derive(Debug, serde::Deserialize)]
pub(super) struct Entry {
    pub(super) id: String,
    #[allow(dead_code)] // read by people and by `generate.py`'s statistics
    pub(super) class: String,
    pub(super) writes: bool,
    pub(super) expect: Outcome,
    /// Other answers as clean as `expect` where transports differ (see the entry's note).
    #[serde(default)]
    pub(super) also: Vec<Outcome>,
    pub(super) tool: Option<String>,
    pub(super) arguments: Option<Value>,
    pub(super) raw: Option<Value>,
    #[serde(default)]
    pub(super) mentions: Vec<String>,
}

/// The class of answer an entry must get.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum Outcome {
    ToolError,
    ProtocolError,
    Ok,
    NoReply,
}

pub(super) fn entries() -> Vec<Entry> {
    CATALOGUE
        .lines()
        .enumerate()
        .map(|(n, line)| {
            serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("catalogue.jsonl line {}: {e}", n + 1))
        })
        .collect()
}

pub(super) fn known_failing() -> BTreeSet<String> {
    KNOWN_FAILING
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

/// `{"$repeat": s, "times": n}` and `{"$nest": n, "open", "close", "inner"}` inside arguments.
fn expand(value: &Value) -> Value {
    match value {
        Value::Object(map) if map.contains_key("$repeat") => {
            let s = map["$repeat"].as_str().unwrap_or_default();
            let n = map["times"].as_u64().unwrap_or(0) as usize;
            Value::String(s.repeat(n))
        }
        Value::Object(map) if map.contains_key("$nest") => {
            let n = map["$nest"].as_u64().unwrap_or(0) as usize;
            let part = |k: &str| map.get(k).and_then(Value::as_str).unwrap_or_default();
            Value::String(format!(
                "{}{}{}",
                part("open").repeat(n),
                part("inner"),
                part("close").repeat(n)
            ))
        }
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), expand(v))).collect())
        }
        Value::Array(items) => Value::Array(items.iter().map(expand).collect()),
        other => other.clone(),
    }
}

/// An entry as it goes on the wire: either a JSON-RPC request the runner built (so the era's
/// `_meta` can be added) or raw text sent as it is.
pub(super) enum Message {
    Request(Value),
    Raw(String),
}

/// The message of entry number `n`.
pub(super) fn message(entry: &Entry, n: usize) -> Message {
    if let Some(tool) = &entry.tool {
        let arguments = expand(entry.arguments.as_ref().unwrap_or(&Value::Null));
        return Message::Request(json!({"jsonrpc": "2.0", "id": format!("h{n}"),
            "method": "tools/call", "params": {"name": tool, "arguments": arguments}}));
    }
    match entry.raw.as_ref() {
        Some(Value::String(s)) => Message::Raw(s.clone()),
        Some(Value::Object(map)) => {
            let part = |k: &str| map.get(k).and_then(Value::as_str).unwrap_or_default();
            let n = map.get("$nest").and_then(Value::as_u64).unwrap_or(0) as usize;
            Message::Raw(format!(
                "{}{}{}{}",
                part("prefix"),
                part("open").repeat(n),
                part("close").repeat(n),
                part("suffix")
            ))
        }
        other => panic!("{}: neither tool nor raw: {other:?}", entry.id),
    }
}
