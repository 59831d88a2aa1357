//! The answer to a request rmcp could not read as any method it knows.
//!
//! rmcp parses a request as the first method whose params fit and hands everything else to
//! `on_custom_request`, whose default answers "method not found" with the bare method name —
//! also for `tasks/get` with a numeric `taskId` or `tools/call` with params that are a string.
//! Here a standard method with params that do not fit gets JSON-RPC "invalid params" naming the
//! method and what is wrong with them (serde's reason, cut short: it may quote the value), and
//! an unknown method gets "method not found" saying so.

use rmcp::ErrorData;
use rmcp::model::{
    CallToolRequestParams, CancelTaskParams, CompleteRequestParams, ConstString, CustomRequest,
    GetPromptRequestParams, GetTaskParams, PaginatedRequestParams, ReadResourceRequestParams,
    SubscribeRequestParams, UnsubscribeRequestParams, UpdateTaskParams,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Longest reason quoted from the parser.
const MAX_REASON_CHARS: usize = 160;

/// Longest method name quoted.
const MAX_METHOD_CHARS: usize = 64;

/// Why `params` do not fit a method's params type `P` (`None`: they fit).
type Probe = fn(Option<&Value>) -> Option<String>;

/// Params that must be present.
fn required<P: DeserializeOwned>(params: Option<&Value>) -> Option<String> {
    let Some(params) = params else {
        return Some("params are missing".to_owned());
    };
    serde_json::from_value::<P>(params.clone())
        .err()
        .map(|e| e.to_string())
}

/// Params that may be left out.
fn optional<P: DeserializeOwned>(params: Option<&Value>) -> Option<String> {
    match params {
        None | Some(Value::Null) => None,
        Some(params) => serde_json::from_value::<P>(params.clone())
            .err()
            .map(|e| e.to_string()),
    }
}

/// The standard methods with params, named by rmcp's own constants.
fn probes() -> [(&'static str, Probe); 13] {
    use rmcp::model as m;
    [
        (
            m::CallToolRequestMethod::VALUE,
            required::<CallToolRequestParams>,
        ),
        (
            m::ListToolsRequestMethod::VALUE,
            optional::<PaginatedRequestParams>,
        ),
        (m::GetTaskMethod::VALUE, required::<GetTaskParams>),
        (m::UpdateTaskMethod::VALUE, required::<UpdateTaskParams>),
        (m::CancelTaskMethod::VALUE, required::<CancelTaskParams>),
        (
            m::ReadResourceRequestMethod::VALUE,
            required::<ReadResourceRequestParams>,
        ),
        (
            m::ListResourcesRequestMethod::VALUE,
            optional::<PaginatedRequestParams>,
        ),
        (
            m::ListResourceTemplatesRequestMethod::VALUE,
            optional::<PaginatedRequestParams>,
        ),
        (
            m::SubscribeRequestMethod::VALUE,
            required::<SubscribeRequestParams>,
        ),
        (
            m::UnsubscribeRequestMethod::VALUE,
            required::<UnsubscribeRequestParams>,
        ),
        (
            m::GetPromptRequestMethod::VALUE,
            required::<GetPromptRequestParams>,
        ),
        (
            m::ListPromptsRequestMethod::VALUE,
            optional::<PaginatedRequestParams>,
        ),
        (
            m::CompleteRequestMethod::VALUE,
            required::<CompleteRequestParams>,
        ),
    ]
}

/// The error for `request`, which no method rmcp knows accepted.
pub(crate) fn refusal(request: &CustomRequest) -> ErrorData {
    let method = request.method.as_str();
    let shown: String = method.chars().take(MAX_METHOD_CHARS).collect();
    let Some((_, probe)) = probes().into_iter().find(|(name, _)| *name == method) else {
        return ErrorData::new(
            rmcp::model::ErrorCode::METHOD_NOT_FOUND,
            format!(
                "method {shown:?} is not offered by this server (see the MCP specification for \
                 the methods of its protocol version)"
            ),
            None,
        );
    };
    let reason = probe(request.params.as_ref())
        .map(|r| {
            let cut: String = r.chars().take(MAX_REASON_CHARS).collect();
            if cut.len() < r.len() {
                format!("{cut}…")
            } else {
                cut
            }
        })
        .unwrap_or_else(|| "they do not fit the method".to_owned());
    tracing::debug!(method, "refused a request with malformed params");
    ErrorData::invalid_params(
        format!(
            "malformed params for `{shown}`: {reason}; send them as the MCP specification \
             defines them (an object with the documented fields and types)"
        ),
        None,
    )
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn refused(method: &str, params: Option<Value>) -> ErrorData {
        refusal(&CustomRequest::new(method, params))
    }

    #[test]
    fn a_known_method_with_bad_params_is_invalid_params_naming_the_field() {
        let e = refused("tasks/get", Some(json!({"taskId": 42})));
        assert_eq!(e.code, rmcp::model::ErrorCode::INVALID_PARAMS);
        assert!(e.message.contains("`tasks/get`"), "{}", e.message);
        assert!(e.message.contains("expected a string"), "{}", e.message);
        let e = refused("tools/call", Some(json!("read everything")));
        assert_eq!(e.code, rmcp::model::ErrorCode::INVALID_PARAMS);
        let e = refused("tasks/cancel", None);
        assert!(e.message.contains("missing"), "{}", e.message);
    }

    #[test]
    fn an_unknown_method_is_method_not_found_and_huge_values_are_cut() {
        let e = refused("tasks/list", Some(json!({})));
        assert_eq!(e.code, rmcp::model::ErrorCode::METHOD_NOT_FOUND);
        assert!(e.message.contains("\"tasks/list\""), "{}", e.message);
        let e = refused(&"x".repeat(100_000), None);
        assert!(e.message.len() < 400, "{}", e.message.len());
        let e = refused("tasks/get", Some(json!({"taskId": ["y".repeat(100_000)]})));
        assert!(e.message.len() < 600, "{}", e.message.len());
    }
}
