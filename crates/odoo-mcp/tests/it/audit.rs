//! The audit log over HTTP: one JSON line per tool call (refused and failed writes included)
//! and per refused request, without secrets.

use std::io::Write;
use std::sync::{Arc, Mutex};

use odoo_mcp::audit::AuditLog;
use serde_json::{Value, json};

use crate::clients::{
    ADMIN_TOKEN, ALICE_TOKEN, READER_TOKEN, TempDir, clients_config, connect, serve_with_audit,
};
use crate::harness;

/// An in-memory audit sink the test reads back.
#[derive(Clone, Default)]
pub(crate) struct Lines(Arc<Mutex<Vec<u8>>>);

impl Write for Lines {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Lines {
    pub(crate) fn text(&self) -> String {
        String::from_utf8(self.0.lock().expect("lock").clone()).expect("UTF-8")
    }

    pub(crate) fn parsed(&self) -> Vec<Value> {
        self.text()
            .lines()
            .map(|l| serde_json::from_str(l).expect("each line is JSON"))
            .collect()
    }
}

fn find<'a>(lines: &'a [Value], tool: &str, client: &str) -> Vec<&'a Value> {
    lines
        .iter()
        .filter(|l| l["tool"] == tool && l["client"] == client)
        .collect()
}

#[tokio::test]
async fn every_call_and_every_write_attempt_gets_one_line_without_secrets() {
    let sim = harness::sim().await;
    let dir = TempDir::new("audit");
    let config = clients_config(&sim, &dir, "");
    let lines = Lines::default();
    let (url, _stop) =
        serve_with_audit(&config, AuditLog::to_writer(Box::new(lines.clone()), false)).await;
    let admin = connect(&url, ADMIN_TOKEN).await;
    let alice = connect(&url, ALICE_TOKEN).await;

    harness::ok(&alice, "count_records", json!({"model": "res.partner"})).await;
    harness::fails(
        &alice,
        "read_records",
        json!({"model": "res.partner", "ids": [1]}),
    )
    .await;
    harness::fails(
        &alice,
        "count_records",
        json!({"model": "res.partner", "instance": "b"}),
    )
    .await;
    let (created, _) = harness::ok(
        &admin,
        "create_records",
        json!({"model": "res.partner", "records": [{"name": "Audit Co", "comment": "hunter2"}]}),
    )
    .await;
    harness::fails(
        &admin,
        "create_records",
        json!({"model": "res.partner", "records": [{"name": false}]}),
    )
    .await;
    harness::fails(
        &admin,
        "update_records",
        json!({"model": "res.partner", "ids": [1], "values": {"name": "X"}, "instance": "b"}),
    )
    .await;
    let wrong = reqwest::Client::new()
        .post(&url)
        .bearer_auth("not-a-token-0123456789")
        .json(&json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}))
        .send()
        .await
        .expect("response");
    assert_eq!(wrong.status(), reqwest::StatusCode::UNAUTHORIZED);

    let parsed = lines.parsed();
    let one = |tool: &str, client: &str| {
        let found = find(&parsed, tool, client);
        assert_eq!(found.len(), 1, "{tool} by {client}: {found:?}");
        found[0].clone()
    };
    let counts = find(&parsed, "count_records", "alice");
    assert_eq!(counts.len(), 2, "{counts:?}");
    assert_eq!(counts[1]["outcome"], "refused:instances");
    let ok = counts[0];
    assert_eq!(ok["outcome"], "ok");
    assert_eq!(ok["access"], "read");
    assert_eq!(ok["instance"], "a");
    assert_eq!(ok["model"], "res.partner");
    assert!(ok["records"].as_u64().is_some_and(|n| n > 0), "{ok}");
    assert!(ok["duration_ms"].is_u64(), "{ok}");
    assert!(
        ok["time"].as_str().is_some_and(|t| t.ends_with('Z')),
        "{ok}"
    );
    assert_eq!(one("read_records", "alice")["outcome"], "refused:tools");

    let writes = find(&parsed, "create_records", "default");
    assert_eq!(writes.len(), 2, "{writes:?}");
    assert_eq!(writes[0]["access"], "write");
    assert_eq!(writes[0]["outcome"], "ok");
    assert_eq!(writes[0]["ids"], created["ids"]);
    assert_ne!(writes[1]["outcome"], "ok", "{:?}", writes[1]);
    assert_eq!(
        one("update_records", "default")["outcome"],
        "refused:read_only"
    );

    let refused: Vec<&Value> = parsed
        .iter()
        .filter(|l| l["event"] == "request_refused")
        .collect();
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0]["outcome"], "refused:auth");

    let text = lines.text();
    for secret in [
        ADMIN_TOKEN,
        ALICE_TOKEN,
        READER_TOKEN,
        "not-a-token",
        "hunter2",
        "Audit Co",
    ] {
        assert!(!text.contains(secret), "{secret} in the audit log");
    }
    assert!(!text.contains(odoo_sim::DEFAULT_READER_API_KEY));
    assert!(!text.contains(sim.admin_api_key()));
}
