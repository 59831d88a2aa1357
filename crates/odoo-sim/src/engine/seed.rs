//! Rows the engine serves from the metadata itself: `ir.model` (from `_ir_model.json`) and
//! `ir.model.fields` (from the recorded `fields_get` of each model).

use serde_json::{Map, Value};

use super::registry::Registry;
use crate::store::Database;

/// Fills `ir.model` and `ir.model.fields` unless the dataset already did.
pub(crate) fn metadata_tables(db: &mut Database, reg: &Registry) {
    if db.table("ir.model").is_none_or(|t| t.rows.is_empty()) {
        for row in &reg.ir_model_rows {
            let mut r = Map::new();
            for key in ["id", "model", "name", "transient", "modules"] {
                if let Some(v) = row.get(key) {
                    r.insert(key.into(), v.clone());
                }
            }
            r.insert("state".into(), Value::from("base"));
            db.insert("ir.model", r);
        }
    }
    if db
        .table("ir.model.fields")
        .is_none_or(|t| t.rows.is_empty())
    {
        let model_ids: Vec<(String, i64)> = db
            .table("ir.model")
            .map(|t| {
                t.rows
                    .iter()
                    .filter_map(|(id, r)| {
                        r.get("model")
                            .and_then(Value::as_str)
                            .map(|m| (m.to_owned(), *id))
                    })
                    .collect()
            })
            .unwrap_or_default();
        for model in reg.models.values() {
            let model_id = model_ids
                .iter()
                .find(|(m, _)| *m == model.name)
                .map(|(_, id)| *id);
            for fname in &model.field_order {
                let Some(f) = model.field(fname) else {
                    continue;
                };
                let mut r = Map::new();
                r.insert("model".into(), Value::from(model.name.clone()));
                r.insert(
                    "model_id".into(),
                    model_id.map(Value::from).unwrap_or(Value::Null),
                );
                r.insert("name".into(), Value::from(fname.clone()));
                r.insert(
                    "field_description".into(),
                    f.attrs.get("string").cloned().unwrap_or(Value::Null),
                );
                r.insert(
                    "ttype".into(),
                    f.attrs.get("type").cloned().unwrap_or(Value::Null),
                );
                r.insert(
                    "relation".into(),
                    f.relation.clone().map(Value::from).unwrap_or(Value::Null),
                );
                r.insert(
                    "relation_field".into(),
                    f.relation_field
                        .clone()
                        .map(Value::from)
                        .unwrap_or(Value::Null),
                );
                r.insert("required".into(), Value::Bool(f.required));
                r.insert("readonly".into(), Value::Bool(f.readonly));
                r.insert("store".into(), Value::Bool(f.store));
                r.insert("state".into(), Value::from("base"));
                db.insert("ir.model.fields", r);
            }
        }
    }
}
