//! The one place that sends HTTP requests: a base URL and a connection pool, one debug log
//! line per request (model, method, protocol, status, elapsed time; never a body or header).
//! Redirects are never followed (the answer keeps where it points), and a body is read in
//! chunks up to the size cap, never further.

use std::time::{Duration, Instant};

use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue, LOCATION, RETRY_AFTER, SET_COOKIE};
use url::Url;

use super::fault;
use crate::base_url::redirect_base;
use crate::error::{Error, ErrorKind, Transience};
use crate::retry::parse_retry_after;
use crate::secret::Secret;

/// An Odoo instance's base URL with the client's connection pool.
#[derive(Debug, Clone)]
pub(crate) struct Endpoint {
    http: reqwest::Client,
    base: String,
    /// `base`, parsed once: a POST's URL is this plus path segments, never parsed again.
    base_url: Url,
    max_response_bytes: usize,
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
    /// For a redirect: the base URL it points to.
    pub(crate) redirect: Option<String>,
    /// The web session id a `Set-Cookie: session_id=…` header gave, if any.
    pub(crate) session_id: Option<Secret>,
}

impl Reply {
    /// The error for this reply's status when its body carries no Odoo exception: a
    /// redirect names its target, Odoo's "no database" page says so.
    pub(crate) fn status_error(&self) -> Error {
        if let Some(target) = &self.redirect {
            return fault::redirect_error(self.status, target);
        }
        if self.status == 404 && fault::is_no_database_page(&self.body) {
            return fault::unknown_database_error();
        }
        fault::status_error(self.status, self.retry_after)
    }
    /// Whether this answer says the configuration is wrong (a redirect, no such database),
    /// so no other request should be tried in its place.
    pub(crate) fn is_configuration_error(&self) -> bool {
        self.redirect.is_some() || (self.status == 404 && fault::is_no_database_page(&self.body))
    }
}

impl Endpoint {
    /// An endpoint at `base` (normalised, without a trailing `/`) reading at most
    /// `max_response_bytes` of an answer; an error when `base` is not an `http(s)` URL.
    pub(crate) fn new(
        http: reqwest::Client,
        base: String,
        max_response_bytes: usize,
    ) -> Result<Self, Error> {
        let base_url = Url::parse(&base)
            .ok()
            .filter(|u| !u.cannot_be_a_base() && u.query().is_none() && u.fragment().is_none())
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::InvalidInput,
                    "the instance URL is not a base URL such as https://odoo.example.com",
                )
            })?;
        Ok(Self {
            http,
            base,
            base_url,
            max_response_bytes,
        })
    }

    /// `base + path` for a `path` of plain segments (`/json/2/res.partner/search_read`): the
    /// URL parsed once with this path set, the same URL as parsing the concatenation, for a
    /// third of the instructions (only the path is parsed).
    fn post_url(&self, path: &str) -> Url {
        let mut url = self.base_url.clone();
        let prefix = self.base_url.path().trim_end_matches('/');
        if prefix.is_empty() {
            url.set_path(path);
        } else {
            url.set_path(&format!("{prefix}{path}"));
        }
        url
    }

    /// The base URL.
    pub(crate) fn base(&self) -> &str {
        &self.base
    }

    /// `POST base+path` with a JSON body and extra headers. `path` is plain segments (names
    /// already validated), without a query.
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
            .post(self.post_url(path))
            .headers(headers)
            .body(body);
        self.exchange(request, path, label).await
    }

    /// `GET base+path`.
    pub(crate) async fn get(&self, path: &str, label: Label<'_>) -> Result<Reply, Error> {
        self.get_with(path, HeaderMap::new(), label).await
    }

    /// `GET base+path` with extra headers (a session cookie, a bearer key).
    pub(crate) async fn get_with(
        &self,
        path: &str,
        headers: HeaderMap,
        label: Label<'_>,
    ) -> Result<Reply, Error> {
        let request = self
            .http
            .get(format!("{}{}", self.base, path))
            .headers(headers);
        self.exchange(request, path, label).await
    }

    async fn exchange(
        &self,
        request: reqwest::RequestBuilder,
        path: &str,
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
        let redirect = response
            .status()
            .is_redirection()
            .then(|| response.headers().get(LOCATION))
            .flatten()
            .and_then(|v| v.to_str().ok())
            .map(|location| redirect_base(response.url().as_str(), path, location));
        let headers = response.headers();
        let is_json = headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.to_ascii_lowercase().contains("json"));
        let retry_after = headers
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_retry_after);
        let session_id = headers
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(session_cookie);
        let body = self.read_body(response).await;
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
            body: body?,
            redirect,
            session_id,
        })
    }

    /// Reads a body in chunks, refusing it as soon as it passes the cap (announced by
    /// `Content-Length` or counted).
    async fn read_body(&self, mut response: reqwest::Response) -> Result<Vec<u8>, Error> {
        let cap = self.max_response_bytes;
        let too_large = || {
            Error::new(
                ErrorKind::ResponseTooLarge,
                format!(
                    "Odoo's answer is larger than {cap} bytes (the max_response_bytes option) \
                     and was not read: ask for fewer records or fields, or raise the limit"
                ),
            )
            .with_transience(Transience::Permanent)
        };
        let announced = response.content_length().unwrap_or(0);
        if usize::try_from(announced).map_or(true, |n| n > cap) {
            return Err(too_large());
        }
        let mut body = Vec::with_capacity(usize::try_from(announced).unwrap_or(0));
        while let Some(chunk) = response.chunk().await.map_err(fault::transport_error)? {
            if body.len() + chunk.len() > cap {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }
}

/// The value of a `session_id=…` cookie (Odoo's web session), if `set_cookie` sets one.
fn session_cookie(set_cookie: &str) -> Option<Secret> {
    let pair = set_cookie.split(';').next()?.trim();
    let value = pair.strip_prefix("session_id=")?;
    (!value.is_empty()).then(|| Secret::new(value))
}

#[cfg(test)]
mod tests {
    use super::{Endpoint, Url, session_cookie};

    #[test]
    fn a_post_url_is_the_parsed_concatenation() {
        let bases = [
            "http://127.0.0.1:8069",
            "https://odoo.example.com",
            "https://odoo.example.com/prefix",
            "https://odoo.example.com/a/b",
            "http://[::1]:8069",
            "https://xn--bcher-kva.example",
        ];
        let paths = [
            "/jsonrpc",
            "/web/session/authenticate",
            "/json/2/res.partner/search_read",
            "/json/2/sale.order.line/web_read_group",
        ];
        for base in bases {
            let endpoint =
                Endpoint::new(reqwest::Client::new(), base.to_owned(), 1024).expect("a base URL");
            for path in paths {
                let parsed = Url::parse(&format!("{base}{path}")).expect("parses");
                assert_eq!(endpoint.post_url(path), parsed, "{base} + {path}");
            }
        }
        for junk in ["not a url", "mailto:x@example.com", "https://h/?q=1"] {
            assert!(
                Endpoint::new(reqwest::Client::new(), junk.to_owned(), 1024).is_err(),
                "{junk}"
            );
        }
    }

    #[test]
    fn reads_the_session_cookie_only() {
        let set = "session_id=abc123; Expires=Sun, 13 Dec 2026 10:00:00 GMT; HttpOnly; Path=/";
        assert_eq!(
            session_cookie(set).map(|s| s.expose().to_owned()),
            Some("abc123".into())
        );
        assert!(session_cookie("frontend_lang=en_US; Path=/").is_none());
        assert!(session_cookie("session_id=; Path=/").is_none());
    }
}
