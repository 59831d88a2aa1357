//! The client builder: URL, database, credentials, timeouts, protocol choice. It validates
//! everything at [`ClientBuilder::build`] and sends nothing.

use std::time::Duration;

use crate::error::ErrorKind;
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
    url: Result<String, String>,
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
}

impl Settings {
    /// The secret sent as the JSON-RPC password: the password, else the API key.
    pub(crate) fn rpc_secret(&self) -> Option<&Secret> {
        self.password.as_ref().or(self.api_key.as_ref())
    }
}

impl ClientBuilder {
    /// Starts a builder for the instance at `url` (`localhost:8069` means `http://localhost:8069`).
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: normalize_url(&url.into()),
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
    /// Validates the options and builds the client (no request is sent).
    pub fn build(self) -> Result<Client, Error> {
        Client::from_settings(self.validate()?)
    }

    /// Checks the options; the error names the faulty or missing option.
    pub(crate) fn validate(self) -> Result<Settings, Error> {
        let invalid = |msg: String| Error::new(ErrorKind::InvalidInput, msg);
        let url = self.url.map_err(invalid)?;
        if let Some(db) = &self.database {
            check_database(db).map_err(invalid)?;
        }
        if let Some(key) = &self.api_key {
            check_api_key(key).map_err(invalid)?;
        }
        if self.login.as_deref().is_some_and(|l| l.trim().is_empty()) {
            return Err(invalid("the login option is empty".into()));
        }
        if self.password.is_some() && self.login.is_none() {
            return Err(invalid("a password needs the login option too".into()));
        }
        if self.api_key.is_none() && self.password.is_none() {
            return Err(invalid(
                "no credentials: set the api_key option (or login and password)".into(),
            ));
        }
        if self.timeout.is_zero() || self.connect_timeout.is_zero() {
            return Err(invalid(
                "the timeout and connect_timeout options must not be zero".into(),
            ));
        }
        let json2_possible = self.assume_version.is_none_or(|v| capabilities(v).json2);
        if self.protocol == ProtocolChoice::Json2 {
            if self.api_key.is_none() {
                return Err(invalid(
                    "the JSON-2 protocol needs the api_key option".into(),
                ));
            }
            if !json2_possible {
                return Err(invalid(
                    "the JSON-2 protocol needs Odoo 19 or later (see the assume_version option)"
                        .into(),
                ));
            }
        }
        let jsonrpc_certain = self.protocol == ProtocolChoice::JsonRpc
            || (self.protocol == ProtocolChoice::Auto
                && (self.api_key.is_none() || !json2_possible));
        if jsonrpc_certain {
            if self.login.is_none() {
                return Err(invalid("JSON-RPC needs the login option".into()));
            }
            if self.database.is_none() {
                return Err(invalid("JSON-RPC needs the database option".into()));
            }
        }
        Ok(Settings {
            url,
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
        })
    }
}

/// Normalises a base URL: adds `http://` when no scheme is given, refuses other schemes,
/// credentials, queries and fragments, and strips the trailing `/`. The error never quotes
/// the URL (it may contain a password).
pub(crate) fn normalize_url(raw: &str) -> Result<String, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err("the URL is empty".into());
    }
    let with_scheme = if raw.contains("://") {
        raw.to_owned()
    } else {
        format!("http://{raw}")
    };
    let url = url::Url::parse(&with_scheme).map_err(|e| format!("the URL is invalid: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "the URL scheme {:?} is not supported (use http or https)",
            url.scheme()
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(
            "the URL must not contain credentials (use the api_key, login and password options)"
                .into(),
        );
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("the URL must not have a query or fragment".into());
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("the URL has no host".into());
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// Database names as Odoo allows them.
fn check_database(db: &str) -> Result<(), String> {
    let ok = !db.is_empty()
        && db.len() <= 63
        && db
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "the database option {db:?} is invalid (letters, digits, '_', '-' and '.', at most 63)"
        ))
    }
}

/// An API key must fit in a header (the error never quotes it).
fn check_api_key(key: &Secret) -> Result<(), String> {
    let k = key.expose();
    if k.is_empty() {
        return Err("the api_key option is empty".into());
    }
    if !k.bytes().all(|b| b.is_ascii_graphic()) {
        return Err("the api_key option contains spaces or characters that cannot be sent".into());
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Validated settings for `http://localhost:8069` with these options.
    pub(crate) fn settings(f: impl FnOnce(ClientBuilder) -> ClientBuilder) -> Settings {
        f(ClientBuilder::new("localhost:8069")).validate().unwrap()
    }

    fn refused(b: ClientBuilder) -> String {
        let e = b.validate().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        e.to_string()
    }

    #[test]
    fn urls_are_normalised() {
        let cases = [
            ("localhost:8069", "http://localhost:8069"),
            ("http://localhost:8069/", "http://localhost:8069"),
            ("https://Odoo.Example.com", "https://odoo.example.com"),
            (
                "  https://odoo.example.com/odoo/  ",
                "https://odoo.example.com/odoo",
            ),
            ("127.0.0.1:8069", "http://127.0.0.1:8069"),
        ];
        for (raw, want) in cases {
            assert_eq!(normalize_url(raw).as_deref(), Ok(want), "{raw}");
        }
    }

    #[test]
    fn bad_urls_are_refused_without_quoting_credentials() {
        for raw in [
            "ftp://host",
            "file:///etc/passwd",
            "",
            "http://",
            "http://h/?db=x",
            "http://h/#x",
        ] {
            assert!(normalize_url(raw).is_err(), "{raw}");
        }
        let e = normalize_url("https://admin:hunter2@odoo.example.com").unwrap_err();
        assert!(!e.contains("hunter2") && e.contains("credentials"), "{e}");
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
