//! `unlink`: the model's deletion rules (confirmed orders, posted entries), the records
//! other models keep pointing at (`ondelete='restrict'`), cascades (`ondelete='cascade'`) and
//! clearing the other links to the removed records.

use serde_json::Value;

use super::Call;
use crate::engine::access::Op;
use crate::engine::models;
use crate::engine::registry::{Field, FieldType, Model};
use crate::fault::{Fault, FaultKind};
use crate::store::Database;

/// How a many2one reacts when its target is deleted (Odoo's `Many2one.ondelete`: as declared,
/// else `restrict` for a required field and `set null` otherwise; a required field of a
/// transient model cascades).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OnDelete {
    Cascade,
    Restrict,
    SetNull,
}

fn on_delete(call: &Call<'_>, model: &Model, field: &Field) -> OnDelete {
    let behaviour = models::behaviour(&model.name);
    let transient = call.reg.ir_model_rows.iter().any(|r| {
        r.get("model").and_then(Value::as_str) == Some(model.name.as_str())
            && r.get("transient").and_then(Value::as_bool) == Some(true)
    });
    if behaviour.cascades().contains(&field.name.as_str()) || (field.required && transient) {
        OnDelete::Cascade
    } else if field.required || behaviour.restricts().contains(&field.name.as_str()) {
        OnDelete::Restrict
    } else {
        OnDelete::SetNull
    }
}

/// The stored many2one fields of every model that point at `model`.
fn links_to<'r>(call: &Call<'r>, model: &Model) -> Vec<(&'r Model, &'r Field)> {
    call.reg
        .models
        .values()
        .flat_map(|other| other.fields.values().map(move |f| (other, f)))
        .filter(|(_, f)| {
            f.ftype == FieldType::Many2one
                && f.store
                && f.relation.as_deref() == Some(model.name.as_str())
        })
        .collect()
}

/// PostgreSQL refuses to delete a row a `restrict` foreign key still points at (the rows
/// deleted together excepted); Odoo's RPC layer turns the ForeignKeyViolation into a
/// ValidationError naming the referencing model and the constraint
/// (`odoo/service/model.py::_as_validation_error`).
fn check_restrict(call: &Call<'_>, db: &Database, model: &Model, ids: &[i64]) -> Result<(), Fault> {
    for (other, field) in links_to(call, model) {
        if on_delete(call, other, field) != OnDelete::Restrict {
            continue;
        }
        let Some(table) = db.table(&other.name) else {
            continue;
        };
        let blocked = table.rows.iter().any(|(k, r)| {
            r.get(&field.name)
                .and_then(Value::as_i64)
                .is_some_and(|v| ids.contains(&v))
                && !(other.name == model.name && ids.contains(k))
        });
        if blocked {
            let table = other.name.replace('.', "_");
            return Err(Fault::new(
                FaultKind::ValidationError,
                format!(
                    "The operation cannot be completed: another model requires the record being deleted. If possible, archive it instead.\n\nModel: {} ({})\nConstraint: {table}_{}_fkey\n",
                    other.description, other.name, field.name
                ),
            ));
        }
    }
    Ok(())
}

pub(super) fn remove_rows(call: &Call<'_>, db: &mut Database, model: &Model, ids: &[i64]) {
    for id in ids {
        db.remove(&model.name, *id);
    }
    models::mail_followers::document_removed(db, model, ids);
    // Cascade lines; clear other many2one links to the removed records.
    for (other, field) in links_to(call, model) {
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
        let is_cascade = on_delete(call, other, field) == OnDelete::Cascade;
        for k in hit {
            if is_cascade {
                db.remove(&other.name, k);
            } else if let Some(r) = db.row_mut(&other.name, k) {
                r.insert(field.name.clone(), Value::Null);
            }
        }
    }
}

/// `unlink(ids)` → true.
pub(crate) fn unlink(call: &Call<'_>, db: &mut Database) -> Result<Value, Fault> {
    call.check_records(db, Op::Unlink, Op::Unlink)?;
    models::behaviour(call.name()).check_unlink(call, db)?;
    check_restrict(call, db, call.model, &call.ids)?;
    remove_rows(call, db, call.model, &call.ids);
    Ok(Value::Bool(true))
}
