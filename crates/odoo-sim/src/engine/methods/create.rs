//! `create` and `name_create`: defaults, delegation (`_inherits`), per-model computed
//! values, x2many commands and constraints for each new record.

use serde_json::{Map, Value};

use super::Call;
use super::defaults::defaults;
use super::validation::{check_constraints, prepare};
use super::write::write_rows;
use super::x2many_commands::apply_commands;
use crate::engine::access::Op;
use crate::engine::dates;
use crate::engine::domain::py_repr;
use crate::engine::models;
use crate::engine::records;
use crate::engine::registry::Model;
use crate::fault::{Fault, FaultKind};
use crate::store::Database;

/// Creates one record from `vals` (defaults, delegation, x2many commands, checks).
pub(crate) fn create_one(
    call: &Call<'_>,
    db: &mut Database,
    model: &Model,
    vals: &Map<String, Value>,
) -> Result<i64, Fault> {
    let sub = Call {
        model: call.reg.model(&model.name).unwrap_or(call.model),
        ids: Vec::new(),
        args: Map::new(),
        ..*call
    };
    let mut merged = defaults(&sub, db, model);
    for (k, v) in vals {
        merged.insert(k.clone(), v.clone());
    }
    let (mut own, parent_vals, pending) = prepare(call, db, model, &merged, true)?;
    let now = dates::now_string();
    for (k, v) in [
        ("create_date", Value::from(now.clone())),
        ("write_date", Value::from(now)),
        ("create_uid", Value::from(call.env.uid)),
        ("write_uid", Value::from(call.env.uid)),
    ] {
        if model.field(k).is_some_and(|f| f.store) {
            own.insert(k.into(), v);
        }
    }
    if let Some((parent_model, via)) = &model.inherits
        && !own.get(via).is_some_and(Value::is_number)
        && let Some(pm) = call.reg.model(parent_model)
    {
        let pid = create_one(call, db, pm, &parent_vals)?;
        own.insert(via.clone(), Value::from(pid));
    } else if let Some((parent_model, via)) = &model.inherits
        && let Some(pid) = own.get(via).and_then(Value::as_i64)
        && let Some(pm) = call.reg.model(parent_model)
        && !parent_vals.is_empty()
    {
        write_rows(call, db, pm, &[pid], &parent_vals)?;
    }
    // A stored currency is computed from the company (pricelist, journal, …), not a
    // `default=`: `default_get` does not return it, a new record gets the company's.
    if model.field("currency_id").is_some_and(|f| f.store)
        && own.get("currency_id").is_none_or(Value::is_null)
    {
        own.insert("currency_id".into(), Value::from(1));
    }
    let behaviour = models::behaviour(&model.name);
    behaviour.create_values(vals, &mut own);
    behaviour.before_create(call, db, &mut own);
    let id = db.insert(&model.name, own);
    for p in &pending {
        apply_commands(call, db, model, id, p)?;
    }
    behaviour.recompute(call, db, model, id);
    behaviour.after_create(call, db, id);
    models::mail_followers::after_create(db, model, id, call.env.uid, &call.env.context);
    check_constraints(call, db, model, id, None)?;
    Ok(id)
}

/// `create(vals_list)` → ids (an id for a single dict).
pub(crate) fn create(call: &Call<'_>, db: &mut Database) -> Result<Value, Fault> {
    call.check(db, Op::Create)?;
    let (list, single) = match call.arg("vals_list") {
        Some(Value::Array(items)) => (items.clone(), false),
        Some(obj @ Value::Object(_)) => (vec![obj.clone()], true),
        _ => {
            return Err(Fault::new(
                FaultKind::Unprocessable,
                "missing a required argument: 'vals_list'",
            ));
        }
    };
    let mut ids = Vec::new();
    for vals in &list {
        let Value::Object(vals) = vals else {
            return Err(Fault::new(
                FaultKind::ValueError,
                format!("Invalid values {}", py_repr(vals)),
            ));
        };
        ids.push(create_one(call, db, call.model, vals)?);
    }
    Ok(if single {
        Value::from(ids[0])
    } else {
        Value::from(ids)
    })
}

/// `name_create(name)` → `[id, display_name]`.
pub(crate) fn name_create(call: &Call<'_>, db: &mut Database) -> Result<Value, Fault> {
    call.check(db, Op::Create)?;
    let name = call
        .arg("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let rec_field = if call.model.field("name").is_some() {
        "name"
    } else {
        "display_name"
    };
    let mut vals = Map::new();
    vals.insert(rec_field.into(), Value::from(name));
    let id = create_one(call, db, call.model, &vals)?;
    Ok(Value::Array(vec![
        Value::from(id),
        Value::from(records::display_name(db, call.reg, call.name(), id)),
    ]))
}
