//! The client builder: URL, database, credentials, timeouts, protocol choice. Its one checked
//! constructor, [`ClientBuilder::validate`], gives a [`ClientConfig`] or the typed
//! [`ConfigError`] of the rule broken; nothing is sent.

use std::path::PathBuf;
use std::time::Duration;

use crate::base_url;
use crate::config_error::{ClientOption, ConfigError, MAX_RESPONSE_BYTES_RANGE, UrlError};
use crate::request::Context;
use crate::secret::Secret;
use crate::version::capabilities;
use crate::{Client, Error};

/// The default timeout of a whole request.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The default timeout of connection establishment.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default number of retries of an idempotent read.
const DEFAULT_MAX_RETRIES: u32 = 2;
/// The default cap on the size of one answer from Odoo (64 MiB).
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 * 1024 * 1024;

/// Which protocol to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ProtocolChoice {
    /// JSON-2 when the server has it and an API key is configured, else JSON-RPC.
    #[default]
    Auto,
    /// Always JSON-2.
    Json2,
    /// Always JSON-RPC.
    JsonRpc,
}

/// Builds a [`Client`]. Every option has a safe default; errors surface at [`build`](Self::build).
///
/// Its `Debug` output never shows the API key or password.
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    /// The normalised URL, or why it is refused (never the URL itself: it may hold a password).
    url: Result<base_url::BaseUrl, UrlError>,
    allow_insecure_http: bool,
    max_response_bytes: usize,
    ca_file: Option<PathBuf>,
    database: Option<String>,
    api_key: Option<Secret>,
    login: Option<String>,
    password: Option<Secret>,
    protocol: ProtocolChoice,
    assume_version: Option<u32>,
    timeout: Duration,
    connect_timeout: Duration,
    max_retries: u32,
    context: Context,
}

/// A client configuration that passed every rule: made only by [`ClientBuilder::validate`].
/// `Debug` never shows the API key or password.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    settings: Settings,
    /// The options it was made from, to derive another configuration (e.g. another user's).
    builder: ClientBuilder,
}

impl ClientConfig {
    /// Builds a client with this configuration (reads `ca_file`; no request is sent).
    pub fn build(&self) -> Result<Client, Error> {
        Client::from_settings(self.settings.clone())
    }
    /// A builder holding these options, to change some and validate again.
    pub fn to_builder(&self) -> ClientBuilder {
        self.builder.clone()
    }
    /// The normalised base URL (`https://mycompany.odoo.com`).
    pub fn url(&self) -> &str {
        &self.settings.url
    }
    /// The database, when set.
    pub fn database(&self) -> Option<&str> {
        self.settings.database.as_deref()
    }
    /// The login, when set.
    pub fn login(&self) -> Option<&str> {
        self.settings.login.as_deref()
    }
    /// Whether an API key is set.
    pub fn has_api_key(&self) -> bool {
        self.settings.api_key.is_some()
    }
    /// The API key, when set (its `Debug` and `Display` are redacted).
    pub fn api_key(&self) -> Option<&Secret> {
        self.settings.api_key.as_ref()
    }
    /// The password, when set (its `Debug` and `Display` are redacted).
    pub fn password(&self) -> Option<&Secret> {
        self.settings.password.as_ref()
    }
    /// The major version assumed instead of detected, when set.
    pub fn assume_version(&self) -> Option<u32> {
        self.settings.assume_version
    }
    /// The protocol choice.
    pub fn protocol(&self) -> ProtocolChoice {
        self.settings.protocol
    }
    /// The timeout of a whole request.
    pub fn timeout(&self) -> Duration {
        self.settings.timeout
    }
    /// How many times an idempotent read is retried.
    pub fn max_retries(&self) -> u32 {
        self.settings.max_retries
    }
    /// The largest answer accepted, in bytes.
    pub fn max_response_bytes(&self) -> usize {
        self.settings.max_response_bytes
    }
    /// The context sent with every call.
    pub fn context(&self) -> &Context {
        &self.settings.context
    }
}

/// A validated configuration, as the client uses it.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub(crate) url: String,
    pub(crate) database: Option<String>,
    pub(crate) api_key: Option<Secret>,
    pub(crate) login: Option<String>,
    pub(crate) password: Option<Secret>,
    pub(crate) protocol: ProtocolChoice,
    pub(crate) assume_version: Option<u32>,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) max_retries: u32,
    pub(crate) context: Context,
    pub(crate) max_response_bytes: usize,
    pub(crate) ca_file: Option<PathBuf>,
}

impl Settings {
    /// The secret sent as the JSON-RPC password: the password, else the API key.
    pub(crate) fn rpc_secret(&self) -> Option<&Secret> {
        self.password.as_ref().or(self.api_key.as_ref())
    }
}

impl ClientBuilder {
    /// Starts a builder for the instance at `url`. Without a scheme, `https://` is assumed
    /// (`http://` for `localhost` and loopback addresses): `mycompany.odoo.com` means
    /// `https://mycompany.odoo.com`, `localhost:8069` means `http://localhost:8069`.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: base_url::normalize(&url.into()),
            allow_insecure_http: false,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            ca_file: None,
            database: None,
            api_key: None,
            login: None,
            password: None,
            protocol: ProtocolChoice::Auto,
            assume_version: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            max_retries: DEFAULT_MAX_RETRIES,
            context: Context::new(),
        }
    }
    /// The database (sent as `X-Odoo-Database` on JSON-2, and in every JSON-RPC call).
    /// Default: none (JSON-2 then uses the server's only database; JSON-RPC needs one).
    pub fn database(mut self, db: impl Into<String>) -> Self {
        self.database = Some(db.into());
        self
    }
    /// Authenticate with an API key (JSON-2 bearer; as the password on JSON-RPC, which then
    /// needs a login too). Default: none.
    pub fn api_key(mut self, key: impl Into<Secret>) -> Self {
        self.api_key = Some(key.into());
        self
    }
    /// The login (user name) for JSON-RPC. Default: none.
    pub fn login(mut self, login: impl Into<String>) -> Self {
        self.login = Some(login.into());
        self
    }
    /// Authenticate with a password (JSON-RPC only). Default: none.
    pub fn password(mut self, password: impl Into<Secret>) -> Self {
        self.password = Some(password.into());
        self
    }
    /// Force or auto-detect the protocol (default: auto).
    pub fn protocol(mut self, choice: ProtocolChoice) -> Self {
        self.protocol = choice;
        self
    }
    /// Skip version detection and assume this major version. Default: detect.
    pub fn assume_version(mut self, major: u32) -> Self {
        self.assume_version = Some(major);
        self
    }
    /// Timeout of a whole request (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
    /// Timeout of connection establishment (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }
    /// How many times an idempotent read is retried (default 2).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }
    /// The context sent with every call (default: empty).
    pub fn context(mut self, context: Context) -> Self {
        self.context = context;
        self
    }
    /// Allow a plain `http://` URL to a host other than this machine (default: refused,
    /// because the API key or password would cross the network in clear).
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }
    /// The largest answer accepted from Odoo, in bytes (default 64 MiB); a larger one is
    /// refused with [`ErrorKind::ResponseTooLarge`] without being read further.
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = bytes;
        self
    }
    /// A PEM file of extra certificate authorities trusted for HTTPS, for an Odoo behind a
    /// private CA (default: the built-in roots only). Read at [`build`](Self::build).
    pub fn ca_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.ca_file = Some(path.into());
        self
    }
    /// Forgets the login, API key and password set so far (to give another user's).
    pub fn clear_credentials(mut self) -> Self {
        self.login = None;
        self.api_key = None;
        self.password = None;
        self
    }
    /// Validates the options and builds the client (no request is sent).
    pub fn build(self) -> Result<Client, Error> {
        self.validate()?.build()
    }

    /// Checks the options: the one place the rules of a client configuration live. The
    /// error is the rule broken, naming the faulty or missing option.
    pub fn validate(self) -> Result<ClientConfig, ConfigError> {
        let builder = self.clone();
        let url = self.url?;
        if url.insecure_remote && !self.allow_insecure_http {
            let https = url.text.replacen("http://", "https://", 1);
            return Err(ConfigError::InsecureHttp { https });
        }
        if !MAX_RESPONSE_BYTES_RANGE.contains(&self.max_response_bytes) {
            return Err(ConfigError::MaxResponseBytes(self.max_response_bytes));
        }
        if let Some(db) = &self.database {
            check_database(db)?;
        }
        if let Some(key) = &self.api_key {
            check_api_key(key)?;
        }
        if self.login.as_deref().is_some_and(|l| l.trim().is_empty()) {
            return Err(ConfigError::EmptyLogin);
        }
        if self.api_key.is_none() && self.password.is_none() {
            return Err(ConfigError::NoCredentials);
        }
        if self.password.is_some() && self.login.is_none() {
            return Err(ConfigError::PasswordWithoutLogin);
        }
        if self.timeout.is_zero() {
            return Err(ConfigError::ZeroTimeout(ClientOption::Timeout));
        }
        if self.connect_timeout.is_zero() {
            return Err(ConfigError::ZeroTimeout(ClientOption::ConnectTimeout));
        }
        let json2_possible = self.assume_version.is_none_or(|v| capabilities(v).json2);
        if self.protocol == ProtocolChoice::Json2 {
            if self.api_key.is_none() {
                return Err(ConfigError::Json2NeedsApiKey);
            }
            if !json2_possible {
                return Err(ConfigError::Json2NeedsOdoo19);
            }
        }
        let jsonrpc_certain = self.protocol == ProtocolChoice::JsonRpc
            || (self.protocol == ProtocolChoice::Auto
                && (self.api_key.is_none() || !json2_possible));
        if jsonrpc_certain {
            if self.login.is_none() {
                return Err(ConfigError::JsonRpcNeedsLogin);
            }
            if self.database.is_none() {
                return Err(ConfigError::JsonRpcNeedsDatabase);
            }
        }
        let settings = Settings {
            url: url.text,
            max_response_bytes: self.max_response_bytes,
            ca_file: self.ca_file,
            database: self.database,
            api_key: self.api_key,
            login: self.login,
            password: self.password,
            protocol: self.protocol,
            assume_version: self.assume_version,
            timeout: self.timeout,
            connect_timeout: self.connect_timeout,
            max_retries: self.max_retries,
            context: self.context,
        };
        Ok(ClientConfig { settings, builder })
    }
}

/// Database names as Odoo allows them.
fn check_database(db: &str) -> Result<(), ConfigError> {
    let ok = !db.is_empty()
        && db.len() <= 63
        && db
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
    if ok {
        Ok(())
    } else {
        Err(ConfigError::Database {
            name: db.chars().take(100).collect(),
        })
    }
}

/// An API key must fit in a header (the error never quotes it).
fn check_api_key(key: &Secret) -> Result<(), ConfigError> {
    let k = key.expose();
    if k.is_empty() {
        return Err(ConfigError::EmptyApiKey);
    }
    if !k.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ConfigError::UnsendableApiKey);
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::error::ErrorKind;

    /// Validated settings for `http://localhost:8069` with these options.
    pub(crate) fn settings(f: impl FnOnce(ClientBuilder) -> ClientBuilder) -> Settings {
        f(ClientBuilder::new("localhost:8069"))
            .validate()
            .unwrap()
            .settings
    }

    fn refused(b: ClientBuilder) -> String {
        let e = Error::from(b.validate().unwrap_err());
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        e.to_string()
    }

    #[test]
    fn credentials_never_go_in_clear_to_another_machine() {
        let e = refused(ClientBuilder::new("http://odoo.example.com").api_key("k"));
        assert!(
            e.contains("in clear") && e.contains("use https://odoo.example.com"),
            "{e}"
        );
        assert!(
            ClientBuilder::new("http://odoo.example.com")
                .api_key("k")
                .allow_insecure_http(true)
                .validate()
                .is_ok()
        );
        let s = settings(|b| b.api_key("k"));
        assert_eq!(s.url, "http://localhost:8069");
        let s = ClientBuilder::new("odoo.example.com")
            .api_key("k")
            .validate()
            .unwrap();
        assert_eq!(s.url(), "https://odoo.example.com");
    }

    #[test]
    fn urls_with_credentials_are_refused_without_quoting_them() {
        let b = ClientBuilder::new("https://admin:hunter2@odoo.example.com").api_key("k");
        assert!(!format!("{b:?}").contains("hunter2"));
        assert!(refused(b).contains("credentials"));
    }

    #[test]
    fn defaults_are_the_documented_ones() {
        let s = settings(|b| b.api_key("k"));
        assert_eq!(s.url, "http://localhost:8069");
        assert_eq!(s.timeout, Duration::from_secs(30));
        assert_eq!(s.connect_timeout, Duration::from_secs(10));
        assert_eq!(s.max_retries, 2);
        assert_eq!(s.max_response_bytes, 64 * 1024 * 1024);
        assert_eq!(s.protocol, ProtocolChoice::Auto);
        assert!(s.context.is_empty());
    }

    #[test]
    fn build_names_the_missing_option() {
        let b = || ClientBuilder::new("localhost:8069");
        assert!(refused(b()).contains("api_key"));
        assert!(refused(b().password("p")).contains("login"));
        assert!(refused(b().login("admin").password("p")).contains("database"));
        assert!(refused(b().api_key("k").protocol(ProtocolChoice::JsonRpc)).contains("login"));
        assert!(refused(b().api_key("k").assume_version(17)).contains("login"));
        assert!(
            refused(
                b().login("a")
                    .password("p")
                    .database("d")
                    .protocol(ProtocolChoice::Json2)
            )
            .contains("api_key")
        );
        assert!(
            refused(
                b().api_key("k")
                    .assume_version(18)
                    .protocol(ProtocolChoice::Json2)
            )
            .contains("19")
        );
        assert!(refused(b().api_key("k").database("bad db")).contains("database"));
        assert!(refused(b().api_key("k").timeout(Duration::ZERO)).contains("timeout"));
    }

    #[test]
    fn valid_combinations_build() {
        let b = || ClientBuilder::new("localhost:8069");
        assert!(b().api_key("k").build().is_ok());
        assert!(
            b().api_key("k")
                .database("demo")
                .login("admin")
                .build()
                .is_ok()
        );
        assert!(
            b().login("admin")
                .password("admin")
                .database("demo")
                .build()
                .is_ok()
        );
        assert!(
            b().login("admin")
                .api_key("k")
                .database("demo")
                .protocol(ProtocolChoice::JsonRpc)
                .build()
                .is_ok()
        );
    }

    #[test]
    fn api_key_errors_never_quote_it() {
        let e = ClientBuilder::new("localhost")
            .api_key("bad key\n")
            .validate()
            .unwrap_err();
        assert!(!e.to_string().contains("bad key"), "{e}");
    }

    #[test]
    fn debug_redacts_secrets() {
        let b = ClientBuilder::new("localhost")
            .api_key("sk-123456")
            .login("u")
            .password("pw-987654");
        let dbg = format!("{b:?}");
        assert!(
            !dbg.contains("sk-123456") && !dbg.contains("pw-987654"),
            "{dbg}"
        );
        assert!(dbg.contains("[redacted]"));
        let client = b.database("demo").build().unwrap();
        let dbg = format!("{client:?}");
        assert!(
            !dbg.contains("sk-123456") && !dbg.contains("pw-987654"),
            "{dbg}"
        );
    }
}
