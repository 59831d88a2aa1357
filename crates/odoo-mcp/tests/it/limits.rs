//! Limits over HTTP: the per-client rate limit (429 + Retry-After), the header-read timeout
//! (slow-loris) and the tool-call timeout (a timed-out write is "outcome unknown", not
//! retried).

use std::time::Duration;

use odoo_mcp::audit::AuditLog;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::audit::Lines;
use crate::clients::{
    ADMIN_TOKEN, ALICE_TOKEN, TempDir, clients_config, connect, serve_with_audit,
};
use crate::harness;

async fn post(url: &str, token: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(url)
        .bearer_auth(token)
        .header("accept", "application/json, text/event-stream")
        .json(&json!({"jsonrpc": "2.0", "id": 1, "method": "ping"}))
        .send()
        .await
        .expect("response")
}

#[tokio::test]
async fn a_client_over_its_rate_gets_429_with_retry_after_and_others_do_not() {
    let sim = harness::sim().await;
    let dir = TempDir::new("rate");
    let config = clients_config(
        &sim,
        &dir,
        "rate_limit_per_minute = 6\nrate_limit_burst = 3",
    );
    let lines = Lines::default();
    let (url, _stop) =
        serve_with_audit(&config, AuditLog::to_writer(Box::new(lines.clone()), false)).await;
    for _ in 0..3 {
        assert_ne!(post(&url, ALICE_TOKEN).await.status(), 429);
    }
    let limited = post(&url, ALICE_TOKEN).await;
    assert_eq!(limited.status(), 429);
    let retry: u64 = limited
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After in seconds");
    assert!((1..=10).contains(&retry), "{retry}");
    assert_ne!(
        post(&url, ADMIN_TOKEN).await.status(),
        429,
        "the admin has its own bucket"
    );
    let refused: Vec<_> = lines
        .parsed()
        .into_iter()
        .filter(|l| l["outcome"] == "refused:rate_limit")
        .collect();
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0]["client"], "alice");
}

#[tokio::test]
async fn a_connection_that_sends_no_complete_headers_is_closed() {
    let sim = harness::sim().await;
    let dir = TempDir::new("slowloris");
    let config = clients_config(&sim, &dir, "header_timeout_seconds = 1");
    let (url, _stop) = serve_with_audit(&config, AuditLog::off()).await;
    let addr = url
        .trim_start_matches("http://")
        .trim_end_matches("/mcp")
        .to_owned();
    let mut slow = tokio::net::TcpStream::connect(&addr)
        .await
        .expect("connect");
    slow.write_all(b"POST /mcp HTTP/1.1\r\nHost: localhost\r\n")
        .await
        .expect("partial headers");
    let mut idle = tokio::net::TcpStream::connect(&addr)
        .await
        .expect("connect");
    for stream in [&mut slow, &mut idle] {
        let mut buf = [0u8; 512];
        let read = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buf))
            .await
            .expect("the server closes the connection within the header timeout");
        // Closed (0 bytes, or a reset), or answered with 408 and then closed.
        if let Ok(n) = read
            && n > 0
        {
            assert!(buf.starts_with(b"HTTP/1.1 408"), "{:?}", &buf[..n]);
        }
    }
}

#[tokio::test]
async fn a_write_that_times_out_is_outcome_unknown_and_not_retried() {
    let sim = harness::sim().await;
    let dir = TempDir::new("tool-timeout");
    let config = clients_config(&sim, &dir, "tool_timeout_seconds = 5");
    let lines = Lines::default();
    let (url, _stop) =
        serve_with_audit(&config, AuditLog::to_writer(Box::new(lines.clone()), false)).await;
    let admin = connect(&url, ADMIN_TOKEN).await;
    // Warm up (version detection, field metadata) so that only the hang can time out.
    harness::ok(&admin, "describe_model", json!({"model": "res.partner"})).await;
    let args = json!({"model": "res.partner", "records": [{"name": "Slow Co"}]});
    harness::ok(&admin, "create_records", args.clone()).await;
    let before = sim.request_count("res.partner", "create");
    sim.faults().hang_next(1);
    let message = harness::fails(&admin, "create_records", args).await;
    assert!(
        message.contains("may or may not have been applied"),
        "{message}"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        sim.request_count("res.partner", "create"),
        before + 1,
        "sent once, never retried"
    );
    let outcomes: Vec<String> = lines
        .parsed()
        .iter()
        .filter(|l| l["tool"] == "create_records")
        .map(|l| l["outcome"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(outcomes, ["ok", "outcome_unknown"]);
}

#[tokio::test]
async fn metrics_need_a_token_and_count_calls_sessions_and_refusals() {
    let sim = harness::sim().await;
    let dir = TempDir::new("metrics");
    let config = clients_config(
        &sim,
        &dir,
        "rate_limit_per_minute = 6\nrate_limit_burst = 10",
    );
    let (url, _stop) = serve_with_audit(&config, AuditLog::off()).await;
    let metrics_url = url.replace("/mcp", "/metrics");
    let anonymous = reqwest::get(&metrics_url).await.expect("response");
    assert_eq!(anonymous.status(), 401);

    let alice = connect(&url, ALICE_TOKEN).await;
    harness::ok(&alice, "count_records", json!({"model": "res.partner"})).await;
    harness::fails(
        &alice,
        "read_records",
        json!({"model": "res.partner", "ids": [1]}),
    )
    .await;
    while post(&url, ALICE_TOKEN).await.status() != 429 {}

    let text = reqwest::Client::new()
        .get(&metrics_url)
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .expect("response")
        .text()
        .await
        .expect("body");
    for expected in [
        r#"odoo_mcp_tool_calls_total{tool="count_records",outcome="ok"} 1"#,
        r#"odoo_mcp_tool_calls_total{tool="read_records",outcome="refused:tools"} 1"#,
        r#"odoo_mcp_tool_call_duration_seconds_count{tool="count_records"} 1"#,
        r#"odoo_mcp_rate_limited_total{client="alice"} 1"#,
        "odoo_mcp_sessions 1",
    ] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }
    drop(alice);
}

#[tokio::test]
async fn a_call_beyond_the_clients_concurrency_waits_its_turn_and_others_go_on() {
    let sim = harness::sim().await;
    let dir = TempDir::new("concurrency");
    let config = clients_config(
        &sim,
        &dir,
        "max_concurrent_calls_per_client = 1\ntool_timeout_seconds = 3",
    );
    let (url, _stop) = serve_with_audit(&config, AuditLog::off()).await;
    let admin = connect(&url, ADMIN_TOKEN).await;
    let alice = connect(&url, ALICE_TOKEN).await;
    harness::ok(&admin, "count_records", json!({"model": "res.partner"})).await;
    harness::ok(&alice, "count_records", json!({"model": "res.partner"})).await;
    sim.faults().hang_next(1);
    let started = std::time::Instant::now();
    let hung = harness::call(&admin, "count_records", json!({"model": "res.partner"}));
    let others = async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        harness::ok(&alice, "count_records", json!({"model": "res.partner"})).await;
        let alice_done = started.elapsed();
        harness::ok(&admin, "count_records", json!({"model": "res.partner"})).await;
        (alice_done, started.elapsed())
    };
    let (hung, (alice_done, admin_done)) = tokio::join!(hung, others);
    let message = harness::text(&hung);
    assert!(message.contains("did not finish within 3 s"), "{message}");
    assert!(
        alice_done < Duration::from_millis(2500),
        "alice was held up: {alice_done:?}"
    );
    assert!(
        admin_done >= Duration::from_millis(2900),
        "the admin's second call ran beside its first: {admin_done:?}"
    );
}
