//! `run_wizard` against the simulator: the three known wizards end to end (invoice a confirmed
//! order, post it, pay it in two payments; mark an opportunity lost) and the refusals (denied
//! active model, private button, wrong state, unknown wizard field, a regular model).

use odoo_mcp::{Instances, OdooServer};
use serde_json::{Value, json};

use crate::harness::{Era, confirmed, connect, demo, fails, instance, ok, records, sim, writable};

/// The first id `search_records` finds.
async fn first_id(client: &crate::harness::Client, model: &str, domain: Value) -> i64 {
    let (found, _) = ok(
        client,
        "search_records",
        json!({"model": model, "domain": domain, "fields": ["id"], "limit": 1}),
    )
    .await;
    records(&found)[0]["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("no {model} matches"))
}

/// A field of one record.
async fn field(client: &crate::harness::Client, model: &str, id: i64, name: &str) -> Value {
    let (read, _) = ok(
        client,
        "read_records",
        json!({"model": model, "ids": [id], "fields": [name]}),
    )
    .await;
    records(&read)[0][name].clone()
}

/// A new order of one service line (invoiced on ordered quantities): 4 × 25.
async fn new_order(client: &crate::harness::Client) -> i64 {
    let product = first_id(
        client,
        "product.product",
        json!([["invoice_policy", "=", "order"]]),
    )
    .await;
    let partner = first_id(client, "res.partner", json!([["customer_rank", ">", 0]])).await;
    let (created, _) = ok(
        client,
        "create_records",
        json!({"model": "sale.order", "records": [{"partner_id": partner, "order_line": [
            [0, 0, {"product_id": product, "product_uom_qty": 4, "price_unit": 25.0, "tax_ids": [[6, 0, []]]}]
        ]}]}),
    )
    .await;
    created["ids"][0].as_i64().expect("order id")
}

#[tokio::test]
async fn confirm_invoice_post_and_pay_an_order() {
    let (_sim, client) = demo(Era::Initialize).await;
    let order = new_order(&client).await;
    // A draft order: the dry run says what Odoo would refuse, the run gets Odoo's own words.
    let invoice_args = json!({"wizard": "sale.advance.payment.inv", "action": "create_invoices",
                              "active_model": "sale.order", "active_ids": [order]});
    let mut dry = invoice_args.clone();
    dry["dry_run"] = json!(true);
    let (preview, text) = ok(&client, "run_wizard", dry).await;
    assert!(
        text.contains("[draft]") && text.contains("confirm the order first"),
        "{text}"
    );
    assert_eq!(preview["dry_run"]["records"][0]["id"], json!(order));
    let refused = confirmed_failure(&client, invoice_args.clone()).await;
    assert!(
        refused.contains("No items are available to invoice"),
        "{refused}"
    );

    confirmed(
        &client,
        "call_method",
        json!({"model": "sale.order", "method": "action_confirm", "ids": [order]}),
    )
    .await;
    assert_eq!(
        field(&client, "sale.order", order, "invoice_status").await,
        json!("to invoice")
    );
    let (out, text) = confirmed(&client, "run_wizard", invoice_args).await;
    assert_eq!(out["opened"]["model"], json!("account.move"));
    let invoice = out["opened"]["records"][0]["id"]
        .as_i64()
        .expect("invoice id");
    assert!(text.contains(&format!("(#{invoice})")), "{text}");
    assert_eq!(
        field(&client, "account.move", invoice, "state").await,
        json!("draft")
    );
    assert_eq!(
        field(&client, "account.move", invoice, "amount_total").await,
        json!(100.0)
    );
    assert_eq!(
        field(&client, "sale.order", order, "invoice_status").await,
        json!("invoiced")
    );

    // Paying a draft invoice is refused by Odoo; once posted, two payments pay it.
    let pay = |amount: Option<f64>| {
        let mut args = json!({"wizard": "account.payment.register", "action": "action_create_payments",
                              "active_ids": [invoice]});
        if let Some(amount) = amount {
            args["values"] = json!({"amount": amount});
        }
        args
    };
    let refused = confirmed_failure(&client, pay(None)).await;
    assert!(
        refused.contains("You can only register payment for posted journal entries"),
        "{refused}"
    );
    confirmed(
        &client,
        "call_method",
        json!({"model": "account.move", "method": "action_post", "ids": [invoice]}),
    )
    .await;
    let (out, text) = confirmed(&client, "run_wizard", pay(Some(40.0))).await;
    assert_eq!(out["opened"]["model"], json!("account.payment"), "{text}");
    assert_eq!(
        field(&client, "account.move", invoice, "payment_state").await,
        json!("partial")
    );
    assert_eq!(
        field(&client, "account.move", invoice, "amount_residual").await,
        json!(60.0)
    );
    confirmed(&client, "run_wizard", pay(None)).await;
    assert_eq!(
        field(&client, "account.move", invoice, "payment_state").await,
        json!("paid")
    );
    assert_eq!(
        field(&client, "account.move", invoice, "amount_residual").await,
        json!(0.0)
    );
}

/// Runs `run_wizard` with its confirmation token; the run itself must fail. Its message.
async fn confirmed_failure(client: &crate::harness::Client, args: Value) -> String {
    let first = crate::harness::call(client, "run_wizard", args.clone()).await;
    let token = first
        .structured_content
        .as_ref()
        .and_then(|s| s.pointer("/confirmation/token"))
        .and_then(Value::as_str)
        .expect("run_wizard asks for confirmation under confirm_writes = destructive");
    let mut args = args;
    args["confirm"] = json!(token);
    fails(client, "run_wizard", args).await
}

#[tokio::test]
async fn mark_an_opportunity_lost_with_a_reason() {
    let (_sim, client) = demo(Era::Initialize).await;
    let lead = first_id(
        &client,
        "crm.lead",
        json!([["type", "=", "opportunity"], ["probability", ">", 0]]),
    )
    .await;
    let args = json!({"wizard": "crm.lead.lost", "action": "action_lost_reason_apply",
                      "active_ids": [lead], "values": {"lost_reason_id": 2}});
    // A many2one as read_records returns it is taken as its id.
    let mut as_read = args.clone();
    as_read["values"] = json!({"lost_reason_id": {"id": 2, "name": "We don't have people/skills"}});
    as_read["dry_run"] = json!(true);
    let (_, t) = ok(&client, "run_wizard", as_read).await;
    assert!(t.contains("lost_reason_id = 2"), "{t}");
    // Waiting for confirmation: nothing written, the dry run shows the lead and the values.
    let first = crate::harness::call(&client, "run_wizard", args.clone()).await;
    assert_eq!(first.is_error, Some(true));
    let t = crate::harness::text(&first);
    assert!(
        t.contains("lost_reason_id = 2") && t.contains(&format!("(#{lead})")),
        "{t}"
    );
    assert_eq!(
        field(&client, "crm.lead", lead, "active").await,
        json!(true)
    );
    let (out, text) = confirmed(&client, "run_wizard", args).await;
    assert_eq!(out["result"], json!(true), "{text}");
    assert!(text.contains("done"), "{text}");
    assert_eq!(
        field(&client, "crm.lead", lead, "active").await,
        json!(false)
    );
    assert_eq!(
        field(&client, "crm.lead", lead, "probability").await,
        json!(0.0)
    );
    let reason = field(&client, "crm.lead", lead, "lost_reason_id").await;
    assert_eq!(reason[0], json!(2), "{reason}");
    assert_eq!(reason[1], json!("We don't have people/skills"), "{reason}");
}

#[tokio::test]
async fn run_wizard_refuses_what_the_policy_or_the_wizard_forbids() {
    let (_sim, client) = demo(Era::Initialize).await;
    let lost = |extra: Value| {
        let mut args = json!({"wizard": "crm.lead.lost", "action": "action_lost_reason_apply",
                              "active_ids": [1]});
        if let (Value::Object(args), Value::Object(extra)) = (&mut args, extra) {
            args.extend(extra);
        }
        args
    };
    let e = fails(
        &client,
        "run_wizard",
        lost(json!({"action": "_action_lost"})),
    )
    .await;
    assert!(e.contains("private"), "{e}");
    let e = fails(&client, "run_wizard", lost(json!({"action": "unlink"}))).await;
    assert!(
        e.contains("crm.lead.lost is a known wizard whose button is action_lost_reason_apply"),
        "{e}"
    );
    let e = fails(
        &client,
        "run_wizard",
        lost(json!({"values": {"lost_reason": 1}})),
    )
    .await;
    assert!(
        e.contains("has no field `lost_reason`") && e.contains("lost_reason_id"),
        "{e}"
    );
    let e = fails(
        &client,
        "run_wizard",
        lost(json!({"values": {"lead_ids": [[6, 0, [2, 3]]]}})),
    )
    .await;
    assert!(
        e.contains("`values.lead_ids` is filled by Odoo from `active_ids`"),
        "{e}"
    );
    let e = fails(
        &client,
        "run_wizard",
        lost(json!({"active_model": "res.partner"})),
    )
    .await;
    assert!(
        e.contains("crm.lead.lost needs active_model crm.lead"),
        "{e}"
    );
    let e = fails(&client, "run_wizard", lost(json!({"active_ids": [0]}))).await;
    assert!(e.contains("positive"), "{e}");
    let e = fails(
        &client,
        "run_wizard",
        json!({"wizard": "sale.order", "action": "action_confirm", "active_model": "sale.order", "active_ids": [1]}),
    )
    .await;
    assert!(
        e.contains("sale.order is a regular model, not a wizard"),
        "{e}"
    );
    let e = fails(
        &client,
        "run_wizard",
        json!({"wizard": "crm.merge.opportunity", "action": "action_merge", "active_model": "crm.lead", "active_ids": [1]}),
    )
    .await;
    assert!(e.contains("allowed_methods"), "{e}");

    // The active model goes through the policy like any write.
    let sim = sim().await;
    let policy = writable("demo").denied_models(["crm.lead"]);
    let client = connect(
        OdooServer::new(Instances::single(instance("demo", &sim, policy))),
        Era::Initialize,
    )
    .await;
    let e = fails(&client, "run_wizard", lost(json!({}))).await;
    assert!(
        e.contains("model `crm.lead` is refused by denied_models"),
        "{e}"
    );
}
