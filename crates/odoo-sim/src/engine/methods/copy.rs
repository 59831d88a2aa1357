//! `copy`: duplicates records with Odoo's per-model changes (`(copy)` names, draft
//! states, new order numbers, copied order lines).

use serde_json::{Map, Value};

use super::Call;
use super::create::create_one;
use crate::engine::access::Op;
use crate::engine::dates;
use crate::engine::records;
use crate::engine::registry::FieldType;
use crate::fault::Fault;
use crate::store::Database;

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
