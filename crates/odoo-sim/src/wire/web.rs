//! `GET /web/version`: the server's version, without authentication (sample web_version.json).

use axum::extract::State;
use axum::response::Response;
use http::StatusCode;

use crate::state::SimState;
use crate::wire::json_response;

/// `{"version_info": [19, 0, 0, "final", 0, ""], "version": "19.0"}`.
pub(crate) async fn version(State(state): State<SimState>) -> Response {
    let response = json_response(StatusCode::OK, &state.inner.version.web_version());
    tracing::debug!(
        protocol = "web",
        path = "/web/version",
        status = 200,
        "request"
    );
    response
}
