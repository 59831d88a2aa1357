//! [`SimConfig`]: what a simulator instance serves (version, data scale, database, API keys).

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};

/// The default admin API key (documented so examples and docs can use it).
pub const DEFAULT_ADMIN_API_KEY: &str = "sim-admin-api-key";
/// The default reader API key.
pub const DEFAULT_READER_API_KEY: &str = "sim-reader-api-key";

/// A simulator's configuration, built with chained setters.
///
/// Defaults: Odoo 19, scale 1, database `demo`, listening on `127.0.0.1:0` (a free port),
/// API keys [`DEFAULT_ADMIN_API_KEY`] and [`DEFAULT_READER_API_KEY`]. `Debug` redacts the keys.
#[derive(Clone)]
pub struct SimConfig {
    pub(crate) version: u32,
    pub(crate) scale: u32,
    pub(crate) database: String,
    pub(crate) admin_api_key: String,
    pub(crate) reader_api_key: String,
    pub(crate) listen: SocketAddr,
    pub(crate) unscoped_api_keys: bool,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            version: 19,
            scale: 1,
            database: "demo".to_owned(),
            admin_api_key: DEFAULT_ADMIN_API_KEY.to_owned(),
            reader_api_key: DEFAULT_READER_API_KEY.to_owned(),
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            unscoped_api_keys: false,
        }
    }
}

impl fmt::Debug for SimConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimConfig")
            .field("version", &self.version)
            .field("scale", &self.scale)
            .field("database", &self.database)
            .field("admin_api_key", &"[redacted]")
            .field("reader_api_key", &"[redacted]")
            .field("listen", &self.listen)
            .field("unscoped_api_keys", &self.unscoped_api_keys)
            .finish()
    }
}

impl SimConfig {
    /// The default configuration (same as [`Default`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// The Odoo major version simulated: 17, 18, 19 or 20 (default 19). JSON-2 exists only on
    /// 19+; [`crate::spawn`] refuses other versions.
    pub fn odoo_version(mut self, major: u32) -> Self {
        self.version = major;
        self
    }

    /// Multiplies the generated records (default 1; 0 counts as 1).
    pub fn scale(mut self, n: u32) -> Self {
        self.scale = n.max(1);
        self
    }

    /// The database name served (default `demo`).
    pub fn database(mut self, name: impl Into<String>) -> Self {
        self.database = name.into();
        self
    }

    /// The admin's API key (default [`DEFAULT_ADMIN_API_KEY`]).
    pub fn admin_api_key(mut self, key: impl Into<String>) -> Self {
        self.admin_api_key = key.into();
        self
    }

    /// The reader's API key (default [`DEFAULT_READER_API_KEY`]).
    pub fn reader_api_key(mut self, key: impl Into<String>) -> Self {
        self.reader_api_key = key.into();
        self
    }

    /// Stores the API keys without scope (`NULL`), as keys made before Odoo 20 were (default:
    /// scope `rpc`). Odoo 17–19 accept such a key for RPC; Odoo 20 refuses it (401 on JSON-2,
    /// `false` from `common.login`, AccessDenied from `execute_kw`).
    pub fn unscoped_api_keys(mut self, yes: bool) -> Self {
        self.unscoped_api_keys = yes;
        self
    }

    /// The address to bind (default `127.0.0.1:0`, a free port).
    pub fn listen(mut self, addr: SocketAddr) -> Self {
        self.listen = addr;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_setters() {
        let c = SimConfig::new();
        assert_eq!((c.version, c.scale, c.database.as_str()), (19, 1, "demo"));
        assert_eq!(c.admin_api_key, "sim-admin-api-key");
        let c = c.odoo_version(18).scale(3).database("x").admin_api_key("k");
        assert_eq!((c.version, c.scale, c.database.as_str()), (18, 3, "x"));
        assert_eq!(c.admin_api_key, "k");
    }

    #[test]
    fn debug_hides_keys() {
        let c = SimConfig::new()
            .admin_api_key("topsecret")
            .reader_api_key("alsosecret");
        let shown = format!("{c:?}");
        assert!(
            !shown.contains("topsecret") && !shown.contains("alsosecret"),
            "{shown}"
        );
    }
}
