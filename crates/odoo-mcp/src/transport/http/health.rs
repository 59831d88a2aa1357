//! `GET /healthz` (liveness: the process answers; no Odoo call, no instance detail) and
//! `GET /readyz` (readiness: each instance reachable). Readiness results are cached for
//! [`READY_CACHE_TTL`] and refreshed by one request at a time, so whatever the request rate,
//! each instance gets at most one check per period. Instance names, versions and errors are
//! shown only to authenticated callers (any caller when no token is configured).

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json};
use serde_json::{Map, Value, json};
use tokio::sync::Mutex;
use tokio::time::Instant;

use super::HttpState;
use super::auth;

/// How long `/readyz` waits for each instance.
pub const HEALTH_TIMEOUT: Duration = Duration::from_secs(5);

/// How long a readiness result is reused.
pub const READY_CACHE_TTL: Duration = Duration::from_secs(5);

/// The last readiness result per instance and when it was taken.
#[derive(Debug, Default)]
pub(crate) struct ReadyCache {
    last: Mutex<Option<(Instant, Map<String, Value>)>>,
}

/// `GET /healthz`: 200 while the process serves requests.
pub(crate) async fn healthz() -> impl IntoResponse {
    Json(json!({ "status": "ok" }))
}

/// `GET /readyz`: 200 when every instance is reachable, 503 otherwise; per-instance detail
/// for authenticated callers only.
pub(crate) async fn readyz(State(state): State<HttpState>, request: Request) -> impl IntoResponse {
    let instances = {
        let mut last = state.ready.last.lock().await;
        match last.as_ref() {
            Some((at, results)) if at.elapsed() < state.ready_ttl => results.clone(),
            _ => {
                let results = check_all(&state).await;
                *last = Some((Instant::now(), results.clone()));
                results
            }
        }
    };
    let ready = instances
        .values()
        .all(|b| b["reachable"] == Value::Bool(true));
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let mut body = json!({ "status": if ready { "ok" } else { "unavailable" } });
    let authenticated = !state.auth.is_enabled()
        || auth::check(&state.auth, request.uri().query(), request.headers()).is_ok();
    if authenticated {
        body["instances"] = Value::Object(instances);
    }
    (status, Json(body))
}

async fn check_all(state: &HttpState) -> Map<String, Value> {
    let checks = state.server.instances().iter().map(|instance| async move {
        // `ping` asks the server now; `server_info` (cached after the first success) says
        // which protocol and credentials work.
        let check = async {
            instance.client.ping().await?;
            instance.client.server_info().await
        };
        let body = match tokio::time::timeout(HEALTH_TIMEOUT, check).await {
            Ok(Ok(info)) => json!({
                "reachable": true,
                "version": info.version.text,
                "protocol": match info.protocol {
                    odoo_client::Protocol::Json2 => "json2",
                    odoo_client::Protocol::JsonRpc => "jsonrpc",
                },
            }),
            Ok(Err(e)) => json!({ "reachable": false, "error": e.to_string() }),
            Err(_) => json!({
                "reachable": false,
                "error": format!("no answer within {} s", HEALTH_TIMEOUT.as_secs()),
            }),
        };
        (instance.name.clone(), body)
    });
    futures::future::join_all(checks)
        .await
        .into_iter()
        .collect()
}
