//! One Odoo value, two ways: cleaned JSON for `structuredContent` (many2one `{id, name}`,
//! `false` → `null` for non-boolean fields) and a short text cell (`Name (#id)`, empty for
//! empty values, long text cut).

use serde_json::{Map, Value};

use crate::metadata::FieldInfo;

/// Longest text cell, in characters; longer values are cut with a note.
pub(crate) const MAX_CELL_CHARS: usize = 200;
/// Most ids listed for an x2many field in a text cell.
const MAX_CELL_IDS: usize = 8;

/// Longest binary value (base64 text) returned inline; a larger one is replaced by its size.
pub(crate) const MAX_INLINE_BINARY: usize = 4096;

/// The structured form of a field value. `field` is `None` when the metadata is unknown.
pub(crate) fn structured(value: Value, field: Option<&FieldInfo>) -> Value {
    let ftype = field.map(|f| f.ftype.as_str());
    match (value, ftype) {
        (Value::Bool(false), Some(t)) if t != "boolean" => Value::Null,
        (Value::String(data), Some("binary")) if data.len() > MAX_INLINE_BINARY => {
            binary_summary(data.len())
        }
        (Value::Array(mut pair), Some("many2one") | None) if is_id_name_pair(&pair) => {
            let name = pair.pop().unwrap_or_default();
            let id = pair.pop().unwrap_or_default();
            let mut object = serde_json::Map::with_capacity(2);
            object.insert("id".into(), id);
            object.insert("name".into(), name);
            Value::Object(object)
        }
        (value, _) => value,
    }
}

/// What stands for a binary value too large to inline: its size, and why it is not there.
fn binary_summary(base64_len: usize) -> Value {
    let bytes = base64_len / 4 * 3;
    serde_json::json!({
        "binary": true,
        "bytes": bytes,
        "note": format!(
            "binary content of about {bytes} bytes is not returned inline (more than \
             {MAX_INLINE_BINARY} characters of base64): file contents do not belong in a \
             model's context; open the record in Odoo to download it"
        ),
    })
}

/// `[id, "name"]`, Odoo's many2one shape.
fn is_id_name_pair(pair: &[Value]) -> bool {
    pair.len() == 2 && pair[0].is_i64() && pair[1].is_string()
}

/// The text cell of a value (structured or raw): empty for `false`, `null`, `""` and `[]`.
pub(crate) fn cell(value: &Value) -> String {
    match value {
        Value::Null | Value::Bool(false) => String::new(),
        Value::Bool(true) => "true".into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => clean_text(s),
        Value::Array(items) if items.is_empty() => String::new(),
        Value::Array(items) if is_id_name_pair(items) => {
            format!(
                "{} (#{})",
                clean_text(items[1].as_str().unwrap_or_default()),
                items[0]
            )
        }
        Value::Array(items) if items.iter().all(Value::is_i64) => id_list(items),
        Value::Object(map) => object_cell(map),
        other => clean_text(&other.to_string()),
    }
}

fn object_cell(map: &Map<String, Value>) -> String {
    match (map.get("id"), map.get("name")) {
        (Some(id), Some(Value::String(name))) if map.len() == 2 => {
            format!("{} (#{id})", clean_text(name))
        }
        _ => clean_text(&Value::Object(map.clone()).to_string()),
    }
}

fn id_list(ids: &[Value]) -> String {
    let shown: Vec<String> = ids
        .iter()
        .take(MAX_CELL_IDS)
        .map(Value::to_string)
        .collect();
    let more = ids.len().saturating_sub(MAX_CELL_IDS);
    if more > 0 {
        format!("ids {} (+{more} more)", shown.join(","))
    } else {
        format!("ids {}", shown.join(","))
    }
}

/// One line, no tabs, at most [`MAX_CELL_CHARS`] characters.
pub(crate) fn clean_text(s: &str) -> String {
    let flat: String = s
        .trim()
        .chars()
        .map(|c| match c {
            '\t' | '\r' => ' ',
            '\n' => '⏎',
            c => c,
        })
        .collect();
    let count = flat.chars().count();
    if count <= MAX_CELL_CHARS {
        return flat;
    }
    let cut: String = flat.chars().take(MAX_CELL_CHARS).collect();
    format!("{cut}…(+{} chars)", count - MAX_CELL_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metadata::FieldInfo;
    use serde_json::json;

    fn field(ftype: &str) -> FieldInfo {
        FieldInfo::from_odoo("f", &json!({"type": ftype}))
    }

    #[test]
    fn many2one_becomes_id_and_name() {
        let v = structured(json!([7, "Azure Interior"]), Some(&field("many2one")));
        assert_eq!(v, json!({"id": 7, "name": "Azure Interior"}));
        assert_eq!(cell(&v), "Azure Interior (#7)");
        assert_eq!(cell(&json!([7, "Azure Interior"])), "Azure Interior (#7)");
    }

    #[test]
    fn false_means_empty_except_for_booleans() {
        assert_eq!(structured(json!(false), Some(&field("char"))), Value::Null);
        assert_eq!(
            structured(json!(false), Some(&field("many2one"))),
            Value::Null
        );
        assert_eq!(
            structured(json!(false), Some(&field("boolean"))),
            json!(false)
        );
        assert_eq!(cell(&json!(false)), "");
        assert_eq!(cell(&Value::Null), "");
        assert_eq!(cell(&json!(true)), "true");
    }

    #[test]
    fn text_cells_are_one_short_line() {
        assert_eq!(cell(&json!("a\tb\nc")), "a b⏎c");
        let long = "x".repeat(250);
        let c = cell(&json!(long));
        assert!(c.ends_with("…(+50 chars)"), "{c}");
    }

    #[test]
    fn id_lists_are_capped() {
        assert_eq!(cell(&json!([1, 2, 3])), "ids 1,2,3");
        let many: Vec<i64> = (1..=10).collect();
        assert_eq!(cell(&json!(many)), "ids 1,2,3,4,5,6,7,8 (+2 more)");
        assert_eq!(cell(&json!([])), "");
    }

    #[test]
    fn numbers_keep_their_form() {
        assert_eq!(cell(&json!(1234.5)), "1234.5");
        assert_eq!(cell(&json!(42)), "42");
    }
}

#[cfg(test)]
mod binary_tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn large_binary_values_are_replaced_by_their_size() {
        let field = FieldInfo::from_odoo("datas", &json!({"type": "binary"}));
        let big = "QUJD".repeat(100_000);
        let shown = structured(Value::String(big), Some(&field));
        assert_eq!(shown["bytes"], json!(300_000));
        assert!(shown.to_string().len() < 400, "{shown}");
        let small = structured(json!("QUJD"), Some(&field));
        assert_eq!(small, json!("QUJD"));
    }
}
