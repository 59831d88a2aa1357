//! Streamable HTTP: MCP at `/mcp` (rmcp's `StreamableHttpService` inside axum), `GET /healthz`
//! (liveness) and `GET /readyz` (instances reachable, cached).
//!
//! Safe defaults: the Host header must be a loopback name unless `[server] allowed_hosts`
//! says otherwise (DNS-rebinding protection); a browser `Origin` must be localhost unless
//! `[server] allowed_origins` lists it; request bodies are limited (`max_body_bytes`); with
//! `MCP_AUTH_TOKEN` set, `/mcp` requires that bearer token ([`auth`]).
//! [`router`] builds the app without a socket, so tests call it directly and later tower
//! layers (authentication, rate limits, audit) can wrap it; [`run`] serves it on a listener
//! until `shutdown` resolves.

mod auth;
mod health;
mod listener;
mod sessions;

pub use health::{HEALTH_TIMEOUT, READY_CACHE_TTL};

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::routing::get;
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};

use crate::config::{AuthConfig, ServerConfig};
use crate::server::OdooServer;

/// Origins allowed by default: pages served from this machine (the MCP Inspector's UI).
pub const DEFAULT_ALLOWED_ORIGINS: &[&str] = &[
    "http://localhost:*",
    "https://localhost:*",
    "http://127.0.0.1:*",
    "https://127.0.0.1:*",
    "http://[::1]:*",
    "https://[::1]:*",
];

/// What the HTTP app serves. Cheap to clone.
#[derive(Clone)]
pub struct HttpState {
    server: OdooServer,
    mcp: StreamableHttpServerConfig,
    auth: Arc<AuthConfig>,
    ready: Arc<health::ReadyCache>,
    ready_ttl: Duration,
    stateless: bool,
    max_sessions: usize,
    session_idle: Duration,
    max_connections: usize,
}

impl std::fmt::Debug for HttpState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpState")
            .field("server", &self.server)
            .finish_non_exhaustive()
    }
}

impl HttpState {
    /// The app state for `server` with the `[server]` settings.
    pub fn new(server: OdooServer, config: &ServerConfig) -> Self {
        let origins: Vec<String> = if config.allowed_origins.is_empty() {
            DEFAULT_ALLOWED_ORIGINS
                .iter()
                .map(|o| (*o).to_owned())
                .collect()
        } else {
            config.allowed_origins.clone()
        };
        let mut mcp = StreamableHttpServerConfig::default()
            .with_legacy_session_mode(!config.stateless)
            .with_json_response(config.stateless)
            .with_allowed_origins(origins)
            .enforce_origin_validation()
            .with_max_request_body_bytes(config.max_body_bytes);
        if !config.allowed_hosts.is_empty() {
            mcp = mcp.with_allowed_hosts(config.allowed_hosts.clone());
        }
        Self {
            server,
            mcp,
            auth: Arc::new(config.auth.clone()),
            ready: Arc::default(),
            ready_ttl: READY_CACHE_TTL,
            stateless: config.stateless,
            max_sessions: config.max_sessions,
            session_idle: config.session_idle,
            max_connections: config.max_connections,
        }
    }

    /// How long `/readyz` reuses a result (default [`READY_CACHE_TTL`]; tests use zero).
    pub fn with_ready_cache_ttl(mut self, ttl: Duration) -> Self {
        self.ready_ttl = ttl;
        self
    }

    /// Stops open MCP streams and sessions (called by [`run`] on shutdown).
    pub fn close_sessions(&self) {
        self.mcp.cancellation_token.cancel();
    }
}

/// The HTTP app: `/mcp` (behind the bearer token when one is configured), `/healthz` and
/// `/readyz`.
pub fn router(state: HttpState) -> Router {
    let server = state.server.clone();
    let mut manager = LocalSessionManager::default();
    manager.session_config.keep_alive = Some(state.session_idle);
    let manager = Arc::new(manager);
    let mcp = StreamableHttpService::new(
        move || Ok(server.clone()),
        manager.clone(),
        state.mcp.clone(),
    );
    let mut mcp = Router::new().fallback_service(mcp);
    if !state.stateless {
        mcp = mcp.layer(axum::middleware::from_fn_with_state(
            sessions::SessionCap {
                manager,
                max: state.max_sessions,
            },
            sessions::cap_sessions,
        ));
    }
    if state.auth.is_enabled() {
        mcp = mcp.layer(axum::middleware::from_fn_with_state(
            state.auth.clone(),
            auth::require_bearer,
        ));
    }
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .with_state(state)
        .nest_service("/mcp", mcp)
}

/// Serves the app on `listener` until `shutdown` resolves, then closes MCP streams and lets
/// requests in flight finish.
///
/// At most `[server] max_connections` connections are open at once; each socket gets
/// `TCP_NODELAY` (see `listener.rs` for why).
pub async fn run(
    listener: tokio::net::TcpListener,
    state: HttpState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(state.clone());
    let listener = listener::CappedListener::new(listener, state.max_connections);
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            shutdown.await;
            state.close_sessions();
        })
        .await
}
