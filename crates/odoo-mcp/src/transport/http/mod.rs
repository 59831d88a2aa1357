//! Streamable HTTP: MCP at `/mcp` (rmcp's `StreamableHttpService` inside axum), `GET /healthz`
//! (liveness) and `GET /readyz` (instances reachable, cached).
//!
//! Safe defaults: the Host header must be a loopback name unless `[server] allowed_hosts`
//! says otherwise (DNS-rebinding protection); a browser `Origin` must be localhost unless
//! `[server] allowed_origins` lists it; request bodies are limited (`max_body_bytes`); with
//! `MCP_AUTH_TOKEN` set, `/mcp` requires that bearer token ([`auth`]); with `[server.oauth]`,
//! OAuth 2.1 access tokens are accepted too ([`oauth`]).
//! [`router`] builds the app without a socket, so tests call it directly and later tower
//! layers (authentication, rate limits, audit) can wrap it; [`run`] serves it on a listener
//! until `shutdown` resolves, then drains the calls in flight ([`drain`]).

mod auth;
mod drain;
mod health;
mod listener;
mod oauth;
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
    oauth: Option<Arc<oauth::OAuth>>,
    ready: Arc<health::ReadyCache>,
    ready_ttl: Duration,
    stateless: bool,
    max_sessions: usize,
    session_idle: Duration,
    max_connections: usize,
    in_flight: drain::InFlight,
    shutdown_grace: Duration,
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
        let oauth = config.auth.oauth.as_ref().map(|o| {
            let default = server.instances().default_name();
            Arc::new(oauth::OAuth::new(o, default, config.max_body_bytes))
        });
        Self {
            server,
            mcp,
            auth: Arc::new(config.auth.clone()),
            oauth,
            ready: Arc::default(),
            ready_ttl: READY_CACHE_TTL,
            stateless: config.stateless,
            max_sessions: config.max_sessions,
            session_idle: config.session_idle,
            max_connections: config.max_connections,
            in_flight: drain::InFlight::default(),
            shutdown_grace: config.shutdown_grace,
        }
    }

    /// How long `/readyz` reuses a result (default [`READY_CACHE_TTL`]; tests use zero).
    pub fn with_ready_cache_ttl(mut self, ttl: Duration) -> Self {
        self.ready_ttl = ttl;
        self
    }

    /// What `/mcp` authenticates against.
    fn gate(&self) -> auth::Gate {
        auth::Gate {
            auth: self.auth.clone(),
            oauth: self.oauth.clone(),
        }
    }

    /// Stops open MCP streams and sessions (called by [`run`] on shutdown).
    pub fn close_sessions(&self) {
        self.mcp.cancellation_token.cancel();
    }
}

/// The HTTP app: `/mcp` (behind the bearer token or OAuth when configured), `/healthz`,
/// `/readyz`, and with OAuth the protected resource metadata (`/.well-known/…`).
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
            state.gate(),
            auth::require_bearer,
        ));
    }
    let in_flight = state.in_flight.clone();
    let oauth_metadata = state.oauth.as_ref().map(|o| o.metadata_routes());
    let mut app = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .with_state(state)
        .nest_service("/mcp", mcp);
    if let Some(metadata) = oauth_metadata {
        app = app.merge(metadata);
    }
    app.layer(axum::middleware::from_fn_with_state(
        in_flight,
        drain::track,
    ))
}

/// How a stop went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub enum Stopped {
    /// Every call in flight finished within the grace period.
    Drained,
    /// The grace period expired with calls still running; they were cut.
    GraceExpired {
        /// Requests still in flight when the grace expired.
        abandoned: usize,
    },
}

/// After the grace period (or the drain), how long open streams get to close before [`run`]
/// returns anyway.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(2);

/// Serves the app on `listener` until `shutdown` resolves, then drains: no new connections are
/// accepted, the requests in flight get `[server] shutdown_grace_seconds` to finish, then open
/// MCP streams and sessions are closed and `run` returns.
///
/// At most `[server] max_connections` connections are open at once; each socket gets
/// `TCP_NODELAY` (see `listener.rs` for why).
pub async fn run(
    listener: tokio::net::TcpListener,
    state: HttpState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<Stopped> {
    let app = router(state.clone());
    let listener = listener::CappedListener::new(listener, state.max_connections);
    let (stopping, mut stop_requested) = tokio::sync::watch::channel(false);
    let serving = axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            shutdown.await;
            let _ = stopping.send(true);
        })
        .into_future();
    tokio::pin!(serving);
    tokio::select! {
        served = &mut serving => return served.map(|()| Stopped::Drained),
        _ = stop_requested.wait_for(|stop| *stop) => {}
    }
    tracing::info!(
        in_flight = state.in_flight.now(),
        grace_seconds = state.shutdown_grace.as_secs(),
        "stopping: no new connections; waiting for the calls in flight"
    );
    let settle = state.in_flight.settle(state.shutdown_grace);
    tokio::pin!(settle);
    let stopped = tokio::select! {
        // Nothing was in flight and every connection closed by itself.
        served = &mut serving => return served.map(|()| Stopped::Drained),
        drained = &mut settle => if drained {
            Stopped::Drained
        } else {
            Stopped::GraceExpired { abandoned: state.in_flight.now() }
        },
    };
    state.close_sessions();
    match tokio::time::timeout(CLOSE_TIMEOUT, serving).await {
        Ok(served) => served?,
        Err(_) => tracing::debug!("connections still open after the drain: closing them"),
    }
    Ok(stopped)
}
