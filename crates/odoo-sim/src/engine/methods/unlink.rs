//! `unlink`: the model's deletion rules (confirmed orders, posted entries), cascades
//! (`ondelete='cascade'`) and clearing the other links to the removed records.

use serde_json::Value;

use super::Call;
use crate::engine::access::Op;
use crate::engine::models;
use crate::engine::registry::{FieldType, Model};
use crate::fault::Fault;
use crate::store::Database;

pub(super) fn remove_rows(call: &Call<'_>, db: &mut Database, model: &Model, ids: &[i64]) {
    for id in ids {
        db.remove(&model.name, *id);
    }
    models::mail_followers::document_removed(db, model, ids);
    // Cascade lines; clear other many2one links to the removed records.
    for other in call.reg.models.values() {
        let cascades = models::behaviour(&other.name).cascades();
        for field in other.fields.values() {
            if field.ftype != FieldType::Many2one
                || field.relation.as_deref() != Some(&model.name)
                || !field.store
            {
                continue;
            }
            let Some(table) = db.table(&other.name) else {
                continue;
            };
            let hit: Vec<i64> = table
                .rows
                .iter()
                .filter(|(_, r)| {
                    r.get(&field.name)
                        .and_then(Value::as_i64)
                        .is_some_and(|v| ids.contains(&v))
                })
                .map(|(k, _)| *k)
                .collect();
            let is_cascade = cascades.contains(&field.name.as_str());
            for k in hit {
                if is_cascade {
                    db.remove(&other.name, k);
                } else if let Some(r) = db.row_mut(&other.name, k) {
                    r.insert(field.name.clone(), Value::Null);
                }
            }
        }
    }
}

/// `unlink(ids)` → true.
pub(crate) fn unlink(call: &Call<'_>, db: &mut Database) -> Result<Value, Fault> {
    call.check_records(db, Op::Unlink, Op::Unlink)?;
    models::behaviour(call.name()).check_unlink(call, db)?;
    remove_rows(call, db, call.model, &call.ids);
    Ok(Value::Bool(true))
}
