//! Default values of new records (`default_get`, and the values `create` starts from):
//! the user's company, first selection states, per-model defaults and `default_*` context keys.

use serde_json::{Map, Value};

use super::Call;
use crate::engine::models;
use crate::engine::records;
use crate::engine::registry::{FieldType, Model};
use crate::fault::Fault;
use crate::store::Database;

pub(crate) fn user_company(db: &Database, uid: i64) -> i64 {
    records::row(db, "res.users", uid)
        .and_then(|r| r.get("company_id"))
        .and_then(Value::as_i64)
        .unwrap_or(1)
}

/// Default values of `model` for a new record created by `call`'s user.
pub(super) fn defaults(call: &Call<'_>, db: &Database, model: &Model) -> Map<String, Value> {
    let mut d = Map::new();
    let uid = call.env.uid;
    let mut set = |k: &str, v: Value| {
        if model
            .field(k)
            .is_some_and(|f| f.store || f.inherited_via.is_some())
        {
            d.insert(k.to_owned(), v);
        }
    };
    set("active", Value::Bool(true));
    let behaviour = models::behaviour(&model.name);
    if model
        .field("company_id")
        .is_some_and(|f| f.relation.as_deref() == Some("res.company"))
        && behaviour.defaults_to_user_company()
    {
        set("company_id", Value::from(user_company(db, uid)));
    }
    if let Some(state) = model
        .field("state")
        .filter(|f| f.store && f.ftype == FieldType::Selection)
        && let Some(first) = state.selection.first()
    {
        set("state", Value::from(first.clone()));
    }
    behaviour.defaults(call, db, &mut set);
    for (k, v) in &call.env.context {
        if let Some(f) = k.strip_prefix("default_")
            && model.field(f).is_some()
        {
            d.insert(f.to_owned(), v.clone());
        }
    }
    d
}

/// `default_get(fields)` → the defaults of the listed fields.
pub(crate) fn default_get(call: &Call<'_>, db: &Database) -> Result<Value, Fault> {
    let d = defaults(call, db, call.model);
    let mut out = Map::new();
    // `fields_list` up to Odoo 18, `fields` from 19 (see signature.rs).
    let list = call.arg("fields").or_else(|| call.arg("fields_list"));
    if let Some(Value::Array(fields)) = list {
        for f in fields.iter().filter_map(Value::as_str) {
            if let Some(v) = d.get(f) {
                let v = match (call.model.field(f).map(|x| x.ftype), v) {
                    (Some(FieldType::Many2many | FieldType::One2many), Value::Array(ids)) => {
                        Value::Array(vec![Value::Array(vec![
                            Value::from(6),
                            Value::from(0),
                            Value::Array(ids.clone()),
                        ])])
                    }
                    _ => v.clone(),
                };
                out.insert(f.to_owned(), v);
            }
        }
    }
    Ok(Value::Object(out))
}
