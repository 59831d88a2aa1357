//! In-process round trips: progress, cancellation, the concurrency cap, and tasks.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, CancelTaskParams, ClientCapabilities,
    ClientConfig, ClientRequest, GetTaskParams, Implementation, ProgressNotificationParam, Request,
    ServerResult, TaskPayload, TaskStatus,
};
use rmcp::service::{
    NotificationContext, PeerRequestOptions, RequestHandle, RoleClient, RunningService,
};
use rmcp::{ClientHandler, ServiceExt};
use serde_json::{Value, json};

use crate::job::{self, Limits};
use crate::server::LongWork;

/// (progress, total) pairs, as received.
type Seen = Arc<Mutex<Vec<(f64, Option<f64>)>>>;

/// A client that records the progress it is sent.
#[derive(Debug, Clone, Default)]
struct Client {
    progress: Seen,
}

impl ClientHandler for Client {
    async fn on_progress(
        &self,
        params: ProgressNotificationParam,
        _: NotificationContext<RoleClient>,
    ) {
        if let Ok(mut seen) = self.progress.lock() {
            seen.push((params.progress, params.total));
        }
    }
}

fn serve(max_running: usize) -> tokio::io::DuplexStream {
    let (server_io, client_io) = tokio::io::duplex(64 * 1024);
    tokio::spawn(async move {
        let server = LongWork::new(Limits::new(max_running, job::DEADLINE));
        let running = server.serve(server_io).await.expect("server starts");
        let _ = running.waiting().await;
    });
    client_io
}

fn count(below: u64) -> CallToolRequestParams {
    let Value::Object(args) = json!({ "below": below }) else {
        unreachable!()
    };
    CallToolRequestParams::new("count_primes").with_arguments(args)
}

/// Starts `count_primes` with a progress token; the handle can cancel it.
async fn start(
    client: &RunningService<RoleClient, Client>,
    below: u64,
) -> RequestHandle<RoleClient> {
    client
        .send_cancellable_request(
            ClientRequest::CallToolRequest(Request::new(count(below))),
            PeerRequestOptions::no_options(),
        )
        .await
        .expect("request sent")
}

async fn result_of(handle: RequestHandle<RoleClient>) -> CallToolResult {
    match handle.await_response().await.expect("a response") {
        ServerResult::CallToolResult(result) => result,
        other => panic!("unexpected {other:?}"),
    }
}

async fn until_progress(client: &Client) {
    for _ in 0..500 {
        if client.progress.lock().is_ok_and(|p| !p.is_empty()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("no progress within 5 s");
}

fn text(result: &CallToolResult) -> String {
    result
        .content
        .iter()
        .filter_map(|c| c.as_text().map(|t| t.text.clone()))
        .collect()
}

#[tokio::test]
async fn reports_progress_then_the_count() {
    let handler = Client::default();
    let client = handler.clone().serve(serve(2)).await.expect("client");
    let result = result_of(start(&client, 1_000_000).await).await;
    assert_eq!(
        result.structured_content,
        Some(json!({"below": 1_000_000, "primes": 78_498}))
    );
    let seen = handler.progress.lock().expect("lock").clone();
    assert_eq!(
        seen,
        [
            (1.0, Some(4.0)),
            (2.0, Some(4.0)),
            (3.0, Some(4.0)),
            (4.0, Some(4.0))
        ]
    );
}

#[tokio::test]
async fn a_second_job_is_refused_while_the_only_place_is_taken_and_cancelling_frees_it() {
    let handler = Client::default();
    let client = handler.clone().serve(serve(1)).await.expect("client");
    let long = start(&client, job::MAX_BELOW).await;
    until_progress(&handler).await;
    let busy = client.call_tool(count(100)).await.expect("a tool result");
    assert_eq!(busy.is_error, Some(true));
    assert!(
        text(&busy).contains("busy: the server runs at most 1 jobs"),
        "{}",
        text(&busy)
    );

    long.cancel(Some("enough".into()))
        .await
        .expect("cancel sent");
    // The server stops the job at its next check (at most one chunk later) and frees its place.
    let mut freed = None;
    for _ in 0..200 {
        let result = client.call_tool(count(100)).await.expect("a tool result");
        if result.is_error != Some(true) {
            freed = Some(result);
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let freed = freed.expect("the place was not freed within 4 s of cancelling");
    assert_eq!(
        freed.structured_content,
        Some(json!({"below": 100, "primes": 25}))
    );
}

#[tokio::test]
async fn arguments_out_of_range_are_refused_naming_them() {
    let client = Client::default().serve(serve(2)).await.expect("client");
    for below in [0, job::MAX_BELOW + 1] {
        let result = client.call_tool(count(below)).await.expect("a tool result");
        assert_eq!(result.is_error, Some(true));
        assert!(
            text(&result).contains("`below` must be 2 to 50000000"),
            "{}",
            text(&result)
        );
    }
}

/// A client that declares the tasks extension.
fn tasks_client() -> ClientConfig {
    ClientConfig::new(
        ClientCapabilities::builder().enable_tasks().build(),
        Implementation::new("test", "0"),
    )
}

async fn final_task(
    client: &RunningService<RoleClient, ClientConfig>,
    id: &str,
) -> rmcp::model::DetailedTask {
    for _ in 0..500 {
        let info = client
            .peer()
            .get_task(GetTaskParams::new(id.to_owned()))
            .await
            .expect("tasks/get");
        if info.task.status().is_terminal() {
            return info.task;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("task {id} did not finish within 5 s");
}

#[tokio::test]
async fn as_a_task_it_answers_with_an_id_and_the_result_comes_from_tasks_get() {
    let client = tasks_client().serve(serve(2)).await.expect("client");
    let CallToolResponse::Task(created) =
        client.call_tool_once(count(100_000)).await.expect("call")
    else {
        panic!("expected a task")
    };
    let done = final_task(&client, &created.task.task_id).await;
    let TaskPayload::Completed { result } = done.payload else {
        panic!("expected completed, got {:?}", done.payload)
    };
    assert_eq!(
        result.get("structuredContent"),
        Some(&json!({"below": 100_000, "primes": 9592}))
    );
}

#[tokio::test]
async fn a_task_can_be_cancelled() {
    let client = tasks_client().serve(serve(2)).await.expect("client");
    let CallToolResponse::Task(created) = client
        .call_tool_once(count(job::MAX_BELOW))
        .await
        .expect("call")
    else {
        panic!("expected a task")
    };
    let id = created.task.task_id.clone();
    client
        .peer()
        .cancel_task(CancelTaskParams::new(id.clone()))
        .await
        .expect("tasks/cancel");
    assert_eq!(
        final_task(&client, &id).await.status(),
        TaskStatus::Cancelled
    );
}
