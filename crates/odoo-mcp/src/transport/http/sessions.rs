//! The cap on live MCP sessions: a request that would open a new session (a POST without
//! `Mcp-Session-Id`) while `max_sessions` are live gets HTTP 503 with `Retry-After` and a
//! JSON-RPC error, instead of growing memory without bound. Idle sessions are closed by rmcp
//! after `session_idle_seconds` (its `keep_alive`), which frees room under the cap.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use serde_json::json;

/// The header naming an existing session (MCP Streamable HTTP).
const SESSION_HEADER: &str = "mcp-session-id";

/// What the middleware needs: the live sessions and the cap.
#[derive(Clone)]
pub(crate) struct SessionCap {
    pub(crate) manager: Arc<LocalSessionManager>,
    pub(crate) max: usize,
}

/// The middleware: refuses a new session at the cap, passes everything else.
pub(crate) async fn cap_sessions(
    State(cap): State<SessionCap>,
    request: Request,
    next: Next,
) -> Response {
    let opens_session =
        request.method() == Method::POST && !request.headers().contains_key(SESSION_HEADER);
    if opens_session && cap.manager.sessions.read().await.len() >= cap.max {
        tracing::warn!(
            max_sessions = cap.max,
            "refused a new MCP session: the cap is reached"
        );
        let body = json!({
            "jsonrpc": "2.0",
            "id": null,
            "error": {
                "code": -32000,
                "message": "the server has too many open sessions; retry later",
            },
        });
        let mut response = (StatusCode::SERVICE_UNAVAILABLE, axum::Json(body)).into_response();
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        return response;
    }
    next.run(request).await
}
