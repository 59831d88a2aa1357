//! Bearer-token authentication, as an axum middleware in front of `/mcp`.
//!
//! The server never keeps the token itself, only its SHA-256 digest ([`TokenDigest`]); a
//! presented token is hashed and the digests are compared in constant time (`subtle`), so
//! neither the comparison's duration nor a memory dump reveals the token. Nothing here logs a
//! header.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The shortest token accepted at start-up: 32 characters (e.g. `openssl rand -hex 16`).
pub(crate) const MIN_TOKEN_CHARS: usize = 32;

/// The SHA-256 digest of the expected token.
#[derive(Clone)]
pub(crate) struct TokenDigest([u8; 32]);

impl std::fmt::Debug for TokenDigest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenDigest([redacted])")
    }
}

impl TokenDigest {
    /// Digests `token`, refusing one too short to resist guessing.
    pub(crate) fn new(token: &str) -> Result<Self, String> {
        if token.chars().count() < MIN_TOKEN_CHARS {
            return Err(format!(
                "the bearer token must be at least {MIN_TOKEN_CHARS} characters \
                 (e.g. `openssl rand -hex 16`)"
            ));
        }
        Ok(Self(Sha256::digest(token.as_bytes()).into()))
    }

    fn accepts(&self, presented: &str) -> bool {
        let digest: [u8; 32] = Sha256::digest(presented.as_bytes()).into();
        digest.ct_eq(&self.0).into()
    }
}

/// Lets a request through only with `Authorization: Bearer <the token>`; anything else gets
/// 401 with `WWW-Authenticate` (RFC 6750) and nothing else.
pub(crate) async fn require_bearer(
    State(expected): State<Arc<TokenDigest>>,
    request: Request,
    next: Next,
) -> Response {
    let presented = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    match presented {
        Some(token) if expected.accepts(token) => next.run(request).await,
        Some(_) => refuse(r#"Bearer realm="mcp", error="invalid_token""#),
        None => refuse(r#"Bearer realm="mcp""#),
    }
}

fn refuse(challenge: &'static str) -> Response {
    tracing::info!("refused a request without a valid bearer token");
    let mut response = (
        StatusCode::UNAUTHORIZED,
        "missing or invalid bearer token: send `Authorization: Bearer <token>`\n",
    )
        .into_response();
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static(challenge),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_tokens_are_refused_and_the_digest_does_not_print() {
        assert!(TokenDigest::new("short").is_err());
        let token = "0123456789abcdef0123456789abcdef";
        let digest = TokenDigest::new(token).expect("long enough");
        assert!(digest.accepts(token));
        assert!(!digest.accepts("0123456789abcdef0123456789abcdeF"));
        assert!(!digest.accepts(""));
        assert_eq!(format!("{digest:?}"), "TokenDigest([redacted])");
    }
}
