//! Who holds which MCP session. Sessions belong to the client that opened them: a request
//! naming a session (`Mcp-Session-Id`) opened by another client gets the same HTTP 404 as an
//! unknown session, so a co-tenant who learns a session id can neither read that session's
//! stream (and the confirmation requests in it) nor act in it. The same book counts each
//! client's live sessions, and the sessions being opened, for the caps in `sessions.rs`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;

use crate::audit::{AuditLog, RefusedRequest};
use crate::caller::Caller;

/// The header naming a session (MCP Streamable HTTP).
pub(super) const SESSION_HEADER: &str = "mcp-session-id";

/// Which client (its [`Caller::owner_key`]) opened which live session. Cheap to clone.
#[derive(Clone)]
pub(crate) struct SessionOwners {
    book: Arc<Mutex<Book>>,
    manager: Arc<LocalSessionManager>,
    /// Entries kept before closed sessions are swept out of the book.
    max_entries: usize,
    audit: AuditLog,
}

#[derive(Default)]
struct Book {
    /// Session id → owner.
    owner_of: HashMap<String, String>,
    /// Owner → what it holds.
    held: HashMap<String, Held>,
    /// Sessions being opened now, all owners together.
    opening: usize,
}

/// One owner's sessions (possibly closed since: swept on its next [`SessionOwners::reserve`])
/// and the sessions it is opening now.
#[derive(Default)]
struct Held {
    sessions: Vec<String>,
    opening: usize,
}

/// Why a new session may not be opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Full {
    /// All clients together hold `max` sessions (`max_sessions`).
    Server { max: usize },
    /// This client holds `max` sessions (`max_sessions_per_client`).
    Client { max: usize },
}

impl SessionOwners {
    pub(crate) fn new(
        manager: Arc<LocalSessionManager>,
        max_sessions: usize,
        audit: AuditLog,
    ) -> Self {
        Self {
            book: Arc::default(),
            manager,
            max_entries: max_sessions.saturating_mul(2).max(16),
            audit,
        }
    }

    /// Where refusals are written.
    pub(crate) fn audit(&self) -> &AuditLog {
        &self.audit
    }

    fn lock(&self) -> MutexGuard<'_, Book> {
        match self.book.lock() {
            Ok(b) => b,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    fn owner(&self, session: &str) -> Option<String> {
        self.lock().owner_of.get(session).cloned()
    }

    /// Room for one more session of `owner`: at most `max` live (or being opened) in all, and
    /// `per_owner` for this owner when given. The room is held until the [`Reservation`] is
    /// used ([`Reservation::opened`]) or dropped, so concurrent requests cannot overshoot.
    pub(crate) async fn reserve(
        &self,
        owner: &str,
        max: usize,
        per_owner: Option<usize>,
    ) -> Result<Reservation, Full> {
        let live = self.manager.sessions.read().await;
        let mut book = self.lock();
        let Book {
            owner_of,
            held,
            opening,
        } = &mut *book;
        if live.len() + *opening >= max {
            return Err(Full::Server { max });
        }
        let mine = held.entry(owner.to_owned()).or_default();
        mine.sessions.retain(|id| {
            let open = live.contains_key(id.as_str());
            if !open {
                owner_of.remove(id);
            }
            open
        });
        if let Some(cap) = per_owner
            && mine.sessions.len() + mine.opening >= cap
        {
            return Err(Full::Client { max: cap });
        }
        mine.opening += 1;
        *opening += 1;
        Ok(Reservation {
            owners: self.clone(),
            owner: Some(owner.to_owned()),
        })
    }

    /// Gives back one reservation of `owner`, recording `session` as its own when opened.
    fn release(&self, owner: String, session: Option<String>) {
        let mut book = self.lock();
        book.opening = book.opening.saturating_sub(1);
        let mine = book.held.entry(owner.clone()).or_default();
        mine.opening = mine.opening.saturating_sub(1);
        match session {
            Some(session) => {
                mine.sessions.push(session.clone());
                book.owner_of.insert(session, owner);
            }
            None if mine.opening == 0 && mine.sessions.is_empty() => {
                book.held.remove(&owner);
            }
            None => {}
        }
    }

    /// Drops closed sessions from the book once it holds `max_entries` (owners that never
    /// come back would otherwise keep theirs forever).
    async fn sweep(&self) {
        if self.lock().owner_of.len() < self.max_entries {
            return;
        }
        let live = self.manager.sessions.read().await;
        let mut book = self.lock();
        book.owner_of.retain(|id, _| live.contains_key(id.as_str()));
        book.held.retain(|_, held| {
            held.sessions.retain(|id| live.contains_key(id.as_str()));
            held.opening > 0 || !held.sessions.is_empty()
        });
    }
}

/// Room for one session being opened (see [`SessionOwners::reserve`]).
pub(crate) struct Reservation {
    owners: SessionOwners,
    /// `None` once given back.
    owner: Option<String>,
}

impl Reservation {
    /// The session was opened: it now counts as its owner's.
    pub(crate) async fn opened(mut self, session: String) {
        if let Some(owner) = self.owner.take() {
            self.owners.release(owner, Some(session));
        }
        self.owners.sweep().await;
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        if let Some(owner) = self.owner.take() {
            self.owners.release(owner, None);
        }
    }
}

/// The middleware (after authentication, which put the [`Caller`] in the request).
pub(crate) async fn bind_sessions(
    State(owners): State<SessionOwners>,
    request: Request,
    next: Next,
) -> Response {
    let named = request
        .headers()
        .get(SESSION_HEADER)
        .and_then(|v| v.to_str().ok());
    if let Some(session) = named {
        let caller = request
            .extensions()
            .get::<Caller>()
            .cloned()
            .unwrap_or_else(Caller::anonymous);
        if owners
            .owner(session)
            .is_some_and(|o| o != caller.owner_key())
        {
            let client = caller.name();
            tracing::warn!(client, "refused a request in another client's session");
            owners.audit.write(&RefusedRequest::new(
                Some(client),
                request.method().as_str(),
                request.uri().path(),
                crate::audit::RefusedBy::SessionOwner,
            ));
            return (StatusCode::NOT_FOUND, "Not Found: Session not found").into_response();
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owners() -> SessionOwners {
        SessionOwners::new(Arc::default(), 100, AuditLog::off())
    }

    #[tokio::test]
    async fn reservations_count_until_given_back_or_used() {
        let owners = owners();
        let a = owners.reserve("a", 100, Some(2)).await.expect("room");
        let b = owners.reserve("a", 100, Some(2)).await.expect("room");
        assert_eq!(
            owners.reserve("a", 100, Some(2)).await.err(),
            Some(Full::Client { max: 2 }),
            "two sessions being opened fill a cap of two"
        );
        assert!(owners.reserve("other", 100, Some(2)).await.is_ok());
        drop(a);
        let c = owners
            .reserve("a", 100, Some(2))
            .await
            .expect("a dropped reservation frees its room");
        // The manager knows no live session: an opened one not in it counts as closed.
        c.opened("gone".to_owned()).await;
        assert_eq!(owners.owner("gone").as_deref(), Some("a"));
        assert!(owners.reserve("a", 100, Some(2)).await.is_ok());
        assert_eq!(owners.owner("gone"), None, "swept as closed");
        drop(b);
    }

    #[tokio::test]
    async fn the_server_cap_counts_every_owner() {
        let owners = owners();
        let _a = owners.reserve("a", 2, None).await.expect("room");
        let _b = owners.reserve("b", 2, None).await.expect("room");
        assert_eq!(
            owners.reserve("c", 2, None).await.err(),
            Some(Full::Server { max: 2 })
        );
    }
}
