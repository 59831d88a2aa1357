//! The refusals of an OAuth-protected `/mcp`: the `WWW-Authenticate` parameters a 401 adds
//! (`resource_metadata`, `scope`, RFC 9728 §5.1 and the MCP authorization spec), and the 403
//! `insufficient_scope` answer (RFC 6750 §3.1) naming the scopes to ask for.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::error::OAuthError;
use super::metadata::ResourceMetadata;
use super::principal::ScopeRefusal;

/// The realm named in `WWW-Authenticate` (the same as the static-token challenge).
const REALM: &str = "odoo-mcp";

/// Parameters appended to every 401 challenge when OAuth is on.
pub(crate) fn discovery_params(meta: &ResourceMetadata) -> String {
    format!(
        "resource_metadata=\"{}\", scope=\"{}\"",
        meta.url(),
        meta.scope_hint()
    )
}

/// Parameters of a 401 for a refused token: the fixed description, then discovery.
pub(crate) fn invalid_token_params(meta: &ResourceMetadata, error: &OAuthError) -> String {
    format!(
        "error_description=\"{}\", {}",
        error.description(),
        discovery_params(meta)
    )
}

/// HTTP 403 `insufficient_scope`: the challenge names every scope the request needs; the
/// JSON-RPC error (with the request's id) says what was refused.
pub(crate) fn forbidden(meta: &ResourceMetadata, refusal: &ScopeRefusal, id: Value) -> Response {
    let challenge = format!(
        "Bearer realm=\"{REALM}\", error=\"insufficient_scope\", scope=\"{}\", \
         resource_metadata=\"{}\", error_description=\"the token lacks a scope this request needs\"",
        refusal.needed.join(" "),
        meta.url()
    );
    let body = json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": {
            "code": -32003,
            "message": format!("forbidden: {}", refusal.message),
            "data": { "required_scopes": refusal.needed },
        },
    });
    let mut response = (StatusCode::FORBIDDEN, axum::Json(body)).into_response();
    // The request body may be unread: close the connection rather than let the client reuse
    // one the server may close under it (a pooled client would see "disconnected").
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    if let Ok(value) = HeaderValue::from_str(&challenge) {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, value);
    }
    response
}
