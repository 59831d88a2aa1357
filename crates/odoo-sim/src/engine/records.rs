//! Access to stored records: a field's stored value (following `_inherits` delegation),
//! x2many id lists (one2many derived from the inverse many2one) and display names.

use serde_json::Value;

use super::models;
use super::registry::{FieldType, Model, Registry};
use crate::store::{Database, Row};

/// The stored row of `model` with this id.
pub(crate) fn row<'a>(db: &'a Database, model: &str, id: i64) -> Option<&'a Row> {
    db.table(model).and_then(|t| t.rows.get(&id))
}

/// Whether the record exists.
pub(crate) fn exists(db: &Database, model: &str, id: i64) -> bool {
    row(db, model, id).is_some()
}

/// All ids of `model`, ascending.
pub(crate) fn all_ids(db: &Database, model: &str) -> Vec<i64> {
    db.table(model)
        .map(|t| t.rows.keys().copied().collect())
        .unwrap_or_default()
}

/// The stored value of a scalar or many2one field (`null` when unset), following delegation.
pub(crate) fn stored(db: &Database, reg: &Registry, model: &Model, id: i64, fname: &str) -> Value {
    if fname == "id" {
        return Value::from(id);
    }
    let Some(r) = row(db, &model.name, id) else {
        return Value::Null;
    };
    if let Some(field) = model.field(fname)
        && let Some(via) = &field.inherited_via
        && let Some((parent, _)) = &model.inherits
        && let Some(pid) = r.get(via).and_then(Value::as_i64)
        && let Some(pmodel) = reg.model(parent)
    {
        return stored(db, reg, pmodel, pid, fname);
    }
    r.get(fname).cloned().unwrap_or(Value::Null)
}

/// The many2one id stored in `fname`, if any.
pub(crate) fn m2o_id(
    db: &Database,
    reg: &Registry,
    model: &Model,
    id: i64,
    fname: &str,
) -> Option<i64> {
    stored(db, reg, model, id, fname).as_i64()
}

/// A stored value a one2many's `domain=` requires (see `Behaviour::one2many_domain`).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Required {
    Text(&'static str),
    Bool(bool),
}

/// Whether the stored `field` of `row` is `want` (a missing boolean reads as true, as
/// `active` does).
fn stored_equals(row: &Row, field: &str, want: Required) -> bool {
    match want {
        Required::Bool(b) => row.get(field).and_then(Value::as_bool).unwrap_or(true) == b,
        Required::Text(t) => row.get(field).and_then(Value::as_str) == Some(t),
    }
}

/// The field naming the document's model on the chatter records a document lists through a
/// one2many on `res_id` (`message_ids`, `message_follower_ids`, `activity_ids`): their
/// `domain=lambda self: [(field, '=', self._name)]`.
fn document_model_field(comodel: &str) -> Option<&'static str> {
    match comodel {
        "mail.message" => Some("model"),
        "mail.followers" | "mail.activity" => Some("res_model"),
        _ => None,
    }
}

/// Every id linked by an x2many field (inactive records included), unordered.
pub(crate) fn related_ids(
    db: &Database,
    reg: &Registry,
    model: &Model,
    id: i64,
    fname: &str,
) -> Vec<i64> {
    let Some(field) = model.field(fname) else {
        return Vec::new();
    };
    let Some(comodel) = field.relation.as_deref() else {
        return Vec::new();
    };
    if let (Some(via), Some((parent, _))) = (&field.inherited_via, &model.inherits) {
        let pid = m2o_id(db, reg, model, id, via);
        return match (pid, reg.model(parent)) {
            (Some(pid), Some(pm)) => related_ids(db, reg, pm, pid, fname),
            _ => Vec::new(),
        };
    }
    match field.ftype {
        FieldType::One2many => {
            let Some(inverse) = field.relation_field.as_deref() else {
                return Vec::new();
            };
            let own = models::behaviour(&model.name).one2many_domain(fname);
            let document = document_model_field(comodel);
            db.table(comodel)
                .map(|t| {
                    t.rows
                        .iter()
                        .filter(|(_, r)| r.get(inverse).and_then(Value::as_i64) == Some(id))
                        .filter(|(_, r)| own.is_none_or(|(f, v)| stored_equals(r, f, v)))
                        .filter(|(_, r)| {
                            document.is_none_or(|f| {
                                r.get(f).and_then(Value::as_str) == Some(model.name.as_str())
                            })
                        })
                        .map(|(k, _)| *k)
                        .collect()
                })
                .unwrap_or_default()
        }
        FieldType::Many2many if fname == "message_partner_ids" => {
            models::mail_followers::document_partners(db, &model.name, id)
        }
        FieldType::Many2many => {
            let r = row(db, &model.name, id);
            if let Some(Value::Array(ids)) = r.and_then(|r| r.get(fname)) {
                return ids.iter().filter_map(Value::as_i64).collect();
            }
            // Not stored on this side: derive from the comodel's many2many back to this model.
            let Some(co) = reg.model(comodel) else {
                return Vec::new();
            };
            let back = co.fields.values().find(|f| {
                f.ftype == FieldType::Many2many
                    && f.relation.as_deref() == Some(&model.name)
                    && !(comodel == model.name && f.name == fname)
            });
            let Some(back) = back else { return Vec::new() };
            db.table(comodel)
                .map(|t| {
                    t.rows
                        .iter()
                        .filter(|(_, r)| {
                            r.get(&back.name)
                                .and_then(Value::as_array)
                                .is_some_and(|ids| ids.iter().any(|v| v.as_i64() == Some(id)))
                        })
                        .map(|(k, _)| *k)
                        .collect()
                })
                .unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

fn text(v: &Value) -> Option<String> {
    v.as_str().filter(|s| !s.is_empty()).map(str::to_owned)
}

/// The record's `display_name`: the model's own, else `complete_name`, else `name`.
pub(crate) fn display_name(db: &Database, reg: &Registry, model_name: &str, id: i64) -> String {
    let Some(model) = reg.model(model_name) else {
        return format!("{model_name},{id}");
    };
    if let Some(name) = models::behaviour(model_name).display_name(db, reg, model, id) {
        return name;
    }
    let get = |f: &str| text(&stored(db, reg, model, id, f));
    if model
        .field("complete_name")
        .is_some_and(|f| f.store || f.inherited_via.is_some())
        && let Some(n) = get("complete_name")
    {
        return n;
    }
    get("name").unwrap_or_else(|| format!("{model_name},{id}"))
}
