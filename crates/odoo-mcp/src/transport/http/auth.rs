//! Bearer-token authentication of `/mcp`: a tower layer (axum middleware) that lets a request
//! through only with `Authorization: Bearer <token>` matching a configured token, and records
//! the client's [`Caller`] in the request's extensions for the tools. Anything else
//! gets HTTP 401 with `WWW-Authenticate: Bearer …` and a JSON-RPC error body that says nothing
//! about the configuration; a token in the query string is refused even when it is right
//! (URLs end up in proxy logs).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::audit::{AuditLog, RefusedRequest};
use crate::caller::{Caller, CallerKind};
use crate::config::{AuthConfig, ClientConfig};

/// The middleware's state: the configuration and each client's [`Caller`], made once.
#[derive(Debug, Clone)]
pub(crate) struct Authenticator {
    pub(crate) auth: Arc<AuthConfig>,
    callers: Arc<HashMap<String, Caller>>,
    audit: AuditLog,
}

impl Authenticator {
    pub(crate) fn new(auth: Arc<AuthConfig>, audit: AuditLog) -> Self {
        let callers = auth
            .clients
            .iter()
            .map(|c| {
                let caller = Caller::new(
                    c.name.clone(),
                    CallerKind::StaticToken,
                    c.restrictions.clone(),
                );
                (c.name.clone(), caller)
            })
            .collect();
        Self {
            auth,
            callers: Arc::new(callers),
            audit,
        }
    }

    /// The caller a request authenticates as (any caller when authentication is off).
    pub(crate) fn caller(
        &self,
        query: Option<&str>,
        headers: &HeaderMap,
    ) -> Result<Caller, Refusal> {
        if !self.auth.is_enabled() {
            return Ok(Caller::anonymous());
        }
        let client = check(&self.auth, query, headers)?;
        Ok(self
            .callers
            .get(&client.name)
            .cloned()
            .unwrap_or_else(Caller::anonymous))
    }
}

/// The realm named in `WWW-Authenticate`.
const REALM: &str = "odoo-mcp";

/// Query parameters that carry a token (RFC 6750 §2.3 and common variants).
const TOKEN_PARAMS: &[&str] = &["access_token", "token", "auth", "bearer"];

/// Why a request was refused; each maps to one `WWW-Authenticate` error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// No credentials at all.
    Missing,
    /// A token was presented and is not accepted.
    InvalidToken,
    /// A token in the URL, or a malformed `Authorization` header.
    InvalidRequest,
}

/// The middleware: passes authenticated requests to `next`.
pub(crate) async fn require_bearer(
    State(auth): State<Authenticator>,
    mut request: Request,
    next: Next,
) -> Response {
    match auth.caller(request.uri().query(), request.headers()) {
        Ok(caller) => {
            request.extensions_mut().insert(caller);
            next.run(request).await
        }
        Err(refusal) => {
            tracing::info!(reason = ?refusal, "refused an unauthenticated HTTP request");
            auth.audit.write(&RefusedRequest::new(
                None,
                request.method().as_str(),
                request.uri().path(),
                "auth",
            ));
            unauthorized(refusal)
        }
    }
}

/// The client whose token the request carries.
pub(crate) fn check<'a>(
    auth: &'a AuthConfig,
    query: Option<&str>,
    headers: &HeaderMap,
) -> Result<&'a ClientConfig, Refusal> {
    if query.is_some_and(has_token_param) {
        return Err(Refusal::InvalidRequest);
    }
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(Refusal::Missing);
    };
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .filter(|token| !token.is_empty())
        .ok_or(Refusal::InvalidRequest)?;
    auth.identify(token).ok_or(Refusal::InvalidToken)
}

fn has_token_param(query: &str) -> bool {
    query.split('&').any(|pair| {
        let name = pair.split_once('=').map_or(pair, |(name, _)| name);
        TOKEN_PARAMS.iter().any(|p| name.eq_ignore_ascii_case(p))
    })
}

/// HTTP 401: `WWW-Authenticate` per RFC 6750 §3 and a JSON-RPC error without detail.
fn unauthorized(refusal: Refusal) -> Response {
    let challenge = match refusal {
        Refusal::Missing => format!("Bearer realm=\"{REALM}\""),
        Refusal::InvalidToken => format!("Bearer realm=\"{REALM}\", error=\"invalid_token\""),
        Refusal::InvalidRequest => format!(
            "Bearer realm=\"{REALM}\", error=\"invalid_request\", \
             error_description=\"send the token in the Authorization header\""
        ),
    };
    let body = json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": { "code": -32001, "message": "unauthorized" },
    });
    let mut response = (StatusCode::UNAUTHORIZED, axum::Json(body)).into_response();
    if let Ok(value) = HeaderValue::from_str(&challenge) {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Env, MIN_TOKEN_CHARS};

    const TOKEN: &str = "the-right-token-0123456789";

    fn auth() -> AuthConfig {
        assert!(TOKEN.len() >= MIN_TOKEN_CHARS);
        AuthConfig::from_env(&Env::from_pairs([("MCP_AUTH_TOKEN", TOKEN)])).expect("token")
    }

    fn headers(authorization: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_str(authorization).expect("header"),
        );
        h
    }

    #[test]
    fn the_right_bearer_token_passes() {
        let auth = auth();
        let client = check(&auth, None, &headers(&format!("Bearer {TOKEN}"))).expect("passes");
        assert_eq!(client.name, "default");
        assert!(check(&auth, None, &headers(&format!("bearer {TOKEN}"))).is_ok());
    }

    #[test]
    fn missing_wrong_and_malformed_credentials_are_refused() {
        let auth = auth();
        let refusal = |h: &HeaderMap| check(&auth, None, h).map(|c| c.name.clone());
        assert_eq!(refusal(&HeaderMap::new()), Err(Refusal::Missing));
        assert_eq!(
            refusal(&headers("Bearer wrong-token-0123456789")),
            Err(Refusal::InvalidToken)
        );
        assert_eq!(
            refusal(&headers(&format!("Basic {TOKEN}"))),
            Err(Refusal::InvalidRequest)
        );
        assert_eq!(refusal(&headers("Bearer ")), Err(Refusal::InvalidRequest));
    }

    #[test]
    fn a_token_in_the_query_string_is_refused_even_when_right() {
        let query = format!("access_token={TOKEN}");
        assert_eq!(
            check(&auth(), Some(&query), &headers(&format!("Bearer {TOKEN}"))).map(|_| ()),
            Err(Refusal::InvalidRequest)
        );
    }

    #[tokio::test]
    async fn the_401_names_the_scheme_and_reveals_nothing() {
        let response = unauthorized(Refusal::InvalidToken);
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        let challenge = response
            .headers()
            .get(header::WWW_AUTHENTICATE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert!(challenge.starts_with("Bearer realm="), "{challenge}");
        assert!(challenge.contains("invalid_token"), "{challenge}");
        let body = axum::body::to_bytes(response.into_body(), 4096)
            .await
            .expect("body");
        let body: serde_json::Value = serde_json::from_slice(&body).expect("JSON body");
        assert_eq!(body["error"]["message"], "unauthorized");
        assert!(!body.to_string().contains(TOKEN));
    }
}
