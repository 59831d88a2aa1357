//! OAuth 2.1 over real HTTP: a test issuer on loopback (ES256 key generated now, RFC 8414
//! metadata and a JWKS served by axum) and odoo-mcp's HTTP app on another port. A client
//! without a token learns where the metadata is; tokens of the issuer work according to
//! their scopes; expired, foreign-audience and forged tokens are refused; the static token
//! still works beside OAuth.

use std::time::Duration;

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair};
use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use odoo_mcp::config::{AuthConfig, ClientConfig, OAuthConfig, ServerConfig, TokenDigest};
use odoo_mcp::transport::http::{HttpState, run};
use odoo_mcp::{Instances, OdooServer};
use rmcp::ClientServiceExt;
use rmcp::model::CallToolRequestParams;
use rmcp::transport::StreamableHttpClientTransport;
use rmcp::transport::streamable_http_client::StreamableHttpClientTransportConfig;
use serde_json::{Value, json};

use crate::harness;

const STATIC_TOKEN: &str = "static-token-0123456789abcdef";

/// A configured HTTP client `name` with the static `token`, no restrictions.
pub(crate) fn static_client(name: &str, token: &str) -> ClientConfig {
    ClientConfig {
        name: name.to_owned(),
        token: TokenDigest::of(token),
        restrictions: Default::default(),
        odoo: Vec::new(),
        rate_per_minute: None,
        max_calls: None,
    }
}

/// OAuth trusting `issuer` (over plain HTTP, as the test issuers are) for tokens addressed to
/// `audience`, with the default algorithms, scopes and cache.
pub(crate) fn oauth_config(
    issuer: String,
    audience: String,
    jwks_uri: Option<String>,
) -> OAuthConfig {
    OAuthConfig {
        issuer,
        audience,
        jwks_uri,
        algorithms: odoo_mcp::config::DEFAULT_ALGORITHMS.to_vec(),
        required_scopes: Vec::new(),
        scope_read: "odoo.read".to_owned(),
        scope_write: "odoo.write".to_owned(),
        introspection: None,
        jwks_cache: Duration::from_secs(300),
        allow_http_issuer: true,
    }
}

/// An ES256 signing key and its public JWK.
pub(crate) struct Key {
    encoding: EncodingKey,
    jwk: Jwk,
}

impl Key {
    pub(crate) fn new(kid: &str) -> Self {
        let pkcs8 =
            EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &SystemRandom::new())
                .expect("EC key");
        let encoding = EncodingKey::from_ec_der(pkcs8.as_ref());
        let mut jwk = Jwk::from_encoding_key(&encoding, Algorithm::ES256).expect("JWK");
        jwk.common.key_id = Some(kid.to_owned());
        Self { encoding, jwk }
    }

    pub(crate) fn sign(&self, claims: &Value) -> String {
        let mut header = Header::new(Algorithm::ES256);
        header.kid = self.jwk.common.key_id.clone();
        jsonwebtoken::encode(&header, claims, &self.encoding).expect("sign")
    }
}

/// The issuer: `/.well-known/oauth-authorization-server` and `/jwks` on a free port.
pub(crate) async fn issuer(key: &Key) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let meta = json!({ "issuer": url, "jwks_uri": format!("{url}/jwks") });
    let jwks = json!({ "keys": [key.jwk] });
    let app = axum::Router::new()
        .route(
            "/.well-known/oauth-authorization-server",
            axum::routing::get(move || async move { axum::Json(meta) }),
        )
        .route(
            "/jwks",
            axum::routing::get(move || async move { axum::Json(jwks) }),
        );
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    url
}

struct Setup {
    mcp_url: String,
    issuer: String,
    key: Key,
    _stop: tokio::sync::oneshot::Sender<()>,
    _sim: odoo_sim::SimHandle,
}

impl Setup {
    fn token(&self, scope: &str) -> String {
        self.key.sign(&self.claims(scope))
    }

    fn claims(&self, scope: &str) -> Value {
        let now = jsonwebtoken::get_current_timestamp();
        json!({ "iss": self.issuer, "aud": self.mcp_url, "sub": "alice", "client_id": "it",
                "iat": now, "exp": now + 300, "scope": scope })
    }
}

/// odoo-mcp over HTTP with two writable instances (`prod`, the default, and `staging`),
/// OAuth trusting the test issuer, and a static token.
async fn setup() -> Setup {
    setup_with_jwks(None).await
}

/// Like [`setup`], with the keys at `jwks_uri` instead of the issuer's.
async fn setup_with_jwks(jwks_uri: Option<String>) -> Setup {
    let sim = harness::sim().await;
    let instances = Instances::new(
        vec![
            harness::instance("prod", &sim, harness::writable("prod")),
            harness::instance("staging", &sim, harness::writable("staging")),
        ],
        "prod",
    )
    .expect("instances");
    let key = Key::new("k1");
    let issuer = issuer(&key).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let mcp_url = format!("http://{}/mcp", listener.local_addr().expect("addr"));
    let auth = AuthConfig {
        clients: vec![static_client("default", STATIC_TOKEN)],
        oauth: Some(oauth_config(issuer.clone(), mcp_url.clone(), jwks_uri)),
        ..AuthConfig::default()
    };
    let config = ServerConfig {
        auth,
        ..ServerConfig::default()
    };
    let state = HttpState::new(OdooServer::new(instances), &config);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(run(listener, state, async move {
        let _ = stopped.await;
    }));
    Setup {
        mcp_url,
        issuer,
        key,
        _stop: stop,
        _sim: sim,
    }
}

async fn client(url: &str, token: &str) -> harness::Client {
    let transport = StreamableHttpClientTransport::from_config(
        StreamableHttpClientTransportConfig::with_uri(url.to_owned()).auth_header(token.to_owned()),
    );
    harness::TestClient
        .serve_with_lifecycle(transport, rmcp::ClientLifecycleMode::Initialize)
        .await
        .expect("client connects with the token")
}

/// A raw `tools/call` POST (no session needed: refusals come before the MCP service).
async fn post_call(url: &str, token: Option<&str>, tool: &str, args: Value) -> reqwest::Response {
    let mut request = reqwest::Client::new()
        .post(url)
        .header("accept", "application/json, text/event-stream")
        .json(&json!({ "jsonrpc": "2.0", "id": 42, "method": "tools/call",
                       "params": { "name": tool, "arguments": args } }));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.expect("response")
}

fn challenge(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("www-authenticate")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn no_token_gets_401_pointing_at_the_metadata_that_names_the_issuer() {
    let s = setup().await;
    let response = post_call(
        &s.mcp_url,
        None,
        "count_records",
        json!({"model": "res.partner"}),
    )
    .await;
    assert_eq!(response.status(), 401);
    let challenge = challenge(&response);
    let base = s.mcp_url.trim_end_matches("/mcp");
    let metadata_url = format!("{base}/.well-known/oauth-protected-resource/mcp");
    assert!(
        challenge.contains(&format!("resource_metadata=\"{metadata_url}\"")),
        "{challenge}"
    );
    assert!(challenge.contains("scope=\"odoo.read\""), "{challenge}");
    for url in [
        metadata_url,
        format!("{base}/.well-known/oauth-protected-resource"),
    ] {
        let doc: Value = reqwest::get(&url)
            .await
            .expect("metadata")
            .json()
            .await
            .expect("JSON");
        assert_eq!(doc["resource"], s.mcp_url.as_str());
        assert_eq!(doc["authorization_servers"], json!([s.issuer]));
        assert_eq!(doc["bearer_methods_supported"], json!(["header"]));
        assert_eq!(doc["scopes_supported"], json!(["odoo.read", "odoo.write"]));
    }
}

#[tokio::test]
async fn a_read_token_reads_and_is_refused_writes_with_403_insufficient_scope() {
    let s = setup().await;
    let read = s.token("odoo.read");
    let c = client(&s.mcp_url, &read).await;
    let (count, _) = harness::ok(&c, "count_records", json!({"model": "res.partner"})).await;
    assert!(count["count"].as_u64().is_some_and(|n| n > 0), "{count}");
    let listed = harness::tool_names(&c).await;
    assert!(listed.iter().any(|n| n == "search_records"), "{listed:?}");
    assert!(
        !listed
            .iter()
            .any(|n| n == "create_records" || n == "delete_records"),
        "a read token is not offered the write tools: {listed:?}"
    );
    let writer = client(&s.mcp_url, &s.token("odoo.write")).await;
    let listed = writer.list_all_tools().await.expect("tools/list");
    assert!(
        listed.iter().any(|t| t.name == "create_records"),
        "a write token is"
    );
    let Value::Object(args) = json!({"model": "res.partner", "records": [{"name": "Nope"}]}) else {
        unreachable!()
    };
    let refused = c
        .call_tool(CallToolRequestParams::new("create_records").with_arguments(args.clone()))
        .await;
    assert!(
        refused.is_err(),
        "a write with a read token must fail: {refused:?}"
    );

    let response = post_call(
        &s.mcp_url,
        Some(&read),
        "create_records",
        Value::Object(args),
    )
    .await;
    assert_eq!(response.status(), 403);
    let challenge = challenge(&response);
    assert!(
        challenge.contains("error=\"insufficient_scope\""),
        "{challenge}"
    );
    assert!(
        challenge.contains("scope=\"odoo.read odoo.write\""),
        "{challenge}"
    );
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body["id"], 42);
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("odoo.write")),
        "{body}"
    );
}

#[tokio::test]
async fn a_write_token_writes() {
    let s = setup().await;
    let c = client(&s.mcp_url, &s.token("odoo.write")).await;
    let named = json!({"model": "res.partner", "domain": [["name", "=", "OAuth Partner"]]});
    let (before, _) = harness::ok(&c, "count_records", named.clone()).await;
    harness::ok(
        &c,
        "create_records",
        json!({"model": "res.partner", "records": [{"name": "OAuth Partner"}]}),
    )
    .await;
    let (after, _) = harness::ok(&c, "count_records", named).await;
    assert_eq!(after["count"], before["count"].as_u64().expect("count") + 1);
}

#[tokio::test]
async fn an_instance_scope_keeps_the_token_to_its_instance() {
    let s = setup().await;
    let token = s.token("odoo.read odoo.instance:staging");
    let c = client(&s.mcp_url, &token).await;
    harness::ok(
        &c,
        "count_records",
        json!({"model": "res.partner", "instance": "staging"}),
    )
    .await;
    for args in [
        json!({"model": "res.partner"}),
        json!({"model": "res.partner", "instance": "prod"}),
    ] {
        let response = post_call(&s.mcp_url, Some(&token), "count_records", args).await;
        assert_eq!(response.status(), 403);
        assert!(challenge(&response).contains("odoo.instance:prod"));
    }
}

#[tokio::test]
async fn expired_foreign_forged_and_unscoped_tokens_are_refused() {
    let s = setup().await;
    let now = jsonwebtoken::get_current_timestamp();
    let mut expired = s.claims("odoo.read");
    expired["exp"] = json!(now - 600);
    let mut foreign = s.claims("odoo.read");
    foreign["aud"] = json!("https://other.example.com/mcp");
    let forged = Key::new("k1").sign(&s.claims("odoo.write"));
    for (what, token, description) in [
        ("expired", s.key.sign(&expired), "expired"),
        ("wrong audience", s.key.sign(&foreign), "another resource"),
        ("forged", forged, "not accepted"),
        (
            "opaque",
            "opaque-token-0123456789".to_owned(),
            "not accepted",
        ),
    ] {
        let response = post_call(
            &s.mcp_url,
            Some(&token),
            "count_records",
            json!({"model": "res.partner"}),
        )
        .await;
        assert_eq!(response.status(), 401, "{what}");
        let challenge = challenge(&response);
        assert!(
            challenge.contains("error=\"invalid_token\""),
            "{what}: {challenge}"
        );
        assert!(challenge.contains(description), "{what}: {challenge}");
        assert!(
            challenge.contains("resource_metadata="),
            "{what}: {challenge}"
        );
        let body = response.text().await.expect("body");
        assert!(!body.contains(&token), "{what}: the token is echoed");
    }
    let response = post_call(
        &s.mcp_url,
        Some(&s.token("profile email")),
        "count_records",
        json!({"model": "res.partner"}),
    )
    .await;
    assert_eq!(response.status(), 403, "a token without an odoo scope");
}

#[tokio::test]
async fn the_static_token_still_works_beside_oauth() {
    let s = setup().await;
    let c = client(&s.mcp_url, STATIC_TOKEN).await;
    harness::ok(
        &c,
        "count_records",
        json!({"model": "res.partner", "instance": "staging"}),
    )
    .await;
}

#[tokio::test]
async fn an_unreachable_jwks_refuses_every_oauth_token_but_not_the_static_one() {
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let jwks = format!("http://{}/jwks", closed.local_addr().expect("addr"));
    drop(closed);
    let s = setup_with_jwks(Some(jwks)).await;
    let response = post_call(
        &s.mcp_url,
        Some(&s.token("odoo.write")),
        "count_records",
        json!({"model": "res.partner"}),
    )
    .await;
    assert_eq!(response.status(), 401);
    let challenge = challenge(&response);
    assert!(challenge.contains("cannot be checked now"), "{challenge}");
    let c = client(&s.mcp_url, STATIC_TOKEN).await;
    harness::ok(&c, "count_records", json!({"model": "res.partner"})).await;
}
