//! The web client's session routes: `/web/session/authenticate` opens a session whose cookie
//! `/web/session/get_session_info` and `/web/dataset/call_kw` require.

use serde_json::{Value, json};

use crate::support::{Answer, client, sim};

async fn post(
    sim: &odoo_sim::SimHandle,
    path: &str,
    cookie: Option<&str>,
    params: Value,
) -> Answer {
    let body = json!({"jsonrpc": "2.0", "method": "call", "id": 5, "params": params});
    let mut request = client().post(format!("{}{path}", sim.url())).json(&body);
    if let Some(cookie) = cookie {
        request = request.header("Cookie", cookie);
    }
    Answer::read(request.send().await.expect("answered")).await
}

async fn open_session(sim: &odoo_sim::SimHandle, login: &str) -> String {
    let answer = post(
        sim,
        "/web/session/authenticate",
        None,
        json!({"db": "demo", "login": login, "password": login}),
    )
    .await;
    let cookie = answer.header("set-cookie").expect("a session cookie");
    cookie.split(';').next().expect("session_id=…").to_owned()
}

#[tokio::test]
async fn session_routes_need_an_open_session() {
    let sim = sim(19).await;
    for (path, params) in [
        ("/web/session/get_session_info", json!({})),
        (
            "/web/dataset/call_kw",
            json!({"model": "res.partner", "method": "search_count", "args": [[]], "kwargs": {}}),
        ),
    ] {
        for cookie in [None, Some("session_id=not-a-session")] {
            let a = post(&sim, path, cookie, params.clone()).await;
            assert_eq!(a.status, 200);
            assert_eq!(a.body["error"]["code"], 100, "{path}: {}", a.body);
            assert_eq!(a.body["error"]["message"], "Odoo Session Expired");
            assert_eq!(a.error_name(), Some("odoo.http.SessionExpiredException"));
            assert_eq!(a.body["error"]["data"]["message"], "Session expired");
        }
    }
}

#[tokio::test]
async fn an_open_session_reads_its_info_and_calls_methods_as_its_user() {
    let sim = sim(19).await;
    let cookie = open_session(&sim, "reader").await;
    let info = post(
        &sim,
        "/web/session/get_session_info",
        Some(&cookie),
        json!({}),
    )
    .await;
    assert_eq!(info.body["id"], 5);
    assert_eq!(info.body["result"]["uid"], 7, "{}", info.body);
    assert_eq!(info.body["result"]["username"], "reader");

    let count = post(
        &sim,
        "/web/dataset/call_kw/res.partner/search_count",
        Some(&cookie),
        json!({"model": "res.partner", "method": "search_count", "args": [[]], "kwargs": {}}),
    )
    .await;
    assert!(
        count.body["result"].as_u64().is_some_and(|n| n > 0),
        "{}",
        count.body
    );
    // The session's user is the reader: sales orders are refused as over /jsonrpc.
    let refused = post(
        &sim,
        "/web/dataset/call_kw",
        Some(&cookie),
        json!({"model": "sale.order", "method": "search_count", "args": [[]], "kwargs": {}}),
    )
    .await;
    assert_eq!(refused.error_name(), Some("odoo.exceptions.AccessError"));
    assert_eq!(refused.body["error"]["code"], 0, "Odoo 19's JSON-RPC code");
    // An unknown model is the route's NotFound; a private method call_kw's AccessError.
    let unknown = post(
        &sim,
        "/web/dataset/call_kw",
        Some(&cookie),
        json!({"model": "no.such.model", "method": "search", "args": [[]], "kwargs": {}}),
    )
    .await;
    assert_eq!(unknown.body["error"]["code"], 404, "{}", unknown.body);
    assert_eq!(unknown.body["error"]["message"], "404: Not Found");
    assert_eq!(unknown.error_name(), Some("werkzeug.exceptions.NotFound"));
    assert_eq!(unknown.body["error"]["data"]["arguments"], json!([]));
    let private = post(
        &sim,
        "/web/dataset/call_kw",
        Some(&cookie),
        json!({"model": "res.partner", "method": "_search", "args": [[]], "kwargs": {}}),
    )
    .await;
    assert_eq!(private.error_name(), Some("odoo.exceptions.AccessError"));
    let missing = post(
        &sim,
        "/web/dataset/call_kw",
        Some(&cookie),
        json!({"model": "res.partner", "method": "search"}),
    )
    .await;
    assert_eq!(
        missing.body["error"]["data"]["message"],
        "DataSet.call_kw() missing 2 required positional arguments: 'args' and 'kwargs'"
    );
}
