//! Default values of new records (`default_get`, and the values `create` starts from):
//! the user's company, first selection states, per-model defaults and `default_*` context keys.

use serde_json::{Map, Value};

use super::Call;
use crate::engine::dates;
use crate::engine::records;
use crate::engine::registry::{FieldType, Model};
use crate::fault::Fault;
use crate::store::Database;

pub(super) fn user_company(db: &Database, uid: i64) -> i64 {
    records::row(db, "res.users", uid)
        .and_then(|r| r.get("company_id"))
        .and_then(Value::as_i64)
        .unwrap_or(1)
}

/// Default values of `model` for a new record created by `call`'s user.
pub(super) fn defaults(call: &Call<'_>, db: &Database, model: &Model) -> Map<String, Value> {
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
