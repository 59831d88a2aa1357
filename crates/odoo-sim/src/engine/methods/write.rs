//! `create`, `write`, `unlink`, `copy`, `default_get`, `name_create`: value conversion and
//! validation (unknown fields, selection keys, many2one targets, required fields, unique
//! login), x2many commands, defaults, and the derived values kept in step (partner
//! `complete_name`, order names and amounts).

use serde_json::{Map, Value};

use super::Call;
use crate::engine::access::{self, Op};
use crate::engine::dates;
use crate::engine::domain::py_repr;
use crate::engine::records;
use crate::engine::registry::{Field, FieldType, Model};
use crate::fault::{Fault, FaultKind};
use crate::store::{Database, Row};

/// An x2many change applied once the record exists.
struct Pending {
    field: String,
    commands: Vec<Value>,
}

fn user_company(db: &Database, uid: i64) -> i64 {
    records::row(db, "res.users", uid)
        .and_then(|r| r.get("company_id"))
        .and_then(Value::as_i64)
        .unwrap_or(1)
}

/// Default values of `model` for a new record created by `call`'s user.
fn defaults(call: &Call<'_>, db: &Database, model: &Model) -> Map<String, Value> {
    let mut d = Map::new();
    let uid = call.env.uid;
    let now = dates::now_string();
    let today = now.get(..10).unwrap_or_default().to_owned();
    let mut set = |k: &str, v: Value| {
        if model
            .field(k)
            .is_some_and(|f| f.store || f.inherited_via.is_some())
        {
            d.insert(k.to_owned(), v);
        }
    };
    set("active", Value::Bool(true));
    if model
        .field("company_id")
        .is_some_and(|f| f.relation.as_deref() == Some("res.company"))
        && model.name != "res.partner"
    {
        set("company_id", Value::from(user_company(db, uid)));
    }
    if model.field("currency_id").is_some_and(|f| f.store) {
        set("currency_id", Value::from(1));
    }
    if let Some(state) = model
        .field("state")
        .filter(|f| f.store && f.ftype == FieldType::Selection)
        && let Some(first) = state.selection.first()
    {
        set("state", Value::from(first.clone()));
    }
    match model.name.as_str() {
        "res.partner" => {
            set("type", Value::from("contact"));
            set("is_company", Value::Bool(false));
            set(
                "lang",
                Value::from(
                    call.env
                        .context
                        .get("lang")
                        .and_then(Value::as_str)
                        .unwrap_or("en_US"),
                ),
            );
            set("autopost_bills", Value::from("ask"));
        }
        "res.users" => {
            set("share", Value::Bool(false));
            set("notification_type", Value::from("email"));
            set("group_ids", Value::from(vec![1]));
            set("company_id", Value::from(user_company(db, uid)));
            set("company_ids", Value::from(vec![user_company(db, uid)]));
            set("lang", Value::from("en_US"));
            set("type", Value::from("contact"));
            set("autopost_bills", Value::from("ask"));
        }
        "sale.order" => {
            set("date_order", Value::from(now.clone()));
            set("picking_policy", Value::from("direct"));
            set("user_id", Value::from(uid));
            set("invoice_status", Value::from("no"));
        }
        "sale.order.line" => {
            set("product_uom_qty", Value::from(1.0));
            set("customer_lead", Value::from(0.0));
            set("sequence", Value::from(10));
            set("discount", Value::from(0.0));
        }
        "account.move" => {
            set("move_type", Value::from("entry"));
            set("date", Value::from(today));
            set("name", Value::from("/"));
            set("auto_post", Value::from("no"));
            set("payment_state", Value::from("not_paid"));
        }
        "crm.lead" => {
            set("type", Value::from("opportunity"));
            set("priority", Value::from("0"));
            set("user_id", Value::from(uid));
            set("probability", Value::from(10.0));
            let stage = db.table("crm.stage").and_then(|t| {
                let mut s: Vec<(i64, i64)> = t
                    .rows
                    .iter()
                    .map(|(id, r)| (r.get("sequence").and_then(Value::as_i64).unwrap_or(0), *id))
                    .collect();
                s.sort_unstable();
                s.first().map(|x| x.1)
            });
            if let Some(stage) = stage {
                set("stage_id", Value::from(stage));
            }
        }
        "product.template" | "product.product" => {
            set("type", Value::from("consu"));
            set("sale_ok", Value::Bool(true));
            set("purchase_ok", Value::Bool(true));
            // product.template._get_default_uom_id: the "Units" UoM (id 1 in the dataset).
            let unit = db.table("uom.uom").and_then(|t| {
                if t.rows.contains_key(&1) {
                    Some(1)
                } else {
                    t.rows.keys().next().copied()
                }
            });
            if let Some(unit) = unit {
                set("uom_id", Value::from(unit));
            }
            set("tracking", Value::from("none"));
            set("service_tracking", Value::from("no"));
        }
        "account.move.line" => {
            set("display_type", Value::from("product"));
            set("currency_id", Value::from(1));
        }
        "account.journal" => {
            set("invoice_reference_model", Value::from("odoo"));
            set("invoice_reference_type", Value::from("invoice"));
        }
        "account.payment.term" => set("sequence", Value::from(10)),
        "account.tax" => {
            set("amount", Value::from(0.0));
            set("amount_type", Value::from("percent"));
            set("sequence", Value::from(1));
            set("type_tax_use", Value::from("sale"));
        }
        "ir.attachment" => set("type", Value::from("binary")),
        "mail.message" => set("message_type", Value::from("comment")),
        "res.company" => {
            set("account_price_include", Value::from("tax_excluded"));
            set("cost_method", Value::from("standard"));
            set("fiscalyear_last_day", Value::from(31));
            set("fiscalyear_last_month", Value::from("12"));
            set("horizon_days", Value::from(365.0));
            set("inventory_period", Value::from("manual"));
            set("layout_background", Value::from("Blank"));
            set("security_lead", Value::from(0.0));
        }
        "stock.move" => {
            set("date", Value::from(now.clone()));
            set("procure_method", Value::from("make_to_stock"));
            set("product_uom_qty", Value::from(0.0));
        }
        "stock.picking" => set("move_type", Value::from("direct")),
        "stock.warehouse" => {
            set("delivery_steps", Value::from("ship_only"));
            set("reception_steps", Value::from("one_step"));
        }
        "uom.uom" => set("relative_factor", Value::from(1.0)),
        _ => {}
    }
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

/// Converts a written value to its stored form, validating it.
fn convert(
    call: &Call<'_>,
    db: &Database,
    model: &Model,
    field: &Field,
    v: &Value,
) -> Result<Value, Fault> {
    if v.is_null() || *v == Value::Bool(false) {
        return Ok(match field.ftype {
            FieldType::Boolean => Value::Bool(false),
            _ => Value::Null,
        });
    }
    Ok(match field.ftype {
        FieldType::Many2one => {
            let id = match v {
                Value::Number(n) => n.as_i64(),
                Value::Array(a) => a.first().and_then(Value::as_i64),
                Value::String(s) => s.parse().ok(),
                _ => None,
            };
            let Some(id) = id else {
                return Err(Fault::new(
                    FaultKind::ValueError,
                    format!(
                        "Wrong value for {}.{}: {}",
                        model.name,
                        field.name,
                        py_repr(v)
                    ),
                ));
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
                return Err(Fault::new(
                    FaultKind::ValueError,
                    format!(
                        "Wrong value for {}.{}: {}",
                        model.name,
                        field.name,
                        py_repr(v)
                    ),
                ));
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
                return Err(Fault::new(
                    FaultKind::ValueError,
                    format!(
                        "Wrong value for {}.{}: {}",
                        model.name,
                        field.name,
                        py_repr(v)
                    ),
                ));
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
                return Err(Fault::new(
                    FaultKind::ValueError,
                    format!(
                        "Wrong value for {}.{}: {}",
                        model.name,
                        field.name,
                        py_repr(v)
                    ),
                ));
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

/// Splits `vals` into stored values for `model`, values for the delegated parent, and
/// x2many commands to run once the record exists.
fn prepare(
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

fn normalize_commands(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(items) if items.iter().all(|i| i.is_number()) => {
            vec![Value::Array(vec![
                Value::from(6),
                Value::from(0),
                Value::Array(items.clone()),
            ])]
        }
        Value::Array(items) => items.clone(),
        Value::Bool(false) | Value::Null => vec![Value::Array(vec![Value::from(5)])],
        _ => Vec::new(),
    }
}

fn apply_commands(
    call: &Call<'_>,
    db: &mut Database,
    model: &Model,
    id: i64,
    p: &Pending,
) -> Result<(), Fault> {
    let Some(field) = model.field(&p.field) else {
        return Ok(());
    };
    let comodel_name = field.relation.clone().unwrap_or_default();
    let Some(comodel) = call.reg.model(&comodel_name) else {
        return Ok(());
    };
    let inverse = field.relation_field.clone();
    let o2m = field.ftype == FieldType::One2many;
    let mut current: Vec<i64> = records::related_ids(db, call.reg, model, id, &p.field);
    for cmd in &p.commands {
        let Some(parts) = cmd.as_array() else {
            continue;
        };
        let code = parts.first().and_then(Value::as_i64).unwrap_or(-1);
        let target = parts.get(1).and_then(Value::as_i64);
        let vals = parts
            .get(2)
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        match code {
            0 => {
                let mut vals = vals;
                if o2m && let Some(inv) = &inverse {
                    vals.insert(inv.clone(), Value::from(id));
                }
                let new_id = create_one(call, db, comodel, &vals)?;
                current.push(new_id);
            }
            1 => {
                if let Some(t) = target {
                    write_rows(call, db, comodel, &[t], &vals)?;
                }
            }
            2 => {
                if let Some(t) = target {
                    remove_rows(call, db, comodel, &[t]);
                    current.retain(|x| *x != t);
                }
            }
            3 => {
                if let Some(t) = target {
                    current.retain(|x| *x != t);
                    if o2m
                        && let Some(inv) = &inverse
                        && let Some(r) = db.table_mut(&comodel_name).rows.get_mut(&t)
                    {
                        r.insert(inv.clone(), Value::Null);
                    }
                }
            }
            4 => {
                if let Some(t) = target {
                    if !records::exists(db, &comodel_name, t) {
                        return Err(Fault::new(
                            FaultKind::MissingError,
                            format!(
                                "Record does not exist or has been deleted.\n(Record: {comodel_name}({t},), User: {})",
                                call.env.uid
                            ),
                        ));
                    }
                    if !current.contains(&t) {
                        current.push(t);
                    }
                    if o2m
                        && let Some(inv) = &inverse
                        && let Some(r) = db.table_mut(&comodel_name).rows.get_mut(&t)
                    {
                        r.insert(inv.clone(), Value::from(id));
                    }
                }
            }
            5 | 6 => {
                let new: Vec<i64> = if code == 6 {
                    parts
                        .get(2)
                        .and_then(Value::as_array)
                        .map(|a| a.iter().filter_map(Value::as_i64).collect())
                        .unwrap_or_default()
                } else {
                    Vec::new()
                };
                if o2m && let Some(inv) = &inverse {
                    for t in &current {
                        if !new.contains(t)
                            && let Some(r) = db.table_mut(&comodel_name).rows.get_mut(t)
                        {
                            r.insert(inv.clone(), Value::Null);
                        }
                    }
                    for t in &new {
                        if let Some(r) = db.table_mut(&comodel_name).rows.get_mut(t) {
                            r.insert(inv.clone(), Value::from(id));
                        }
                    }
                }
                current = new;
            }
            _ => {}
        }
    }
    if !o2m && let Some(r) = db.table_mut(&model.name).rows.get_mut(&id) {
        r.insert(p.field.clone(), Value::from(current));
    }
    Ok(())
}

/// The id of the first journal (by sequence, then id) of type `kind` in `company`.
fn first_journal(db: &Database, kind: &str, company: Option<i64>) -> Option<i64> {
    let table = db.table("account.journal")?;
    let mut found: Vec<(i64, i64)> = table
        .rows
        .iter()
        .filter(|(_, r)| r.get("type").and_then(Value::as_str) == Some(kind))
        .filter(|(_, r)| {
            company.is_none() || r.get("company_id").and_then(Value::as_i64) == company
        })
        .map(|(id, r)| (r.get("sequence").and_then(Value::as_i64).unwrap_or(10), *id))
        .collect();
    found.sort_unstable();
    found.first().map(|x| x.1)
}

fn next_sale_name(db: &Database) -> String {
    let max = db
        .table("sale.order")
        .map(|t| {
            t.rows
                .values()
                .filter_map(|r| r.get("name").and_then(Value::as_str))
                .filter_map(|n| n.strip_prefix('S').and_then(|d| d.parse::<i64>().ok()))
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(0);
    format!("S{:05}", max + 1)
}

/// Values derived from others, recomputed after a change.
fn recompute(call: &Call<'_>, db: &mut Database, model: &Model, id: i64) {
    let reg = call.reg;
    match model.name.as_str() {
        "res.partner" => {
            let name = records::stored(db, reg, model, id, "name")
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let parent = records::m2o_id(db, reg, model, id, "parent_id");
            let is_company = records::stored(db, reg, model, id, "is_company")
                .as_bool()
                .unwrap_or(false);
            let complete = match parent {
                Some(p) if !is_company => {
                    let pname = records::display_name(db, reg, "res.partner", p);
                    if name.is_empty() {
                        pname
                    } else {
                        format!("{pname}, {name}")
                    }
                }
                _ => name,
            };
            if let Some(r) = db.table_mut("res.partner").rows.get_mut(&id) {
                r.insert(
                    "complete_name".into(),
                    if complete.is_empty() {
                        Value::Null
                    } else {
                        Value::from(complete)
                    },
                );
            }
        }
        "sale.order.line" => {
            let get = |f: &str| {
                records::stored(db, reg, model, id, f)
                    .as_f64()
                    .unwrap_or(0.0)
            };
            let (qty, price, discount) =
                (get("product_uom_qty"), get("price_unit"), get("discount"));
            let subtotal = qty * price * (1.0 - discount / 100.0);
            let order = records::m2o_id(db, reg, model, id, "order_id");
            let order_vals = order.map(|o| {
                let om = reg.model("sale.order");
                om.map(|om| {
                    (
                        records::stored(db, reg, om, o, "state"),
                        records::stored(db, reg, om, o, "partner_id"),
                        records::stored(db, reg, om, o, "company_id"),
                        records::stored(db, reg, om, o, "currency_id"),
                    )
                })
            });
            if let Some(r) = db.table_mut("sale.order.line").rows.get_mut(&id) {
                r.insert("price_subtotal".into(), Value::from(subtotal));
                r.insert("price_total".into(), Value::from(subtotal));
                r.insert("price_tax".into(), Value::from(0.0));
                if let Some(Some((state, partner, company, currency))) = order_vals {
                    r.insert("state".into(), state);
                    r.insert("order_partner_id".into(), partner);
                    r.insert("company_id".into(), company);
                    r.insert("currency_id".into(), currency);
                }
            }
            if let Some(o) = order
                && let Some(om) = reg.model("sale.order")
            {
                recompute(call, db, om, o);
            }
        }
        "sale.order" => {
            let lines: Vec<i64> = db
                .table("sale.order.line")
                .map(|t| {
                    t.rows
                        .iter()
                        .filter(|(_, r)| r.get("order_id").and_then(Value::as_i64) == Some(id))
                        .map(|(k, _)| *k)
                        .collect()
                })
                .unwrap_or_default();
            let mut untaxed = 0.0;
            let mut total = 0.0;
            for l in &lines {
                if let Some(r) = records::row(db, "sale.order.line", *l) {
                    untaxed += r
                        .get("price_subtotal")
                        .and_then(Value::as_f64)
                        .unwrap_or(0.0);
                    total += r.get("price_total").and_then(Value::as_f64).unwrap_or(0.0);
                }
            }
            let state = records::stored(db, reg, model, id, "state");
            for l in &lines {
                if let Some(r) = db.table_mut("sale.order.line").rows.get_mut(l) {
                    r.insert("state".into(), state.clone());
                }
            }
            if !lines.is_empty()
                && let Some(r) = db.table_mut("sale.order").rows.get_mut(&id)
            {
                r.insert("amount_untaxed".into(), Value::from(untaxed));
                r.insert("amount_total".into(), Value::from(total));
                r.insert("amount_tax".into(), Value::from(total - untaxed));
            }
        }
        _ => {}
    }
}

fn check_constraints(
    call: &Call<'_>,
    db: &Database,
    model: &Model,
    id: i64,
    only: Option<&Map<String, Value>>,
) -> Result<(), Fault> {
    let reg = call.reg;
    let get = |f: &str| records::stored(db, reg, model, id, f);
    let empty = |v: &Value| v.is_null() || v.as_str() == Some("") || *v == Value::Bool(false);
    if model.name == "res.partner"
        && empty(&get("name"))
        && get("type").as_str().unwrap_or("contact") == "contact"
    {
        return Err(Fault::new(
            FaultKind::ValidationError,
            "The operation cannot be completed: Contacts require a name",
        ));
    }
    if model.name == "res.users" {
        let login = get("login");
        if empty(&login) {
            return Err(not_null(model, "login"));
        }
        let dup = db.table("res.users").is_some_and(|t| {
            t.rows
                .iter()
                .any(|(k, r)| *k != id && r.get("login") == Some(&login))
        });
        if dup {
            return Err(Fault::new(
                FaultKind::ValidationError,
                "The operation cannot be completed: You can not have two users with the same login!",
            ));
        }
    }
    if let Some(f) = missing_required(model, only, |f| get(f)) {
        return Err(not_null(model, f));
    }
    Ok(())
}

/// Required stored fields that Odoo fills itself by means the simulator does not model
/// (computed from another record, or records created alongside): never reported missing.
const FILLED_BY_ODOO: &[(&str, &[&str])] = &[
    // account/models/account_journal.py: `code` is computed from the name.
    ("account.journal", &["code"]),
    // account/models/account_tax.py: computed from the company and its tax groups.
    ("account.tax", &["country_id", "tax_group_id"]),
    // mail.alias.mixin creates the alias in `create`.
    ("crm.team", &["alias_id"]),
    ("ir.model", &["order"]),
    ("ir.model.fields", &["model", "state"]),
    // base/models/res_company.py creates the company's partner in `create`.
    ("res.company", &["partner_id"]),
    // stock: locations computed from the picking / picking type; uom from the product.
    (
        "stock.move",
        &["location_id", "location_dest_id", "product_uom"],
    ),
    ("stock.picking", &["location_id", "location_dest_id"]),
    // stock/models/stock_warehouse.py creates the warehouse's locations in `create`.
    ("stock.warehouse", &["lot_stock_id", "view_location_id"]),
];

/// The first required stored column (in column-name order) whose value is NULL, as
/// PostgreSQL's NOT NULL constraint would report it. `only` restricts the check to the
/// fields being written (existing rows already satisfied the constraint).
fn missing_required<'m>(
    model: &'m Model,
    only: Option<&Map<String, Value>>,
    get: impl Fn(&str) -> Value,
) -> Option<&'m str> {
    let filled = FILLED_BY_ODOO
        .iter()
        .find(|(m, _)| *m == model.name)
        .map_or(&[][..], |(_, f)| *f);
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

fn not_null(model: &Model, field: &str) -> Fault {
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

/// Creates one record from `vals` (defaults, delegation, x2many commands, checks).
fn create_one(
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
    match model.name.as_str() {
        "sale.order" => {
            if own
                .get("name")
                .is_none_or(|n| n.is_null() || n.as_str() == Some("/"))
            {
                own.insert("name".into(), Value::from(next_sale_name(db)));
            }
            let partner = own.get("partner_id").cloned().unwrap_or(Value::Null);
            for f in ["partner_invoice_id", "partner_shipping_id"] {
                if own.get(f).is_none_or(Value::is_null) {
                    own.insert(f.into(), partner.clone());
                }
            }
        }
        "account.move" if own.get("journal_id").is_none_or(Value::is_null) => {
            // account.move._compute_journal_id: the company's first journal of the type
            // the move type needs.
            let kind = match own.get("move_type").and_then(Value::as_str) {
                Some("out_invoice" | "out_refund" | "out_receipt") => "sale",
                Some("in_invoice" | "in_refund" | "in_receipt") => "purchase",
                _ => "general",
            };
            let company = own.get("company_id").and_then(Value::as_i64);
            if let Some(j) = first_journal(db, kind, company) {
                own.insert("journal_id".into(), Value::from(j));
            }
        }
        "crm.lead" if own.get("name").is_none_or(Value::is_null) => {
            // crm.lead._compute_name: "<partner>'s opportunity" when a partner is set.
            if let Some(p) = own.get("partner_id").and_then(Value::as_i64) {
                let pname = records::stored(
                    db,
                    call.reg,
                    call.reg.model("res.partner").unwrap_or(model),
                    p,
                    "name",
                );
                if let Some(n) = pname.as_str().filter(|n| !n.is_empty()) {
                    own.insert("name".into(), Value::from(format!("{n}'s opportunity")));
                }
            }
        }
        "sale.order.line" => {
            if let Some(pid) = own.get("product_id").and_then(Value::as_i64)
                && let Some(pp) = call.reg.model("product.product")
            {
                if own.get("name").is_none_or(Value::is_null) {
                    own.insert(
                        "name".into(),
                        Value::from(records::display_name(db, call.reg, "product.product", pid)),
                    );
                }
                if own.get("price_unit").is_none_or(Value::is_null) {
                    let price = records::stored(db, call.reg, pp, pid, "list_price");
                    own.insert(
                        "price_unit".into(),
                        Value::from(price.as_f64().unwrap_or(0.0)),
                    );
                }
            }
        }
        _ => {}
    }
    let id = db.insert(&model.name, own);
    for p in &pending {
        apply_commands(call, db, model, id, p)?;
    }
    recompute(call, db, model, id);
    if model.name == "product.template"
        && !db.table("product.product").is_some_and(|t| {
            t.rows
                .values()
                .any(|r| r.get("product_tmpl_id").and_then(Value::as_i64) == Some(id))
        })
    {
        let mut variant = Row::new();
        variant.insert("product_tmpl_id".into(), Value::from(id));
        variant.insert("active".into(), Value::Bool(true));
        db.insert("product.product", variant);
    }
    if let Err(e) = check_constraints(call, db, model, id, None) {
        db.table_mut(&model.name).rows.remove(&id);
        return Err(e);
    }
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
    let snapshot = db.clone();
    let mut ids = Vec::new();
    for vals in &list {
        let Value::Object(vals) = vals else {
            *db = snapshot;
            return Err(Fault::new(
                FaultKind::ValueError,
                format!("Invalid values {}", py_repr(vals)),
            ));
        };
        match create_one(call, db, call.model, vals) {
            Ok(id) => ids.push(id),
            Err(e) => {
                *db = snapshot;
                return Err(e);
            }
        }
    }
    Ok(if single {
        Value::from(ids[0])
    } else {
        Value::from(ids)
    })
}

fn write_rows(
    call: &Call<'_>,
    db: &mut Database,
    model: &Model,
    ids: &[i64],
    vals: &Map<String, Value>,
) -> Result<(), Fault> {
    let (own, parent_vals, pending) = prepare(call, db, model, vals, false)?;
    let now = dates::now_string();
    for id in ids {
        if let Some(r) = db.table_mut(&model.name).rows.get_mut(id) {
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
        recompute(call, db, model, *id);
        if model.name == "res.partner"
            && (own.contains_key("name") || own.contains_key("parent_id"))
        {
            let children: Vec<i64> = records::related_ids(db, call.reg, model, *id, "child_ids");
            for c in children {
                recompute(call, db, model, c);
            }
        }
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
        access::check_field_groups(db, call.reg, call.env.uid, call.name(), k, Op::Write)?;
    }
    let missing: Vec<i64> = call
        .ids
        .iter()
        .copied()
        .filter(|i| !records::exists(db, call.name(), *i))
        .collect();
    if !missing.is_empty() {
        return Err(call.missing(&missing));
    }
    call.check_rules(db, &call.ids, Op::Write)?;
    let snapshot = db.clone();
    if let Err(e) = write_rows(call, db, call.model, &call.ids, &vals) {
        *db = snapshot;
        return Err(e);
    }
    Ok(Value::Bool(true))
}

fn remove_rows(call: &Call<'_>, db: &mut Database, model: &Model, ids: &[i64]) {
    for id in ids {
        db.table_mut(&model.name).rows.remove(id);
    }
    // Cascade lines; clear other many2one links to the removed records.
    let cascade: &[(&str, &str)] = &[
        ("sale.order.line", "order_id"),
        ("account.move.line", "move_id"),
    ];
    for other in call.reg.models.values() {
        for field in other.fields.values() {
            if field.ftype != FieldType::Many2one
                || field.relation.as_deref() != Some(&model.name)
                || !field.store
            {
                continue;
            }
            let Some(table) = db.tables.get_mut(&other.name) else {
                continue;
            };
            let is_cascade = cascade
                .iter()
                .any(|(m, f)| *m == other.name && *f == field.name);
            let hit: Vec<i64> = table
                .rows
                .iter()
                .filter(|(_, r)| {
                    r.get(&field.name)
                        .and_then(Value::as_i64)
                        .is_some_and(|v| ids.contains(&v))
                })
                .map(|(k, _)| *k)
                .collect();
            for k in hit {
                if is_cascade {
                    table.rows.remove(&k);
                } else if let Some(r) = table.rows.get_mut(&k) {
                    r.insert(field.name.clone(), Value::Null);
                }
            }
        }
    }
}

/// `unlink(ids)` → true.
pub(crate) fn unlink(call: &Call<'_>, db: &mut Database) -> Result<Value, Fault> {
    call.check(db, Op::Unlink)?;
    let missing: Vec<i64> = call
        .ids
        .iter()
        .copied()
        .filter(|i| !records::exists(db, call.name(), *i))
        .collect();
    if !missing.is_empty() {
        return Err(call.missing(&missing));
    }
    call.check_rules(db, &call.ids, Op::Unlink)?;
    if call.name() == "sale.order" {
        for id in &call.ids {
            let state = records::stored(db, call.reg, call.model, *id, "state");
            if matches!(state.as_str(), Some("sale" | "sent")) {
                return Err(Fault::new(
                    FaultKind::UserError,
                    "You can not delete a sent quotation or a confirmed sales order. You must first cancel it.",
                ));
            }
        }
    }
    if call.name() == "account.move" {
        for id in &call.ids {
            if records::stored(db, call.reg, call.model, *id, "state").as_str() == Some("posted") {
                return Err(Fault::new(
                    FaultKind::UserError,
                    "You cannot delete an entry which has been posted once.",
                ));
            }
        }
    }
    remove_rows(call, db, call.model, &call.ids);
    Ok(Value::Bool(true))
}

/// `copy(ids, default)` → new ids.
pub(crate) fn copy(call: &Call<'_>, db: &mut Database) -> Result<Value, Fault> {
    call.check(db, Op::Create)?;
    let missing: Vec<i64> = call
        .ids
        .iter()
        .copied()
        .filter(|i| !records::exists(db, call.name(), *i))
        .collect();
    if !missing.is_empty() {
        return Err(call.missing(&missing));
    }
    call.check_rules(db, &call.ids, Op::Read)?;
    let overrides = call
        .arg("default")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut new_ids = Vec::new();
    for id in call.ids.clone() {
        let Some(row) = records::row(db, call.name(), id).cloned() else {
            continue;
        };
        let mut vals = Map::new();
        for (k, v) in &row {
            let Some(f) = call.model.field(k) else {
                continue;
            };
            if matches!(
                k.as_str(),
                "id" | "create_date" | "write_date" | "create_uid" | "write_uid" | "complete_name"
            ) || !f.store
                || f.ftype == FieldType::One2many
            {
                continue;
            }
            vals.insert(k.clone(), v.clone());
        }
        match call.name() {
            "res.partner" | "product.template" | "crm.lead" | "res.partner.category" => {
                if let Some(n) = row.get("name").and_then(Value::as_str) {
                    vals.insert("name".into(), Value::from(format!("{n} (copy)")));
                }
            }
            "sale.order" => {
                vals.remove("name");
                vals.insert("state".into(), Value::from("draft"));
                vals.insert("date_order".into(), Value::from(dates::now_string()));
            }
            "account.move" => {
                vals.insert("name".into(), Value::from("/"));
                vals.insert("state".into(), Value::from("draft"));
            }
            _ => {}
        }
        for (k, v) in &overrides {
            vals.insert(k.clone(), v.clone());
        }
        let new_id = create_one(call, db, call.model, &vals)?;
        if call.name() == "sale.order" {
            let lines: Vec<i64> = records::related_ids(db, call.reg, call.model, id, "order_line");
            if let Some(lm) = call.reg.model("sale.order.line") {
                for l in lines {
                    if let Some(lrow) = records::row(db, "sale.order.line", l).cloned() {
                        let mut lv = Map::new();
                        for key in [
                            "product_id",
                            "name",
                            "product_uom_qty",
                            "price_unit",
                            "discount",
                            "sequence",
                            "product_uom_id",
                            "display_type",
                        ] {
                            if let Some(v) = lrow.get(key) {
                                lv.insert(key.into(), v.clone());
                            }
                        }
                        lv.insert("order_id".into(), Value::from(new_id));
                        create_one(call, db, lm, &lv)?;
                    }
                }
            }
        }
        new_ids.push(new_id);
    }
    Ok(Value::from(new_ids))
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
