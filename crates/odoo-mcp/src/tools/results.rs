//! Building tool results: structured content with its text, the notes on a listing's fields,
//! and a handler's failure as an error result.

use rmcp::model::{CallToolResult, ContentBlock};
use serde::Serialize;
use serde_json::Value;

use crate::error::ToolError;

/// A successful result: `structured` as `structuredContent`, `text` as the text content.
pub(crate) fn success<T: Serialize>(structured: &T, text: String) -> CallToolResult {
    match serde_json::to_value(structured) {
        Ok(value) => structured_result(value, text),
        Err(e) => serialisation_failed(&e),
    }
}

/// Like [`success`], with the record `rows` moved (not copied) into the structured content as
/// its `rows` key: `structured` should carry an empty `rows` list, which this replaces.
pub(crate) fn success_with_records<T: Serialize>(
    structured: &T,
    rows: Vec<Vec<Value>>,
    text: String,
) -> CallToolResult {
    match serde_json::to_value(structured) {
        Ok(Value::Object(mut map)) => {
            let rows = rows.into_iter().map(Value::Array).collect();
            map.insert("rows".to_owned(), Value::Array(rows));
            structured_result(Value::Object(map), text)
        }
        Ok(_) => {
            tracing::error!("a tool result did not serialise to an object");
            ToolError::invalid("internal error: the result could not be serialised").into_result()
        }
        Err(e) => serialisation_failed(&e),
    }
}

fn structured_result(value: Value, text: String) -> CallToolResult {
    let mut result = CallToolResult::success(vec![ContentBlock::text(text)]);
    result.structured_content = Some(value);
    result
}

fn serialisation_failed(e: &serde_json::Error) -> CallToolResult {
    tracing::error!(error = %e, "could not serialise a tool result");
    ToolError::invalid("internal error: the result could not be serialised").into_result()
}

/// The tool result of a handler's outcome (logged at debug level).
pub(crate) fn finish<R: From<CallToolResult>>(outcome: Result<R, ToolError>) -> R {
    match outcome {
        Ok(result) => {
            tracing::debug!("tool call succeeded");
            result
        }
        Err(e) => e.into_result().into(),
    }
}

/// The secret fields refused when selecting fields and those stripped from the rows, once each.
pub(crate) fn merge_removed(mut removed: Vec<String>, stripped: Vec<String>) -> Vec<String> {
    for field in stripped {
        if !removed.contains(&field) {
            removed.push(field);
        }
    }
    removed
}

/// The notes on a record listing's fields: default set used, secret fields left out.
pub(crate) fn push_field_notes(text: &mut String, defaulted: bool, removed: &[String]) {
    if defaulted {
        text.push_str(" Default fields; pass `fields` for others.");
    }
    if !removed.is_empty() {
        text.push_str(&format!(
            " Secret fields are never returned: {}.",
            removed.join(", ")
        ));
    }
}
