//! How a tool call ended, as the audit log and the metrics name it, and how a tool's error
//! result carries that to the dispatcher: [`mark`] puts it in the result's `_meta`,
//! [`take_mark`] removes it again before the result leaves the server.

use rmcp::model::{CallToolResult, MetaObject};
use serde_json::Value;

/// The `_meta` key that carries the outcome from a tool to the dispatcher (never sent out).
const KEY: &str = "odoo-mcp/outcome";

/// How a tool call ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// It succeeded.
    Ok,
    /// The call was wrong (bad argument, unknown instance, …) or failed inside the server.
    ToolError,
    /// A rule refused it: a policy rule (`read_only`, `denied_models`, …) or a server limit
    /// (`tools`, `instances`, `concurrency`, `auth`, `rate_limit`).
    Refused(String),
    /// Odoo answered with an error (access denied, validation, …) or could not be reached.
    OdooError,
    /// A write whose result is unknown: it may or may not have been applied.
    Unknown,
}

impl Outcome {
    /// The outcome as written in the audit log and in metric labels.
    pub(crate) fn label(&self) -> String {
        match self {
            Self::Ok => "ok".to_owned(),
            Self::ToolError => "tool_error".to_owned(),
            Self::Refused(rule) => format!("refused:{rule}"),
            Self::OdooError => "odoo_error".to_owned(),
            Self::Unknown => "outcome_unknown".to_owned(),
        }
    }

    fn parse(label: &str) -> Option<Self> {
        Some(match label {
            "ok" => Self::Ok,
            "tool_error" => Self::ToolError,
            "odoo_error" => Self::OdooError,
            "outcome_unknown" => Self::Unknown,
            other => Self::Refused(other.strip_prefix("refused:")?.to_owned()),
        })
    }
}

/// Records `outcome` on an error result.
pub(crate) fn mark(result: &mut CallToolResult, outcome: &Outcome) {
    let meta = result
        .meta
        .get_or_insert_with(|| MetaObject(Default::default()));
    meta.0
        .insert(KEY.to_owned(), Value::String(outcome.label()));
}

/// Removes the mark and says how the call ended: the mark, else `ok` or `tool_error` by
/// `is_error`.
pub(crate) fn take_mark(result: &mut CallToolResult) -> Outcome {
    let marked = result
        .meta
        .as_mut()
        .and_then(|m| m.0.remove(KEY))
        .and_then(|v| v.as_str().and_then(Outcome::parse));
    if result.meta.as_ref().is_some_and(|m| m.0.is_empty()) {
        result.meta = None;
    }
    marked.unwrap_or(if result.is_error == Some(true) {
        Outcome::ToolError
    } else {
        Outcome::Ok
    })
}

#[cfg(test)]
mod tests {
    use rmcp::model::ContentBlock;

    use super::*;

    #[test]
    fn a_mark_round_trips_and_leaves_no_trace() {
        for outcome in [
            Outcome::Refused("read_only".into()),
            Outcome::OdooError,
            Outcome::Unknown,
        ] {
            let mut result = CallToolResult::error(vec![ContentBlock::text("x")]);
            mark(&mut result, &outcome);
            assert_eq!(take_mark(&mut result), outcome);
            assert!(result.meta.is_none());
        }
        let mut plain = CallToolResult::error(vec![ContentBlock::text("x")]);
        assert_eq!(take_mark(&mut plain), Outcome::ToolError);
        let mut fine = CallToolResult::success(vec![ContentBlock::text("x")]);
        assert_eq!(take_mark(&mut fine), Outcome::Ok);
    }
}
