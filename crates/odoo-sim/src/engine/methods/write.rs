//! `write`: field access, missing records, record rules, then the change, its x2many
//! commands, delegated parent values, recomputations and constraints.

use serde_json::{Map, Value};

use super::Call;
use super::validation::{check_constraints, prepare};
use super::x2many_commands::apply_commands;
use crate::engine::access::{self, Op};
use crate::engine::dates;
use crate::engine::models;
use crate::engine::records;
use crate::engine::registry::Model;
use crate::fault::{Fault, FaultKind};
use crate::store::Database;

pub(super) fn write_rows(
    call: &Call<'_>,
    db: &mut Database,
    model: &Model,
    ids: &[i64],
    vals: &Map<String, Value>,
) -> Result<(), Fault> {
    let (own, parent_vals, pending) = prepare(call, db, model, vals, false)?;
    let now = dates::now_string();
    for id in ids {
        if let Some(r) = db.row_mut(&model.name, *id) {
            for (k, v) in &own {
                r.insert(k.clone(), v.clone());
            }
            if model.field("write_date").is_some_and(|f| f.store) {
                r.insert("write_date".into(), Value::from(now.clone()));
                r.insert("write_uid".into(), Value::from(call.env.uid));
            }
        }
        if !parent_vals.is_empty()
            && let Some((parent_model, via)) = &model.inherits
            && let Some(pid) = records::m2o_id(db, call.reg, model, *id, via)
            && let Some(pm) = call.reg.model(parent_model)
        {
            write_rows(call, db, pm, &[pid], &parent_vals)?;
        }
        for p in &pending {
            apply_commands(call, db, model, *id, p)?;
        }
        let behaviour = models::behaviour(&model.name);
        behaviour.recompute(call, db, model, *id);
        behaviour.after_write(call, db, model, *id, &own);
        models::mail_followers::after_write(db, model, *id, &own);
        check_constraints(call, db, model, *id, Some(vals))?;
    }
    Ok(())
}

/// `write(ids, vals)` → true.
pub(crate) fn write(call: &Call<'_>, db: &mut Database) -> Result<Value, Fault> {
    call.check(db, Op::Write)?;
    let vals = match call.arg("vals") {
        Some(Value::Object(v)) => v.clone(),
        _ => {
            return Err(Fault::new(
                FaultKind::Unprocessable,
                "missing a required argument: 'vals'",
            ));
        }
    };
    for k in vals.keys() {
        access::check_field_groups(
            db,
            call.reg,
            call.version,
            call.env.uid,
            call.name(),
            k,
            Op::Write,
        )?;
    }
    call.check_existing(db, Op::Write)?;
    write_rows(call, db, call.model, &call.ids, &vals)?;
    Ok(Value::Bool(true))
}
