//! `[server.clients.<name>]` → validated [`ClientConfig`]s: each named HTTP client's token
//! (a SHA-256 digest or a file, never the token itself), its restrictions and its own Odoo
//! logins.
//!
//! ```toml
//! [server.clients.alice]
//! token_sha256 = "…64 hex digits…"   # printf %s "$TOKEN" | sha256sum; or token_file = "…"
//! instances = ["prod"]                # default: every instance
//! tools = ["search_*", "read_records"] # globs; default: every tool
//! read_only = true                    # default false (the instance's policy still applies)
//! allowed_models = ["res.partner"]    # narrows the instance's policy
//! denied_models = ["hr.*"]
//! [server.clients.alice.odoo.prod]    # alice's own Odoo user on `prod`
//! username = "alice@example.com"      # needed where the instance logs in with a user name
//! api_key_file = "/run/secrets/alice-odoo"
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use odoo_client::Secret;

use super::raw::{RawClient, RawClientOdoo};
use super::{
    AuthConfig, ConfigError, DEFAULT_CLIENT, Env, InstanceConfig, MIN_TOKEN_CHARS, TokenDigest,
};
use crate::caller::{Restrictions, ToolGlobs};

/// One HTTP client with a bearer token. `Debug` never shows a secret.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Its name (in the audit log, in refusals, bound into confirmation tokens).
    pub name: String,
    /// The digest of its token.
    pub token: TokenDigest,
    /// What it is limited to.
    pub restrictions: Restrictions,
    /// Its own Odoo logins, by instance (the instance's shared login elsewhere).
    pub odoo: Vec<ClientLogin>,
    /// Its rate limit, when not `[server] rate_limit_per_minute`.
    pub rate_per_minute: Option<u32>,
    /// Its concurrent tool calls at most, when not `[server] max_concurrent_calls_per_client`.
    pub max_calls: Option<usize>,
}

/// A client's own Odoo user on one instance.
#[derive(Debug, Clone)]
pub struct ClientLogin {
    /// The instance.
    pub instance: String,
    /// The instance's connection settings with this user's login and API key instead of the
    /// shared credentials (validated at load).
    pub client: odoo_client::ClientConfig,
}

impl ClientLogin {
    /// The instance's settings with this user's credentials instead of the shared ones.
    pub fn apply(&self, instance: &InstanceConfig) -> InstanceConfig {
        InstanceConfig {
            client: self.client.clone(),
            ..instance.clone()
        }
    }
}

/// The authentication settings: `MCP_AUTH_TOKEN` (client `default`) and the named clients.
pub(super) fn auth(
    raw: Option<BTreeMap<String, RawClient>>,
    env: &Env,
    instances: &[InstanceConfig],
    file: Option<&Path>,
) -> Result<AuthConfig, ConfigError> {
    let mut auth = AuthConfig::from_env(env)?;
    let label = file.map_or("environment".to_owned(), |p| p.display().to_string());
    for (name, raw) in raw.unwrap_or_default() {
        let client = client(&name, raw, instances, file, &label)?;
        if auth.clients.iter().any(|c| c.name == client.name) {
            return Err(ConfigError::invalid(
                &label,
                format!("server.clients.{name}"),
                "MCP_AUTH_TOKEN already defines the client `default`: rename this client or \
                 unset MCP_AUTH_TOKEN",
            ));
        }
        if let Some(other) = auth.clients.iter().find(|c| c.token == client.token) {
            return Err(ConfigError::invalid(
                &label,
                format!("server.clients.{name}"),
                format!(
                    "has the same token as client `{}`: give each client its own token",
                    other.name
                ),
            ));
        }
        auth.clients.push(client);
    }
    Ok(auth)
}

fn client(
    name: &str,
    raw: RawClient,
    instances: &[InstanceConfig],
    file: Option<&Path>,
    label: &str,
) -> Result<ClientConfig, ConfigError> {
    let key_of = |key: &str| {
        if key.is_empty() {
            format!("server.clients.{name}")
        } else {
            format!("server.clients.{name}.{key}")
        }
    };
    let err = |key: &str, message: String| ConfigError::invalid(label, key_of(key), message);
    if name.is_empty()
        || name.len() > 64
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '@'))
    {
        return Err(err(
            "",
            "a client name is 1 to 64 letters, digits, '_', '-', '.' or '@'".into(),
        ));
    }
    if name == DEFAULT_CLIENT {
        return Err(err(
            "",
            "`default` is the client of MCP_AUTH_TOKEN: choose another name".into(),
        ));
    }
    if raw.token.is_some() {
        return Err(err(
            "token",
            "a plain token is not accepted in the config file (it would be readable by \
             whoever reads the file and end up in backups): set token_sha256 to its SHA-256 \
             (`printf %s \"$TOKEN\" | sha256sum`), or token_file to a file holding it"
                .into(),
        ));
    }
    let token = match (raw.token_sha256, raw.token_file) {
        (Some(_), Some(_)) => {
            return Err(err(
                "token_file",
                "set token_sha256 or token_file, not both".into(),
            ));
        }
        (Some(hex), None) => TokenDigest::from_hex(&hex).ok_or_else(|| {
            err(
                "token_sha256",
                "is not a SHA-256 digest (64 hex digits, e.g. the output of \
                 `printf %s \"$TOKEN\" | sha256sum`)"
                    .into(),
            )
        })?,
        (None, Some(path)) => {
            let path = relative_to(file, path);
            let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
                origin: format!("{label}: server.clients.{name}.token_file"),
                path: path.clone(),
                source,
            })?;
            let token = text.trim();
            if token.chars().count() < MIN_TOKEN_CHARS || token.chars().any(char::is_whitespace) {
                return Err(err(
                    "token_file",
                    format!(
                        "the token in {} must be at least {MIN_TOKEN_CHARS} characters without \
                         spaces (e.g. the output of `openssl rand -hex 32`)",
                        path.display()
                    ),
                ));
            }
            TokenDigest::of(token)
        }
        (None, None) => {
            return Err(err(
                "token_sha256",
                "missing: set token_sha256 (the token's SHA-256 in hex) or token_file".into(),
            ));
        }
    };
    let known = || {
        instances
            .iter()
            .map(|i| i.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let exists = |instance: &str| instances.iter().any(|i| i.name == instance);
    let allowed_instances = match raw.instances {
        None => None,
        Some(list) => {
            if list.is_empty() {
                return Err(err(
                    "instances",
                    "is empty: list the instances this client may use, or remove the key to \
                     allow every instance"
                        .into(),
                ));
            }
            let mut set = BTreeSet::new();
            for instance in list {
                if !exists(&instance) {
                    return Err(err(
                        "instances",
                        format!(
                            "no instance is called {instance:?} (configured: {})",
                            known()
                        ),
                    ));
                }
                set.insert(instance);
            }
            Some(set)
        }
    };
    let tools = match raw.tools {
        None => None,
        Some(list) if list.is_empty() => {
            return Err(err(
                "tools",
                "is empty: list tool names or globs (e.g. [\"search_*\"]), or remove the key \
                 to allow every tool"
                    .into(),
            ));
        }
        Some(list) => Some(
            ToolGlobs::new(&list).map_err(|source| ConfigError::Pattern {
                origin: label.to_owned(),
                key: key_of("tools"),
                source: Box::new(source),
            })?,
        ),
    };
    let restrictions = Restrictions {
        instances: allowed_instances,
        tools,
        read_only: raw.read_only.unwrap_or(false),
        allowed_models: raw.allowed_models.unwrap_or_default(),
        denied_models: raw.denied_models.unwrap_or_default(),
    };
    for instance in instances {
        instance
            .policy
            .narrowed_for(name, &restrictions)
            .map_err(|source| ConfigError::Policy {
                origin: label.to_owned(),
                key: key_of(source.key),
                source: Box::new(source),
            })?;
    }
    let mut odoo = Vec::new();
    for (instance, login) in raw.odoo {
        let Some(config) = instances.iter().find(|i| i.name == instance) else {
            return Err(err(
                &format!("odoo.{instance}"),
                format!(
                    "no instance is called {instance:?} (configured: {})",
                    known()
                ),
            ));
        };
        if !restrictions.allows_instance(&instance) {
            return Err(err(
                &format!("odoo.{instance}"),
                "this client may not use the instance (see `instances`)".into(),
            ));
        }
        odoo.push(login_for(name, &instance, login, config, file, label)?);
    }
    if raw.rate_limit_per_minute.is_some_and(|n| n > 1_000_000) {
        return Err(err(
            "rate_limit_per_minute",
            "is out of range 0..=1000000".into(),
        ));
    }
    if raw
        .max_concurrent_calls
        .is_some_and(|n| !(1..=100_000).contains(&n))
    {
        return Err(err(
            "max_concurrent_calls",
            "is out of range 1..=100000".into(),
        ));
    }
    Ok(ClientConfig {
        name: name.to_owned(),
        token,
        restrictions,
        odoo,
        rate_per_minute: raw.rate_limit_per_minute,
        max_calls: raw.max_concurrent_calls,
    })
}

fn login_for(
    client: &str,
    instance: &str,
    raw: RawClientOdoo,
    config: &InstanceConfig,
    file: Option<&Path>,
    label: &str,
) -> Result<ClientLogin, ConfigError> {
    let key = |field: &str| format!("server.clients.{client}.odoo.{instance}.{field}");
    let Some(path) = raw.api_key_file else {
        return Err(ConfigError::invalid(
            label,
            key("api_key_file"),
            "missing: the file holding this user's Odoo API key",
        ));
    };
    let path = relative_to(file, path);
    let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
        origin: format!("{label}: {}", key("api_key_file")),
        path: path.clone(),
        source,
    })?;
    if text.trim().is_empty() {
        return Err(ConfigError::invalid(
            label,
            key("api_key_file"),
            format!("{} is empty", path.display()),
        ));
    }
    let username = raw
        .username
        .map(|u| u.trim().to_owned())
        .filter(|u| !u.is_empty());
    if username.is_none() && config.client.login().is_some() {
        return Err(ConfigError::invalid(
            label,
            key("username"),
            format!(
                "missing: instance `{instance}` logs in with a user name, so this client's \
                 Odoo login is needed too"
            ),
        ));
    }
    let mut builder = config
        .client
        .to_builder()
        .clear_credentials()
        .api_key(Secret::new(text.trim()));
    if let Some(username) = username {
        builder = builder.login(username);
    }
    let client = builder
        .validate()
        .map_err(|source| ConfigError::Connection {
            origin: label.to_owned(),
            key: key(match source.option() {
                odoo_client::ClientOption::Login => "username",
                _ => "api_key_file",
            }),
            message: source.describe(|o| match o {
                odoo_client::ClientOption::Login => "username".to_owned(),
                odoo_client::ClientOption::ApiKey => "api_key_file".to_owned(),
                other => format!("the instance's {other}"),
            }),
            source,
        })?;
    Ok(ClientLogin {
        instance: instance.to_owned(),
        client,
    })
}

fn relative_to(file: Option<&Path>, path: PathBuf) -> PathBuf {
    match file.and_then(Path::parent) {
        Some(dir) if path.is_relative() => dir.join(path),
        _ => path,
    }
}
