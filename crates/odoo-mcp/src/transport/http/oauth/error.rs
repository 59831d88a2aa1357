//! Why an access token was not accepted. The log gets the detail (never the token); the
//! client gets HTTP 401 `invalid_token` with [`OAuthError::description`], a fixed phrase.

/// A refused access token.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum OAuthError {
    /// Longer than [`super::MAX_TOKEN_BYTES`].
    #[error("the token is {0} bytes, over the limit")]
    TooLarge(usize),
    /// Not a JWT, and no introspection endpoint for opaque tokens.
    #[error("the token is not a readable JWT: {0}")]
    Malformed(String),
    /// Shaped like a JWT, but its header cannot be read (or names no known algorithm).
    #[error("the token is not a readable JWT: {0}")]
    Header(#[source] jsonwebtoken::errors::Error),
    /// The header's `alg` is not in `algorithms` (`none` and HS* never are).
    #[error("the token's algorithm {0:?} is not accepted")]
    Algorithm(jsonwebtoken::Algorithm),
    /// No key of the issuer fits the token's `kid` and `alg`, even after a refetch.
    #[error("no signing key of the issuer matches the token (kid {kid:?})")]
    UnknownKey {
        /// The header's `kid`.
        kid: Option<String>,
    },
    /// The issuer's keys (or its introspection endpoint) could not be fetched: fail closed.
    #[error("the authorization server is unavailable: {0}")]
    Unavailable(#[source] FetchError),
    /// The signature or a claim check failed (`exp`, `nbf`, `iss`, `aud`, …).
    #[error("the token was refused: {0}")]
    Rejected(#[source] jsonwebtoken::errors::Error),
    /// Introspection said the token is not active, or its claims do not fit.
    #[error("introspection refused the token: {0}")]
    Inactive(&'static str),
}

impl OAuthError {
    /// The `error_description` a client sees: what to do, nothing about our configuration.
    pub(crate) fn description(&self) -> &'static str {
        use jsonwebtoken::errors::ErrorKind;
        match self {
            Self::TooLarge(_) => "the token is too large",
            Self::Malformed(_) | Self::Header(_) | Self::Algorithm(_) | Self::UnknownKey { .. } => {
                "the token is not accepted; obtain one from the authorization server"
            }
            Self::Unavailable(_) => "the token cannot be checked now; try again later",
            Self::Rejected(e) => match e.kind() {
                ErrorKind::ExpiredSignature => "the token expired",
                ErrorKind::ImmatureSignature => "the token is not valid yet",
                ErrorKind::InvalidAudience => "the token is for another resource (aud)",
                ErrorKind::InvalidIssuer => "the token is from another issuer (iss)",
                _ => "the token is not accepted; obtain one from the authorization server",
            },
            Self::Inactive(_) => "the token is not active",
        }
    }
}

/// Fetching a document from the authorization server failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum FetchError {
    /// No HTTP client could be built at start (logged then).
    #[error("no HTTP client")]
    NoClient,
    /// Connection, TLS or timeout.
    #[error("request to {url} failed: {source}")]
    Request {
        /// The URL.
        url: String,
        /// Why.
        #[source]
        source: reqwest::Error,
    },
    /// A status other than 200.
    #[error("{url} answered HTTP {status}")]
    Status {
        /// The URL.
        url: String,
        /// The status.
        status: u16,
    },
    /// The answer was larger than allowed.
    #[error("{url} answered more than {limit} bytes")]
    TooLarge {
        /// The URL.
        url: String,
        /// The limit.
        limit: usize,
    },
    /// The answer is not the JSON expected.
    #[error("{url} answered JSON that does not fit: {source}")]
    Json {
        /// The URL.
        url: String,
        /// Why.
        #[source]
        source: serde_json::Error,
    },
    /// The document is not acceptable (wrong issuer, insecure URL, …).
    #[error("{url}: {message}")]
    Invalid {
        /// The URL.
        url: String,
        /// What is wrong.
        message: String,
    },
}
