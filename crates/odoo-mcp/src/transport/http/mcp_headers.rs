//! The shape of the MCP headers, checked before rmcp or the session layers read them: at most
//! one `Mcp-Session-Id` (which one counts would otherwise depend on who reads the headers — a
//! proxy in front, the owner check, rmcp), a session id and a protocol version of sane length
//! and characters. rmcp echoes a version it does not know into its error, so without this a
//! 300 KB header came back in the body. Refusals are HTTP 400 with a one-line reason.

use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The header naming a session (MCP Streamable HTTP).
const SESSION_HEADER: &str = "mcp-session-id";
/// The header naming the protocol version.
const VERSION_HEADER: &str = "mcp-protocol-version";

/// Longest session id accepted (rmcp's are 36-character UUIDs).
const MAX_SESSION_ID: usize = 128;
/// Longest protocol version accepted (versions are `YYYY-MM-DD`).
const MAX_VERSION: usize = 32;

/// What is wrong with a request's MCP headers.
fn problem(headers: &HeaderMap) -> Option<&'static str> {
    let mut sessions = headers.get_all(SESSION_HEADER).iter();
    if let Some(session) = sessions.next() {
        if sessions.next().is_some() {
            return Some("send one Mcp-Session-Id header");
        }
        // Visible ASCII only (MCP: 0x21 to 0x7E).
        let bytes = session.as_bytes();
        if bytes.is_empty()
            || bytes.len() > MAX_SESSION_ID
            || !bytes.iter().all(|b| (0x21..=0x7e).contains(b))
        {
            return Some(
                "Mcp-Session-Id is not a session id of this server: send the id the server \
                 returned, or none to start a session",
            );
        }
    }
    let mut versions = headers.get_all(VERSION_HEADER).iter();
    if let Some(version) = versions.next() {
        let bytes = version.as_bytes();
        if versions.next().is_some()
            || bytes.is_empty()
            || bytes.len() > MAX_VERSION
            || !bytes
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'.')
        {
            return Some(
                "MCP-Protocol-Version must be one protocol version such as 2025-11-25 or \
                 2026-07-28",
            );
        }
    }
    None
}

/// The middleware: refuses malformed MCP headers with HTTP 400.
pub(crate) async fn check(request: Request, next: Next) -> Response {
    if let Some(reason) = problem(request.headers()) {
        tracing::info!(reason, "refused a request with malformed MCP headers");
        return (StatusCode::BAD_REQUEST, format!("Bad Request: {reason}")).into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (name, value) in pairs {
            h.append(*name, HeaderValue::from_str(value).expect("header"));
        }
        h
    }

    #[test]
    fn ordinary_headers_pass() {
        assert_eq!(problem(&HeaderMap::new()), None);
        let ok = headers(&[
            (SESSION_HEADER, "123e4567-e89b-42d3-a456-426614174000"),
            (VERSION_HEADER, "2025-11-25"),
        ]);
        assert_eq!(problem(&ok), None);
        // An unknown but well-formed version is rmcp's to refuse, with its list.
        assert_eq!(problem(&headers(&[(VERSION_HEADER, "1999-01-01")])), None);
    }

    #[test]
    fn doubled_oversized_and_odd_headers_are_refused() {
        let id = "123e4567-e89b-42d3-a456-426614174000";
        let long_id = "s".repeat(MAX_SESSION_ID + 1);
        let long_version = "9".repeat(MAX_VERSION + 1);
        for bad in [
            headers(&[(SESSION_HEADER, id), (SESSION_HEADER, id)]),
            headers(&[(SESSION_HEADER, &long_id)]),
            headers(&[(SESSION_HEADER, "with space")]),
            headers(&[(SESSION_HEADER, "")]),
            headers(&[(VERSION_HEADER, &long_version)]),
            headers(&[
                (VERSION_HEADER, "2025-11-25"),
                (VERSION_HEADER, "2026-07-28"),
            ]),
            headers(&[(VERSION_HEADER, "2025-11-25; drop")]),
        ] {
            assert!(problem(&bad).is_some(), "{bad:?}");
        }
    }
}
