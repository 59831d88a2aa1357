//! In-process round trips: an rmcp client calls `split_bill` over an in-memory pipe.

use rmcp::model::{CallToolRequestParams, CallToolResult};
use rmcp::service::{RoleClient, RunningService, ServiceError};
use rmcp::{ClientHandler, ServiceExt};
use serde_json::{Value, json};

use super::Calculator;

#[derive(Debug, Clone, Default)]
struct Client;
impl ClientHandler for Client {}

async fn connect() -> RunningService<RoleClient, Client> {
    let (server_io, client_io) = tokio::io::duplex(64 * 1024);
    tokio::spawn(async move {
        let running = Calculator.serve(server_io).await.expect("server starts");
        let _ = running.waiting().await;
    });
    Client.serve(client_io).await.expect("client connects")
}

async fn split(
    client: &RunningService<RoleClient, Client>,
    args: Value,
) -> Result<CallToolResult, ServiceError> {
    let Value::Object(args) = args else {
        panic!("arguments must be an object")
    };
    client
        .call_tool(CallToolRequestParams::new("split_bill").with_arguments(args))
        .await
}

fn text(result: &CallToolResult) -> String {
    result
        .content
        .iter()
        .filter_map(|c| c.as_text().map(|t| t.text.clone()))
        .collect()
}

#[tokio::test]
async fn splits_with_a_structured_result() {
    let client = connect().await;
    let result = split(
        &client,
        json!({"total_cents": 10000, "people": 3, "currency": "EUR"}),
    )
    .await
    .expect("no protocol error");
    assert_ne!(result.is_error, Some(true), "{}", text(&result));
    assert_eq!(
        result.structured_content,
        Some(json!({"currency": "EUR", "each_cents": 3333, "remainder_cents": 1}))
    );
}

#[tokio::test]
async fn the_schemas_state_the_limits() {
    let client = connect().await;
    let tools = client.list_all_tools().await.expect("tools/list");
    let input = Value::Object(tools[0].input_schema.as_ref().clone());
    let props = &input["properties"];
    assert_eq!(props["people"]["minimum"], json!(1));
    assert_eq!(props["people"]["maximum"], json!(super::MAX_PEOPLE));
    assert_eq!(props["currency"]["pattern"], json!("^[A-Z]{3}$"));
    assert_eq!(input["additionalProperties"], json!(false));
    let output = Value::Object(
        tools[0]
            .output_schema
            .as_ref()
            .expect("outputSchema")
            .as_ref()
            .clone(),
    );
    assert!(output["properties"]["each_cents"].is_object(), "{output}");
}

#[tokio::test]
async fn each_bad_value_is_a_tool_error_naming_its_argument() {
    let client = connect().await;
    let good = json!({"total_cents": 100, "people": 2, "currency": "EUR"});
    let cases = [
        (
            "total_cents",
            json!(0),
            "`total_cents` must be 1 to 100000000; got 0",
        ),
        (
            "total_cents",
            json!(100_000_001u64),
            "`total_cents` must be 1 to",
        ),
        ("people", json!(0), "`people` must be 1 to 50; got 0"),
        ("people", json!(51), "`people` must be 1 to 50; got 51"),
        (
            "currency",
            json!("eur"),
            "`currency` must be three capital letters",
        ),
        (
            "currency",
            json!("EURO"),
            "`currency` must be three capital letters",
        ),
        (
            "currency",
            json!("ÉÜR"),
            "`currency` must be three capital letters",
        ),
        (
            "note",
            json!("n".repeat(201)),
            "`note` must be at most 200 characters; got 201",
        ),
    ];
    for (arg, value, expected) in cases {
        let mut args = good.clone();
        args[arg] = value.clone();
        let result = split(&client, args).await.expect("no protocol error");
        assert_eq!(result.is_error, Some(true), "{arg} = {value} accepted");
        assert!(
            text(&result).contains(expected),
            "{arg} = {value}: {}",
            text(&result)
        );
        assert!(result.structured_content.is_none());
    }
}

#[tokio::test]
async fn a_huge_bad_currency_is_not_echoed_back() {
    let client = connect().await;
    let args = json!({"total_cents": 100, "people": 2, "currency": "X".repeat(100_000)});
    let result = split(&client, args).await.expect("no protocol error");
    assert_eq!(result.is_error, Some(true));
    assert!(text(&result).len() < 200, "{} bytes", text(&result).len());
}

#[tokio::test]
async fn a_request_of_the_wrong_shape_is_refused_by_rmcp_naming_the_field() {
    // These never reach `split_bill`: rmcp's `Parameters` fails to deserialise them, and says
    // why in a tool error, so the model can correct itself.
    let client = connect().await;
    let cases = [
        (
            json!({"total_cents": 100, "people": "two", "currency": "EUR"}),
            "invalid type: string \"two\", expected u32",
        ),
        (
            json!({"total_cents": 100, "people": 2}),
            "missing field `currency`",
        ),
        (
            json!({"total_cents": 100, "people": 2, "currency": "EUR", "tip": 5}),
            "unknown field `tip`",
        ),
        (
            json!({"total_cents": -5, "people": 2, "currency": "EUR"}),
            "invalid value: integer `-5`",
        ),
    ];
    for (args, expected) in cases {
        let result = split(&client, args.clone()).await.expect("a tool error");
        assert_eq!(result.is_error, Some(true), "{args} accepted");
        assert!(
            text(&result).contains(expected),
            "{args}: {}",
            text(&result)
        );
    }
}

#[tokio::test]
async fn an_unknown_tool_is_a_protocol_error() {
    let client = connect().await;
    let err = client
        .call_tool(CallToolRequestParams::new("split_the_bill"))
        .await
        .expect_err("a JSON-RPC error, not a tool result");
    assert!(
        matches!(err, ServiceError::McpError(ref e) if e.code.0 == -32602),
        "{err}"
    );
}
