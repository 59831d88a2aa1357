//! In-process round trips: an rmcp client talks to [`Hello`] over an in-memory pipe.

use rmcp::model::{CallToolRequestParams, CallToolResult};
use rmcp::service::{RoleClient, RunningService};
use rmcp::{ClientHandler, ServiceExt};

use super::Hello;

#[derive(Debug, Clone, Default)]
struct Client;
impl ClientHandler for Client {}

async fn connect() -> RunningService<RoleClient, Client> {
    let (server_io, client_io) = tokio::io::duplex(64 * 1024);
    tokio::spawn(async move {
        let running = Hello.serve(server_io).await.expect("server starts");
        let _ = running.waiting().await;
    });
    Client.serve(client_io).await.expect("client connects")
}

async fn greet(client: &RunningService<RoleClient, Client>, name: &str) -> CallToolResult {
    let args = serde_json::json!({ "name": name });
    let serde_json::Value::Object(args) = args else {
        unreachable!()
    };
    client
        .call_tool(CallToolRequestParams::new("greet").with_arguments(args))
        .await
        .expect("no protocol error")
}

fn text(result: &CallToolResult) -> String {
    result
        .content
        .iter()
        .filter_map(|c| c.as_text().map(|t| t.text.clone()))
        .collect()
}

#[tokio::test]
async fn greets_by_name() {
    let client = connect().await;
    let result = greet(&client, "Ada").await;
    assert_ne!(result.is_error, Some(true));
    assert_eq!(text(&result), "Hello, Ada!");
}

#[tokio::test]
async fn lists_one_read_only_tool_with_a_described_argument() {
    let client = connect().await;
    let tools = client.list_all_tools().await.expect("tools/list");
    assert_eq!(tools.len(), 1);
    assert_eq!(tools[0].name, "greet");
    let schema = serde_json::Value::Object(tools[0].input_schema.as_ref().clone());
    assert_eq!(schema["required"], serde_json::json!(["name"]));
    assert!(
        schema["properties"]["name"]["description"]
            .as_str()
            .is_some_and(|d| d.contains("Who to greet"))
    );
}

#[tokio::test]
async fn an_overlong_or_blank_name_is_a_tool_error_naming_the_argument() {
    let client = connect().await;
    for name in ["   ", &"x".repeat(super::MAX_NAME_CHARS + 1)] {
        let result = greet(&client, name).await;
        assert_eq!(result.is_error, Some(true), "{name:?} accepted");
        assert!(
            text(&result).contains("`name` must be 1 to 100"),
            "{}",
            text(&result)
        );
    }
}
