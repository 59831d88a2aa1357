//! The issuer's signing keys: fetched from `jwks_uri` (or the URI its metadata names), kept
//! for `jwks_cache_seconds`, fetched again at once when a token names an unknown `kid` (key
//! rotation) — but never more than once per [`REFETCH_MIN_INTERVAL`], so that tokens with
//! made-up key ids cannot make us hammer the issuer. When the keys cannot be had, every token
//! is refused (fail closed).

use std::sync::Arc;
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, OctetKeyPairType, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey};
use serde::Deserialize;
use serde_json::Value;

use super::discovery;
use super::error::{FetchError, OAuthError};
use super::fetch::Fetcher;
use crate::config::OAuthConfig;

/// Least time between two fetches of the keys (successful or not).
pub(crate) const REFETCH_MIN_INTERVAL: Duration = Duration::from_secs(10);
/// Largest JWKS document read.
const MAX_JWKS_BYTES: usize = 256 * 1024;
/// Keys of a JWKS considered at most.
const MAX_KEYS: usize = 100;

#[derive(Deserialize)]
struct RawSet {
    keys: Vec<Value>,
}

#[derive(Default)]
struct State {
    jwks_uri: Option<String>,
    keys: Arc<Vec<Jwk>>,
    fetched_at: Option<Instant>,
    last_attempt: Option<Instant>,
}

/// Where verification gets the issuer's public keys.
pub(crate) struct KeySource {
    fetcher: Fetcher,
    issuer: String,
    allow_http: bool,
    ttl: Duration,
    refetch_min_interval: Duration,
    state: tokio::sync::Mutex<State>,
}

impl KeySource {
    /// Keys of the issuer in `config` (nothing is fetched before the first token).
    pub(crate) fn new(fetcher: Fetcher, config: &OAuthConfig) -> Self {
        Self {
            fetcher,
            issuer: config.issuer.clone(),
            allow_http: config.allow_http_issuer,
            ttl: config.jwks_cache,
            refetch_min_interval: REFETCH_MIN_INTERVAL,
            state: tokio::sync::Mutex::new(State {
                jwks_uri: config.jwks_uri.clone(),
                ..State::default()
            }),
        }
    }

    /// Tests: a shorter least time between fetches.
    #[cfg(test)]
    pub(crate) fn with_refetch_interval(mut self, interval: Duration) -> Self {
        self.refetch_min_interval = interval;
        self
    }

    /// The key that verifies a token with this `kid` and `alg`.
    pub(crate) async fn key(
        &self,
        kid: Option<&str>,
        alg: Algorithm,
    ) -> Result<DecodingKey, OAuthError> {
        let mut state = self.state.lock().await;
        let fresh = state.fetched_at.is_some_and(|t| t.elapsed() < self.ttl);
        if !fresh {
            self.refresh(&mut state).await?;
        }
        if let Some(jwk) = select(&state.keys, kid, alg) {
            return DecodingKey::from_jwk(jwk).map_err(OAuthError::Rejected);
        }
        // An unknown key: the issuer may have rotated its keys since we fetched them.
        if self.may_fetch(&state) {
            tracing::info!(
                ?kid,
                "a token names an unknown key; fetching the issuer's keys again"
            );
            self.refresh(&mut state).await?;
            if let Some(jwk) = select(&state.keys, kid, alg) {
                return DecodingKey::from_jwk(jwk).map_err(OAuthError::Rejected);
            }
        }
        Err(OAuthError::UnknownKey {
            kid: kid.map(str::to_owned),
        })
    }

    fn may_fetch(&self, state: &State) -> bool {
        state
            .last_attempt
            .is_none_or(|t| t.elapsed() >= self.refetch_min_interval)
    }

    /// Fetches the keys (discovering the JWKS URI first when needed). On failure the old keys
    /// are dropped: a token is accepted only against keys fetched within the cache time.
    async fn refresh(&self, state: &mut State) -> Result<(), OAuthError> {
        if !self.may_fetch(state) {
            return Err(OAuthError::Unavailable(FetchError::Invalid {
                url: self.issuer.clone(),
                message: "the last fetch failed moments ago".to_owned(),
            }));
        }
        state.last_attempt = Some(Instant::now());
        match self.fetch(state).await {
            Ok(keys) => {
                tracing::debug!(keys = keys.len(), "fetched the issuer's signing keys");
                state.keys = Arc::new(keys);
                state.fetched_at = Some(Instant::now());
                Ok(())
            }
            Err(error) => {
                tracing::error!(%error, "cannot fetch the OAuth issuer's signing keys; refusing tokens until they can be fetched");
                state.keys = Arc::default();
                state.fetched_at = None;
                Err(OAuthError::Unavailable(error))
            }
        }
    }

    async fn fetch(&self, state: &mut State) -> Result<Vec<Jwk>, FetchError> {
        let uri = match &state.jwks_uri {
            Some(uri) => uri.clone(),
            None => {
                let uri = discovery::jwks_uri(&self.fetcher, &self.issuer, self.allow_http).await?;
                state.jwks_uri = Some(uri.clone());
                uri
            }
        };
        let raw: RawSet = self.fetcher.get_json(&uri, MAX_JWKS_BYTES).await?;
        // Keys of kinds we cannot use (encryption keys, other curves) are skipped one by one.
        Ok(raw
            .keys
            .into_iter()
            .take(MAX_KEYS)
            .filter_map(|k| serde_json::from_value::<Jwk>(k).ok())
            .collect())
    }
}

/// The key for `kid` and `alg`: with a `kid`, the key of that id; without, the only key that
/// fits `alg` (none when several do).
fn select<'a>(keys: &'a [Jwk], kid: Option<&str>, alg: Algorithm) -> Option<&'a Jwk> {
    let mut fitting = keys.iter().filter(|k| usable(k, alg));
    match kid {
        Some(kid) => fitting.find(|k| k.common.key_id.as_deref() == Some(kid)),
        None => {
            let first = fitting.next();
            if fitting.next().is_some() {
                None
            } else {
                first
            }
        }
    }
}

/// A key verifies `alg` tokens when it is a signing key, does not name another algorithm and
/// is of the family `alg` needs (never a symmetric key: no HS*/RS* confusion).
fn usable(key: &Jwk, alg: Algorithm) -> bool {
    let for_signing = matches!(
        key.common.public_key_use,
        None | Some(PublicKeyUse::Signature)
    );
    let same_alg = key
        .common
        .key_algorithm
        .is_none_or(|a| a.to_string().parse::<Algorithm>().ok() == Some(alg));
    for_signing && same_alg && key_fits(alg, &key.algorithm)
}

/// Whether key parameters are of the family `alg` needs.
fn key_fits(alg: Algorithm, key: &AlgorithmParameters) -> bool {
    match key {
        AlgorithmParameters::RSA(_) => matches!(
            alg,
            Algorithm::RS256
                | Algorithm::RS384
                | Algorithm::RS512
                | Algorithm::PS256
                | Algorithm::PS384
                | Algorithm::PS512
        ),
        AlgorithmParameters::EllipticCurve(ec) => matches!(
            (alg, &ec.curve),
            (Algorithm::ES256, EllipticCurve::P256) | (Algorithm::ES384, EllipticCurve::P384)
        ),
        AlgorithmParameters::OctetKeyPair(okp) => {
            alg == Algorithm::EdDSA
                && okp.key_type == OctetKeyPairType::OctetKeyPair
                && okp.curve == EllipticCurve::Ed25519
        }
        AlgorithmParameters::OctetKey(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_issuer::{TestIssuer, TestKey};
    use super::*;

    #[tokio::test]
    async fn keys_are_discovered_fetched_once_and_cached() {
        let key = TestKey::es256("k1");
        let issuer = TestIssuer::start(vec![key.jwk.clone()]).await;
        let source = KeySource::new(Fetcher::new(true), &issuer.config());
        for _ in 0..3 {
            source.key(Some("k1"), Algorithm::ES256).await.expect("key");
        }
        assert_eq!(issuer.fetches(), 1);
    }

    #[tokio::test]
    async fn an_unknown_kid_fetches_again_but_at_most_once_per_interval() {
        let old = TestKey::es256("old");
        let new = TestKey::es256("new");
        let issuer = TestIssuer::start(vec![old.jwk.clone()]).await;
        let source = KeySource::new(Fetcher::new(true), &issuer.config())
            .with_refetch_interval(Duration::ZERO);
        source
            .key(Some("old"), Algorithm::ES256)
            .await
            .expect("old key");
        issuer.set_keys(vec![new.jwk.clone()]);
        source
            .key(Some("new"), Algorithm::ES256)
            .await
            .expect("rotated key");
        assert_eq!(issuer.fetches(), 2);

        let limited = KeySource::new(Fetcher::new(true), &issuer.config());
        limited
            .key(Some("new"), Algorithm::ES256)
            .await
            .expect("key");
        let before = issuer.fetches();
        for kid in ["made-up-1", "made-up-2", "made-up-3"] {
            let err = limited
                .key(Some(kid), Algorithm::ES256)
                .await
                .expect_err("unknown");
            assert!(matches!(err, OAuthError::UnknownKey { .. }), "{err}");
        }
        assert_eq!(issuer.fetches(), before, "no refetch within the interval");
    }

    #[tokio::test]
    async fn an_unreachable_issuer_fails_closed() {
        let key = TestKey::es256("k1");
        let issuer = TestIssuer::start(vec![key.jwk.clone()]).await;
        issuer.set_up(false);
        let source = KeySource::new(Fetcher::new(true), &issuer.config());
        let err = source
            .key(Some("k1"), Algorithm::ES256)
            .await
            .expect_err("down");
        assert!(matches!(err, OAuthError::Unavailable(_)), "{err}");

        // A port nobody listens on.
        let closed = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = closed.local_addr().expect("addr");
        drop(closed);
        let mut config = issuer.config();
        config.jwks_uri = Some(format!("http://{addr}/jwks"));
        let source = KeySource::new(Fetcher::new(true), &config);
        let err = source
            .key(Some("k1"), Algorithm::ES256)
            .await
            .expect_err("closed");
        assert!(matches!(err, OAuthError::Unavailable(_)), "{err}");
    }

    #[test]
    fn keys_of_another_family_or_use_are_never_selected() {
        let ec = TestKey::es256("ec");
        let ed = TestKey::eddsa("ed");
        let keys = vec![ec.jwk.clone(), ed.jwk.clone()];
        assert!(select(&keys, Some("ec"), Algorithm::ES256).is_some());
        assert!(select(&keys, Some("ec"), Algorithm::RS256).is_none());
        assert!(select(&keys, Some("ec"), Algorithm::HS256).is_none());
        assert!(select(&keys, Some("ed"), Algorithm::EdDSA).is_some());
        // Without a kid, only an unambiguous key is chosen.
        assert!(select(&keys, None, Algorithm::ES256).is_some());
        let two = vec![ec.jwk.clone(), TestKey::es256("ec2").jwk];
        assert!(select(&two, None, Algorithm::ES256).is_none());
        let mut enc = ec.jwk.clone();
        enc.common.public_key_use = Some(PublicKeyUse::Encryption);
        assert!(select(&[enc], Some("ec"), Algorithm::ES256).is_none());
    }
}
