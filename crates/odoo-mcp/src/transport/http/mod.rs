//! Streamable HTTP: MCP at `/mcp` (rmcp's `StreamableHttpService` inside axum), `GET /healthz`
//! (liveness) and `GET /readyz` (instances reachable, cached).
//!
//! Safe defaults: the Host header must be a loopback name unless `[server] allowed_hosts`
//! says otherwise (DNS-rebinding protection); a browser `Origin` must be localhost unless
//! `[server] allowed_origins` lists it; request bodies are limited (`max_body_bytes`); with
//! `MCP_AUTH_TOKEN` set, `/mcp` requires that bearer token ([`auth`]); with `[server.oauth]`,
//! OAuth 2.1 access tokens are accepted too ([`oauth`]). Requests a proxy could read
//! differently (two `Host` headers, an unusual `Transfer-Encoding`) and malformed MCP headers
//! (two session ids, an oversized version) are refused with 400 (`framing`, `mcp_headers`).
//! [`router`] builds the app without a socket, so tests call it directly and later tower
//! layers (authentication, rate limits, audit) can wrap it; [`run`] serves it on a listener
//! until `shutdown` resolves, then drains the calls in flight ([`drain`]).

mod auth;
mod drain;
mod framing;
mod health;
mod listener;
mod mcp_headers;
mod metrics;
mod oauth;
mod rate_limit;
mod session_owner;
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
    max_sessions_per_client: usize,
    session_idle: Duration,
    max_connections: usize,
    in_flight: drain::InFlight,
    shutdown_grace: Duration,
    rate: rate_limit::RateLimiter,
    header_timeout: Duration,
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
            mcp,
            auth: Arc::new(config.auth.clone()),
            oauth,
            ready: Arc::default(),
            ready_ttl: READY_CACHE_TTL,
            stateless: config.stateless,
            max_sessions: config.max_sessions,
            max_sessions_per_client: config.max_sessions_per_client,
            session_idle: config.session_idle,
            max_connections: config.max_connections,
            in_flight: drain::InFlight::default(),
            shutdown_grace: config.shutdown_grace,
            rate: rate_limit::RateLimiter::new(
                &config.limits,
                &config.auth.clients,
                server.audit().clone(),
                server.metrics().clone(),
            ),
            header_timeout: config.limits.header_timeout,
            server,
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
        let owners = session_owner::SessionOwners::new(
            manager.clone(),
            state.max_sessions,
            state.server.audit().clone(),
        );
        mcp = mcp.layer(axum::middleware::from_fn_with_state(
            sessions::SessionCap {
                owners: owners.clone(),
                max: state.max_sessions,
                max_per_client: state.max_sessions_per_client,
                idle: state.session_idle,
                max_body: state.mcp.max_request_body_bytes,
            },
            sessions::cap_sessions,
        ));
        mcp = mcp.layer(axum::middleware::from_fn_with_state(
            owners,
            session_owner::bind_sessions,
        ));
    }
    mcp = mcp.layer(axum::middleware::from_fn(mcp_headers::check));
    mcp = mcp.layer(axum::middleware::from_fn_with_state(
        state.rate.clone(),
        rate_limit::limit_rate,
    ));
    let authenticator = auth::Authenticator::new(
        state.auth.clone(),
        state.oauth.clone(),
        state.server.audit().clone(),
    );
    mcp = mcp.layer(axum::middleware::from_fn_with_state(
        authenticator.clone(),
        auth::require_bearer,
    ));
    let metrics = Router::new()
        .route("/metrics", get(metrics::serve))
        .with_state(metrics::MetricsState {
            metrics: state.server.metrics().clone(),
            sessions: (!state.stateless).then_some(manager),
        })
        .layer(axum::middleware::from_fn_with_state(
            authenticator,
            auth::require_bearer,
        ));
    let in_flight = state.in_flight.clone();
    let oauth_metadata = state.oauth.as_ref().map(|o| o.metadata_routes());
    let mut app = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .with_state(state)
        .merge(metrics)
        .nest_service("/mcp", mcp);
    if let Some(metadata) = oauth_metadata {
        app = app.merge(metadata);
    }
    app.layer(axum::middleware::from_fn(framing::check)).layer(
        axum::middleware::from_fn_with_state(in_flight, drain::track),
    )
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
/// `TCP_NODELAY` (see `listener.rs` for why). A connection that does not send a request's
/// headers within `[server] header_timeout_seconds` is closed (slow-loris, idle keep-alive).
pub async fn run(
    listener: tokio::net::TcpListener,
    state: HttpState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<Stopped> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;
    use tower::ServiceExt;

    let app = router(state.clone());
    let mut listener = listener::CappedListener::new(listener, state.max_connections);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(state.header_timeout);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (io, _addr) = tokio::select! {
            accepted = axum::serve::Listener::accept(&mut listener) => accepted,
            () = &mut shutdown => break,
        };
        let service = TowerToHyperService::new(app.clone().map_request(
            |request: http::Request<hyper::body::Incoming>| request.map(axum::body::Body::new),
        ));
        let connection = builder.serve_connection(TokioIo::new(io), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "HTTP connection ended with an error");
            }
        });
    }
    // No new connections from here on.
    drop(listener);
    tracing::info!(
        in_flight = state.in_flight.now(),
        grace_seconds = state.shutdown_grace.as_secs(),
        "stopping: no new connections; waiting for the calls in flight"
    );
    let stopped = if state.in_flight.settle(state.shutdown_grace).await {
        Stopped::Drained
    } else {
        Stopped::GraceExpired {
            abandoned: state.in_flight.now(),
        }
    };
    state.close_sessions();
    if tokio::time::timeout(CLOSE_TIMEOUT, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::debug!("connections still open after the drain: closing them");
    }
    Ok(stopped)
}
