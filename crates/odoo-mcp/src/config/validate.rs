//! Raw file + environment → validated [`Config`]: overlay order, defaults and every check.

use std::path::{Path, PathBuf};
use std::time::Duration;

use odoo_client::{ClientOption, ProtocolChoice, Secret};

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
                "company_id" => "ODOO_COMPANY_ID",
                "lang" => "ODOO_LANG",
                "tz" => "ODOO_TZ",
                other => other,
            }
            .to_owned(),
        }
    }

    /// How a message names `field`: the variable for the environment, the bare key otherwise.
    fn mention(&self, instance: &str, field: &str) -> String {
        match self {
            Self::Env => self.key(instance, field),
            _ => field.to_owned(),
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
            let table: toml::Table =
                toml::from_str(&text).map_err(|e| ConfigError::from_toml(&path, &text, &e))?;
            let found = super::keys::unknown_in_toml(&table);
            if !found.is_empty() {
                return Err(ConfigError::UnknownKeys {
                    origin: path.display().to_string(),
                    found,
                });
            }
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
    let mut raw_server = raw.server;
    let raw_oauth = raw_server.oauth.take();
    let raw_clients = raw_server.clients.take();
    let mut server = server(raw_server, env, &file_label)?;
    if let super::AuditSink::File(path) = &mut server.audit.sink
        && path.is_relative()
        && let Some(dir) = file_path.as_deref().and_then(Path::parent)
    {
        *path = dir.join(&*path);
    }
    server.auth = super::clients::auth(raw_clients, env, &validated, file_path.as_deref())?;
    let base_dir = file_path.as_deref().and_then(Path::parent);
    server.auth.oauth = super::server_oauth::load(raw_oauth, env, &file_label, base_dir)?;
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
    let api_key = secret(raw.api_key, raw.api_key_file, "api_key", origin, name)?;
    let password = secret(raw.password, raw.password_file, "password", origin, name)?;
    let timeout_seconds = raw.timeout_seconds.unwrap_or(DEFAULT_TIMEOUT_SECONDS);
    if !(1..=3600).contains(&timeout_seconds) {
        return Err(err(
            "timeout_seconds",
            format!("{timeout_seconds} is out of range 1..=3600"),
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
    let context =
        crate::context::CallContext::new(raw.company_id, raw.lang, raw.tz).map_err(|message| {
            let key = message.split(' ').next().unwrap_or("context").to_owned();
            err(&key, message)
        })?;
    let mut client = odoo_client::Client::builder(raw.url.unwrap_or_default())
        .protocol(match raw.protocol.unwrap_or(RawProtocol::Auto) {
            RawProtocol::Auto => ProtocolChoice::Auto,
            RawProtocol::Json2 => ProtocolChoice::Json2,
            RawProtocol::Jsonrpc => ProtocolChoice::JsonRpc,
        })
        .timeout(Duration::from_secs(timeout_seconds))
        .allow_insecure_http(raw.allow_insecure_http.unwrap_or(false))
        .max_response_bytes(
            raw.max_response_bytes
                .unwrap_or(odoo_client::DEFAULT_MAX_RESPONSE_BYTES),
        )
        .context(context.apply(&odoo_client::Context::new()));
    let trimmed = |v: Option<String>| v.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    if let Some(db) = trimmed(raw.database) {
        client = client.database(db);
    }
    if let Some(user) = trimmed(raw.username) {
        client = client.login(user);
    }
    if let Some(key) = api_key {
        client = client.api_key(key);
    }
    if let Some(password) = password {
        client = client.password(password);
    }
    if let Some(v) = raw.version {
        client = client.assume_version(v.0);
    }
    if let Some(n) = raw.max_retries {
        client = client.max_retries(n);
    }
    if let Some(path) = ca_file {
        client = client.ca_file(path);
    }
    let client = client
        .validate()
        .map_err(|e| client_error(e, origin, name))?;
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
    let policy = policy.build().map_err(|source| ConfigError::Policy {
        origin: label.clone(),
        key: origin.key(name, source.key),
        source: Box::new(source),
    })?;
    Ok(InstanceConfig {
        name: name.to_owned(),
        client,
        context,
        policy,
        source: origin.policy_source(),
    })
}

/// The client's refusal of the connection settings, told with this origin's key names.
fn client_error(e: odoo_client::ConfigError, origin: &Origin, name: &str) -> ConfigError {
    let field = |option: ClientOption| match option {
        ClientOption::AllowInsecureHttp => "allow_insecure_http",
        ClientOption::Database => "database",
        ClientOption::ApiKey => "api_key",
        ClientOption::Login => "username",
        ClientOption::Password => "password",
        ClientOption::Protocol => "protocol",
        ClientOption::AssumeVersion => "version",
        ClientOption::Timeout | ClientOption::ConnectTimeout => "timeout_seconds",
        ClientOption::MaxResponseBytes => "max_response_bytes",
        _ => "url",
    };
    let mention = |option: ClientOption| {
        let key = field(option);
        let said = origin.mention(name, key);
        match option {
            ClientOption::ApiKey | ClientOption::Password => {
                format!(
                    "{said} (or {})",
                    origin.mention(name, &format!("{key}_file"))
                )
            }
            _ => said,
        }
    };
    ConfigError::Connection {
        origin: origin.label(),
        key: origin.key(name, field(e.option())),
        message: e.describe(mention),
        source: e,
    }
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

/// `n` when it is within `min..=max`, else the error naming `key` and the range.
pub(super) fn in_range<N: PartialOrd + std::fmt::Display + Copy>(
    n: N,
    min: N,
    max: N,
    key: &str,
    err: &dyn Fn(&str, String) -> ConfigError,
) -> Result<N, ConfigError> {
    if n < min || n > max {
        return Err(err(key, format!("{n} is out of range {min}..={max}")));
    }
    Ok(n)
}

fn server(raw: RawServer, env: &Env, file_label: &str) -> Result<ServerConfig, ConfigError> {
    let mut server = ServerConfig {
        tools: super::ToolSelection::load(
            raw.tools,
            raw.tools_include,
            raw.tools_exclude,
            raw.output_schemas,
            env,
            file_label,
        )?,
        ..ServerConfig::default()
    };
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
    server.max_sessions_per_client = match raw.max_sessions_per_client {
        Some(n) => {
            let most = server.max_sessions;
            if n == 0 || n > most {
                return Err(err(
                    "max_sessions_per_client",
                    format!("{n} is out of range 1..={most} (at most max_sessions)"),
                ));
            }
            n
        }
        None => (server.max_sessions / super::DEFAULT_SESSIONS_PER_CLIENT_DIVISOR).max(1),
    };
    if let Some(seconds) = raw.session_idle_seconds {
        if !(1..=86_400).contains(&seconds) {
            return Err(err(
                "session_idle_seconds",
                format!("{seconds} is out of range 1..=86400 (one day)"),
            ));
        }
        server.session_idle = std::time::Duration::from_secs(seconds);
    }
    if let Some(max) = raw.export_max_records {
        if !(1..=1_000_000).contains(&max) {
            return Err(err(
                "export_max_records",
                format!("{max} is out of range 1..=1000000"),
            ));
        }
        server.export_max_records = max;
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
    if let Some(seconds) = raw.shutdown_grace_seconds {
        if seconds > 3600 {
            return Err(err(
                "shutdown_grace_seconds",
                format!("{seconds} is out of range 0..=3600 (one hour)"),
            ));
        }
        server.shutdown_grace = std::time::Duration::from_secs(seconds);
    }
    let limits = &mut server.limits;
    if let Some(n) = raw.rate_limit_per_minute {
        limits.rate_per_minute = in_range(n, 0, 1_000_000, "rate_limit_per_minute", &err)?;
    }
    if let Some(n) = raw.rate_limit_burst {
        limits.rate_burst = in_range(n, 1, 100_000, "rate_limit_burst", &err)?;
    }
    if let Some(n) = raw.max_concurrent_calls {
        limits.max_calls = in_range(n, 1, 100_000, "max_concurrent_calls", &err)?;
    }
    if let Some(n) = raw.max_concurrent_calls_per_client {
        limits.max_calls_per_client =
            in_range(n, 1, 100_000, "max_concurrent_calls_per_client", &err)?;
    }
    if let Some(s) = raw.tool_timeout_seconds {
        limits.tool_timeout =
            Duration::from_secs(in_range(s, 1, 3600, "tool_timeout_seconds", &err)?);
    }
    if let Some(s) = raw.header_timeout_seconds {
        limits.header_timeout =
            Duration::from_secs(in_range(s, 1, 300, "header_timeout_seconds", &err)?);
    }
    if let Some(audit) = raw.audit {
        server.audit.values = audit.values.unwrap_or(false);
        server.audit.sink = match audit.path.as_deref().map(str::trim) {
            None => {
                return Err(err(
                    "audit.path",
                    "missing: a file to append to, or \"stderr\"".into(),
                ));
            }
            Some("") => return Err(err("audit.path", "is empty".into())),
            Some("stderr") => super::AuditSink::Stderr,
            Some(path) => super::AuditSink::File(PathBuf::from(path)),
        };
    }
    Ok(server)
}
