//! One2many/many2many commands (`(0, 0, vals)`, `(4, id)`, `(6, 0, ids)`, …) applied to a
//! record once it exists.

use serde_json::Value;

use super::Call;
use super::create::create_one;
use super::unlink::remove_rows;
use super::write::write_rows;
use crate::engine::records;
use crate::engine::registry::{FieldType, Model};
use crate::fault::{Fault, FaultKind};
use crate::store::Database;

/// An x2many change applied once the record exists.
pub(super) struct Pending {
    pub(super) field: String,
    pub(super) commands: Vec<Value>,
}

pub(super) fn normalize_commands(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(items) if items.iter().all(|i| i.is_number()) => {
            vec![Value::Array(vec![
                Value::from(6),
                Value::from(0),
                Value::Array(items.clone()),
            ])]
        }
        Value::Array(items) => items.clone(),
        Value::Bool(false) | Value::Null => vec![Value::Array(vec![Value::from(5)])],
        _ => Vec::new(),
    }
}

pub(super) fn apply_commands(
    call: &Call<'_>,
    db: &mut Database,
    model: &Model,
    id: i64,
    p: &Pending,
) -> Result<(), Fault> {
    let Some(field) = model.field(&p.field) else {
        return Ok(());
    };
    let comodel_name = field.relation.clone().unwrap_or_default();
    let Some(comodel) = call.reg.model(&comodel_name) else {
        return Ok(());
    };
    let inverse = field.relation_field.clone();
    let o2m = field.ftype == FieldType::One2many;
    let mut current: Vec<i64> = records::related_ids(db, call.reg, model, id, &p.field);
    for cmd in &p.commands {
        let Some(parts) = cmd.as_array() else {
            continue;
        };
        let code = parts.first().and_then(Value::as_i64).unwrap_or(-1);
        let target = parts.get(1).and_then(Value::as_i64);
        let vals = parts
            .get(2)
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        match code {
            0 => {
                let mut vals = vals;
                if o2m && let Some(inv) = &inverse {
                    vals.insert(inv.clone(), Value::from(id));
                }
                let new_id = create_one(call, db, comodel, &vals)?;
                current.push(new_id);
            }
            1 => {
                if let Some(t) = target {
                    write_rows(call, db, comodel, &[t], &vals)?;
                }
            }
            2 => {
                if let Some(t) = target {
                    remove_rows(call, db, comodel, &[t]);
                    current.retain(|x| *x != t);
                }
            }
            3 => {
                if let Some(t) = target {
                    current.retain(|x| *x != t);
                    if o2m
                        && let Some(inv) = &inverse
                        && let Some(r) = db.row_mut(&comodel_name, t)
                    {
                        r.insert(inv.clone(), Value::Null);
                    }
                }
            }
            4 => {
                if let Some(t) = target {
                    if !records::exists(db, &comodel_name, t) {
                        return Err(Fault::new(
                            FaultKind::MissingError,
                            format!(
                                "Record does not exist or has been deleted.\n(Record: {comodel_name}({t},), User: {})",
                                call.env.uid
                            ),
                        ));
                    }
                    if !current.contains(&t) {
                        current.push(t);
                    }
                    if o2m
                        && let Some(inv) = &inverse
                        && let Some(r) = db.row_mut(&comodel_name, t)
                    {
                        r.insert(inv.clone(), Value::from(id));
                    }
                }
            }
            5 | 6 => {
                let new: Vec<i64> = if code == 6 {
                    parts
                        .get(2)
                        .and_then(Value::as_array)
                        .map(|a| a.iter().filter_map(Value::as_i64).collect())
                        .unwrap_or_default()
                } else {
                    Vec::new()
                };
                if o2m && let Some(inv) = &inverse {
                    for t in &current {
                        if !new.contains(t)
                            && let Some(r) = db.row_mut(&comodel_name, *t)
                        {
                            r.insert(inv.clone(), Value::Null);
                        }
                    }
                    for t in &new {
                        if let Some(r) = db.row_mut(&comodel_name, *t) {
                            r.insert(inv.clone(), Value::from(id));
                        }
                    }
                }
                current = new;
            }
            _ => {}
        }
    }
    if !o2m && let Some(r) = db.row_mut(&model.name, id) {
        r.insert(p.field.clone(), Value::from(current));
    }
    Ok(())
}
