//! A typed async client for Odoo's external APIs.
//!
//! One [`Client`] talks to one Odoo instance (one connection pool, cheap to clone). It speaks
//! JSON-2 (`/json/2/<model>/<method>`, Odoo 19+) and JSON-RPC (`/jsonrpc`, Odoo 14–18 and
//! later), detects the server's version once and hides which protocol is in use.
//!
//! Modules:
//! - [`names`]: validated model, field and method names (they end up in URL paths);
//! - [`domain`]: a typed Odoo search domain, parsed from untrusted JSON with limits;
//!   `order`: a validated `order` clause ([`Order`]);
//! - `client` / `config`: the client, its builder and validated [`ClientConfig`];
//!   `config_error`: every rule a configuration can break, as [`ConfigError`]; `request`: typed operation arguments;
//! - `calls`: each operation as a protocol-neutral call; `results`: decoding its result;
//!   `rows`: search and read answers decoded straight into [`Rows`] (no map per record);
//!   `grouping`: `formatted_read_group` / `read_group`, normalised to [`Group`];
//!   `paging`: a page and its count in one request (`web_search_read`) where the version allows;
//!   `onchange`: what Odoo's form logic would change after some fields are set (17+);
//! - `protocol`: the wire encodings (JSON-2, JSON-RPC), error mapping and version detection;
//! - `version`: what each Odoo version offers, in one table;
//! - `error`: one error type with a kind, without secrets; `secret`: redacted credentials;
//!   [`redact`]: removes credentials from text that leaves the client;
//! - `base_url`: what a user writes as the address → the base URL, or the exact fix;
//! - `retry`: the retry policy (idempotent reads only).
//!
//! ```no_run
//! # async fn run() -> Result<(), odoo_client::Error> {
//! use odoo_client::{Client, Domain, ModelName, SearchRead};
//! let client = Client::builder("localhost:8069")
//!     .database("demo")
//!     .api_key("my-api-key")
//!     .build()?;
//! let partners = ModelName::new("res.partner")?;
//! let query = SearchRead::new(Domain::parse_str(r#"[["is_company", "=", true]]"#)?)
//!     .fields(["name", "email"])?
//!     .limit(5);
//! for record in client.search_read(&partners, &query).await? {
//!     println!("{record:?}");
//! }
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod base_url;
mod calls;
mod client;
mod config;
mod config_error;
pub mod domain;
mod error;
mod grouping;
pub mod names;
mod onchange;
mod order;
mod paging;
mod protocol;
pub mod redact;
mod request;
mod results;
mod retry;
mod rows;
mod secret;
mod version;

pub use client::Client;
pub use config::{ClientBuilder, ClientConfig, DEFAULT_MAX_RESPONSE_BYTES, ProtocolChoice};
pub use config_error::{ClientOption, ConfigError, MAX_RESPONSE_BYTES_RANGE, UrlError};
pub use domain::{Domain, DomainError, DomainLimits};
pub use error::{Error, ErrorKind};
pub use names::{FieldName, MethodName, ModelName, NameError};
pub use onchange::{Onchange, OnchangeResult, OnchangeWarning};
pub use order::{Direction, MAX_ORDER_LEN, MAX_ORDER_TERMS, Nulls, Order, OrderError, OrderTerm};
pub use protocol::report::MAX_REPORT_IDS;
pub use request::{
    Aggregate, AggregateFunction, Context, Group, GroupBy, MethodCall, NameSearch, Operation, Page,
    Record, Search, SearchPage, SearchRead, Total,
};
pub use rows::Rows;
pub use secret::Secret;
pub use version::{Protocol, ServerInfo, ServerVersion};
