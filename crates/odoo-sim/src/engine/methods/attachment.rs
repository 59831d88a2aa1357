//! `ir.attachment` content: Odoo keeps a file's bytes in `db_datas` (or the filestore) behind
//! the non-stored `datas` field (renamed `raw` in Odoo 20) and computes `file_size` from them.
//! The simulator stores the base64 text in `db_datas` and reads it back through either name.

use base64::Engine as _;
use serde_json::{Map, Value};

use crate::store::Row;

/// Where the content is stored.
pub(crate) const STORED: &str = "db_datas";

/// True for the fields that read the content (`datas`, and `raw` from Odoo 20).
pub(crate) fn is_content_field(model: &str, field: &str) -> bool {
    model == "ir.attachment" && matches!(field, "datas" | "raw")
}

/// Stores the content given as `datas` or `raw` in `own`, with its `file_size`.
pub(super) fn on_create(vals: &Map<String, Value>, own: &mut Row) {
    let Some(content) = ["raw", "datas"]
        .iter()
        .find_map(|k| vals.get(*k).and_then(Value::as_str))
    else {
        return;
    };
    let size = base64::engine::general_purpose::STANDARD
        .decode(content.as_bytes())
        .map_or(0, |bytes| bytes.len());
    own.insert(STORED.into(), Value::from(content));
    own.insert("file_size".into(), Value::from(size));
    if own.get("type").is_none_or(Value::is_null) {
        own.insert("type".into(), Value::from("binary"));
    }
}
