//! The app without a socket: each defence answered with its status code.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use tower::ServiceExt;

use crate::app::{Settings, router};
use crate::auth::TokenDigest;

const TOKEN: &str = "test-token-0123456789abcdef012345";
const INITIALIZE: &str = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"0"}}}"#;

fn settings(burst: u32) -> Settings {
    Settings {
        token: Arc::new(TokenDigest::new(TOKEN).expect("token")),
        max_body_bytes: 4096,
        rate_per_second: 1,
        rate_burst: burst,
    }
}

/// A POST to /mcp with `Host: 127.0.0.1:8787` and the token, then `change` applied.
fn post(body: String, change: impl FnOnce(&mut Request<Body>)) -> Request<Body> {
    let mut request = Request::post("/mcp")
        .header(header::HOST, "127.0.0.1:8787")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT, "application/json, text/event-stream")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::from(body))
        .expect("request");
    change(&mut request);
    request
}

fn set(request: &mut Request<Body>, name: header::HeaderName, value: &str) {
    request
        .headers_mut()
        .insert(name, value.parse().expect("header value"));
}

async fn status(request: Request<Body>, burst: u32) -> (StatusCode, axum::http::HeaderMap) {
    let response = router(&settings(burst))
        .oneshot(request)
        .await
        .expect("infallible");
    (response.status(), response.headers().clone())
}

#[tokio::test]
async fn the_right_token_gets_through() {
    let (code, _) = status(post(INITIALIZE.into(), |_| {}), 10).await;
    assert_eq!(code, StatusCode::OK);
}

#[tokio::test]
async fn a_missing_or_wrong_token_is_401_with_a_challenge() {
    let cases: [(&str, Option<&str>, &str); 4] = [
        ("missing", None, r#"Bearer realm="mcp""#),
        ("wrong", Some("Bearer nope"), "invalid_token"),
        (
            "one character off",
            Some("Bearer test-token-0123456789abcdef01234X"),
            "invalid_token",
        ),
        (
            "basic auth",
            Some("Basic dXNlcjpwYXNz"),
            r#"Bearer realm="mcp""#,
        ),
    ];
    for (what, auth, challenge) in cases {
        let request = post(INITIALIZE.into(), |r| {
            r.headers_mut().remove(header::AUTHORIZATION);
            if let Some(auth) = auth {
                set(r, header::AUTHORIZATION, auth);
            }
        });
        let (code, headers) = status(request, 10).await;
        assert_eq!(code, StatusCode::UNAUTHORIZED, "{what}");
        let got = headers[header::WWW_AUTHENTICATE].to_str().expect("ascii");
        assert!(got.contains(challenge), "{what}: {got}");
    }
}

#[tokio::test]
async fn dns_rebinding_host_and_foreign_origin_are_403() {
    let (code, _) = status(
        post(INITIALIZE.into(), |r| set(r, header::HOST, "evil.example")),
        10,
    )
    .await;
    assert_eq!(code, StatusCode::FORBIDDEN, "foreign Host");
    let foreign = |r: &mut Request<Body>| set(r, header::ORIGIN, "https://evil.example");
    let (code, _) = status(post(INITIALIZE.into(), foreign), 10).await;
    assert_eq!(code, StatusCode::FORBIDDEN, "foreign Origin");
    let local = |r: &mut Request<Body>| set(r, header::ORIGIN, "http://localhost:6274");
    let (code, _) = status(post(INITIALIZE.into(), local), 10).await;
    assert_eq!(code, StatusCode::OK, "the Inspector's local page");
}

#[tokio::test]
async fn an_oversized_body_is_413() {
    let padding = "x".repeat(5000);
    let body = INITIALIZE.replace(r#""name":"t""#, &format!(r#""name":"{padding}""#));
    let (code, _) = status(post(body, |_| {}), 10).await;
    assert_eq!(code, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn past_the_burst_is_429_with_retry_after() {
    let app = router(&settings(3));
    let mut codes = Vec::new();
    for _ in 0..5 {
        let response = app
            .clone()
            .oneshot(post(INITIALIZE.into(), |_| {}))
            .await
            .expect("infallible");
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            assert_eq!(response.headers()[header::RETRY_AFTER], "1");
        }
        codes.push(response.status().as_u16());
    }
    assert_eq!(codes, [200, 200, 200, 429, 429]);
}
