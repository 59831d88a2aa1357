//! Bounded HTTP requests to the authorization server (metadata, JWKS, introspection): HTTPS
//! only (plain HTTP only for a loopback test issuer), no redirects, short timeouts, and an
//! answer size cap, so that a slow or hostile endpoint cannot hold or flood the server.

use std::time::Duration;

use serde::de::DeserializeOwned;

use super::error::FetchError;

/// Time allowed to connect.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Time allowed for a whole request.
const TIMEOUT: Duration = Duration::from_secs(10);

/// An HTTP client for the authorization server. Cheap to clone.
#[derive(Clone)]
pub(crate) struct Fetcher {
    client: Option<reqwest::Client>,
}

impl Fetcher {
    /// A client; `allow_http` permits `http://` (the configuration allows it on loopback only).
    /// If no client can be built, the reason is logged and every fetch fails (fail closed).
    pub(crate) fn new(allow_http: bool) -> Self {
        let client = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .https_only(!allow_http)
            .user_agent(concat!("odoo-mcp/", env!("CARGO_PKG_VERSION")))
            .build();
        match client {
            Ok(client) => Self {
                client: Some(client),
            },
            Err(error) => {
                tracing::error!(%error, "cannot build the HTTP client for the OAuth issuer; every OAuth token will be refused");
                Self { client: None }
            }
        }
    }

    /// GETs `url` and parses at most `limit` bytes of JSON.
    pub(crate) async fn get_json<T: DeserializeOwned>(
        &self,
        url: &str,
        limit: usize,
    ) -> Result<T, FetchError> {
        let client = self.client.as_ref().ok_or(FetchError::NoClient)?;
        let request = client
            .get(url)
            .header(reqwest::header::ACCEPT, "application/json");
        read_json(request, url, limit).await
    }

    /// POSTs a form with HTTP Basic client authentication and parses the JSON answer.
    pub(crate) async fn post_form_json<T: DeserializeOwned>(
        &self,
        url: &str,
        (user, password): (&str, &str),
        form: &[(&str, &str)],
        limit: usize,
    ) -> Result<T, FetchError> {
        let client = self.client.as_ref().ok_or(FetchError::NoClient)?;
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        // RFC 6749 §2.3.1: the client id and secret are form-encoded before Basic encoding.
        let encode =
            |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
        let request = client
            .post(url)
            .basic_auth(encode(user), Some(encode(password)))
            .header(reqwest::header::ACCEPT, "application/json")
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(body);
        read_json(request, url, limit).await
    }
}

async fn read_json<T: DeserializeOwned>(
    request: reqwest::RequestBuilder,
    url: &str,
    limit: usize,
) -> Result<T, FetchError> {
    let failed = |source| FetchError::Request {
        url: url.to_owned(),
        source,
    };
    let mut response = request.send().await.map_err(failed)?;
    if response.status() != reqwest::StatusCode::OK {
        return Err(FetchError::Status {
            url: url.to_owned(),
            status: response.status().as_u16(),
        });
    }
    let too_large = || FetchError::TooLarge {
        url: url.to_owned(),
        limit,
    };
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(failed)? {
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    serde_json::from_slice(&body).map_err(|source| FetchError::Json {
        url: url.to_owned(),
        source,
    })
}
