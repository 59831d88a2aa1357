//! Sessions belong to the client that opened them: a request naming a session
//! (`Mcp-Session-Id`) opened by another client gets the same HTTP 404 as an unknown session,
//! so a co-tenant who learns a session id can neither read that session's stream (and the
//! confirmation requests in it) nor act in it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;

use crate::audit::{AuditLog, RefusedRequest};
use crate::caller::Caller;

/// The header naming a session (MCP Streamable HTTP).
const SESSION_HEADER: &str = "mcp-session-id";

/// Which client (kind and name) opened which session.
#[derive(Clone)]
pub(crate) struct SessionOwners {
    owners: Arc<Mutex<HashMap<String, String>>>,
    manager: Arc<LocalSessionManager>,
    max: usize,
    audit: AuditLog,
}

impl SessionOwners {
    pub(crate) fn new(
        manager: Arc<LocalSessionManager>,
        max_sessions: usize,
        audit: AuditLog,
    ) -> Self {
        Self {
            owners: Arc::default(),
            manager,
            max: max_sessions.saturating_mul(2).max(16),
            audit,
        }
    }

    fn owner(&self, session: &str) -> Option<String> {
        let owners = match self.owners.lock() {
            Ok(o) => o,
            Err(poisoned) => poisoned.into_inner(),
        };
        owners.get(session).cloned()
    }

    async fn record(&self, session: String, client: String) {
        let live: Option<Vec<String>> = {
            let len = match self.owners.lock() {
                Ok(o) => o.len(),
                Err(poisoned) => poisoned.into_inner().len(),
            };
            if len >= self.max {
                let sessions = self.manager.sessions.read().await;
                Some(sessions.keys().map(ToString::to_string).collect())
            } else {
                None
            }
        };
        let mut owners = match self.owners.lock() {
            Ok(o) => o,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(live) = live {
            owners.retain(|id, _| live.contains(id));
        }
        owners.insert(session, client);
    }
}

/// The middleware (after authentication, which put the [`Caller`] in the request).
pub(crate) async fn bind_sessions(
    State(owners): State<SessionOwners>,
    request: Request,
    next: Next,
) -> Response {
    let caller = request
        .extensions()
        .get::<Caller>()
        .cloned()
        .unwrap_or_else(Caller::anonymous);
    let client = caller.name().to_owned();
    let owner = caller.owner_key();
    let named = request
        .headers()
        .get(SESSION_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    if let Some(session) = &named
        && owners.owner(session).is_some_and(|o| o != owner)
    {
        tracing::warn!(client, "refused a request in another client's session");
        owners.audit.write(&RefusedRequest::new(
            Some(&client),
            request.method().as_str(),
            request.uri().path(),
            crate::audit::RefusedBy::SessionOwner,
        ));
        return (StatusCode::NOT_FOUND, "Not Found: Session not found").into_response();
    }
    let response = next.run(request).await;
    if named.is_none()
        && let Some(opened) = response
            .headers()
            .get(SESSION_HEADER)
            .and_then(|v| v.to_str().ok())
    {
        owners.record(opened.to_owned(), owner).await;
    }
    response
}
