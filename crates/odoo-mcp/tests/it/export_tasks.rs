//! `export_records` as an MCP task (the tasks extension, rmcp's `TaskManager`): a client that
//! declared tasks gets a task at once, polls it (`tasks/get`, with progress in the status
//! message) and finds the same resource link in the result; `tasks/cancel` stops the paging;
//! the call's `lang`/`company_id` still apply in the background.

use std::time::Duration;

use base64::Engine as _;
use odoo_mcp::{Instances, OdooServer, Policy};
use rmcp::ClientHandler;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, CancelTaskParams, ClientCapabilities,
    ClientConfig, ContentBlock, DetailedTask, GetTaskParams, Implementation,
    ReadResourceRequestParams, ResourceContents, TaskPayload, TaskStatus,
};
use rmcp::service::{RoleClient, RunningService};
use serde_json::{Value, json};

use crate::harness::{Era, connect_with, instance, sim};

/// A client that declares the tasks extension (hostile_tasks.rs uses it too).
#[derive(Debug, Clone, Default)]
pub(crate) struct TaskClient;

impl ClientHandler for TaskClient {
    fn get_info(&self) -> ClientConfig {
        ClientConfig::new(
            ClientCapabilities::builder().enable_tasks().build(),
            Implementation::new("task-test", "0"),
        )
    }
}

type Client = RunningService<RoleClient, TaskClient>;

async fn client(sim: &odoo_sim::SimHandle, max_records: u32, era: Era) -> Client {
    let policy = Policy::builder("demo")
        .max_records(max_records)
        .default_limit(max_records);
    let server = OdooServer::new(Instances::single(instance("demo", sim, policy)));
    connect_with(server, era, TaskClient).await
}

/// Starts an export and returns its task id.
async fn start(client: &Client, args: Value) -> String {
    let Value::Object(args) = args else {
        unreachable!()
    };
    let response = client
        .call_tool_once(CallToolRequestParams::new("export_records").with_arguments(args))
        .await
        .expect("tools/call");
    match response {
        CallToolResponse::Task(created) => {
            assert_eq!(created.task.status, TaskStatus::Working);
            created.task.task_id
        }
        other => panic!("expected a task, got {other:?}"),
    }
}

async fn get(client: &Client, id: &str) -> DetailedTask {
    client
        .peer()
        .get_task(GetTaskParams::new(id.to_owned()))
        .await
        .expect("tasks/get")
        .task
}

/// Polls until the task is terminal.
async fn settled(client: &Client, id: &str) -> DetailedTask {
    for _ in 0..600 {
        let task = get(client, id).await;
        if task.status().is_terminal() {
            return task;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("task {id} did not finish");
}

#[tokio::test]
async fn an_export_task_is_created_polled_and_gives_the_resource_link_in_both_eras() {
    let sim = sim().await;
    for era in [Era::Initialize, Era::Discover] {
        let client = client(&sim, 5, era).await;
        let id = start(
            &client,
            json!({"model": "res.partner", "fields": ["name"], "domain": [["is_company", "=", true]]}),
        )
        .await;
        let task = settled(&client, &id).await;
        let TaskPayload::Completed { result } = task.payload else {
            panic!("expected a completed task, got {:?}", task.payload)
        };
        let result: CallToolResult =
            serde_json::from_value(Value::Object(result)).expect("a tool result");
        assert_ne!(result.is_error, Some(true), "{:?}", result.content);
        let structured = result.structured_content.clone().expect("structured");
        assert!(
            structured["records"].as_u64().is_some_and(|n| n > 5),
            "{structured}"
        );
        let link = result
            .content
            .iter()
            .find_map(|c| match c {
                ContentBlock::ResourceLink(r) => Some(r.uri.clone()),
                _ => None,
            })
            .expect("a resource link");
        assert_eq!(structured["uri"], link.as_str());
        let read = client
            .read_resource(ReadResourceRequestParams::new(link.clone()))
            .await
            .expect("the export resource");
        let ResourceContents::BlobResourceContents { blob, .. } = &read.contents[0] else {
            panic!("not a blob")
        };
        let csv = base64::engine::general_purpose::STANDARD
            .decode(blob)
            .expect("base64");
        let csv = String::from_utf8(csv).expect("utf-8");
        assert!(csv.starts_with("id,name"), "{csv}");
        assert_eq!(
            csv.lines().count() as u64 - 1,
            structured["records"].as_u64().unwrap_or_default()
        );
    }
}

#[tokio::test]
async fn a_cancelled_task_stops_paging_and_ends_cancelled() {
    let sim = sim().await;
    let client = client(&sim, 1, Era::Initialize).await;
    sim.faults().set_latency(Duration::from_millis(20));
    let id = start(&client, json!({"model": "res.partner", "fields": ["name"]})).await;
    for _ in 0..300 {
        let task = get(&client, &id).await;
        if task
            .task
            .status_message
            .as_deref()
            .is_some_and(|m| m.contains("records read"))
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    client
        .peer()
        .cancel_task(CancelTaskParams::new(id.clone()))
        .await
        .expect("tasks/cancel");
    let task = settled(&client, &id).await;
    assert_eq!(task.status(), TaskStatus::Cancelled, "{:?}", task.payload);
    let reads = sim.request_count("res.partner", "search_read");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        sim.request_count("res.partner", "search_read"),
        reads,
        "paging stopped"
    );
    sim.faults().clear();
}

#[tokio::test]
async fn a_bad_argument_is_an_error_result_not_a_task() {
    let sim = sim().await;
    let client = client(&sim, 5, Era::Initialize).await;
    let Value::Object(args) = json!({"model": "res.partner", "colour": "red"}) else {
        unreachable!()
    };
    let response = client
        .call_tool_once(CallToolRequestParams::new("export_records").with_arguments(args))
        .await
        .expect("tools/call");
    let CallToolResponse::Complete(result) = response else {
        panic!("no task for a malformed call: {response:?}")
    };
    assert_eq!(result.is_error, Some(true));
}
