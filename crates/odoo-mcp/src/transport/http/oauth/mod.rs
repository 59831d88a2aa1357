//! OAuth 2.1 resource server for `/mcp` (the MCP authorization spec, 2025-11-25): access
//! tokens issued by the configured authorization server are accepted, checked here, and
//! turned into an [`OAuthPrincipal`] with [`Grants`] in the request's extensions.
//!
//! - [`metadata`]: the RFC 9728 protected resource metadata document and its routes;
//! - [`challenge`]: `WWW-Authenticate` parameters of 401s and the 403 `insufficient_scope`;
//! - [`verify`]: JWT access tokens (allowed algorithms, signature, `iss`, `aud`, `exp`, `nbf`);
//! - [`jwks`] and [`discovery`]: the issuer's signing keys, cached, refetched on rotation;
//! - [`introspect`]: RFC 7662 introspection of opaque tokens;
//! - [`principal`]: who the token is for, and the one scope → capability mapping;
//! - [`scope_guard`]: write and instance scopes held against each JSON-RPC request;
//! - [`fetch`]: bounded HTTPS requests to the authorization server.
//!
//! The hook is in `auth.rs`: a static token (constant-time digest) is tried first, then
//! [`admit`].

mod challenge;
mod discovery;
mod error;
mod fetch;
mod introspect;
mod jwks;
mod metadata;
mod principal;
mod scope_guard;
#[cfg(test)]
mod test_issuer;
mod verify;

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;

pub(crate) use challenge::discovery_params;
pub(crate) use error::OAuthError;
use principal::{OAuthPrincipal, grants};

use crate::config::OAuthConfig;
use metadata::ResourceMetadata;
use scope_guard::Verdict;

/// Longest access token accepted (a JWT with many scopes and claims fits easily).
pub(crate) const MAX_TOKEN_BYTES: usize = 8 * 1024;

/// The resource server: configuration, keys, introspection and metadata. Shared (`Arc`).
pub(crate) struct OAuth {
    config: OAuthConfig,
    rules: verify::JwtRules,
    keys: jwks::KeySource,
    introspector: Option<introspect::Introspector>,
    metadata: Arc<ResourceMetadata>,
    default_instance: String,
    max_body_bytes: usize,
}

impl std::fmt::Debug for OAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuth")
            .field("issuer", &self.config.issuer)
            .field("audience", &self.config.audience)
            .finish_non_exhaustive()
    }
}

impl OAuth {
    /// The resource server for `config`; `default_instance` is the instance a request that
    /// names none uses, `max_body_bytes` the request body limit.
    pub(crate) fn new(config: &OAuthConfig, default_instance: &str, max_body_bytes: usize) -> Self {
        let fetcher = fetch::Fetcher::new(config.allow_http_issuer);
        Self {
            rules: verify::JwtRules::new(config),
            keys: jwks::KeySource::new(fetcher.clone(), config),
            introspector: config
                .introspection
                .as_ref()
                .map(|i| introspect::Introspector::new(fetcher, i, config)),
            metadata: Arc::new(ResourceMetadata::new(config)),
            config: config.clone(),
            default_instance: default_instance.to_owned(),
            max_body_bytes,
        }
    }

    /// Who holds `token`: a JWT is verified locally; anything else goes to introspection
    /// when it is configured.
    pub(crate) async fn authenticate(&self, token: &str) -> Result<OAuthPrincipal, OAuthError> {
        if token.len() > MAX_TOKEN_BYTES {
            return Err(OAuthError::TooLarge(token.len()));
        }
        if verify::looks_like_jwt(token) {
            return verify::verify(token, &self.rules, &self.keys).await;
        }
        match &self.introspector {
            Some(i) => i.introspect(token).await,
            None => Err(OAuthError::Malformed(
                "not a JWT, and no introspection endpoint is configured".to_owned(),
            )),
        }
    }

    /// True when `token` is valid and carries the scopes every request needs.
    pub(crate) async fn admits(&self, token: &str) -> bool {
        match self.authenticate(token).await {
            Ok(who) => grants(&who.scopes, &self.config).is_ok(),
            Err(_) => false,
        }
    }

    /// The routes of the protected resource metadata (no authentication).
    pub(crate) fn metadata_routes(&self) -> Router {
        Router::new()
            .route(metadata::WELL_KNOWN, get(metadata::serve_root))
            .route(
                &format!("{}/{{*rest}}", metadata::WELL_KNOWN),
                get(metadata::serve_suffixed),
            )
            .with_state(self.metadata.clone())
    }

    /// `WWW-Authenticate` parameters for a 401 (after `Bearer realm=…[, error=…]`).
    pub(crate) fn challenge_params(&self, error: Option<&OAuthError>) -> String {
        match error {
            Some(e) => challenge::invalid_token_params(&self.metadata, e),
            None => discovery_params(&self.metadata),
        }
    }
}

/// Lets a request with a valid OAuth token through (principal and grants in its
/// extensions, scopes held against the body); otherwise answers 401, 403 or 400.
/// `unauthorized` builds the 401 from the extra challenge parameters.
pub(crate) async fn admit(
    oauth: &OAuth,
    token: &str,
    mut request: Request,
    next: Next,
    unauthorized: impl FnOnce(String) -> Response,
) -> Response {
    let principal = match oauth.authenticate(token).await {
        Ok(p) => p,
        Err(error) => {
            tracing::info!(%error, "refused an OAuth access token");
            return unauthorized(oauth.challenge_params(Some(&error)));
        }
    };
    let grants = match grants(&principal.scopes, &oauth.config) {
        Ok(g) => g,
        Err(refusal) => {
            tracing::info!(subject = %principal.subject, reason = %refusal.message, "refused a token without the scopes it needs");
            return challenge::forbidden(&oauth.metadata, &refusal, serde_json::Value::Null);
        }
    };
    if grants.is_restricted() && request.method() == axum::http::Method::POST {
        let (parts, body) = request.into_parts();
        let bytes = match axum::body::to_bytes(body, oauth.max_body_bytes).await {
            Ok(b) => b,
            Err(_) => {
                return bad_request(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "the request body is too large",
                );
            }
        };
        match scope_guard::check(&bytes, &grants, &oauth.config, &oauth.default_instance) {
            Verdict::Allow => {}
            Verdict::Refuse(refusal, id) => {
                tracing::info!(subject = %principal.subject, reason = %refusal.message, "refused a request beyond the token's scopes");
                return challenge::forbidden(&oauth.metadata, &refusal, id);
            }
            Verdict::Malformed(why) => return bad_request(StatusCode::BAD_REQUEST, &why),
        }
        request = Request::from_parts(parts, Body::from(bytes));
    }
    tracing::debug!(subject = %principal.subject, client_id = ?principal.client_id, write = grants.write, "OAuth token accepted");
    // The tools see the token's subject as the caller (audit lines, confirmation tokens), with
    // what its scopes grant (tools/list leaves out what it may not call); the scopes were held
    // against the body above.
    request.extensions_mut().insert(crate::caller::Caller::new(
        principal.subject.clone(),
        crate::caller::CallerKind::OAuth,
        crate::caller::Restrictions {
            read_only: !grants.write,
            instances: grants.instances.clone(),
            ..crate::caller::Restrictions::default()
        },
    ));
    request.extensions_mut().insert(principal);
    request.extensions_mut().insert(grants);
    next.run(request).await
}

/// A JSON-RPC "invalid request" error with HTTP `status`.
fn bad_request(status: StatusCode, message: &str) -> Response {
    let body = json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": { "code": -32600, "message": message },
    });
    (status, axum::Json(body)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn oversized_and_opaque_tokens_are_refused_without_asking_anyone() {
        // The issuer is a closed port: any fetch would fail as Unavailable instead.
        let oauth = OAuth::new(&test_issuer::config_for("http://127.0.0.1:9"), "prod", 1024);
        let huge = format!(
            "{}.{}.{}",
            "a".repeat(4000),
            "b".repeat(4000),
            "c".repeat(400)
        );
        let e = oauth.authenticate(&huge).await.expect_err("too large");
        assert!(matches!(e, OAuthError::TooLarge(_)), "{e}");
        let e = oauth
            .authenticate("opaque-token-0123456789")
            .await
            .expect_err("opaque");
        assert!(matches!(e, OAuthError::Malformed(_)), "{e}");
        assert!(!oauth.admits("opaque-token-0123456789").await);
    }
}
