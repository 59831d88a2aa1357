//! `POST /web/session/authenticate`: the web client's login (JSON-RPC envelope with `db`,
//! `login`, `password`), answering Odoo's session info and a `session_id` cookie (samples
//! web_session_authenticate*.json). The login is interactive, as in Odoo: the password only,
//! never an API key. The session is kept (`SimState::open_session`): its cookie opens the
//! `auth='user'` report route (`report.rs`).

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use http::{HeaderMap, HeaderValue, StatusCode, header};
use serde_json::{Map, Value, json};

use crate::engine::{Args, Env};
use crate::state::SimState;
use crate::wire::error::OdooError;
use crate::wire::inject::{Protocol, intercept};
use crate::wire::{is_json_content_type, json_response, pages};

/// How long Odoo's session cookie lives (7 days).
const SESSION_LIFETIME_SECS: i64 = 7 * 24 * 3600;

/// Handles `POST /web/session/authenticate`.
pub(crate) async fn authenticate(
    State(state): State<SimState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let started = Instant::now();
    let response = respond(&state, &headers, &body).await;
    tracing::debug!(
        protocol = "web",
        path = "/web/session/authenticate",
        status = response.status().as_u16(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "request"
    );
    response
}

async fn respond(state: &SimState, headers: &HeaderMap, body: &[u8]) -> Response {
    if let Some(injected) = intercept(state, Protocol::JsonRpc).await {
        return injected;
    }
    if !is_json_content_type(headers.get(header::CONTENT_TYPE)) {
        return pages::unsupported_media_type("/web/session/authenticate", "jsonrpc");
    }
    let Ok(request) = serde_json::from_slice::<Value>(body) else {
        let e = OdooError::http(StatusCode::BAD_REQUEST, "Invalid JSON data");
        return envelope(state, &Value::Null, Err(e));
    };
    let id = request.get("id").cloned().unwrap_or(Value::Null);
    let params = request.get("params").cloned().unwrap_or(Value::Null);
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost:8069")
        .to_owned();
    let worker_state = state.clone();
    let outcome = tokio::task::spawn_blocking(move || login(&worker_state, &params, &host)).await;
    let result = outcome.unwrap_or_else(|join| {
        tracing::error!(error = %join, "the engine failed");
        Err(OdooError::new(
            "builtins.RuntimeError",
            "internal simulator error",
        ))
    });
    let uid = result
        .as_ref()
        .ok()
        .and_then(|info| info.get("uid"))
        .and_then(Value::as_i64);
    let mut response = envelope(state, &id, result);
    if let Some(uid) = uid {
        let cookie = session_cookie();
        if let Some(sid) = cookie_sid(&cookie) {
            state.open_session(sid.to_owned(), uid);
        }
        if let Ok(cookie) = HeaderValue::from_str(&cookie) {
            response.headers_mut().insert(header::SET_COOKIE, cookie);
        }
    }
    response
}

/// The JSON-RPC envelope, as `/jsonrpc` answers.
fn envelope(state: &SimState, id: &Value, result: Result<Value, OdooError>) -> Response {
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

/// Checks the database and the credentials, then builds the session info.
fn login(state: &SimState, params: &Value, host: &str) -> Result<Value, OdooError> {
    let text = |key: &str| -> Result<String, OdooError> {
        match params.get(key) {
            Some(Value::String(s)) => Ok(s.clone()),
            Some(Value::Null) | None => Err(OdooError::new(
                "builtins.TypeError",
                format!("Session.authenticate() missing 1 required positional argument: '{key}'"),
            )),
            Some(other) => Ok(other.to_string()),
        }
    };
    let db = text("db")?;
    let login = text("login")?;
    let password = text("password")?;
    if db != state.inner.database {
        return Err(OdooError::new(
            "odoo.exceptions.AccessError",
            "Database not found.",
        ));
    }
    if !state
        .inner
        .credentials
        .check_interactive_password(&login, &password)
    {
        return Err(OdooError::access_denied());
    }
    let Some(uid) = state.inner.engine.user_id(&login) else {
        return Err(OdooError::access_denied());
    };
    Ok(session_info(state, uid, &login, host))
}

/// Reads one record's fields as `uid` (falling back to the administrator), or an empty map.
fn read_one(
    state: &SimState,
    uid: i64,
    model: &str,
    id: i64,
    fields: &[&str],
) -> Map<String, Value> {
    let engine = &state.inner.engine;
    let admin = engine.user_id("admin").unwrap_or(uid);
    for reader in [uid, admin] {
        let mut named = Map::new();
        named.insert("fields".to_owned(), json!(fields));
        let args = Args {
            ids: Some(vec![id]),
            named,
        };
        let env = Env {
            uid: reader,
            context: Map::new(),
        };
        if let Ok(Value::Array(rows)) = engine.call(&env, model, "read", args)
            && let Some(Value::Object(row)) = rows.into_iter().next()
        {
            return row;
        }
    }
    Map::new()
}

/// The id of a many2one value (`[id, "name"]` or `false`).
fn many2one_id(value: Option<&Value>) -> Option<i64> {
    match value {
        Some(Value::Array(pair)) => pair.first().and_then(Value::as_i64),
        Some(v) => v.as_i64(),
        None => None,
    }
}

fn text_or<'a>(row: &'a Map<String, Value>, key: &str, default: &'a str) -> &'a str {
    row.get(key).and_then(Value::as_str).unwrap_or(default)
}

/// Odoo's `ir.http.session_info()` for `uid`, with the recording's keys.
fn session_info(state: &SimState, uid: i64, login: &str, host: &str) -> Value {
    let version = state.inner.version;
    let user = read_one(
        state,
        uid,
        "res.users",
        uid,
        &[
            "name",
            "login",
            "partner_id",
            "company_id",
            "company_ids",
            "tz",
            "lang",
            "share",
        ],
    );
    let partner_id = many2one_id(user.get("partner_id")).unwrap_or(0);
    let partner = read_one(
        state,
        uid,
        "res.partner",
        partner_id,
        &["display_name", "write_date"],
    );
    let company_id = many2one_id(user.get("company_id")).unwrap_or(1);
    let company_ids: Vec<i64> = user
        .get("company_ids")
        .and_then(Value::as_array)
        .map(|ids| ids.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_else(|| vec![company_id]);
    let mut allowed = Map::new();
    let mut currencies = Map::new();
    for id in &company_ids {
        let company = read_one(
            state,
            uid,
            "res.company",
            *id,
            &["name", "sequence", "child_ids", "parent_id", "currency_id"],
        );
        let currency_id = many2one_id(company.get("currency_id")).unwrap_or(1);
        if !currencies.contains_key(&currency_id.to_string()) {
            let currency = read_one(
                state,
                uid,
                "res.currency",
                currency_id,
                &["name", "symbol", "position", "decimal_places"],
            );
            currencies.insert(
                currency_id.to_string(),
                json!({
                    "name": text_or(&currency, "name", "USD"),
                    "symbol": text_or(&currency, "symbol", "$"),
                    "position": text_or(&currency, "position", "before"),
                    "digits": [69, currency.get("decimal_places").and_then(Value::as_i64).unwrap_or(2)],
                }),
            );
        }
        allowed.insert(
            id.to_string(),
            json!({
                "id": id,
                "name": text_or(&company, "name", ""),
                "sequence": company.get("sequence").and_then(Value::as_i64).unwrap_or(10),
                "child_ids": company.get("child_ids").cloned().unwrap_or_else(|| json!([])),
                "parent_id": many2one_id(company.get("parent_id")).map_or(Value::Bool(false), Value::from),
                "currency_id": currency_id,
            }),
        );
    }
    let is_admin = login == "admin";
    let lang = text_or(&user, "lang", "en_US").to_owned();
    let tz = text_or(&user, "tz", "Europe/Brussels").to_owned();
    let name = text_or(&user, "name", login).to_owned();
    let write_date = text_or(&partner, "write_date", "2026-11-22 14:49:21").to_owned();
    let settings = json!({
        "id": uid,
        "embedded_actions_config_ids": {},
        "is_discuss_sidebar_category_channel_open": true,
        "is_discuss_sidebar_category_chat_open": true,
        "push_to_talk_key": false,
        "use_push_to_talk": false,
        "voice_active_duration": 200,
        "channel_notifications": false,
        "user_id": {"id": uid},
        "volumes": [["ADD", []]],
    });
    json!({
        "uid": uid,
        "is_system": is_admin,
        "is_admin": is_admin,
        "is_public": false,
        "is_internal_user": user.get("share").and_then(Value::as_bool) != Some(true),
        "user_context": {"lang": lang, "tz": tz, "uid": uid},
        "db": state.inner.database,
        "registry_hash": "5e6d1a0b9c8f7e6d5c4b3a29181706f5e4d3c2b1a09f8e7d6c5b4a3928170605",
        "user_settings": settings,
        "server_version": version.server_version(),
        "server_version_info": version.version_info(),
        "support_url": "https://www.odoo.com/buy",
        "name": name,
        "username": login,
        "quick_login": true,
        "partner_write_date": write_date,
        "partner_display_name": text_or(&partner, "display_name", &name),
        "partner_id": partner_id,
        "web.base.url": format!("http://{host}"),
        "active_ids_limit": 20000,
        "profile_session": null,
        "profile_collectors": null,
        "profile_params": null,
        "max_file_upload_size": 134_217_728,
        "home_action_id": false,
        "currencies": currencies,
        "bundle_params": {"lang": lang},
        "test_mode": false,
        "view_info": view_info(),
        "groups": {"base.group_allow_export": true},
        "user_companies": {
            "current_company": company_id,
            "allowed_companies": allowed,
            "disallowed_ancestor_companies": {},
        },
        "show_effect": true,
        "max_time_between_keys_in_ms": 150,
        "websocket_worker_version": format!("{}-2", version.server_version()),
        "tour_enabled": false,
        "current_tour": null,
        "storeData": store_data(uid, partner_id, is_admin, &name, &write_date, &settings),
        "iap_company_enrich": true,
        "can_insert_in_spreadsheet": false,
    })
}

/// The discuss store the web client boots with (shape of the recording).
fn store_data(
    uid: i64,
    partner_id: i64,
    is_admin: bool,
    name: &str,
    write_date: &str,
    settings: &Value,
) -> Value {
    json!({
        "Store": {
            "action_discuss_id": 124,
            "channel_types_with_seen_infos": ["chat", "group"],
            "hasCannedResponses": true,
            "hasGifPickerFeature": false,
            "hasLinkPreviewFeature": true,
            "hasMessageTranslationFeature": false,
            "internalUserGroupId": 1,
            "mt_comment": 1,
            "mt_note": 2,
            "odoobot": 2,
            "self_partner": partner_id,
            "settings": settings,
        },
        "res.partner": [
            {"active": false, "avatar_128_access_token": "odoobot-avatar",
             "email": "odoobot@example.com", "id": 2, "im_status": "bot",
             "im_status_access_token": "odoobot-status", "is_company": false,
             "main_user_id": 1, "name": "OdooBot", "write_date": write_date},
            {"active": true, "avatar_128_access_token": format!("partner-{partner_id}-avatar"),
             "id": partner_id, "im_status": "offline",
             "im_status_access_token": format!("partner-{partner_id}-status"),
             "main_user_id": uid, "name": name, "write_date": write_date},
        ],
        "res.users": [
            {"id": 1, "share": false},
            {"id": uid, "is_admin": is_admin, "notification_type": "email", "share": false,
             "signature": ["markup", format!("<div>{name}</div>")]},
        ],
    })
}

/// The web client's view types (constant).
fn view_info() -> Value {
    let view = |name: &str, icon: &str, multi: bool| json!({"display_name": name, "icon": icon, "multi_record": multi});
    json!({
        "list": view("List", "oi oi-view-list", true),
        "form": view("Form", "fa fa-address-card", false),
        "graph": view("Graph", "fa fa-area-chart", true),
        "pivot": view("Pivot", "oi oi-view-pivot", true),
        "calendar": view("Calendar", "fa fa-calendar", true),
        "kanban": view("Kanban", "oi oi-view-kanban", true),
        "search": view("Search", "oi oi-search", true),
        "activity": view("Activity", "fa fa-clock-o", true),
    })
}

/// The session id of a `session_id=…; …` cookie.
fn cookie_sid(cookie: &str) -> Option<&str> {
    cookie.split(';').next()?.strip_prefix("session_id=")
}

/// `session_id=<random>; Expires=…; Max-Age=604800; HttpOnly; Path=/; SameSite=Lax`, as Odoo sets.
fn session_cookie() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut sid = String::new();
    for _ in 0..3 {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        sid.push_str(&format!("{:016x}", hasher.finish()));
    }
    let expires = chrono::Utc::now() + chrono::Duration::seconds(SESSION_LIFETIME_SECS);
    format!(
        "session_id={sid}; Expires={}; Max-Age={SESSION_LIFETIME_SECS}; HttpOnly; Path=/; SameSite=Lax",
        expires.format("%a, %d %b %Y %H:%M:%S GMT")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_fresh_and_http_only() {
        let (a, b) = (session_cookie(), session_cookie());
        assert_ne!(a, b);
        assert!(a.starts_with("session_id="));
        assert!(a.contains("; HttpOnly; Path=/"));
        let sid = a
            .trim_start_matches("session_id=")
            .split(';')
            .next()
            .unwrap_or("");
        assert_eq!(sid.len(), 48);
    }

    #[test]
    fn many2one_ids_are_read_from_pairs() {
        assert_eq!(many2one_id(Some(&json!([3, "x"]))), Some(3));
        assert_eq!(many2one_id(Some(&json!(4))), Some(4));
        assert_eq!(many2one_id(Some(&json!(false))), None);
    }
}
