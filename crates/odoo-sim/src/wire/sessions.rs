//! The web sessions `/web/session/authenticate` opens: a `session_id` cookie naming a user,
//! which the session routes (`/web/session/get_session_info`, `/web/dataset/call_kw`) and the
//! `auth='user'` report route (`report.rs`) require.

use std::collections::HashMap;
use std::sync::Mutex;

use http::{HeaderMap, header};

/// At most this many live sessions; a login beyond it forgets the older ones (a simulator
/// must not grow without bound under a login loop).
const MAX_SESSIONS: usize = 10_000;

/// The longest `session_id` value read from a cookie (Odoo's are 84 characters).
const MAX_SID_LEN: usize = 128;

/// Who a session belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Session {
    pub(crate) uid: i64,
    pub(crate) login: String,
}

/// The open sessions by `session_id`.
#[derive(Debug, Default)]
pub(crate) struct Sessions {
    open: Mutex<HashMap<String, Session>>,
}

impl Sessions {
    /// Opens `sid` for `session`.
    pub(crate) fn open(&self, sid: String, session: Session) {
        let mut open = self
            .open
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if open.len() >= MAX_SESSIONS {
            open.clear();
        }
        open.insert(sid, session);
    }

    /// Forgets every session (as a server restart does).
    pub(crate) fn clear(&self) {
        self.open
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clear();
    }

    /// The session named by the request's `session_id` cookie, if it is open.
    pub(crate) fn of_request(&self, headers: &HeaderMap) -> Option<Session> {
        let sid = session_id(headers)?;
        self.open
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(sid)
            .cloned()
    }
}

/// The `session_id` value of the `Cookie` headers (bounded, never an empty value).
fn session_id(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == "session_id")
        .map(|(_, sid)| sid.trim())
        .filter(|sid| !sid.is_empty() && sid.len() <= MAX_SID_LEN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn cookie(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn an_open_session_is_found_by_its_cookie_only() {
        let s = Sessions::default();
        let admin = Session {
            uid: 2,
            login: "admin".into(),
        };
        s.open("abc".into(), admin.clone());
        assert_eq!(
            s.of_request(&cookie("frontend_lang=en_US; session_id=abc")),
            Some(admin)
        );
        assert_eq!(s.of_request(&cookie("session_id=abd")), None);
        assert_eq!(s.of_request(&cookie("session_id=")), None);
        assert_eq!(s.of_request(&HeaderMap::new()), None);
        let long = format!("session_id={}", "a".repeat(MAX_SID_LEN + 1));
        assert_eq!(s.of_request(&cookie(&long)), None);
    }

    #[test]
    fn the_store_stays_bounded() {
        let s = Sessions::default();
        for i in 0..=MAX_SESSIONS {
            s.open(
                format!("sid{i}"),
                Session {
                    uid: 2,
                    login: "admin".into(),
                },
            );
        }
        assert!(s.open.lock().unwrap().len() <= MAX_SESSIONS);
    }
}
