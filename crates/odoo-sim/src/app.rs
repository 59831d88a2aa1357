//! The axum router: which path goes to which protocol handler, per simulated version.

use axum::Router;
use axum::routing::{any, get, post};

use crate::state::SimState;
use crate::wire::{dataset, json2, jsonrpc, pages, report, session, web, xmlrpc};

/// The simulator's HTTP application over `state`, usable without a socket (e.g. with
/// `tower::ServiceExt::oneshot`). JSON-2 routes and `/web/version` exist only when the
/// version has them (`versions.rs`); JSON-RPC, XML-RPC, `/web/webclient/version_info`,
/// the session login and the report route are served on every version.
pub fn router(state: SimState) -> Router {
    let mut app = Router::new()
        .route("/web/webclient/version_info", post(web::version_info))
        .route("/jsonrpc", post(jsonrpc::handle))
        .route("/xmlrpc/2/{service}", post(xmlrpc::handle_v2))
        .route("/xmlrpc/{service}", post(xmlrpc::handle_legacy))
        .route("/web/session/authenticate", post(session::authenticate))
        .route(
            "/web/session/get_session_info",
            post(dataset::get_session_info),
        )
        .route("/web/dataset/call_kw", post(dataset::call_kw))
        .route("/web/dataset/call_kw/{*path}", post(dataset::call_kw))
        .route("/report/pdf/{report}/{docids}", get(report::pdf));
    if state.inner.version.web_version {
        app = app.route("/web/version", get(web::version).post(web::version));
    }
    if state.inner.version.json2 {
        app = app
            .route("/json/2", any(json2::prefix))
            .route("/json/2/", any(json2::prefix))
            .route("/json/2/{*rest}", any(json2::handle));
    }
    app.fallback(|| async { pages::not_found() })
        .with_state(state)
}
