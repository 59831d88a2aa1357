//! The binary's shell, as a user meets it: `tools`, `check`, `call`, `demo` and `serve` run as
//! processes against a simulated Odoo, and the HTTP app (`/healthz`, `/readyz`, Origin checks) called
//! without a socket.

use std::process::Stdio;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use odoo_mcp::config::ServerConfig;
use odoo_mcp::transport::http::{HttpState, router};
use odoo_mcp::{Instance, Instances, OdooServer, Policy};
use odoo_sim::SimHandle;
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::Command;
use tower::ServiceExt;

use crate::harness;

/// Generous bound for a process to finish: a hang fails the test instead of blocking CI.
const PROCESS_DEADLINE: Duration = Duration::from_secs(60);

/// The built binary with an empty environment: no user config, no RUST_LOG, no ODOO_*.
pub(crate) fn odoo_mcp() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_odoo-mcp"));
    cmd.env_clear()
        .env("HOME", std::env::temp_dir().join("odoo-mcp-it-no-home"))
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .stdin(Stdio::null())
        .kill_on_drop(true);
    cmd
}

/// `odoo_mcp()` with the single-instance variables pointing at `sim`.
pub(crate) fn odoo_mcp_on(sim: &SimHandle, api_key: &str) -> Command {
    let mut cmd = odoo_mcp();
    cmd.env("ODOO_URL", sim.url())
        .env("ODOO_DB", sim.database())
        .env("ODOO_USERNAME", "admin")
        .env("ODOO_API_KEY", api_key);
    cmd
}

pub(crate) struct Output {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

pub(crate) async fn run(cmd: &mut Command, args: &[&str]) -> Output {
    let out = tokio::time::timeout(PROCESS_DEADLINE, cmd.args(args).output())
        .await
        .expect("odoo-mcp finished in time")
        .expect("odoo-mcp runs");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn tool_names(stdout: &str) -> Vec<String> {
    let json: Value = serde_json::from_str(stdout).expect("`tools` prints JSON");
    json["tools"]
        .as_array()
        .expect("a tools array")
        .iter()
        .map(|t| {
            assert!(
                t["inputSchema"].is_object(),
                "every tool has an input schema: {t}"
            );
            t["name"].as_str().expect("a name").to_owned()
        })
        .collect()
}

#[tokio::test]
async fn tools_without_configuration_lists_the_demo_tools() {
    let out = run(&mut odoo_mcp(), &["tools"]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let names = tool_names(&out.stdout);
    for expected in [
        "search_records",
        "describe_model",
        "create_records",
        "call_method",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} missing from {names:?}"
        );
    }
}

#[tokio::test]
async fn tools_of_a_read_only_configuration_has_no_write_tools() {
    let mut cmd = odoo_mcp();
    cmd.env("ODOO_URL", "http://127.0.0.1:9")
        .env("ODOO_API_KEY", "never-sent");
    let out = run(&mut cmd, &["tools"]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let names = tool_names(&out.stdout);
    assert!(names.iter().any(|n| n == "search_records"));
    assert!(!names.iter().any(|n| n == "create_records"), "{names:?}");
}

#[tokio::test]
async fn check_reports_version_user_and_policy() {
    let sim = harness::sim().await;
    let out = run(&mut odoo_mcp_on(&sim, sim.admin_api_key()), &["check"]).await;
    assert_eq!(
        out.code, 0,
        "stdout: {}\nstderr: {}",
        out.stdout, out.stderr
    );
    assert!(
        out.stdout.contains("reachable: Odoo 19.0"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("uid 2, login admin"), "{}", out.stdout);
    assert!(out.stdout.contains("read-only"), "{}", out.stdout);
    assert!(
        !out.stdout.contains(sim.admin_api_key()),
        "the key is never printed"
    );
}

#[tokio::test]
async fn check_lists_the_tools_of_the_profile_and_what_the_credentials_cannot_do() {
    let sim = harness::sim().await;
    let out = run(&mut odoo_mcp_on(&sim, sim.admin_api_key()), &["check"]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let tools = out
        .stdout
        .lines()
        .find(|l| l.trim_start().starts_with("tools ("))
        .unwrap_or_default();
    assert!(
        tools.contains("(default: read, plus writes where allowed): list_models")
            && tools.contains("get_report")
            && !tools.contains("create_records"),
        "{tools}"
    );
    assert!(
        out.stdout.contains("⚠ get_report cannot print PDFs here")
            && out.stdout.contains("password"),
        "{}",
        out.stdout
    );
    let mut minimal = odoo_mcp_on(&sim, sim.admin_api_key());
    minimal.env("ODOO_MCP_TOOLS", "minimal");
    let out = run(&mut minimal, &["check"]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains(
            "tools (minimal): list_models, describe_model, search_records, count_records\n"
        ),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("get_report"), "{}", out.stdout);
}

#[tokio::test]
async fn check_warns_about_a_writable_instance_without_a_model_allow_list() {
    let sim = harness::sim().await;
    let mut cmd = odoo_mcp_on(&sim, sim.admin_api_key());
    cmd.env("ODOO_READ_ONLY", "false");
    let out = run(&mut cmd, &["check"]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("⚠") && out.stdout.contains("no allowed_models"),
        "{}",
        out.stdout
    );
}

#[tokio::test]
async fn check_warns_about_wildcard_methods_and_writes_without_confirmation() {
    let sim = harness::sim().await;
    let mut cmd = odoo_mcp_on(&sim, sim.admin_api_key());
    cmd.env("ODOO_ALLOWED_METHODS", "*")
        .env("ODOO_READ_ONLY", "false")
        .env("ODOO_ALLOWED_MODELS", "res.partner")
        .env("ODOO_CONFIRM_WRITES", "never");
    let out = run(&mut cmd, &["check"]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    for words in [
        "allowed_methods has patterns (`*`)",
        "confirm_writes = \"never\"",
    ] {
        assert!(out.stdout.contains(words), "{words}: {}", out.stdout);
    }
    assert!(!out.stdout.contains("no allowed_models"), "{}", out.stdout);
}

#[tokio::test]
async fn check_fails_with_advice_on_a_refused_key() {
    let sim = harness::sim().await;
    let out = run(&mut odoo_mcp_on(&sim, "not-the-key"), &["check"]).await;
    assert_eq!(
        out.code, 1,
        "stdout: {}\nstderr: {}",
        out.stdout, out.stderr
    );
    assert!(
        out.stdout.contains("ODOO_API_KEY is refused by"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("Preferences → Account Security"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("not-the-key") && !out.stderr.contains("not-the-key"));
}

#[tokio::test]
async fn check_fails_on_a_broken_configuration() {
    let mut cmd = odoo_mcp();
    cmd.env("ODOO_URL", "http://127.0.0.1:9");
    let out = run(&mut cmd, &["check"]).await;
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("ODOO_API_KEY: missing credentials"),
        "{}",
        out.stderr
    );
}

#[tokio::test]
async fn call_prints_structured_content_and_fails_on_tool_errors() {
    let sim = harness::sim().await;
    let out = run(
        &mut odoo_mcp_on(&sim, sim.admin_api_key()),
        &[
            "call",
            "count_records",
            "--args",
            r#"{"model": "res.partner"}"#,
        ],
    )
    .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: Value = serde_json::from_str(&out.stdout).expect("JSON on stdout");
    assert!(json["count"].as_u64().is_some_and(|n| n > 0), "{json}");

    let out = run(
        &mut odoo_mcp_on(&sim, sim.admin_api_key()),
        &[
            "call",
            "count_records",
            "--args",
            r#"{"model": "ir.config_parameter"}"#,
        ],
    )
    .await;
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(out.stderr.contains("built-in deny list"), "{}", out.stderr);
    assert!(out.stdout.is_empty());

    let out = run(
        &mut odoo_mcp_on(&sim, sim.admin_api_key()),
        &["call", "count_records", "--args", "[]"],
    )
    .await;
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("--args must be a JSON object"),
        "{}",
        out.stderr
    );
}

#[tokio::test]
async fn demo_prints_its_banner_on_stderr_and_nothing_on_stdout() {
    // stdin is /dev/null: the demo sees the client leave at once and exits.
    let out = run(&mut odoo_mcp(), &["demo"]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.is_empty(),
        "stdout is the protocol channel: {:?}",
        out.stdout
    );
    for expected in [
        "Simulated Odoo   http://127.0.0.1:",
        "`demo`",
        "waiting for an MCP client on stdin/stdout",
        "Claude Desktop",
        "Cursor",
        "@modelcontextprotocol/inspector",
        "--transport http",
        "Ctrl-C",
    ] {
        assert!(
            out.stderr.contains(expected),
            "banner lacks {expected:?}:\n{}",
            out.stderr
        );
    }
}

#[tokio::test]
async fn stdio_answers_and_exits_when_stdin_closes() {
    let sim = harness::sim().await;
    let mut child = odoo_mcp_on(&sim, sim.admin_api_key())
        .arg("serve")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("odoo-mcp starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let initialize = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"it","version":"1"}}}"#;
    stdin
        .write_all(format!("{initialize}\n").as_bytes())
        .await
        .expect("write");
    let line = tokio::time::timeout(PROCESS_DEADLINE, stdout.next_line())
        .await
        .expect("an answer in time")
        .expect("read")
        .expect("a line");
    let answer: Value = serde_json::from_str(&line).expect("stdout carries JSON-RPC only");
    assert_eq!(answer["id"], 1);
    assert_eq!(answer["result"]["serverInfo"]["name"], "odoo-mcp");
    drop(stdin);
    let status = tokio::time::timeout(PROCESS_DEADLINE, child.wait())
        .await
        .expect("odoo-mcp exits once stdin is closed")
        .expect("wait");
    assert!(status.success(), "{status:?}");
    assert!(
        stdout.next_line().await.expect("read").is_none(),
        "nothing after the answer"
    );
}

/// An MCP session's opening and one tool call, as JSON lines.
fn a_session_with_one_count() -> String {
    [
        r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"it","version":"1"}}}"#,
        r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
        r#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"count_records","arguments":{"model":"res.partner"}}}"#,
    ]
    .map(|line| format!("{line}\n"))
    .concat()
}

/// The answers' ids and whether the count came back as a number.
fn ids_and_count(stdout: &str) -> (Vec<i64>, bool) {
    let answers: Vec<Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("stdout carries JSON-RPC only"))
        .collect();
    let ids = answers.iter().filter_map(|a| a["id"].as_i64()).collect();
    let counted = answers
        .iter()
        .any(|a| a["id"] == 2 && a["result"]["structuredContent"]["count"].is_u64());
    (ids, counted)
}

#[tokio::test]
async fn stdio_serves_a_socket_pair_as_node_clients_give_one() {
    let sim = harness::sim().await;
    let (ours, theirs) = std::os::unix::net::UnixStream::pair().expect("socket pair");
    let theirs_too = theirs.try_clone().expect("dup");
    let mut child = odoo_mcp_on(&sim, sim.admin_api_key())
        .arg("serve")
        .stdin(std::os::fd::OwnedFd::from(theirs))
        .stdout(std::os::fd::OwnedFd::from(theirs_too))
        .stderr(Stdio::null())
        .spawn()
        .expect("odoo-mcp starts");
    ours.set_nonblocking(true).expect("non-blocking");
    let ours = tokio::net::UnixStream::from_std(ours).expect("tokio socket");
    let (reads, mut writes) = ours.into_split();
    writes
        .write_all(a_session_with_one_count().as_bytes())
        .await
        .expect("write");
    let mut lines = BufReader::new(reads).lines();
    let mut stdout = String::new();
    for _ in 0..2 {
        let line = tokio::time::timeout(PROCESS_DEADLINE, lines.next_line())
            .await
            .expect("an answer in time")
            .expect("read")
            .expect("a line");
        stdout.push_str(&line);
        stdout.push('\n');
    }
    assert_eq!(ids_and_count(&stdout), (vec![1, 2], true), "{stdout}");
    drop(writes);
    let status = tokio::time::timeout(PROCESS_DEADLINE, child.wait())
        .await
        .expect("odoo-mcp exits once its input ends")
        .expect("wait");
    assert!(status.success(), "{status:?}");
}

#[tokio::test]
async fn stdio_serves_requests_read_from_a_file() {
    let sim = harness::sim().await;
    let mut requests = tempfile::tempfile().expect("file");
    std::io::Write::write_all(&mut requests, a_session_with_one_count().as_bytes()).expect("write");
    std::io::Seek::rewind(&mut requests).expect("rewind");
    let out = tokio::time::timeout(
        PROCESS_DEADLINE,
        odoo_mcp_on(&sim, sim.admin_api_key())
            .arg("serve")
            .stdin(requests)
            .output(),
    )
    .await
    .expect("odoo-mcp finished in time")
    .expect("odoo-mcp runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(ids_and_count(&stdout), (vec![1, 2], true), "{stdout}");
    assert!(out.status.success(), "{:?}", out.status);
}

fn http_app(instances: Instances) -> axum::Router {
    router(
        HttpState::new(OdooServer::new(instances), &ServerConfig::default())
            .with_ready_cache_ttl(std::time::Duration::ZERO),
    )
}

async fn body_json(response: axum::response::Response) -> Value {
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .expect("body");
    serde_json::from_slice(&bytes).expect("JSON body")
}

#[tokio::test]
async fn readyz_reports_each_instance() {
    let sim = harness::sim().await;
    let up = harness::instance("up", &sim, Policy::builder("up"));
    let app = http_app(Instances::single(up));
    let response = app
        .oneshot(
            Request::get("/readyz")
                .header("host", "127.0.0.1")
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("response");
    assert_eq!(response.status(), StatusCode::OK);
    let json = body_json(response).await;
    assert_eq!(json["status"], "ok");
    assert_eq!(json["instances"]["up"]["reachable"], true);
    assert_eq!(json["instances"]["up"]["version"], "19.0");

    let up = harness::instance("up", &sim, Policy::builder("up"));
    let down_client = odoo_client::Client::builder("http://127.0.0.1:9")
        .api_key("k")
        .build()
        .expect("client builds");
    let down = Instance::new(
        "down",
        down_client,
        Policy::builder("down").build().expect("policy"),
    );
    let app = http_app(Instances::new(vec![up, down], "up").expect("instances"));
    let response = app
        .oneshot(
            Request::get("/readyz")
                .header("host", "localhost")
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("response");
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let json = body_json(response).await;
    assert_eq!(json["instances"]["up"]["reachable"], true);
    assert_eq!(json["instances"]["down"]["reachable"], false);
}

#[tokio::test]
async fn readyz_reuses_its_result_then_notices_an_instance_that_went_down() {
    let sim = harness::sim().await;
    let state = HttpState::new(
        OdooServer::new(Instances::single(harness::instance(
            "main",
            &sim,
            Policy::builder("main"),
        ))),
        &ServerConfig::default(),
    );
    let cached = router(state.clone());
    let fresh = router(state.with_ready_cache_ttl(std::time::Duration::ZERO));
    let get = |path: &str| {
        Request::get(path)
            .header("host", "127.0.0.1")
            .body(Body::empty())
            .expect("request")
    };
    let first = cached
        .clone()
        .oneshot(get("/readyz"))
        .await
        .expect("response");
    assert_eq!(first.status(), StatusCode::OK);
    sim.shutdown().await;
    // Within the cache period the result is reused: no Odoo call per request.
    let again = cached.oneshot(get("/readyz")).await.expect("response");
    assert_eq!(again.status(), StatusCode::OK);
    let second = fresh
        .clone()
        .oneshot(get("/readyz"))
        .await
        .expect("response");
    assert_eq!(second.status(), StatusCode::SERVICE_UNAVAILABLE);
    let json = body_json(second).await;
    assert_eq!(json["instances"]["main"]["reachable"], false);
    // Liveness does not depend on Odoo and names no instance.
    let live = fresh.oneshot(get("/healthz")).await.expect("response");
    assert_eq!(live.status(), StatusCode::OK);
    let json = body_json(live).await;
    assert_eq!(json, serde_json::json!({"status": "ok"}));
}

fn initialize_request(origin: Option<&str>, host: &str) -> Request<Body> {
    let mut request = Request::post("/mcp")
        .header("host", host)
        .header("content-type", "application/json")
        .header("accept", "application/json, text/event-stream");
    if let Some(origin) = origin {
        request = request.header("origin", origin);
    }
    request
        .body(Body::from(
            r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"it","version":"1"}}}"#,
        ))
        .expect("request")
}

#[tokio::test]
async fn mcp_endpoint_refuses_foreign_origins_and_hosts() {
    let sim = harness::sim().await;
    let app = http_app(Instances::single(harness::instance(
        "demo",
        &sim,
        Policy::builder("demo"),
    )));
    let ok = app
        .clone()
        .oneshot(initialize_request(None, "127.0.0.1:8787"))
        .await
        .expect("response");
    assert_eq!(ok.status(), StatusCode::OK);
    let local = app
        .clone()
        .oneshot(initialize_request(
            Some("http://localhost:6274"),
            "localhost:8787",
        ))
        .await
        .expect("response");
    assert_eq!(
        local.status(),
        StatusCode::OK,
        "the Inspector's local UI may connect"
    );
    let evil = app
        .clone()
        .oneshot(initialize_request(
            Some("https://evil.example"),
            "127.0.0.1:8787",
        ))
        .await
        .expect("response");
    assert_eq!(evil.status(), StatusCode::FORBIDDEN);
    let rebinding = app
        .oneshot(initialize_request(None, "evil.example"))
        .await
        .expect("response");
    assert_eq!(rebinding.status(), StatusCode::FORBIDDEN);
}

/// Serves the HTTP app on a free port with `config`; returns the URL, the shutdown trigger and
/// the serving task.
async fn serve_http(
    sim: &SimHandle,
    config: ServerConfig,
) -> (
    String,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<std::io::Result<odoo_mcp::transport::http::Stopped>>,
) {
    let instances = Instances::single(harness::instance("demo", sim, Policy::builder("demo")));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/mcp", listener.local_addr().expect("addr"));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let state = HttpState::new(OdooServer::new(instances), &config);
    let task = tokio::spawn(odoo_mcp::transport::http::run(
        listener,
        state,
        async move {
            let _ = stopped.await;
        },
    ));
    (url, stop, task)
}

pub(crate) async fn http_client(url: &str, era: harness::Era) -> harness::Client {
    use rmcp::ClientServiceExt;
    use rmcp::model::ProtocolVersion;
    let transport = rmcp::transport::StreamableHttpClientTransport::from_uri(url.to_owned());
    let mode = match era {
        harness::Era::Initialize => rmcp::ClientLifecycleMode::Initialize,
        harness::Era::Discover => rmcp::ClientLifecycleMode::Discover {
            preferred_versions: vec![ProtocolVersion::V_2026_07_28],
        },
    };
    harness::TestClient
        .serve_with_lifecycle(transport, mode)
        .await
        .expect("client connects over HTTP")
}

#[tokio::test]
async fn http_serves_both_protocol_eras_and_stops_on_shutdown() {
    let sim = harness::sim().await;
    for stateless in [false, true] {
        let config = ServerConfig {
            stateless,
            ..ServerConfig::default()
        };
        let (url, stop, task) = serve_http(&sim, config).await;
        let mut open_clients = Vec::new();
        for era in [harness::Era::Initialize, harness::Era::Discover] {
            let client = http_client(&url, era).await;
            let tools = client.list_all_tools().await.expect("tools/list");
            assert!(
                tools.iter().any(|t| t.name == "search_records"),
                "stateless={stateless} {era:?}"
            );
            let (count, _) = harness::ok(
                &client,
                "count_records",
                serde_json::json!({"model": "res.partner"}),
            )
            .await;
            assert!(
                count["count"].as_u64().is_some_and(|n| n > 0),
                "stateless={stateless} {era:?}"
            );
            open_clients.push(client);
        }
        // Sessions are still open while the server shuts down: run() must return anyway.
        stop.send(()).expect("server still running");
        let stopped = tokio::time::timeout(PROCESS_DEADLINE, task)
            .await
            .expect("run() returns after shutdown")
            .expect("task")
            .expect("served");
        assert_eq!(stopped, odoo_mcp::transport::http::Stopped::Drained);
        drop(open_clients);
    }
}

#[tokio::test]
async fn a_new_session_beyond_max_sessions_is_refused_with_retry_after() {
    let sim = harness::sim().await;
    let config = ServerConfig {
        max_sessions: 1,
        ..ServerConfig::default()
    };
    let app = router(HttpState::new(
        OdooServer::new(Instances::single(harness::instance(
            "main",
            &sim,
            Policy::builder("main"),
        ))),
        &config,
    ));
    let first = app
        .clone()
        .oneshot(initialize_request(None, "127.0.0.1"))
        .await
        .expect("response");
    assert_eq!(first.status(), StatusCode::OK);
    assert!(first.headers().contains_key("mcp-session-id"));
    let second = app
        .oneshot(initialize_request(None, "127.0.0.1"))
        .await
        .expect("response");
    assert_eq!(second.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        second.headers().get("retry-after").map(|v| v.as_bytes()),
        Some(&b"5"[..])
    );
    let json = body_json(second).await;
    assert!(
        json["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("too many open sessions")),
        "{json}"
    );
}

#[tokio::test]
async fn connections_beyond_max_connections_wait_until_one_closes() {
    let sim = harness::sim().await;
    let config = ServerConfig {
        max_connections: 1,
        ..ServerConfig::default()
    };
    let (url, stop, task) = serve_http(&sim, config).await;
    let healthz = url.replace("/mcp", "/healthz");
    let addr = url
        .trim_start_matches("http://")
        .trim_end_matches("/mcp")
        .to_owned();
    // A silent client holds the only connection slot.
    let holder = tokio::net::TcpStream::connect(&addr)
        .await
        .expect("connect");
    let http = reqwest::Client::new();
    let waiting = http
        .get(&healthz)
        .timeout(std::time::Duration::from_millis(500))
        .send()
        .await;
    assert!(
        waiting.is_err(),
        "a second connection was served beyond max_connections = 1: {waiting:?}"
    );
    drop(holder);
    let served = http
        .get(&healthz)
        .timeout(std::time::Duration::from_secs(10))
        .send()
        .await
        .expect("served once the slot is free");
    assert_eq!(served.status(), reqwest::StatusCode::OK);
    let _ = stop.send(());
    let stopped = task
        .await
        .expect("server task")
        .expect("server stops cleanly");
    assert_eq!(stopped, odoo_mcp::transport::http::Stopped::Drained);
}
