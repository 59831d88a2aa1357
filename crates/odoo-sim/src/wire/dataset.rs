//! The web client's session routes (JSON-RPC envelope, `auth='user'`): `POST
//! /web/session/get_session_info` and `POST /web/dataset/call_kw[/<path>]`. Without an open
//! session (cookie from `/web/session/authenticate`) both answer Odoo's SessionExpiredException
//! (code 100); an unknown model on `call_kw` is the route's NotFound (code 404); other errors
//! are `call_kw`'s, as over `/jsonrpc`.

use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use http::{HeaderMap, StatusCode, header};
use serde_json::{Map, Value, json};

use crate::engine::python_kwargs;
use crate::state::SimState;
use crate::wire::error::OdooError;
use crate::wire::inject::{Protocol, intercept};
use crate::wire::sessions::Session;
use crate::wire::{is_json_content_type, json_response, jsonrpc, pages, session};

/// A JSON-RPC error with its own `code` and `message` (Odoo's `JsonRPCDispatcher.handle_error`).
struct RouteError {
    code: i64,
    message: &'static str,
    data: Box<OdooError>,
}

impl From<OdooError> for RouteError {
    fn from(data: OdooError) -> Self {
        // The ordinary case: `session::envelope` puts the version's code.
        Self {
            code: -1,
            message: "",
            data: Box::new(data),
        }
    }
}

fn session_expired() -> RouteError {
    RouteError {
        code: 100,
        message: "Odoo Session Expired",
        data: Box::new(OdooError::new(
            "odoo.http.SessionExpiredException",
            "Session expired",
        )),
    }
}

fn not_found() -> RouteError {
    let data = OdooError::new(
        "werkzeug.exceptions.NotFound",
        "404 Not Found: The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.",
    )
    .without_arguments();
    RouteError {
        code: 404,
        message: "404: Not Found",
        data: Box::new(data),
    }
}

/// `POST /web/session/get_session_info`.
pub(crate) async fn get_session_info(
    State(state): State<SimState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost")
        .to_owned();
    serve(
        &state,
        &headers,
        &body,
        "/web/session/get_session_info",
        move |state, session, _| {
            Ok(session::session_info(
                state,
                session.uid,
                &session.login,
                &host,
            ))
        },
    )
    .await
}

/// `POST /web/dataset/call_kw` and `/web/dataset/call_kw/<path>`:
/// `call_kw(model, method, args, kwargs)` as the session's user.
pub(crate) async fn call_kw(
    State(state): State<SimState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    serve(
        &state,
        &headers,
        &body,
        "/web/dataset/call_kw",
        |state, session, params| {
            let param = |key: &str| params.get(key).cloned();
            // The route's `readonly` check runs first: `request.registry[params['model']]` (a
            // missing or unknown model is NotFound), then `params['method']` (KeyError).
            let model = param("model").and_then(|v| v.as_str().map(str::to_owned));
            let Some(model) = model.filter(|m| state.inner.engine.has_model(m)) else {
                return Err(not_found());
            };
            let method = match param("method") {
                Some(Value::String(m)) => m,
                None => return Err(OdooError::new("builtins.KeyError", "'method'").into()),
                Some(other) => {
                    return Err(OdooError::new(
                        "builtins.TypeError",
                        format!(
                            "attribute name must be string, not '{}'",
                            crate::engine::py_type(&other)
                        ),
                    )
                    .into());
                }
            };
            let missing: Vec<String> = ["args", "kwargs"]
                .iter()
                .filter(|k| params.get(**k).is_none())
                .map(|k| format!("'{k}'"))
                .collect();
            if let Some(names) = python_missing(&missing) {
                return Err(OdooError::new(
                    "builtins.TypeError",
                    format!("DataSet.call_kw() {names}"),
                )
                .into());
            }
            let positional = match param("args") {
                Some(Value::Array(items)) => items,
                Some(Value::Null) | None => Vec::new(),
                Some(other) => vec![other],
            };
            let kwargs = python_kwargs(param("kwargs"))
                .map_err(|f| OdooError::from_fault_jsonrpc(&f, &model))?;
            Ok(jsonrpc::call_kw(
                state,
                session.uid,
                &model,
                &method,
                positional,
                kwargs,
            )?)
        },
    )
    .await
}

/// `missing 2 required positional arguments: 'args' and 'kwargs'` (CPython's wording).
fn python_missing(names: &[String]) -> Option<String> {
    let list = match names {
        [] => return None,
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [init @ .., last] => format!("{}, and {last}", init.join(", ")),
    };
    let s = if names.len() == 1 { "" } else { "s" };
    Some(format!(
        "missing {} required positional argument{s}: {list}",
        names.len()
    ))
}

/// The shared envelope handling: faults, content type, JSON, the session, then `handler` on a
/// blocking thread.
async fn serve<F>(
    state: &SimState,
    headers: &HeaderMap,
    body: &[u8],
    route: &'static str,
    handler: F,
) -> Response
where
    F: FnOnce(&SimState, &Session, &Map<String, Value>) -> Result<Value, RouteError>
        + Send
        + 'static,
{
    if let Some(injected) = intercept(state, Protocol::JsonRpc).await {
        return injected;
    }
    if !is_json_content_type(headers.get(header::CONTENT_TYPE)) {
        return pages::unsupported_media_type(route, "jsonrpc");
    }
    let Ok(request) = serde_json::from_slice::<Value>(body) else {
        let e = OdooError::http(StatusCode::BAD_REQUEST, "Invalid JSON data");
        return session::envelope(state, &Value::Null, Err(e));
    };
    let id = request.get("id").cloned().unwrap_or(Value::Null);
    let params = match request.get("params") {
        Some(Value::Object(p)) => p.clone(),
        _ => Map::new(),
    };
    let Some(session) = state.inner.sessions.of_request(headers) else {
        return respond(state, &id, Err(session_expired()));
    };
    let worker = state.clone();
    let outcome = tokio::task::spawn_blocking(move || handler(&worker, &session, &params)).await;
    let result = outcome.unwrap_or_else(|join| {
        tracing::error!(error = %join, route, "the engine failed");
        Err(OdooError::new("builtins.RuntimeError", "internal simulator error").into())
    });
    respond(state, &id, result)
}

fn respond(state: &SimState, id: &Value, result: Result<Value, RouteError>) -> Response {
    match result {
        Ok(value) => session::envelope(state, id, Ok(value)),
        Err(e) if e.code < 0 => session::envelope(state, id, Err(*e.data)),
        Err(e) => json_response(
            StatusCode::OK,
            &json!({
                "jsonrpc": "2.0",
                "id": id,
                "error": {"code": e.code, "message": e.message, "data": e.data.to_json()},
            }),
        ),
    }
}
