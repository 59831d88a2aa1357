//! Why a client configuration is refused: one variant per rule, each naming the option at
//! fault, so that a program embedding the client can say it in its own words (its own key
//! names) while the rules themselves live only here. Messages never quote a secret.

use std::fmt;

/// An option of [`ClientBuilder`](crate::ClientBuilder), as errors name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ClientOption {
    /// The instance's address.
    Url,
    /// `allow_insecure_http`.
    AllowInsecureHttp,
    /// `database`.
    Database,
    /// `api_key`.
    ApiKey,
    /// `login`.
    Login,
    /// `password`.
    Password,
    /// `protocol`.
    Protocol,
    /// `assume_version`.
    AssumeVersion,
    /// `timeout`.
    Timeout,
    /// `connect_timeout`.
    ConnectTimeout,
    /// `max_response_bytes`.
    MaxResponseBytes,
}

impl ClientOption {
    /// The builder method's name (`api_key`, `login`, …).
    pub fn name(self) -> &'static str {
        match self {
            Self::Url => "url",
            Self::AllowInsecureHttp => "allow_insecure_http",
            Self::Database => "database",
            Self::ApiKey => "api_key",
            Self::Login => "login",
            Self::Password => "password",
            Self::Protocol => "protocol",
            Self::AssumeVersion => "assume_version",
            Self::Timeout => "timeout",
            Self::ConnectTimeout => "connect_timeout",
            Self::MaxResponseBytes => "max_response_bytes",
        }
    }
}

/// The accepted range of `max_response_bytes` (1 KiB to 1 GiB).
pub const MAX_RESPONSE_BYTES_RANGE: std::ops::RangeInclusive<usize> = 1024..=1024 * 1024 * 1024;

/// A base URL that cannot be used. `Display` says what to write instead and never quotes a
/// password written in the URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UrlError {
    /// Nothing was given.
    #[error("missing: the Odoo address, e.g. https://mycompany.odoo.com")]
    Empty,
    /// Not a URL.
    #[error("is not a valid URL: {0}")]
    Invalid(#[source] url::ParseError),
    /// A host name that is neither ASCII nor a valid international name. odoo-mcp's build reads
    /// host names in ASCII only (no Unicode tables: binary size, BENCHMARKS.md).
    #[error(
        "has a host name that is not plain ASCII: write an international name in its ASCII \
         (xn--) form, e.g. https://xn--bcher-kva.example for https://bücher.example"
    )]
    NonAsciiHost,
    /// Another scheme than `http`/`https`.
    #[error("the scheme {0:?} is not supported: use https://, or http:// for a local Odoo")]
    Scheme(String),
    /// `user:password@` in the URL.
    #[error("must not contain credentials")]
    Credentials,
    /// No host.
    #[error("has no host (e.g. https://mycompany.odoo.com)")]
    NoHost,
    /// A web-client page, query or fragment: `what` says which, `origin` is the address to use.
    #[error("looks copied from the browser ({what}): use only the address of the server, {origin}")]
    Browser {
        /// What gave it away (`the path "/odoo" of Odoo's web client`, `a #fragment`, …).
        what: String,
        /// The server's address.
        origin: String,
    },
}

/// A client configuration that is refused: each variant is one rule. [`Self::option`] is the
/// option at fault; [`Self::describe`] words the problem with the caller's names for options.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The URL is refused.
    #[error("the url option: {}", self.describe(default_name))]
    Url(#[from] UrlError),
    /// Plain `http://` to another machine without `allow_insecure_http`.
    #[error("the url option: {}", self.describe(default_name))]
    InsecureHttp {
        /// The same URL over HTTPS.
        https: String,
    },
    /// A database name Odoo would not accept.
    #[error("the database option: {}", self.describe(default_name))]
    Database {
        /// The name, at most 100 characters of it.
        name: String,
    },
    /// An empty API key.
    #[error("the api_key option: {}", self.describe(default_name))]
    EmptyApiKey,
    /// An API key that cannot be sent in a header.
    #[error("the api_key option: {}", self.describe(default_name))]
    UnsendableApiKey,
    /// An empty login.
    #[error("the login option: {}", self.describe(default_name))]
    EmptyLogin,
    /// A password without the login it belongs to.
    #[error("the login option: {}", self.describe(default_name))]
    PasswordWithoutLogin,
    /// Neither an API key nor a password.
    #[error("the api_key option: {}", self.describe(default_name))]
    NoCredentials,
    /// A zero timeout (`Timeout` or `ConnectTimeout`).
    #[error("the {} option: {}", .0.name(), self.describe(default_name))]
    ZeroTimeout(ClientOption),
    /// `max_response_bytes` out of [`MAX_RESPONSE_BYTES_RANGE`].
    #[error("the max_response_bytes option: {}", self.describe(default_name))]
    MaxResponseBytes(usize),
    /// JSON-2 forced without an API key.
    #[error("the protocol option: {}", self.describe(default_name))]
    Json2NeedsApiKey,
    /// JSON-2 forced with an assumed version before 19.
    #[error("the protocol option: {}", self.describe(default_name))]
    Json2NeedsOdoo19,
    /// JSON-RPC is certain (forced, an old version, or no API key) and no login is set.
    #[error("the login option: {}", self.describe(default_name))]
    JsonRpcNeedsLogin,
    /// JSON-RPC is certain and no database is set.
    #[error("the database option: {}", self.describe(default_name))]
    JsonRpcNeedsDatabase,
}

fn default_name(option: ClientOption) -> String {
    option.name().to_owned()
}

impl ConfigError {
    /// The option at fault.
    pub fn option(&self) -> ClientOption {
        match self {
            Self::Url(_) | Self::InsecureHttp { .. } => ClientOption::Url,
            Self::Database { .. } | Self::JsonRpcNeedsDatabase => ClientOption::Database,
            Self::EmptyApiKey | Self::UnsendableApiKey | Self::NoCredentials => {
                ClientOption::ApiKey
            }
            Self::EmptyLogin | Self::PasswordWithoutLogin | Self::JsonRpcNeedsLogin => {
                ClientOption::Login
            }
            Self::ZeroTimeout(option) => *option,
            Self::MaxResponseBytes(_) => ClientOption::MaxResponseBytes,
            Self::Json2NeedsApiKey | Self::Json2NeedsOdoo19 => ClientOption::Protocol,
        }
    }

    /// What is wrong and how to fix it, naming other options with `name` (e.g. a program's
    /// own configuration keys). The option at fault itself is not named: prefix it.
    pub fn describe(&self, name: impl Fn(ClientOption) -> String) -> String {
        use ClientOption as O;
        match self {
            Self::Url(UrlError::Credentials) => format!(
                "must not contain credentials: use {}, or {} with {}",
                name(O::ApiKey),
                name(O::Login),
                name(O::Password)
            ),
            Self::Url(e) => e.to_string(),
            Self::InsecureHttp { https } => format!(
                "uses plain http:// to another machine, so the credentials would be sent in \
                 clear: use {https}, or set {} if the network is trusted",
                name(O::AllowInsecureHttp)
            ),
            Self::Database { name } => {
                format!("{name:?} is invalid (letters, digits, '_', '-' and '.', at most 63)")
            }
            Self::EmptyApiKey | Self::EmptyLogin => "is empty".to_owned(),
            Self::UnsendableApiKey => {
                "contains spaces or characters that cannot be sent".to_owned()
            }
            Self::PasswordWithoutLogin => {
                "missing: a password needs the login it belongs to".to_owned()
            }
            Self::NoCredentials => format!(
                "missing credentials: set {}, or {} with {} (create an API key in Odoo: \
                 Preferences → Account Security → New API Key)",
                name(O::ApiKey),
                name(O::Login),
                name(O::Password)
            ),
            Self::ZeroTimeout(_) => "must not be zero".to_owned(),
            Self::MaxResponseBytes(n) => format!(
                "{n} is out of range {}..={}",
                MAX_RESPONSE_BYTES_RANGE.start(),
                MAX_RESPONSE_BYTES_RANGE.end()
            ),
            Self::Json2NeedsApiKey => format!("JSON-2 needs {}", name(O::ApiKey)),
            Self::Json2NeedsOdoo19 => format!(
                "JSON-2 needs Odoo 19 or later (see {})",
                name(O::AssumeVersion)
            ),
            Self::JsonRpcNeedsLogin => {
                "missing: JSON-RPC (Odoo 18 and earlier, or a password) logs in with a user \
                 name; set it to the login of the API key's user"
                    .to_owned()
            }
            Self::JsonRpcNeedsDatabase => {
                "missing: JSON-RPC (Odoo 18 and earlier, or a password) needs the database name"
                    .to_owned()
            }
        }
    }
}

impl fmt::Display for ClientOption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
