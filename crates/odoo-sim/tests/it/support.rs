//! Helpers shared by the wire tests: spawning a simulator and calling it over HTTP.

use odoo_sim::{SimConfig, SimHandle};
use reqwest::header::HeaderMap;
use serde_json::{Value, json};

/// A simulator of `version` on a free port.
pub(crate) async fn sim(version: u32) -> SimHandle {
    odoo_sim::spawn(SimConfig::new().odoo_version(version))
        .await
        .expect("the simulator starts")
}

/// A plain HTTP client (no retries, no pooling surprises).
pub(crate) fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .expect("a client")
}

/// One answer: status, headers, and the body parsed as JSON (or a JSON string for HTML).
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Value,
}

impl Answer {
    pub(crate) async fn read(response: reqwest::Response) -> Self {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.expect("a body");
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Self {
            status,
            headers,
            body,
        }
    }

    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The exception name of a JSON-2 error body or a JSON-RPC error envelope.
    pub(crate) fn error_name(&self) -> Option<&str> {
        self.body
            .get("name")
            .or_else(|| self.body.pointer("/error/data/name"))
            .and_then(Value::as_str)
    }
}

/// `POST /json/2/<model>/<method>` with the admin key and a JSON body.
pub(crate) async fn json2(sim: &SimHandle, model: &str, method: &str, body: Value) -> Answer {
    json2_as(sim, sim.admin_api_key(), model, method, body).await
}

/// `POST /json/2/<model>/<method>` with `key` as bearer token.
pub(crate) async fn json2_as(
    sim: &SimHandle,
    key: &str,
    model: &str,
    method: &str,
    body: Value,
) -> Answer {
    let response = client()
        .post(format!("{}/json/2/{model}/{method}", sim.url()))
        .bearer_auth(key)
        .header("X-Odoo-Database", sim.database())
        .json(&body)
        .send()
        .await
        .expect("the call is answered");
    Answer::read(response).await
}

/// `POST /jsonrpc` with `{service, method, args}`.
pub(crate) async fn jsonrpc(sim: &SimHandle, service: &str, method: &str, args: Value) -> Answer {
    let body = json!({"jsonrpc": "2.0", "method": "call", "id": 1,
        "params": {"service": service, "method": method, "args": args}});
    let response = client()
        .post(format!("{}/jsonrpc", sim.url()))
        .json(&body)
        .send()
        .await
        .expect("the call is answered");
    Answer::read(response).await
}
