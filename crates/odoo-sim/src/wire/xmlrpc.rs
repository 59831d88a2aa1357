//! `POST /xmlrpc/2/<service>` and the legacy `POST /xmlrpc/<service>`: Odoo's `common`, `db`
//! and `object` services over XML-RPC. Always HTTP 200 with `text/xml`; exceptions travel as
//! `<fault>`s (see [`faults`]). The services themselves are JSON-RPC's
//! ([`crate::wire::jsonrpc::dispatch_service`]), on values decoded by [`codec`].

mod codec;
mod faults;
#[cfg(test)]
mod fuzz;
mod xml;

use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::response::Response;
use http::{HeaderValue, header};
use serde_json::Value;

use crate::state::SimState;
use crate::wire::error::OdooError;
use crate::wire::inject::{Protocol, intercept};
use crate::wire::jsonrpc::dispatch_service;
use codec::{DecodeError, MethodCall};
use faults::Flavor;

/// Handles `POST /xmlrpc/2/<service>` (integer fault codes).
pub(crate) async fn handle_v2(
    State(state): State<SimState>,
    Path(service): Path<String>,
    body: Bytes,
) -> Response {
    handle(state, service, body, Flavor::Int).await
}

/// Handles the legacy `POST /xmlrpc/<service>` (string fault codes).
pub(crate) async fn handle_legacy(
    State(state): State<SimState>,
    Path(service): Path<String>,
    body: Bytes,
) -> Response {
    handle(state, service, body, Flavor::Legacy).await
}

async fn handle(state: SimState, service: String, body: Bytes, flavor: Flavor) -> Response {
    let started = Instant::now();
    let decoded = decode(&body);
    let target = decoded
        .as_ref()
        .ok()
        .and_then(|call| object_target(&service, call));
    if let Some((model, method)) = &target {
        state.count(model, method);
    }
    let response = match intercept(&state, Protocol::JsonRpc).await {
        Some(injected) => injected,
        None => xml_response(answer(&state, service, decoded, flavor).await),
    };
    let (model, method) = target.unwrap_or_default();
    tracing::debug!(
        protocol = "xmlrpc",
        model,
        method,
        status = response.status().as_u16(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "request"
    );
    response
}

fn decode(body: &[u8]) -> Result<MethodCall, DecodeError> {
    let text = std::str::from_utf8(body).map_err(|e| {
        DecodeError::Xml(xml::XmlError {
            message: "not well-formed (invalid token)",
            offset: e.valid_up_to(),
        })
    })?;
    codec::decode_call(text)
}

/// The XML text answering one decoded (or undecodable) call.
async fn answer(
    state: &SimState,
    service: String,
    decoded: Result<MethodCall, DecodeError>,
    flavor: Flavor,
) -> String {
    let call = match decoded {
        Ok(call) => call,
        Err(e) => return codec::encode_fault(&faults::from_decode(&e, flavor)),
    };
    let worker_state = state.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        dispatch_service(&worker_state, &service, &call.method, call.params)
    })
    .await;
    let result = outcome.unwrap_or_else(|join| {
        tracing::error!(error = %join, "the engine failed");
        Err(OdooError::new(
            "builtins.RuntimeError",
            "internal simulator error",
        ))
    });
    match result {
        Ok(value) => codec::encode_response(&value),
        Err(e) => codec::encode_fault(&faults::from_error(&e, flavor)),
    }
}

/// `(model, method)` of an `object.execute_kw` / `object.execute` call, for request counting.
fn object_target(service: &str, call: &MethodCall) -> Option<(String, String)> {
    if service != "object" || !matches!(call.method.as_str(), "execute_kw" | "execute") {
        return None;
    }
    let model = call.params.get(3).and_then(Value::as_str)?;
    let method = call.params.get(4).and_then(Value::as_str)?;
    Some((model.to_owned(), method.to_owned()))
}

/// A 200 answer with Odoo's XML content type.
fn xml_response(text: String) -> Response {
    let mut response = Response::new(Body::from(text));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/xml; charset=utf-8"),
    );
    response
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn only_object_calls_are_counted() {
        let call = MethodCall {
            method: "execute_kw".into(),
            params: vec![
                json!("demo"),
                json!(2),
                json!("pw"),
                json!("res.partner"),
                json!("read"),
            ],
        };
        assert_eq!(
            object_target("object", &call),
            Some(("res.partner".into(), "read".into()))
        );
        assert_eq!(object_target("common", &call), None);
        let short = MethodCall {
            method: "execute".into(),
            params: vec![json!("demo")],
        };
        assert_eq!(object_target("object", &short), None);
    }

    #[test]
    fn invalid_utf8_is_a_parse_fault() {
        let e = decode(b"<methodCall>\xff</methodCall>").expect_err("not UTF-8");
        assert!(
            e.exception_line()
                .starts_with("xml.parsers.expat.ExpatError")
        );
    }
}
