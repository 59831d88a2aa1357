//! `read` and `web_read`: field values of given records, with field validation, ACL,
//! record rules (the model's, and the comodel's on x2many lines) and restricted fields.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use super::Call;
use crate::engine::Env;
use crate::engine::access::{self, Op};
use crate::engine::domain::Node;
use crate::engine::records;
use crate::engine::registry::{Field, FieldType, Model};
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

/// Reads `fields` of the existing records among `ids`, in the order of `ids`. x2many values
/// keep the inactive lines when `active_test` is false (`read` follows the context;
/// `search_read` drops the context's `active_test` before reading, so it always drops them).
pub(crate) fn read_records(
    call: &Call<'_>,
    db: &Database,
    ids: &[i64],
    fields: &[String],
    active_test: bool,
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
                let mut value = field_value(call, db, *id, field, active_test)?;
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

/// One field's value as `read` gives it. An x2many read through the comodel (a stored one, or
/// one inherited from a stored one) lists only the lines the reader may see: Odoo reads them
/// with a search on the comodel, which applies the comodel's record rules.
fn field_value(
    call: &Call<'_>,
    db: &Database,
    id: i64,
    field: &Field,
    active_test: bool,
) -> Result<Value, Fault> {
    let value = values::read_value_with(db, call.reg, call.model, id, field, active_test);
    let through_comodel = field.store || field.inherited_via.is_some();
    match (&value, field.relation.as_deref()) {
        (Value::Array(ids), Some(comodel)) if field.ftype.is_x2many() && through_comodel => {
            let ids: Vec<i64> = ids.iter().filter_map(Value::as_i64).collect();
            Ok(Value::from(call.readable(db, comodel, ids)?))
        }
        _ => Ok(value),
    }
}

/// `read(ids, fields)`.
pub(crate) fn read(call: &Call<'_>, db: &Database) -> Result<Value, Fault> {
    call.check(db, Op::Read)?;
    let fields = field_names(call, db, call.arg("fields"))?;
    call.check_rules(db, &call.ids, Op::Read)?;
    let recs = read_records(call, db, &call.ids, &fields, call.active_test())?;
    Ok(Value::Array(recs.into_iter().map(Value::Object).collect()))
}

/// One field's entry of a `web_read` specification: `fields` (a nested specification),
/// `context` (merged into the context the related records are read with), and for x2many
/// fields `order` and `limit`. A value that is not an object reads as `{}`.
struct SubSpec<'s> {
    fields: Option<&'s Map<String, Value>>,
    context: Option<&'s Map<String, Value>>,
    order: Option<&'s str>,
    limit: Option<usize>,
    empty: bool,
}

impl<'s> SubSpec<'s> {
    fn of(spec: Option<&'s Value>) -> Self {
        let obj = spec.and_then(Value::as_object);
        let get = |k: &str| obj.and_then(|o| o.get(k));
        Self {
            fields: get("fields").and_then(Value::as_object),
            context: get("context").and_then(Value::as_object),
            order: get("order")
                .and_then(Value::as_str)
                .filter(|o| !o.trim().is_empty()),
            limit: get("limit")
                .and_then(Value::as_i64)
                .map(|l| usize::try_from(l.max(0)).unwrap_or(0)),
            empty: obj.is_none_or(Map::is_empty),
        }
    }
}

/// Reads records following a `web_read` specification (Odoo's `web_read` in module `web`):
/// the fields are read with `load=None` (many2one as bare ids); a many2one with `fields`
/// becomes the related record's own `web_read` (its `display_name` read as superuser); an
/// x2many with `order` is re-searched in that order (lines the reader may not see dropped), and
/// with `fields` becomes the lines' `web_read` — only the first `limit` lines of each record are
/// read, the others stay `{"id": n}`.
pub(crate) fn read_spec(
    call: &Call<'_>,
    db: &Database,
    ids: &[i64],
    spec: &Map<String, Value>,
) -> Result<Vec<Value>, Fault> {
    let names: Vec<String> = spec.keys().cloned().collect();
    let names_value = Value::from(names.clone());
    let names = field_names(call, db, Some(&names_value))?;
    let mut read_call = Call {
        args: Map::new(),
        ids: ids.to_vec(),
        ..*call
    };
    read_call.args.insert("load".into(), Value::Null);
    let mut rows = read_records(&read_call, db, ids, &names, call.active_test())?;
    for name in &names {
        let Some(field) = call.model.field(name) else {
            continue;
        };
        let Some(co) = field.relation.as_deref().and_then(|r| call.reg.model(r)) else {
            continue;
        };
        let sub = SubSpec::of(spec.get(name));
        if field.ftype == FieldType::Many2one {
            let Some(fields) = sub.fields else { continue };
            let linked: Vec<i64> = unique(rows.iter().filter_map(|r| r.get(name)?.as_i64()));
            let env = sub_env(call, sub.context);
            let co_call = Call {
                model: co,
                env: &env,
                ids: linked.clone(),
                args: Map::new(),
                ..*call
            };
            let mut without_name = fields.clone();
            let wants_name = without_name.remove("display_name").is_some();
            let mut by_id = HashMap::new();
            for v in web_read_ids(&co_call, db, &linked, &without_name)? {
                if let Some(rid) = v.get("id").and_then(Value::as_i64) {
                    by_id.insert(rid, v);
                }
            }
            for row in &mut rows {
                let Some(rid) = row.get(name).and_then(Value::as_i64) else {
                    continue;
                };
                let mut nested = by_id
                    .get(&rid)
                    .cloned()
                    .unwrap_or_else(|| json!({"id": rid}));
                if wants_name && let Value::Object(m) = &mut nested {
                    m.insert(
                        "display_name".into(),
                        Value::from(records::display_name(db, call.reg, &co.name, rid)),
                    );
                }
                row.insert(name.clone(), nested);
            }
        } else if field.ftype.is_x2many() && !sub.empty {
            let mut lines: Vec<i64> = unique(rows.iter().flat_map(|r| id_list(r.get(name))));
            if let Some(order) = sub.order {
                lines = ordered_lines(call, db, co, &lines, order)?;
                let rank: HashMap<i64, usize> =
                    lines.iter().enumerate().map(|(i, id)| (*id, i)).collect();
                for row in &mut rows {
                    let mut own: Vec<i64> = id_list(row.get(name))
                        .into_iter()
                        .filter(|i| rank.contains_key(i))
                        .collect();
                    own.sort_by_key(|i| rank.get(i).copied().unwrap_or(usize::MAX));
                    row.insert(name.clone(), Value::from(own));
                }
            }
            let Some(fields) = sub.fields else { continue };
            let to_read: Vec<i64> = match sub.limit {
                Some(limit) => unique(
                    rows.iter()
                        .flat_map(|r| id_list(r.get(name)).into_iter().take(limit)),
                ),
                None => unique(rows.iter().flat_map(|r| id_list(r.get(name)))),
            };
            let env = sub_env(call, sub.context);
            let co_call = Call {
                model: co,
                env: &env,
                ids: to_read.clone(),
                args: Map::new(),
                ..*call
            };
            let mut by_id = HashMap::new();
            for v in web_read_ids(&co_call, db, &to_read, fields)? {
                if let Some(rid) = v.get("id").and_then(Value::as_i64) {
                    by_id.insert(rid, v);
                }
            }
            for row in &mut rows {
                let nested: Vec<Value> = id_list(row.get(name))
                    .into_iter()
                    .map(|i| by_id.get(&i).cloned().unwrap_or_else(|| json!({"id": i})))
                    .collect();
                row.insert(name.clone(), Value::Array(nested));
            }
        }
    }
    Ok(rows.into_iter().map(Value::Object).collect())
}

/// `web_read` of `ids` as `call`'s user: a specification naming no field but `id` reads
/// nothing (Odoo answers `{"id": n}` per id without a check); otherwise the model's ACL and
/// record rules apply, then [`read_spec`].
fn web_read_ids(
    call: &Call<'_>,
    db: &Database,
    ids: &[i64],
    spec: &Map<String, Value>,
) -> Result<Vec<Value>, Fault> {
    if spec.keys().all(|k| k == "id") {
        return Ok(ids.iter().map(|i| json!({"id": i})).collect());
    }
    call.check(db, Op::Read)?;
    call.check_rules(db, ids, Op::Read)?;
    read_spec(call, db, ids, spec)
}

/// The lines of an x2many with an `order` in its specification: Odoo searches them again,
/// `[('id', 'in', lines)]` in that order with `active_test=False`, so the comodel's record
/// rules drop the lines the reader may not see; a comodel the reader may not read at all
/// leaves the field empty. An order Odoo cannot use is its error.
fn ordered_lines(
    call: &Call<'_>,
    db: &Database,
    co: &'static Model,
    lines: &[i64],
    order: &str,
) -> Result<Vec<i64>, Fault> {
    if lines.is_empty() {
        return Ok(Vec::new());
    }
    if !access::allowed(db, call.env.uid, &co.name, Op::Read) {
        return Ok(Vec::new());
    }
    let mut env = call.env.clone();
    env.context.insert("active_test".into(), Value::Bool(false));
    let mut args = Map::new();
    args.insert("order".into(), Value::from(order));
    let co_call = Call {
        model: co,
        env: &env,
        ids: Vec::new(),
        args,
        ..*call
    };
    let node = Node::leaf("id", "in", Value::from(lines.to_vec()));
    co_call.search_ids(db, &node, "order")
}

/// The environment of a nested read: the caller's, with the specification's `context`.
fn sub_env(call: &Call<'_>, context: Option<&Map<String, Value>>) -> Env {
    let mut env = call.env.clone();
    for (k, v) in context.into_iter().flatten() {
        env.context.insert(k.clone(), v.clone());
    }
    env
}

fn id_list(v: Option<&Value>) -> Vec<i64> {
    v.and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_default()
}

/// The ids in first-seen order, each once.
fn unique(ids: impl Iterator<Item = i64>) -> Vec<i64> {
    let mut seen = Vec::new();
    for i in ids {
        if !seen.contains(&i) {
            seen.push(i);
        }
    }
    seen
}

/// `web_read(ids, specification)`.
pub(crate) fn web_read(call: &Call<'_>, db: &Database) -> Result<Value, Fault> {
    let spec = call
        .arg("specification")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    Ok(Value::Array(web_read_ids(call, db, &call.ids, &spec)?))
}
