//! Shared helpers for the in-process round trips: a simulated Odoo, instances on it, and an
//! rmcp client talking to `OdooServer` over `tokio::io::duplex` in either protocol era.

use odoo_mcp::policy::PolicyBuilder;
use odoo_mcp::{Instance, Instances, OdooServer, Policy};
use odoo_sim::{SimConfig, SimHandle};
use rmcp::model::{CallToolRequestParams, CallToolResult, ProtocolVersion};
use rmcp::service::{RoleClient, RunningService};
use rmcp::{ClientHandler, ClientLifecycleMode, ClientServiceExt, ServiceExt};
use serde_json::Value;

/// The protocol era a test client speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Era {
    /// 2025-11-25: the `initialize` handshake.
    Initialize,
    /// 2026-07-28: `server/discover`, stateless.
    Discover,
}

/// A client with no capabilities of its own.
#[derive(Debug, Clone, Default)]
pub(crate) struct TestClient;
impl ClientHandler for TestClient {}

pub(crate) type Client = RunningService<RoleClient, TestClient>;

/// A simulated Odoo 19 (default data set).
pub(crate) async fn sim() -> SimHandle {
    odoo_sim::spawn(SimConfig::new())
        .await
        .expect("simulator starts")
}

/// An instance on `sim`, logged in as admin, with the policy `policy`.
pub(crate) fn instance(name: &str, sim: &SimHandle, policy: PolicyBuilder) -> Instance {
    let client = odoo_client::Client::builder(sim.url())
        .database(sim.database())
        .api_key(sim.admin_api_key())
        .build()
        .expect("client builds");
    Instance::new(name, client, policy.build().expect("policy builds"))
}

/// A policy allowing writes and the usual sale/invoice actions.
pub(crate) fn writable(name: &str) -> PolicyBuilder {
    Policy::builder(name).read_only(false).allowed_methods([
        "sale.order:action_confirm",
        "sale.order:action_cancel",
        "account.move:action_post",
    ])
}

/// Connects a client to a server running in a task; the server task fails the test if it
/// panics (its join handle is awaited when the client is dropped at the end of the runtime).
/// The names of the tools `client` lists, sorted.
pub(crate) async fn tool_names(client: &Client) -> Vec<String> {
    let mut names: Vec<String> = client
        .list_all_tools()
        .await
        .expect("tools/list")
        .into_iter()
        .map(|t| t.name.into_owned())
        .collect();
    names.sort();
    names
}

pub(crate) async fn connect(server: OdooServer, era: Era) -> Client {
    connect_with(server, era, TestClient).await
}

/// Like [`connect`], with a client handler of the test's own (one that answers elicitation,
/// say).
pub(crate) async fn connect_with<H: ClientHandler>(
    server: OdooServer,
    era: Era,
    handler: H,
) -> RunningService<RoleClient, H> {
    let (server_io, client_io) = tokio::io::duplex(1 << 20);
    tokio::spawn(async move {
        let running = server.serve(server_io).await.expect("server starts");
        let _ = running.waiting().await;
    });
    let mode = match era {
        Era::Initialize => ClientLifecycleMode::Initialize,
        Era::Discover => ClientLifecycleMode::Discover {
            preferred_versions: vec![ProtocolVersion::V_2026_07_28],
        },
    };
    handler
        .serve_with_lifecycle(client_io, mode)
        .await
        .expect("client connects")
}

/// A server on one writable instance `demo` of a fresh simulator, and a client on it.
pub(crate) async fn demo(era: Era) -> (SimHandle, Client) {
    let sim = sim().await;
    let instances = Instances::single(instance("demo", &sim, writable("demo")));
    let client = connect(OdooServer::new(instances), era).await;
    (sim, client)
}

/// Calls a tool; panics on a protocol error (tool errors come back as `is_error`).
pub(crate) async fn call<H: ClientHandler>(
    client: &RunningService<RoleClient, H>,
    tool: &str,
    args: Value,
) -> CallToolResult {
    let Value::Object(map) = args else {
        panic!("tool arguments must be an object")
    };
    let params = CallToolRequestParams::new(tool.to_owned()).with_arguments(map);
    client
        .call_tool(params)
        .await
        .unwrap_or_else(|e| panic!("{tool}: protocol error {e}"))
}

/// The records of a `search_records` / `read_records` result as objects: `id` and `fields`
/// zipped with each of `rows` (many2one values stay `[id, name]`).
pub(crate) fn records(out: &Value) -> Vec<Value> {
    let names: Vec<&str> = std::iter::once("id")
        .chain(
            out["fields"]
                .as_array()
                .unwrap_or_else(|| panic!("no `fields`: {out}"))
                .iter()
                .filter_map(Value::as_str),
        )
        .collect();
    out["rows"]
        .as_array()
        .unwrap_or_else(|| panic!("no `rows`: {out}"))
        .iter()
        .map(|row| {
            let row = row.as_array().expect("a row is an array");
            assert_eq!(row.len(), names.len(), "a value per column: {out}");
            Value::Object(
                names
                    .iter()
                    .zip(row)
                    .map(|(n, v)| ((*n).to_owned(), v.clone()))
                    .collect(),
            )
        })
        .collect()
}

/// The text content of a result.
pub(crate) fn text(result: &CallToolResult) -> String {
    result
        .content
        .iter()
        .filter_map(|c| c.as_text().map(|t| t.text.clone()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Calls a tool that must succeed; returns its structured content and text.
pub(crate) async fn ok<H: ClientHandler>(
    client: &RunningService<RoleClient, H>,
    tool: &str,
    args: Value,
) -> (Value, String) {
    let result = call(client, tool, args).await;
    let t = text(&result);
    assert_ne!(result.is_error, Some(true), "{tool} failed: {t}");
    (
        result
            .structured_content
            .clone()
            .expect("structuredContent"),
        t,
    )
}

/// Calls a tool that must fail; returns its message.
pub(crate) async fn fails<H: ClientHandler>(
    client: &RunningService<RoleClient, H>,
    tool: &str,
    args: Value,
) -> String {
    let result = call(client, tool, args).await;
    let t = text(&result);
    assert_eq!(result.is_error, Some(true), "{tool} should fail, got: {t}");
    t
}

/// Calls a write tool that must succeed, confirming it with the token the server asks for
/// when the instance's `confirm_writes` wants a person's confirmation (a test stands in for
/// the person). Returns the final structured content and text.
pub(crate) async fn confirmed(client: &Client, tool: &str, args: Value) -> (Value, String) {
    let first = call(client, tool, args.clone()).await;
    let token = first
        .structured_content
        .as_ref()
        .and_then(|s| s.pointer("/confirmation/token"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    let Some(token) = token else {
        let t = text(&first);
        assert_ne!(first.is_error, Some(true), "{tool} failed: {t}");
        return (
            first.structured_content.clone().expect("structuredContent"),
            t,
        );
    };
    assert_eq!(
        first.is_error,
        Some(true),
        "waiting for confirmation is not a success"
    );
    let mut args = args;
    args["confirm"] = Value::String(token);
    ok(client, tool, args).await
}
