//! One Odoo value, two ways: cleaned JSON for `structuredContent` (many2one `{id, name}`,
//! `false` → `null` for non-boolean fields) and a short text cell (`Name #id`, empty for
//! empty values, long text cut).

use crate::field_type::FieldType;
use std::fmt::Write as _;

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
    let ftype = field.map(|f| &f.ftype);
    match (value, ftype) {
        (Value::Bool(false), Some(t)) if *t != FieldType::Boolean => Value::Null,
        (Value::String(data), Some(FieldType::Binary)) if data.len() > MAX_INLINE_BINARY => {
            binary_summary(data.len())
        }
        (Value::Array(mut pair), Some(FieldType::Many2one) | None) if is_id_name_pair(&pair) => {
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

/// Turns a field value into its compact form, for rows of records: like [`structured`], but
/// a many2one value stays Odoo's `[id, "name"]` pair (half the bytes of an object). In place:
/// a value that needs no change is not moved.
pub(crate) fn compact(value: &mut Value, field: Option<&FieldInfo>) {
    let Some(ftype) = field.map(|f| &f.ftype) else {
        return;
    };
    match value {
        Value::Bool(false) if *ftype != FieldType::Boolean => *value = Value::Null,
        Value::String(data) if *ftype == FieldType::Binary && data.len() > MAX_INLINE_BINARY => {
            *value = binary_summary(data.len());
        }
        _ => {}
    }
}

/// Whether the text cell of a value is empty ([`cell`] gives `""`).
pub(crate) fn is_empty_cell(value: &Value) -> bool {
    match value {
        Value::Null | Value::Bool(false) => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(items) => items.is_empty(),
        _ => false,
    }
}

/// The text cell of a value (structured or raw): empty for `false`, `null`, `""` and `[]`.
pub(crate) fn cell(value: &Value) -> String {
    let mut out = String::new();
    push_cell(&mut out, value);
    out
}

/// Appends the text cell of a value to `out` (see [`cell`]).
pub(crate) fn push_cell(out: &mut String, value: &Value) {
    match value {
        Value::Null | Value::Bool(false) => {}
        Value::Bool(true) => out.push_str("true"),
        Value::Number(n) => push_number(out, n),
        Value::String(s) => push_clean_text(out, s),
        Value::Array(items) if items.is_empty() => {}
        Value::Array(items) if is_id_name_pair(items) => {
            push_clean_text(out, items[1].as_str().unwrap_or_default());
            let _ = write!(out, " #{}", items[0]);
        }
        Value::Array(items) if items.iter().all(Value::is_i64) => id_list(out, items),
        Value::Object(map) => object_cell(out, map),
        other => push_clean_text(out, &other.to_string()),
    }
}

/// A number as JSON writes it; integers (ids, most numbers in a table) without the
/// formatting machinery.
fn push_number(out: &mut String, n: &serde_json::Number) {
    match n.as_i64() {
        Some(i) => out.push_str(itoa::Buffer::new().format(i)),
        None => {
            let _ = write!(out, "{n}");
        }
    }
}

fn object_cell(out: &mut String, map: &Map<String, Value>) {
    match (map.get("id"), map.get("name")) {
        (Some(id), Some(Value::String(name))) if map.len() == 2 => {
            push_clean_text(out, name);
            let _ = write!(out, " #{id}");
        }
        _ => push_clean_text(out, &Value::Object(map.clone()).to_string()),
    }
}

fn id_list(out: &mut String, ids: &[Value]) {
    out.push_str("ids ");
    for (n, id) in ids.iter().take(MAX_CELL_IDS).enumerate() {
        if n > 0 {
            out.push(',');
        }
        let _ = write!(out, "{id}");
    }
    let more = ids.len().saturating_sub(MAX_CELL_IDS);
    if more > 0 {
        let _ = write!(out, " (+{more} more)");
    }
}

/// One line, no tabs, at most [`MAX_CELL_CHARS`] characters.
pub(crate) fn clean_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_clean_text(&mut out, s);
    out
}

/// Appends `s` as one line, no tabs, at most [`MAX_CELL_CHARS`] characters (see
/// [`clean_text`]).
pub(crate) fn push_clean_text(out: &mut String, s: &str) {
    // Most cells start and end with a visible ASCII character: nothing to trim.
    let visible = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_graphic());
    let s = if visible(s.as_bytes().first()) && visible(s.as_bytes().last()) {
        s
    } else {
        s.trim()
    };
    // Bytes, not chars: the three are ASCII, and no byte of a multi-byte character is.
    if s.len() <= MAX_CELL_CHARS && !s.bytes().any(|b| matches!(b, b'\t' | b'\r' | b'\n')) {
        out.push_str(s);
        return;
    }
    let mut count = 0usize;
    for c in s.chars() {
        count += 1;
        if count <= MAX_CELL_CHARS {
            out.push(match c {
                '\t' | '\r' => ' ',
                '\n' => '⏎',
                c => c,
            });
        }
    }
    if count > MAX_CELL_CHARS {
        let _ = write!(out, "…(+{} chars)", count - MAX_CELL_CHARS);
    }
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
        assert_eq!(cell(&v), "Azure Interior #7");
        assert_eq!(cell(&json!([7, "Azure Interior"])), "Azure Interior #7");
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
        assert_eq!(cell(&json!(-7)), "-7");
        assert_eq!(cell(&json!(u64::MAX)), "18446744073709551615");
        assert_eq!(cell(&json!(1e300)), "1e+300");
    }

    #[test]
    fn text_is_trimmed_only_where_it_has_blanks() {
        assert_eq!(cell(&json!("  Azure ")), "Azure");
        assert_eq!(cell(&json!("\u{a0}Zoë\u{2003}")), "Zoë");
        assert_eq!(cell(&json!("a b")), "a b");
        assert_eq!(cell(&json!(" ")), "");
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
