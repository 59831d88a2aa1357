//! The policy as a boundary, tried as an attacker would: domains, orders and groupings used as
//! oracles on secret fields and hidden models, nested x2many commands that reach protected
//! models, `call_method` arguments that re-target or widen a call, and inputs that used to
//! crash the process. Each attack must be refused with the rule's name, before Odoo is asked,
//! and the server must keep answering.

use odoo_mcp::{Instances, OdooServer, Policy};
use serde_json::{Value, json};

use crate::harness::{
    Client, Era, confirmed, connect, fails, instance, ok, records, sim, writable,
};

async fn server_with(policy: odoo_mcp::policy::PolicyBuilder) -> (odoo_sim::SimHandle, Client) {
    let sim = sim().await;
    let client = connect(
        OdooServer::new(Instances::single(instance("p", &sim, policy))),
        Era::Initialize,
    )
    .await;
    (sim, client)
}

fn assert_refused(message: &str, rule: &str, names: &[&str]) {
    assert!(message.contains(rule), "rule {rule} not named: {message}");
    for name in names {
        assert!(message.contains(name), "{name} not named: {message}");
    }
}

#[tokio::test]
async fn domains_cannot_probe_secret_fields_or_hidden_models_at_any_depth() {
    let (_sim, client) = server_with(Policy::builder("p")).await;
    let attacks: [(&str, Value, &str, &[&str]); 6] = [
        (
            "sale.order",
            json!([["access_token", "=like", "c0%"]]),
            "secret",
            &["access_token"],
        ),
        (
            "account.move",
            json!([["attachment_ids.description", "=like", "a%"]]),
            "ir.attachment",
            &["attachment_ids"],
        ),
        (
            "res.users",
            json!([["api_key_ids.name", "!=", false]]),
            "res.users.apikeys",
            &["api_key_ids"],
        ),
        (
            "account.move",
            json!([["attachment_ids", "any", [["name", "=", "x"]]]]),
            "ir.attachment",
            &["attachment_ids"],
        ),
        (
            "res.partner",
            json!([
                "|",
                ["name", "=", "x"],
                ["sale_order_ids", "any", [["access_token", "=like", "a%"]]]
            ]),
            "secret",
            &["access_token"],
        ),
        (
            "res.partner",
            json!([["user_ids.password", "=like", "a%"]]),
            "secret",
            &["user_ids.password"],
        ),
    ];
    for (model, domain, rule, names) in attacks {
        for tool in ["count_records", "search_records", "aggregate_records"] {
            let message = fails(&client, tool, json!({"model": model, "domain": domain})).await;
            assert_refused(&message, rule, names);
        }
    }
    // The same paths through allowed models still work.
    ok(
        &client,
        "count_records",
        json!({"model": "res.partner", "domain": [["sale_order_ids.amount_total", ">", 0]]}),
    )
    .await;
}

#[tokio::test]
async fn a_denied_model_is_not_reachable_through_a_path_from_an_allowed_one() {
    let (_sim, client) = server_with(Policy::builder("p").denied_models(["sale.order"])).await;
    let message = fails(
        &client,
        "count_records",
        json!({"model": "res.partner", "domain": [["sale_order_ids.amount_total", ">", 1000]]}),
    )
    .await;
    assert_refused(&message, "denied_models", &["sale_order_ids", "sale.order"]);
    // Nor read as a relation: the field is withheld from reads.
    let (out, _) = ok(
        &client,
        "read_records",
        json!({"model": "res.partner", "ids": [1], "fields": ["name", "sale_order_ids"]}),
    )
    .await;
    assert!(records(&out)[0].get("sale_order_ids").is_none(), "{out}");
}

#[tokio::test]
async fn orders_groupings_and_aggregates_cannot_name_secret_fields() {
    let (_sim, client) = server_with(Policy::builder("p")).await;
    let message = fails(
        &client,
        "search_records",
        json!({"model": "sale.order", "order": "access_token desc"}),
    )
    .await;
    assert_refused(&message, "secret", &["access_token", "sort by"]);
    let message = fails(
        &client,
        "aggregate_records",
        json!({"model": "res.users", "group_by": ["company_id"], "order": "password desc"}),
    )
    .await;
    assert_refused(&message, "secret", &["password"]);
    let message = fails(
        &client,
        "aggregate_records",
        json!({"model": "sale.order", "group_by": ["access_token"]}),
    )
    .await;
    assert!(message.contains("access_token"), "{message}");
    let message = fails(
        &client,
        "search_records",
        json!({"model": "res.partner", "order": "user_ids.password"}),
    )
    .await;
    assert_refused(&message, "secret", &["password"]);
}

#[tokio::test]
async fn nested_commands_are_checked_against_the_related_models_policy() {
    let (_sim, client) = server_with(writable("p")).await;
    let attacks: [(&str, Value, &str); 5] = [
        // Granting a user admin groups through the partner's users.
        (
            "res.partner",
            json!({"user_ids": [[1, 2, {"group_ids": [[4, 1]]}]]}),
            "user_ids",
        ),
        // Creating a user through a partner.
        (
            "res.partner",
            json!({"child_ids": [[0, 0, {"name": "x", "user_ids": [[0, 0, {"login": "evil", "password": "p"}]]}]]}),
            "user_ids",
        ),
        // Writing a secret field a direct write refuses.
        (
            "res.partner",
            json!({"sale_order_ids": [[1, 1, {"access_token": "chosen"}]]}),
            "access_token",
        ),
        // Deleting the admin user.
        (
            "res.partner",
            json!({"child_ids": [[1, 3, {"user_ids": [[2, 2]]}]]}),
            "user_ids",
        ),
        // Reaching a denied model.
        (
            "account.move",
            json!({"attachment_ids": [[0, 0, {"name": "x"}]]}),
            "ir.attachment",
        ),
    ];
    for (model, values, named) in attacks {
        let message = fails(
            &client,
            "update_records",
            json!({"model": model, "ids": [1], "values": values}),
        )
        .await;
        assert!(message.contains(named), "{named} not named: {message}");
    }
    // Malformed commands are named, not passed on.
    let message = fails(
        &client,
        "update_records",
        json!({"model": "res.partner", "ids": [1], "values": {"child_ids": [[1, -3, {"name": "x"}]]}}),
    )
    .await;
    assert!(message.contains("not an x2many command"), "{message}");
    // A legitimate nested create still works.
    let (out, _) = ok(
        &client,
        "create_records",
        json!({"model": "res.partner", "records": [{"name": "Parent", "child_ids": [{"name": "Child"}]}]}),
    )
    .await;
    assert_eq!(out["ids"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn nested_creates_count_towards_max_records() {
    let (_sim, client) = server_with(writable("p").max_records(5).default_limit(5)).await;
    let children: Vec<Value> = (0..300).map(|i| json!({"name": format!("c{i}")})).collect();
    let message = fails(
        &client,
        "create_records",
        json!({"model": "res.partner", "records": [{"name": "Parent", "child_ids": children}]}),
    )
    .await;
    assert_refused(&message, "max_records", &["split"]);
    let (count, _) = ok(
        &client,
        "count_records",
        json!({"model": "res.partner", "domain": [["name", "=", "c0"]]}),
    )
    .await;
    assert_eq!(count["count"], json!(0), "nothing was created");
}

#[tokio::test]
async fn call_method_cannot_retarget_widen_or_read_secrets() {
    let (_sim, client) =
        server_with(writable("p").allowed_methods(["*", "sale.order:search_read"])).await;
    let message = fails(
        &client,
        "call_method",
        json!({"model": "res.partner", "method": "unlink", "ids": [1]}),
    )
    .await;
    assert_refused(&message, "generic ORM", &["res.partner:unlink"]);
    let message = fails(
        &client,
        "call_method",
        json!({"model": "sale.order", "method": "action_confirm", "ids": [1], "kwargs": {"ids": [2, 3]}}),
    )
    .await;
    assert!(message.contains("`ids`"), "{message}");
    let message = fails(
        &client,
        "call_method",
        json!({"model": "sale.order", "method": "action_confirm", "ids": [1], "kwargs": {"context": {"active_test": false}}}),
    )
    .await;
    assert_refused(&message, "active_test", &["context"]);
    let message = fails(
        &client,
        "call_method",
        json!({"model": "sale.order", "method": "search_read", "kwargs": {"fields": ["name", "access_token"]}}),
    )
    .await;
    assert_refused(&message, "secret", &["access_token"]);
    let message = fails(
        &client,
        "call_method",
        json!({"model": "sale.order", "method": "search_read", "kwargs": {"domain": [["access_token", "!=", false]]}}),
    )
    .await;
    assert_refused(&message, "secret", &["access_token"]);
    // Without `fields`, Odoo returns every field: the secret ones are removed from the result.
    let (out, text) = confirmed(
        &client,
        "call_method",
        json!({"model": "sale.order", "method": "search_read", "kwargs": {"limit": 2}}),
    )
    .await;
    let rows = out["result"].as_array().expect("rows");
    assert!(!rows.is_empty());
    assert!(
        rows.iter().all(|r| r.get("access_token").is_none()),
        "{out}"
    );
    assert!(text.contains("access_token"), "{text}");
}

#[tokio::test]
async fn a_nesting_bomb_in_a_domain_string_is_refused_and_the_server_lives_on() {
    let (_sim, client) = server_with(Policy::builder("p")).await;
    for bomb in ["[".repeat(50_000), "(".repeat(50_000), "[(".repeat(20_000)] {
        let message = fails(
            &client,
            "search_records",
            json!({"model": "res.partner", "domain": bomb}),
        )
        .await;
        assert!(message.contains("nest"), "{message}");
    }
    ok(&client, "count_records", json!({"model": "res.partner"})).await;
}
