//! Test support: signing keys generated at test time (aws-lc-rs) and a loopback issuer that
//! serves its RFC 8414 metadata and a JWKS it can rotate, count fetches of, or stop serving.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{
    ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, Ed25519KeyPair, KeyPair as _,
};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::jwk::{
    AlgorithmParameters, CommonParameters, EllipticCurve, Jwk, OctetKeyPairParameters,
    OctetKeyPairType,
};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

use crate::config::OAuthConfig;

/// A signing key and its public JWK.
pub(crate) struct TestKey {
    pub(crate) alg: Algorithm,
    pub(crate) jwk: Jwk,
    encoding: EncodingKey,
}

impl TestKey {
    /// A new P-256 key.
    pub(crate) fn es256(kid: &str) -> Self {
        let rng = SystemRandom::new();
        let pkcs8 =
            EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).expect("EC key");
        let encoding = EncodingKey::from_ec_der(pkcs8.as_ref());
        Self::with_jwk(Algorithm::ES256, kid, encoding)
    }

    /// A new 2048-bit RSA key.
    pub(crate) fn rs256(kid: &str) -> Self {
        let pair =
            aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).expect("RSA key");
        let der = pair.as_der().expect("PKCS#8");
        let pem = pem_of("PRIVATE KEY", der.as_ref());
        let encoding = EncodingKey::from_rsa_pem(pem.as_bytes()).expect("RSA PEM");
        Self::with_jwk(Algorithm::RS256, kid, encoding)
    }

    /// A new Ed25519 key.
    pub(crate) fn eddsa(kid: &str) -> Self {
        let rng = SystemRandom::new();
        let pkcs8 = Ed25519KeyPair::generate_pkcs8(&rng).expect("Ed25519 key");
        let pair = Ed25519KeyPair::from_pkcs8(pkcs8.as_ref()).expect("Ed25519 pair");
        let jwk = Jwk {
            common: CommonParameters {
                key_id: Some(kid.to_owned()),
                ..CommonParameters::default()
            },
            algorithm: AlgorithmParameters::OctetKeyPair(OctetKeyPairParameters {
                key_type: OctetKeyPairType::OctetKeyPair,
                curve: EllipticCurve::Ed25519,
                x: URL_SAFE_NO_PAD.encode(pair.public_key().as_ref()),
            }),
        };
        Self {
            alg: Algorithm::EdDSA,
            jwk,
            encoding: EncodingKey::from_ed_der(pkcs8.as_ref()),
        }
    }

    fn with_jwk(alg: Algorithm, kid: &str, encoding: EncodingKey) -> Self {
        let mut jwk = Jwk::from_encoding_key(&encoding, alg).expect("public JWK");
        jwk.common.key_id = Some(kid.to_owned());
        Self { alg, jwk, encoding }
    }

    /// The key id.
    pub(crate) fn kid(&self) -> &str {
        self.jwk.common.key_id.as_deref().unwrap_or_default()
    }

    /// A JWT with these claims, signed by this key, naming its `kid`.
    pub(crate) fn sign(&self, claims: &Value) -> String {
        let mut header = Header::new(self.alg);
        header.kid = Some(self.kid().to_owned());
        jsonwebtoken::encode(&header, claims, &self.encoding).expect("sign")
    }
}

/// PEM armour around DER bytes.
fn pem_of(label: &str, der: &[u8]) -> String {
    let body = STANDARD.encode(der);
    let lines: Vec<&str> = body
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap_or_default())
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        lines.join("\n")
    )
}

/// Claims of a valid token: `iss`, `aud`, `sub`, `exp` in five minutes, and `scope`.
pub(crate) fn claims(issuer: &str, audience: &str, scope: &str) -> Value {
    let now = jsonwebtoken::get_current_timestamp();
    json!({
        "iss": issuer,
        "aud": audience,
        "sub": "alice",
        "client_id": "assistant",
        "iat": now,
        "exp": now + 300,
        "scope": scope,
    })
}

/// The audience tests use.
pub(crate) const AUDIENCE: &str = "http://127.0.0.1:8787/mcp";

/// An issuer on loopback: `/.well-known/oauth-authorization-server` and `/jwks`.
pub(crate) struct TestIssuer {
    pub(crate) url: String,
    keys: Arc<Mutex<Vec<Jwk>>>,
    fetches: Arc<AtomicUsize>,
    up: Arc<AtomicBool>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for TestIssuer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl TestIssuer {
    /// Starts serving `keys` on 127.0.0.1 (a free port).
    pub(crate) async fn start(keys: Vec<Jwk>) -> Self {
        let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let keys = Arc::new(Mutex::new(keys));
        let fetches = Arc::new(AtomicUsize::new(0));
        let up = Arc::new(AtomicBool::new(true));
        let (k, f, u, issuer) = (keys.clone(), fetches.clone(), up.clone(), url.clone());
        let app = axum::Router::new()
            .route(
                "/.well-known/oauth-authorization-server",
                axum::routing::get(move || {
                    let issuer = issuer.clone();
                    async move {
                        axum::Json(
                            json!({ "issuer": issuer, "jwks_uri": format!("{issuer}/jwks") }),
                        )
                    }
                }),
            )
            .route(
                "/jwks",
                axum::routing::get(move || {
                    let (k, f, u) = (k.clone(), f.clone(), u.clone());
                    async move {
                        f.fetch_add(1, Ordering::SeqCst);
                        if !u.load(Ordering::SeqCst) {
                            return Err(axum::http::StatusCode::SERVICE_UNAVAILABLE);
                        }
                        let keys = k.lock().expect("keys").clone();
                        Ok(axum::Json(json!({ "keys": keys })))
                    }
                }),
            );
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self {
            url,
            keys,
            fetches,
            up,
            task,
        }
    }

    /// Serves these keys from now on.
    pub(crate) fn set_keys(&self, keys: Vec<Jwk>) {
        *self.keys.lock().expect("keys") = keys;
    }

    /// How many times `/jwks` was asked for.
    pub(crate) fn fetches(&self) -> usize {
        self.fetches.load(Ordering::SeqCst)
    }

    /// `false`: `/jwks` answers 503.
    pub(crate) fn set_up(&self, up: bool) {
        self.up.store(up, Ordering::SeqCst);
    }

    /// A configuration trusting this issuer (keys discovered from its metadata).
    pub(crate) fn config(&self) -> OAuthConfig {
        config_for(&self.url)
    }
}

/// A configuration trusting `issuer` (no server needed).
pub(crate) fn config_for(issuer: &str) -> OAuthConfig {
    OAuthConfig {
        issuer: issuer.to_owned(),
        audience: AUDIENCE.to_owned(),
        jwks_uri: None,
        algorithms: crate::config::DEFAULT_ALGORITHMS.to_vec(),
        required_scopes: Vec::new(),
        scope_read: crate::config::DEFAULT_SCOPE_READ.to_owned(),
        scope_write: crate::config::DEFAULT_SCOPE_WRITE.to_owned(),
        introspection: None,
        jwks_cache: Duration::from_secs(300),
        allow_http_issuer: true,
    }
}
