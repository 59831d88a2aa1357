//! `sale.order.line`: order lines — product name, price, unit and taxes on create and on a
//! product change (onchange), subtotals, the
//! order's values they follow, deletion with their order, "Order - Line" display names.

use serde_json::Value;

use super::linked_onchange::{self, Linked};
use super::{Behaviour, SetDefault, Settings, Warning};
use crate::engine::access::{self, Acl, CompanyRule};
use crate::engine::methods::Call;
use crate::engine::records;
use crate::engine::registry::{Model, Registry};
use crate::store::{Database, Row};

pub(super) struct SaleOrderLine;

const ORDER: &str = "sale.order";
const PRODUCT: &str = "product.product";

/// What a line takes from its product: the description (its display name), the sale price
/// (no pricelist simulated), the unit and the sale taxes.
fn product_values(call: &Call<'_>, db: &Database, pid: i64) -> Vec<(&'static str, Value)> {
    let Some(pp) = call.reg.model(PRODUCT) else {
        return Vec::new();
    };
    let price = records::stored(db, call.reg, pp, pid, "list_price");
    let taxes = records::stored(db, call.reg, pp, pid, "taxes_id");
    let mut out = vec![
        (
            "name",
            Value::from(records::display_name(db, call.reg, PRODUCT, pid)),
        ),
        ("price_unit", Value::from(price.as_f64().unwrap_or(0.0))),
    ];
    let uom = records::stored(db, call.reg, pp, pid, "uom_id");
    if uom.is_number() {
        out.push(("product_uom_id", uom));
    }
    if taxes.is_array() {
        out.push(("tax_ids", taxes));
    }
    out
}

impl Behaviour for SaleOrderLine {
    fn name(&self) -> &'static str {
        "sale.order.line"
    }
    fn metadata(&self) -> Option<&'static str> {
        Some(include_str!("../../../data/models/sale.order.line.json"))
    }
    fn company_rule(&self) -> CompanyRule {
        CompanyRule::Strict
    }
    fn personal_field(&self) -> Option<&'static str> {
        Some("salesman_id")
    }
    fn acl(&self) -> Acl {
        &[
            (access::SALESMAN, "rwcu"),
            (access::SALE_MANAGER, "rwcu"),
            (access::INVOICE, "rw"),
        ]
    }
    fn settings(&self) -> Settings {
        Settings {
            order: "order_id, sequence, id",
            rec_names_search: &["name", "order_id.name"],
            parent: None,
            inherits: None,
        }
    }
    fn defaults(&self, _call: &Call<'_>, _db: &Database, set: &mut SetDefault<'_>) {
        set("product_uom_qty", Value::from(1.0));
        set("customer_lead", Value::from(0.0));
        set("sequence", Value::from(10));
        set("discount", Value::from(0.0));
    }
    /// What the line takes from its product (see [`product_values`]), unless given.
    fn before_create(&self, call: &Call<'_>, db: &Database, own: &mut Row) {
        let Some(pid) = own.get("product_id").and_then(Value::as_i64) else {
            return;
        };
        linked_onchange::fill_empty(own, product_values(call, db, pid));
    }
    /// A new product: its description, price, unit and taxes (`_compute_name`,
    /// `_compute_price_unit`, `_compute_product_uom_id`, `_compute_tax_ids`), and its sale
    /// warning (`_onchange_product_id_warning`).
    fn onchange(
        &self,
        call: &Call<'_>,
        db: &mut Database,
        model: &Model,
        id: i64,
        changed: &[String],
    ) -> Option<Warning> {
        let linked = Linked {
            field: "product_id",
            comodel: PRODUCT,
            warning: "sale_line_warn_msg",
        };
        linked_onchange::run(&linked, call, db, model, id, changed, |call, db, pid| {
            pid.map(|p| product_values(call, db, p)).unwrap_or_default()
        })
    }
    /// `_compute_amount` (no taxes simulated) and the related order fields; then the order.
    fn recompute(&self, call: &Call<'_>, db: &mut Database, model: &Model, id: i64) {
        let reg = call.reg;
        let get = |f: &str| {
            records::stored(db, reg, model, id, f)
                .as_f64()
                .unwrap_or(0.0)
        };
        let (qty, price, discount) = (get("product_uom_qty"), get("price_unit"), get("discount"));
        let subtotal = qty * price * (1.0 - discount / 100.0);
        let order = records::m2o_id(db, reg, model, id, "order_id");
        let om = reg.model(ORDER);
        let order_vals = order.zip(om).map(|(o, om)| {
            (
                records::stored(db, reg, om, o, "state"),
                records::stored(db, reg, om, o, "partner_id"),
                records::stored(db, reg, om, o, "company_id"),
                records::stored(db, reg, om, o, "currency_id"),
            )
        });
        if let Some(r) = db.row_mut(self.name(), id) {
            r.insert("price_subtotal".into(), Value::from(subtotal));
            r.insert("price_total".into(), Value::from(subtotal));
            r.insert("price_tax".into(), Value::from(0.0));
            if let Some((state, partner, company, currency)) = order_vals {
                r.insert("state".into(), state);
                r.insert("order_partner_id".into(), partner);
                r.insert("company_id".into(), company);
                r.insert("currency_id".into(), currency);
            }
        }
        if let (Some(o), Some(om)) = (order, om) {
            super::behaviour(ORDER).recompute(call, db, om, o);
        }
    }
    fn cascades(&self) -> &'static [&'static str] {
        &["order_id"]
    }
    /// `product_id`: `ondelete='restrict'` in `sale/models/sale_order_line.py`.
    fn restricts(&self) -> &'static [&'static str] {
        &["product_id"]
    }
    /// "S00012 - <first line of the description>".
    fn display_name(
        &self,
        db: &Database,
        reg: &Registry,
        model: &Model,
        id: i64,
    ) -> Option<String> {
        let order = records::m2o_id(db, reg, model, id, "order_id")
            .map(|o| records::display_name(db, reg, ORDER, o));
        let name = records::stored(db, reg, model, id, "name");
        let first = name
            .as_str()
            .unwrap_or_default()
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned();
        Some(match order {
            Some(o) => format!("{o} - {first}"),
            None => first,
        })
    }
}
