//! Wizards (transient models) run the way the web client runs them: created with
//! `active_model`/`active_ids` in the context, then their button called on the new record.

use super::*;

/// A wizard as the web client runs it: its model, the model it acts on, its button.
struct Wizard {
    model: &'static str,
    active_model: &'static str,
    action: &'static str,
}

/// sale's "Create invoices" on sale orders.
const INVOICE: Wizard = Wizard {
    model: "sale.advance.payment.inv",
    active_model: "sale.order",
    action: "create_invoices",
};

/// account's "Register payment" on invoices.
const PAY: Wizard = Wizard {
    model: "account.payment.register",
    active_model: "account.move",
    action: "action_create_payments",
};

/// crm's "Mark as lost" on leads.
const LOSE: Wizard = Wizard {
    model: "crm.lead.lost",
    active_model: "crm.lead",
    action: "action_lost_reason_apply",
};

impl Wizard {
    /// Creates the wizard with `values` over `active_ids` as `uid` and presses its button.
    fn run(&self, e: &Engine, uid: i64, active_ids: &[i64], values: Value) -> Result<Value, Fault> {
        self.run_on(e, uid, self.active_model, active_ids, values)
    }

    /// [`Wizard::run`] with another active model.
    fn run_on(
        &self,
        e: &Engine,
        uid: i64,
        active_model: &str,
        active_ids: &[i64],
        values: Value,
    ) -> Result<Value, Fault> {
        let ctx = json!({"active_model": active_model, "active_ids": active_ids, "active_id": active_ids.first()});
        let env = env(uid, ctx);
        let create = Args {
            ids: None,
            named: named(json!({"vals_list": values})),
        };
        let id = e.call(&env, self.model, "create", create)?;
        let id = id.as_i64().expect("create returns an id");
        let press = Args {
            ids: Some(vec![id]),
            named: Map::new(),
        };
        e.call(&env, self.model, self.action, press)
    }
}

/// A confirmed order of two lines (2 × 100 and 1 × 50), not invoiced yet.
fn confirmed_order(e: &Engine) -> i64 {
    let order = admin(
        e,
        "sale.order",
        "create",
        json!({"vals_list": {"partner_id": 9, "order_line": [
            [0, 0, {"product_id": 1, "product_uom_qty": 2.0, "price_unit": 100.0}],
            [0, 0, {"product_id": 2, "product_uom_qty": 1.0, "price_unit": 50.0}]
        ]}}),
    )
    .as_i64()
    .unwrap();
    admin(e, "sale.order", "action_confirm", json!({"ids": [order]}));
    order
}

#[test]
fn invoicing_a_confirmed_order_creates_a_draft_invoice_and_returns_its_window() {
    let e = engine();
    let order = confirmed_order(&e);
    assert_eq!(
        read_one(&e, "sale.order", order, &["invoice_status"])["invoice_status"],
        json!("to invoice")
    );
    let action = INVOICE
        .run(
            &e,
            2,
            &[order],
            json!({"advance_payment_method": "delivered"}),
        )
        .unwrap();
    assert_eq!(action["type"], json!("ir.actions.act_window"));
    assert_eq!(action["res_model"], json!("account.move"));
    let invoice = action["res_id"].as_i64().expect("one invoice: res_id");
    let inv = read_one(
        &e,
        "account.move",
        invoice,
        &[
            "move_type",
            "state",
            "invoice_origin",
            "amount_total",
            "partner_id",
            "invoice_line_ids",
        ],
    );
    assert_eq!(inv["move_type"], json!("out_invoice"));
    assert_eq!(inv["state"], json!("draft"));
    assert_eq!(inv["amount_total"], json!(250.0));
    assert_eq!(inv["partner_id"][0], json!(9));
    assert_eq!(inv["invoice_line_ids"].as_array().unwrap().len(), 2);
    let so = read_one(
        &e,
        "sale.order",
        order,
        &["invoice_status", "invoice_ids", "invoice_count"],
    );
    assert_eq!(so["invoice_status"], json!("invoiced"));
    assert_eq!(so["invoice_ids"], json!([invoice]));
    assert_eq!(so["invoice_count"], json!(1));
    // Nothing is left to invoice: a second run is refused with Odoo's words.
    let f = INVOICE.run(&e, 2, &[order], json!({})).unwrap_err();
    assert_eq!(f.kind, FaultKind::UserError);
    assert!(
        f.message
            .starts_with("Cannot create an invoice. No items are available to invoice.")
    );
}

#[test]
fn a_draft_order_has_nothing_to_invoice() {
    let e = engine();
    let f = INVOICE.run(&e, 2, &[1], json!({})).unwrap_err();
    assert_eq!(f.kind, FaultKind::UserError);
    assert!(
        f.message.contains("No items are available to invoice"),
        "{}",
        f.message
    );
}

#[test]
fn registering_payments_pays_a_posted_invoice_partially_then_fully() {
    let e = engine();
    let order = confirmed_order(&e);
    let action = INVOICE.run(&e, 2, &[order], json!({})).unwrap();
    let invoice = action["res_id"].as_i64().unwrap();
    // A draft invoice cannot be paid.
    let f = PAY.run(&e, 2, &[invoice], json!({})).unwrap_err();
    assert_eq!(
        (f.kind, f.message.as_str()),
        (
            FaultKind::UserError,
            "You can only register payment for posted journal entries."
        )
    );
    admin(&e, "account.move", "action_post", json!({"ids": [invoice]}));
    let inv = read_one(
        &e,
        "account.move",
        invoice,
        &["name", "amount_residual", "payment_state"],
    );
    assert!(inv["name"].as_str().unwrap().starts_with("INV/"), "{inv}");
    assert_eq!(inv["amount_residual"], json!(250.0));
    assert_eq!(inv["payment_state"], json!("not_paid"));
    let action = PAY
        .run(&e, 2, &[invoice], json!({"amount": 100.0}))
        .unwrap();
    assert_eq!(action["res_model"], json!("account.payment"));
    let payment = action["res_id"].as_i64().unwrap();
    let pay = read_one(
        &e,
        "account.payment",
        payment,
        &["amount", "journal_id", "partner_id", "invoice_ids", "name"],
    );
    assert_eq!(pay["amount"], json!(100.0));
    assert_eq!(pay["journal_id"][0], json!(5), "the company's bank journal");
    assert_eq!(pay["invoice_ids"], json!([invoice]));
    assert!(pay["name"].as_str().unwrap().starts_with("PBNK1/"), "{pay}");
    let inv = read_one(
        &e,
        "account.move",
        invoice,
        &["amount_residual", "payment_state"],
    );
    assert_eq!(inv["amount_residual"], json!(150.0));
    assert_eq!(inv["payment_state"], json!("partial"));
    // The wizard's default amount is what is left.
    PAY.run(&e, 2, &[invoice], json!({})).unwrap();
    let inv = read_one(
        &e,
        "account.move",
        invoice,
        &["amount_residual", "payment_state"],
    );
    assert_eq!(inv["amount_residual"], json!(0.0));
    assert_eq!(inv["payment_state"], json!("paid"));
    let f = PAY.run(&e, 2, &[invoice], json!({})).unwrap_err();
    assert!(f.message.contains("nothing left to pay"), "{}", f.message);
}

#[test]
fn the_payment_wizard_refuses_other_active_models() {
    let e = engine();
    let f = PAY
        .run_on(&e, 2, "sale.order", &[2], json!({}))
        .unwrap_err();
    assert_eq!(
        f.message,
        "The register payment wizard should only be called on account.move or account.move.line records."
    );
}

#[test]
fn marking_a_lead_lost_archives_it_with_the_reason() {
    let e = engine();
    let r = LOSE
        .run(
            &e,
            2,
            &[1],
            json!({"lost_reason_id": 1, "lost_feedback": "<p>Budget cut</p>"}),
        )
        .unwrap();
    assert_eq!(r, json!(true));
    let lead = read_one(
        &e,
        "crm.lead",
        1,
        &["active", "probability", "lost_reason_id", "won_status"],
    );
    assert_eq!(lead["active"], json!(false));
    assert_eq!(lead["probability"], json!(0.0));
    assert_eq!(lead["lost_reason_id"], json!([1, "Too expensive"]));
    assert_eq!(lead["won_status"], json!("lost"));
}

#[test]
fn wizards_follow_the_acl_of_their_users() {
    let e = engine();
    // The reader (internal user only) may not run the invoicing wizard.
    let f = INVOICE.run(&e, 7, &[2], json!({})).unwrap_err();
    assert_eq!(f.kind, FaultKind::AccessError);
    // A wizard's button is not a method of the active model.
    let f = err(&e, 2, "sale.order", "create_invoices", json!({"ids": [2]}));
    assert_eq!(f.kind, FaultKind::NotFound);
}
