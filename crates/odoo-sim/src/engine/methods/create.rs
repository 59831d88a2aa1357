//! `create` and `name_create`: defaults, delegation (`_inherits`), per-model computed
//! values, x2many commands and constraints for each new record.

use serde_json::{Map, Value};

use super::Call;
use super::defaults::defaults;
use super::recompute::{first_journal, next_sale_name, recompute};
use super::validation::{check_constraints, prepare};
use super::write::write_rows;
use super::x2many_commands::apply_commands;
use crate::engine::access::Op;
use crate::engine::dates;
use crate::engine::domain::py_repr;
use crate::engine::records;
use crate::engine::registry::Model;
use crate::fault::{Fault, FaultKind};
use crate::store::{Database, Row};

/// Creates one record from `vals` (defaults, delegation, x2many commands, checks).
pub(super) fn create_one(
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
        "ir.attachment" => super::attachment::on_create(vals, &mut own),
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
