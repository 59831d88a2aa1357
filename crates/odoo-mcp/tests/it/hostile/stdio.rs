//! The built binary on stdio: one process per run, one line per message, and a `ping` after
//! each message so that "no answer" is told apart from "not yet".

use std::path::Path;
use std::process::Stdio;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};

use super::ANSWER_DEADLINE;
use super::logs::Logs;
use super::wire::{Era, Wire};

pub(super) struct StdioConn {
    _child: Child,
    stdin: ChildStdin,
    lines: Lines<BufReader<ChildStdout>>,
    era: Era,
    probes: u64,
}

impl StdioConn {
    pub(super) async fn start(config: &Path, home: &Path, era: Era, logs: &Logs) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_odoo-mcp"))
            .env_clear()
            .env("HOME", home)
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .arg("serve")
            .arg("--config")
            .arg(config)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("odoo-mcp starts");
        logs.collect(child.stderr.take().expect("stderr"));
        let stdin = child.stdin.take().expect("stdin");
        let lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let mut conn = Self {
            _child: child,
            stdin,
            lines,
            era,
            probes: 0,
        };
        let replies = conn
            .exchange(&Wire::request(era.handshake(), era))
            .await
            .expect("handshake");
        assert!(
            replies
                .iter()
                .any(|r| r["id"] == "init" && r.get("result").is_some()),
            "{era:?} handshake on stdio: {replies:?}"
        );
        if era == Era::Initialize {
            conn.send(r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)
                .await
                .expect("initialized");
        }
        conn
    }

    async fn send(&mut self, line: &str) -> Result<(), String> {
        let write = async {
            self.stdin.write_all(line.as_bytes()).await?;
            self.stdin.write_all(b"\n").await?;
            self.stdin.flush().await
        };
        tokio::time::timeout(ANSWER_DEADLINE, write)
            .await
            .map_err(|_| "the server reads no input (hang)".to_owned())?
            .map_err(|e| format!("write: {e}"))
    }

    /// Sends `wire`, then a `ping`; returns every message received until the ping is answered
    /// and, when the message has an id, its answer (or an error with a null id) arrived.
    /// Err when the server dies, hangs or writes something that is not JSON.
    pub(super) async fn exchange(&mut self, wire: &Wire) -> Result<Vec<Value>, String> {
        self.send(&wire.text).await?;
        self.probes += 1;
        let probe = json!(format!("probe-{}", self.probes));
        let ping = self
            .era
            .shape(json!({"jsonrpc": "2.0", "id": probe, "method": "ping"}));
        self.send(&ping.to_string()).await?;
        let mut replies = Vec::new();
        let (mut probed, mut answered) = (false, wire.id.is_none());
        while !(probed && answered) {
            let next = tokio::time::timeout(ANSWER_DEADLINE, self.lines.next_line())
                .await
                .map_err(|_| format!("no answer within {ANSWER_DEADLINE:?} (hang)"))?
                .map_err(|e| format!("read: {e}"))?
                .ok_or_else(|| "the server closed stdout (crash or exit)".to_owned())?;
            let value: Value = serde_json::from_str(&next)
                .map_err(|e| format!("stdout carries non-JSON ({e}): {next:.200}"))?;
            if value["id"] == probe {
                probed = true;
                continue;
            }
            if value.get("method").is_some() {
                continue; // a notification or request from the server
            }
            if wire.id.as_ref().is_some_and(|id| value["id"] == *id)
                || (value["id"].is_null() && value.get("error").is_some())
            {
                answered = true;
            }
            replies.push(value);
        }
        Ok(replies)
    }
}
