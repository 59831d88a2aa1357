//! The raw configuration shapes, exactly as written: the TOML file and `ODOO_INSTANCES` JSON.
//!
//! Everything is optional here; `validate.rs` turns these into a [`Config`](super::Config).
//! Every shape refuses unknown keys (`keys.rs` reports all of them at once); the JSON shape
//! (written for other Odoo MCP servers too) accepts their spellings as aliases.

use std::collections::BTreeMap;
use std::path::PathBuf;

use odoo_client::Secret;
use serde::Deserialize;

/// A secret read from configuration (kept in [`Secret`] from the start).
#[derive(Clone)]
pub(crate) struct RawSecret(pub(crate) Secret);

impl<'de> Deserialize<'de> for RawSecret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_string(SecretVisitor)
    }
}

/// Reads a secret string; a value of another type is refused without being quoted (serde's
/// own "invalid type: integer `…`" would print it).
struct SecretVisitor;

impl SecretVisitor {
    fn refuse<E: serde::de::Error>(what: &str) -> Result<RawSecret, E> {
        Err(E::custom(format_args!(
            "invalid type: {what} (not shown), expected a string: write the secret in quotes"
        )))
    }
}

impl serde::de::Visitor<'_> for SecretVisitor {
    type Value = RawSecret;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawSecret, E> {
        Ok(RawSecret(Secret::new(v.to_owned())))
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<RawSecret, E> {
        Ok(RawSecret(Secret::new(v)))
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<RawSecret, E> {
        Self::refuse("boolean")
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<RawSecret, E> {
        Self::refuse("integer")
    }
    fn visit_i128<E: serde::de::Error>(self, _: i128) -> Result<RawSecret, E> {
        Self::refuse("integer")
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<RawSecret, E> {
        Self::refuse("integer")
    }
    fn visit_u128<E: serde::de::Error>(self, _: u128) -> Result<RawSecret, E> {
        Self::refuse("integer")
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<RawSecret, E> {
        Self::refuse("number")
    }
    fn visit_char<E: serde::de::Error>(self, _: char) -> Result<RawSecret, E> {
        Self::refuse("character")
    }
    fn visit_bytes<E: serde::de::Error>(self, _: &[u8]) -> Result<RawSecret, E> {
        Self::refuse("bytes")
    }
}

/// An Odoo version: `19`, `"19"`, `"19.0"` or `"saas~18.3"`; only the major number is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RawVersion(pub(crate) u32);

impl RawVersion {
    pub(crate) fn parse(text: &str) -> Option<Self> {
        let t = text.trim().trim_start_matches("saas~");
        let major = t.split('.').next().unwrap_or(t);
        major
            .parse::<u32>()
            .ok()
            .filter(|m| (8..=99).contains(m))
            .map(Self)
    }
}

impl<'de> Deserialize<'de> for RawVersion {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum V {
            N(u32),
            S(String),
        }
        let bad =
            || serde::de::Error::custom("expected an Odoo major version such as 19 or \"18.0\"");
        match V::deserialize(d)? {
            V::N(n) => RawVersion::parse(&n.to_string()).ok_or_else(bad),
            V::S(s) => RawVersion::parse(&s).ok_or_else(bad),
        }
    }
}

/// `protocol = "auto" | "json2" | "jsonrpc"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum RawProtocol {
    Auto,
    #[serde(alias = "json-2", alias = "json_2")]
    Json2,
    #[serde(alias = "json-rpc", alias = "json_rpc")]
    Jsonrpc,
}

impl RawProtocol {
    pub(crate) fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "auto" => Some(Self::Auto),
            "json2" | "json-2" | "json_2" => Some(Self::Json2),
            "jsonrpc" | "json-rpc" | "json_rpc" => Some(Self::Jsonrpc),
            _ => None,
        }
    }
}

/// The whole TOML file.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFile {
    pub(crate) default_instance: Option<String>,
    #[serde(default)]
    pub(crate) server: RawServer,
    #[serde(default)]
    pub(crate) instances: BTreeMap<String, RawInstance>,
}

/// `[server]`.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawServer {
    pub(crate) listen: Option<String>,
    pub(crate) stateless: Option<bool>,
    pub(crate) max_body_bytes: Option<usize>,
    pub(crate) allowed_origins: Option<Vec<String>>,
    pub(crate) allowed_hosts: Option<Vec<String>>,
    pub(crate) max_sessions: Option<usize>,
    pub(crate) session_idle_seconds: Option<u64>,
    pub(crate) max_connections: Option<usize>,
    pub(crate) tools: Option<String>,
    pub(crate) tools_include: Option<Vec<String>>,
    pub(crate) tools_exclude: Option<Vec<String>>,
    pub(crate) output_schemas: Option<bool>,
    pub(crate) export_max_records: Option<u64>,
    pub(crate) shutdown_grace_seconds: Option<u64>,
    pub(crate) oauth: Option<RawOAuth>,
    pub(crate) clients: Option<BTreeMap<String, RawClient>>,
    pub(crate) audit: Option<RawAudit>,
    pub(crate) rate_limit_per_minute: Option<u32>,
    pub(crate) rate_limit_burst: Option<u32>,
    pub(crate) max_concurrent_calls: Option<usize>,
    pub(crate) max_concurrent_calls_per_client: Option<usize>,
    pub(crate) tool_timeout_seconds: Option<u64>,
    pub(crate) header_timeout_seconds: Option<u64>,
    pub(crate) max_sessions_per_client: Option<usize>,
}

/// `[server.audit]`.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAudit {
    pub(crate) path: Option<String>,
    pub(crate) values: Option<bool>,
}

/// `[server.clients.<name>]`: one named HTTP client.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawClient {
    /// Refused: a plain token does not belong in a config file (kept to name the fix).
    pub(crate) token: Option<toml::Value>,
    pub(crate) token_sha256: Option<String>,
    pub(crate) token_file: Option<PathBuf>,
    pub(crate) instances: Option<Vec<String>>,
    pub(crate) tools: Option<Vec<String>>,
    pub(crate) read_only: Option<bool>,
    pub(crate) allowed_models: Option<Vec<String>>,
    pub(crate) denied_models: Option<Vec<String>>,
    pub(crate) rate_limit_per_minute: Option<u32>,
    pub(crate) max_concurrent_calls: Option<usize>,
    #[serde(default)]
    pub(crate) odoo: BTreeMap<String, RawClientOdoo>,
}

/// `[server.clients.<name>.odoo.<instance>]`: the client's own Odoo user on one instance.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawClientOdoo {
    pub(crate) username: Option<String>,
    pub(crate) api_key_file: Option<PathBuf>,
}

/// `[instances.<name>]`, also the target of the environment overlay.
#[derive(Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawInstance {
    pub(crate) url: Option<String>,
    pub(crate) database: Option<String>,
    pub(crate) username: Option<String>,
    pub(crate) api_key: Option<RawSecret>,
    pub(crate) api_key_file: Option<PathBuf>,
    pub(crate) password: Option<RawSecret>,
    pub(crate) password_file: Option<PathBuf>,
    pub(crate) version: Option<RawVersion>,
    pub(crate) protocol: Option<RawProtocol>,
    pub(crate) timeout_seconds: Option<u64>,
    pub(crate) max_retries: Option<u32>,
    pub(crate) allow_insecure_http: Option<bool>,
    pub(crate) max_response_bytes: Option<usize>,
    pub(crate) ca_file: Option<PathBuf>,
    pub(crate) read_only: Option<bool>,
    pub(crate) allowed_models: Option<Vec<String>>,
    pub(crate) denied_models: Option<Vec<String>>,
    pub(crate) allowed_methods: Option<Vec<String>>,
    pub(crate) max_records: Option<u32>,
    pub(crate) default_limit: Option<u32>,
    pub(crate) confirm_writes: Option<String>,
    pub(crate) company_id: Option<i64>,
    pub(crate) lang: Option<String>,
    pub(crate) tz: Option<String>,
}

macro_rules! overlay_fields {
    ($dst:ident, $src:ident, $($f:ident),*) => { $( if $src.$f.is_some() { $dst.$f = $src.$f; } )* };
}
macro_rules! fill_fields {
    ($dst:ident, $src:ident, $($f:ident),*) => { $( if $dst.$f.is_none() { $dst.$f = $src.$f.clone(); } )* };
}

impl RawInstance {
    /// Keys set in `other` replace ours.
    pub(crate) fn overlay(&mut self, other: RawInstance) {
        let dst = self;
        let src = other;
        overlay_fields!(
            dst,
            src,
            url,
            database,
            username,
            api_key,
            api_key_file,
            password,
            password_file,
            version,
            protocol,
            timeout_seconds,
            max_retries,
            allow_insecure_http,
            max_response_bytes,
            ca_file,
            read_only,
            allowed_models,
            denied_models,
            allowed_methods,
            max_records,
            default_limit,
            confirm_writes,
            company_id,
            lang,
            tz
        );
    }

    /// Keys we leave unset are taken from `other`; credentials only when we have none at
    /// all (an instance with a password does not also get an API key from elsewhere).
    pub(crate) fn fill_from(&mut self, other: &RawInstance) {
        let has_credentials = self.api_key.is_some()
            || self.api_key_file.is_some()
            || self.password.is_some()
            || self.password_file.is_some();
        let dst = self;
        let src = other;
        fill_fields!(
            dst,
            src,
            url,
            database,
            username,
            version,
            protocol,
            timeout_seconds,
            max_retries,
            allow_insecure_http,
            max_response_bytes,
            ca_file
        );
        if !has_credentials {
            fill_fields!(dst, src, api_key, api_key_file, password, password_file);
        }
    }

    /// Whether any connection key (not a policy key) is set.
    pub(crate) fn has_connection_keys(&self) -> bool {
        self.url.is_some()
            || self.database.is_some()
            || self.username.is_some()
            || self.api_key.is_some()
            || self.password.is_some()
            || self.version.is_some()
            || self.protocol.is_some()
    }
}

/// One entry of `ODOO_INSTANCES`: the keys of this server plus the spellings other Odoo MCP
/// servers use (`db`, `apiKey`, `user`, `timeout_ms`, camelCase policy keys).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct JsonInstance {
    url: Option<String>,
    #[serde(alias = "db")]
    database: Option<String>,
    #[serde(alias = "user", alias = "login")]
    username: Option<String>,
    #[serde(alias = "apiKey", alias = "apikey")]
    api_key: Option<RawSecret>,
    #[serde(alias = "apiKeyFile")]
    api_key_file: Option<PathBuf>,
    password: Option<RawSecret>,
    #[serde(alias = "passwordFile")]
    password_file: Option<PathBuf>,
    version: Option<RawVersion>,
    protocol: Option<RawProtocol>,
    #[serde(alias = "timeoutSeconds", alias = "timeout")]
    timeout_seconds: Option<u64>,
    #[serde(alias = "timeoutMs")]
    timeout_ms: Option<u64>,
    #[serde(alias = "maxRetries")]
    max_retries: Option<u32>,
    #[serde(alias = "allowInsecureHttp")]
    allow_insecure_http: Option<bool>,
    #[serde(alias = "maxResponseBytes")]
    max_response_bytes: Option<usize>,
    #[serde(alias = "caFile")]
    ca_file: Option<PathBuf>,
    #[serde(alias = "readOnly")]
    read_only: Option<bool>,
    #[serde(alias = "allowedModels")]
    allowed_models: Option<Vec<String>>,
    #[serde(alias = "deniedModels")]
    denied_models: Option<Vec<String>>,
    #[serde(alias = "allowedMethods")]
    allowed_methods: Option<Vec<String>>,
    #[serde(alias = "maxRecords")]
    max_records: Option<u32>,
    #[serde(alias = "defaultLimit")]
    default_limit: Option<u32>,
    #[serde(alias = "confirmWrites")]
    confirm_writes: Option<String>,
    #[serde(alias = "companyId")]
    company_id: Option<i64>,
    lang: Option<String>,
    tz: Option<String>,
}

impl JsonInstance {
    pub(crate) fn into_raw(self) -> RawInstance {
        let timeout_seconds = self
            .timeout_seconds
            .or(self.timeout_ms.map(|ms| ms.div_ceil(1000).max(1)));
        RawInstance {
            url: self.url,
            database: self.database,
            username: self.username,
            api_key: self.api_key,
            api_key_file: self.api_key_file,
            password: self.password,
            password_file: self.password_file,
            version: self.version,
            protocol: self.protocol,
            timeout_seconds,
            max_retries: self.max_retries,
            allow_insecure_http: self.allow_insecure_http,
            max_response_bytes: self.max_response_bytes,
            ca_file: self.ca_file,
            read_only: self.read_only,
            allowed_models: self.allowed_models,
            denied_models: self.denied_models,
            allowed_methods: self.allowed_methods,
            max_records: self.max_records,
            default_limit: self.default_limit,
            confirm_writes: self.confirm_writes,
            company_id: self.company_id,
            lang: self.lang,
            tz: self.tz,
        }
    }
}

/// `[server.oauth]`: the OAuth 2.1 resource server (validated in `server_oauth.rs`).
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawOAuth {
    pub(crate) issuer: Option<String>,
    pub(crate) audience: Option<String>,
    pub(crate) jwks_uri: Option<String>,
    pub(crate) algorithms: Option<Vec<String>>,
    pub(crate) required_scopes: Option<Vec<String>>,
    pub(crate) scope_read: Option<String>,
    pub(crate) scope_write: Option<String>,
    pub(crate) introspection_endpoint: Option<String>,
    pub(crate) introspection_client_id: Option<String>,
    pub(crate) introspection_client_secret_file: Option<PathBuf>,
    pub(crate) jwks_cache_seconds: Option<u64>,
    pub(crate) allow_http_issuer: Option<bool>,
}
