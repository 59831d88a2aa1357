//! `copy`: duplicates records — stored fields except the magic ones, the model's own changes
//! (`(copy)` names, draft states, copied lines; `engine/models`), then `default`.

use serde_json::{Map, Value};

use super::Call;
use super::create::create_one;
use crate::engine::access::Op;
use crate::engine::models;
use crate::engine::records;
use crate::engine::registry::FieldType;
use crate::fault::Fault;
use crate::store::Database;

/// `copy(ids, default)` → new ids.
pub(crate) fn copy(call: &Call<'_>, db: &mut Database) -> Result<Value, Fault> {
    call.check_records(db, Op::Create, Op::Read)?;
    let behaviour = models::behaviour(call.name());
    let overrides = call
        .arg("default")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut new_ids = Vec::new();
    for id in call.ids.clone() {
        let Some(row) = records::row(db, call.name(), id).cloned() else {
            continue;
        };
        let mut vals = Map::new();
        for (k, v) in &row {
            let Some(f) = call.model.field(k) else {
                continue;
            };
            if matches!(
                k.as_str(),
                "id" | "create_date" | "write_date" | "create_uid" | "write_uid" | "complete_name"
            ) || !f.store
                || f.ftype == FieldType::One2many
            {
                continue;
            }
            vals.insert(k.clone(), v.clone());
        }
        behaviour.copy_values(&row, &mut vals);
        for (k, v) in &overrides {
            vals.insert(k.clone(), v.clone());
        }
        let new_id = create_one(call, db, call.model, &vals)?;
        behaviour.after_copy(call, db, id, new_id)?;
        new_ids.push(new_id);
    }
    Ok(Value::from(new_ids))
}
