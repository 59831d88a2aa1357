//! The built binary on Streamable HTTP (`serve --transport http`, sessions or `--stateless`):
//! one process per run, one POST per message. JSON and SSE answers are both read; a 4xx/5xx
//! without a JSON-RPC body counts as a protocol error carrying its status and text.

use std::path::Path;
use std::process::Stdio;

use serde_json::{Value, json};
use tokio::process::{Child, Command};

use super::ANSWER_DEADLINE;

/// The server's default `max_body_bytes` (the runner's configuration keeps it).
const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;
use super::logs::Logs;
use super::wire::{Era, Wire, header_value};

pub(super) struct HttpConn {
    _child: Child,
    client: reqwest::Client,
    url: String,
    era: Era,
    session: Option<String>,
}

impl HttpConn {
    pub(super) async fn start(
        config: &Path,
        home: &Path,
        era: Era,
        stateless: bool,
        logs: &Logs,
        announced: &mut tokio::sync::mpsc::UnboundedReceiver<String>,
    ) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_odoo-mcp"));
        command
            .env_clear()
            .env("HOME", home)
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .args(["serve", "--transport", "http", "--listen", "127.0.0.1:0"])
            .arg("--config")
            .arg(config)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        if stateless {
            command.arg("--stateless");
        }
        let mut child = command.spawn().expect("odoo-mcp starts");
        logs.collect(child.stderr.take().expect("stderr"));
        let url = tokio::time::timeout(ANSWER_DEADLINE, announced.recv())
            .await
            .expect("the server announces its address")
            .expect("the server announces its address");
        // A fresh connection per request: after a refused oversized body the server closes
        // its connection, and a pooled one would fail the next entry for the client's sake.
        let client = reqwest::Client::builder()
            .timeout(ANSWER_DEADLINE)
            .pool_max_idle_per_host(0)
            .build()
            .expect("http client");
        let mut conn = Self {
            _child: child,
            client,
            url,
            era,
            session: None,
        };
        let replies = conn
            .exchange(&Wire::request(era.handshake(), era))
            .await
            .expect("handshake");
        assert!(
            replies
                .iter()
                .any(|r| r["id"] == "init" && r.get("result").is_some()),
            "{era:?} handshake over HTTP: {replies:?}"
        );
        if era == Era::Initialize {
            let initialized = json!({"jsonrpc": "2.0", "method": "notifications/initialized"});
            conn.exchange(&Wire::request(initialized, era))
                .await
                .expect("initialized");
        }
        conn
    }

    /// POSTs `wire`; returns the JSON-RPC messages of the answer. Err when the server does not
    /// answer in time, closes the connection, or answers success with something not JSON-RPC.
    pub(super) async fn exchange(&mut self, wire: &Wire) -> Result<Vec<Value>, String> {
        let mut request = self
            .client
            .post(&self.url)
            .header("content-type", "application/json")
            .header("accept", "application/json, text/event-stream")
            .body(wire.text.clone());
        if let Some(session) = &self.session {
            request = request.header("mcp-session-id", session);
        }
        let handshake = wire.method.as_deref() == Some("initialize");
        if !handshake {
            request = request.header("mcp-protocol-version", self.era.version());
        }
        if self.era == Era::Modern {
            if let Some(method) = &wire.method {
                request = request.header("mcp-method", header_value(method));
            }
            if let Some(name) = &wire.name {
                request = request.header("mcp-name", header_value(name));
            }
        }
        let response = match request.send().await {
            Ok(response) => response,
            Err(e) if e.is_timeout() => {
                return Err(format!("no answer within {ANSWER_DEADLINE:?} (hang)"));
            }
            // A body over the cap may be cut off while it is still being sent (the server
            // answers 413 and closes): clean, if the server still answers afterwards.
            Err(e) if wire.text.len() > MAX_BODY_BYTES => {
                let ping = self
                    .era
                    .shape(json!({"jsonrpc": "2.0", "id": "alive", "method": "ping"}));
                let alive = Box::pin(self.exchange(&Wire::request(ping, self.era))).await?;
                // Any answer proves it alive (2026-07-28 stateless servers refuse `ping`).
                if !alive.iter().any(|r| r["id"] == "alive") {
                    return Err(format!("after an oversized body ({e}), ping: {alive:?}"));
                }
                return Ok(vec![json!({"error": {"message": format!(
                    "the connection was closed while sending {} bytes (over the cap): {e}",
                    wire.text.len()
                )}})]);
            }
            Err(e) => return Err(format!("the request failed (crash?): {e}")),
        };
        let status = response.status();
        if handshake && let Some(session) = response.headers().get("mcp-session-id") {
            self.session = session.to_str().ok().map(str::to_owned);
        }
        let sse = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/event-stream"));
        let body = response
            .text()
            .await
            .map_err(|e| format!("reading the answer: {e}"))?;
        let messages = if sse {
            sse_messages(&body)?
        } else if body.trim().is_empty() {
            Vec::new()
        } else {
            match serde_json::from_str::<Value>(&body) {
                Ok(Value::Array(items)) => items,
                Ok(one) => vec![one],
                Err(_) if status.is_client_error() || status.is_server_error() => {
                    vec![json!({"error": {"http_status": status.as_u16(), "text": body}})]
                }
                Err(e) => return Err(format!("{status} with a non-JSON body ({e}): {body:.200}")),
            }
        };
        if status.is_server_error() {
            return Err(format!("{status}: {body:.300}"));
        }
        Ok(messages
            .into_iter()
            .filter(|m| m.get("method").is_none())
            .collect())
    }
}

/// The JSON messages of an SSE body (events without data, such as priming events, skipped).
fn sse_messages(body: &str) -> Result<Vec<Value>, String> {
    let mut messages = Vec::new();
    for event in body.split("\n\n") {
        let data: Vec<&str> = event
            .lines()
            .filter_map(|l| l.strip_prefix("data:"))
            .map(str::trim_start)
            .collect();
        let data = data.join("\n");
        if data.trim().is_empty() {
            continue;
        }
        let value = serde_json::from_str(&data)
            .map_err(|e| format!("an SSE event is not JSON ({e}): {data:.200}"))?;
        messages.push(value);
    }
    Ok(messages)
}
