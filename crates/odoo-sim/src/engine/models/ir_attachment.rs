//! `ir.attachment`: files attached to records. Odoo keeps a file's bytes in `db_datas` (or
//! the filestore) behind the non-stored `datas` field (renamed `raw` in Odoo 20) and computes
//! `file_size` from them. The simulator stores the base64 text in `db_datas` and reads it back
//! through either name.

use base64::Engine as _;
use serde_json::{Map, Value};

use super::{Behaviour, SetDefault, Settings};
use crate::engine::access::{self, Acl};
use crate::engine::methods::Call;
use crate::engine::records;
use crate::engine::registry::{Model, Registry};
use crate::engine::values::format_scalar;
use crate::store::{Database, Row};

pub(super) struct IrAttachment;

/// Where the content is stored.
const STORED: &str = "db_datas";
/// The fields that carry the content (`datas`, and `raw` from Odoo 20).
const CONTENT: &[&str] = &["raw", "datas"];

impl Behaviour for IrAttachment {
    fn name(&self) -> &'static str {
        "ir.attachment"
    }
    fn metadata(&self) -> Option<&'static str> {
        Some(include_str!("../../../data/models/ir.attachment.json"))
    }
    fn acl(&self) -> Acl {
        &[(access::USER, "rwcu")]
    }
    fn settings(&self) -> Settings {
        Settings {
            order: "id desc",
            rec_names_search: &["name"],
            ..Settings::DEFAULT
        }
    }
    fn defaults(&self, _call: &Call<'_>, _db: &Database, set: &mut SetDefault<'_>) {
        set("type", Value::from("binary"));
    }
    /// Stores the content given as `datas` or `raw`, with its `file_size`.
    fn create_values(&self, vals: &Map<String, Value>, own: &mut Row) {
        let Some(content) = CONTENT
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
    /// `datas` / `raw` read the stored content.
    fn computed(
        &self,
        db: &Database,
        reg: &Registry,
        model: &Model,
        id: i64,
        field: &str,
    ) -> Option<Value> {
        let field = model
            .field(field)
            .filter(|f| CONTENT.contains(&f.name.as_str()))?;
        Some(format_scalar(
            field.ftype,
            records::stored(db, reg, model, id, STORED),
        ))
    }
}
