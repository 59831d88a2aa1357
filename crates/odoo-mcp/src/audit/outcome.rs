//! How a tool call ended, as the audit log and the metrics name it, and how a tool's error
//! result carries that to the dispatcher: [`mark`] puts it in the result's `_meta`,
//! [`take_mark`] removes it again before the result leaves the server.

use rmcp::model::{CallToolResult, MetaObject};
use serde_json::Value;

use crate::policy::Rule;

/// The `_meta` key that carries the outcome from a tool to the dispatcher (never sent out).
const KEY: &str = "odoo-mcp/outcome";

/// How a tool call ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// It succeeded.
    Ok,
    /// The call was wrong (bad argument, unknown instance, …) or failed inside the server.
    ToolError,
    /// A policy rule or a server limit refused it.
    Refused(RefusedBy),
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
            Self::Refused(by) => format!("refused:{}", by.as_str()),
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
            other => Self::Refused(RefusedBy::parse(other.strip_prefix("refused:")?)?),
        })
    }
}

/// Declares [`RefusedBy`] from one row per server limit (`/// doc` then `Variant => "name",`)
/// beside `Policy`: the enum, `LIMITS` and `as_str` are made from the rows, so a new limit
/// cannot be left out of `LIMITS` (which [`Outcome::parse`] reads back).
macro_rules! refused_by {
    ($($(#[doc = $doc:literal])+ $variant:ident => $name:literal,)+) => {
        /// What refused a tool call or an HTTP request: an instance's policy rule, or one of
        /// the server's own limits.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(crate) enum RefusedBy {
            /// A rule of the instance's policy (`read_only`, `denied_models`, …).
            Policy(Rule),
            $($(#[doc = $doc])+ $variant,)+
        }

        impl RefusedBy {
            /// The server's own limits (every variant but `Policy`).
            const LIMITS: [Self; [$(Self::$variant),+].len()] = [$(Self::$variant),+];

            /// The name after `refused:` in the audit log and in metric labels.
            pub(crate) fn as_str(self) -> &'static str {
                match self {
                    Self::Policy(rule) => rule.as_str(),
                    $(Self::$variant => $name,)+
                }
            }
        }
    };
}

refused_by! {
    /// The caller may not use this tool (its `tools` restriction), or no such tool is offered.
    Tools => "tools",
    /// The instance is hidden from the caller (its `instances` restriction).
    Instances => "instances",
    /// The instance failed its connection check.
    Connection => "connection",
    /// Too many calls running at once.
    Concurrency => "concurrency",
    /// HTTP authentication failed.
    Auth => "auth",
    /// A request in another client's session.
    SessionOwner => "session_owner",
    /// The client's rate limit.
    RateLimit => "rate_limit",
    /// A new session beyond `max_sessions` or the client's `max_sessions_per_client`.
    SessionCap => "session_cap",
}

impl RefusedBy {
    fn parse(name: &str) -> Option<Self> {
        Self::LIMITS
            .into_iter()
            .find(|by| by.as_str() == name)
            .or_else(|| Rule::from_name(name).map(Self::Policy))
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
        let refusals = RefusedBy::LIMITS
            .into_iter()
            .chain(Rule::ALL.into_iter().map(RefusedBy::Policy))
            .map(Outcome::Refused);
        for outcome in refusals.chain([Outcome::OdooError, Outcome::Unknown]) {
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

    #[test]
    fn refusal_names_are_distinct() {
        let mut names: Vec<&str> = RefusedBy::LIMITS
            .into_iter()
            .chain(Rule::ALL.into_iter().map(RefusedBy::Policy))
            .map(RefusedBy::as_str)
            .collect();
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count, "{names:?}");
    }
}
