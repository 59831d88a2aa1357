//! `sale.order`: quotations and orders — `S0000n` names, amounts from the lines, the
//! customer's addresses, terms and warning on a partner change (onchange), copy with
//! lines, the confirm/cancel/draft actions and the "cancel before deleting" rule.

use serde_json::{Map, Value};

use super::linked_onchange::{self, Linked};
use super::{Behaviour, SetDefault, Settings, Warning, set};
use crate::engine::access::{self, Acl, CompanyRule};
use crate::engine::dates;
use crate::engine::methods::{Call, create_one};
use crate::engine::records;
use crate::engine::registry::Model;
use crate::fault::{Fault, FaultKind};
use crate::store::{Database, Row};

pub(super) struct SaleOrder;

const LINE: &str = "sale.order.line";
const PARTNER: &str = "res.partner";

/// The line fields `copy` carries to the new order's lines (`copy=True` on sale.order.line).
const COPIED_LINE_FIELDS: &[&str] = &[
    "product_id",
    "name",
    "product_uom_qty",
    "price_unit",
    "discount",
    "sequence",
    "product_uom_id",
    "display_type",
];

impl Behaviour for SaleOrder {
    fn name(&self) -> &'static str {
        "sale.order"
    }
    fn metadata(&self) -> Option<&'static str> {
        Some(include_str!("../../../data/models/sale.order.json"))
    }
    fn company_rule(&self) -> CompanyRule {
        CompanyRule::Strict
    }
    fn personal_field(&self) -> Option<&'static str> {
        Some("user_id")
    }
    // sale/security/ir.model.access.csv: access_sale_order(_line)_invoicing_payments gives
    // account.group_account_invoice read and write (1,1,0,0), not create or unlink.
    fn acl(&self) -> Acl {
        &[
            (access::SALESMAN, "rwc"),
            (access::SALE_MANAGER, "rwcu"),
            (access::INVOICE, "rw"),
        ]
    }
    fn settings(&self) -> Settings {
        Settings {
            order: "date_order desc, id desc",
            rec_names_search: &["name", "partner_id.name"],
            parent: None,
            inherits: None,
        }
    }
    fn defaults(&self, call: &Call<'_>, _db: &Database, set: &mut SetDefault<'_>) {
        set("date_order", Value::from(dates::now_string()));
        set("picking_policy", Value::from("direct"));
        set("user_id", Value::from(call.env.uid));
        set("invoice_status", Value::from("no"));
    }
    /// The `S0000n` name, and what the customer brings (see [`partner_values`]).
    fn before_create(&self, call: &Call<'_>, db: &Database, own: &mut Row) {
        if own
            .get("name")
            .is_none_or(|n| n.is_null() || n.as_str() == Some("/"))
        {
            own.insert("name".into(), Value::from(next_name(db)));
        }
        let partner = own.get("partner_id").and_then(Value::as_i64);
        linked_onchange::fill_empty(own, partner_values(call, db, partner));
    }
    /// A new customer: its invoice and delivery addresses (`_compute_partner_invoice_id`,
    /// `_compute_partner_shipping_id`), its payment terms (`_compute_payment_term_id`), and
    /// its sale warning (`_onchange_partner_id_warning`). Amounts follow from `recompute`.
    fn onchange(
        &self,
        call: &Call<'_>,
        db: &mut Database,
        model: &Model,
        id: i64,
        changed: &[String],
    ) -> Option<Warning> {
        let linked = Linked {
            field: "partner_id",
            comodel: PARTNER,
            warning: "sale_warn_msg",
        };
        linked_onchange::run(&linked, call, db, model, id, changed, partner_values)
    }
    fn copy_values(&self, _row: &Row, vals: &mut Row) {
        vals.remove("name");
        vals.insert("state".into(), Value::from("draft"));
        vals.insert("date_order".into(), Value::from(dates::now_string()));
    }
    fn after_copy(
        &self,
        call: &Call<'_>,
        db: &mut Database,
        old: i64,
        new: i64,
    ) -> Result<(), Fault> {
        let lines = records::related_ids(db, call.reg, call.model, old, "order_line");
        let Some(lm) = call.reg.model(LINE) else {
            return Ok(());
        };
        for l in lines {
            let Some(lrow) = records::row(db, LINE, l).cloned() else {
                continue;
            };
            let mut lv = Map::new();
            for key in COPIED_LINE_FIELDS {
                if let Some(v) = lrow.get(*key) {
                    lv.insert((*key).into(), v.clone());
                }
            }
            lv.insert("order_id".into(), Value::from(new));
            create_one(call, db, lm, &lv)?;
        }
        Ok(())
    }
    /// `_compute_amounts` from the lines; the lines follow the order's state.
    fn recompute(&self, call: &Call<'_>, db: &mut Database, model: &Model, id: i64) {
        let lines = line_ids(db, id);
        let mut untaxed = 0.0;
        let mut total = 0.0;
        for l in &lines {
            if let Some(r) = records::row(db, LINE, *l) {
                let f = |k: &str| r.get(k).and_then(Value::as_f64).unwrap_or(0.0);
                untaxed += f("price_subtotal");
                total += f("price_total");
            }
        }
        let state = records::stored(db, call.reg, model, id, "state");
        for l in &lines {
            set(db, LINE, *l, "state", state.clone());
        }
        if !lines.is_empty()
            && let Some(r) = db.row_mut(self.name(), id)
        {
            r.insert("amount_untaxed".into(), Value::from(untaxed));
            r.insert("amount_total".into(), Value::from(total));
            r.insert("amount_tax".into(), Value::from(total - untaxed));
        }
    }
    fn actions(&self) -> &'static [&'static str] {
        &["action_confirm", "action_cancel", "action_draft"]
    }
    fn run_action(&self, call: &Call<'_>, db: &mut Database, method: &str) -> Result<(), Fault> {
        let state = |db: &Database, id: i64| {
            records::stored(db, call.reg, call.model, id, "state")
                .as_str()
                .unwrap_or_default()
                .to_owned()
        };
        match method {
            "action_confirm" => {
                let bad: Vec<String> = call
                    .ids
                    .iter()
                    .filter(|id| !matches!(state(db, **id).as_str(), "draft" | "sent"))
                    .map(|id| records::display_name(db, call.reg, self.name(), *id))
                    .collect();
                if !bad.is_empty() {
                    return Err(Fault::new(
                        FaultKind::UserError,
                        format!(
                            "The following orders are not in a state requiring confirmation: {}",
                            bad.join(", ")
                        ),
                    ));
                }
                for id in &call.ids {
                    // The customer follows the confirmed order.
                    if let Some(customer) =
                        records::m2o_id(db, call.reg, call.model, *id, "partner_id")
                    {
                        super::mail_followers::subscribe(db, self.name(), *id, customer, None);
                    }
                    set_state(db, *id, "sale");
                    set(
                        db,
                        self.name(),
                        *id,
                        "date_order",
                        Value::from(dates::now_string()),
                    );
                    refresh_invoicing(call, db, *id);
                }
            }
            "action_cancel" => {
                for id in &call.ids {
                    set_state(db, *id, "cancel");
                    refresh_invoicing(call, db, *id);
                }
            }
            "action_draft" => {
                for id in &call.ids {
                    if matches!(state(db, *id).as_str(), "cancel" | "sent") {
                        set_state(db, *id, "draft");
                    }
                }
            }
            _ => return Err(super::unknown_method(self.name(), method)),
        }
        Ok(())
    }
    /// `invoice_ids` and `invoice_count`: the moves whose lines invoice the order's lines.
    fn computed(
        &self,
        db: &Database,
        _reg: &crate::engine::registry::Registry,
        _model: &Model,
        id: i64,
        field: &str,
    ) -> Option<Value> {
        let invoices = invoice_ids(db, id);
        match field {
            "invoice_ids" => Some(Value::from(invoices)),
            "invoice_count" => Some(Value::from(invoices.len())),
            _ => None,
        }
    }
    /// `_unlink_except_draft_or_cancel`.
    fn check_unlink(&self, call: &Call<'_>, db: &Database) -> Result<(), Fault> {
        for id in &call.ids {
            let state = records::stored(db, call.reg, call.model, *id, "state");
            if matches!(state.as_str(), Some("sale" | "sent")) {
                return Err(Fault::new(
                    FaultKind::UserError,
                    "You can not delete a sent quotation or a confirmed sales order. You must first cancel it.",
                ));
            }
        }
        Ok(())
    }
}

/// The order's and its lines' state.
fn set_state(db: &mut Database, order: i64, state: &str) {
    set(db, "sale.order", order, "state", Value::from(state));
    for l in line_ids(db, order) {
        set(db, LINE, l, "state", Value::from(state));
    }
}

/// The ids of the order's lines.
fn line_ids(db: &Database, order: i64) -> Vec<i64> {
    db.table(LINE)
        .map(|t| {
            t.rows
                .iter()
                .filter(|(_, r)| r.get("order_id").and_then(Value::as_i64) == Some(order))
                .map(|(k, _)| *k)
                .collect()
        })
        .unwrap_or_default()
}

/// What an order takes from its customer: the invoice and delivery addresses
/// (`_compute_partner_invoice_id`, `_compute_partner_shipping_id`) and the payment terms
/// (`_compute_payment_term_id`), on create as on a change of customer.
fn partner_values(
    call: &Call<'_>,
    db: &Database,
    partner: Option<i64>,
) -> Vec<(&'static str, Value)> {
    let address_of = |kind| partner.map_or(Value::Null, |p| Value::from(address(db, p, kind)));
    let mut values = vec![
        ("partner_invoice_id", address_of("invoice")),
        ("partner_shipping_id", address_of("delivery")),
    ];
    if let (Some(p), Some(pm)) = (partner, call.reg.model(PARTNER)) {
        let terms = records::stored(db, call.reg, pm, p, "property_payment_term_id");
        if terms.is_number() {
            values.push(("payment_term_id", terms));
        }
    }
    values
}

/// `address_get`: the partner's first child contact of `kind` (`invoice`, `delivery`), else
/// the partner itself.
fn address(db: &Database, partner: i64, kind: &str) -> i64 {
    db.table(PARTNER)
        .and_then(|t| {
            t.rows
                .iter()
                .find(|(_, r)| {
                    r.get("parent_id").and_then(Value::as_i64) == Some(partner)
                        && r.get("type").and_then(Value::as_str) == Some(kind)
                        && r.get("active").and_then(Value::as_bool) != Some(false)
                })
                .map(|(id, _)| *id)
        })
        .unwrap_or(partner)
}

/// The next `S0000n` order number (the `sale.order` sequence).
fn next_name(db: &Database) -> String {
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

/// A line's quantity still to invoice (`_compute_qty_to_invoice`): on a confirmed order, the
/// ordered (or, for products invoiced on delivery, delivered) quantity not invoiced yet.
pub(super) fn qty_to_invoice(call: &Call<'_>, db: &Database, line: i64) -> f64 {
    let Some(row) = records::row(db, LINE, line) else {
        return 0.0;
    };
    let num = |k: &str| row.get(k).and_then(Value::as_f64).unwrap_or(0.0);
    let order_state = row
        .get("order_id")
        .and_then(Value::as_i64)
        .and_then(|o| records::row(db, "sale.order", o))
        .and_then(|o| o.get("state"))
        .and_then(Value::as_str);
    if order_state != Some("sale") || row.get("display_type").is_some_and(|d| !d.is_null()) {
        return 0.0;
    }
    let policy = row
        .get("product_id")
        .and_then(Value::as_i64)
        .zip(call.reg.model("product.product"))
        .map(|(p, pm)| records::stored(db, call.reg, pm, p, "invoice_policy"))
        .and_then(|v| v.as_str().map(str::to_owned));
    let base = if policy.as_deref() == Some("delivery") {
        num("qty_delivered")
    } else {
        num("product_uom_qty")
    };
    base - num("qty_invoiced")
}

/// Recomputes the lines' `qty_to_invoice` and `invoice_status`, then the order's
/// (`_compute_invoice_status`): "to invoice" when a line has something to invoice,
/// "invoiced" when every line is, "no" otherwise.
pub(super) fn refresh_invoicing(call: &Call<'_>, db: &mut Database, order: i64) {
    let lines = line_ids(db, order);
    let mut statuses = Vec::new();
    for l in &lines {
        let to_invoice = qty_to_invoice(call, db, *l);
        let (ordered, invoiced) = records::row(db, LINE, *l)
            .map(|r| {
                let num = |k: &str| r.get(k).and_then(Value::as_f64).unwrap_or(0.0);
                (num("product_uom_qty"), num("qty_invoiced"))
            })
            .unwrap_or_default();
        let confirmed = records::row(db, "sale.order", order)
            .and_then(|r| r.get("state"))
            .and_then(Value::as_str)
            == Some("sale");
        let status = if !confirmed {
            "no"
        } else if to_invoice.abs() > f64::EPSILON {
            "to invoice"
        } else if invoiced >= ordered && ordered > 0.0 {
            "invoiced"
        } else {
            "no"
        };
        set(db, LINE, *l, "qty_to_invoice", Value::from(to_invoice));
        set(db, LINE, *l, "invoice_status", Value::from(status));
        statuses.push(status);
    }
    let status = if statuses.contains(&"to invoice") {
        "to invoice"
    } else if !statuses.is_empty() && statuses.iter().all(|s| *s == "invoiced") {
        "invoiced"
    } else {
        "no"
    };
    set(
        db,
        "sale.order",
        order,
        "invoice_status",
        Value::from(status),
    );
}

/// The order's invoices: the moves of the journal items linked to its lines, ascending.
pub(super) fn invoice_ids(db: &Database, order: i64) -> Vec<i64> {
    let lines = line_ids(db, order);
    let mut moves: Vec<i64> = db
        .table("account.move.line")
        .map(|t| {
            t.rows
                .values()
                .filter(|r| {
                    r.get("sale_line_ids")
                        .and_then(Value::as_array)
                        .is_some_and(|ids| {
                            ids.iter()
                                .any(|i| i.as_i64().is_some_and(|i| lines.contains(&i)))
                        })
                })
                .filter_map(|r| r.get("move_id").and_then(Value::as_i64))
                .collect()
        })
        .unwrap_or_default();
    moves.sort_unstable();
    moves.dedup();
    moves
}

/// The ids of the order's lines, for the other sale models.
pub(super) fn order_lines(db: &Database, order: i64) -> Vec<i64> {
    let mut ids = line_ids(db, order);
    ids.sort_unstable();
    ids
}
