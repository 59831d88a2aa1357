//! Hostile use of the MCP tasks methods (`tasks/get`, `tasks/update`, `tasks/cancel`, and the
//! `tasks/result` / `tasks/list` of older drafts) over stdio (the built binary, raw JSON lines)
//! and HTTP (sessions and stateless, two authenticated clients): forged, huge and mistyped
//! ids, ids of another client's task, calls before and after completion and after a cancel.
//! Each gets a clean JSON-RPC error naming the problem, never another client's task, and the
//! server keeps serving.

use std::process::Stdio;
use std::time::Duration;

use odoo_mcp::transport::http::{HttpState, run};
use odoo_mcp::{Instances, OdooServer};
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CancelTaskParams, GetTaskParams, ProtocolVersion,
    ReadResourceRequestParams, TaskPayload,
};
use rmcp::service::{RoleClient, RunningService};
use rmcp::transport::StreamableHttpClientTransport;
use rmcp::transport::streamable_http_client::StreamableHttpClientTransportConfig;
use rmcp::{ClientLifecycleMode, ClientServiceExt};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdin, ChildStdout};

use crate::clients::{ADMIN_TOKEN, READER_TOKEN, TempDir, clients_config};
use crate::harness;
use crate::shell::odoo_mcp_on;

/// How long one answer may take.
const DEADLINE: Duration = Duration::from_secs(30);

/// A client on a raw JSON-lines pipe to the built binary (stdio).
pub(crate) struct RawStdio {
    _child: Child,
    stdin: ChildStdin,
    stdout: Lines<BufReader<ChildStdout>>,
    next_id: i64,
}

impl RawStdio {
    /// Starts `odoo-mcp serve` on `sim` and initializes with `capabilities`.
    pub(crate) async fn start(sim: &odoo_sim::SimHandle, capabilities: Value) -> Self {
        let mut child = odoo_mcp_on(sim, sim.admin_api_key())
            .arg("serve")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("odoo-mcp starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let mut raw = Self {
            _child: child,
            stdin,
            stdout,
            next_id: 0,
        };
        let init = raw
            .request(
                "initialize",
                json!({"protocolVersion": "2025-11-25", "capabilities": capabilities,
                       "clientInfo": {"name": "hostile", "version": "1"}}),
            )
            .await;
        assert!(init.get("result").is_some(), "{init}");
        raw.send_line(r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)
            .await;
        raw
    }

    pub(crate) async fn send_line(&mut self, line: &str) {
        self.stdin
            .write_all(format!("{line}\n").as_bytes())
            .await
            .expect("write stdin");
    }

    /// Sends `method` with `params` (any JSON, well-formed or not) and returns the answer.
    pub(crate) async fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let line = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        self.send_line(&line.to_string()).await;
        self.answer(id).await
    }

    /// The answer with `id` (notifications in between are skipped); the raw line is kept in
    /// `"_line_bytes"` for size checks.
    pub(crate) async fn answer(&mut self, id: i64) -> Value {
        loop {
            let line = tokio::time::timeout(DEADLINE, self.stdout.next_line())
                .await
                .expect("an answer in time")
                .expect("read stdout")
                .expect("the server is still running");
            let mut message: Value =
                serde_json::from_str(&line).expect("stdout carries JSON-RPC only");
            if message["id"] == id {
                message["_line_bytes"] = json!(line.len());
                return message;
            }
        }
    }

    /// A normal call still works.
    pub(crate) async fn still_serves(&mut self) {
        let listed = self.request("tools/list", json!({})).await;
        assert!(
            listed["result"]["tools"]
                .as_array()
                .is_some_and(|t| !t.is_empty()),
            "{listed}"
        );
    }
}

/// The JSON-RPC error of `answer` (code, message); panics on a result.
fn error_of(answer: &Value) -> (i64, String) {
    let error = answer
        .get("error")
        .unwrap_or_else(|| panic!("expected an error, got {answer}"));
    (
        error["code"].as_i64().expect("an error code"),
        error["message"].as_str().expect("a message").to_owned(),
    )
}

const TASKS: &str = "io.modelcontextprotocol/tasks";

#[tokio::test]
async fn stdio_task_methods_refuse_forged_huge_and_mistyped_ids_and_keep_serving() {
    let sim = harness::sim().await;
    let mut raw = RawStdio::start(&sim, json!({"extensions": {TASKS: {}}})).await;
    let started = raw
        .request(
            "tools/call",
            json!({"name": "export_records", "arguments": {"model": "res.partner", "fields": ["name"]}}),
        )
        .await;
    assert_eq!(started["result"]["resultType"], "task", "{started}");
    let id = started["result"]["taskId"]
        .as_str()
        .expect("a task id")
        .to_owned();

    // Ids that are not a task of ours: one clean "unknown task" error each.
    let forged = "123e4567-e89b-42d3-a456-426614174000".to_owned();
    let huge = "f".repeat(200_000);
    let nasty = "id\u{1b}[2J\r\n{\"jsonrpc\":\"2.0\"}".to_owned();
    for bad in [&forged, &huge, &nasty, &String::new()] {
        for method in ["tasks/get", "tasks/cancel"] {
            let answer = raw.request(method, json!({"taskId": bad})).await;
            let (code, message) = error_of(&answer);
            assert_eq!(code, -32602, "{method}: {message}");
            assert!(message.contains("unknown task"), "{method}: {message}");
            assert!(
                answer["_line_bytes"].as_u64().is_some_and(|n| n < 1024),
                "{method} echoed a huge id: {} bytes",
                answer["_line_bytes"]
            );
            assert!(!message.contains('\u{1b}'), "{message:?}");
        }
        let answer = raw
            .request(
                "tasks/update",
                json!({"taskId": bad, "inputResponses": {"k": {"action": "accept"}}}),
            )
            .await;
        assert!(error_of(&answer).1.contains("unknown task"), "{answer}");
    }
    // Wrong types and shapes: a JSON-RPC error, not a crash.
    for params in [
        json!({"taskId": 42}),
        json!({"taskId": null}),
        json!({"taskId": [id.clone()]}),
        json!({"taskId": {"id": id.clone()}}),
        json!({}),
        json!("just a string"),
        json!([id.clone()]),
    ] {
        for method in ["tasks/get", "tasks/cancel"] {
            let answer = raw.request(method, params.clone()).await;
            let (code, message) = error_of(&answer);
            assert!(
                [-32602, -32600].contains(&code),
                "{method} {params}: {code} {message}"
            );
        }
    }
    let answer = raw
        .request("tasks/update", json!({"taskId": id, "inputResponses": []}))
        .await;
    assert!(answer.get("error").is_some(), "{answer}");
    // Methods of older drafts do not exist here.
    for method in ["tasks/result", "tasks/list"] {
        let answer = raw.request(method, json!({"taskId": id})).await;
        assert_eq!(error_of(&answer).0, -32601, "{method}: {answer}");
    }
    // Answers to questions never asked are ignored; the task runs on.
    let answer = raw
        .request(
            "tasks/update",
            json!({"taskId": id, "inputResponses": {"approval": {"action": "accept", "content": {"approve": true}}}}),
        )
        .await;
    assert!(answer.get("result").is_some(), "{answer}");

    // The real task completed with its result, unaffected by any of the above.
    let done = poll_raw(&mut raw, &id).await;
    assert_eq!(done["result"]["status"], "completed", "{done}");
    let link = done["result"]["result"]["structuredContent"]["uri"].clone();
    assert!(
        link.as_str().is_some_and(|u| u.contains("/export/")),
        "{done}"
    );
    // A cancel after completion changes nothing.
    let cancelled = raw.request("tasks/cancel", json!({"taskId": id})).await;
    assert!(cancelled.get("result").is_some(), "{cancelled}");
    let again = raw.request("tasks/get", json!({"taskId": id})).await;
    assert_eq!(again["result"]["status"], "completed", "{again}");
    assert_eq!(again["result"]["result"]["structuredContent"]["uri"], link);
    raw.still_serves().await;
}

#[tokio::test]
async fn stdio_a_client_without_the_tasks_extension_is_told_to_declare_it() {
    let sim = harness::sim().await;
    let mut raw = RawStdio::start(&sim, json!({})).await;
    let answer = raw
        .request(
            "tasks/get",
            json!({"taskId": "123e4567-e89b-42d3-a456-426614174000"}),
        )
        .await;
    let (code, message) = error_of(&answer);
    assert_ne!(code, -32603, "not an internal error: {message}");
    assert!(
        answer.to_string().contains(TASKS),
        "names the capability: {answer}"
    );
    raw.still_serves().await;
}

async fn poll_raw(raw: &mut RawStdio, id: &str) -> Value {
    for _ in 0..600 {
        let answer = raw.request("tasks/get", json!({"taskId": id})).await;
        let status = answer["result"]["status"].as_str().unwrap_or_default();
        if ["completed", "failed", "cancelled"].contains(&status) {
            return answer;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("task {id} did not finish");
}

use crate::export_tasks::TaskClient;

type Client = RunningService<RoleClient, TaskClient>;

async fn connect(url: &str, token: &str, era: harness::Era) -> Client {
    let transport = StreamableHttpClientTransport::from_config(
        StreamableHttpClientTransportConfig::with_uri(url.to_owned()).auth_header(token),
    );
    let mode = match era {
        harness::Era::Initialize => ClientLifecycleMode::Initialize,
        harness::Era::Discover => ClientLifecycleMode::Discover {
            preferred_versions: vec![ProtocolVersion::V_2026_07_28],
        },
    };
    TaskClient
        .serve_with_lifecycle(transport, mode)
        .await
        .expect("client connects over HTTP")
}

async fn start_export(client: &Client) -> String {
    let Value::Object(args) = json!({"model": "res.partner", "fields": ["name"]}) else {
        unreachable!()
    };
    match client
        .call_tool_once(CallToolRequestParams::new("export_records").with_arguments(args))
        .await
        .expect("tools/call")
    {
        CallToolResponse::Task(created) => created.task.task_id,
        other => panic!("expected a task, got {other:?}"),
    }
}

#[tokio::test]
async fn over_http_a_client_never_sees_or_cancels_another_clients_task() {
    let sim = harness::sim().await;
    for (extra, era) in [
        ("", harness::Era::Initialize),
        ("stateless = true", harness::Era::Discover),
    ] {
        let dir = TempDir::new("hostile-tasks");
        let config = clients_config(&sim, &dir, extra);
        let (url, _stop) = crate::clients::serve(&config).await;
        let admin = connect(&url, ADMIN_TOKEN, era).await;
        let reader = connect(&url, READER_TOKEN, era).await;
        // Slow pages, so the task is still running while the other client tries.
        sim.faults().set_latency(Duration::from_millis(30));
        let id = start_export(&admin).await;
        let peeked = reader
            .peer()
            .get_task(GetTaskParams::new(id.clone()))
            .await
            .expect_err("another client's task");
        assert!(peeked.to_string().contains("unknown task"), "{peeked}");
        assert!(
            !peeked.to_string().contains("res.partner"),
            "nothing of the task leaks: {peeked}"
        );
        reader
            .peer()
            .cancel_task(CancelTaskParams::new(id.clone()))
            .await
            .expect_err("cannot cancel another client's task");
        sim.faults().clear();
        // The owner's task was not cancelled and completes.
        let mut task = None;
        for _ in 0..600 {
            let got = admin
                .peer()
                .get_task(GetTaskParams::new(id.clone()))
                .await
                .expect("own task")
                .task;
            if got.status().is_terminal() {
                task = Some(got);
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let task = task.expect("the task finished");
        let TaskPayload::Completed { result } = task.payload else {
            panic!("{extra}: expected completed, got {:?}", task.payload)
        };
        // The export it made is the owner's too: its URI is no use to the other client.
        let uri = result["structuredContent"]["uri"]
            .as_str()
            .expect("the export's URI")
            .to_owned();
        assert!(
            admin
                .read_resource(ReadResourceRequestParams::new(uri.clone()))
                .await
                .is_ok()
        );
        let stolen = reader
            .read_resource(ReadResourceRequestParams::new(uri.clone()))
            .await
            .expect_err("another client's export");
        assert!(stolen.to_string().contains("no such export"), "{stolen}");
        // Finished, it stays the owner's alone; the other client still works.
        assert!(
            reader
                .peer()
                .get_task(GetTaskParams::new(id.clone()))
                .await
                .is_err()
        );
        assert!(
            !harness::call(&reader, "count_records", json!({"model": "res.partner"}))
                .await
                .is_error
                .unwrap_or(false)
        );
    }
}

#[tokio::test]
async fn an_oauth_subject_named_like_a_configured_client_is_another_owner() {
    use odoo_mcp::config::{AuthConfig, ServerConfig};

    const ALICE_STATIC: &str = "alice-static-token-0123456789abcdef";
    let sim = harness::sim().await;
    let key = crate::oauth::Key::new("k1");
    let issuer = crate::oauth::issuer(&key).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/mcp", listener.local_addr().expect("addr"));
    let auth = AuthConfig {
        clients: vec![crate::oauth::static_client("alice", ALICE_STATIC)],
        oauth: Some(crate::oauth::oauth_config(
            issuer.clone(),
            url.clone(),
            None,
        )),
        ..AuthConfig::default()
    };
    let config = ServerConfig {
        auth,
        ..ServerConfig::default()
    };
    let instances = Instances::single(harness::instance(
        "demo",
        &sim,
        odoo_mcp::Policy::builder("demo"),
    ));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(run(
        listener,
        HttpState::new(OdooServer::new(instances), &config),
        async move {
            let _ = stopped.await;
        },
    ));
    let now = jsonwebtoken::get_current_timestamp();
    let jwt = key.sign(
        &json!({"iss": issuer, "aud": url, "sub": "alice", "client_id": "it",
        "iat": now, "exp": now + 300, "scope": "odoo.read"}),
    );

    let configured = connect(&url, ALICE_STATIC, harness::Era::Initialize).await;
    let subject = connect(&url, &jwt, harness::Era::Initialize).await;
    sim.faults().set_latency(Duration::from_millis(30));
    let id = start_export(&configured).await;
    let refused = subject
        .peer()
        .get_task(GetTaskParams::new(id.clone()))
        .await
        .expect_err("the configured client's task");
    assert!(refused.to_string().contains("unknown task"), "{refused}");
    assert!(
        subject
            .peer()
            .cancel_task(CancelTaskParams::new(id.clone()))
            .await
            .is_err()
    );
    sim.faults().clear();
    assert!(
        configured
            .peer()
            .get_task(GetTaskParams::new(id))
            .await
            .is_ok(),
        "the owner still sees it"
    );
    // The same for sessions: the configured client's session is not the subject's.
    let http = reqwest::Client::new();
    let post = |token: &str, session: Option<&str>, body: serde_json::Value| {
        crate::clients::post_mcp(&http, &url, token, session, body)
    };
    let session = crate::clients::open_session(&http, &url, ALICE_STATIC)
        .await
        .expect("a session id");
    let initialized = json!({"jsonrpc": "2.0", "method": "notifications/initialized"});
    let stolen = post(&jwt, Some(&session), initialized.clone())
        .await
        .expect("response");
    assert_eq!(stolen.status(), reqwest::StatusCode::NOT_FOUND);
    let own = post(ALICE_STATIC, Some(&session), initialized)
        .await
        .expect("response");
    assert!(own.status().is_success(), "{}", own.status());
    drop(stop);
}
