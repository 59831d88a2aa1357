//! `POST /jsonrpc`: the JSON-RPC 2.0 envelope around Odoo's `common`, `db` and `object`
//! services. Always HTTP 200; exceptions travel in `error.data`.

use std::time::Instant;

use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use http::{HeaderMap, StatusCode, header};
use serde_json::{Map, Value, json};

use crate::engine::{Env, py_type, python_dict, python_kwargs};
use crate::state::SimState;
use crate::wire::error::OdooError;
use crate::wire::inject::{Protocol, intercept};
use crate::wire::{is_json_content_type, json_response, pages};

/// One parsed JSON-RPC call.
#[derive(Debug)]
struct Call {
    id: Value,
    service: Option<String>,
    method: Option<String>,
    args: Vec<Value>,
}

/// Handles `POST /jsonrpc`.
pub(crate) async fn handle(
    State(state): State<SimState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let started = Instant::now();
    let parsed: Result<Value, _> = serde_json::from_slice(&body);
    let call = parsed.as_ref().ok().map(parse_call);
    let target = call.as_ref().and_then(object_target);
    if let Some((model, method)) = &target {
        state.count(model, method);
    }
    let (model, method) = target.unwrap_or_default();
    let response = if !method.is_empty() && state.faults().take_drop(&method, false) {
        crate::wire::inject::dropped_connection()
    } else {
        let response = respond(&state, &headers, call).await;
        if !method.is_empty() && state.faults().take_drop(&method, true) {
            crate::wire::inject::dropped_connection()
        } else {
            response
        }
    };
    tracing::debug!(
        protocol = "jsonrpc",
        model,
        method,
        status = response.status().as_u16(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "request"
    );
    response
}

async fn respond(state: &SimState, headers: &HeaderMap, call: Option<Call>) -> Response {
    if let Some(injected) = intercept(state, Protocol::JsonRpc).await {
        return injected;
    }
    if !is_json_content_type(headers.get(header::CONTENT_TYPE)) {
        return pages::unsupported_media_type("/jsonrpc", "jsonrpc");
    }
    let Some(call) = call else {
        let e = OdooError::http(StatusCode::BAD_REQUEST, "Invalid JSON data");
        return envelope(state, &Value::Null, Err(e));
    };
    let id = call.id.clone();
    let worker_state = state.clone();
    let outcome = tokio::task::spawn_blocking(move || dispatch(&worker_state, call)).await;
    let result = outcome.unwrap_or_else(|join| {
        tracing::error!(error = %join, "the engine failed");
        Err(OdooError::new(
            "builtins.RuntimeError",
            "internal simulator error",
        ))
    });
    envelope(state, &id, result)
}

/// `{"jsonrpc": "2.0", "id": …, "result": …}` or `{…, "error": {code, message, data}}`.
pub(crate) fn envelope(state: &SimState, id: &Value, result: Result<Value, OdooError>) -> Response {
    let body = match result {
        Ok(result) => json!({"jsonrpc": "2.0", "id": id, "result": result}),
        Err(e) => json!({
            "jsonrpc": "2.0",
            "id": id,
            "error": {
                "code": state.inner.version.jsonrpc_error_code,
                "message": "Odoo Server Error",
                "data": e.to_json(),
            }
        }),
    };
    json_response(StatusCode::OK, &body)
}

fn parse_call(body: &Value) -> Call {
    let params = body.get("params");
    let text = |key: &str| {
        params
            .and_then(|p| p.get(key))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    Call {
        id: body.get("id").cloned().unwrap_or(Value::Null),
        service: text("service"),
        method: text("method"),
        args: match params.and_then(|p| p.get("args")) {
            Some(Value::Array(args)) => args.clone(),
            _ => Vec::new(),
        },
    }
}

/// `(model, method)` of an `object.execute_kw` / `object.execute` call, for request counting.
fn object_target(call: &Call) -> Option<(String, String)> {
    if call.service.as_deref() != Some("object") {
        return None;
    }
    if !matches!(call.method.as_deref(), Some("execute_kw" | "execute")) {
        return None;
    }
    let model = call.args.get(3)?.as_str()?;
    let method = call.args.get(4)?.as_str()?;
    Some((model.to_owned(), method.to_owned()))
}

/// Runs `service.method(*args)` (`common`, `db`, `object`) as `/jsonrpc` does; XML-RPC
/// (`wire::xmlrpc`) serves the same services through it.
pub(crate) fn dispatch_service(
    state: &SimState,
    service: &str,
    method: &str,
    args: Vec<Value>,
) -> Result<Value, OdooError> {
    dispatch(
        state,
        Call {
            id: Value::Null,
            service: Some(service.to_owned()),
            method: Some(method.to_owned()),
            args,
        },
    )
}

fn dispatch(state: &SimState, call: Call) -> Result<Value, OdooError> {
    let Some(service) = call.service else {
        return Err(missing_argument("service"));
    };
    let Some(method) = call.method else {
        return Err(missing_argument("method"));
    };
    match service.as_str() {
        "common" => common(state, &method, &call.args),
        // Odoo 20 dropped the `db` service: its name is then unknown, like any other.
        "db" if state.inner.version.db_service => db(state, &method, &call.args),
        "object" => object(state, &method, call.args),
        other => Err(OdooError::new("builtins.KeyError", format!("'{other}'"))),
    }
}

fn missing_argument(name: &str) -> OdooError {
    OdooError::new(
        "builtins.TypeError",
        format!("WebClient.jsonrpc() missing 1 required positional argument: '{name}'"),
    )
}

fn positional_count(function: &str, expected: usize, got: usize) -> OdooError {
    OdooError::new(
        "builtins.TypeError",
        format!("{function}() takes {expected} positional arguments but {got} were given"),
    )
}

/// `psycopg2.OperationalError` for an unknown database (sample jsonrpc_error_bad_db.json).
fn check_db(state: &SimState, db: Option<&Value>) -> Result<(), OdooError> {
    let name = match db {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    if name == state.inner.database {
        return Ok(());
    }
    let message = format!(
        "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  database \"{name}\" does not exist\n"
    );
    Err(OdooError::new("psycopg2.OperationalError", message)
        .with_debug_line(&format!("KeyError: '{name}'")))
}

/// `common.version`, `common.about`, `common.login`, `common.authenticate`.
fn common(state: &SimState, method: &str, args: &[Value]) -> Result<Value, OdooError> {
    match method {
        "version" => Ok(state.inner.version.common_version()),
        "about" => {
            let info = Value::from("See http://openerp.com");
            let extended = args
                .first()
                .is_some_and(|v| !matches!(v, Value::Null | Value::Bool(false)));
            Ok(if extended {
                json!([info, state.inner.version.server_version()])
            } else {
                info
            })
        }
        "login" | "authenticate" => {
            let expected = if method == "login" { 3 } else { 4 };
            if args.len() != expected {
                return Err(positional_count(
                    &format!("exp_{method}"),
                    expected,
                    args.len(),
                ));
            }
            check_db(state, args.first())?;
            let login = args.get(1).and_then(Value::as_str).unwrap_or("");
            let secret = args.get(2).and_then(Value::as_str).unwrap_or("");
            if !state.inner.credentials.check_password(
                login,
                secret,
                state.inner.version.rpc_login(),
            ) {
                return Ok(Value::Bool(false));
            }
            Ok(state
                .inner
                .engine
                .user_id(login)
                .map_or(Value::Bool(false), Value::from))
        }
        other => Err(OdooError::new(
            "builtins.KeyError",
            format!("'exp_{other}'"),
        )),
    }
}

/// `db.list`, `db.server_version`, `db.db_exist`.
fn db(state: &SimState, method: &str, args: &[Value]) -> Result<Value, OdooError> {
    match method {
        "list" => Ok(json!([state.inner.database])),
        "server_version" => Ok(Value::from(state.inner.version.server_version())),
        "db_exist" => Ok(Value::Bool(
            args.first().and_then(Value::as_str) == Some(&state.inner.database),
        )),
        other => Err(OdooError::new(
            "builtins.KeyError",
            format!("'exp_{other}'"),
        )),
    }
}

/// `object.execute_kw(db, uid, password, model, method, args, kwargs)` and
/// `object.execute(db, uid, password, model, method, *args)`.
fn object(state: &SimState, method: &str, args: Vec<Value>) -> Result<Value, OdooError> {
    if method != "execute_kw" && method != "execute" {
        return Err(OdooError::new(
            "builtins.NameError",
            format!("Method not available {method}"),
        ));
    }
    if args.len() < 5 {
        return Err(OdooError::new(
            "builtins.ValueError",
            format!(
                "not enough values to unpack (expected at least 5, got {})",
                args.len()
            ),
        ));
    }
    let mut args = args.into_iter();
    let (db, uid, password) = (args.next(), args.next(), args.next());
    check_db(state, db.as_ref())?;
    let uid = authenticate_uid(state, uid.as_ref(), password.as_ref())?;
    let model = text_argument(args.next())?;
    let model_method = text_argument(args.next())?;
    let (positional, kwargs) = if method == "execute_kw" {
        // `execute(db, uid, obj, method, *args, **kw or {})`.
        let positional = match args.next() {
            Some(Value::Array(items)) => items,
            Some(Value::String(s)) => s.chars().map(|c| Value::from(c.to_string())).collect(),
            Some(Value::Object(map)) => map.keys().map(|k| Value::from(k.as_str())).collect(),
            Some(other) => {
                return Err(OdooError::new(
                    "builtins.TypeError",
                    format!(
                        "odoo.service.model.execute() argument after * must be an iterable, not {}",
                        py_type(&other)
                    ),
                ));
            }
            None => {
                return Err(OdooError::new(
                    "builtins.TypeError",
                    "execute_kw() missing 1 required positional argument: 'args'",
                ));
            }
        };
        let kwargs =
            python_kwargs(args.next()).map_err(|f| OdooError::from_fault_jsonrpc(&f, &model))?;
        (positional, kwargs)
    } else {
        (args.collect(), Map::new())
    };
    call_kw(state, uid, &model, &model_method, positional, kwargs)
}

/// Odoo's `call_kw(model, method, args, kwargs)` as `uid`: shared by `object.execute_kw` and
/// the web client's `/web/dataset/call_kw`.
pub(crate) fn call_kw(
    state: &SimState,
    uid: i64,
    model: &str,
    model_method: &str,
    positional: Vec<Value>,
    mut kwargs: Map<String, Value>,
) -> Result<Value, OdooError> {
    let (model, model_method) = (model.to_owned(), model_method.to_owned());
    // `call_kw`: `context = kwargs.pop('context', None) or {}`, then `with_context(context)`
    // once the method is known.
    let context = kwargs.remove("context");
    let engine = &state.inner.engine;
    let bound = engine
        .bind_positional(&model, &model_method, positional, kwargs)
        .map_err(|f| OdooError::from_fault_jsonrpc(&f, &model))?;
    let context = match context {
        Some(v) if is_truthy(&v) => {
            python_dict(&v).map_err(|f| OdooError::from_fault_jsonrpc(&f, &model))?
        }
        _ => Map::new(),
    };
    engine
        .call(&Env { uid, context }, &model, &model_method, bound)
        .map_err(|f| OdooError::from_fault_jsonrpc(&f, &model))
}

/// Python's truth value of a JSON value.
fn is_truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(m) => !m.is_empty(),
    }
}

fn text_argument(value: Option<Value>) -> Result<String, OdooError> {
    match value {
        Some(Value::String(s)) => Ok(s),
        other => Err(OdooError::new(
            "builtins.TypeError",
            format!("expected a string, got {}", other.unwrap_or(Value::Null)),
        )),
    }
}

/// The uid if `password` (a password or an API key) belongs to user `uid`, else AccessDenied.
fn authenticate_uid(
    state: &SimState,
    uid: Option<&Value>,
    password: Option<&Value>,
) -> Result<i64, OdooError> {
    let uid = match uid {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    };
    let (Some(uid), Some(secret)) = (uid, password.and_then(Value::as_str)) else {
        return Err(OdooError::access_denied());
    };
    let credentials = &state.inner.credentials;
    let mut ok = false;
    for login in credentials.logins() {
        if state.inner.engine.user_id(login) == Some(uid) {
            ok |= credentials.check_password(login, secret, state.inner.version.rpc_login());
        }
    }
    if ok {
        Ok(uid)
    } else {
        Err(OdooError::access_denied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_fields_are_read_leniently() {
        let call = parse_call(
            &json!({"jsonrpc": "2.0", "id": 7, "params": {"service": "object",
            "method": "execute_kw", "args": ["demo", 2, "pw", "res.partner", "read", [[1]]]}}),
        );
        assert_eq!(call.id, json!(7));
        assert_eq!(
            object_target(&call),
            Some(("res.partner".into(), "read".into()))
        );
        let call = parse_call(&json!({"params": {"service": "common", "method": "version"}}));
        assert_eq!(call.id, Value::Null);
        assert!(call.args.is_empty());
        assert_eq!(object_target(&call), None);
    }

    /// Any JSON value shaped like a JSON-RPC envelope, a few levels deep.
    fn envelope() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<i64>().prop_map(|n| json!(n)),
            any::<f64>().prop_map(|f| json!(f)),
            prop_oneof![
                "object",
                "common",
                "db",
                "execute_kw",
                "execute",
                "login",
                "version"
            ]
            .prop_map(|s| json!(s)),
            any::<String>().prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 32, 5, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::btree_map(
                    prop_oneof!["id", "params", "service", "method", "args", "x"],
                    inner,
                    0..4
                )
                .prop_map(|m| Value::Object(
                    m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
                )),
            ]
        })
    }

    proptest::proptest! {
        // Fuzzing (proptest): any envelope is read without panicking; `PROPTEST_CASES=100000
        // cargo test -p odoo-sim --lib fuzz` runs it longer.
        #[test]
        fn fuzz_any_envelope_is_read_without_panic(body in envelope()) {
            let call = parse_call(&body);
            let target = object_target(&call);
            if let Some((model, method)) = target {
                proptest::prop_assert!(call.args.len() >= 5);
                proptest::prop_assert_eq!(call.args[3].as_str(), Some(model.as_str()));
                proptest::prop_assert_eq!(call.args[4].as_str(), Some(method.as_str()));
            }
        }
    }
}
