//! Configuration: a TOML file and `ODOO_*` environment variables → a validated [`Config`].
//!
//! This module is the only one that reads the environment (through an [`Env`] snapshot, so
//! tests pass their own). Defaults are the safe ones: read-only, loopback-only HTTP.
//!
//! # Where the configuration comes from
//! 1. The TOML file: `--config FILE`, else `$ODOO_MCP_CONFIG`, else
//!    `$XDG_CONFIG_HOME/odoo-mcp/config.toml` (or `~/.config/odoo-mcp/config.toml`) when it
//!    exists. Its instances are listed in name order.
//! 2. `ODOO_INSTANCES_JSON` (path of a JSON file) or `ODOO_INSTANCES` (inline JSON): a JSON
//!    object of named instances, as other Odoo MCP servers use it. Keys: `url`,
//!    `db`/`database`, `apiKey`/`api_key`, `username`/`user`, `password`, `version`
//!    (`19` or `"18.0"`), `protocol`, `timeout_ms`/`timeout_seconds`, `max_retries`, and the
//!    policy keys below (snake_case or camelCase). Other keys are errors, as in the file. An
//!    entry whose name is also in the file replaces the file's keys it sets.
//! 3. Single-instance variables: `ODOO_URL`, `ODOO_DB`, `ODOO_API_KEY` (or
//!    `ODOO_API_KEY_FILE`), `ODOO_USERNAME` (or `ODOO_USER`), `ODOO_PASSWORD` (or
//!    `ODOO_PASSWORD_FILE`), `ODOO_VERSION`, `ODOO_PROTOCOL`, `ODOO_TIMEOUT` (seconds),
//!    `ODOO_ALLOW_INSECURE_HTTP`, `ODOO_MAX_RESPONSE_BYTES`, `ODOO_CA_FILE`, and the
//!    comma-separated `ODOO_ALLOWED_MODELS`, `ODOO_DENIED_MODELS`, `ODOO_ALLOWED_METHODS`. With
//!    no instance configured otherwise, they define the instance `default`; otherwise they
//!    fill in the keys an instance leaves unset (e.g. the API key for a file that holds none).
//! 4. `ODOO_READ_ONLY` / `ODOO_MCP_READ_ONLY`: `true` makes every instance read-only whatever
//!    the file says; `false` enables writes on instances that do not set `read_only`.
//!
//! # The TOML file
//! ```toml
//! default_instance = "prod"          # required when there are several instances
//!
//! [server]                           # for `serve --transport http`
//! listen = "127.0.0.1:8787"          # default; --listen overrides
//! stateless = false                  # true: no sessions (replicas behind a load balancer)
//! max_body_bytes = 4194304           # request body / stdio line limit (default 4 MiB)
//! allowed_origins = []               # browser Origins allowed (default: localhost, any port)
//! allowed_hosts = []                 # Host header values allowed (default: loopback names)
//! tools = "read"                     # "minimal" | "read" | "write" | "all" (default: read, plus
//!                                    # the write tools where an instance allows writes)
//! tools_include = ["get_report"]     # globs of tools added to the profile
//! tools_exclude = ["call_method"]    # globs of tools never offered
//! output_schemas = false             # true: tools declare an outputSchema
//! export_max_records = 10000         # records one export_records call exports at most
//!
//! [server.oauth]                     # optional: OAuth 2.1 access tokens (docs/oauth.md)
//! issuer = "https://login.example.com/realms/acme"
//! audience = "https://mcp.example.com/mcp"   # this server's URL; tokens' `aud` must hold it
//!
//! [instances.prod]
//! url = "https://odoo.example.com"
//! database = "prod"
//! username = "bot@example.com"       # needed for JSON-RPC (Odoo ≤ 18) and passwords
//! api_key_file = "/run/secrets/odoo" # or api_key = "…"; or password / password_file
//! version = 19                       # optional: skips version detection
//! protocol = "auto"                  # "auto" | "json2" | "jsonrpc"
//! timeout_seconds = 30
//! max_retries = 2                    # idempotent reads only
//! allow_insecure_http = false        # true: allow http:// to another machine (credentials in clear)
//! max_response_bytes = 67108864      # largest answer read from Odoo (default 64 MiB)
//! ca_file = "/etc/ssl/internal-ca.pem"  # extra CA certificates for a private CA
//! # policy
//! read_only = true                   # default: no create/update/delete/call_method
//! allowed_models = ["res.partner", "sale.*"]   # globs; default [] = every model
//! denied_models = ["hr.*"]           # globs, win over allowed_models
//! allowed_methods = ["sale.order:action_confirm", "*:message_post"]  # "method" or "model:method"
//! max_records = 200                  # hard cap per call
//! default_limit = 20                 # rows when the caller gives no limit
//! # context defaults (each tool call may give its own)
//! company_id = 1                     # act as this company (allowed_company_ids)
//! lang = "fr_FR"                     # language of labels and translated values
//! tz = "Europe/Paris"                # time zone
//! ```
//! Relative `*_file` paths are relative to the config file. Secret files are read once and
//! trimmed. Unknown keys are errors naming the table and the known keys.

mod clients;
mod env;
mod error;
#[cfg(test)]
mod fuzz;
mod keys;
mod raw;
mod server_auth;
mod server_oauth;
mod tools;
mod validate;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

pub use clients::{ClientConfig, ClientLogin};
pub use env::Env;
pub use error::{ConfigError, UnknownKeyAt};
pub use server_auth::{AuthConfig, DEFAULT_CLIENT, MIN_TOKEN_CHARS, TokenDigest};
pub use server_oauth::{
    DEFAULT_ALGORITHMS, DEFAULT_JWKS_CACHE_SECONDS, DEFAULT_SCOPE_READ, DEFAULT_SCOPE_WRITE,
    IntrospectionConfig, OAuthConfig,
};
pub(crate) use server_oauth::{check_endpoint, is_scope_token};
pub use tools::{ToolProfile, ToolSelection};

use crate::policy::{Policy, PolicySource};

/// Default `[server] listen`.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8787";
/// Default `[server] max_body_bytes` (4 MiB).
pub const DEFAULT_MAX_BODY_BYTES: usize = 4 * 1024 * 1024;
/// Default `[server] max_sessions`.
pub const DEFAULT_MAX_SESSIONS: usize = 1000;
/// Default `[server] max_sessions_per_client`: this share of `max_sessions` (a quarter).
pub const DEFAULT_SESSIONS_PER_CLIENT_DIVISOR: usize = 4;
/// Default `[server] session_idle_seconds` (5 minutes).
pub const DEFAULT_SESSION_IDLE_SECONDS: u64 = 300;
/// Default `[server] max_connections`.
pub const DEFAULT_MAX_CONNECTIONS: usize = 512;
/// Default `[server] shutdown_grace_seconds`: calls in flight get this long to finish after
/// SIGTERM (Kubernetes' `terminationGracePeriodSeconds` must be longer).
pub const DEFAULT_SHUTDOWN_GRACE_SECONDS: u64 = 20;
/// Default `[server] export_max_records`.
pub const DEFAULT_EXPORT_MAX_RECORDS: u64 = 10_000;
/// Default `timeout_seconds`.
pub const DEFAULT_TIMEOUT_SECONDS: u64 = 30;

/// The validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The instance used when a tool names none.
    pub default_instance: String,
    /// HTTP transport settings.
    pub server: ServerConfig,
    /// The instances, in name order (file) then in the order of the environment.
    pub instances: Vec<InstanceConfig>,
    /// The config file that was read, if any.
    pub file: Option<PathBuf>,
    /// Things worth a warning (ignored keys or variables), to log at startup.
    pub warnings: Vec<String>,
}

/// `[server]`: the HTTP transport.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Address to listen on (default `127.0.0.1:8787`).
    pub listen: SocketAddr,
    /// Serve without sessions (default false).
    pub stateless: bool,
    /// Request body limit in bytes, and the longest stdio line (default 4 MiB).
    pub max_body_bytes: usize,
    /// Browser origins allowed to call the server (empty: `http(s)://localhost`,
    /// `127.0.0.1` and `[::1]` on any port).
    pub allowed_origins: Vec<String>,
    /// Host header values accepted (empty: loopback names only).
    pub allowed_hosts: Vec<String>,
    /// Bearer-token authentication of `/mcp` (`MCP_AUTH_TOKEN`, `MCP_AUTH_TOKEN_FILE`,
    /// `[server.clients.<name>]`).
    pub auth: AuthConfig,
    /// Live MCP sessions at most; a new one beyond gets HTTP 503 (default 1000).
    pub max_sessions: usize,
    /// Live MCP sessions one authenticated client may hold; a new one beyond gets HTTP 429
    /// (default a quarter of `max_sessions`, 250).
    pub max_sessions_per_client: usize,
    /// A session without requests for this long is closed (default 300 s).
    pub session_idle: Duration,
    /// Open TCP connections at most; further ones wait to be accepted (default 512).
    pub max_connections: usize,
    /// Which tools `tools/list` offers (`tools`, `tools_include`, `tools_exclude`,
    /// `output_schemas`).
    pub tools: ToolSelection,
    /// Records one `export_records` call exports at most (default 10 000).
    pub export_max_records: u64,
    /// After SIGTERM/SIGINT, how long calls in flight may take to finish (default 20 s).
    pub shutdown_grace: Duration,
    /// The audit log (`[server.audit]`; default off).
    pub audit: AuditConfig,
    /// Rate, concurrency and time limits.
    pub limits: Limits,
}

/// Default `[server] rate_limit_per_minute` (per client).
pub const DEFAULT_RATE_LIMIT_PER_MINUTE: u32 = 600;
/// Default `[server] rate_limit_burst`.
pub const DEFAULT_RATE_LIMIT_BURST: u32 = 60;
/// Default `[server] max_concurrent_calls`.
pub const DEFAULT_MAX_CONCURRENT_CALLS: usize = 64;
/// Default `[server] max_concurrent_calls_per_client`.
pub const DEFAULT_MAX_CONCURRENT_CALLS_PER_CLIENT: usize = 16;
/// Default `[server] tool_timeout_seconds`.
pub const DEFAULT_TOOL_TIMEOUT_SECONDS: u64 = 120;
/// Default `[server] header_timeout_seconds`.
pub const DEFAULT_HEADER_TIMEOUT_SECONDS: u64 = 10;

/// Rate, concurrency and time limits of the server (per-client overrides are on
/// [`ClientConfig`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// HTTP requests per minute per client, refill rate of its token bucket (0: no limit).
    pub rate_per_minute: u32,
    /// Requests a client may send at once before the rate applies (bucket size).
    pub rate_burst: u32,
    /// Tool calls running at once, all clients together; more wait their turn.
    pub max_calls: usize,
    /// Tool calls running at once per client; more wait their turn.
    pub max_calls_per_client: usize,
    /// A tool call (waiting for its turn included) is abandoned after this long.
    pub tool_timeout: Duration,
    /// A connection that has not sent a request's headers within this long is closed
    /// (slow-loris; also closes idle keep-alive connections).
    pub header_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            rate_per_minute: DEFAULT_RATE_LIMIT_PER_MINUTE,
            rate_burst: DEFAULT_RATE_LIMIT_BURST,
            max_calls: DEFAULT_MAX_CONCURRENT_CALLS,
            max_calls_per_client: DEFAULT_MAX_CONCURRENT_CALLS_PER_CLIENT,
            tool_timeout: Duration::from_secs(DEFAULT_TOOL_TIMEOUT_SECONDS),
            header_timeout: Duration::from_secs(DEFAULT_HEADER_TIMEOUT_SECONDS),
        }
    }
}

/// `[server.audit]`: where audit lines go and whether they carry field values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditConfig {
    /// Where the lines go (default: nowhere).
    pub sink: AuditSink,
    /// Whether lines carry the calls' field values, secret fields removed (default false).
    pub values: bool,
}

/// Where audit lines go.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum AuditSink {
    /// No audit log.
    #[default]
    Off,
    /// Standard error, mixed with the logs.
    Stderr,
    /// A file, appended to.
    File(PathBuf),
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8787)),
            stateless: false,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            allowed_origins: Vec::new(),
            allowed_hosts: Vec::new(),
            auth: AuthConfig::default(),
            max_sessions: DEFAULT_MAX_SESSIONS,
            max_sessions_per_client: DEFAULT_MAX_SESSIONS / DEFAULT_SESSIONS_PER_CLIENT_DIVISOR,
            session_idle: Duration::from_secs(DEFAULT_SESSION_IDLE_SECONDS),
            max_connections: DEFAULT_MAX_CONNECTIONS,
            shutdown_grace: Duration::from_secs(DEFAULT_SHUTDOWN_GRACE_SECONDS),
            audit: AuditConfig::default(),
            limits: Limits::default(),
            tools: ToolSelection::default(),
            export_max_records: DEFAULT_EXPORT_MAX_RECORDS,
        }
    }
}

/// One instance's connection settings and policy. `Debug` never shows the secrets.
#[derive(Debug, Clone)]
pub struct InstanceConfig {
    /// The instance name.
    pub name: String,
    /// The connection settings, validated by the client that owns their rules.
    pub client: odoo_client::ClientConfig,
    /// The company, language and time zone calls use unless a tool call gives its own
    /// (`company_id`, `lang`, `tz`).
    pub context: crate::context::CallContext,
    /// What the tools may do.
    pub policy: Policy,
    /// Where it was configured.
    pub source: PolicySource,
}

impl InstanceConfig {
    /// Builds the instance's client (no request is sent).
    pub fn build_client(&self) -> Result<odoo_client::Client, odoo_client::Error> {
        self.client.build()
    }
}

impl Config {
    /// Loads the configuration: the file (`explicit`, else `ODOO_MCP_CONFIG`, else the user's
    /// config dir when it exists), then the environment overlay, then validation.
    pub fn load(explicit: Option<&std::path::Path>, env: &Env) -> Result<Config, ConfigError> {
        validate::load(explicit, env)
    }

    /// The instance called `name`.
    pub fn instance(&self, name: &str) -> Option<&InstanceConfig> {
        self.instances.iter().find(|i| i.name == name)
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod doc_tests {
    //! docs/configuration.md lists every key of the raw shapes and every `ODOO_*` variable.

    const DOC: &str = include_str!("../../../../docs/configuration.md");
    const SOURCES: &[&str] = &[
        include_str!("raw.rs"),
        include_str!("env.rs"),
        include_str!("validate.rs"),
        include_str!("tools.rs"),
    ];

    #[test]
    fn every_key_and_variable_is_documented() {
        let mut missing = Vec::new();
        for line in include_str!("raw.rs").lines() {
            let Some(rest) = line.trim().strip_prefix("pub(crate) ") else {
                continue;
            };
            let Some((key, _)) = rest.split_once(": ") else {
                continue;
            };
            let is_field = key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
            if is_field && key != "extra" && !DOC.contains(&format!("`{key}`")) {
                missing.push(key.to_owned());
            }
        }
        for source in SOURCES {
            for part in source.split('"').skip(1).step_by(2) {
                if part.starts_with("ODOO_")
                    && part.bytes().all(|b| b.is_ascii_uppercase() || b == b'_')
                    && !DOC.contains(&format!("`{part}`"))
                {
                    missing.push(part.to_owned());
                }
            }
        }
        assert!(
            missing.is_empty(),
            "docs/configuration.md lacks: {missing:?}"
        );
    }
}
