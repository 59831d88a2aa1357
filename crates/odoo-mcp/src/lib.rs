//! The odoo-mcp server library: an MCP server exposing Odoo through typed, policy-checked tools.
//!
//! Modules:
//! - [`config`]: the TOML file and `ODOO_*` environment variables → a validated [`Config`]
//!   (the only module that reads the environment);
//! - [`policy`]: per-instance rules (read-only, model globs, built-in deny list, allowed
//!   methods, secret fields, row caps) and the [`Refusal`] that explains a refusal;
//! - `instance`: one `odoo_client::Client` and one [`Policy`] per configured instance;
//! - `connection`: the start-up connection check of `serve` (logged, never fatal);
//! - `server`, `tools`, `resources`, `prompts`, `render`, `metadata`, `error`: the MCP
//!   handler ([`OdooServer`]) and what it serves;
//! - [`transport`]: stdio and Streamable HTTP (`/mcp`, `/healthz`);
//! - [`commands`]: the subcommands (`serve`, `check`, `tools`, `call`, `policy`,
//!   `healthcheck`); `demo`: the simulated Odoo;
//! - [`cli`] and [`telemetry`]: the command line and logging to stderr;
//! - `suggest`: "did you mean" for misspelt models, tools and configuration keys;
//! - `tasks`: MCP tasks, each answered only to the caller that started it; `malformed`: the
//!   error for a request whose params no method accepts.
//!
//! ```
//! use odoo_mcp::{Config, Env};
//! let env = Env::from_pairs([("ODOO_URL", "https://odoo.example.com"), ("ODOO_API_KEY", "k")]);
//! let config = Config::load(None, &env).unwrap();
//! assert_eq!(config.default_instance, "default");
//! assert!(config.instances[0].policy.read_only());
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![deny(clippy::print_stdout)]

pub mod audit;
pub mod caller;
pub mod cli;
pub mod commands;
pub mod config;
pub mod demo;
mod instance;
mod limits;
pub mod metrics;
pub mod policy;
pub mod telemetry;
pub mod transport;

// The MCP handler and what it serves.
pub mod confirm;
mod connection;
mod context;
mod dispatch;
mod error;
mod field_type;
mod guard;
mod malformed;
mod metadata;
mod model_catalog;
mod prompts;
mod render;
mod resources;
mod server;
mod suggest;
mod tasks;
mod tools;

pub use config::{Config, ConfigError, Env};
pub use context::CallContext;
pub use instance::{Instance, Instances, InstancesError, UnknownInstance};
pub use policy::{Policy, Refusal};
pub use server::OdooServer;
