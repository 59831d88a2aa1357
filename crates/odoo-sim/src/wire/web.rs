//! The version routes, without authentication: `GET /web/version` (Odoo 19+, sample
//! web_version.json) and the web client's JSON-RPC `/web/webclient/version_info` (every
//! version), which answers `common.version`'s payload.

use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use http::StatusCode;
use serde_json::Value;

use crate::state::SimState;
use crate::wire::{json_response, jsonrpc};

/// `{"version_info": [19, 0, 0, "final", 0, ""], "version": "19.0"}`.
pub(crate) async fn version(State(state): State<SimState>) -> Response {
    let response = json_response(StatusCode::OK, &state.inner.version.web_version());
    tracing::debug!(
        protocol = "web",
        path = "/web/version",
        status = 200,
        "request"
    );
    response
}

/// `POST /web/webclient/version_info` (`type='json'`): the JSON-RPC envelope around
/// `{server_version, server_version_info, server_serie, protocol_version}`.
pub(crate) async fn version_info(State(state): State<SimState>, body: Bytes) -> Response {
    let id = serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|b| b.get("id").cloned())
        .unwrap_or(Value::Null);
    let payload = state.inner.version.common_version();
    let response = jsonrpc::envelope(&state, &id, Ok(payload));
    tracing::debug!(
        protocol = "web",
        path = "/web/webclient/version_info",
        status = 200,
        "request"
    );
    response
}
