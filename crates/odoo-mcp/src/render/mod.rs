//! Rendering Odoo data for MCP clients: cleaned JSON for `structuredContent` and compact text
//! for `content` (what most clients show the model, so every token counts).
//!
//! - `value`: one value, structured (`{id, name}` for many2one) and as a text cell;
//! - `records`: records cleaned (secret fields stripped) and as a tab-separated table;
//! - `default_fields`: the small field set used when the caller names none.

pub(crate) mod default_fields;
pub(crate) mod html;
pub(crate) mod records;
pub(crate) mod value;

pub(crate) use default_fields::default_fields;
pub(crate) use records::{clean, is_withheld, record_lines, table};
pub(crate) use value::{cell, clean_text, structured};

/// Compact JSON of a value, cut at `max` characters (for method results and the like).
pub(crate) fn compact_json(value: &serde_json::Value, max: usize) -> String {
    let s = value.to_string();
    let count = s.chars().count();
    if count <= max {
        return s;
    }
    let cut: String = s.chars().take(max).collect();
    format!(
        "{cut}…(+{} chars; the full value is in structuredContent)",
        count - max
    )
}

/// `"1, 2, 3"` (at most 20 ids, then how many more).
pub(crate) fn id_summary(ids: &[i64]) -> String {
    let shown: Vec<String> = ids.iter().take(20).map(i64::to_string).collect();
    match ids.len().saturating_sub(20) {
        0 => shown.join(", "),
        more => format!("{} (+{more} more)", shown.join(", ")),
    }
}
