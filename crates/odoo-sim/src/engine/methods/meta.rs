//! `fields_get`, `has_access`, `check_access_rights` and `res.users.context_get`.

use serde_json::{Map, Value};

use super::Call;
use crate::engine::access::{self, Op};
use crate::engine::help;
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
        // Attributes the recorded metadata lacks: `help` (served like the others) and
        // `groups` (only when asked for, as in the recording).
        // A delegating model (`_inherits`) shows its parent's texts on the parent's fields.
        let parent_help = || {
            call.model
                .inherits
                .as_ref()
                .and_then(|(parent, _)| help::help(parent, fname))
        };
        let mut all = field.attrs.clone();
        if let Some(h) = help::help(call.name(), fname).or_else(parent_help) {
            all.insert("help".into(), Value::from(h));
        }
        if let Some(g) = access::field_groups(call.name(), fname)
            && attributes
                .as_ref()
                .is_some_and(|a| a.iter().any(|x| x == "groups"))
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
