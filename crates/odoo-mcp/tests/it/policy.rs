//! Policy refusals seen through the tools: read-only instances, denied models, the built-in
//! deny list, secret fields, and hiding the write tools when nothing is writable.

use odoo_mcp::{Instances, OdooServer, Policy};
use serde_json::json;

use crate::golden::golden_tools;
use crate::harness::{self, Era, connect, fails, instance, ok, records, sim, writable};

#[tokio::test]
async fn write_tools_are_hidden_when_no_instance_is_writable() {
    let sim = sim().await;
    let instances = Instances::single(instance("ro", &sim, Policy::builder("ro")));
    let server = OdooServer::new(instances);
    let mut names: Vec<String> = server
        .tools()
        .into_iter()
        .map(|t| t.name.into_owned())
        .collect();
    names.sort();
    let read_tools: Vec<String> = golden_tools()
        .into_iter()
        .filter_map(|(name, read_only)| read_only.then_some(name))
        .collect();
    assert_eq!(names, read_tools, "exactly the read tools");
    assert!(
        !names
            .iter()
            .any(|n| n == "create_records" || n == "call_method")
    );
    let client = connect(server, Era::Initialize).await;
    assert_eq!(harness::tool_names(&client).await, read_tools);
}

#[tokio::test]
async fn a_read_only_instance_refuses_writes_with_the_policy_message() {
    let sim = sim().await;
    let instances = Instances::new(
        vec![
            instance("rw", &sim, writable("rw")),
            instance("ro", &sim, Policy::builder("ro")),
        ],
        "rw",
    )
    .expect("instances");
    let client = connect(OdooServer::new(instances), Era::Initialize).await;
    let msg = fails(
        &client,
        "create_records",
        json!({"instance": "ro", "model": "res.partner", "records": [{"name": "x"}]}),
    )
    .await;
    assert!(msg.starts_with("Refused by the server's policy"), "{msg}");
    assert!(msg.contains("read-only"), "{msg}");
    assert_eq!(sim.request_count("res.partner", "create"), 0);
    let msg = fails(
        &client,
        "call_method",
        json!({"instance": "ro", "model": "sale.order", "method": "action_confirm", "ids": [1]}),
    )
    .await;
    assert!(msg.contains("read-only"), "{msg}");
}

#[tokio::test]
async fn denied_and_builtin_denied_models_are_refused() {
    let sim = sim().await;
    let policy = Policy::builder("p").denied_models(["account.*"]);
    let client = connect(
        OdooServer::new(Instances::single(instance("p", &sim, policy))),
        Era::Initialize,
    )
    .await;
    let msg = fails(&client, "search_records", json!({"model": "account.move"})).await;
    assert!(
        msg.contains("denied_models") && msg.contains("account.*"),
        "{msg}"
    );
    let msg = fails(
        &client,
        "read_records",
        json!({"model": "ir.config_parameter", "ids": [1]}),
    )
    .await;
    assert!(msg.contains("built-in deny list"), "{msg}");
    let msg = fails(
        &client,
        "aggregate_records",
        json!({"model": "res.users.apikeys"}),
    )
    .await;
    assert!(msg.contains("built-in deny list"), "{msg}");
    assert_eq!(sim.request_count("account.move", "search_read"), 0);
}

#[tokio::test]
async fn secret_fields_are_stripped_even_when_asked_for() {
    let sim = sim().await;
    let client = connect(
        OdooServer::new(Instances::single(instance("p", &sim, Policy::builder("p")))),
        Era::Initialize,
    )
    .await;
    let (out, text) = ok(
        &client,
        "search_records",
        json!({"model": "sale.order", "fields": ["name", "access_token"], "limit": 3}),
    )
    .await;
    assert_eq!(out["removed_fields"], json!(["access_token"]));
    assert!(
        records(&out)
            .iter()
            .all(|r| r.get("access_token").is_none())
    );
    assert!(
        text.contains("Secret fields are never returned: access_token"),
        "{text}"
    );
    // Asking only for withheld fields is an error, not every other field.
    let refused = fails(
        &client,
        "read_records",
        json!({"model": "sale.order", "ids": [1], "fields": ["access_token"]}),
    )
    .await;
    assert!(
        refused.contains("access_token") && refused.contains("omit `fields`"),
        "{refused}"
    );
}
