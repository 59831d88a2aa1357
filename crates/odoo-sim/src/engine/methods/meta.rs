//! `fields_get`, `has_access`, `check_access_rights`, `res.users.context_get` and the `ir.model`
//! helpers `display_name_for` and `get_available_models`.

use serde_json::{Map, Value};

use super::Call;
use crate::engine::access::{self, Op};
use crate::engine::describe;
use crate::fault::{Fault, FaultKind};
use crate::store::Database;

/// `fields_get(allfields, attributes)` → `{field: {attribute: value}}`.
pub(crate) fn fields_get(call: &Call<'_>, db: &Database) -> Result<Value, Fault> {
    let wanted: Option<Vec<String>> = call
        .arg("allfields")
        .and_then(Value::as_array)
        .filter(|a| !a.is_empty())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        });
    let attributes: Option<Vec<String>> = call
        .arg("attributes")
        .and_then(Value::as_array)
        .filter(|a| !a.is_empty())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        });
    let mut out = Map::new();
    for fname in &call.model.field_order {
        if wanted.as_ref().is_some_and(|w| !w.contains(fname)) {
            continue;
        }
        let Some(field) = call.model.field(fname) else {
            continue;
        };
        // Fields restricted by `groups=` are hidden from users outside the groups.
        if !access::field_allowed(db, call.env.uid, call.name(), fname) {
            continue;
        }
        // `help` is in the metadata (data/models, from Odoo 19's field definitions); `groups`
        // is not: it is described when asked for, and in the full description.
        let mut all = field.attrs.clone();
        describe::complete(field, &mut all);
        if let Some(lang) = call.env.context.get("lang").and_then(Value::as_str) {
            crate::engine::translations::translate_field(lang, &mut all);
        }
        if let Some(g) = access::field_groups(call.name(), fname)
            && attributes
                .as_ref()
                .is_none_or(|a| a.iter().any(|x| x == "groups"))
        {
            all.insert("groups".into(), Value::from(g));
        }
        let mut keys: Vec<&String> = all.keys().collect();
        keys.sort();
        let mut attrs = Map::new();
        for k in keys {
            if attributes.as_ref().is_some_and(|a| !a.contains(k)) {
                continue;
            }
            if let Some(v) = all.get(k) {
                attrs.insert(k.clone(), v.clone());
            }
        }
        out.insert(fname.clone(), Value::Object(attrs));
    }
    Ok(Value::Object(out))
}

fn operation(call: &Call<'_>) -> Result<Op, Fault> {
    let op = call
        .arg("operation")
        .and_then(Value::as_str)
        .unwrap_or_default();
    Op::parse(op)
        .ok_or_else(|| Fault::new(FaultKind::ValueError, format!("Invalid access mode '{op}'")))
}

/// `has_access(ids, operation)` → whether the user may do it on all these records.
pub(crate) fn has_access(call: &Call<'_>, db: &Database) -> Result<Value, Fault> {
    let op = operation(call)?;
    if !access::allowed(db, call.env.uid, call.name(), op) {
        return Ok(Value::Bool(false));
    }
    Ok(Value::Bool(call.check_rules(db, &call.ids, op).is_ok()))
}

/// `check_access_rights(operation, raise_exception=True)`.
pub(crate) fn check_access_rights(call: &Call<'_>, db: &Database) -> Result<Value, Fault> {
    let op = operation(call)?;
    let raise = call
        .arg("raise_exception")
        .and_then(Value::as_bool)
        .unwrap_or(true);
    match call.check(db, op) {
        Ok(()) => Ok(Value::Bool(true)),
        Err(e) if raise => Err(e),
        Err(_) => Ok(Value::Bool(false)),
    }
}

/// `res.users.context_get()`: the calling user's context — `lang`, `tz` and `uid` — whatever
/// the user's rights on `res.users` (Odoo reads it as superuser).
pub(crate) fn context_get(call: &Call<'_>, db: &Database) -> Result<Value, Fault> {
    let uid = call.env.uid;
    // `lang` and `tz` live on the user's partner (res.users inherits res.partner).
    let text = |field: &str| {
        let value = crate::engine::records::stored(db, call.reg, call.model, uid, field);
        if value.as_str().is_some_and(|s| !s.is_empty()) {
            value
        } else {
            Value::Bool(false)
        }
    };
    let mut context = serde_json::Map::new();
    context.insert("lang".into(), text("lang"));
    context.insert("tz".into(), text("tz"));
    context.insert("uid".into(), Value::from(uid));
    Ok(Value::Object(context))
}

/// Whether `model` may appear in the web client's model selector for the caller, as Odoo's
/// `ir.model._is_valid_for_model_selector`: an internal user, a known, non-transient model, read
/// access.
fn selectable(call: &Call<'_>, db: &Database, row: &Map<String, Value>) -> bool {
    let Some(model) = row.get("model").and_then(Value::as_str) else {
        return false;
    };
    access::is_internal(db, call.env.uid)
        && row.get("transient").and_then(Value::as_bool) != Some(true)
        && call.reg.model(model).is_some()
        && access::allowed(db, call.env.uid, model, Op::Read)
}

/// `{"model", "display_name"}` of an `ir.model` row.
fn display_entry(row: &Map<String, Value>) -> Value {
    let mut out = Map::new();
    out.insert(
        "model".into(),
        row.get("model").cloned().unwrap_or(Value::Null),
    );
    out.insert(
        "display_name".into(),
        row.get("name").cloned().unwrap_or(Value::Null),
    );
    Value::Object(out)
}

/// `ir.model.display_name_for(models)` (Odoo 17+, any user: reads `ir.model` as superuser):
/// the labels of the given models the caller may read; a model that is missing or not
/// readable comes back with its technical name as label, so the two cannot be told apart.
pub(crate) fn display_name_for(call: &Call<'_>, db: &Database) -> Result<Value, Fault> {
    let Some(wanted) = call.arg("models").and_then(Value::as_array) else {
        return Err(Fault::new(
            FaultKind::Unprocessable,
            "ir.model.display_name_for() expects 'models', a list of model names".to_owned(),
        ));
    };
    let names: Vec<&str> = wanted.iter().filter_map(Value::as_str).collect();
    let mut accessible = Vec::new();
    let mut hidden = Vec::new();
    for name in names {
        let row = call
            .reg
            .ir_model_rows
            .iter()
            .find(|r| r.get("model").and_then(Value::as_str) == Some(name));
        match row {
            Some(row) if selectable(call, db, row) => accessible.push(display_entry(row)),
            _ => {
                let mut out = Map::new();
                out.insert("model".into(), Value::from(name));
                out.insert("display_name".into(), Value::from(name));
                hidden.push(Value::Object(out));
            }
        }
    }
    accessible.extend(hidden);
    Ok(Value::Array(accessible))
}

/// `ir.model.get_available_models()` (Odoo 17+, any user): every model the caller may read,
/// with its label, as the web client's model selector lists them.
pub(crate) fn get_available_models(call: &Call<'_>, db: &Database) -> Result<Value, Fault> {
    Ok(Value::Array(
        call.reg
            .ir_model_rows
            .iter()
            .filter(|r| selectable(call, db, r))
            .map(display_entry)
            .collect(),
    ))
}
