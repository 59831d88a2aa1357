//! Raw file + environment → validated [`Config`]: overlay order, defaults and every check.

use std::path::{Path, PathBuf};
use std::time::Duration;

use odoo_client::{ProtocolChoice, Secret};

use super::env::{self, Env};
use super::raw::{RawFile, RawInstance, RawProtocol, RawSecret, RawServer};
use super::{Config, ConfigError, DEFAULT_TIMEOUT_SECONDS, InstanceConfig, ServerConfig};
use crate::policy::{Policy, PolicySource};

/// Where an instance was declared, for messages and key names.
#[derive(Clone)]
enum Origin {
    File(PathBuf),
    Json(String),
    Env,
}

impl Origin {
    fn label(&self) -> String {
        match self {
            Self::File(p) => p.display().to_string(),
            Self::Json(label) => label.clone(),
            Self::Env => "environment".to_owned(),
        }
    }

    fn key(&self, instance: &str, field: &str) -> String {
        match self {
            Self::File(_) => format!("instances.{instance}.{field}"),
            Self::Json(_) => format!("{instance}.{field}"),
            Self::Env => match field {
                "url" => "ODOO_URL",
                "database" => "ODOO_DB",
                "username" => "ODOO_USERNAME",
                "api_key" => "ODOO_API_KEY",
                "api_key_file" => "ODOO_API_KEY_FILE",
                "password" => "ODOO_PASSWORD",
                "password_file" => "ODOO_PASSWORD_FILE",
                "timeout_seconds" => "ODOO_TIMEOUT",
                "allow_insecure_http" => "ODOO_ALLOW_INSECURE_HTTP",
                "max_response_bytes" => "ODOO_MAX_RESPONSE_BYTES",
                "ca_file" => "ODOO_CA_FILE",
                "allowed_models" => "ODOO_ALLOWED_MODELS",
                "denied_models" => "ODOO_DENIED_MODELS",
                "allowed_methods" => "ODOO_ALLOWED_METHODS",
                other => other,
            }
            .to_owned(),
        }
    }

    fn policy_source(&self) -> PolicySource {
        match self {
            Self::File(p) => PolicySource::File(p.clone()),
            _ => PolicySource::Environment,
        }
    }

    /// Directory against which relative `*_file` paths are resolved.
    fn base_dir(&self) -> Option<&Path> {
        match self {
            Self::File(p) => p.parent(),
            _ => None,
        }
    }
}

pub(super) fn load(explicit: Option<&Path>, env: &Env) -> Result<Config, ConfigError> {
    let mut warnings = Vec::new();
    let (file, searched) = find_file(explicit, env)?;
    let (raw, file_path) = match file {
        Some((path, text)) => {
            let raw: RawFile =
                toml::from_str(&text).map_err(|e| ConfigError::from_toml(&path, &text, &e))?;
            (raw, Some(path))
        }
        None => (RawFile::default(), None),
    };

    let mut instances: Vec<(String, RawInstance, Origin)> = Vec::new();
    if let Some(path) = &file_path {
        for (name, inst) in raw.instances {
            instances.push((name, inst, Origin::File(path.clone())));
        }
    }
    if let Some((label, json)) = env::json_instances(env, &mut warnings)? {
        for (name, inst) in json {
            match instances.iter_mut().find(|(n, _, _)| *n == name) {
                Some((_, existing, _)) => existing.overlay(inst),
                None => instances.push((name, inst, Origin::Json(label.clone()))),
            }
        }
    }
    let single = env::single_instance(env)?;
    if instances.is_empty() {
        if single.url.is_some() {
            instances.push(("default".to_owned(), single, Origin::Env));
        } else if single.has_connection_keys() {
            return Err(ConfigError::invalid(
                "environment",
                "ODOO_URL",
                "missing: other ODOO_* variables are set but not ODOO_URL (e.g. ODOO_URL=https://mycompany.odoo.com)",
            ));
        }
    } else if single.has_connection_keys() {
        if single.url.is_some() && instances.iter().all(|(_, i, _)| i.url.is_some()) {
            warnings
                .push("ODOO_URL is ignored: every configured instance has its own url".to_owned());
        }
        for (_, inst, _) in &mut instances {
            inst.fill_from(&single);
        }
    }
    if instances.is_empty() {
        return Err(ConfigError::NoInstance { searched });
    }

    let read_only_switch = env::read_only_switch(env)?;
    let validated = instances
        .into_iter()
        .map(|(name, raw, origin)| instance(&name, raw, &origin, read_only_switch))
        .collect::<Result<Vec<_>, _>>()?;

    let file_label = file_path
        .as_ref()
        .map_or("environment".to_owned(), |p| p.display().to_string());
    let default_instance = default_instance(raw.default_instance, env, &validated, &file_label)?;
    let mut server = server(raw.server, &file_label)?;
    server.auth = super::AuthConfig::from_env(env)?;
    Ok(Config {
        default_instance,
        server,
        instances: validated,
        file: file_path,
        warnings,
    })
}

/// The config file to read (path and text), and a description of where it was looked for.
fn find_file(
    explicit: Option<&Path>,
    env: &Env,
) -> Result<(Option<(PathBuf, String)>, String), ConfigError> {
    let (path, required, who) = if let Some(p) = explicit {
        (p.to_path_buf(), true, "--config")
    } else if let Some(p) = env.get("ODOO_MCP_CONFIG") {
        (PathBuf::from(p), true, "ODOO_MCP_CONFIG")
    } else if let Some(p) = env.default_config_path() {
        (p, false, "default location")
    } else {
        return Ok((None, "no config file: HOME is not set".to_owned()));
    };
    let searched = path.display().to_string();
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok((Some((path, text)), searched)),
        Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => Ok((None, searched)),
        Err(source) => Err(ConfigError::Read {
            origin: who.to_owned(),
            path,
            source,
        }),
    }
}

fn instance(
    name: &str,
    raw: RawInstance,
    origin: &Origin,
    read_only_switch: Option<bool>,
) -> Result<InstanceConfig, ConfigError> {
    let label = origin.label();
    let err = |field: &str, message: String| {
        ConfigError::invalid(label.clone(), origin.key(name, field), message)
    };
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
    {
        return Err(ConfigError::invalid(
            label.clone(),
            format!("instances.{name:?}"),
            "an instance name may only use letters, digits, '_', '-' and '.'",
        ));
    }
    let url = raw
        .url
        .map(|u| u.trim().trim_end_matches('/').to_owned())
        .unwrap_or_default();
    if url.is_empty() {
        return Err(err(
            "url",
            "missing: the Odoo address, e.g. \"https://mycompany.odoo.com\"".into(),
        ));
    }
    if let Some((scheme, _)) = url.split_once("://")
        && !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https")
    {
        return Err(err(
            "url",
            format!("{url:?} must start with http:// or https://"),
        ));
    }
    if url.contains('@') {
        return Err(err(
            "url",
            "must not contain credentials: use username and api_key".into(),
        ));
    }
    let api_key = secret(raw.api_key, raw.api_key_file, "api_key", origin, name)?;
    let password = secret(raw.password, raw.password_file, "password", origin, name)?;
    if api_key.is_none() && password.is_none() {
        return Err(err(
            "api_key",
            "missing credentials: set api_key (or api_key_file), or username with password \
             (create an API key in Odoo: Preferences → Account Security → New API Key)"
                .into(),
        ));
    }
    let username = raw
        .username
        .map(|u| u.trim().to_owned())
        .filter(|u| !u.is_empty());
    if password.is_some() && username.is_none() {
        return Err(err(
            "username",
            "missing: a password needs the login it belongs to".into(),
        ));
    }
    let jsonrpc_certain = raw.protocol == Some(RawProtocol::Jsonrpc)
        || raw.version.is_some_and(|v| v.0 < 19)
        || password.is_some();
    if jsonrpc_certain && username.is_none() {
        return Err(err(
            "username",
            "missing: JSON-RPC (Odoo 18 and earlier, or a password) logs in with a user name; \
             set it to the login of the API key's user"
                .into(),
        ));
    }
    let timeout_seconds = raw.timeout_seconds.unwrap_or(DEFAULT_TIMEOUT_SECONDS);
    if !(1..=3600).contains(&timeout_seconds) {
        return Err(err(
            "timeout_seconds",
            format!("{timeout_seconds} is out of range 1..=3600"),
        ));
    }
    let max_response_bytes = raw
        .max_response_bytes
        .unwrap_or(odoo_client::DEFAULT_MAX_RESPONSE_BYTES);
    if !(1024..=1024 * 1024 * 1024).contains(&max_response_bytes) {
        return Err(err(
            "max_response_bytes",
            format!("{max_response_bytes} is out of range 1024..=1073741824"),
        ));
    }
    let ca_file = raw.ca_file.map(|path| match origin.base_dir() {
        Some(dir) if path.is_relative() => dir.join(path),
        _ => path,
    });
    if let Some(path) = &ca_file
        && !path.is_file()
    {
        return Err(err(
            "ca_file",
            format!(
                "{} is not a readable file (a PEM bundle of CA certificates)",
                path.display()
            ),
        ));
    }
    let protocol = match raw.protocol.unwrap_or(RawProtocol::Auto) {
        RawProtocol::Auto => ProtocolChoice::Auto,
        RawProtocol::Json2 => ProtocolChoice::Json2,
        RawProtocol::Jsonrpc => ProtocolChoice::JsonRpc,
    };
    let read_only = match read_only_switch {
        Some(true) => true,
        other => raw.read_only.or(other).unwrap_or(true),
    };
    let mut policy = Policy::builder(name)
        .source(origin.policy_source())
        .read_only(read_only);
    if let Some(v) = raw.allowed_models {
        policy = policy.allowed_models(v);
    }
    if let Some(v) = raw.denied_models {
        policy = policy.denied_models(v);
    }
    if let Some(v) = raw.allowed_methods {
        policy = policy.allowed_methods(v);
    }
    if let Some(v) = raw.max_records {
        policy = policy.max_records(v);
    }
    if let Some(v) = raw.default_limit {
        policy = policy.default_limit(v);
    }
    if let Some(v) = raw.confirm_writes {
        policy = policy.confirm_writes(v.parse().map_err(|e| err("confirm_writes", e))?);
    }
    let policy = policy.build().map_err(|e| err(e.key, e.message))?;
    Ok(InstanceConfig {
        name: name.to_owned(),
        url,
        database: raw
            .database
            .map(|d| d.trim().to_owned())
            .filter(|d| !d.is_empty()),
        username,
        api_key,
        password,
        version: raw.version.map(|v| v.0),
        protocol,
        timeout: Duration::from_secs(timeout_seconds),
        max_retries: raw.max_retries,
        allow_insecure_http: raw.allow_insecure_http.unwrap_or(false),
        max_response_bytes,
        ca_file,
        policy,
        source: origin.policy_source(),
    })
}

/// A secret given inline or in a file (not both).
fn secret(
    inline: Option<RawSecret>,
    file: Option<PathBuf>,
    field: &str,
    origin: &Origin,
    name: &str,
) -> Result<Option<Secret>, ConfigError> {
    let file_field = format!("{field}_file");
    match (inline, file) {
        (Some(_), Some(_)) => Err(ConfigError::invalid(
            origin.label(),
            origin.key(name, &file_field),
            format!("set either {field} or {file_field}, not both"),
        )),
        (Some(RawSecret(s)), None) => {
            if s.expose().trim().is_empty() {
                return Err(ConfigError::invalid(
                    origin.label(),
                    origin.key(name, field),
                    "is empty",
                ));
            }
            Ok(Some(s))
        }
        (None, Some(path)) => {
            let path = match origin.base_dir() {
                Some(dir) if path.is_relative() => dir.join(path),
                _ => path,
            };
            let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
                origin: format!("{}: {}", origin.label(), origin.key(name, &file_field)),
                path: path.clone(),
                source,
            })?;
            let value = text.trim();
            if value.is_empty() {
                return Err(ConfigError::invalid(
                    origin.label(),
                    origin.key(name, &file_field),
                    format!("{} is empty", path.display()),
                ));
            }
            Ok(Some(Secret::new(value)))
        }
        (None, None) => Ok(None),
    }
}

fn default_instance(
    configured: Option<String>,
    env: &Env,
    instances: &[InstanceConfig],
    file_label: &str,
) -> Result<String, ConfigError> {
    let known = || {
        instances
            .iter()
            .map(|i| i.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (origin, chosen) = match env.get("ODOO_MCP_DEFAULT_INSTANCE") {
        Some(v) => (
            "ODOO_MCP_DEFAULT_INSTANCE".to_owned(),
            Some(v.trim().to_owned()),
        ),
        None => (file_label.to_owned(), configured),
    };
    match chosen {
        Some(name) if instances.iter().any(|i| i.name == name) => Ok(name),
        Some(name) => Err(ConfigError::invalid(
            origin,
            "default_instance",
            format!("no instance is called {name:?} (configured: {})", known()),
        )),
        None if instances.len() == 1 => Ok(instances[0].name.clone()),
        None if instances.iter().any(|i| i.name == "default") => Ok("default".to_owned()),
        None => Err(ConfigError::invalid(
            origin,
            "default_instance",
            format!(
                "missing: several instances are configured ({}); say which one tools use when they name none",
                known()
            ),
        )),
    }
}

fn server(raw: RawServer, file_label: &str) -> Result<ServerConfig, ConfigError> {
    let mut server = ServerConfig::default();
    let err = |key: &str, message: String| {
        ConfigError::invalid(file_label, format!("server.{key}"), message)
    };
    if let Some(listen) = raw.listen {
        server.listen = listen.trim().parse().map_err(|_| {
            err(
                "listen",
                format!("{listen:?} is not an address such as \"127.0.0.1:8787\""),
            )
        })?;
    }
    if let Some(s) = raw.stateless {
        server.stateless = s;
    }
    if let Some(bytes) = raw.max_body_bytes {
        if !(1024..=64 * 1024 * 1024).contains(&bytes) {
            return Err(err(
                "max_body_bytes",
                format!("{bytes} is out of range 1024..=67108864"),
            ));
        }
        server.max_body_bytes = bytes;
    }
    if let Some(origins) = raw.allowed_origins {
        for o in &origins {
            if o != "null" && !o.contains("://") {
                return Err(err(
                    "allowed_origins",
                    format!("{o:?} needs a scheme, e.g. \"https://app.example.com\""),
                ));
            }
        }
        server.allowed_origins = origins;
    }
    if let Some(hosts) = raw.allowed_hosts {
        server.allowed_hosts = hosts;
    }
    if let Some(max) = raw.max_sessions {
        if !(1..=1_000_000).contains(&max) {
            return Err(err(
                "max_sessions",
                format!("{max} is out of range 1..=1000000"),
            ));
        }
        server.max_sessions = max;
    }
    if let Some(seconds) = raw.session_idle_seconds {
        if !(1..=86_400).contains(&seconds) {
            return Err(err(
                "session_idle_seconds",
                format!("{seconds} is out of range 1..=86400 (one day)"),
            ));
        }
        server.session_idle = std::time::Duration::from_secs(seconds);
    }
    if let Some(max) = raw.max_connections {
        if !(1..=65_536).contains(&max) {
            return Err(err(
                "max_connections",
                format!("{max} is out of range 1..=65536"),
            ));
        }
        server.max_connections = max;
    }
    Ok(server)
}
