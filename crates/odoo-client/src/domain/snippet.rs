//! Short renderings of untrusted JSON for error messages: bounded in length and in depth, so
//! quoting a huge or deeply nested element can neither flood a message nor overflow the stack.

use std::fmt::Write;

use serde_json::Value;

/// Most characters of a quoted element in an error message.
pub(crate) const MAX_SNIPPET: usize = 80;
/// Deeper arrays are shown as `[…]`.
const MAX_SNIPPET_DEPTH: usize = 4;

/// `value` as compact JSON (`["name", "=", "x"]`), cut at [`MAX_SNIPPET`] characters.
pub(crate) fn snippet(value: &Value) -> String {
    let mut out = String::new();
    render(value, 0, &mut out);
    super::operator::truncate(&out, MAX_SNIPPET)
}

/// The JSON type of `value`, with an article (`"an object"`).
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Writes `value`, stopping as soon as the output is longer than a snippet.
fn render(value: &Value, depth: usize, out: &mut String) {
    if out.len() > MAX_SNIPPET {
        return;
    }
    match value {
        Value::Array(items) if depth >= MAX_SNIPPET_DEPTH && !items.is_empty() => {
            out.push_str("[…]");
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if out.len() > MAX_SNIPPET {
                    return;
                }
                if i > 0 {
                    out.push_str(", ");
                }
                render(item, depth + 1, out);
            }
            out.push(']');
        }
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Object(_) => out.push_str("{…}"),
        Value::String(s) => {
            // A string longer than a snippet is cut anyway: do not copy megabytes to cut them.
            let head = super::operator::truncate(s, MAX_SNIPPET + 1);
            let _ = write!(out, "{head:?}");
        }
        scalar => {
            let _ = write!(out, "{scalar}");
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn short_elements_are_quoted_whole() {
        assert_eq!(
            snippet(&json!(["name", "equals", "x"])),
            r#"["name", "equals", "x"]"#
        );
        assert_eq!(snippet(&json!(["a", "=", {"k": 1}])), r#"["a", "=", {…}]"#);
        assert_eq!(snippet(&json!([1, "=", null])), r#"[1, "=", null]"#);
    }

    #[test]
    fn long_and_deep_elements_are_cut() {
        let long = snippet(&json!(["name", "=", "x".repeat(10_000)]));
        assert_eq!(long.chars().count(), MAX_SNIPPET + 1);
        assert!(long.ends_with('…'));
        assert_eq!(snippet(&json!([[[[[["deep"]]]]]])), "[[[[[…]]]]]");
        let wide: Vec<i64> = (0..10_000).collect();
        assert!(snippet(&json!(wide)).chars().count() <= MAX_SNIPPET + 1);
    }
}
