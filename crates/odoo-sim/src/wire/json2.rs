//! `POST /json/2/<model>/<method>` (Odoo 19+): bearer API key, named arguments in a JSON body,
//! the result as the body, exceptions as HTTP statuses with `{name, message, …}` bodies.

use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use serde_json::{Map, Value};

use crate::engine::{Args, Env, python_dict};
use crate::state::SimState;
use crate::wire::error::OdooError;
use crate::wire::inject::{Protocol, intercept};
use crate::wire::{is_json_content_type, json_response, pages};

/// Odoo's route pattern, quoted in its 415 page.
const ROUTE: &str = "/json/2/<__model__>/<__method__>";

/// Handles any method on `/json/2/*rest`.
pub(crate) async fn handle(
    State(state): State<SimState>,
    method: Method,
    Path(rest): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let started = Instant::now();
    let (model, model_method) = match rest.split_once('/') {
        Some((m, f)) if !m.is_empty() && !f.is_empty() && !f.contains('/') => (m, f),
        _ => ("", ""),
    };
    let response = if state.faults().take_drop(model_method, false) {
        crate::wire::inject::dropped_connection()
    } else {
        let response = respond(&state, &method, model, model_method, &headers, body).await;
        if state.faults().take_drop(model_method, true) {
            crate::wire::inject::dropped_connection()
        } else {
            response
        }
    };
    tracing::debug!(
        protocol = "json2",
        model,
        method = model_method,
        status = response.status().as_u16(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "request"
    );
    response
}

async fn respond(
    state: &SimState,
    http_method: &Method,
    model: &str,
    method: &str,
    headers: &HeaderMap,
    body: Bytes,
) -> Response {
    if http_method != Method::POST || model.is_empty() {
        let message = "Did you mean POST /json/2/<model>/<method>?";
        return error(
            StatusCode::NOT_FOUND,
            &OdooError::http(StatusCode::NOT_FOUND, message),
        );
    }
    state.count(model, method);
    if let Some(injected) = intercept(state, Protocol::Json2).await {
        return injected;
    }
    let db = headers.get("x-odoo-database").map(HeaderValue::as_bytes);
    if db.is_some_and(|db| db != state.inner.database.as_bytes()) {
        return pages::no_database();
    }
    if !is_json_content_type(headers.get(header::CONTENT_TYPE)) {
        return pages::unsupported_media_type(ROUTE, "json2");
    }
    let Some(token) = bearer_token(headers) else {
        return unauthorized(
            "User not authenticated, use an API Key with a Bearer Authorization header.",
        );
    };
    let Some(login) = state
        .inner
        .credentials
        .login_for_api_key(token, state.inner.version.rpc_login())
    else {
        return unauthorized("Invalid apikey");
    };
    // Odoo reads an empty body as "no arguments" (sample json2_empty_body_search_read_all_fields.json).
    let parsed = if body.is_empty() {
        Ok(Value::Object(Map::new()))
    } else {
        serde_json::from_slice(&body)
    };
    let body: Value = match parsed {
        Ok(v) => v,
        Err(e) => {
            let reason = python_json_error(&e, &body);
            let message = format!("could not parse the body as json: {reason}");
            return error(
                StatusCode::BAD_REQUEST,
                &OdooError::http(StatusCode::BAD_REQUEST, message)
                    .with_debug_line(&format!("json.decoder.JSONDecodeError: {reason}")),
            );
        }
    };
    let (args, context) = match split_body(body) {
        Ok(split) => split,
        Err(e) => return error(StatusCode::UNPROCESSABLE_ENTITY, &e),
    };
    let engine = state.inner.engine.clone();
    let (model_owned, method_owned) = (model.to_owned(), method.to_owned());
    let outcome = tokio::task::spawn_blocking(move || {
        let uid = engine.user_id(login)?;
        // `request.env[model].with_context(context)`: an unknown model first, then `dict()`.
        let context = match context {
            None | Some(Value::Null) => Map::new(),
            Some(value) => match python_dict(&value) {
                Ok(context) => context,
                Err(fault) if engine.has_model(&model_owned) => return Some(Err(fault)),
                Err(_) => Map::new(),
            },
        };
        let env = Env { uid, context };
        Some(engine.call(&env, &model_owned, &method_owned, args))
    })
    .await;
    match outcome {
        Ok(Some(Ok(value))) => json_response(StatusCode::OK, &recordset_as_ids(method, value)),
        Ok(Some(Err(fault))) => {
            let (status, e) = OdooError::from_fault_json2(&fault);
            error(status, &e)
        }
        Ok(None) => unauthorized("Invalid apikey"),
        Err(join) => {
            tracing::error!(model, method, error = %join, "the engine failed");
            let e = OdooError::new("builtins.RuntimeError", "internal simulator error");
            error(StatusCode::INTERNAL_SERVER_ERROR, &e)
        }
    }
}

/// JSON-2 answers a returned recordset with its `ids` (`web_json_2_rpc`: `result.ids`), so
/// `create` with a single dict gives `[id]` where JSON-RPC's `call_kw` gives the bare `id`.
fn recordset_as_ids(method: &str, value: Value) -> Value {
    match value {
        Value::Number(id) if method == "create" => Value::Array(vec![Value::Number(id)]),
        other => other,
    }
}

/// `/json/2` itself and `/json/2/`: Odoo's catch-all JSON-2 route answers 404 in JSON.
pub(crate) async fn prefix() -> Response {
    let message = "Did you mean POST /json/2/<model>/<method>?";
    error(
        StatusCode::NOT_FOUND,
        &OdooError::http(StatusCode::NOT_FOUND, message),
    )
}

fn error(status: StatusCode, e: &OdooError) -> Response {
    json_response(status, &e.to_json())
}

/// 401 with `WWW-Authenticate: Bearer ` (samples json2_error_no_auth.json, json2_error_bad_key.json).
fn unauthorized(message: &str) -> Response {
    let mut response = error(
        StatusCode::UNAUTHORIZED,
        &OdooError::http(StatusCode::UNAUTHORIZED, message),
    );
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer "),
    );
    response
}

/// The token of `Authorization: bearer <token>` (scheme case-insensitive, like Odoo's
/// `^bearer\s+(.+)$`).
fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, rest) = value.split_at_checked(6)?;
    if !scheme.eq_ignore_ascii_case("bearer") || !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let token = rest.trim_start();
    (!token.is_empty()).then_some(token)
}

/// Splits a JSON-2 body into the engine's arguments and the call's context as sent. A body
/// that is not an object (e.g. a JSON array) means "no arguments".
fn split_body(body: Value) -> Result<(Args, Option<Value>), OdooError> {
    let Value::Object(mut named) = body else {
        return Ok((Args::default(), None));
    };
    let context = named.remove("context");
    let ids = match named.remove("ids") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => n.as_i64().map(|id| vec![id]),
        Some(Value::Array(items)) => {
            let ids: Option<Vec<i64>> = items.iter().map(Value::as_i64).collect();
            Some(ids.ok_or_else(|| {
                OdooError::http(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "ids must be a list of integers",
                )
            })?)
        }
        Some(_) => {
            return Err(OdooError::http(
                StatusCode::UNPROCESSABLE_ENTITY,
                "ids must be a list of integers",
            ));
        }
    };
    Ok((Args { ids, named }, context))
}

/// A JSON syntax error worded like Python's `json` module: `Expecting value: line 1 column 1
/// (char 0)`.
fn python_json_error(e: &serde_json::Error, body: &[u8]) -> String {
    let full = e.to_string();
    let text = full.split(" at line ").next().unwrap_or(&full);
    let eof = e.is_eof();
    let what = if eof {
        eof_expectation(body)
    } else {
        match text {
            "expected value" => "Expecting value",
            "key must be a string" => "Expecting property name enclosed in double quotes",
            "expected `,` or `}`" | "expected `,` or `]`" => "Expecting ',' delimiter",
            "expected `:`" => "Expecting ':' delimiter",
            "trailing characters" => "Extra data",
            other => other,
        }
    };
    let line = e.line().max(1);
    let column = if eof {
        e.column() + 1
    } else {
        e.column().max(1)
    };
    let text = String::from_utf8_lossy(body);
    let before: usize = text
        .split('\n')
        .take(line - 1)
        .map(|l| l.chars().count() + 1)
        .sum();
    format!(
        "{what}: line {line} column {column} (char {})",
        before + column - 1
    )
}

/// What Python's parser expected when the body ended early: it depends on the innermost open
/// bracket and the last significant character.
fn eof_expectation(body: &[u8]) -> &'static str {
    let mut open = Vec::new();
    let (mut in_string, mut escaped) = (false, false);
    let mut last = None;
    for &b in body {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => open.push(b),
            b'}' | b']' => {
                open.pop();
            }
            _ => {}
        }
        if !b.is_ascii_whitespace() {
            last = Some(b);
        }
    }
    if in_string {
        return "Unterminated string starting at";
    }
    match (open.last(), last) {
        (Some(b'{'), Some(b'{' | b',')) => "Expecting property name enclosed in double quotes",
        (Some(b'{'), Some(b':')) | (Some(b'['), Some(b'[' | b',')) | (None, _) => "Expecting value",
        (Some(b'{'), _) => "Expecting ',' delimiter",
        _ => "Expecting ',' delimiter",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn headers(auth: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, HeaderValue::from_str(auth).unwrap());
        h
    }

    #[test]
    fn bearer_scheme_is_case_insensitive() {
        assert_eq!(bearer_token(&headers("bearer abc")), Some("abc"));
        assert_eq!(bearer_token(&headers("Bearer abc")), Some("abc"));
        assert_eq!(bearer_token(&headers("BEARER   abc")), Some("abc"));
        assert_eq!(bearer_token(&headers("Basic abc")), None);
        assert_eq!(bearer_token(&headers("bearerabc")), None);
        assert_eq!(bearer_token(&headers("bearer ")), None);
        assert_eq!(bearer_token(&HeaderMap::new()), None);
    }

    #[test]
    fn body_splits_into_ids_named_and_context() {
        let (args, ctx) =
            split_body(json!({"ids": [1, 3], "fields": ["name"], "context": {"lang": "en_US"}}))
                .unwrap();
        assert_eq!(args.ids, Some(vec![1, 3]));
        assert_eq!(Value::Object(args.named), json!({"fields": ["name"]}));
        assert_eq!(ctx, Some(json!({"lang": "en_US"})));
        let (args, _) = split_body(json!([1, 2])).unwrap();
        assert!(
            args.ids.is_none() && args.named.is_empty(),
            "an array body means no arguments"
        );
        assert!(split_body(json!({"ids": ["x"]})).is_err());
    }

    #[test]
    fn json_errors_read_like_pythons() {
        let body = b"{\"domain\": [], ";
        let e = serde_json::from_slice::<Value>(body).unwrap_err();
        assert_eq!(
            python_json_error(&e, body),
            "Expecting property name enclosed in double quotes: line 1 column 16 (char 15)"
        );
        let e = serde_json::from_slice::<Value>(b"").unwrap_err();
        assert_eq!(
            python_json_error(&e, b""),
            "Expecting value: line 1 column 1 (char 0)"
        );
        let e = serde_json::from_slice::<Value>(b"{\"a\": 1").unwrap_err();
        assert_eq!(
            python_json_error(&e, b"{\"a\": 1"),
            "Expecting ',' delimiter: line 1 column 8 (char 7)"
        );
    }
}
