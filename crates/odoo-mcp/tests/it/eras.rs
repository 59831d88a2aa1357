//! Both protocol eras against one handler, server identity, and the CLI's direct call path.

use odoo_mcp::{Instances, OdooServer};
use serde_json::json;

use crate::golden::golden_tools;
use crate::harness::{Era, demo, instance, ok, sim, writable};

/// Every tool's name (the demo instance allows writes and methods), sorted.
fn every_tool() -> Vec<String> {
    golden_tools().into_iter().map(|(name, _)| name).collect()
}

fn sorted_names(tools: &[rmcp::model::Tool]) -> Vec<String> {
    let mut names: Vec<String> = tools.iter().map(|t| t.name.to_string()).collect();
    names.sort();
    names
}

#[tokio::test]
async fn initialize_era_reports_identity_capabilities_and_instructions() {
    let (_sim, client) = demo(Era::Initialize).await;
    let info = client.peer_info().expect("initialize result");
    let server_info = info.server_info.clone().expect("server info");
    assert_eq!(server_info.name, "odoo-mcp");
    assert_eq!(server_info.version, env!("CARGO_PKG_VERSION"));
    let caps = &info.capabilities;
    assert!(
        caps.tools.is_some()
            && caps.resources.is_some()
            && caps.prompts.is_some()
            && caps.completions.is_some()
    );
    let instructions = info.instructions.clone().unwrap_or_default();
    assert!(
        instructions.contains("list_models") && instructions.contains("prefix notation"),
        "{instructions}"
    );
    let tools = client.list_all_tools().await.expect("tools/list");
    assert_eq!(sorted_names(&tools), every_tool());
}

#[tokio::test]
async fn discover_era_serves_the_same_tools_and_calls() {
    let (_sim, client) = demo(Era::Discover).await;
    let tools = client.list_all_tools().await.expect("tools/list");
    assert_eq!(sorted_names(&tools), every_tool());
    let (out, _) = ok(&client, "count_records", json!({"model": "res.partner"})).await;
    assert!(out["count"].as_u64().is_some_and(|c| c > 0));
}

#[tokio::test]
async fn concurrent_calls_run_independently() {
    let (_sim, client) = demo(Era::Initialize).await;
    let calls = (0..8).map(|i| {
        let client = &client;
        async move {
            ok(
                client,
                "search_records",
                json!({"model": "res.partner", "limit": 2, "offset": i}),
            )
            .await
        }
    });
    let results = futures::future::join_all(calls).await;
    assert_eq!(results.len(), 8);
    assert!(results.iter().all(|(s, _)| s["returned"] == 2));
}

#[tokio::test]
async fn call_tool_by_name_runs_a_tool_without_a_session() {
    let sim = sim().await;
    let server = OdooServer::new(Instances::single(instance("demo", &sim, writable("demo"))));
    let args = json!({"model": "res.partner", "limit": 1})
        .as_object()
        .cloned()
        .expect("object");
    let result = server
        .call_tool_by_name("search_records", args)
        .await
        .expect("runs");
    assert_ne!(result.is_error, Some(true));
    assert_eq!(
        result.structured_content.expect("structured")["returned"],
        1
    );
    let bad = json!({"model": "res/partner"})
        .as_object()
        .cloned()
        .expect("object");
    let result = server
        .call_tool_by_name("count_records", bad)
        .await
        .expect("runs");
    assert_eq!(result.is_error, Some(true));
    let err = server
        .call_tool_by_name("no_such_tool", serde_json::Map::new())
        .await
        .unwrap_err();
    assert!(err.message.contains("search_records"), "{}", err.message);
}
