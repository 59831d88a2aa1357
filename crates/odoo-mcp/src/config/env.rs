//! The environment: a snapshot of variables (the only place that reads the process
//! environment), and the overlay of `ODOO_*` variables on the file's instances.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::ConfigError;
use super::raw::{JsonInstance, RawInstance, RawProtocol, RawSecret, RawVersion};

/// A snapshot of environment variables. Tests build one from pairs; nothing calls `set_var`.
#[derive(Clone, Default)]
pub struct Env(BTreeMap<String, String>);

impl std::fmt::Debug for Env {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

impl Env {
    /// The process environment (non-UTF-8 variables are skipped).
    pub fn from_process() -> Self {
        Self(
            std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
                .collect(),
        )
    }

    /// An environment made of these pairs.
    pub fn from_pairs<K: Into<String>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Self(
            pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }

    /// A variable's value; empty or blank values count as unset.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.trim().is_empty())
    }

    /// The first of these variables that is set, with its name.
    fn first<'a>(&'a self, names: &[&'a str]) -> Option<(&'a str, &'a str)> {
        names.iter().find_map(|n| self.get(n).map(|v| (*n, v)))
    }

    /// Where the config file is looked for when neither `--config` nor `ODOO_MCP_CONFIG` is
    /// given: `$XDG_CONFIG_HOME/odoo-mcp/config.toml`, else `$HOME/.config/odoo-mcp/config.toml`.
    pub fn default_config_path(&self) -> Option<PathBuf> {
        let base = match self.get("XDG_CONFIG_HOME") {
            Some(xdg) if Path::new(xdg).is_absolute() => PathBuf::from(xdg),
            _ => PathBuf::from(self.get("HOME")?).join(".config"),
        };
        Some(base.join("odoo-mcp").join("config.toml"))
    }
}

/// Parses a boolean variable (`1/0`, `true/false`, `yes/no`, `on/off`).
pub(crate) fn parse_bool(name: &str, value: &str) -> Result<bool, ConfigError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(ConfigError::invalid(
            name,
            "value",
            format!("expected true or false, got {value:?}"),
        )),
    }
}

/// The read-only switch: `ODOO_MCP_READ_ONLY` or `ODOO_READ_ONLY` (true wins over false).
pub(crate) fn read_only_switch(env: &Env) -> Result<Option<bool>, ConfigError> {
    let mut result = None;
    for name in ["ODOO_MCP_READ_ONLY", "ODOO_READ_ONLY"] {
        if let Some(v) = env.get(name) {
            let b = parse_bool(name, v)?;
            result = Some(result.unwrap_or(false) || b);
        }
    }
    Ok(result)
}

/// The single-instance variables (`ODOO_URL`, `ODOO_DB`, …) as one raw instance.
pub(crate) fn single_instance(env: &Env) -> Result<RawInstance, ConfigError> {
    let mut raw = RawInstance {
        url: env.get("ODOO_URL").map(|s| s.trim().to_owned()),
        database: env
            .first(&["ODOO_DB", "ODOO_DATABASE"])
            .map(|(_, v)| v.trim().to_owned()),
        username: env
            .first(&["ODOO_USERNAME", "ODOO_USER", "ODOO_LOGIN"])
            .map(|(_, v)| v.trim().to_owned()),
        api_key: env
            .get("ODOO_API_KEY")
            .map(|v| RawSecret(odoo_client::Secret::new(v.trim()))),
        api_key_file: env.get("ODOO_API_KEY_FILE").map(PathBuf::from),
        password: env
            .get("ODOO_PASSWORD")
            .map(|v| RawSecret(odoo_client::Secret::new(v))),
        password_file: env.get("ODOO_PASSWORD_FILE").map(PathBuf::from),
        confirm_writes: env.get("ODOO_CONFIRM_WRITES").map(str::to_owned),
        lang: env.get("ODOO_LANG").map(str::to_owned),
        tz: env.get("ODOO_TZ").map(str::to_owned),
        ..RawInstance::default()
    };
    if let Some(v) = env.get("ODOO_COMPANY_ID") {
        raw.company_id = Some(v.trim().parse().map_err(|_| {
            ConfigError::invalid(
                "ODOO_COMPANY_ID",
                "value",
                format!("expected a company id such as 1, got {v:?}"),
            )
        })?);
    }
    if let Some(v) = env.get("ODOO_VERSION") {
        raw.version = Some(RawVersion::parse(v).ok_or_else(|| {
            ConfigError::invalid(
                "ODOO_VERSION",
                "value",
                format!("expected an Odoo major version such as 19 or 18.0, got {v:?}"),
            )
        })?);
    }
    if let Some(v) = env.get("ODOO_PROTOCOL") {
        raw.protocol = Some(RawProtocol::parse(v).ok_or_else(|| {
            ConfigError::invalid(
                "ODOO_PROTOCOL",
                "value",
                format!("expected auto, json2 or jsonrpc, got {v:?}"),
            )
        })?);
    }
    if let Some(v) = env.get("ODOO_ALLOW_INSECURE_HTTP") {
        raw.allow_insecure_http = Some(parse_bool("ODOO_ALLOW_INSECURE_HTTP", v)?);
    }
    if let Some(v) = env.get("ODOO_MAX_RESPONSE_BYTES") {
        raw.max_response_bytes = Some(v.trim().parse().map_err(|_| {
            ConfigError::invalid(
                "ODOO_MAX_RESPONSE_BYTES",
                "value",
                format!("expected a number of bytes, got {v:?}"),
            )
        })?);
    }
    raw.ca_file = env.get("ODOO_CA_FILE").map(PathBuf::from);
    raw.allowed_models = list(env, "ODOO_ALLOWED_MODELS");
    raw.denied_models = list(env, "ODOO_DENIED_MODELS");
    raw.allowed_methods = list(env, "ODOO_ALLOWED_METHODS");
    if let Some((name, v)) = env.first(&["ODOO_TIMEOUT", "ODOO_TIMEOUT_SECONDS"]) {
        raw.timeout_seconds = Some(v.trim().parse().map_err(|_| {
            ConfigError::invalid(
                name,
                "value",
                format!("expected a number of seconds, got {v:?}"),
            )
        })?);
    }
    Ok(raw)
}

/// A comma-separated list variable (blank items dropped).
fn list(env: &Env, name: &str) -> Option<Vec<String>> {
    env.get(name).map(|v| {
        v.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    })
}

/// Named instances from JSON, with the origin label for messages.
pub(crate) type JsonInstances = (String, BTreeMap<String, RawInstance>);

/// `ODOO_INSTANCES_JSON` (a file) or `ODOO_INSTANCES` (inline): named instances, with the
/// origin label for messages, and warnings for ignored keys.
pub(crate) fn json_instances(
    env: &Env,
    warnings: &mut Vec<String>,
) -> Result<Option<JsonInstances>, ConfigError> {
    let (origin, text) = if let Some(path) = env.get("ODOO_INSTANCES_JSON") {
        if env.get("ODOO_INSTANCES").is_some() {
            warnings.push(
                "both ODOO_INSTANCES_JSON and ODOO_INSTANCES are set: ODOO_INSTANCES is ignored"
                    .into(),
            );
        }
        if path.trim_start().starts_with('{') {
            // Inline JSON in the file variable: never echo it, it carries credentials.
            return Err(ConfigError::Syntax {
                origin: "ODOO_INSTANCES_JSON".into(),
                message: "this variable names a JSON file, but it holds inline JSON (not shown: \
                          it may contain keys); put the JSON in ODOO_INSTANCES instead"
                    .into(),
            });
        }
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            origin: "ODOO_INSTANCES_JSON".into(),
            path: PathBuf::from(path),
            source,
        })?;
        (format!("ODOO_INSTANCES_JSON ({path})"), text)
    } else if let Some(text) = env.get("ODOO_INSTANCES") {
        ("ODOO_INSTANCES".to_owned(), text.to_owned())
    } else {
        return Ok(None);
    };
    if let Ok(serde_json::Value::Object(entries)) = serde_json::from_str(&text) {
        let found = super::keys::unknown_in_json(&entries);
        if !found.is_empty() {
            return Err(ConfigError::UnknownKeys { origin, found });
        }
    }
    let parsed: BTreeMap<String, JsonInstance> =
        serde_json::from_str(&text).map_err(|source| ConfigError::Json {
            origin: origin.clone(),
            source,
        })?;
    let mut out = BTreeMap::new();
    for (name, instance) in parsed {
        out.insert(name, instance.into_raw());
    }
    Ok(Some((origin, out)))
}
