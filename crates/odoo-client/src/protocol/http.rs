//! The one place that sends HTTP requests: a base URL and a connection pool, one debug log
//! line per request (model, method, protocol, status, elapsed time; never a body or header).

use std::time::{Duration, Instant};

use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue, RETRY_AFTER};

use super::fault;
use crate::error::Error;
use crate::retry::parse_retry_after;

/// An Odoo instance's base URL with the client's connection pool.
#[derive(Debug, Clone)]
pub(crate) struct Endpoint {
    http: reqwest::Client,
    base: String,
}

/// What a request is about, for the log line.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Label<'a> {
    /// The model (or the JSON-RPC service).
    pub(crate) model: &'a str,
    /// The method.
    pub(crate) method: &'a str,
    /// `json2`, `jsonrpc` or `http`.
    pub(crate) protocol: &'a str,
}

/// An HTTP answer, read in full.
#[derive(Debug, Clone)]
pub(crate) struct Reply {
    /// The status code.
    pub(crate) status: u16,
    /// Whether the server said the body is JSON.
    pub(crate) is_json: bool,
    /// The `Retry-After` delay, in seconds form.
    pub(crate) retry_after: Option<Duration>,
    /// The body.
    pub(crate) body: Vec<u8>,
}

impl Reply {
    /// The error for this reply's status when its body carries no Odoo exception.
    pub(crate) fn status_error(&self) -> Error {
        fault::status_error(self.status, self.retry_after)
    }
}

impl Endpoint {
    /// An endpoint at `base` (normalised, without a trailing `/`).
    pub(crate) fn new(http: reqwest::Client, base: String) -> Self {
        Self { http, base }
    }
    /// The base URL.
    pub(crate) fn base(&self) -> &str {
        &self.base
    }

    /// `POST base+path` with a JSON body and extra headers.
    pub(crate) async fn post_json(
        &self,
        path: &str,
        mut headers: HeaderMap,
        body: Vec<u8>,
        label: Label<'_>,
    ) -> Result<Reply, Error> {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        let request = self
            .http
            .post(format!("{}{}", self.base, path))
            .headers(headers)
            .body(body);
        self.exchange(request, label).await
    }

    /// `GET base+path`.
    pub(crate) async fn get(&self, path: &str, label: Label<'_>) -> Result<Reply, Error> {
        let request = self.http.get(format!("{}{}", self.base, path));
        self.exchange(request, label).await
    }

    async fn exchange(
        &self,
        request: reqwest::RequestBuilder,
        label: Label<'_>,
    ) -> Result<Reply, Error> {
        let started = Instant::now();
        let elapsed_ms = || u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let response = match request.send().await {
            Ok(r) => r,
            Err(e) => {
                let error = fault::transport_error(e);
                tracing::debug!(
                    model = label.model,
                    method = label.method,
                    protocol = label.protocol,
                    status = "none",
                    elapsed_ms = elapsed_ms(),
                    error = %error,
                    "odoo request failed"
                );
                return Err(error);
            }
        };
        let status = response.status().as_u16();
        let headers = response.headers();
        let is_json = headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.to_ascii_lowercase().contains("json"));
        let retry_after = headers
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_retry_after);
        let body = response.bytes().await.map_err(fault::transport_error);
        tracing::debug!(
            model = label.model,
            method = label.method,
            protocol = label.protocol,
            status,
            elapsed_ms = elapsed_ms(),
            "odoo request"
        );
        Ok(Reply {
            status,
            is_json,
            retry_after,
            body: body?.to_vec(),
        })
    }
}
