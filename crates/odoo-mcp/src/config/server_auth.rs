//! HTTP authentication settings: the static bearer token of `MCP_AUTH_TOKEN` (or the file
//! named by `MCP_AUTH_TOKEN_FILE`), kept only as its SHA-256 digest, and the explicit opt-out
//! `--allow-unauthenticated` for listening beyond loopback without a token.

use std::path::PathBuf;

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::{ConfigError, Env};

/// Tokens shorter than this are refused: a bearer token must not be guessable.
pub const MIN_TOKEN_CHARS: usize = 16;

/// The SHA-256 digest of an accepted bearer token. `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenDigest([u8; 32]);

impl std::fmt::Debug for TokenDigest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenDigest([redacted])")
    }
}

impl TokenDigest {
    /// The digest of `token`.
    pub fn of(token: &str) -> Self {
        Self(Sha256::digest(token.as_bytes()).into())
    }

    /// True when `presented` is the token, compared in constant time (digest against digest,
    /// so neither the length nor a common prefix leaks through timing).
    pub fn matches(&self, presented: &str) -> bool {
        Self::of(presented).0.ct_eq(&self.0).into()
    }
}

/// How HTTP clients authenticate. Empty `tokens`: no authentication.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthConfig {
    /// Accepted bearer tokens (digests).
    pub tokens: Vec<TokenDigest>,
    /// Listening beyond loopback without authentication was asked for explicitly.
    pub allow_unauthenticated: bool,
}

impl AuthConfig {
    /// True when `/mcp` requires a bearer token.
    pub fn is_enabled(&self) -> bool {
        !self.tokens.is_empty()
    }

    /// True when `presented` is one of the accepted tokens (every digest is compared).
    pub fn accepts(&self, presented: &str) -> bool {
        self.tokens
            .iter()
            .fold(false, |found, t| t.matches(presented) | found)
    }

    /// Reads `MCP_AUTH_TOKEN` or `MCP_AUTH_TOKEN_FILE` (not both).
    pub(crate) fn from_env(env: &Env) -> Result<Self, ConfigError> {
        let token = match (env.get("MCP_AUTH_TOKEN"), env.get("MCP_AUTH_TOKEN_FILE")) {
            (Some(_), Some(_)) => {
                return Err(ConfigError::invalid(
                    "environment",
                    "MCP_AUTH_TOKEN",
                    "set MCP_AUTH_TOKEN or MCP_AUTH_TOKEN_FILE, not both",
                ));
            }
            (Some(token), None) => Some(("MCP_AUTH_TOKEN", token.trim().to_owned())),
            (None, Some(file)) => {
                let path = PathBuf::from(file);
                let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
                    origin: "MCP_AUTH_TOKEN_FILE".to_owned(),
                    path,
                    source,
                })?;
                Some(("MCP_AUTH_TOKEN_FILE", text.trim().to_owned()))
            }
            (None, None) => None,
        };
        let mut auth = Self::default();
        if let Some((origin, token)) = token {
            if token.chars().count() < MIN_TOKEN_CHARS || token.chars().any(char::is_whitespace) {
                return Err(ConfigError::invalid(
                    "environment",
                    origin,
                    format!(
                        "the token must be at least {MIN_TOKEN_CHARS} characters without spaces \
                         (e.g. the output of `openssl rand -hex 32`)"
                    ),
                ));
            }
            auth.tokens.push(TokenDigest::of(&token));
        }
        Ok(auth)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "s3cret-token-0123456789";

    #[test]
    fn the_token_is_accepted_and_others_are_not() {
        let auth = AuthConfig::from_env(&Env::from_pairs([("MCP_AUTH_TOKEN", TOKEN)]))
            .expect("valid token");
        assert!(auth.is_enabled());
        assert!(auth.accepts(TOKEN));
        assert!(!auth.accepts("s3cret-token-012345678"));
        assert!(!auth.accepts(""));
    }

    #[test]
    fn debug_never_shows_the_token_or_its_digest() {
        let auth = AuthConfig::from_env(&Env::from_pairs([("MCP_AUTH_TOKEN", TOKEN)]))
            .expect("valid token");
        let shown = format!("{auth:?}");
        assert!(!shown.contains(TOKEN), "{shown}");
        assert!(shown.contains("[redacted]"), "{shown}");
    }

    #[test]
    fn a_short_token_is_refused_with_the_fix() {
        let err = AuthConfig::from_env(&Env::from_pairs([("MCP_AUTH_TOKEN", "short")]))
            .expect_err("too short");
        let text = err.to_string();
        assert!(text.contains("at least 16 characters"), "{text}");
        assert!(!text.contains("short\""), "{text}");
    }

    #[test]
    fn the_token_file_is_read_and_trimmed() {
        let dir = std::env::temp_dir().join(format!("odoo-mcp-auth-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("token");
        std::fs::write(&path, format!("{TOKEN}\n")).expect("write token");
        let env = Env::from_pairs([("MCP_AUTH_TOKEN_FILE", path.display().to_string())]);
        let auth = AuthConfig::from_env(&env).expect("token file");
        assert!(auth.accepts(TOKEN));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn no_variable_means_no_authentication() {
        let auth = AuthConfig::from_env(&Env::default()).expect("nothing set");
        assert!(!auth.is_enabled());
    }
}
