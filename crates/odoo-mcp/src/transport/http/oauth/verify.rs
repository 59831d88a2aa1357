//! JWT access tokens (RFC 9068) checked with `jsonwebtoken`: the header's `alg` must be in the
//! allow-list (never `none` or HS*), the signature must verify with the issuer's key for the
//! token's `kid`, and `iss`, `aud` (must contain our audience, RFC 8707), `exp`, `nbf` and
//! `sub` must be present and right, with [`LEEWAY_SECONDS`] of clock skew.

use std::collections::BTreeSet;

use jsonwebtoken::{Algorithm, Validation};
use serde::Deserialize;

use super::error::OAuthError;
use super::jwks::KeySource;
use super::principal::OAuthPrincipal;
use crate::config::OAuthConfig;

/// Clock skew tolerated on `exp` and `nbf`.
pub(crate) const LEEWAY_SECONDS: u64 = 30;

/// The claims we read; the rest are ignored.
#[derive(Deserialize)]
struct Claims {
    sub: String,
    client_id: Option<String>,
    azp: Option<String>,
    scope: Option<String>,
    scp: Option<ScopeList>,
}

/// `scp` as some issuers write it: a list, or one space-separated string.
#[derive(Deserialize)]
#[serde(untagged)]
enum ScopeList {
    List(Vec<String>),
    Text(String),
}

/// The checks every JWT goes through: one `Validation` per allowed algorithm (the crate wants
/// the algorithms of one validation to be of the key's family).
pub(crate) struct JwtRules {
    by_alg: Vec<(Algorithm, Validation)>,
}

impl JwtRules {
    /// The rules of `config`.
    pub(crate) fn new(config: &OAuthConfig) -> Self {
        let by_alg = config
            .algorithms
            .iter()
            .map(|&alg| {
                let mut v = Validation::new(alg);
                v.set_issuer(&[&config.issuer]);
                v.set_audience(&[&config.audience]);
                v.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
                v.validate_exp = true;
                v.validate_nbf = true;
                v.validate_aud = true;
                v.leeway = LEEWAY_SECONDS;
                (alg, v)
            })
            .collect();
        Self { by_alg }
    }

    fn for_alg(&self, alg: Algorithm) -> Option<&Validation> {
        self.by_alg.iter().find(|(a, _)| *a == alg).map(|(_, v)| v)
    }
}

/// True when `token` has the shape of a JWS (three base64url parts).
pub(crate) fn looks_like_jwt(token: &str) -> bool {
    token.split('.').count() == 3
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Verifies a JWT access token and returns who presented it.
pub(crate) async fn verify(
    token: &str,
    rules: &JwtRules,
    keys: &KeySource,
) -> Result<OAuthPrincipal, OAuthError> {
    // `alg: none` (no such variant) and unknown algorithms fail here.
    let header = jsonwebtoken::decode_header(token).map_err(OAuthError::Header)?;
    let Some(validation) = rules.for_alg(header.alg) else {
        return Err(OAuthError::Algorithm(header.alg));
    };
    let key = keys.key(header.kid.as_deref(), header.alg).await?;
    let data =
        jsonwebtoken::decode::<Claims>(token, &key, validation).map_err(OAuthError::Rejected)?;
    let claims = data.claims;
    let mut scopes: BTreeSet<String> = claims
        .scope
        .as_deref()
        .unwrap_or_default()
        .split_ascii_whitespace()
        .map(str::to_owned)
        .collect();
    match claims.scp {
        Some(ScopeList::List(list)) => scopes.extend(list),
        Some(ScopeList::Text(text)) => {
            scopes.extend(text.split_ascii_whitespace().map(str::to_owned));
        }
        None => {}
    }
    Ok(OAuthPrincipal {
        subject: claims.sub,
        client_id: claims.client_id.or(claims.azp),
        scopes,
    })
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use serde_json::json;

    use super::super::fetch::Fetcher;
    use super::super::test_issuer::{AUDIENCE, TestIssuer, TestKey, claims};
    use super::*;

    struct Setup {
        issuer: TestIssuer,
        rules: JwtRules,
        keys: KeySource,
    }

    async fn setup(keys: &[&TestKey]) -> Setup {
        let issuer = TestIssuer::start(keys.iter().map(|k| k.jwk.clone()).collect()).await;
        let config = issuer.config();
        Setup {
            rules: JwtRules::new(&config),
            keys: KeySource::new(Fetcher::new(true), &config).with_refetch_interval(Duration::ZERO),
            issuer,
        }
    }

    fn b64(value: &serde_json::Value) -> String {
        URL_SAFE_NO_PAD.encode(value.to_string())
    }

    #[tokio::test]
    async fn valid_tokens_of_each_default_algorithm_pass_with_their_scopes() {
        let (es, rs, ed) = (
            TestKey::es256("es"),
            TestKey::rs256("rs"),
            TestKey::eddsa("ed"),
        );
        let s = setup(&[&es, &rs, &ed]).await;
        for key in [&es, &rs, &ed] {
            let token = key.sign(&claims(&s.issuer.url, AUDIENCE, "odoo.read odoo.write"));
            let who = verify(&token, &s.rules, &s.keys).await.expect("valid");
            assert_eq!(who.subject, "alice");
            assert_eq!(who.client_id.as_deref(), Some("assistant"));
            assert!(who.scopes.contains("odoo.write"), "{who:?}");
        }
        // `scp` as a list (Azure, Okta) counts too.
        let mut c = claims(&s.issuer.url, AUDIENCE, "");
        c["scp"] = json!(["odoo.read"]);
        let who = verify(&es.sign(&c), &s.rules, &s.keys).await.expect("scp");
        assert!(who.scopes.contains("odoo.read"));
    }

    async fn refused(s: &Setup, token: &str) -> OAuthError {
        verify(token, &s.rules, &s.keys).await.expect_err("refused")
    }

    #[tokio::test]
    async fn expired_future_wrong_issuer_and_wrong_audience_are_refused() {
        let key = TestKey::es256("k");
        let s = setup(&[&key]).await;
        let now = jsonwebtoken::get_current_timestamp();
        let good = claims(&s.issuer.url, AUDIENCE, "odoo.read");

        let mut expired = good.clone();
        expired["exp"] = json!(now - 120);
        let e = refused(&s, &key.sign(&expired)).await;
        assert_eq!(e.description(), "the token expired");

        let mut early = good.clone();
        early["nbf"] = json!(now + 600);
        let e = refused(&s, &key.sign(&early)).await;
        assert_eq!(e.description(), "the token is not valid yet");

        let mut other_iss = good.clone();
        other_iss["iss"] = json!("https://evil.example.com");
        let e = refused(&s, &key.sign(&other_iss)).await;
        assert_eq!(e.description(), "the token is from another issuer (iss)");

        let mut other_aud = good.clone();
        other_aud["aud"] = json!(["https://other.example.com/mcp"]);
        let e = refused(&s, &key.sign(&other_aud)).await;
        assert_eq!(e.description(), "the token is for another resource (aud)");

        for missing in ["aud", "exp", "sub", "iss"] {
            let mut c = good.clone();
            c.as_object_mut().expect("object").remove(missing);
            refused(&s, &key.sign(&c)).await;
        }
        // A list that contains our audience is fine.
        let mut many = good.clone();
        many["aud"] = json!(["https://other.example.com", AUDIENCE]);
        verify(&key.sign(&many), &s.rules, &s.keys)
            .await
            .expect("aud list");
    }

    #[tokio::test]
    async fn alg_none_is_refused() {
        let key = TestKey::es256("k");
        let s = setup(&[&key]).await;
        let header = b64(&json!({ "alg": "none", "typ": "JWT", "kid": "k" }));
        let body = b64(&claims(&s.issuer.url, AUDIENCE, "odoo.read"));
        for token in [format!("{header}.{body}."), format!("{header}.{body}.c2ln")] {
            let e = refused(&s, &token).await;
            assert!(matches!(e, OAuthError::Header(_)), "{e}");
        }
    }

    #[tokio::test]
    async fn hs256_signed_with_the_public_key_is_refused() {
        let rsa = TestKey::rs256("rsa");
        let s = setup(&[&rsa]).await;
        // The classic confusion: the attacker signs HS256 with the RSA public key as secret.
        let jsonwebtoken::jwk::AlgorithmParameters::RSA(params) = &rsa.jwk.algorithm else {
            panic!("RSA key expected");
        };
        for secret in [
            params.n.as_bytes().to_vec(),
            serde_json::to_vec(&rsa.jwk).expect("jwk"),
        ] {
            let mut header = jsonwebtoken::Header::new(Algorithm::HS256);
            header.kid = Some("rsa".into());
            let token = jsonwebtoken::encode(
                &header,
                &claims(&s.issuer.url, AUDIENCE, "odoo.read"),
                &jsonwebtoken::EncodingKey::from_secret(&secret),
            )
            .expect("sign");
            let e = refused(&s, &token).await;
            assert!(matches!(e, OAuthError::Algorithm(_)), "{e}");
        }
        // Even with HS256 in the rules, no RSA key is ever used as an HMAC secret.
        let mut header = jsonwebtoken::Header::new(Algorithm::HS256);
        header.kid = Some("rsa".into());
        let token = jsonwebtoken::encode(
            &header,
            &claims(&s.issuer.url, AUDIENCE, "odoo.read"),
            &jsonwebtoken::EncodingKey::from_secret(params.n.as_bytes()),
        )
        .expect("sign");
        let mut config = s.issuer.config();
        config.algorithms.push(Algorithm::HS256);
        let lax = JwtRules::new(&config);
        let e = verify(&token, &lax, &s.keys).await.expect_err("confusion");
        assert!(matches!(e, OAuthError::UnknownKey { .. }), "{e}");
    }

    #[tokio::test]
    async fn a_forged_signature_and_a_rotated_key_are_told_apart() {
        let key = TestKey::es256("k");
        let s = setup(&[&key]).await;
        let impostor = TestKey::es256("k");
        let e = refused(
            &s,
            &impostor.sign(&claims(&s.issuer.url, AUDIENCE, "odoo.read")),
        )
        .await;
        assert!(matches!(e, OAuthError::Rejected(_)), "{e}");

        let rotated = TestKey::es256("k2");
        s.issuer
            .set_keys(vec![key.jwk.clone(), rotated.jwk.clone()]);
        let token = rotated.sign(&claims(&s.issuer.url, AUDIENCE, "odoo.read"));
        verify(&token, &s.rules, &s.keys).await.expect("refetched");
    }

    #[tokio::test]
    async fn an_unreachable_issuer_refuses_every_token() {
        let key = TestKey::es256("k");
        let s = setup(&[&key]).await;
        s.issuer.set_up(false);
        let e = refused(&s, &key.sign(&claims(&s.issuer.url, AUDIENCE, "odoo.read"))).await;
        assert!(matches!(e, OAuthError::Unavailable(_)), "{e}");
    }

    #[test]
    fn the_jwt_shape_is_recognised() {
        assert!(looks_like_jwt("aGk.aGk.aGk"));
        assert!(!looks_like_jwt("opaque-token-0123456789"));
        assert!(!looks_like_jwt("a.b.c.d"));
        assert!(!looks_like_jwt("a b.c.d"));
    }
}
