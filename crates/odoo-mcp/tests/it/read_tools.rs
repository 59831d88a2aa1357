//! The read tools against the simulator: success, paging, default fields, and main failures.

use serde_json::{Value, json};

use crate::harness::{Era, demo, fails, ok, records};

#[tokio::test]
async fn search_pages_through_all_records_with_next_offset() {
    let (_sim, client) = demo(Era::Initialize).await;
    let (count, _) = ok(&client, "count_records", json!({"model": "res.partner"})).await;
    let total = count["count"].as_u64().expect("count");
    assert!(
        total > 40,
        "the demo data has enough partners to page ({total})"
    );

    let mut seen = Vec::new();
    let mut offset = 0;
    loop {
        let (page, text) = ok(
            &client,
            "search_records",
            json!({"model": "res.partner", "fields": ["name"], "limit": 40, "offset": offset, "order": "id asc"}),
        )
        .await;
        assert_eq!(page["total"], total);
        seen.extend(records(&page).iter().map(|r| r["id"].as_i64().expect("id")));
        match page["next_offset"].as_u64() {
            Some(next) => {
                assert!(
                    text.contains(&format!("Next page: offset={next}.")),
                    "{text}"
                );
                offset = next;
            }
            None => {
                assert!(!text.contains("Next page"), "{text}");
                break;
            }
        }
    }
    let mut unique = seen.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len() as u64, total, "every record exactly once");
    assert_eq!(seen.len() as u64, total);
}

#[tokio::test]
async fn limits_are_capped_at_max_records_and_say_so() {
    let (_sim, client) = demo(Era::Initialize).await;
    let (page, text) = ok(
        &client,
        "search_records",
        json!({"model": "res.partner", "fields": ["name"], "limit": 5000}),
    )
    .await;
    assert!(page["returned"].as_u64().expect("returned") <= 200);
    assert!(text.contains("limit capped at 200"), "{text}");
    // As in Odoo, 0 means "no limit", which is the cap, not one row.
    let (page, text) = ok(
        &client,
        "search_records",
        json!({"model": "res.partner", "fields": ["name"], "limit": 0}),
    )
    .await;
    assert!(page["returned"].as_u64().expect("returned") > 20, "{text}");
    assert!(text.contains("0 means no limit"), "{text}");
}

#[tokio::test]
async fn default_fields_are_small_and_useful() {
    let (_sim, client) = demo(Era::Discover).await;
    let (partners, text) = ok(
        &client,
        "search_records",
        json!({"model": "res.partner", "limit": 3}),
    )
    .await;
    let fields: Vec<&str> = partners["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(fields[..3], ["name", "email", "phone"], "{fields:?}");
    assert!(fields.len() <= 10);
    for heavy in [
        "image_1920",
        "comment",
        "child_ids",
        "message_ids",
        "avatar_128",
        "signup_token",
    ] {
        assert!(
            !fields.contains(&heavy),
            "{heavy} must not be a default field"
        );
    }
    assert!(text.contains("Default fields"), "{text}");

    let (orders, _) = ok(
        &client,
        "search_records",
        json!({"model": "sale.order", "limit": 3}),
    )
    .await;
    let fields: Vec<&str> = orders["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for wanted in ["name", "state", "partner_id", "date_order", "amount_total"] {
        assert!(
            fields.contains(&wanted),
            "sale.order defaults lack {wanted}: {fields:?}"
        );
    }
    assert!(
        !fields.contains(&"order_line") && !fields.contains(&"note"),
        "{fields:?}"
    );
    // many2one values are [id, name] in structured content.
    let partner = &records(&orders)[0]["partner_id"];
    assert!(partner[0].is_i64() && partner[1].is_string(), "{partner}");
}

#[tokio::test]
async fn read_records_reports_missing_ids() {
    let (_sim, client) = demo(Era::Initialize).await;
    let (found, _) = ok(
        &client,
        "search_records",
        json!({"model": "res.partner", "limit": 2, "fields": ["name"]}),
    )
    .await;
    let id = records(&found)[0]["id"].as_i64().expect("id");
    let (read, text) = ok(
        &client,
        "read_records",
        json!({"model": "res.partner", "ids": [id, 999999], "fields": ["name", "email"]}),
    )
    .await;
    assert_eq!(records(&read).len(), 1);
    assert_eq!(read["missing_ids"], json!([999999]));
    assert!(text.contains("Missing ids: 999999"), "{text}");
    assert!(text.contains(&format!("\n{id}\t")), "{text}");
}

#[tokio::test]
async fn aggregates_group_and_sum() {
    let (_sim, client) = demo(Era::Initialize).await;
    let (out, text) = ok(
        &client,
        "aggregate_records",
        json!({"model": "sale.order", "group_by": ["state"], "aggregates": ["amount_total:sum"]}),
    )
    .await;
    let groups = out["groups"].as_array().expect("groups");
    assert!(!groups.is_empty());
    let counted: u64 = groups
        .iter()
        .map(|g| g["count"].as_u64().expect("count"))
        .sum();
    let (all, _) = ok(&client, "count_records", json!({"model": "sale.order"})).await;
    assert_eq!(
        counted,
        all["count"].as_u64().expect("count"),
        "groups cover every order"
    );
    assert!(
        groups
            .iter()
            .all(|g| g["aggregates"].get("amount_total:sum").is_some()),
        "{out}"
    );
    assert!(
        text.lines()
            .nth(1)
            .is_some_and(|h| h == "state\tcount\tamount_total:sum"),
        "{text}"
    );

    let (by_month, month_text) = ok(
        &client,
        "aggregate_records",
        json!({"model": "sale.order", "group_by": ["date_order:month"], "domain": [["state", "=", "sale"]]}),
    )
    .await;
    let first = &by_month["groups"][0]["keys"]["date_order:month"];
    assert!(
        first.get("label").is_some(),
        "month groups carry a label: {by_month}"
    );
    assert!(
        !month_text.contains('['),
        "labels, not raw pairs, in text: {month_text}"
    );
}

#[tokio::test]
async fn aggregate_arguments_are_checked_before_calling_odoo() {
    let (sim, client) = demo(Era::Initialize).await;
    let msg = fails(
        &client,
        "aggregate_records",
        json!({"model": "sale.order", "aggregates": ["amount_total:median"]}),
    )
    .await;
    assert!(msg.contains("sum, avg, min, max"), "{msg}");
    let msg = fails(
        &client,
        "aggregate_records",
        json!({"model": "sale.order", "group_by": ["date_order:fortnight"]}),
    )
    .await;
    assert!(msg.contains("unknown period"), "{msg}");
    let msg = fails(
        &client,
        "aggregate_records",
        json!({"model": "sale.order", "group_by": ["custmer_id"]}),
    )
    .await;
    assert!(msg.contains("describe_model"), "{msg}");
    assert_eq!(
        sim.request_count("sale.order", "formatted_read_group")
            + sim.request_count("sale.order", "read_group"),
        0
    );
}

#[tokio::test]
async fn name_search_turns_a_name_into_ids() {
    let (_sim, client) = demo(Era::Initialize).await;
    let (out, text) = ok(
        &client,
        "name_search",
        json!({"model": "res.partner", "name": "azure"}),
    )
    .await;
    let matches = out["matches"].as_array().expect("matches");
    assert!(
        matches
            .iter()
            .any(|m| m["name"].as_str().is_some_and(|n| n.contains("Azure"))),
        "{out}"
    );
    assert!(text.contains("Azure"), "{text}");
}

#[tokio::test]
async fn list_models_filters_and_hides_denied_models() {
    let (_sim, client) = demo(Era::Initialize).await;
    let (out, text) = ok(&client, "list_models", json!({"keyword": "sale"})).await;
    let models: Vec<&str> = out["models"]
        .as_array()
        .expect("models")
        .iter()
        .filter_map(|m| m["model"].as_str())
        .collect();
    assert!(models.contains(&"sale.order"), "{models:?}");
    assert!(
        models
            .iter()
            .all(|m| m.contains("sale") || text.contains(m))
    );
    let (all, _) = ok(&client, "list_models", json!({"limit": 1000})).await;
    let all: Vec<&str> = all["models"]
        .as_array()
        .expect("models")
        .iter()
        .filter_map(|m| m["model"].as_str())
        .collect();
    assert!(all.contains(&"res.partner"));
    assert!(
        !all.contains(&"ir.config_parameter"),
        "built-in denied models are not listed"
    );
    assert!(
        !all.contains(&"res.users.apikeys"),
        "built-in denied models are not listed"
    );
}

#[tokio::test]
async fn describe_model_is_compact_and_hides_secrets() {
    let (_sim, client) = demo(Era::Initialize).await;
    let (out, text) = ok(
        &client,
        "describe_model",
        json!({"model": "sale.order", "keyword": "partner"}),
    )
    .await;
    let names: Vec<&str> = out["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["name"].as_str())
        .collect();
    assert!(names.contains(&"partner_id"), "{names:?}");
    assert!(text.contains("partner_id\tmany2one→res.partner"), "{text}");
    let (all, all_text) = ok(&client, "describe_model", json!({"model": "sale.order"})).await;
    let names: Vec<&str> = all["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["name"].as_str())
        .collect();
    assert!(
        !names.contains(&"access_token"),
        "secret fields are not listed"
    );
    assert!(
        all["secret_fields"]
            .as_array()
            .is_some_and(|s| s.contains(&json!("access_token")))
    );
    assert!(
        all_text.contains("Secret, never returned: access_token"),
        "{all_text}"
    );
    let (w, _) = ok(
        &client,
        "describe_model",
        json!({"model": "sale.order", "include_readonly": false}),
    )
    .await;
    assert!(
        w["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .all(|f| f["readonly"] == false)
    );
}

#[tokio::test]
async fn odoo_faults_become_actionable_tool_errors() {
    let (_sim, client) = demo(Era::Initialize).await;
    let msg = fails(
        &client,
        "search_records",
        json!({"model": "res.partner", "fields": ["nmae"]}),
    )
    .await;
    assert!(
        msg.contains("no field `nmae`") && msg.contains("describe_model"),
        "{msg}"
    );

    let msg = fails(
        &client,
        "search_records",
        json!({"model": "res.partner", "domain": [["name", "equals", "x"]]}),
    )
    .await;
    assert!(
        msg.contains("equals") && msg.contains("prefix notation"),
        "{msg}"
    );

    let msg = fails(
        &client,
        "search_records",
        json!({"model": "res.partner", "domain": [["nmae", "=", "x"]]}),
    )
    .await;
    assert!(msg.to_lowercase().contains("nmae"), "{msg}");
    assert!(
        !msg.contains("Traceback") && !msg.contains("SELECT"),
        "{msg}"
    );

    let msg = fails(&client, "count_records", json!({"model": "no.such.model"})).await;
    assert!(msg.contains("list_models"), "{msg}");

    let msg = fails(
        &client,
        "search_records",
        json!({"model": "res.partner", "order": "name; drop"}),
    )
    .await;
    assert!(msg.contains("order"), "{msg}");
}

#[tokio::test]
async fn malformed_arguments_are_rejected_with_the_reason() {
    let (_sim, client) = demo(Era::Initialize).await;
    let msg = fails(
        &client,
        "search_records",
        json!({"model": "res.partner", "filter": []}),
    )
    .await;
    assert!(msg.contains("filter"), "{msg}");
    let msg = fails(
        &client,
        "read_records",
        json!({"model": "res.partner", "ids": "seven"}),
    )
    .await;
    assert!(msg.contains("ids") || msg.contains("sequence"), "{msg}");
    let msg = fails(&client, "search_records", json!({"model": "res/partner"})).await;
    assert!(msg.contains("invalid model name"), "{msg}");
}

#[tokio::test]
async fn check_access_combines_policy_and_odoo() {
    let (_sim, client) = demo(Era::Initialize).await;
    let (out, text) = ok(
        &client,
        "check_access",
        json!({"model": "res.partner", "operation": "write"}),
    )
    .await;
    assert_eq!(out["policy_allowed"], true);
    assert_eq!(out["odoo_allowed"], true);
    assert_eq!(out["allowed"], true);
    assert!(text.starts_with("write on res.partner: ALLOWED"), "{text}");
    let (out, text) = ok(
        &client,
        "check_access",
        json!({"model": "ir.config_parameter", "operation": "read"}),
    )
    .await;
    assert_eq!(out["policy_allowed"], false);
    assert_eq!(out["allowed"], false);
    assert!(text.contains("Server policy: refused"), "{text}");
}

#[tokio::test]
async fn a_search_page_is_one_odoo_request_with_its_total() {
    let (sim, client) = demo(Era::Initialize).await;
    let (count, _) = ok(&client, "count_records", json!({"model": "res.partner"})).await;
    let requests = |m: &str| sim.request_count("res.partner", m);
    let before = (requests("web_search_read"), requests("search_count"));
    let (page, text) = ok(
        &client,
        "search_records",
        json!({"model": "res.partner", "limit": 5}),
    )
    .await;
    assert_eq!(page["total"], count["count"]);
    assert_eq!(page["next_offset"], 5);
    assert!(page.get("total_at_least").is_none(), "{page}");
    let total = count["count"].as_u64().expect("count");
    assert!(text.contains(&format!("records 1-5 of {total}.")), "{text}");
    assert_eq!(
        (requests("web_search_read"), requests("search_count")),
        (before.0 + 1, before.1),
        "one web_search_read, no separate count"
    );
}
