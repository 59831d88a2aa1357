//! The HTTP app: `/mcp` behind three layers, outermost first —
//!
//! 1. [`rate_limit`](crate::rate_limit): 429 past the per-address rate (every request counts);
//! 2. [`auth`](crate::auth): 401 without the bearer token;
//! 3. rmcp's own checks, configured here: 403 for a `Host` that is not a loopback name (DNS
//!    rebinding) or a browser `Origin` not on the list, 413 for a body over the limit.
//!
//! [`router`] needs no socket, so tests call it directly (see `tests.rs`).

use std::sync::Arc;

use axum::Router;
use rmcp::transport::streamable_http_server::session::never::NeverSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};

use crate::auth::{self, TokenDigest};
use crate::rate_limit::{self, RateLimit};
use crate::server::Counter;

/// `Host` values accepted: what a browser sends for this machine. A DNS-rebinding page makes
/// the browser send `Host: evil.example` (its own name), which is refused.
pub(crate) const ALLOWED_HOSTS: &[&str] = &["localhost", "127.0.0.1", "[::1]"];
/// Browser pages allowed to call: local ones (the MCP Inspector's UI). Requests without an
/// `Origin` (non-browser clients) pass.
pub(crate) const ALLOWED_ORIGINS: &[&str] = &["http://localhost:*", "http://127.0.0.1:*"];

/// Everything the app needs.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub(crate) token: Arc<TokenDigest>,
    pub(crate) max_body_bytes: usize,
    pub(crate) rate_per_second: u32,
    pub(crate) rate_burst: u32,
}

/// The app. Stateless: no session is kept between requests (any replica can answer any
/// request); replies are plain JSON.
pub(crate) fn router(settings: &Settings) -> Router {
    let config = StreamableHttpServerConfig::default()
        .with_legacy_session_mode(false)
        .with_json_response(true)
        .with_allowed_hosts(ALLOWED_HOSTS.iter().map(|h| (*h).to_owned()))
        .with_allowed_origins(ALLOWED_ORIGINS.iter().map(|o| (*o).to_owned()))
        .enforce_origin_validation()
        .with_max_request_body_bytes(settings.max_body_bytes);
    let mcp = StreamableHttpService::new(
        || Ok(Counter),
        Arc::new(NeverSessionManager::default()),
        config,
    );
    let limit = Arc::new(RateLimit::new(
        settings.rate_per_second,
        settings.rate_burst,
    ));
    let mcp = Router::new()
        .fallback_service(mcp)
        .layer(axum::middleware::from_fn_with_state(
            settings.token.clone(),
            auth::require_bearer,
        ))
        .layer(axum::middleware::from_fn_with_state(
            limit,
            rate_limit::limit,
        ));
    Router::new().nest_service("/mcp", mcp)
}
