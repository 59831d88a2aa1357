//! The write tools against the simulator: create, update, delete, call_method.

use serde_json::json;

use crate::harness::{Era, confirmed, demo, fails, ok, records};

#[tokio::test]
async fn create_update_read_delete_a_partner() {
    let (_sim, client) = demo(Era::Initialize).await;
    let (created, text) = ok(
        &client,
        "create_records",
        json!({"model": "res.partner", "records": [
            {"name": "Odoo MCP Test One", "email": "one@example.com"},
            {"name": "Odoo MCP Test Two", "is_company": true}
        ]}),
    )
    .await;
    let ids: Vec<i64> = created["ids"]
        .as_array()
        .expect("ids")
        .iter()
        .filter_map(|v| v.as_i64())
        .collect();
    assert_eq!(ids.len(), 2);
    assert!(text.starts_with("Created 2 res.partner records"), "{text}");

    let (_, text) = ok(
        &client,
        "update_records",
        json!({"model": "res.partner", "ids": [ids[0]], "values": {"phone": "+32 2 555 01 01"}}),
    )
    .await;
    assert!(text.contains("phone"), "{text}");
    let (read, _) = ok(
        &client,
        "read_records",
        json!({"model": "res.partner", "ids": ids, "fields": ["name", "phone"]}),
    )
    .await;
    assert_eq!(records(&read)[0]["phone"], "+32 2 555 01 01");

    let (_, text) = confirmed(
        &client,
        "delete_records",
        json!({"model": "res.partner", "ids": ids}),
    )
    .await;
    assert!(text.starts_with("Deleted 2 res.partner records"), "{text}");
    let (gone, _) = ok(
        &client,
        "read_records",
        json!({"model": "res.partner", "ids": ids, "fields": ["name"]}),
    )
    .await;
    assert_eq!(gone["missing_ids"].as_array().expect("missing").len(), 2);
}

#[tokio::test]
async fn write_arguments_are_checked_against_the_model() {
    let (sim, client) = demo(Era::Initialize).await;
    let msg = fails(
        &client,
        "create_records",
        json!({"model": "res.partner", "records": [{"nmae": "x"}]}),
    )
    .await;
    assert!(
        msg.contains("record 1") && msg.contains("describe_model"),
        "{msg}"
    );
    let msg = fails(
        &client,
        "create_records",
        json!({"model": "res.partner", "records": []}),
    )
    .await;
    assert!(msg.contains("empty"), "{msg}");
    let msg = fails(
        &client,
        "update_records",
        json!({"model": "sale.order", "ids": [1], "values": {"access_token": "x"}}),
    )
    .await;
    assert!(msg.contains("secret"), "{msg}");
    assert_eq!(
        sim.request_count("res.partner", "create") + sim.request_count("sale.order", "write"),
        0
    );
}

#[tokio::test]
async fn odoo_validation_errors_reach_the_model() {
    let (_sim, client) = demo(Era::Initialize).await;
    let msg = fails(
        &client,
        "update_records",
        json!({"model": "res.partner", "ids": [999999], "values": {"name": "x"}}),
    )
    .await;
    assert!(
        msg.contains("Record not found") || msg.contains("exist"),
        "{msg}"
    );
}

#[tokio::test]
async fn call_method_confirms_a_quotation() {
    let (_sim, client) = demo(Era::Initialize).await;
    let (drafts, _) = ok(
        &client,
        "search_records",
        json!({"model": "sale.order", "domain": [["state", "=", "draft"]], "fields": ["name", "state"], "limit": 1}),
    )
    .await;
    let id = records(&drafts)[0]["id"]
        .as_i64()
        .expect("a draft quotation in the demo data");
    let (out, text) = confirmed(
        &client,
        "call_method",
        json!({"model": "sale.order", "method": "action_confirm", "ids": [id]}),
    )
    .await;
    assert_eq!(out["method"], "action_confirm");
    assert!(
        text.starts_with("sale.order.action_confirm on ids"),
        "{text}"
    );
    let (after, _) = ok(
        &client,
        "read_records",
        json!({"model": "sale.order", "ids": [id], "fields": ["state"]}),
    )
    .await;
    assert_eq!(records(&after)[0]["state"], "sale");
}

#[tokio::test]
async fn call_method_refuses_unlisted_and_private_methods() {
    let (sim, client) = demo(Era::Initialize).await;
    let msg = fails(
        &client,
        "call_method",
        json!({"model": "res.partner", "method": "unlink", "ids": [1]}),
    )
    .await;
    assert!(msg.contains("allowed_methods"), "{msg}");
    let msg = fails(
        &client,
        "call_method",
        json!({"model": "sale.order", "method": "_action_confirm", "ids": [1]}),
    )
    .await;
    assert!(msg.contains("private"), "{msg}");
    assert_eq!(
        sim.request_count("res.partner", "unlink")
            + sim.request_count("sale.order", "_action_confirm"),
        0
    );
}
