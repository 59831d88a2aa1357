//! Values derived from others, kept in step after a change (partner `complete_name`, order
//! line subtotals and order amounts), and the names and journals Odoo computes on create.

use serde_json::Value;

use super::Call;
use crate::engine::records;
use crate::engine::registry::Model;
use crate::store::Database;

/// The id of the first journal (by sequence, then id) of type `kind` in `company`.
pub(super) fn first_journal(db: &Database, kind: &str, company: Option<i64>) -> Option<i64> {
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

pub(super) fn next_sale_name(db: &Database) -> String {
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
pub(super) fn recompute(call: &Call<'_>, db: &mut Database, model: &Model, id: i64) {
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
