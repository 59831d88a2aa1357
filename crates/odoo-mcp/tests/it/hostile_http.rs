//! Hostile HTTP against the real listener (hyper, axum, rmcp's Streamable HTTP service and our
//! layers), written as raw bytes where a client library would refuse to send them: the OAuth
//! metadata documents, `Authorization` shapes, `Mcp-Session-Id` forged, oversized or another
//! principal's, `MCP-Protocol-Version`, `Origin`/`Host` (DNS rebinding), body size and content
//! types, methods without a session, and request-smuggling framings. Each gets a clean 4xx
//! with a readable reason, leaks no token or other session's data, and a normal call works
//! afterwards.

use std::net::SocketAddr;
use std::time::Duration;

use odoo_mcp::config::{AuthConfig, ServerConfig};
use odoo_mcp::transport::http::{HttpState, run};
use odoo_mcp::{Instances, OdooServer, Policy};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::harness;

const ADMIN: &str = "hostile-admin-token-0123456789abcdef";
const OTHER: &str = "hostile-other-token-0123456789abcdef";
/// The largest body accepted in these tests.
const MAX_BODY: usize = 64 * 1024;

/// The server under attack: two static clients, OAuth metadata, a small body cap.
pub(crate) struct Target {
    pub(crate) addr: SocketAddr,
    _stop: tokio::sync::oneshot::Sender<()>,
    _sim: odoo_sim::SimHandle,
}

pub(crate) async fn target(stateless: bool) -> Target {
    let sim = harness::sim().await;
    let instances = Instances::single(harness::instance("demo", &sim, Policy::builder("demo")));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let auth = AuthConfig {
        clients: vec![
            crate::oauth::static_client("default", ADMIN),
            crate::oauth::static_client("other", OTHER),
        ],
        // Nothing listens at the issuer: tokens that are not static are refused.
        oauth: Some(crate::oauth::oauth_config(
            "http://127.0.0.1:9".to_owned(),
            format!("http://{addr}/mcp"),
            None,
        )),
        ..AuthConfig::default()
    };
    let mut config = ServerConfig {
        auth,
        stateless,
        max_body_bytes: MAX_BODY,
        ..ServerConfig::default()
    };
    config.limits.rate_burst = 100_000;
    config.limits.rate_per_minute = 100_000;
    let state = HttpState::new(OdooServer::new(instances), &config);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(run(listener, state, async move {
        let _ = stopped.await;
    }));
    Target {
        addr,
        _stop: stop,
        _sim: sim,
    }
}

/// One raw exchange: `head` (request line and headers, `\r\n` separated, without the blank
/// line) and `body` on a fresh connection; the status (0: closed without an answer), the
/// response head and body as text.
pub(crate) async fn raw(addr: SocketAddr, head: &str, body: &[u8]) -> (u16, String, String) {
    raw_bytes(addr, &[head.as_bytes(), b"\r\n\r\n", body].concat()).await
}

pub(crate) async fn raw_bytes(addr: SocketAddr, bytes: &[u8]) -> (u16, String, String) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    // The server may answer and close before reading everything: a failed write is fine.
    let _ = stream.write_all(bytes).await;
    let mut answer = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        match tokio::time::timeout(Duration::from_secs(5), stream.read(&mut chunk)).await {
            Ok(Ok(0) | Err(_)) | Err(_) => break,
            Ok(Ok(n)) => {
                answer.extend_from_slice(&chunk[..n]);
                if answer.len() > 1 << 20 {
                    break;
                }
            }
        }
    }
    let text = String::from_utf8_lossy(&answer).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_owned(), body.to_owned())
}

/// A request head for `/mcp` on `addr` with the usual headers, `extra` lines appended.
fn post_head(addr: SocketAddr, body_len: usize, extra: &[&str]) -> String {
    let mut head = format!(
        "POST /mcp HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Accept: application/json, text/event-stream\r\nContent-Length: {body_len}\r\n\
         Connection: close"
    );
    for line in extra {
        head.push_str("\r\n");
        head.push_str(line);
    }
    head
}

const INITIALIZE: &str = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"hostile","version":"1"}}}"#;

/// A 2026-07-28 `tools/list` (stateless, no session needed).
pub(crate) fn tools_list() -> String {
    json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list", "params": {"_meta": {
        "io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientInfo": {"name": "hostile", "version": "1"},
        "io.modelcontextprotocol/clientCapabilities": {}}}})
    .to_string()
}

/// Opens a session as `token`; returns its id.
async fn open_session(addr: SocketAddr, token: &str) -> String {
    let auth = format!("Authorization: Bearer {token}");
    let (status, head, body) = raw(
        addr,
        &post_head(addr, INITIALIZE.len(), &[&auth]),
        INITIALIZE.as_bytes(),
    )
    .await;
    assert_eq!(status, 200, "{head}\n{body}");
    let id = header(&head, "mcp-session-id").expect("a session id");
    let note = r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#;
    let session = format!("Mcp-Session-Id: {id}");
    let (status, head, _) = raw(
        addr,
        &post_head(
            addr,
            note.len(),
            &[&auth, &session, "MCP-Protocol-Version: 2025-11-25"],
        ),
        note.as_bytes(),
    )
    .await;
    assert!((200..300).contains(&status), "{head}");
    id
}

fn header(head: &str, name: &str) -> Option<String> {
    head.lines().find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().to_owned())
    })
}

/// The head of a 2026-07-28 `tools/list` as `token`, `extra` lines appended.
fn modern_head(addr: SocketAddr, token: &str, extra: &[&str]) -> String {
    let auth = format!("Authorization: Bearer {token}");
    let mut lines = vec![
        auth.as_str(),
        "MCP-Protocol-Version: 2026-07-28",
        "Mcp-Method: tools/list",
    ];
    lines.extend_from_slice(extra);
    post_head(addr, tools_list().len(), &lines)
}

/// A normal authenticated call still works (on a fresh connection).
async fn still_serves(addr: SocketAddr) {
    let body = tools_list();
    let (status, head, text) = raw(addr, &modern_head(addr, ADMIN, &[]), body.as_bytes()).await;
    assert_eq!(
        status, 200,
        "a normal call after the attack: {head}\n{text}"
    );
    assert!(text.contains("search_records"), "{text}");
}

/// A clean refusal: a 4xx and no secret in the answer.
fn assert_refused(what: &str, (status, head, body): &(u16, String, String)) {
    assert!(
        (400..500).contains(status),
        "{what}: expected a 4xx, got {status}\n{head}\n{body}"
    );
    for secret in [ADMIN, OTHER] {
        assert!(
            !head.contains(secret) && !body.contains(secret),
            "{what}: leaks a token"
        );
    }
}

#[tokio::test]
async fn oauth_metadata_is_public_fixed_and_everything_else_under_well_known_is_404() {
    let t = target(false).await;
    let addr = t.addr;
    let get = |path: String| format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close");
    for path in [
        "/.well-known/oauth-protected-resource",
        "/.well-known/oauth-protected-resource/mcp",
        "/.well-known/oauth-protected-resource/mcp?resource=https://evil.example",
    ] {
        let answer = raw(addr, &get(path.to_owned()), b"").await;
        assert_eq!(answer.0, 200, "{path}: {}", answer.1);
        let doc: Value = serde_json::from_str(&answer.2).expect("a JSON document");
        // The document names this server whatever the request says.
        assert_eq!(doc["resource"], format!("http://{addr}/mcp"), "{path}");
        assert_eq!(doc["bearer_methods_supported"], json!(["header"]));
        assert!(!answer.2.contains(ADMIN) && !answer.2.contains(OTHER));
    }
    for path in [
        "/.well-known/oauth-protected-resource/../../etc/passwd".to_owned(),
        "/.well-known/oauth-protected-resource/%2e%2e/%2e%2e/etc/passwd".to_owned(),
        "/.well-known/oauth-protected-resource/other".to_owned(),
        format!(
            "/.well-known/oauth-protected-resource/{}",
            "a".repeat(20_000)
        ),
        "/.well-known/oauth-authorization-server".to_owned(),
        "/.well-known/openid-configuration".to_owned(),
    ] {
        let answer = raw(addr, &get(path.clone()), b"").await;
        assert_refused(&path[..path.len().min(60)], &answer);
    }
    let posted = raw(
        addr,
        &format!(
            "POST /.well-known/oauth-protected-resource HTTP/1.1\r\nHost: {addr}\r\n\
             Content-Length: 2\r\nConnection: close"
        ),
        b"{}",
    )
    .await;
    assert_eq!(posted.0, 405, "{}", posted.1);
    still_serves(addr).await;
}

#[tokio::test]
async fn malformed_ambiguous_and_oversized_authorization_is_refused_cleanly() {
    let t = target(false).await;
    let addr = t.addr;
    let body = tools_list();
    let with = |lines: &[&str]| {
        let mut all = vec!["MCP-Protocol-Version: 2026-07-28", "Mcp-Method: tools/list"];
        all.extend_from_slice(lines);
        post_head(addr, body.len(), &all)
    };
    let admin = format!("Authorization: Bearer {ADMIN}");
    let huge = format!("Authorization: Bearer {}", "a".repeat(60_000));
    let giant = format!("Authorization: Bearer {}", "a".repeat(600_000));
    let folded = format!(" {ADMIN}");
    let cases: Vec<(&str, Vec<&str>, u16)> = vec![
        ("none", vec![], 401),
        ("basic", vec!["Authorization: Basic YWRtaW46YWRtaW4="], 401),
        ("empty bearer", vec!["Authorization: Bearer "], 401),
        ("scheme only", vec!["Authorization: Bearer"], 401),
        ("unknown scheme", vec!["Authorization: Token abc"], 401),
        (
            "wrong token",
            vec!["Authorization: Bearer not-a-token-0123456789"],
            401,
        ),
        (
            "a JWT of nobody",
            vec!["Authorization: Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9."],
            401,
        ),
        (
            "two, right first",
            vec![&admin, "Authorization: Bearer x"],
            401,
        ),
        (
            "two, right last",
            vec!["Authorization: Bearer x", &admin],
            401,
        ),
        ("two, both right", vec![&admin, &admin], 401),
        ("huge", vec![&huge], 401),
        ("giant", vec![&giant], 431),
        (
            "control character",
            vec!["Authorization: Bearer abc\x01def"],
            400,
        ),
        (
            "byte above ASCII",
            vec!["Authorization: Bearer abc\u{ff}def"],
            401,
        ),
        ("folded", vec!["Authorization: Bearer", &folded], 400),
    ];
    for (what, lines, expected) in cases {
        let answer = raw(addr, &with(&lines), body.as_bytes()).await;
        assert_refused(what, &answer);
        assert_eq!(answer.0, expected, "{what}: {}", answer.1);
        if expected == 401 {
            let challenge = header(&answer.1, "www-authenticate").unwrap_or_default();
            assert!(
                challenge.starts_with("Bearer realm="),
                "{what}: {}",
                answer.1
            );
            assert!(
                challenge.contains("resource_metadata="),
                "{what}: {challenge}"
            );
        }
        assert!(
            !answer.2.contains("aaaaaaaa"),
            "{what}: the token is echoed"
        );
    }
    // The right token alone, with any capitalisation of the scheme, passes.
    let lowercase = format!("Authorization: bearer {ADMIN}");
    let answer = raw(addr, &with(&[&lowercase]), body.as_bytes()).await;
    assert_eq!(answer.0, 200, "{}", answer.1);
    still_serves(addr).await;
}

#[tokio::test]
async fn session_ids_forged_oversized_doubled_or_another_principals_leave_the_owner_alone() {
    let t = target(false).await;
    let addr = t.addr;
    let session = open_session(addr, ADMIN).await;
    let list = r#"{"jsonrpc":"2.0","id":5,"method":"tools/list"}"#;
    let in_session = |token: &str, ids: &[&str]| {
        let mut lines = vec![
            format!("Authorization: Bearer {token}"),
            "MCP-Protocol-Version: 2025-11-25".to_owned(),
        ];
        lines.extend(ids.iter().map(|id| format!("Mcp-Session-Id: {id}")));
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        post_head(addr, list.len(), &lines)
    };
    // Another principal: POST, GET (the stream with the owner's messages) and DELETE.
    let answer = raw(addr, &in_session(OTHER, &[&session]), list.as_bytes()).await;
    assert_refused("another's session", &answer);
    assert_eq!(answer.0, 404, "{}", answer.1);
    for method in ["GET", "DELETE"] {
        let answer = raw(
            addr,
            &format!(
                "{method} /mcp HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\
                 Authorization: Bearer {OTHER}\r\nMcp-Session-Id: {session}\r\n\
                 MCP-Protocol-Version: 2025-11-25\r\nConnection: close"
            ),
            b"",
        )
        .await;
        assert_eq!(answer.0, 404, "{method} of another's session: {}", answer.1);
    }
    let forged = "123e4567-e89b-42d3-a456-426614174000";
    let huge = "s".repeat(50_000);
    for (what, ids) in [
        ("forged", vec![forged]),
        ("huge", vec![huge.as_str()]),
        ("own and another's", vec![session.as_str(), forged]),
        ("another's and own", vec![forged, session.as_str()]),
    ] {
        let answer = raw(addr, &in_session(OTHER, &ids), list.as_bytes()).await;
        assert_refused(what, &answer);
        assert!(!answer.2.contains("search_records"), "{what}: served");
    }
    let doubled = raw(
        addr,
        &in_session(ADMIN, &[&session, &session]),
        list.as_bytes(),
    )
    .await;
    assert_eq!(doubled.0, 400, "{}", doubled.1);
    assert!(doubled.2.contains("one Mcp-Session-Id"), "{}", doubled.2);
    let bell = format!("{session}\x07");
    let control = raw(addr, &in_session(ADMIN, &[&bell]), list.as_bytes()).await;
    assert_refused("control character", &control);
    // The owner's session survived all of it.
    let own = raw(addr, &in_session(ADMIN, &[&session]), list.as_bytes()).await;
    assert_eq!(own.0, 200, "{}", own.1);
    assert!(own.2.contains("search_records"), "{}", own.2);
    still_serves(addr).await;
}

#[tokio::test]
async fn protocol_version_origin_and_host_are_checked_before_anything_runs() {
    let t = target(false).await;
    let addr = t.addr;
    let body = tools_list();
    let auth = format!("Authorization: Bearer {ADMIN}");
    let with = |lines: &[&str]| {
        let mut all = vec![auth.as_str(), "Mcp-Method: tools/list"];
        all.extend_from_slice(lines);
        post_head(addr, body.len(), &all)
    };
    let huge_version = format!("MCP-Protocol-Version: {}", "9".repeat(10_000));
    for (what, lines) in [
        ("unknown version", vec!["MCP-Protocol-Version: 1999-01-01"]),
        ("huge version", vec![huge_version.as_str()]),
        ("no version", vec![]),
    ] {
        let answer = raw(addr, &with(&lines), body.as_bytes()).await;
        assert_refused(what, &answer);
        assert_eq!(answer.0, 400, "{what}: {}", answer.1);
        assert!(
            answer.2.contains("MCP-Protocol-Version"),
            "{what}: {}",
            answer.2
        );
        assert!(answer.2.len() < 1024, "{what}: the value is echoed whole");
    }
    let modern = "MCP-Protocol-Version: 2026-07-28";
    for (what, lines) in [
        (
            "foreign origin",
            vec![modern, "Origin: https://evil.example"],
        ),
        ("null origin", vec![modern, "Origin: null"]),
        (
            "look-alike origin",
            vec![modern, "Origin: http://localhost.evil.example"],
        ),
    ] {
        let answer = raw(addr, &with(&lines), body.as_bytes()).await;
        assert_eq!(answer.0, 403, "{what}: {}", answer.1);
    }
    let head = |host_lines: &str| {
        format!(
            "POST /mcp HTTP/1.1\r\n{host_lines}Content-Type: application/json\r\n\
             Accept: application/json, text/event-stream\r\nContent-Length: {}\r\n{auth}\r\n\
             {modern}\r\nMcp-Method: tools/list\r\nConnection: close",
            body.len()
        )
    };
    for (what, hosts) in [
        ("rebinding", "Host: evil.example\r\n".to_owned()),
        ("look-alike", "Host: localhost.evil.example\r\n".to_owned()),
        ("userinfo", format!("Host: {addr}@evil.example\r\n")),
        (
            "two hosts",
            format!("Host: {addr}\r\nHost: evil.example\r\n"),
        ),
        ("no host", String::new()),
    ] {
        let answer = raw(addr, &head(&hosts), body.as_bytes()).await;
        assert_refused(what, &answer);
        assert!(!answer.2.contains("search_records"), "{what}: served");
    }
    still_serves(addr).await;
}

#[tokio::test]
async fn bodies_too_large_lying_or_of_the_wrong_type_are_refused() {
    let t = target(false).await;
    let addr = t.addr;
    let body = tools_list();
    let auth = format!("Authorization: Bearer {ADMIN}");
    let fixed = "MCP-Protocol-Version: 2026-07-28\r\nMcp-Method: tools/list";
    let big = vec![b' '; MAX_BODY + 10];
    let answer = raw(addr, &post_head(addr, big.len(), &[&auth, fixed]), &big).await;
    assert_eq!(answer.0, 413, "{}", answer.1);
    let chunked = format!(
        "POST /mcp HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Accept: application/json, text/event-stream\r\nTransfer-Encoding: chunked\r\n{auth}\r\n\
         {fixed}\r\nConnection: close"
    );
    let chunks = [
        format!("{:x}\r\n", big.len()).into_bytes(),
        big.clone(),
        b"\r\n0\r\n\r\n".to_vec(),
    ]
    .concat();
    let answer = raw(addr, &chunked, &chunks).await;
    assert_eq!(answer.0, 413, "chunked: {}", answer.1);
    // A Content-Length far beyond what is sent: refused by size, or the connection simply
    // ends; either way nothing hangs the server.
    let lying = raw(addr, &post_head(addr, 1 << 30, &[&auth, fixed]), b"{}").await;
    assert!(lying.0 == 413 || lying.0 == 0, "{}", lying.1);
    let typed = |content_type: &str, accept: &str| {
        format!(
            "POST /mcp HTTP/1.1\r\nHost: {addr}\r\n{content_type}{accept}Content-Length: {}\r\n\
             {auth}\r\n{fixed}\r\nConnection: close",
            body.len()
        )
    };
    let accept = "Accept: application/json, text/event-stream\r\n";
    let json_type = "Content-Type: application/json\r\n";
    for (what, head, expected) in [
        (
            "text/plain",
            typed("Content-Type: text/plain\r\n", accept),
            415,
        ),
        ("no content type", typed("", accept), 415),
        (
            "form",
            typed(
                "Content-Type: application/x-www-form-urlencoded\r\n",
                accept,
            ),
            415,
        ),
        ("no accept", typed(json_type, ""), 406),
        (
            "accept html",
            typed(json_type, "Accept: text/html\r\n"),
            406,
        ),
    ] {
        let answer = raw(addr, &head, body.as_bytes()).await;
        assert_refused(what, &answer);
        assert_eq!(answer.0, expected, "{what}: {}", answer.1);
    }
    for (what, junk) in [
        ("not JSON", b"{{{".as_slice()),
        ("a number", b"42"),
        ("a string", br#""tools/list""#),
        ("invalid UTF-8", b"{\"a\":\"\xff\"}"),
    ] {
        let answer = raw(addr, &post_head(addr, junk.len(), &[&auth, fixed]), junk).await;
        assert_refused(what, &answer);
    }
    still_serves(addr).await;
}

#[tokio::test]
async fn methods_without_a_session_and_smuggling_framings_get_a_clean_4xx() {
    for stateless in [false, true] {
        let t = target(stateless).await;
        let addr = t.addr;
        let auth = format!("Authorization: Bearer {ADMIN}");
        for method in ["GET", "DELETE", "PUT", "PATCH"] {
            let answer = raw(
                addr,
                &format!(
                    "{method} /mcp HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\
                     {auth}\r\nContent-Length: 0\r\nConnection: close"
                ),
                b"",
            )
            .await;
            assert_refused(method, &answer);
            if !stateless && ["GET", "DELETE"].contains(&method) {
                assert!(answer.2.contains("Session ID is required"), "{}", answer.2);
            }
        }
        let body = tools_list();
        let fixed = "MCP-Protocol-Version: 2026-07-28\r\nMcp-Method: tools/list";
        let start = format!(
            "POST /mcp HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
             Accept: application/json, text/event-stream\r\n{auth}\r\n{fixed}\r\n"
        );
        let smuggled = format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\n\r\n");
        let framings = [
            (
                "two Content-Length",
                format!("Content-Length: {}\r\nContent-Length: 5", body.len()),
            ),
            (
                "Content-Length and chunked",
                "Content-Length: 4\r\nTransfer-Encoding: chunked".to_owned(),
            ),
            ("unknown coding", "Transfer-Encoding: xchunked".to_owned()),
            (
                "chunked twice",
                "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked".to_owned(),
            ),
            ("negative length", "Content-Length: -1".to_owned()),
            ("plus length", format!("Content-Length: +{}", body.len())),
        ];
        for (what, framing) in framings {
            let bytes = [
                start.as_bytes(),
                framing.as_bytes(),
                b"\r\n\r\n",
                format!("{:x}\r\n{body}\r\n0\r\n\r\n", body.len()).as_bytes(),
                smuggled.as_bytes(),
            ]
            .concat();
            let (status, head, rest) = raw_bytes(addr, &bytes).await;
            if what == "Content-Length and chunked" {
                // hyper strips the Content-Length, reads the chunked body (RFC 9112 §6.3) and
                // closes the connection after answering: nothing behind the body is read as
                // a request. (The header is gone before any layer of ours could refuse it.)
                assert!(
                    header(&head, "connection").is_some_and(|c| c == "close"),
                    "{what}: {status}\n{head}"
                );
            } else {
                assert!(
                    (400..500).contains(&status) || status == 501,
                    "{what}: {status}\n{head}"
                );
            }
            assert!(
                !rest.contains("HTTP/1.1 ") && !rest.contains(r#""status":"ok""#),
                "{what}: the smuggled request was answered\n{rest}"
            );
        }
        let many: Vec<String> = (0..500).map(|i| format!("X-Junk-{i}: a")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let answer = raw(addr, &post_head(addr, body.len(), &many), body.as_bytes()).await;
        assert_refused("many headers", &answer);
        still_serves(addr).await;
    }
}
