//! The caps on live MCP sessions, so that memory stays bounded and one client cannot take the
//! sessions every client shares:
//! - all clients together hold at most `max_sessions`: a new session beyond gets HTTP 503 with
//!   `Retry-After` and a JSON-RPC error;
//! - one authenticated client holds at most `max_sessions_per_client`: its new session beyond
//!   gets HTTP 429 and a JSON-RPC error naming the limit and the fix (close a session it no
//!   longer uses with `DELETE`, or raise the setting). The client's open sessions are left
//!   alone: closing one the client may still be using (a pending confirmation in it) would
//!   surprise more than a refusal that says what to do. Other clients are not affected.
//!
//! Unauthenticated callers (loopback) are one anonymous owner and have the server cap only,
//! as for the rate limit: there is no client to count against. Sessions closed with `DELETE`
//! or by rmcp after `session_idle_seconds` (its `keep_alive`) free their room.
//!
//! Only an `initialize` request opens a session (2026-07-28 requests are served without
//! one). When a cap is reached, a POST without `Mcp-Session-Id` is read to tell which it
//! is, so a caller at its cap keeps its session-less calls; anything that is not clearly
//! another request is refused, as it might open a session.

use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::session_owner::{Full, SESSION_HEADER, SessionOwners};
use crate::audit::{RefusedBy, RefusedRequest};
use crate::caller::{Caller, CallerKind};

/// What the middleware needs: the book of sessions and the caps.
#[derive(Clone)]
pub(crate) struct SessionCap {
    pub(crate) owners: SessionOwners,
    /// `max_sessions`.
    pub(crate) max: usize,
    /// `max_sessions_per_client`.
    pub(crate) max_per_client: usize,
    /// `session_idle_seconds`, named in the refusal.
    pub(crate) idle: Duration,
    /// `max_body_bytes`: the most read to tell an `initialize` from other requests.
    pub(crate) max_body: usize,
}

/// The middleware: refuses a new session beyond a cap, passes everything else, and records
/// who opened each session.
pub(crate) async fn cap_sessions(
    State(cap): State<SessionCap>,
    request: Request,
    next: Next,
) -> Response {
    if request.method() != Method::POST || request.headers().contains_key(SESSION_HEADER) {
        return next.run(request).await;
    }
    let caller = request
        .extensions()
        .get::<Caller>()
        .cloned()
        .unwrap_or_else(Caller::anonymous);
    let per_client = (caller.kind() != CallerKind::Anonymous).then_some(cap.max_per_client);
    match cap
        .owners
        .reserve(&caller.owner_key(), cap.max, per_client)
        .await
    {
        Ok(reservation) => {
            let response = next.run(request).await;
            if let Some(opened) = response
                .headers()
                .get(SESSION_HEADER)
                .and_then(|v| v.to_str().ok())
            {
                reservation.opened(opened.to_owned()).await;
            }
            response
        }
        Err(full) => {
            let (parts, body) = request.into_parts();
            let Ok(bytes) = axum::body::to_bytes(body, cap.max_body).await else {
                return too_large(cap.max_body);
            };
            if !may_open_session(&bytes) {
                return next
                    .run(Request::from_parts(parts, Body::from(bytes)))
                    .await;
            }
            cap.owners.audit().write(&RefusedRequest::new(
                Some(caller.name()),
                parts.method.as_str(),
                parts.uri.path(),
                RefusedBy::SessionCap,
            ));
            refuse(full, caller.name(), cap.idle)
        }
    }
}

/// Whether a session-less POST body might open a session: anything but a JSON object whose
/// one `method` is another method than `initialize` (a duplicate `method`, a batch or junk
/// count as "might", whatever rmcp makes of them).
fn may_open_session(body: &[u8]) -> bool {
    #[derive(Deserialize)]
    struct Probe {
        method: Option<String>,
    }
    match serde_json::from_slice::<Probe>(body) {
        Ok(probe) => probe.method.is_none_or(|m| m == "initialize"),
        Err(_) => true,
    }
}

/// The answer to a refused new session.
fn refuse(full: Full, client: &str, idle: Duration) -> Response {
    let idle = idle.as_secs();
    let (status, message) = match full {
        Full::Server { max } => {
            tracing::warn!(
                max_sessions = max,
                "refused a new MCP session: the cap is reached"
            );
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "the server has too many open sessions; retry later".to_owned(),
            )
        }
        Full::Client { max } => {
            tracing::info!(
                client,
                max_sessions_per_client = max,
                "refused a new MCP session: the client holds its most"
            );
            (
                StatusCode::TOO_MANY_REQUESTS,
                format!(
                    "this client already holds {max} open MCP sessions, its limit \
                     (server.max_sessions_per_client); close one it no longer uses \
                     (HTTP DELETE on this URL with its Mcp-Session-Id header), wait for an \
                     unused one to close by itself ({idle} s idle), or raise \
                     max_sessions_per_client in the [server] settings"
                ),
            )
        }
    };
    let body = json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": {"code": -32000, "message": message},
    });
    let mut response = (status, axum::Json(body)).into_response();
    if status == StatusCode::SERVICE_UNAVAILABLE {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
    }
    response
}

fn too_large(max: usize) -> Response {
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("Payload Too Large: request body exceeds {max} bytes"),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_clear_other_request_is_known_not_to_open_a_session() {
        let opens = [
            r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#,
            r#"{"jsonrpc":"2.0","id":1,"method":"initi\u0061lize"}"#,
            r#"{"method":"tools/list","method":"initialize"}"#,
            r#"[{"jsonrpc":"2.0","id":1,"method":"tools/list"}]"#,
            r#"{"jsonrpc":"2.0","id":1}"#,
            "not json",
            "",
        ];
        for body in opens {
            assert!(may_open_session(body.as_bytes()), "{body}");
        }
        let others = [
            r#"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{}}}"#,
            r#"{"jsonrpc":"2.0","id":1,"method":"server/discover"}"#,
        ];
        for body in others {
            assert!(!may_open_session(body.as_bytes()), "{body}");
        }
    }

    #[test]
    fn the_client_refusal_names_the_limit_and_the_fixes() {
        let response = refuse(Full::Client { max: 3 }, "alice", Duration::from_secs(300));
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(response.headers().get(header::RETRY_AFTER).is_none());
        let server = refuse(Full::Server { max: 3 }, "alice", Duration::from_secs(300));
        assert_eq!(server.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert!(server.headers().get(header::RETRY_AFTER).is_some());
    }
}
