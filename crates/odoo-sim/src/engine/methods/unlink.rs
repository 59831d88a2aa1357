//! `unlink`: state checks (confirmed orders, posted entries), cascades and clearing links to
//! the removed records.

use serde_json::Value;

use super::Call;
use crate::engine::access::Op;
use crate::engine::records;
use crate::engine::registry::{FieldType, Model};
use crate::fault::{Fault, FaultKind};
use crate::store::Database;

pub(super) fn remove_rows(call: &Call<'_>, db: &mut Database, model: &Model, ids: &[i64]) {
    for id in ids {
        db.table_mut(&model.name).rows.remove(id);
    }
    // Cascade lines; clear other many2one links to the removed records.
    let cascade: &[(&str, &str)] = &[
        ("sale.order.line", "order_id"),
        ("account.move.line", "move_id"),
    ];
    for other in call.reg.models.values() {
        for field in other.fields.values() {
            if field.ftype != FieldType::Many2one
                || field.relation.as_deref() != Some(&model.name)
                || !field.store
            {
                continue;
            }
            let Some(table) = db.tables.get_mut(&other.name) else {
                continue;
            };
            let is_cascade = cascade
                .iter()
                .any(|(m, f)| *m == other.name && *f == field.name);
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
            for k in hit {
                if is_cascade {
                    table.rows.remove(&k);
                } else if let Some(r) = table.rows.get_mut(&k) {
                    r.insert(field.name.clone(), Value::Null);
                }
            }
        }
    }
}

/// `unlink(ids)` → true.
pub(crate) fn unlink(call: &Call<'_>, db: &mut Database) -> Result<Value, Fault> {
    call.check(db, Op::Unlink)?;
    let missing: Vec<i64> = call
        .ids
        .iter()
        .copied()
        .filter(|i| !records::exists(db, call.name(), *i))
        .collect();
    if !missing.is_empty() {
        return Err(call.missing(&missing));
    }
    call.check_rules(db, &call.ids, Op::Unlink)?;
    if call.name() == "sale.order" {
        for id in &call.ids {
            let state = records::stored(db, call.reg, call.model, *id, "state");
            if matches!(state.as_str(), Some("sale" | "sent")) {
                return Err(Fault::new(
                    FaultKind::UserError,
                    "You can not delete a sent quotation or a confirmed sales order. You must first cancel it.",
                ));
            }
        }
    }
    if call.name() == "account.move" {
        for id in &call.ids {
            if records::stored(db, call.reg, call.model, *id, "state").as_str() == Some("posted") {
                return Err(Fault::new(
                    FaultKind::UserError,
                    "You cannot delete an entry which has been posted once.",
                ));
            }
        }
    }
    remove_rows(call, db, call.model, &call.ids);
    Ok(Value::Bool(true))
}
