//! Requests that hyper accepts but a proxy in front could read differently (the shapes request
//! smuggling and routing confusion use), refused with HTTP 400 and a closed connection before
//! any route runs: more than one `Host`, and a `Transfer-Encoding` other than one plain
//! `chunked`. (hyper itself refuses two different `Content-Length`s, a non-chunked final
//! coding and obsolete line folding; for `Content-Length` beside `Transfer-Encoding` it drops
//! the length, reads the chunked body and closes the connection after the answer, so nothing
//! behind the body is ever read as a request.)

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// What makes the request ambiguous.
fn problem(headers: &HeaderMap) -> Option<&'static str> {
    if headers.get_all(header::HOST).iter().nth(1).is_some() {
        return Some("send one Host header");
    }
    let mut codings = headers
        .get_all(header::TRANSFER_ENCODING)
        .iter()
        .flat_map(|v| v.as_bytes().split(|b| *b == b','))
        .map(|c| c.trim_ascii());
    match (codings.next(), codings.next()) {
        (None, _) => None,
        (Some(c), None) if c.eq_ignore_ascii_case(b"chunked") => None,
        _ => Some("send Transfer-Encoding: chunked once, or a Content-Length"),
    }
}

/// The middleware: refuses ambiguous requests and closes their connection.
pub(crate) async fn check(request: Request, next: Next) -> Response {
    let Some(reason) = problem(request.headers()) else {
        return next.run(request).await;
    };
    tracing::info!(reason, "refused an ambiguous HTTP request");
    let mut response = (StatusCode::BAD_REQUEST, format!("Bad Request: {reason}")).into_response();
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (name, value) in pairs {
            h.append(name.clone(), HeaderValue::from_static(value));
        }
        h
    }

    #[test]
    fn plain_requests_pass_and_ambiguous_ones_are_refused() {
        use header::{HOST, TRANSFER_ENCODING as TE};
        assert_eq!(problem(&headers(&[(HOST, "127.0.0.1:8787")])), None);
        assert_eq!(problem(&headers(&[(TE, "chunked")])), None);
        assert_eq!(problem(&headers(&[(TE, " Chunked ")])), None);
        for bad in [
            headers(&[(HOST, "127.0.0.1"), (HOST, "evil.example")]),
            headers(&[(TE, "chunked"), (TE, "chunked")]),
            headers(&[(TE, "chunked, chunked")]),
            headers(&[(TE, "gzip, chunked")]),
            headers(&[(TE, "identity")]),
            headers(&[(TE, "")]),
        ] {
            assert!(problem(&bad).is_some(), "{bad:?}");
        }
    }
}
