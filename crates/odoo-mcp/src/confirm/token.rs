//! Confirmation tokens: an HMAC-SHA256, under a server secret, over the exact operation (tool,
//! instance, model, ids, values, method, kwargs — canonical JSON, keys sorted), the client's
//! identity and an expiry. Stateless: any replica holding the same secret honours a token its
//! peer issued, and a restart with a configured secret keeps tokens valid until they expire.
//!
//! Format: `v1.<expiry as Unix seconds>.<base64url MAC>`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::Value;
use sha2::Sha256;

/// How long a token stays valid unless configured otherwise.
pub const TOKEN_LIFETIME: Duration = Duration::from_secs(10 * 60);

/// The configurable range of a token's lifetime: long enough for a person to read the dry
/// run, short enough that an approval does not outlive the situation it was given in.
pub const LIFETIME_RANGE: std::ops::RangeInclusive<u64> = 1..=3600;

/// Longest token read: ours are about 60 characters; anything far longer is not one.
const MAX_TOKEN_CHARS: usize = 256;

/// Shortest secret accepted.
pub const MIN_SECRET_BYTES: usize = 32;

/// The server secret tokens are signed with, and how long what it signs stays valid.
#[derive(Clone)]
pub struct ConfirmationKey {
    secret: Vec<u8>,
    lifetime: Duration,
}

impl std::fmt::Debug for ConfirmationKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ConfirmationKey(…)")
    }
}

/// Why a token was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Not a token this server issues.
    #[error("the confirmation token is malformed")]
    Malformed,
    /// Past its expiry.
    #[error("the confirmation token has expired")]
    Expired,
    /// Issued for another operation, client or server secret.
    #[error("the confirmation token was issued for a different operation")]
    Mismatch,
}

/// A confirmation key setting that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// The configured secret is shorter than [`MIN_SECRET_BYTES`].
    #[error(
        "the confirmation secret has {bytes} bytes; use at least {MIN_SECRET_BYTES} random \
         bytes (e.g. `openssl rand -hex 32`)"
    )]
    SecretTooShort {
        /// Its length.
        bytes: usize,
    },
    /// A token lifetime outside [`LIFETIME_RANGE`].
    #[error(
        "a confirmation lifetime of {seconds} seconds is out of range; use {} to {} seconds",
        LIFETIME_RANGE.start(),
        LIFETIME_RANGE.end()
    )]
    LifetimeOutOfRange {
        /// The lifetime asked for.
        seconds: u64,
    },
}

impl ConfirmationKey {
    /// A key from a configured secret (at least [`MIN_SECRET_BYTES`] bytes).
    pub fn from_secret(secret: &[u8]) -> Result<Self, KeyError> {
        if secret.len() < MIN_SECRET_BYTES {
            return Err(KeyError::SecretTooShort {
                bytes: secret.len(),
            });
        }
        Ok(Self::new(secret.to_vec()))
    }

    fn new(secret: Vec<u8>) -> Self {
        Self {
            secret,
            lifetime: TOKEN_LIFETIME,
        }
    }

    /// The same key, issuing tokens valid for `seconds` (within [`LIFETIME_RANGE`]).
    pub fn with_lifetime_seconds(mut self, seconds: u64) -> Result<Self, KeyError> {
        if !LIFETIME_RANGE.contains(&seconds) {
            return Err(KeyError::LifetimeOutOfRange { seconds });
        }
        self.lifetime = Duration::from_secs(seconds);
        Ok(self)
    }

    /// How long a token or sealed approval issued now stays valid.
    pub fn lifetime(&self) -> Duration {
        self.lifetime
    }

    /// A random key for this process (tokens do not survive a restart, nor cross replicas).
    pub fn random() -> Self {
        let mut bytes = vec![0u8; 32];
        if let Err(e) = getrandom::fill(&mut bytes) {
            // Without randomness no token could be trusted: fall back to a key nobody can
            // know either (time and address entropy are not enough), and refuse every token.
            tracing::error!(error = %e, "no random source for the confirmation key");
            bytes.clear();
        }
        Self::new(bytes)
    }

    /// A key for another purpose, derived from the secret (HMAC-SHA256 of `label`), so that
    /// what one purpose signs can never pass for the other's. `None` without a secret.
    pub(crate) fn derive(&self, label: &str) -> Option<Vec<u8>> {
        if self.secret.is_empty() {
            return None;
        }
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.secret).ok()?;
        mac.update(label.as_bytes());
        Some(mac.finalize().into_bytes().to_vec())
    }

    fn mac(&self, expiry: u64, client: &str, operation: &Value) -> Option<Hmac<Sha256>> {
        if self.secret.is_empty() {
            return None;
        }
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.secret).ok()?;
        mac.update(b"odoo-mcp confirmation v1\n");
        mac.update(expiry.to_string().as_bytes());
        mac.update(b"\n");
        mac.update(client.as_bytes());
        mac.update(b"\n");
        mac.update(canonical(operation).as_bytes());
        Some(mac)
    }

    /// A token for `operation` by `client`, valid for the key's lifetime from `now`.
    pub fn issue(&self, client: &str, operation: &Value, now: SystemTime) -> Option<String> {
        let expiry = unix(now).saturating_add(self.lifetime.as_secs());
        let tag = self.mac(expiry, client, operation)?.finalize().into_bytes();
        Some(format!("v1.{expiry}.{}", URL_SAFE_NO_PAD.encode(tag)))
    }

    /// Checks that `token` was issued for exactly `operation` by `client` and has not expired.
    pub fn verify(
        &self,
        token: &str,
        client: &str,
        operation: &Value,
        now: SystemTime,
    ) -> Result<(), TokenError> {
        if token.len() > MAX_TOKEN_CHARS {
            return Err(TokenError::Malformed);
        }
        let mut parts = token.trim().splitn(3, '.');
        let (Some("v1"), Some(expiry), Some(tag)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(TokenError::Malformed);
        };
        let expiry: u64 = expiry.parse().map_err(|_| TokenError::Malformed)?;
        let tag = URL_SAFE_NO_PAD
            .decode(tag)
            .map_err(|_| TokenError::Malformed)?;
        let mac = self
            .mac(expiry, client, operation)
            .ok_or(TokenError::Mismatch)?;
        mac.verify_slice(&tag).map_err(|_| TokenError::Mismatch)?;
        if unix(now) >= expiry {
            return Err(TokenError::Expired);
        }
        Ok(())
    }
}

fn unix(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// JSON with object keys sorted at every depth, so that the same operation sent with its keys
/// in another order signs the same.
pub(crate) fn canonical(value: &Value) -> String {
    fn write(value: &Value, out: &mut String) {
        match value {
            Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                out.push('{');
                for (i, key) in keys.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&Value::String(key.clone()).to_string());
                    out.push(':');
                    write(&map[key], out);
                }
                out.push('}');
            }
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write(item, out);
                }
                out.push(']');
            }
            scalar => out.push_str(&scalar.to_string()),
        }
    }
    let mut out = String::new();
    write(value, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn key() -> ConfirmationKey {
        ConfirmationKey::from_secret(&[7u8; 32]).expect("key")
    }

    #[test]
    fn a_token_confirms_exactly_its_operation_client_and_time() {
        let now = SystemTime::now();
        let op = json!({"tool": "delete_records", "model": "res.partner", "ids": [7]});
        let token = key().issue("alice", &op, now).expect("token");
        assert_eq!(key().verify(&token, "alice", &op, now), Ok(()));
        let reordered = json!({"ids": [7], "model": "res.partner", "tool": "delete_records"});
        assert_eq!(key().verify(&token, "alice", &reordered, now), Ok(()));
        let altered = json!({"tool": "delete_records", "model": "res.partner", "ids": [8]});
        assert_eq!(
            key().verify(&token, "alice", &altered, now),
            Err(TokenError::Mismatch)
        );
        assert_eq!(
            key().verify(&token, "bob", &op, now),
            Err(TokenError::Mismatch)
        );
        let later = now + TOKEN_LIFETIME + Duration::from_secs(1);
        assert_eq!(
            key().verify(&token, "alice", &op, later),
            Err(TokenError::Expired)
        );
        let other_key = ConfirmationKey::from_secret(&[8u8; 32]).expect("key");
        assert_eq!(
            other_key.verify(&token, "alice", &op, now),
            Err(TokenError::Mismatch)
        );
        // A forged expiry breaks the MAC.
        let forged = token.replacen("v1.", "v1.9", 1);
        assert!(key().verify(&forged, "alice", &op, now).is_err());
        let long = format!("v1.1.{}", "A".repeat(1 << 20));
        for junk in ["", "v1", "v2.1.x", "v1.x.y", "v1.1.!!", long.as_str()] {
            assert_eq!(
                key().verify(junk, "alice", &op, now),
                Err(TokenError::Malformed),
                "{junk}"
            );
        }
    }

    #[test]
    fn a_configured_lifetime_bounds_the_token() {
        let now = SystemTime::now();
        let op = json!({"tool": "delete_records", "ids": [7]});
        let short = key().with_lifetime_seconds(5).expect("in range");
        assert_eq!(short.lifetime(), Duration::from_secs(5));
        let token = short.issue("alice", &op, now).expect("token");
        let within = now + Duration::from_secs(4);
        assert_eq!(short.verify(&token, "alice", &op, within), Ok(()));
        let after = now + Duration::from_secs(6);
        assert_eq!(
            short.verify(&token, "alice", &op, after),
            Err(TokenError::Expired)
        );
        for out_of_range in [0, 3601, u64::MAX] {
            let refused = key().with_lifetime_seconds(out_of_range).unwrap_err();
            assert_eq!(
                refused,
                KeyError::LifetimeOutOfRange {
                    seconds: out_of_range
                }
            );
            assert!(refused.to_string().contains("1 to 3600"), "{refused}");
        }
    }

    #[test]
    fn short_secrets_are_refused() {
        assert_eq!(
            ConfirmationKey::from_secret(b"short").err(),
            Some(KeyError::SecretTooShort { bytes: 5 })
        );
    }
}
