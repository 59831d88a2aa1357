//! Fault injection seen from a real HTTP client.

use std::time::Duration;

use serde_json::{Value, json};

use crate::support::{Answer, client, jsonrpc, sim};

fn version_call() -> Value {
    json!({"jsonrpc": "2.0", "method": "call", "id": 1,
        "params": {"service": "common", "method": "version", "args": []}})
}

fn execute_kw_call(model: &str, method: &str) -> Value {
    json!({"jsonrpc": "2.0", "method": "call", "id": 1, "params": {"service": "object",
        "method": "execute_kw", "args": ["demo", 2, "admin", model, method, [[]]]}})
}

#[tokio::test]
async fn latency_makes_a_short_client_timeout_expire_until_cleared() {
    let sim = sim(19).await;
    sim.faults().set_latency(Duration::from_secs(3));
    let url = format!("{}/jsonrpc", sim.url());
    let slow = client()
        .post(&url)
        .json(&version_call())
        .timeout(Duration::from_millis(200))
        .send()
        .await;
    assert!(slow.is_err_and(|e| e.is_timeout()));
    sim.faults().clear();
    let fast = client()
        .post(&url)
        .json(&version_call())
        .timeout(Duration::from_secs(5))
        .send()
        .await;
    assert_eq!(fast.map(|r| r.status().as_u16()).ok(), Some(200));
}

#[tokio::test]
async fn fail_next_answers_a_proxy_503_then_recovers() {
    let sim = sim(19).await;
    sim.faults().fail_next(2, 503);
    for _ in 0..2 {
        let a = jsonrpc(&sim, "common", "version", json!([])).await;
        assert_eq!(a.status, 503);
        assert_eq!(a.header("content-type"), Some("text/html; charset=utf-8"));
        assert!(
            a.body
                .as_str()
                .is_some_and(|b| b.contains("503 Service Temporarily Unavailable"))
        );
    }
    let a = jsonrpc(&sim, "common", "version", json!([])).await;
    assert_eq!(a.status, 200);
    assert_eq!(a.body["result"]["server_serie"], "19.0");
}

#[tokio::test]
async fn fail_next_429_carries_retry_after_on_json2_too() {
    let sim = sim(19).await;
    sim.faults().fail_next(1, 429);
    let a = crate::support::json2(&sim, "res.partner", "search_count", json!({"domain": []})).await;
    assert_eq!(a.status, 429);
    assert_eq!(a.header("retry-after"), Some("1"));
    assert_eq!(sim.request_count("res.partner", "search_count"), 1);
}

#[tokio::test]
async fn injected_500_on_json2_is_an_odoo_json_error() {
    let sim = sim(19).await;
    sim.faults().fail_next(1, 500);
    let a = crate::support::json2(&sim, "res.partner", "search_count", json!({"domain": []})).await;
    assert_eq!(a.status, 500);
    assert_eq!(
        a.error_name(),
        Some("werkzeug.exceptions.InternalServerError")
    );
}

#[tokio::test]
async fn drop_next_is_a_connection_error_and_is_counted() {
    let sim = sim(19).await;
    sim.faults().drop_next(1);
    let url = format!("{}/jsonrpc", sim.url());
    let dropped = client()
        .post(&url)
        .json(&execute_kw_call("res.partner", "search_count"))
        .send()
        .await;
    let err = dropped.expect_err("no HTTP answer at all");
    assert!(err.status().is_none(), "{err:?}");
    assert!(!err.is_timeout(), "{err:?}");
    assert_eq!(sim.request_count("res.partner", "search_count"), 1);
    assert_eq!(sim.request_count("res.partner", "search_read"), 0);
    let a = jsonrpc(&sim, "common", "version", json!([])).await;
    assert_eq!(a.status, 200, "only one call is dropped");
}

#[tokio::test]
async fn drop_next_on_json2_also_closes_the_connection() {
    let sim = sim(19).await;
    sim.faults().drop_next(1);
    let sent = client()
        .post(format!("{}/json/2/res.partner/search_read", sim.url()))
        .bearer_auth(sim.admin_api_key())
        .json(&json!({"domain": []}))
        .send()
        .await;
    assert!(sent.is_err_and(|e| e.status().is_none()));
    assert_eq!(sim.request_count("res.partner", "search_read"), 1);
}

#[tokio::test]
async fn hang_next_never_answers_until_the_client_gives_up() {
    let sim = sim(19).await;
    sim.faults().hang_next(1);
    let url = format!("{}/jsonrpc", sim.url());
    let hung = client()
        .post(&url)
        .json(&version_call())
        .timeout(Duration::from_millis(300))
        .send()
        .await;
    assert!(hung.is_err_and(|e| e.is_timeout()));
    let a = jsonrpc(&sim, "common", "version", json!([])).await;
    assert_eq!(a.status, 200);
}

#[tokio::test]
async fn shutdown_releases_hanging_calls() {
    let sim = sim(19).await;
    sim.faults().hang_next(1);
    let url = format!("{}/jsonrpc", sim.url());
    let call = execute_kw_call("res.partner", "search_count");
    let pending = tokio::spawn(async move { client().post(&url).json(&call).send().await });
    while sim.request_count("res.partner", "search_count") == 0 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    tokio::time::timeout(Duration::from_secs(10), sim.shutdown())
        .await
        .expect("shutdown does not wait forever");
    let answer = pending.await.unwrap();
    assert!(answer.is_err(), "the hanging call ends without an answer");
}

#[tokio::test]
async fn error_rate_fails_a_deterministic_share_of_calls() {
    let sim = sim(19).await;
    sim.faults().set_error_rate(0.5, 500);
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(jsonrpc(&sim, "common", "version", json!([])).await.status);
    }
    assert_eq!(statuses, vec![200, 500, 200, 500, 200, 500]);
}

#[tokio::test]
async fn web_version_is_never_faulted() {
    let sim = sim(19).await;
    sim.faults().fail_next(5, 503);
    sim.faults().drop_next(5);
    let a = Answer::read(
        client()
            .get(format!("{}/web/version", sim.url()))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, 200);
}
