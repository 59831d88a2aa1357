//! `GET /metrics`: the Prometheus text exposition of [`crate::metrics::Metrics`], behind the
//! same authentication as `/mcp` (any authenticated client may read it).

use std::sync::Arc;

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;

use crate::metrics::Metrics;

/// What `/metrics` reads.
#[derive(Clone)]
pub(crate) struct MetricsState {
    pub(crate) metrics: Metrics,
    /// The live sessions (none in stateless mode).
    pub(crate) sessions: Option<Arc<LocalSessionManager>>,
}

/// The handler.
pub(crate) async fn serve(State(state): State<MetricsState>) -> impl IntoResponse {
    let live = match &state.sessions {
        Some(manager) => manager.sessions.read().await.len(),
        None => 0,
    };
    state.metrics.set_sessions(live);
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        state.metrics.encode(),
    )
}
