//! `sale.advance.payment.inv`: the "Create Invoice" wizard of sale orders — the orders from
//! the context's `active_ids`, and `create_invoices`, which makes one draft customer invoice
//! per order from the lines left to invoice and returns the window action showing them.

use serde_json::{Value, json};

use super::sale_order::{order_lines, qty_to_invoice, refresh_invoicing};
use super::wizard::{call_on, create_from, round2};
use super::{Behaviour, SetDefault, set};
use crate::engine::access::{self, Acl, Op};
use crate::engine::methods::{Call, create_one};
use crate::engine::records;
use crate::fault::{Fault, FaultKind};
use crate::store::Database;

pub(super) struct SaleAdvancePaymentInv;

const ORDER: &str = "sale.order";
const LINE: &str = "sale.order.line";
const MOVE: &str = "account.move";
const MOVE_LINE: &str = "account.move.line";

/// `sale_order._nothing_to_invoice_error_message` (Odoo 17 and later).
const NOTHING_TO_INVOICE: &str = "Cannot create an invoice. No items are available to invoice.\n\n\
To resolve this issue, please ensure that:\n   \u{2022} The products have been delivered before \
attempting to invoice them.\n   \u{2022} The invoicing policy of the product is configured \
correctly.\n\nIf you want to invoice based on ordered quantities instead:\n   \u{2022} For \
consumable or storable products, open the product, go to the 'General Information' tab and \
change the 'Invoicing Policy' from 'Delivered Quantities' to 'Ordered Quantities'.\n   \u{2022} \
For services (and other products), change the 'Invoicing Policy' to 'Prepaid/Fixed Price'.\n";

impl Behaviour for SaleAdvancePaymentInv {
    fn name(&self) -> &'static str {
        "sale.advance.payment.inv"
    }
    fn metadata(&self) -> Option<&'static str> {
        Some(include_str!(
            "../../../data/models/sale.advance.payment.inv.json"
        ))
    }
    // sale/security/ir.model.access.csv: salesmen and billing users run the wizard.
    fn acl(&self) -> Acl {
        &[(access::SALESMAN, "rwc"), (access::INVOICE, "rwc")]
    }
    fn defaults_to_user_company(&self) -> bool {
        false
    }
    /// `sale_order_ids` defaults to the context's `active_ids`.
    fn defaults(&self, call: &Call<'_>, _db: &Database, set: &mut SetDefault<'_>) {
        set("advance_payment_method", Value::from("delivered"));
        set("deduct_down_payments", Value::Bool(true));
        set("consolidated_billing", Value::Bool(true));
        if let Some(Value::Array(ids)) = call.env.context.get("active_ids") {
            let ids: Vec<Value> = ids.iter().filter(|i| i.is_i64()).cloned().collect();
            set("sale_order_ids", Value::Array(ids));
        }
    }
    fn computed(
        &self,
        db: &Database,
        reg: &crate::engine::registry::Registry,
        model: &crate::engine::registry::Model,
        id: i64,
        field: &str,
    ) -> Option<Value> {
        match field {
            "count" => Some(Value::from(
                records::related_ids(db, reg, model, id, "sale_order_ids").len(),
            )),
            _ => None,
        }
    }
    fn actions(&self) -> &'static [&'static str] {
        &["create_invoices"]
    }
    fn run_action_value(
        &self,
        call: &Call<'_>,
        db: &mut Database,
        method: &str,
    ) -> Result<Value, Fault> {
        if method != "create_invoices" {
            return Err(super::unknown_method(self.name(), method));
        }
        let mut invoices = Vec::new();
        let mut all_orders = Vec::new();
        for wizard in &call.ids {
            let kind = records::stored(db, call.reg, call.model, *wizard, "advance_payment_method");
            if kind.as_str().is_some_and(|k| k != "delivered") {
                return Err(Fault::new(
                    FaultKind::UserError,
                    "The simulator creates regular invoices only (advance_payment_method \
                     'delivered'); down payments are not simulated.",
                ));
            }
            let orders = records::related_ids(db, call.reg, call.model, *wizard, "sale_order_ids");
            all_orders.extend(orders.iter().copied());
            let order_call = call_on(call, ORDER, orders.clone())?;
            order_call.check_records(db, Op::Read, Op::Read)?;
            for order in orders {
                if let Some(invoice) = invoice_order(call, db, order)? {
                    invoices.push(invoice);
                }
            }
        }
        if invoices.is_empty() {
            return Err(Fault::new(FaultKind::UserError, NOTHING_TO_INVOICE));
        }
        all_orders.sort_unstable();
        all_orders.dedup();
        Ok(view_invoices(db, call, &invoices, &all_orders))
    }
}

/// Creates the draft invoice of `order`'s lines left to invoice (`_create_invoices`), as
/// Odoo does, with superuser rights; `None` when nothing is left to invoice.
fn invoice_order(call: &Call<'_>, db: &mut Database, order: i64) -> Result<Option<i64>, Fault> {
    let lines: Vec<(i64, f64)> = order_lines(db, order)
        .into_iter()
        .map(|l| (l, qty_to_invoice(call, db, l)))
        .filter(|(_, q)| q.abs() > f64::EPSILON)
        .collect();
    if lines.is_empty() {
        return Ok(None);
    }
    let Some(order_row) = records::row(db, ORDER, order).cloned() else {
        return Ok(None);
    };
    let get = |k: &str| order_row.get(k).cloned().unwrap_or(Value::Null);
    let partner = match get("partner_invoice_id") {
        Value::Null => get("partner_id"),
        p => p,
    };
    let mut untaxed = 0.0;
    let mut total = 0.0;
    let mut line_vals = Vec::new();
    for (line, qty) in &lines {
        let Some(r) = records::row(db, LINE, *line) else {
            continue;
        };
        let num = |k: &str| r.get(k).and_then(Value::as_f64).unwrap_or(0.0);
        let price = num("price_unit");
        let discount = num("discount");
        let subtotal = round2(price * qty * (1.0 - discount / 100.0));
        let ratio = if num("price_subtotal").abs() > f64::EPSILON {
            num("price_total") / num("price_subtotal")
        } else {
            1.0
        };
        let line_total = round2(subtotal * ratio);
        untaxed += subtotal;
        total += line_total;
        line_vals.push(json!({
            "display_type": "product", "name": r.get("name").cloned().unwrap_or(Value::Null),
            "product_id": r.get("product_id").cloned().unwrap_or(Value::Null),
            "product_uom_id": r.get("product_uom_id").cloned().unwrap_or(Value::Null),
            "quantity": qty, "price_unit": price, "discount": discount,
            "tax_ids": r.get("tax_ids").cloned().unwrap_or(json!([])),
            "price_subtotal": subtotal, "price_total": line_total,
            "balance": -subtotal, "sale_line_ids": [line],
        }));
    }
    let (untaxed, total) = (round2(untaxed), round2(total));
    let invoice = create_from(
        call,
        db,
        MOVE,
        [
            ("move_type", json!("out_invoice")),
            ("partner_id", partner.clone()),
            ("partner_shipping_id", get("partner_shipping_id")),
            ("invoice_origin", get("name")),
            ("company_id", get("company_id")),
            ("currency_id", get("currency_id")),
            ("invoice_user_id", get("user_id")),
            ("team_id", get("team_id")),
            ("invoice_payment_term_id", get("payment_term_id")),
            ("amount_untaxed", json!(untaxed)),
            ("amount_tax", json!(round2(total - untaxed))),
            ("amount_total", json!(total)),
            ("amount_residual", json!(total)),
            ("amount_untaxed_signed", json!(untaxed)),
            ("amount_total_signed", json!(total)),
            ("amount_residual_signed", json!(total)),
        ],
    )?;
    let line_call = call_on(call, MOVE_LINE, Vec::new())?;
    let mut extra = line_vals;
    if (total - untaxed).abs() > f64::EPSILON {
        extra.push(
            json!({"display_type": "tax", "name": "Taxes", "balance": -(total - untaxed),
                          "price_subtotal": 0.0, "price_total": 0.0, "quantity": 0.0}),
        );
    }
    extra.push(
        json!({"display_type": "payment_term", "name": "", "balance": total,
                      "amount_residual": total, "amount_residual_currency": total,
                      "reconciled": false, "quantity": 0.0, "price_unit": 0.0}),
    );
    for (sequence, v) in extra.into_iter().enumerate() {
        let Value::Object(mut v) = v else { continue };
        v.insert("move_id".into(), Value::from(invoice));
        v.insert("sequence".into(), Value::from(10 + sequence));
        v.insert("partner_id".into(), partner.clone());
        v.insert("parent_state".into(), Value::from("draft"));
        let move_line = create_one(&line_call, db, line_call.model, &v)?;
        if let Some(sale_line) = v
            .get("sale_line_ids")
            .and_then(Value::as_array)
            .and_then(|l| l.first())
            .and_then(Value::as_i64)
        {
            link_invoice_line(db, sale_line, move_line, &lines);
        }
    }
    refresh_invoicing(call, db, order);
    Ok(Some(invoice))
}

/// Records the invoiced quantity and the journal item on the sale line.
fn link_invoice_line(db: &mut Database, sale_line: i64, move_line: i64, lines: &[(i64, f64)]) {
    let qty = lines
        .iter()
        .find(|(l, _)| *l == sale_line)
        .map_or(0.0, |(_, q)| *q);
    let Some(row) = db.row_mut(LINE, sale_line) else {
        return;
    };
    let invoiced = row
        .get("qty_invoiced")
        .and_then(Value::as_f64)
        .unwrap_or(0.0);
    let mut links: Vec<Value> = row
        .get("invoice_lines")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    links.push(Value::from(move_line));
    row.insert("invoice_lines".into(), Value::Array(links));
    set(
        db,
        LINE,
        sale_line,
        "qty_invoiced",
        Value::from(invoiced + qty),
    );
}

/// `sale.order.action_view_invoice(invoices)`: the customer invoices action, on the one
/// invoice's form or on the list of them.
fn view_invoices(db: &Database, call: &Call<'_>, invoices: &[i64], orders: &[i64]) -> Value {
    let mut action = json!({
        "type": "ir.actions.act_window",
        "name": "Invoices",
        "res_model": MOVE,
        "target": "current",
    });
    if let [one] = invoices {
        action["view_mode"] = json!("form");
        action["views"] = json!([[false, "form"]]);
        action["res_id"] = json!(one);
    } else {
        action["view_mode"] = json!("list,kanban,form,activity");
        action["views"] = json!([
            [false, "list"],
            [false, "kanban"],
            [false, "form"],
            [false, "activity"]
        ]);
        action["domain"] = json!([["id", "in", invoices]]);
    }
    let mut context = json!({"default_move_type": "out_invoice"});
    if let [order] = orders
        && let Some(model) = call.reg.model(ORDER)
    {
        let get = |f: &str| records::stored(db, call.reg, model, *order, f);
        context["default_partner_id"] = get("partner_id");
        context["default_partner_shipping_id"] = get("partner_shipping_id");
        context["default_invoice_origin"] = get("name");
        context["default_user_id"] = get("user_id");
    }
    action["context"] = context;
    action
}
