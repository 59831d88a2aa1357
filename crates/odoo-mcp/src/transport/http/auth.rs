//! Bearer-token authentication of `/mcp`: a tower layer (axum middleware) that lets a request
//! through only with `Authorization: Bearer <token>` matching a configured client's token, or,
//! with `[server.oauth]`, a valid OAuth access token (checked by [`oauth::admit`]), and records
//! the client's [`Caller`] in the request's extensions for the tools. Anything else gets HTTP
//! 401 with `WWW-Authenticate: Bearer …` and a JSON-RPC error body that says nothing about the
//! configuration; a token in the query string is refused even when it is right (URLs end up in
//! proxy logs).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::oauth::{self, OAuth};
use crate::audit::{AuditLog, RefusedRequest};
use crate::caller::{Caller, CallerKind};
use crate::config::AuthConfig;

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

/// What a token is checked against: the static tokens, then OAuth when configured.
#[derive(Clone)]
pub(crate) struct Gate {
    pub(crate) auth: Arc<AuthConfig>,
    pub(crate) oauth: Option<Arc<OAuth>>,
}

impl Gate {
    /// True when the request carries a static token or a valid OAuth token (for `/readyz`).
    pub(crate) async fn is_authenticated(&self, query: Option<&str>, headers: &HeaderMap) -> bool {
        let Ok(token) = bearer(query, headers) else {
            return false;
        };
        if self.auth.accepts(token) {
            return true;
        }
        match &self.oauth {
            Some(oauth) => oauth.admits(token).await,
            None => false,
        }
    }
}

/// The middleware's state: what tokens are checked against, each static client's [`Caller`]
/// (made once), and the audit log for refusals.
#[derive(Clone)]
pub(crate) struct Authenticator {
    gate: Gate,
    callers: Arc<HashMap<String, Caller>>,
    audit: AuditLog,
}

impl Authenticator {
    pub(crate) fn new(auth: Arc<AuthConfig>, oauth: Option<Arc<OAuth>>, audit: AuditLog) -> Self {
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
            gate: Gate { auth, oauth },
            callers: Arc::new(callers),
            audit,
        }
    }

    fn refuse(&self, request: &Request, refusal: Refusal, extra: Option<String>) -> Response {
        tracing::info!(reason = ?refusal, "refused an unauthenticated HTTP request");
        self.audit.write(&RefusedRequest::new(
            None,
            request.method().as_str(),
            request.uri().path(),
            crate::audit::RefusedBy::Auth,
        ));
        unauthorized(refusal, extra)
    }
}

/// The middleware: passes authenticated requests to `next`, their [`Caller`] recorded. A
/// static token is tried first (constant-time digest); otherwise the token goes to OAuth when
/// it is configured. Without any authentication configured every request is anonymous.
pub(crate) async fn require_bearer(
    State(auth): State<Authenticator>,
    mut request: Request,
    next: Next,
) -> Response {
    if !auth.gate.auth.is_enabled() {
        request.extensions_mut().insert(Caller::anonymous());
        return next.run(request).await;
    }
    let extra = |error: Option<&oauth::OAuthError>| {
        auth.gate.oauth.as_ref().map(|o| o.challenge_params(error))
    };
    let token = match bearer(request.uri().query(), request.headers()) {
        Ok(token) => token.to_owned(),
        Err(refusal) => return auth.refuse(&request, refusal, extra(None)),
    };
    if let Some(client) = auth.gate.auth.identify(&token) {
        let caller = auth
            .callers
            .get(&client.name)
            .cloned()
            .unwrap_or_else(Caller::anonymous);
        request.extensions_mut().insert(caller);
        return next.run(request).await;
    }
    match &auth.gate.oauth {
        Some(oauth) => {
            let audit = auth.audit.clone();
            let (method, path) = (
                request.method().as_str().to_owned(),
                request.uri().path().to_owned(),
            );
            oauth::admit(oauth, &token, request, next, move |params| {
                tracing::info!(reason = ?Refusal::InvalidToken, "refused an OAuth access token");
                audit.write(&RefusedRequest::new(
                    None,
                    &method,
                    &path,
                    crate::audit::RefusedBy::Auth,
                ));
                unauthorized(Refusal::InvalidToken, Some(params))
            })
            .await
        }
        None => auth.refuse(&request, Refusal::InvalidToken, None),
    }
}

/// The bearer token of a request: from the one `Authorization` header only.
pub(crate) fn bearer<'a>(query: Option<&str>, headers: &'a HeaderMap) -> Result<&'a str, Refusal> {
    if query.is_some_and(has_token_param) {
        return Err(Refusal::InvalidRequest);
    }
    let mut values = headers.get_all(header::AUTHORIZATION).iter();
    let Some(value) = values.next() else {
        return Err(Refusal::Missing);
    };
    // Two credentials are ambiguous: a proxy in front may have checked the other one.
    if values.next().is_some() {
        return Err(Refusal::InvalidRequest);
    }
    value
        .to_str()
        .ok()
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .filter(|token| !token.is_empty())
        .ok_or(Refusal::InvalidRequest)
}

/// The static client whose token the request carries.
#[cfg(test)]
pub(crate) fn check<'a>(
    auth: &'a AuthConfig,
    query: Option<&str>,
    headers: &HeaderMap,
) -> Result<&'a crate::config::ClientConfig, Refusal> {
    let token = bearer(query, headers)?;
    auth.identify(token).ok_or(Refusal::InvalidToken)
}

fn has_token_param(query: &str) -> bool {
    query.split('&').any(|pair| {
        let name = pair.split_once('=').map_or(pair, |(name, _)| name);
        TOKEN_PARAMS.iter().any(|p| name.eq_ignore_ascii_case(p))
    })
}

/// HTTP 401: `WWW-Authenticate` per RFC 6750 §3 (plus `extra` parameters: OAuth's
/// `resource_metadata` and `scope`) and a JSON-RPC error without detail.
fn unauthorized(refusal: Refusal, extra: Option<String>) -> Response {
    let mut challenge = match refusal {
        Refusal::Missing => format!("Bearer realm=\"{REALM}\""),
        Refusal::InvalidToken => format!("Bearer realm=\"{REALM}\", error=\"invalid_token\""),
        Refusal::InvalidRequest => format!(
            "Bearer realm=\"{REALM}\", error=\"invalid_request\", \
             error_description=\"send one token in one header: Authorization: Bearer <token>\""
        ),
    };
    if let Some(extra) = extra {
        challenge = format!("{challenge}, {extra}");
    }
    let body = json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": { "code": -32001, "message": "unauthorized" },
    });
    let mut response = (StatusCode::UNAUTHORIZED, axum::Json(body)).into_response();
    // The request body may be unread: close the connection rather than let the client reuse
    // one the server may close under it (a pooled client would see "disconnected").
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
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
        // Two credentials, the right one first or last: ambiguous, refused.
        let mut two = headers(&format!("Bearer {TOKEN}"));
        two.append(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer other-token-0123456789"),
        );
        assert_eq!(refusal(&two), Err(Refusal::InvalidRequest));
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
        let response = unauthorized(Refusal::InvalidToken, None);
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        let challenge = response
            .headers()
            .get(header::WWW_AUTHENTICATE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert!(challenge.starts_with("Bearer realm="), "{challenge}");
        assert!(challenge.contains("invalid_token"), "{challenge}");
        assert_eq!(
            response.headers().get(header::CONNECTION),
            Some(&HeaderValue::from_static("close")),
            "the unread body must not leave a half-used connection"
        );
        let body = axum::body::to_bytes(response.into_body(), 4096)
            .await
            .expect("body");
        let body: serde_json::Value = serde_json::from_slice(&body).expect("JSON body");
        assert_eq!(body["error"]["message"], "unauthorized");
        assert!(!body.to_string().contains(TOKEN));
    }
}
