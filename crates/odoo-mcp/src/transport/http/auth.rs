//! Bearer-token authentication of `/mcp`: a tower layer (axum middleware) that lets a request
//! through only with `Authorization: Bearer <token>` matching a configured token. Anything else
//! gets HTTP 401 with `WWW-Authenticate: Bearer …` and a JSON-RPC error body that says nothing
//! about the configuration; a token in the query string is refused even when it is right
//! (URLs end up in proxy logs).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

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

/// The middleware: passes authenticated requests to `next`.
pub(crate) async fn require_bearer(
    State(auth): State<Arc<AuthConfig>>,
    request: Request,
    next: Next,
) -> Response {
    match check(&auth, request.uri().query(), request.headers()) {
        Ok(()) => next.run(request).await,
        Err(refusal) => {
            tracing::info!(reason = ?refusal, "refused an unauthenticated HTTP request");
            unauthorized(refusal)
        }
    }
}

pub(crate) fn check(
    auth: &AuthConfig,
    query: Option<&str>,
    headers: &HeaderMap,
) -> Result<(), Refusal> {
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
    if auth.accepts(token) {
        Ok(())
    } else {
        Err(Refusal::InvalidToken)
    }
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
        assert_eq!(
            check(&auth(), None, &headers(&format!("Bearer {TOKEN}"))),
            Ok(())
        );
        assert_eq!(
            check(&auth(), None, &headers(&format!("bearer {TOKEN}"))),
            Ok(())
        );
    }

    #[test]
    fn missing_wrong_and_malformed_credentials_are_refused() {
        let auth = auth();
        assert_eq!(check(&auth, None, &HeaderMap::new()), Err(Refusal::Missing));
        assert_eq!(
            check(&auth, None, &headers("Bearer wrong-token-0123456789")),
            Err(Refusal::InvalidToken)
        );
        assert_eq!(
            check(&auth, None, &headers(&format!("Basic {TOKEN}"))),
            Err(Refusal::InvalidRequest)
        );
        assert_eq!(
            check(&auth, None, &headers("Bearer ")),
            Err(Refusal::InvalidRequest)
        );
    }

    #[test]
    fn a_token_in_the_query_string_is_refused_even_when_right() {
        let query = format!("access_token={TOKEN}");
        assert_eq!(
            check(&auth(), Some(&query), &headers(&format!("Bearer {TOKEN}"))),
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
