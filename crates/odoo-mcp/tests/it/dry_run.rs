//! `dry_run: true` on the write tools: the preview says what would change and what Odoo would
//! refuse, and nothing is written.

use serde_json::json;

use crate::harness::{Era, demo, ok, records};

fn writes(sim: &odoo_sim::SimHandle) -> u64 {
    ["create", "write", "unlink", "action_confirm"]
        .iter()
        .map(|m| sim.request_count("res.partner", m) + sim.request_count("sale.order", m))
        .sum()
}

#[tokio::test]
async fn an_update_preview_shows_current_and_new_values_and_writes_nothing() {
    let (sim, client) = demo(Era::Initialize).await;
    let (before, _) = ok(
        &client,
        "read_records",
        json!({"model": "res.partner", "ids": [1], "fields": ["phone"]}),
    )
    .await;
    let (out, text) = ok(
        &client,
        "update_records",
        json!({"model": "res.partner", "ids": [1, 99999], "values": {"phone": "+32 2 555 00 00"}, "dry_run": true}),
    )
    .await;
    let change = &out["dry_run"]["records"][0]["changes"][0];
    assert_eq!(change["field"], "phone");
    assert_eq!(change["current"], records(&before)[0]["phone"]);
    assert_eq!(change["new"], "+32 2 555 00 00");
    assert!(
        text.starts_with("Dry run: would change 2 res.partner records."),
        "{text}"
    );
    assert!(text.contains("99999"), "a missing id is named: {text}");
    assert!(text.contains("Nothing was written"), "{text}");
    assert_eq!(writes(&sim), 0);
}

#[tokio::test]
async fn a_create_preview_names_what_odoo_would_refuse() {
    let (sim, client) = demo(Era::Discover).await;
    let (out, text) = ok(
        &client,
        "create_records",
        json!({"model": "sale.order", "records": [{"partner_id": 999999, "picking_policy": "nonsense"}], "dry_run": true}),
    )
    .await;
    assert_eq!(out["ids"], json!([]));
    let problems = out["dry_run"]["problems"].to_string();
    assert!(
        problems.contains("partner_id") && problems.contains("999999"),
        "{problems}"
    );
    assert!(problems.contains("nonsense"), "{problems}");
    assert!(text.contains("Odoo would refuse it"), "{text}");
    assert_eq!(writes(&sim), 0);
}

#[tokio::test]
async fn delete_and_method_previews_list_the_records_and_their_state() {
    let (sim, client) = demo(Era::Initialize).await;
    let (orders, _) = ok(
        &client,
        "search_records",
        json!({"model": "sale.order", "domain": [["state", "=", "sale"]], "fields": ["name"], "limit": 1}),
    )
    .await;
    let id = records(&orders)[0]["id"]
        .as_i64()
        .expect("a confirmed order");
    let (out, text) = ok(
        &client,
        "delete_records",
        json!({"model": "sale.order", "ids": [id], "dry_run": true}),
    )
    .await;
    assert_eq!(out["dry_run"]["records"][0]["state"], "sale");
    assert!(text.contains("cancel it first"), "{text}");
    let (out, text) = ok(
        &client,
        "call_method",
        json!({"model": "sale.order", "method": "action_confirm", "ids": [id], "dry_run": true}),
    )
    .await;
    assert_eq!(out["result"], json!(null));
    assert!(
        text.starts_with("Dry run: would call sale.order.action_confirm on 1 record."),
        "{text}"
    );
    assert_eq!(writes(&sim), 0);
}
