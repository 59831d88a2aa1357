//! `[server.oauth]`: the OAuth 2.1 resource-server settings — the authorization server
//! (`issuer`), this server's canonical URI (`audience`, RFC 8707), where the signing keys are
//! (`jwks_uri`, else discovered from the issuer), the accepted signature algorithms, the scope
//! names, and the optional RFC 7662 introspection of opaque tokens — validated once.
//!
//! Environment overlay (wins over the file): `MCP_OAUTH_ISSUER`, `MCP_OAUTH_AUDIENCE`,
//! `MCP_OAUTH_JWKS_URI`, `MCP_OAUTH_INTROSPECTION_CLIENT_SECRET_FILE`.

use std::path::Path;
use std::time::Duration;

use jsonwebtoken::Algorithm;
use odoo_client::Secret;
use url::{Host, Url};

use super::raw::RawOAuth;
use super::{ConfigError, Env};

/// Default `scope_read`.
pub const DEFAULT_SCOPE_READ: &str = "odoo.read";
/// Default `scope_write`.
pub const DEFAULT_SCOPE_WRITE: &str = "odoo.write";
/// Default `jwks_cache_seconds` (5 minutes).
pub const DEFAULT_JWKS_CACHE_SECONDS: u64 = 300;
/// Default `algorithms`.
pub const DEFAULT_ALGORITHMS: &[Algorithm] =
    &[Algorithm::RS256, Algorithm::ES256, Algorithm::EdDSA];

/// The validated `[server.oauth]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthConfig {
    /// The authorization server's issuer identifier, compared verbatim with `iss`.
    pub issuer: String,
    /// This resource's canonical URI (RFC 8707), which every token's `aud` must contain.
    pub audience: String,
    /// Where the issuer's signing keys are (`None`: discovered from the issuer's metadata).
    pub jwks_uri: Option<String>,
    /// Signature algorithms accepted (asymmetric only; never `none` or HS*).
    pub algorithms: Vec<Algorithm>,
    /// Scopes every token must carry.
    pub required_scopes: Vec<String>,
    /// The scope that allows the read tools (default `odoo.read`).
    pub scope_read: String,
    /// The scope that allows the write tools (default `odoo.write`; implies read).
    pub scope_write: String,
    /// RFC 7662 introspection of opaque (non-JWT) tokens.
    pub introspection: Option<IntrospectionConfig>,
    /// How long fetched signing keys are trusted before they are fetched again.
    pub jwks_cache: Duration,
    /// `http://` is accepted for a loopback issuer, JWKS or introspection endpoint (tests).
    pub allow_http_issuer: bool,
}

/// RFC 7662 token introspection: the endpoint and this server's client credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntrospectionConfig {
    /// The introspection endpoint.
    pub endpoint: String,
    /// This resource server's client id at the authorization server.
    pub client_id: String,
    /// Its client secret (read from `introspection_client_secret_file`).
    pub client_secret: Secret,
}

impl OAuthConfig {
    /// The scopes this server understands, for the protected resource metadata: the read and
    /// write scopes, then the required ones.
    pub fn scopes_supported(&self) -> Vec<String> {
        let mut scopes = vec![self.scope_read.clone(), self.scope_write.clone()];
        for s in &self.required_scopes {
            if !scopes.contains(s) {
                scopes.push(s.clone());
            }
        }
        scopes
    }
}

/// Reads `[server.oauth]` and the `MCP_OAUTH_*` overlay; `None` when neither sets an issuer
/// or audience. `base_dir` resolves a relative secret file.
pub(crate) fn load(
    raw: Option<RawOAuth>,
    env: &Env,
    origin: &str,
    base_dir: Option<&Path>,
) -> Result<Option<OAuthConfig>, ConfigError> {
    let mut raw = raw.unwrap_or_default();
    let origin_of = |key: &str, var: &str, value: &mut Option<String>| {
        if let Some(v) = env.get(var) {
            *value = Some(v.trim().to_owned());
            return var.to_owned();
        }
        format!("{origin}: server.oauth.{key}")
    };
    let issuer_origin = origin_of("issuer", "MCP_OAUTH_ISSUER", &mut raw.issuer);
    let audience_origin = origin_of("audience", "MCP_OAUTH_AUDIENCE", &mut raw.audience);
    let jwks_origin = origin_of("jwks_uri", "MCP_OAUTH_JWKS_URI", &mut raw.jwks_uri);
    let secret_var = "MCP_OAUTH_INTROSPECTION_CLIENT_SECRET_FILE";
    if let Some(path) = env.get(secret_var) {
        raw.introspection_client_secret_file = Some(path.trim().into());
    }
    let err = |key: &str, message: String| {
        ConfigError::invalid(origin, format!("server.oauth.{key}"), message)
    };
    let any_set = raw.issuer.is_some()
        || raw.audience.is_some()
        || raw.jwks_uri.is_some()
        || raw.introspection_endpoint.is_some();
    if !any_set {
        return Ok(None);
    }
    let allow_http = raw.allow_http_issuer.unwrap_or(false);
    let issuer = raw.issuer.ok_or_else(|| {
        err(
            "issuer",
            "missing: the authorization server's issuer URL (e.g. \
             \"https://login.example.com/realms/acme\"), or MCP_OAUTH_ISSUER"
                .to_owned(),
        )
    })?;
    check_endpoint(&issuer, allow_http).map_err(|m| invalid_at(&issuer_origin, m))?;
    let audience = raw.audience.ok_or_else(|| {
        err(
            "audience",
            "missing: this server's URL as clients use it (e.g. \
             \"https://mcp.example.com/mcp\"), which tokens must name in `aud`, or \
             MCP_OAUTH_AUDIENCE"
                .to_owned(),
        )
    })?;
    check_audience(&audience).map_err(|m| invalid_at(&audience_origin, m))?;
    if let Some(uri) = &raw.jwks_uri {
        check_endpoint(uri, allow_http).map_err(|m| invalid_at(&jwks_origin, m))?;
    }
    let algorithms = match raw.algorithms {
        None => DEFAULT_ALGORITHMS.to_vec(),
        Some(names) => algorithms(&names).map_err(|m| err("algorithms", m))?,
    };
    let scope = |key: &str, value: Option<String>, default: &str| {
        let value = value.unwrap_or_else(|| default.to_owned());
        check_scope(&value).map_err(|m| err(key, m))?;
        Ok::<_, ConfigError>(value)
    };
    let scope_read = scope("scope_read", raw.scope_read, DEFAULT_SCOPE_READ)?;
    let scope_write = scope("scope_write", raw.scope_write, DEFAULT_SCOPE_WRITE)?;
    if scope_read == scope_write {
        return Err(err(
            "scope_write",
            format!("{scope_write:?} is also scope_read: the two must differ"),
        ));
    }
    let required_scopes = raw.required_scopes.unwrap_or_default();
    for s in &required_scopes {
        check_scope(s).map_err(|m| err("required_scopes", m))?;
    }
    let jwks_cache = match raw.jwks_cache_seconds {
        None => Duration::from_secs(DEFAULT_JWKS_CACHE_SECONDS),
        Some(s) if (10..=86_400).contains(&s) => Duration::from_secs(s),
        Some(s) => {
            return Err(err(
                "jwks_cache_seconds",
                format!("{s} is out of range 10..=86400"),
            ));
        }
    };
    let introspection = match raw.introspection_endpoint {
        None => None,
        Some(endpoint) => {
            check_endpoint(&endpoint, allow_http).map_err(|m| err("introspection_endpoint", m))?;
            let client_id = raw.introspection_client_id.ok_or_else(|| {
                err(
                    "introspection_client_id",
                    "missing: introspection needs this server's client id at the \
                     authorization server"
                        .to_owned(),
                )
            })?;
            let file = raw.introspection_client_secret_file.ok_or_else(|| {
                err(
                    "introspection_client_secret_file",
                    format!("missing: a file holding the client secret (or {secret_var})"),
                )
            })?;
            let path = match base_dir {
                Some(dir) if file.is_relative() => dir.join(file),
                _ => file,
            };
            let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
                origin: "server.oauth.introspection_client_secret_file".to_owned(),
                path: path.clone(),
                source,
            })?;
            let secret = text.trim();
            if secret.is_empty() {
                return Err(err(
                    "introspection_client_secret_file",
                    format!("{} is empty", path.display()),
                ));
            }
            Some(IntrospectionConfig {
                endpoint,
                client_id,
                client_secret: Secret::new(secret),
            })
        }
    };
    Ok(Some(OAuthConfig {
        issuer,
        audience,
        jwks_uri: raw.jwks_uri,
        algorithms,
        required_scopes,
        scope_read,
        scope_write,
        introspection,
        jwks_cache,
        allow_http_issuer: allow_http,
    }))
}

/// An error at `origin`, which already names the key (`file: server.oauth.x` or a variable).
fn invalid_at(origin: &str, message: String) -> ConfigError {
    match origin.split_once(": ") {
        Some((file, key)) => ConfigError::invalid(file, key, message),
        None => ConfigError::invalid("environment", origin, message),
    }
}

/// True for `localhost` and loopback IP addresses (an exact match, never a substring).
fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// An issuer, JWKS or introspection URL: https (http only on loopback when allowed), no
/// credentials, no fragment.
pub(crate) fn check_endpoint(text: &str, allow_http: bool) -> Result<Url, String> {
    let url = Url::parse(text).map_err(|e| format!("{text:?} is not a URL ({e})"))?;
    match url.scheme() {
        "https" => {}
        "http" if allow_http && is_loopback(&url) => {}
        "http" => {
            return Err(format!(
                "{text:?} must use https:// (http:// is accepted only for a loopback address \
                 with server.oauth.allow_http_issuer = true, in tests)"
            ));
        }
        other => return Err(format!("{text:?}: the scheme {other:?} is not https")),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!(
            "{text:?} holds credentials: give them in their own keys"
        ));
    }
    if url.fragment().is_some() {
        return Err(format!("{text:?} must not have a #fragment"));
    }
    Ok(url)
}

/// The audience: this server's URL (https, or http on loopback), no query or fragment.
fn check_audience(text: &str) -> Result<Url, String> {
    let url = Url::parse(text).map_err(|e| format!("{text:?} is not a URL ({e})"))?;
    let ok_scheme = url.scheme() == "https" || (url.scheme() == "http" && is_loopback(&url));
    if !ok_scheme {
        return Err(format!(
            "{text:?} must be this server's https:// URL as clients use it (http:// only on \
             loopback), e.g. \"https://mcp.example.com/mcp\""
        ));
    }
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
        return Err(format!(
            "{text:?} must have no query, fragment or user (RFC 8707 §2)"
        ));
    }
    Ok(url)
}

/// True for a scope token (RFC 6749 §3.3): 1–200 printable ASCII characters without space,
/// `"` or `\` (so it can stand in a `WWW-Authenticate` quoted string).
pub(crate) fn is_scope_token(scope: &str) -> bool {
    !scope.is_empty()
        && scope.len() <= 200
        && scope
            .bytes()
            .all(|b| b == 0x21 || (0x23..=0x5b).contains(&b) || (0x5d..=0x7e).contains(&b))
}

fn check_scope(scope: &str) -> Result<(), String> {
    if is_scope_token(scope) {
        Ok(())
    } else {
        Err(format!(
            "{scope:?} is not a scope name (printable ASCII, no spaces or quotes, 1–200 characters)"
        ))
    }
}

/// Parses the allow-list; symmetric algorithms and `none` are refused whatever is asked.
fn algorithms(names: &[String]) -> Result<Vec<Algorithm>, String> {
    if names.is_empty() {
        return Err("empty: name at least one, e.g. [\"RS256\", \"ES256\"]".to_owned());
    }
    let mut out = Vec::new();
    for name in names {
        let alg: Algorithm = name.trim().parse().map_err(|_| {
            format!(
                "{name:?} is not supported; choose among RS256, RS384, RS512, PS256, PS384, \
                 PS512, ES256, ES384, EdDSA"
            )
        })?;
        if is_symmetric(alg) {
            return Err(format!(
                "{name:?} is refused: a resource server verifies with the issuer's public keys; \
                 HMAC (HS*) algorithms and `none` are never accepted"
            ));
        }
        if !out.contains(&alg) {
            out.push(alg);
        }
    }
    Ok(out)
}

/// HS256/384/512: the shared-secret algorithms (the alg-confusion attack uses them).
pub(crate) fn is_symmetric(alg: Algorithm) -> bool {
    matches!(alg, Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(issuer: &str, audience: &str) -> RawOAuth {
        RawOAuth {
            issuer: Some(issuer.to_owned()),
            audience: Some(audience.to_owned()),
            ..RawOAuth::default()
        }
    }

    fn load_raw(raw: RawOAuth) -> Result<Option<OAuthConfig>, ConfigError> {
        load(Some(raw), &Env::default(), "config.toml", None)
    }

    #[test]
    fn defaults_are_the_safe_ones() {
        let c = load_raw(raw(
            "https://login.example.com",
            "https://mcp.example.com/mcp",
        ))
        .expect("valid")
        .expect("configured");
        assert_eq!(c.algorithms, DEFAULT_ALGORITHMS);
        assert_eq!(c.scope_read, "odoo.read");
        assert_eq!(c.scope_write, "odoo.write");
        assert_eq!(c.jwks_cache, Duration::from_secs(300));
        assert!(!c.allow_http_issuer);
        assert!(c.introspection.is_none());
    }

    #[test]
    fn nothing_set_means_no_oauth() {
        assert_eq!(load_raw(RawOAuth::default()).expect("valid"), None);
    }

    #[test]
    fn hmac_and_none_are_refused_with_the_reason() {
        for bad in ["HS256", "HS512"] {
            let mut r = raw("https://login.example.com", "https://mcp.example.com/mcp");
            r.algorithms = Some(vec!["RS256".into(), bad.into()]);
            let text = load_raw(r).expect_err("symmetric").to_string();
            assert!(text.contains("never accepted"), "{text}");
        }
        let mut r = raw("https://login.example.com", "https://mcp.example.com/mcp");
        r.algorithms = Some(vec!["none".into()]);
        let text = load_raw(r).expect_err("none").to_string();
        assert!(text.contains("server.oauth.algorithms"), "{text}");
    }

    #[test]
    fn http_issuers_only_on_loopback_and_only_when_allowed() {
        let text = load_raw(raw(
            "http://login.example.com",
            "https://mcp.example.com/mcp",
        ))
        .expect_err("http")
        .to_string();
        assert!(text.contains("must use https://"), "{text}");
        assert!(load_raw(raw("http://127.0.0.1:9000", "http://127.0.0.1:8787/mcp")).is_err());
        let mut r = raw("http://127.0.0.1:9000", "http://127.0.0.1:8787/mcp");
        r.allow_http_issuer = Some(true);
        assert!(load_raw(r).expect("loopback").is_some());
        let mut r = raw("http://localhost.evil.com", "https://mcp.example.com/mcp");
        r.allow_http_issuer = Some(true);
        assert!(
            load_raw(r).is_err(),
            "a name containing localhost is not loopback"
        );
    }

    #[test]
    fn the_environment_overlays_the_file_and_names_the_variable() {
        let env = Env::from_pairs([
            ("MCP_OAUTH_ISSUER", "https://other.example.com"),
            ("MCP_OAUTH_AUDIENCE", "ftp://nope"),
        ]);
        let text = load(
            Some(raw(
                "https://login.example.com",
                "https://mcp.example.com/mcp",
            )),
            &env,
            "config.toml",
            None,
        )
        .expect_err("bad audience")
        .to_string();
        assert!(text.contains("MCP_OAUTH_AUDIENCE"), "{text}");
        let env = Env::from_pairs([
            ("MCP_OAUTH_ISSUER", "https://other.example.com"),
            ("MCP_OAUTH_AUDIENCE", "https://mcp.example.com/mcp"),
        ]);
        let c = load(None, &env, "environment", None)
            .expect("valid")
            .expect("configured");
        assert_eq!(c.issuer, "https://other.example.com");
    }

    #[test]
    fn missing_audience_and_bad_scopes_are_named() {
        let r = RawOAuth {
            issuer: Some("https://login.example.com".into()),
            ..RawOAuth::default()
        };
        let text = load_raw(r).expect_err("no audience").to_string();
        assert!(text.contains("server.oauth.audience"), "{text}");
        let mut r = raw("https://login.example.com", "https://mcp.example.com/mcp");
        r.scope_write = Some("odoo write".into());
        let text = load_raw(r).expect_err("space").to_string();
        assert!(text.contains("scope_write"), "{text}");
    }

    #[test]
    fn introspection_needs_a_client_and_a_secret_file_whose_secret_never_shows() {
        let mut r = raw("https://login.example.com", "https://mcp.example.com/mcp");
        r.introspection_endpoint = Some("https://login.example.com/introspect".into());
        let text = load_raw(r).expect_err("no client").to_string();
        assert!(text.contains("introspection_client_id"), "{text}");

        let dir = std::env::temp_dir().join(format!("odoo-mcp-oauth-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        std::fs::write(dir.join("secret"), "s3cret-value\n").expect("write");
        let mut r = raw("https://login.example.com", "https://mcp.example.com/mcp");
        r.introspection_endpoint = Some("https://login.example.com/introspect".into());
        r.introspection_client_id = Some("odoo-mcp".into());
        r.introspection_client_secret_file = Some("secret".into());
        let c = load(Some(r), &Env::default(), "config.toml", Some(&dir))
            .expect("valid")
            .expect("configured");
        let i = c.introspection.as_ref().expect("introspection");
        assert_eq!(i.client_secret.expose(), "s3cret-value");
        assert!(!format!("{c:?}").contains("s3cret"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
