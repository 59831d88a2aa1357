//! The two protocol eras as the runner speaks them: the 2025-11-25 `initialize` handshake, and
//! the 2026-07-28 `server/discover` era where every request carries its protocol context in
//! `_meta` (and, over HTTP, in `MCP-Protocol-Version`, `Mcp-Method` and `Mcp-Name` headers).

use base64::Engine;
use serde_json::{Value, json};

use super::catalogue::Message;

/// A protocol era.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Era {
    Initialize,
    Modern,
}

impl Era {
    pub(super) fn version(self) -> &'static str {
        match self {
            Era::Initialize => "2025-11-25",
            Era::Modern => "2026-07-28",
        }
    }

    /// The first request of a session.
    pub(super) fn handshake(self) -> Value {
        match self {
            Era::Initialize => json!({"jsonrpc": "2.0", "id": "init", "method": "initialize",
                "params": {"protocolVersion": self.version(), "capabilities": {},
                    "clientInfo": {"name": "hostile", "version": "1"}}}),
            Era::Modern => self.shape(json!({"jsonrpc": "2.0", "id": "init",
                "method": "server/discover", "params": {}})),
        }
    }

    /// `request` with this era's per-request `_meta` (a no-op for the `initialize` era and for
    /// anything that is not a request object with object or absent params).
    pub(super) fn shape(self, mut request: Value) -> Value {
        if self == Era::Initialize || request.get("method").is_none() {
            return request;
        }
        let Some(object) = request.as_object_mut() else {
            return request;
        };
        let params = object.entry("params").or_insert_with(|| json!({}));
        if let Some(params) = params.as_object_mut() {
            let meta = params.entry("_meta").or_insert_with(|| json!({}));
            if let Some(meta) = meta.as_object_mut() {
                meta.insert(
                    "io.modelcontextprotocol/protocolVersion".into(),
                    json!(self.version()),
                );
                meta.insert(
                    "io.modelcontextprotocol/clientCapabilities".into(),
                    json!({}),
                );
                meta.insert(
                    "io.modelcontextprotocol/clientInfo".into(),
                    json!({"name": "hostile", "version": "1"}),
                );
            }
        }
        request
    }
}

/// One message ready to send: its text, the id its answer carries, and what an HTTP client
/// would put in the routing headers.
pub(super) struct Wire {
    pub(super) text: String,
    pub(super) id: Option<Value>,
    pub(super) method: Option<String>,
    pub(super) name: Option<String>,
}

impl Wire {
    pub(super) fn new(message: Message, era: Era) -> Self {
        let (text, value) = match message {
            Message::Request(v) => {
                let v = era.shape(v);
                (v.to_string(), Some(v))
            }
            Message::Raw(text) => {
                // Shallow raw messages only: a deep one is never parsed here (serde_json's
                // own depth limit), it goes out as written.
                match serde_json::from_str::<Value>(&text) {
                    Ok(v) if era == Era::Modern && v.get("method").is_some() => {
                        let v = era.shape(v);
                        (v.to_string(), Some(v))
                    }
                    Ok(v) => (text, Some(v)),
                    Err(_) => (text, None),
                }
            }
        };
        let value = value.unwrap_or(Value::Null);
        let method = value["method"].as_str().map(str::to_owned);
        let id = method.as_ref().and(value.get("id")).cloned();
        let name = match method.as_deref() {
            Some("tools/call" | "prompts/get") => value["params"]["name"].as_str(),
            Some("resources/read") => value["params"]["uri"].as_str(),
            _ => None,
        }
        .map(str::to_owned);
        Self {
            text,
            id,
            method,
            name,
        }
    }

    pub(super) fn request(value: Value, era: Era) -> Self {
        Self::new(Message::Request(value), era)
    }
}

/// A header value as SEP-2243 writes it: as is when plain printable ASCII, else Base64 in
/// `=?base64?…?=`.
pub(super) fn header_value(value: &str) -> String {
    let padded = value.starts_with([' ', '\t']) || value.ends_with([' ', '\t']);
    let printable = value.chars().all(|c| (' '..='~').contains(&c));
    let sentinel = value.starts_with("=?base64?") && value.ends_with("?=");
    if printable && !padded && !sentinel {
        value.to_owned()
    } else {
        format!(
            "=?base64?{}?=",
            base64::engine::general_purpose::STANDARD.encode(value)
        )
    }
}
