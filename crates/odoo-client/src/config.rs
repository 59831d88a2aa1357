//! The client builder: URL, database, credentials, timeouts, protocol choice.
//!
//! TODO(client helper): implement; keep these signatures.

use std::time::Duration;

use crate::request::Context;
use crate::{Client, Error};

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
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    _todo: (),
}

#[allow(clippy::todo, unused_variables, missing_docs)]
impl ClientBuilder {
    /// Starts a builder for the instance at `url` (`localhost:8069` means `http://localhost:8069`).
    pub fn new(url: impl Into<String>) -> Self { todo!() }
    /// The database (sent as `X-Odoo-Database` on JSON-2, and in every JSON-RPC call).
    pub fn database(self, db: impl Into<String>) -> Self { todo!() }
    /// Authenticate with an API key (JSON-2 bearer; as the password on JSON-RPC, which then
    /// needs a login too).
    pub fn api_key(self, key: impl Into<crate::Secret>) -> Self { todo!() }
    /// The login (user name) for JSON-RPC.
    pub fn login(self, login: impl Into<String>) -> Self { todo!() }
    /// Authenticate with a password (JSON-RPC only).
    pub fn password(self, password: impl Into<crate::Secret>) -> Self { todo!() }
    /// Force or auto-detect the protocol (default: auto).
    pub fn protocol(self, choice: ProtocolChoice) -> Self { todo!() }
    /// Skip version detection and assume this major version.
    pub fn assume_version(self, major: u32) -> Self { todo!() }
    /// Timeout of a whole request (default 30 s).
    pub fn timeout(self, timeout: Duration) -> Self { todo!() }
    /// Timeout of connection establishment (default 10 s).
    pub fn connect_timeout(self, timeout: Duration) -> Self { todo!() }
    /// How many times an idempotent read is retried (default 2).
    pub fn max_retries(self, retries: u32) -> Self { todo!() }
    /// The context sent with every call (default: empty).
    pub fn context(self, context: Context) -> Self { todo!() }
    /// Validates the options and builds the client (no request is sent).
    pub fn build(self) -> Result<Client, Error> { todo!() }
}
