//! What each Odoo version offers, in one table, and what the client found on the server.
//!
//! TODO(client helper): the version table (14..=20+) with per-version capabilities.

/// The wire protocol in use for an instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Protocol {
    /// `POST /json/2/<model>/<method>` with a bearer API key (Odoo 19+).
    Json2,
    /// `POST /jsonrpc` with `object.execute_kw` (Odoo 14–18, and 19+ with a password).
    JsonRpc,
}

/// A server version as reported by `/web/version` or `common.version`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerVersion {
    /// Major version, e.g. 19.
    pub major: u32,
    /// Minor version, e.g. 0.
    pub minor: u32,
    /// The version string, e.g. `"19.0"` or `"saas~18.3"`.
    pub text: String,
}

/// What the client found out about an instance when it first connected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerInfo {
    /// The server's version.
    pub version: ServerVersion,
    /// The protocol the client uses with it.
    pub protocol: Protocol,
    /// The database, when one is configured.
    pub database: Option<String>,
    /// The authenticated user's id, when known (JSON-RPC always; JSON-2 after the first
    /// call that reports it).
    pub uid: Option<i64>,
}
