//! Named HTTP clients (`[server.clients.<name>]`) over a real socket: each client's token
//! selects its view (instances, tools, read-only, models) and its own Odoo user.

use std::path::PathBuf;

use odoo_mcp::audit::AuditLog;
use odoo_mcp::transport::http::{HttpState, run};
use odoo_mcp::{Config, Env, Instances, OdooServer};
use odoo_sim::SimHandle;
use rmcp::ServiceExt;
use rmcp::transport::StreamableHttpClientTransport;
use rmcp::transport::streamable_http_client::StreamableHttpClientTransportConfig;
use serde_json::json;

use crate::harness::{self, Client, tool_names};

pub(crate) const ADMIN_TOKEN: &str = "admin-token-0123456789abcdef";
pub(crate) const ALICE_TOKEN: &str = "alice-token-0123456789abcdef";
pub(crate) const READER_TOKEN: &str = "reader-token-0123456789abcdef";

/// A temporary directory removed on drop.
pub(crate) struct TempDir(pub(crate) PathBuf);

impl TempDir {
    pub(crate) fn new(tag: &str) -> Self {
        let n = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let dir = std::env::temp_dir().join(format!("odoo-mcp-{tag}-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        Self(dir)
    }

    pub(crate) fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, text).expect("write temp file");
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A config with instances `a` (writable) and `b` on `sim`, the admin on `MCP_AUTH_TOKEN`,
/// `alice` restricted to `a`, two tools and read-only, and `reader` logged in to Odoo as the
/// simulator's internal user. `extra` is appended to the file.
pub(crate) fn clients_config(sim: &SimHandle, dir: &TempDir, extra: &str) -> Config {
    dir.write("admin.key", sim.admin_api_key());
    dir.write("reader.key", odoo_sim::DEFAULT_READER_API_KEY);
    dir.write("alice.token", ALICE_TOKEN);
    let reader_digest = sha256_hex(READER_TOKEN);
    let text = format!(
        r#"
default_instance = "a"
[server]
{extra}
[server.clients.alice]
token_file = "alice.token"
instances = ["a"]
tools = ["search_records", "count_records", "create_*"]
read_only = true
denied_models = ["res.users"]

[server.clients.reader]
token_sha256 = "{reader_digest}"
[server.clients.reader.odoo.a]
api_key_file = "reader.key"

[instances.a]
url = "{url}"
database = "{db}"
api_key_file = "admin.key"
read_only = false
[instances.b]
url = "{url}"
database = "{db}"
api_key_file = "admin.key"
"#,
        url = sim.url(),
        db = sim.database(),
    );
    let path = dir.write("config.toml", &text);
    let env = Env::from_pairs([("MCP_AUTH_TOKEN", ADMIN_TOKEN)]);
    Config::load(Some(&path), &env).expect("config loads")
}

pub(crate) fn sha256_hex(text: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Serves `config` on a free port; returns the `/mcp` URL and the shutdown trigger.
pub(crate) async fn serve(config: &Config) -> (String, tokio::sync::oneshot::Sender<()>) {
    serve_with_audit(config, AuditLog::off()).await
}

/// Like [`serve`], writing audit lines to `audit`.
pub(crate) async fn serve_with_audit(
    config: &Config,
    audit: AuditLog,
) -> (String, tokio::sync::oneshot::Sender<()>) {
    let instances = Instances::from_config(config).expect("instances");
    let server = OdooServer::new(instances)
        .with_clients(config)
        .expect("client views")
        .with_audit(audit)
        .with_limits(&config.server);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/mcp", listener.local_addr().expect("addr"));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let state = HttpState::new(server, &config.server);
    tokio::spawn(run(listener, state, async move {
        let _ = stopped.await;
    }));
    (url, stop)
}

/// One raw Streamable HTTP POST as `token`, in `session` when given (the 2025-11-25 era).
pub(crate) fn post_mcp(
    http: &reqwest::Client,
    url: &str,
    token: &str,
    session: Option<&str>,
    body: serde_json::Value,
) -> impl Future<Output = reqwest::Result<reqwest::Response>> + use<> {
    let mut request = http
        .post(url)
        .bearer_auth(token)
        .header("accept", "application/json, text/event-stream")
        .json(&body);
    if let Some(session) = session {
        request = request
            .header("mcp-session-id", session)
            .header("mcp-protocol-version", "2025-11-25");
    }
    request.send()
}

/// Opens a session as `token` with a raw `initialize`: its id, or the refusal's status and body.
pub(crate) async fn open_session(
    http: &reqwest::Client,
    url: &str,
    token: &str,
) -> Result<String, (reqwest::StatusCode, serde_json::Value)> {
    let response = post_mcp(http, url, token, None, initialize_request())
        .await
        .expect("initialize answered");
    match response.headers().get("mcp-session-id") {
        Some(id) => Ok(id.to_str().expect("ASCII session id").to_owned()),
        None => {
            let status = response.status();
            let body = response.json().await.expect("a JSON body");
            Err((status, body))
        }
    }
}

/// The `initialize` request of a raw client in the 2025-11-25 era.
pub(crate) fn initialize_request() -> serde_json::Value {
    json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-11-25", "capabilities": {},
        "clientInfo": {"name": "t", "version": "1"}}})
}

/// An rmcp client over HTTP with `token`.
pub(crate) async fn connect(url: &str, token: &str) -> Client {
    let transport = StreamableHttpClientTransport::from_config(
        StreamableHttpClientTransportConfig::with_uri(url.to_owned()).auth_header(token),
    );
    harness::TestClient
        .serve(transport)
        .await
        .expect("client connects over HTTP")
}

#[tokio::test]
async fn a_restricted_client_sees_and_may_call_only_its_tools_and_instances() {
    let sim = harness::sim().await;
    let dir = TempDir::new("clients");
    let config = clients_config(&sim, &dir, "");
    let (url, _stop) = serve(&config).await;

    let admin = connect(&url, ADMIN_TOKEN).await;
    let all = tool_names(&admin).await;
    assert!(all.contains(&"create_records".to_owned()), "{all:?}");
    assert!(all.contains(&"read_records".to_owned()), "{all:?}");

    let alice = connect(&url, ALICE_TOKEN).await;
    assert_eq!(
        tool_names(&alice).await,
        ["count_records", "search_records"],
        "alice's globs, without the write tool a read-only client cannot use"
    );
    let (out, _) = harness::ok(&alice, "count_records", json!({"model": "res.partner"})).await;
    assert!(out["count"].as_u64().is_some_and(|n| n > 0), "{out}");

    let refused = harness::fails(
        &alice,
        "read_records",
        json!({"model": "res.partner", "ids": [1]}),
    )
    .await;
    assert!(
        refused.contains("not available to client `alice`"),
        "{refused}"
    );
    let refused = harness::fails(
        &alice,
        "create_records",
        json!({"model": "res.partner", "values": {"name": "X"}}),
    )
    .await;
    assert!(refused.contains("may not write"), "{refused}");
    let refused = harness::fails(
        &alice,
        "count_records",
        json!({"model": "res.partner", "instance": "b"}),
    )
    .await;
    assert!(refused.contains("unknown instance \"b\""), "{refused}");
    assert!(!refused.contains("configured instances: a, b"), "{refused}");
    let refused = harness::fails(&alice, "count_records", json!({"model": "res.users"})).await;
    assert!(refused.contains("client `alice`"), "{refused}");

    // The admin is not narrowed by alice's rules.
    let (out, _) = harness::ok(
        &admin,
        "count_records",
        json!({"model": "res.partner", "instance": "b"}),
    )
    .await;
    assert!(out["count"].as_u64().is_some_and(|n| n > 0), "{out}");
}

#[tokio::test]
async fn two_clients_mapped_to_two_odoo_users_see_what_odoo_lets_each_see() {
    let sim = harness::sim().await;
    let dir = TempDir::new("clients-users");
    let config = clients_config(&sim, &dir, "");
    let (url, _stop) = serve(&config).await;
    let admin = connect(&url, ADMIN_TOKEN).await;
    let reader = connect(&url, READER_TOKEN).await;

    let (out, _) = harness::ok(&admin, "count_records", json!({"model": "sale.order"})).await;
    assert!(out["count"].as_u64().is_some_and(|n| n > 0), "{out}");
    let denied = harness::fails(&reader, "count_records", json!({"model": "sale.order"})).await;
    assert!(denied.contains("Access denied by Odoo"), "{denied}");
    // Both still read what the reader may read.
    let (out, _) = harness::ok(&reader, "count_records", json!({"model": "res.partner"})).await;
    assert!(out["count"].as_u64().is_some_and(|n| n > 0), "{out}");
}

#[tokio::test]
async fn a_plain_token_in_the_config_is_refused_with_the_fix() {
    let dir = TempDir::new("clients-plain");
    let key = dir.write("k", "key");
    let path = dir.write(
        "config.toml",
        &format!(
            "[server.clients.alice]\ntoken = \"alice-token-0123456789\"\n\
             [instances.a]\nurl = \"http://127.0.0.1:1\"\napi_key_file = {key:?}\n"
        ),
    );
    let err = Config::load(Some(&path), &Env::default()).expect_err("plain token");
    let text = err.to_string();
    assert!(text.contains("server.clients.alice.token"), "{text}");
    assert!(text.contains("token_sha256"), "{text}");
    assert!(!text.contains("alice-token-0123456789"), "{text}");
}

#[tokio::test]
async fn a_confirmation_token_issued_to_one_client_is_refused_to_another() {
    let sim = harness::sim().await;
    let dir = TempDir::new("clients-confirm");
    let config = clients_config(&sim, &dir, "");
    let (url, _stop) = serve(&config).await;
    let admin = connect(&url, ADMIN_TOKEN).await;
    let reader = connect(&url, READER_TOKEN).await;
    let args = json!({"model": "res.partner", "ids": [1]});
    let first = harness::call(&admin, "delete_records", args.clone()).await;
    let token = first
        .structured_content
        .as_ref()
        .and_then(|s| s.pointer("/confirmation/token"))
        .and_then(serde_json::Value::as_str)
        .expect("a confirmation token")
        .to_owned();
    let mut confirmed = args;
    confirmed["confirm"] = json!(token);
    let refused = harness::fails(&reader, "delete_records", confirmed).await;
    assert!(refused.contains("nothing was written"), "{refused}");
}

#[tokio::test]
async fn a_session_answers_only_the_client_that_opened_it() {
    let sim = harness::sim().await;
    let dir = TempDir::new("clients-sessions");
    let config = clients_config(&sim, &dir, "");
    let (url, _stop) = serve(&config).await;
    let http = reqwest::Client::new();
    let send = |token: &str, session: Option<&str>, body: serde_json::Value| {
        post_mcp(&http, &url, token, session, body)
    };
    let session = open_session(&http, &url, ALICE_TOKEN)
        .await
        .expect("a session id");
    let initialized = json!({"jsonrpc": "2.0", "method": "notifications/initialized"});
    let own = send(ALICE_TOKEN, Some(&session), initialized.clone())
        .await
        .expect("response");
    assert!(own.status().is_success(), "{}", own.status());
    let stolen = send(READER_TOKEN, Some(&session), initialized)
        .await
        .expect("response");
    assert_eq!(stolen.status(), reqwest::StatusCode::NOT_FOUND);
}
