//! Opaque (non-JWT) access tokens, checked by the authorization server's RFC 7662
//! introspection endpoint with this server's client credentials (HTTP Basic). The answer must
//! say `active: true`, name our audience in `aud`, our issuer in `iss` (when given) and a
//! subject; it is remembered for at most [`CACHE_TTL`] (and never past the token's `exp`),
//! keyed by the token's SHA-256 digest, so revocation takes effect within that time. A refused
//! token is remembered as refused for as long, and at most [`MAX_IN_FLIGHT`] requests go to
//! the authorization server at once, so made-up tokens cannot turn into a flood of requests.

use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::error::OAuthError;
use super::fetch::Fetcher;
use super::principal::OAuthPrincipal;
use super::verify::LEEWAY_SECONDS;
use crate::config::{IntrospectionConfig, OAuthConfig};

/// How long an introspection answer is reused.
pub(crate) const CACHE_TTL: Duration = Duration::from_secs(30);
/// Tokens remembered at most (the cache is emptied when full).
const CACHE_MAX: usize = 10_000;
/// Introspection requests in flight at most: a flood of made-up tokens waits its turn here
/// instead of becoming a flood of requests to the authorization server.
const MAX_IN_FLIGHT: usize = 8;
/// Largest introspection answer read.
const MAX_ANSWER_BYTES: usize = 64 * 1024;

#[derive(Deserialize)]
struct Answer {
    active: bool,
    scope: Option<String>,
    client_id: Option<String>,
    sub: Option<String>,
    username: Option<String>,
    aud: Option<Audience>,
    iss: Option<String>,
    exp: Option<u64>,
    nbf: Option<u64>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Audience {
    One(String),
    Many(Vec<String>),
}

impl Audience {
    fn contains(&self, audience: &str) -> bool {
        match self {
            Self::One(a) => a == audience,
            Self::Many(list) => list.iter().any(|a| a == audience),
        }
    }
}

/// The introspection client.
pub(crate) struct Introspector {
    fetcher: Fetcher,
    endpoint: IntrospectionConfig,
    issuer: String,
    audience: String,
    cache: Mutex<HashMap<[u8; 32], (Instant, Known)>>,
    in_flight: tokio::sync::Semaphore,
}

/// What the authorization server said about a token, remembered for a while: a refused token
/// sent again is refused without asking again.
#[derive(Clone)]
enum Known {
    Active(OAuthPrincipal),
    Refused(&'static str),
}

impl Introspector {
    /// A client for `endpoint`, checking answers against `config`'s issuer and audience.
    pub(crate) fn new(
        fetcher: Fetcher,
        endpoint: &IntrospectionConfig,
        config: &OAuthConfig,
    ) -> Self {
        Self {
            fetcher,
            endpoint: endpoint.clone(),
            issuer: config.issuer.clone(),
            audience: config.audience.clone(),
            cache: Mutex::default(),
            in_flight: tokio::sync::Semaphore::new(MAX_IN_FLIGHT),
        }
    }

    /// Who holds `token`, per the authorization server.
    pub(crate) async fn introspect(&self, token: &str) -> Result<OAuthPrincipal, OAuthError> {
        let digest: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        if let Some(known) = self.cached(&digest) {
            return known;
        }
        // The semaphore is never closed; a failure to acquire would only mean no limit.
        let _turn = self.in_flight.acquire().await.ok();
        // Another request may have asked about the same token while this one waited.
        if let Some(known) = self.cached(&digest) {
            return known;
        }
        let answer: Answer = self
            .fetcher
            .post_form_json(
                &self.endpoint.endpoint,
                (
                    &self.endpoint.client_id,
                    self.endpoint.client_secret.expose(),
                ),
                &[("token", token), ("token_type_hint", "access_token")],
                MAX_ANSWER_BYTES,
            )
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "token introspection failed; refusing the token");
                OAuthError::Unavailable(e)
            })?;
        let now = jsonwebtoken::get_current_timestamp();
        let (who, exp) = match self.check(answer, now) {
            Ok(checked) => checked,
            Err(OAuthError::Inactive(why)) => {
                self.remember(digest, CACHE_TTL, Known::Refused(why));
                return Err(OAuthError::Inactive(why));
            }
            Err(e) => return Err(e),
        };
        let ttl = exp.map_or(CACHE_TTL, |exp| {
            CACHE_TTL.min(Duration::from_secs(exp.saturating_sub(now)))
        });
        self.remember(digest, ttl, Known::Active(who.clone()));
        Ok(who)
    }

    fn remember(&self, digest: [u8; 32], ttl: Duration, known: Known) {
        if let Ok(mut cache) = self.cache.lock() {
            if cache.len() >= CACHE_MAX {
                cache.clear();
            }
            cache.insert(digest, (Instant::now() + ttl, known));
        }
    }

    fn cached(&self, digest: &[u8; 32]) -> Option<Result<OAuthPrincipal, OAuthError>> {
        let mut cache = self.cache.lock().ok()?;
        match cache.get(digest) {
            Some((until, known)) if Instant::now() < *until => Some(match known {
                Known::Active(who) => Ok(who.clone()),
                Known::Refused(why) => Err(OAuthError::Inactive(why)),
            }),
            Some(_) => {
                cache.remove(digest);
                None
            }
            None => None,
        }
    }

    fn check(&self, a: Answer, now: u64) -> Result<(OAuthPrincipal, Option<u64>), OAuthError> {
        if !a.active {
            return Err(OAuthError::Inactive("active is false"));
        }
        if a.iss.as_deref().is_some_and(|iss| iss != self.issuer) {
            return Err(OAuthError::Inactive("another issuer"));
        }
        if !a
            .aud
            .as_ref()
            .is_some_and(|aud| aud.contains(&self.audience))
        {
            return Err(OAuthError::Inactive("aud does not name this server"));
        }
        if a.exp.is_some_and(|exp| exp + LEEWAY_SECONDS < now) {
            return Err(OAuthError::Inactive("expired"));
        }
        if a.nbf.is_some_and(|nbf| nbf > now + LEEWAY_SECONDS) {
            return Err(OAuthError::Inactive("not valid yet"));
        }
        let subject = a
            .sub
            .or(a.username)
            .ok_or(OAuthError::Inactive("no subject"))?;
        let scopes: BTreeSet<String> = a
            .scope
            .as_deref()
            .unwrap_or_default()
            .split_ascii_whitespace()
            .map(str::to_owned)
            .collect();
        Ok((
            OAuthPrincipal {
                subject,
                client_id: a.client_id,
                scopes,
            },
            a.exp,
        ))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use axum::http::HeaderMap;
    use serde_json::json;

    use super::super::test_issuer::{AUDIENCE, config_for};
    use super::*;

    /// An introspection endpoint: `good-token` is active, anything else is not; the client
    /// must authenticate as `odoo-mcp:s3cret` (Basic `b2Rvby1tY3A6czNjcmV0`).
    async fn endpoint() -> (String, Arc<AtomicUsize>) {
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = calls.clone();
        let app = axum::Router::new().route(
            "/introspect",
            axum::routing::post(move |headers: HeaderMap, body: String| {
                let counter = counter.clone();
                async move {
                    counter.fetch_add(1, Ordering::SeqCst);
                    let auth = headers.get("authorization").and_then(|v| v.to_str().ok());
                    if auth != Some("Basic b2Rvby1tY3A6czNjcmV0") {
                        return Err(axum::http::StatusCode::UNAUTHORIZED);
                    }
                    let now = jsonwebtoken::get_current_timestamp();
                    Ok(axum::Json(if body.contains("token=good-token") {
                        json!({ "active": true, "sub": "bob", "aud": AUDIENCE,
                                "scope": "odoo.read", "exp": now + 600 })
                    } else if body.contains("token=other-aud") {
                        json!({ "active": true, "sub": "bob", "aud": "https://else.example.com" })
                    } else {
                        json!({ "active": false })
                    }))
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}/introspect", listener.local_addr().expect("addr"));
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        (url, calls)
    }

    fn introspector(url: &str, secret: &str) -> Introspector {
        let config = config_for("https://login.example.com");
        let endpoint = IntrospectionConfig {
            endpoint: url.to_owned(),
            client_id: "odoo-mcp".to_owned(),
            client_secret: odoo_client::Secret::new(secret),
        };
        Introspector::new(Fetcher::new(true), &endpoint, &config)
    }

    #[tokio::test]
    async fn an_active_token_for_us_passes_and_is_cached() {
        let (url, calls) = endpoint().await;
        let i = introspector(&url, "s3cret");
        for _ in 0..3 {
            let who = i.introspect("good-token").await.expect("active");
            assert_eq!(who.subject, "bob");
            assert!(who.scopes.contains("odoo.read"));
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn inactive_foreign_and_unauthenticated_answers_are_refused() {
        let (url, _) = endpoint().await;
        let i = introspector(&url, "s3cret");
        let e = i.introspect("revoked").await.expect_err("inactive");
        assert!(matches!(e, OAuthError::Inactive(_)), "{e}");
        let e = i.introspect("other-aud").await.expect_err("aud");
        assert!(matches!(e, OAuthError::Inactive(_)), "{e}");
        let e = introspector(&url, "wrong")
            .introspect("good-token")
            .await
            .expect_err("bad client secret");
        assert!(matches!(e, OAuthError::Unavailable(_)), "{e}");
    }

    #[tokio::test]
    async fn a_refused_token_sent_again_is_refused_without_asking_again() {
        let (url, calls) = endpoint().await;
        let i = introspector(&url, "s3cret");
        for _ in 0..5 {
            let e = i.introspect("revoked").await.expect_err("inactive");
            assert!(matches!(e, OAuthError::Inactive("active is false")), "{e}");
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_flood_of_made_up_tokens_asks_at_most_a_few_at_once() {
        // An endpoint that takes its time and records how many requests it held at once.
        let (now, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let (n, m) = (now.clone(), most.clone());
        let app = axum::Router::new().route(
            "/introspect",
            axum::routing::post(move || {
                let (n, m) = (n.clone(), m.clone());
                async move {
                    let held = n.fetch_add(1, Ordering::SeqCst) + 1;
                    m.fetch_max(held, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    n.fetch_sub(1, Ordering::SeqCst);
                    axum::Json(json!({ "active": false }))
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}/introspect", listener.local_addr().expect("addr"));
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        let i = Arc::new(introspector(&url, "s3cret"));
        let flood: Vec<_> = (0..64)
            .map(|n| {
                let i = Arc::clone(&i);
                tokio::spawn(async move { i.introspect(&format!("made-up-{n}")).await })
            })
            .collect();
        for task in flood {
            let refused = task.await.expect("task").expect_err("made up");
            assert!(matches!(refused, OAuthError::Inactive(_)), "{refused}");
        }
        let most = most.load(Ordering::SeqCst);
        assert!(
            (1..=MAX_IN_FLIGHT).contains(&most),
            "{most} requests at once"
        );
    }
}
