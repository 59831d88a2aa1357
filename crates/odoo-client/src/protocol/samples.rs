//! Test support: the request/response pairs recorded from a real Odoo 19 server.

use serde_json::Value;

use super::http::Reply;

/// The recorded exchange `name` (`json2_search_read`, ...), as JSON.
pub(crate) fn sample(name: &str) -> Value {
    let path = format!(
        "{}/../../../shared/odoo-protocol/samples/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The recorded request body.
pub(crate) fn request_body(name: &str) -> Value {
    sample(name)["request"]["body"].clone()
}

/// The recorded response, as the HTTP layer would hand it over.
pub(crate) fn reply(name: &str) -> Reply {
    let response = sample(name)["response"].clone();
    let content_type = response["headers"]["Content-Type"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    let body = match &response["body"] {
        Value::String(raw) if !content_type.contains("json") || raw.starts_with('{') => {
            raw.clone().into_bytes()
        }
        other => serde_json::to_vec(other).unwrap(),
    };
    Reply {
        status: u16::try_from(response["status"].as_u64().unwrap()).unwrap(),
        is_json: content_type.contains("json"),
        retry_after: None,
        body,
        redirect: None,
        session_id: None,
    }
}
