//! Per-client caps on Streamable HTTP sessions (`max_sessions_per_client`) over a real socket
//! with configured clients: a client at its cap gets a 429 naming the limit and the fix, keeps
//! its open sessions and its session-less calls; other clients open sessions as before;
//! closed and expired sessions free the room; concurrent opens never overshoot. At the
//! server's cap (`max_sessions`) a new session gets 503 and calls without one still pass.

use odoo_mcp::audit::AuditLog;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::audit::Lines;
use crate::clients::{
    ADMIN_TOKEN, ALICE_TOKEN, READER_TOKEN, TempDir, clients_config, open_session, post_mcp,
    serve_with_audit,
};
use crate::harness;

/// The server of one test, with what must live as long as it.
struct Served {
    url: String,
    audit: Lines,
    _stop: tokio::sync::oneshot::Sender<()>,
    _sim: odoo_sim::SimHandle,
    _dir: TempDir,
}

/// Serves the clients' config (`alice`, `reader` and the admin) with `extra` in `[server]`.
async fn serve(extra: &str) -> Served {
    let sim = harness::sim().await;
    let dir = TempDir::new("session-caps");
    let config = clients_config(&sim, &dir, extra);
    let audit = Lines::default();
    let (url, stop) =
        serve_with_audit(&config, AuditLog::to_writer(Box::new(audit.clone()), false)).await;
    Served {
        url,
        audit,
        _stop: stop,
        _sim: sim,
        _dir: dir,
    }
}

/// `tools/list` in `session` as `token` (after `notifications/initialized`): the status.
async fn list_in(http: &reqwest::Client, url: &str, token: &str, session: &str) -> StatusCode {
    let initialized = json!({"jsonrpc": "2.0", "method": "notifications/initialized"});
    let note = post_mcp(http, url, token, Some(session), initialized)
        .await
        .expect("answered");
    assert!(note.status().is_success(), "{}", note.status());
    let list = json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list"});
    let response = post_mcp(http, url, token, Some(session), list)
        .await
        .expect("answered");
    let status = response.status();
    let text = response.text().await.expect("body");
    assert!(
        !status.is_success() || text.contains("count_records"),
        "{text}"
    );
    status
}

/// A 2026-07-28 `tools/list` (no session) as `token`: the status and the body.
async fn modern_list(http: &reqwest::Client, url: &str, token: &str) -> (StatusCode, String) {
    let response = http
        .post(url)
        .bearer_auth(token)
        .header("accept", "application/json, text/event-stream")
        .header("mcp-protocol-version", "2026-07-28")
        .header("mcp-method", "tools/list")
        .header("content-type", "application/json")
        .body(crate::hostile_http::tools_list())
        .send()
        .await
        .expect("answered");
    let status = response.status();
    (status, response.text().await.expect("body"))
}

async fn close(http: &reqwest::Client, url: &str, token: &str, session: &str) -> StatusCode {
    http.delete(url)
        .bearer_auth(token)
        .header("mcp-session-id", session)
        .header("mcp-protocol-version", "2025-11-25")
        .send()
        .await
        .expect("DELETE answered")
        .status()
}

#[tokio::test]
async fn a_client_at_its_session_cap_is_refused_and_no_one_else_is() {
    let served = serve("max_sessions_per_client = 2").await;
    let (url, audit) = (&served.url, &served.audit);
    let http = reqwest::Client::new();
    let first = open_session(&http, url, ALICE_TOKEN)
        .await
        .expect("alice's first");
    let second = open_session(&http, url, ALICE_TOKEN)
        .await
        .expect("alice's second");

    let (status, body) = open_session(&http, url, ALICE_TOKEN)
        .await
        .expect_err("a third session is beyond alice's cap");
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    let message = body["error"]["message"].as_str().unwrap_or_default();
    for needed in [
        "2 open MCP sessions",
        "max_sessions_per_client",
        "DELETE",
        "300 s",
    ] {
        assert!(
            message.contains(needed),
            "{needed:?} missing in {message:?}"
        );
    }

    // Alice's open sessions keep working, and so do her calls that need no session.
    assert_eq!(
        list_in(&http, url, ALICE_TOKEN, &first).await,
        StatusCode::OK
    );
    let (status, text) = modern_list(&http, url, ALICE_TOKEN).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a 2026-07-28 call at the cap: {text}"
    );
    assert!(text.contains("count_records"), "{text}");

    // The other clients are not affected.
    for token in [ADMIN_TOKEN, READER_TOKEN] {
        let session = open_session(&http, url, token)
            .await
            .expect("another client opens");
        assert_eq!(list_in(&http, url, token, &session).await, StatusCode::OK);
    }

    // Closing one of hers frees its room.
    assert!(close(&http, url, ALICE_TOKEN, &second).await.is_success());
    let third = open_session(&http, url, ALICE_TOKEN)
        .await
        .expect("room again");
    assert_eq!(
        list_in(&http, url, ALICE_TOKEN, &third).await,
        StatusCode::OK
    );
    open_session(&http, url, ALICE_TOKEN)
        .await
        .expect_err("at the cap again");

    let refusals: Vec<Value> = audit
        .parsed()
        .into_iter()
        .filter(|line| line["outcome"] == "refused:session_cap")
        .collect();
    assert_eq!(refusals.len(), 2, "{refusals:?}");
    assert!(
        refusals.iter().all(|r| r["client"] == "alice"),
        "{refusals:?}"
    );
}

#[tokio::test]
async fn concurrent_opens_never_overshoot_the_cap() {
    let served = serve("max_sessions_per_client = 2").await;
    let url = &served.url;
    let http = reqwest::Client::new();
    let tries = (0..8).map(|_| open_session(&http, url, ALICE_TOKEN));
    let results = futures::future::join_all(tries).await;
    let opened = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(opened, 2, "{results:?}");
    assert!(
        results
            .iter()
            .filter_map(|r| r.as_ref().err())
            .all(|(status, _)| *status == StatusCode::TOO_MANY_REQUESTS),
        "{results:?}"
    );
    open_session(&http, url, ADMIN_TOKEN)
        .await
        .expect("another client opens");
}

#[tokio::test]
async fn an_expired_session_frees_its_room() {
    let served = serve("max_sessions_per_client = 1\nsession_idle_seconds = 1").await;
    let url = &served.url;
    let http = reqwest::Client::new();
    let old = open_session(&http, url, ALICE_TOKEN)
        .await
        .expect("alice's session");
    open_session(&http, url, ALICE_TOKEN)
        .await
        .expect_err("beyond the cap of one");
    // Idle for longer than session_idle_seconds: rmcp closes it.
    tokio::time::sleep(std::time::Duration::from_millis(1_600)).await;
    let new = open_session(&http, url, ALICE_TOKEN)
        .await
        .expect("the expired session's room is free");
    assert_ne!(old, new);
}

#[tokio::test]
async fn at_the_server_cap_a_new_session_waits_and_calls_without_one_pass() {
    let served = serve("max_sessions = 2\nmax_sessions_per_client = 2").await;
    let url = &served.url;
    let http = reqwest::Client::new();
    open_session(&http, url, ALICE_TOKEN)
        .await
        .expect("one of two");
    open_session(&http, url, READER_TOKEN)
        .await
        .expect("two of two");
    let (status, body) = open_session(&http, url, ADMIN_TOKEN)
        .await
        .expect_err("the server holds max_sessions");
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    let (status, text) = modern_list(&http, url, ADMIN_TOKEN).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a 2026-07-28 call needs no session: {text}"
    );
}
