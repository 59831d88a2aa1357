//! Written values checked and converted to their stored form (unknown fields, selection
//! keys, many2one targets, numbers, dates), and the constraints checked after a change
//! (required fields, contact names, unique logins).

use serde_json::{Map, Value};

use super::Call;
use super::x2many_commands::{Pending, normalize_commands};
use crate::engine::dates;
use crate::engine::domain::py_repr;
use crate::engine::models;
use crate::engine::records;
use crate::engine::registry::{Field, FieldType, Model};
use crate::fault::{Fault, FaultKind};
use crate::store::{Database, Row};

/// Splits `vals` into stored values for `model`, values for the delegated parent, and
/// x2many commands to run once the record exists.
pub(super) fn prepare(
    call: &Call<'_>,
    db: &Database,
    model: &Model,
    vals: &Map<String, Value>,
    creating: bool,
) -> Result<(Row, Row, Vec<Pending>), Fault> {
    let mut own = Row::new();
    let mut parent = Row::new();
    let mut pending = Vec::new();
    for (k, v) in vals {
        let Some(field) = model.field(k) else {
            return Err(if creating {
                Fault::new(
                    FaultKind::ValueError,
                    format!("Invalid field '{k}' on model '{}'", model.name),
                )
            } else {
                Fault::new(FaultKind::KeyError, format!("'{k}'"))
            });
        };
        if k == "id" || k == "display_name" {
            continue;
        }
        if field.inherited_via.is_some() {
            parent.insert(k.clone(), v.clone());
            continue;
        }
        if field.ftype.is_x2many() {
            pending.push(Pending {
                field: k.clone(),
                commands: normalize_commands(v),
            });
            continue;
        }
        if !field.store {
            continue;
        }
        own.insert(k.clone(), convert(call, db, model, field, v)?);
    }
    Ok((own, parent, pending))
}

/// Converts a written value to its stored form, validating it.
pub(super) fn convert(
    call: &Call<'_>,
    db: &Database,
    model: &Model,
    field: &Field,
    v: &Value,
) -> Result<Value, Fault> {
    let wrong_value = || {
        Fault::new(
            FaultKind::ValueError,
            format!(
                "Wrong value for {}.{}: {}",
                model.name,
                field.name,
                py_repr(v)
            ),
        )
    };
    if v.is_null() || *v == Value::Bool(false) {
        return Ok(match field.ftype {
            FieldType::Boolean => Value::Bool(false),
            _ => Value::Null,
        });
    }
    Ok(match field.ftype {
        // `Many2one.convert_to_cache` takes an int, a record, a tuple `(id, name)` or a dict;
        // a JSON array is a Python list, none of those: the value becomes `None` (the field is
        // emptied, and a required one fails as a missing value).
        FieldType::Many2one if v.is_array() => Value::Null,
        FieldType::Many2one => {
            let id = match v {
                Value::Number(n) => n.as_i64(),
                Value::String(s) => s.parse().ok(),
                _ => None,
            };
            let Some(id) = id else {
                return Err(wrong_value());
            };
            let comodel = field.relation.clone().unwrap_or_default();
            if !records::exists(db, &comodel, id) {
                return Err(Fault::new(
                    FaultKind::MissingError,
                    format!(
                        "Record does not exist or has been deleted.\n(Record: {comodel}({id},), User: {})",
                        call.env.uid
                    ),
                ));
            }
            Value::from(id)
        }
        FieldType::Selection => {
            let key = v
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| v.to_string());
            if !field.selection.is_empty() && !field.selection.contains(&key) {
                return Err(wrong_value());
            }
            Value::from(key)
        }
        FieldType::Integer => match v {
            Value::Number(n) => Value::from(
                n.as_i64()
                    .unwrap_or_else(|| n.as_f64().unwrap_or_default() as i64),
            ),
            Value::Bool(true) => Value::from(1),
            Value::String(s) => Value::from(s.trim().parse::<i64>().map_err(|_| {
                Fault::new(
                    FaultKind::ValueError,
                    format!("invalid literal for int() with base 10: {}", py_repr(v)),
                )
            })?),
            _ => {
                return Err(wrong_value());
            }
        },
        FieldType::Float | FieldType::Monetary => match v {
            Value::Number(n) => Value::from(n.as_f64().unwrap_or_default()),
            Value::Bool(true) => Value::from(1.0),
            Value::String(s) => Value::from(s.trim().parse::<f64>().map_err(|_| {
                Fault::new(
                    FaultKind::ValueError,
                    format!("could not convert string to float: {}", py_repr(v)),
                )
            })?),
            _ => {
                return Err(wrong_value());
            }
        },
        FieldType::Boolean => {
            Value::Bool(!matches!(v, Value::Bool(false) | Value::Null) && v.as_f64() != Some(0.0))
        }
        FieldType::Date => {
            let s = v.as_str().unwrap_or_default();
            match dates::parse_date(s).or_else(|| dates::parse_datetime(s).map(|d| d.date())) {
                Some(d) => Value::from(d.format("%Y-%m-%d").to_string()),
                None => {
                    return Err(Fault::new(
                        FaultKind::ValueError,
                        format!("time data {} does not match format '%Y-%m-%d'", py_repr(v)),
                    ));
                }
            }
        }
        FieldType::Datetime => {
            let s = v.as_str().unwrap_or_default();
            match dates::parse_datetime(s) {
                Some(d) => Value::from(dates::fmt_datetime(d)),
                None => match dates::parse_date(s) {
                    Some(d) => Value::from(format!("{} 00:00:00", d.format("%Y-%m-%d"))),
                    None => {
                        return Err(Fault::new(
                            FaultKind::ValueError,
                            format!(
                                "time data {} does not match format '%Y-%m-%d %H:%M:%S'",
                                py_repr(v)
                            ),
                        ));
                    }
                },
            }
        }
        FieldType::Char | FieldType::Text | FieldType::Html => match v {
            Value::String(_) => v.clone(),
            other => Value::from(value_string(other)),
        },
        _ => v.clone(),
    })
}

fn value_string(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

pub(super) fn check_constraints(
    call: &Call<'_>,
    db: &Database,
    model: &Model,
    id: i64,
    only: Option<&Map<String, Value>>,
) -> Result<(), Fault> {
    let reg = call.reg;
    let get = |f: &str| records::stored(db, reg, model, id, f);
    models::behaviour(&model.name).constraints(call, db, model, id)?;
    if let Some(f) = missing_required(model, only, |f| get(f)) {
        return Err(not_null(model, f));
    }
    Ok(())
}

/// The first required stored column (in column-name order) whose value is NULL, as
/// PostgreSQL's NOT NULL constraint would report it. `only` restricts the check to the
/// fields being written (existing rows already satisfied the constraint).
pub(super) fn missing_required<'m>(
    model: &'m Model,
    only: Option<&Map<String, Value>>,
    get: impl Fn(&str) -> Value,
) -> Option<&'m str> {
    let filled = models::behaviour(&model.name).filled_by_odoo();
    model
        .fields
        .values()
        .filter(|f| {
            f.store
                && f.required
                && f.inherited_via.is_none()
                && !f.ftype.is_x2many()
                && f.ftype != FieldType::Boolean
                && f.name != "id"
                && !filled.contains(&f.name.as_str())
                && only.is_none_or(|vals| vals.contains_key(&f.name))
        })
        .find(|f| {
            let v = get(&f.name);
            v.is_null() || v == Value::Bool(false)
        })
        .map(|f| f.name.as_str())
}

pub(crate) fn not_null(model: &Model, field: &str) -> Fault {
    let label = model
        .field(field)
        .and_then(|f| f.attrs.get("string"))
        .and_then(Value::as_str)
        .unwrap_or(field)
        .to_owned();
    Fault::new(
        FaultKind::ValidationError,
        format!(
            "The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n- Delete: another model requires the record being deleted. If possible, archive it instead.\n\nModel: {} ({})\nField: {label} ({field})\n",
            model.description, model.name
        ),
    )
}
