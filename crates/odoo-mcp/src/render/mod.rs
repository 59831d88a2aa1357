//! Rendering Odoo data for MCP clients: cleaned JSON for `structuredContent` and compact text
//! for `content` (what most clients show the model, so every token counts).
//!
//! - `value`: one value, structured (`{id, name}` for many2one) and as a text cell;
//! - `records`: records cleaned (secret fields stripped) and as a tab-separated table;
//! - `groups`: the groups of a grouping, shaped for output and as a table;
//! - `tsv`: the one tab-separated text table both are written with;
//! - `default_fields`: the small field set used when the caller names none;
//! - `table_file`: records as a CSV or XLSX file (exports).

pub(crate) mod default_fields;
pub(crate) mod groups;
pub(crate) mod html;
pub(crate) mod records;
pub(crate) mod table_file;
pub(crate) mod tsv;
pub(crate) mod value;

pub(crate) use default_fields::default_fields;
pub(crate) use records::{clean, datetime_note, is_withheld, record_lines, table};
pub(crate) use value::{cell, clean_text, structured};

/// What a datetime in a result is. Odoo stores and returns datetimes in UTC without an offset;
/// this server passes them on unchanged and says so: in the output schemas of the tools that
/// return records (`concat!` with this macro) and after a text table holding one
/// (`records::datetime_note`). The one home of the
/// rule.
macro_rules! datetimes_note {
    () => {
        "Datetimes are UTC (\"YYYY-MM-DD HH:MM:SS\", as Odoo stores them; convert for the user's time zone); dates have no time zone."
    };
}
pub(crate) use datetimes_note;

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
