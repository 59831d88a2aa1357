//! `onchange(ids, values, field_names, fields_spec)` (Odoo 17+, module `web`): what a form
//! would show after the caller changes `field_names` to `values` — the models' onchange hooks
//! and recomputations run on the record (a new one from its defaults, or an existing one from
//! its stored values) inside a transaction that is always rolled back, so nothing is written.
//! The answer holds only the fields of `fields_spec` whose value changed, formatted as
//! `web_read` formats them (x2many fields as command lists), and the model's warning.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::Call;
use super::defaults::defaults;
use super::read::read_spec;
use super::validation::prepare;
use super::x2many_commands::apply_commands;
use crate::engine::access::Op;
use crate::engine::domain::py_repr;
use crate::engine::models::{self, Warning};
use crate::engine::registry::{FieldType, Model};
use crate::fault::{Fault, FaultKind};
use crate::store::Database;

/// How the throwaway transaction ends: always rolled back, with the answer or the fault.
enum Rollback {
    Answer(Value),
    Fault(Fault),
}

impl From<Fault> for Rollback {
    fn from(f: Fault) -> Self {
        Self::Fault(f)
    }
}

/// `onchange(values, field_names, fields_spec)` on `call.ids` (none: a new record).
pub(crate) fn onchange(call: &Call<'_>, db: &mut Database) -> Result<Value, Fault> {
    call.check(db, Op::Read)?;
    if call.ids.len() > 1 {
        return Err(Fault::new(
            FaultKind::ValueError,
            format!(
                "Expected singleton: {}({})",
                call.name(),
                call.ids
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    call.check_existing(db, Op::Read)?;
    let values = object_arg(call, "values")?;
    let spec = object_arg(call, "fields_spec")?;
    let mut field_names: Vec<String> = match call.arg("field_names") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    };
    // Odoo answers an onchange on an unknown field with nothing at all.
    if field_names.iter().any(|f| call.model.field(f).is_none()) {
        return Ok(json!({}));
    }
    for name in spec.keys().chain(values.keys()) {
        if call.model.field(name).is_none() {
            return Err(invalid_field(call.model, name));
        }
    }
    let first_call = field_names.is_empty();
    if first_call {
        field_names = values.keys().filter(|k| *k != "id").cloned().collect();
    }
    let before_max = max_ids(db, call.model, &spec);
    let outcome = db.transaction(|db| -> Result<(), Rollback> {
        let answer = simulate(
            call,
            db,
            &values,
            &field_names,
            &spec,
            first_call,
            &before_max,
        )?;
        Err(Rollback::Answer(answer))
    });
    match outcome {
        Ok(()) => Ok(json!({})),
        Err(Rollback::Answer(answer)) => Ok(answer),
        Err(Rollback::Fault(f)) => Err(f),
    }
}

/// Runs the form's change on the record and returns Odoo's answer (the caller rolls back).
fn simulate(
    call: &Call<'_>,
    db: &mut Database,
    values: &Map<String, Value>,
    field_names: &[String],
    spec: &Map<String, Value>,
    first_call: bool,
    before_max: &BTreeMap<String, i64>,
) -> Result<Value, Fault> {
    let model = call.model;
    let behaviour = models::behaviour(&model.name);
    // The record with the values the form had before the change.
    let initial: Map<String, Value> = values
        .iter()
        .filter(|(k, _)| !field_names.contains(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let id = match call.ids.first() {
        Some(id) => {
            apply(call, db, model, *id, &initial, false)?;
            *id
        }
        None => {
            let mut start = defaults(call, db, model);
            for f in field_names {
                start.remove(f);
            }
            let (own, _, pending) = prepare(call, db, model, &start, true)?;
            let id = db.insert(&model.name, own);
            for p in &pending {
                apply_commands(call, db, model, id, p)?;
            }
            apply(call, db, model, id, &initial, false)?;
            id
        }
    };
    behaviour.recompute(call, db, model, id);
    let reader = Call {
        ids: vec![id],
        args: Map::new(),
        ..*call
    };
    let mut snapshot0 = snapshot(&reader, db, id, spec)?;
    // The change itself: the changed fields enter the first snapshot (Odoo returns them
    // only when an onchange alters them again), then what Odoo derives from them.
    let changed: Map<String, Value> = values
        .iter()
        .filter(|(k, _)| field_names.contains(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    apply(call, db, model, id, &changed, call.ids.is_empty())?;
    let changed_spec: Map<String, Value> = spec
        .iter()
        .filter(|(k, _)| field_names.contains(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    snapshot0.extend(snapshot(&reader, db, id, &changed_spec)?);
    let warning = behaviour.onchange(call, db, model, id, field_names);
    behaviour.recompute(call, db, model, id);
    let snapshot1 = snapshot(&reader, db, id, spec)?;
    let mut value = Map::new();
    for (name, after) in &snapshot1 {
        if name == "id" {
            continue;
        }
        let before = snapshot0.get(name).unwrap_or(&Value::Null);
        if !first_call && before == after {
            continue;
        }
        let Some(field) = model.field(name) else {
            continue;
        };
        let formatted = if field.ftype.is_x2many() {
            let new_from = field
                .relation
                .as_deref()
                .and_then(|r| before_max.get(r))
                .copied()
                .unwrap_or(i64::MAX);
            commands(field.ftype, before, after, first_call, new_from)
        } else {
            after.clone()
        };
        value.insert(name.clone(), formatted);
    }
    let mut answer = Map::new();
    answer.insert("value".into(), Value::Object(value));
    if let Some(Warning { title, message }) = warning {
        answer.insert(
            "warning".into(),
            json!({"title": title, "message": message, "type": "dialog"}),
        );
    }
    Ok(Value::Object(answer))
}

/// Puts `vals` on the record `id` as the form would (stored values, x2many commands).
fn apply(
    call: &Call<'_>,
    db: &mut Database,
    model: &Model,
    id: i64,
    vals: &Map<String, Value>,
    creating: bool,
) -> Result<(), Fault> {
    if vals.is_empty() {
        return Ok(());
    }
    let (own, _, pending) = prepare(call, db, model, vals, creating)?;
    if let Some(row) = db.row_mut(&model.name, id) {
        for (k, v) in own {
            row.insert(k, v);
        }
    }
    for p in &pending {
        apply_commands(call, db, model, id, p)?;
    }
    Ok(())
}

/// The record's values per `spec`, as `web_read` formats them.
fn snapshot(
    reader: &Call<'_>,
    db: &Database,
    id: i64,
    spec: &Map<String, Value>,
) -> Result<Map<String, Value>, Fault> {
    Ok(read_spec(reader, db, &[id], spec)?
        .into_iter()
        .next()
        .and_then(|v| v.as_object().cloned())
        .unwrap_or_default())
}

/// An x2many value as the commands that turn `before` into `after`: `(0, 0, values)` for a
/// line created by the change (id from `new_from` on), `(1, id, values)` for a line whose
/// values changed, `(4, id, values)` for a linked line, `(2, id)` / `(3, id)` for a removed
/// one (one2many / many2many).
fn commands(
    ftype: FieldType,
    before: &Value,
    after: &Value,
    first_call: bool,
    new_from: i64,
) -> Value {
    let lines = |v: &Value| -> Vec<(i64, Map<String, Value>)> {
        v.as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|item| match item {
                        Value::Number(n) => n.as_i64().map(|id| (id, Map::new())),
                        Value::Object(o) => {
                            let id = o.get("id").and_then(Value::as_i64)?;
                            let mut o = o.clone();
                            o.remove("id");
                            Some((id, o))
                        }
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let old = if first_call {
        Vec::new()
    } else {
        lines(before)
    };
    let new = lines(after);
    let mut out = Vec::new();
    let remove = if ftype == FieldType::One2many { 2 } else { 3 };
    for (id, _) in &old {
        if !new.iter().any(|(n, _)| n == id) {
            out.push(json!([remove, id]));
        }
    }
    for (id, vals) in new {
        match old.iter().find(|(o, _)| *o == id) {
            Some((_, was)) => {
                let diff: Map<String, Value> = vals
                    .into_iter()
                    .filter(|(k, v)| was.get(k) != Some(v))
                    .collect();
                if !diff.is_empty() {
                    out.push(json!([1, id, diff]));
                }
            }
            None if id >= new_from => out.push(json!([0, 0, vals])),
            None => out.push(json!([4, id, vals])),
        }
    }
    Value::Array(out)
}

/// The first id a new record of each comodel of the x2many fields in `spec` may get: lines
/// from there on are the change's own.
fn max_ids(db: &Database, model: &Model, spec: &Map<String, Value>) -> BTreeMap<String, i64> {
    spec.keys()
        .filter_map(|name| model.field(name))
        .filter(|f| f.ftype.is_x2many())
        .filter_map(|f| f.relation.clone())
        .map(|rel| {
            let max = db
                .table(&rel)
                .and_then(|t| t.rows.keys().next_back().copied())
                .unwrap_or(0);
            (rel, max + 1)
        })
        .collect()
}

/// A dict argument (`values`, `fields_spec`); anything else is refused as Python would.
fn object_arg(call: &Call<'_>, name: &str) -> Result<Map<String, Value>, Fault> {
    match call.arg(name) {
        Some(Value::Object(o)) => Ok(o.clone()),
        None => Ok(Map::new()),
        Some(other) => Err(Fault::new(
            FaultKind::TypeError,
            format!(
                "'{}' object is not a mapping ({name} = {})",
                crate::engine::py_type(other),
                py_repr(other)
            ),
        )),
    }
}

/// `ValueError: Invalid field 'x' on model 'y'`, as `fetch` and `_update_cache` raise it.
fn invalid_field(model: &Model, name: &str) -> Fault {
    Fault::new(
        FaultKind::ValueError,
        format!("Invalid field '{name}' on model '{}'", model.name),
    )
}
