//! In-process round trips against a simulated Odoo, logged in with its read-only user.

use odoo_sim::{SimConfig, SimHandle};
use rmcp::model::{CallToolRequestParams, CallToolResult};
use rmcp::service::{RoleClient, RunningService};
use rmcp::{ClientHandler, ServiceExt};
use serde_json::{Value, json};

use super::OdooMini;

#[derive(Debug, Clone, Default)]
struct Client;
impl ClientHandler for Client {}

async fn start() -> (SimHandle, RunningService<RoleClient, Client>) {
    let sim = odoo_sim::spawn(SimConfig::new()).await.expect("simulator");
    let odoo = odoo_client::Client::builder(sim.url())
        .database(sim.database())
        .api_key(sim.reader_api_key())
        .build()
        .expect("client");
    let (server_io, client_io) = tokio::io::duplex(1 << 20);
    tokio::spawn(async move {
        let running = OdooMini { odoo }
            .serve(server_io)
            .await
            .expect("server starts");
        let _ = running.waiting().await;
    });
    (sim, Client.serve(client_io).await.expect("client connects"))
}

async fn search(client: &RunningService<RoleClient, Client>, args: Value) -> CallToolResult {
    let Value::Object(args) = args else {
        panic!("arguments are an object")
    };
    client
        .call_tool(CallToolRequestParams::new("search").with_arguments(args))
        .await
        .expect("tools/call")
}

fn text(result: &CallToolResult) -> String {
    result
        .content
        .iter()
        .filter_map(|c| c.as_text().map(|t| t.text.clone()))
        .collect()
}

#[tokio::test]
async fn finds_records_with_the_listed_fields_only() {
    let (sim, client) = start().await;
    let result = search(&client, json!({"model": "res.partner", "limit": 5})).await;
    assert_ne!(result.is_error, Some(true), "{}", text(&result));
    let out = result.structured_content.expect("structured");
    let records = out["records"].as_array().expect("records");
    assert_eq!(records.len(), 5);
    for record in records {
        let mut keys: Vec<&str> = record
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(keys, ["city", "email", "id", "is_company", "name"]);
    }
    let first = records[0]["name"].as_str().expect("a name").to_owned();
    let word = first.split_whitespace().next().expect("a word");
    let result = search(&client, json!({"model": "res.partner", "text": word})).await;
    let found = result.structured_content.expect("structured");
    assert!(
        found["records"]
            .as_array()
            .is_some_and(|r| r.iter().all(|r| {
                r["name"]
                    .as_str()
                    .is_some_and(|n| n.to_lowercase().contains(&word.to_lowercase()))
            }))
    );
    assert_eq!(sim.request_count("res.partner", "search_read"), 2);
}

#[tokio::test]
async fn other_models_fields_and_filters_never_reach_odoo() {
    let (sim, client) = start().await;
    let cases = [
        (
            json!({"model": "res.users"}),
            "unknown variant `res.users`, expected one of",
        ),
        (json!({"model": "ir.config_parameter"}), "unknown variant"),
        (
            json!({"model": "res.partner", "fields": ["password"]}),
            "unknown field `fields`",
        ),
        (
            json!({"model": "res.partner", "domain": [["id", ">", 0]]}),
            "unknown field `domain`",
        ),
        (
            json!({"model": "res.partner", "limit": 10_000}),
            "`limit` must be 1 to 50",
        ),
        (
            json!({"model": "res.partner", "text": "x".repeat(101)}),
            "`text` must be at most 100",
        ),
    ];
    for (args, expected) in cases {
        let result = search(&client, args.clone()).await;
        assert_eq!(result.is_error, Some(true), "{args} accepted");
        assert!(
            text(&result).contains(expected),
            "{args}: {}",
            text(&result)
        );
    }
    for model in ["res.users", "ir.config_parameter", "res.partner"] {
        for method in ["search_read", "read", "write", "unlink", "create"] {
            assert_eq!(
                sim.request_count(model, method),
                0,
                "{model}.{method} was called"
            );
        }
    }
}

#[tokio::test]
async fn the_schema_lists_exactly_the_allowed_models() {
    let (_sim, client) = start().await;
    let tools = client.list_all_tools().await.expect("tools/list");
    let schema = Value::Object(tools[0].input_schema.as_ref().clone());
    let text = schema.to_string();
    for model in ["res.partner", "product.product", "sale.order"] {
        assert!(
            text.contains(&format!("\"{model}\"")),
            "{model} missing: {text}"
        );
    }
    assert!(!text.contains("res.users"));
}

#[tokio::test]
async fn the_odoo_users_own_rights_are_the_second_wall() {
    // sale.order is on the server's list, but the simulator's read-only user may not read it.
    let (_sim, client) = start().await;
    let result = search(&client, json!({"model": "sale.order"})).await;
    assert_eq!(result.is_error, Some(true));
    assert!(
        text(&result).contains("not allowed to access 'Sales Order'"),
        "{}",
        text(&result)
    );
}
