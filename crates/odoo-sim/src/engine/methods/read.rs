//! `read` and `web_read`: field values of given records, with field validation, ACL,
//! record rules and restricted fields.

use serde_json::{Map, Value};

use super::Call;
use crate::engine::access::{self, Op};
use crate::engine::records;
use crate::engine::registry::FieldType;
use crate::engine::values;
use crate::fault::{Fault, FaultKind};
use crate::store::Database;

/// The field names a `fields` argument designates (all fields when absent or empty).
pub(crate) fn field_names(
    call: &Call<'_>,
    db: &Database,
    fields: Option<&Value>,
) -> Result<Vec<String>, Fault> {
    let list: Vec<String> = match fields {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    };
    if list.is_empty() {
        // Odoo reads only the fields the user may access (`groups=` restrictions).
        return Ok(call
            .model
            .field_order
            .iter()
            .filter(|f| access::field_allowed(db, call.env.uid, call.name(), f))
            .cloned()
            .collect());
    }
    let mut out = Vec::new();
    for f in list {
        if call.model.field(&f).is_none() {
            return Err(Fault::new(
                FaultKind::ValueError,
                format!("Invalid field '{f}' on '{}'", call.name()),
            )
            .with_cause(format!("KeyError: '{f}'")));
        }
        if !out.contains(&f) {
            out.push(f);
        }
    }
    Ok(out)
}

/// Reads `fields` of the existing records among `ids`, in the order of `ids`.
pub(crate) fn read_records(
    call: &Call<'_>,
    db: &Database,
    ids: &[i64],
    fields: &[String],
) -> Result<Vec<Map<String, Value>>, Fault> {
    // Odoo reads the fields in its definition order; the early ones first (see `read_early`).
    let early = fields.iter().filter(|f| access::read_early(call.name(), f));
    for f in early.chain(fields) {
        access::check_field(db, call.reg, call.version, call.env.uid, call.name(), f)?;
    }
    // `_read_format(fnames, load='_classic_read')`: any other `load` (`None` included) gives
    // many2one values as bare ids instead of `[id, display_name]`.
    let display_names = match call.args.get("load") {
        None => true,
        Some(Value::String(load)) => load == "_classic_read",
        Some(_) => false,
    };
    let mut out = Vec::new();
    for id in ids {
        if !records::exists(db, call.name(), *id) {
            continue;
        }
        let mut rec = Map::new();
        rec.insert("id".into(), Value::from(*id));
        for f in fields {
            if f == "id" {
                continue;
            }
            if let Some(field) = call.model.field(f) {
                let mut value = values::read_value(db, call.reg, call.model, *id, field);
                if !display_names
                    && field.ftype == FieldType::Many2one
                    && let Value::Array(pair) = &value
                {
                    value = pair.first().cloned().unwrap_or(Value::Bool(false));
                }
                rec.insert(f.clone(), value);
            }
        }
        out.push(rec);
    }
    Ok(out)
}

/// `read(ids, fields)`.
pub(crate) fn read(call: &Call<'_>, db: &Database) -> Result<Value, Fault> {
    call.check(db, Op::Read)?;
    let fields = field_names(call, db, call.arg("fields"))?;
    call.check_rules(db, &call.ids, Op::Read)?;
    let recs = read_records(call, db, &call.ids, &fields)?;
    Ok(Value::Array(recs.into_iter().map(Value::Object).collect()))
}

/// Reads records following a `web_read` specification (nested `fields` for relations).
pub(crate) fn read_spec(
    call: &Call<'_>,
    db: &Database,
    ids: &[i64],
    spec: &Map<String, Value>,
) -> Result<Vec<Value>, Fault> {
    let names: Vec<String> = spec.keys().cloned().collect();
    let names_value = Value::from(names.clone());
    let names = field_names(call, db, Some(&names_value))?;
    for f in &names {
        access::check_field(db, call.reg, call.version, call.env.uid, call.name(), f)?;
    }
    let mut out = Vec::new();
    for id in ids {
        if !records::exists(db, call.name(), *id) {
            continue;
        }
        let mut rec = Map::new();
        rec.insert("id".into(), Value::from(*id));
        for f in &names {
            let Some(field) = call.model.field(f) else {
                continue;
            };
            if f == "id" {
                continue;
            }
            let sub = spec
                .get(f)
                .and_then(|s| s.get("fields"))
                .and_then(Value::as_object);
            let comodel = field.relation.as_deref().and_then(|r| call.reg.model(r));
            let value = match (field.ftype, comodel) {
                (t, Some(co)) if t.is_x2many() => {
                    let rel = values::x2many_read(db, call.reg, call.model, *id, field);
                    match sub {
                        Some(sub) => {
                            let sub_call = Call {
                                model: co,
                                ids: rel.clone(),
                                args: Map::new(),
                                ..*call
                            };
                            Value::Array(read_spec(&sub_call, db, &rel, sub)?)
                        }
                        None => Value::from(rel),
                    }
                }
                (crate::engine::registry::FieldType::Many2one, Some(co)) => {
                    match records::m2o_id(db, call.reg, call.model, *id, f)
                        .filter(|r| records::exists(db, &co.name, *r))
                    {
                        None => Value::Bool(false),
                        Some(rid) => match sub {
                            Some(sub) => {
                                let sub_call = Call {
                                    model: co,
                                    ids: vec![rid],
                                    args: Map::new(),
                                    ..*call
                                };
                                read_spec(&sub_call, db, &[rid], sub)?
                                    .into_iter()
                                    .next()
                                    .unwrap_or(Value::Bool(false))
                            }
                            None => Value::from(rid),
                        },
                    }
                }
                _ => values::read_value(db, call.reg, call.model, *id, field),
            };
            rec.insert(f.clone(), value);
        }
        out.push(Value::Object(rec));
    }
    Ok(out)
}

/// `web_read(ids, specification)`.
pub(crate) fn web_read(call: &Call<'_>, db: &Database) -> Result<Value, Fault> {
    call.check(db, Op::Read)?;
    call.check_rules(db, &call.ids, Op::Read)?;
    let spec = call
        .arg("specification")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    Ok(Value::Array(read_spec(call, db, &call.ids, &spec)?))
}
