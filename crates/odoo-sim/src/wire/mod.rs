//! The HTTP layer: one module per protocol, plus what they share (JSON responses, Odoo's
//! serialized exceptions, HTML pages, fault injection).
//!
//! - [`json2`]: `POST /json/2/<model>/<method>` (Odoo 19+);
//! - [`jsonrpc`]: `POST /jsonrpc` (`common`, `db`, `object` services);
//! - [`xmlrpc`]: `POST /xmlrpc/2/<service>` and the legacy `/xmlrpc/<service>`;
//! - [`session`]: `POST /web/session/authenticate` (JSON-RPC envelope, session cookie);
//!   [`sessions`]: the open sessions; [`dataset`]: the routes needing one
//!   (`/web/session/get_session_info`, `/web/dataset/call_kw`);
//! - [`report`]: `GET /report/pdf/<report>/<ids>` (web session only, a small PDF);
//! - [`web`]: `GET /web/version`;
//! - [`error`]: exceptions as Odoo serializes them; [`pages`]: HTML error pages;
//! - [`inject`]: applying [`crate::faults::Faults`] to an arriving call.

pub(crate) mod dataset;
pub(crate) mod error;
pub(crate) mod inject;
pub(crate) mod json2;
pub(crate) mod jsonrpc;
pub(crate) mod pages;
pub(crate) mod report;
pub(crate) mod session;
pub(crate) mod sessions;
pub(crate) mod web;
pub(crate) mod xmlrpc;

use axum::body::Body;
use axum::response::Response;
use http::{HeaderValue, StatusCode, header};
use serde_json::Value;

/// A JSON response with Odoo's content type (`application/json; charset=utf-8`).
pub(crate) fn json_response(status: StatusCode, value: &Value) -> Response {
    let body = serde_json::to_vec(value).unwrap_or_else(|_| b"null".to_vec());
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    response
}

/// Whether a `Content-Type` header value is JSON (`application/json`, any parameters).
pub(crate) fn is_json_content_type(value: Option<&HeaderValue>) -> bool {
    value
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
}
