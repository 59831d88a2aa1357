//! A simulator of Odoo's external API — JSON-2 (`/json/2/<model>/<method>`, 19+), JSON-RPC
//! (`/jsonrpc`), XML-RPC (`/xmlrpc/2/*` and the legacy `/xmlrpc/*`), `/web/version` (19+),
//! `/web/webclient/version_info`, `/web/session/authenticate` and the session routes
//! (`/web/session/get_session_info`, `/web/dataset/call_kw`) — over a generated demo
//! company, answering as the Odoo version it simulates, with fault injection for testing
//! clients.
//!
//! The map:
//! - [`SimConfig`] (`config`): version, scale, database, API keys, address;
//! - [`spawn`] / [`SimHandle`] (`server`): serve on a socket, stop on drop;
//! - [`router`] (`app`) over a [`SimState`] (`state`): the same application without a socket;
//! - [`Faults`] (`faults`): latency, error rates, dropped and hanging connections;
//! - `wire`: the protocols (JSON-2, JSON-RPC, XML-RPC, version, session) and Odoo's error
//!   shapes;
//! - `versions`: what each Odoo major version serves; `credentials`: users and secrets;
//! - `engine`: the ORM (one file per simulated model in `engine/models`, generic methods,
//!   domains, access rights); `dataset`: the demo data;
//!   `store`: the in-memory tables; `fault`: the engine's exceptions.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let sim = odoo_sim::spawn(odoo_sim::SimConfig::new().odoo_version(19)).await?;
//! println!("JSON-2 at {}/json/2/res.partner/search_read, key {}", sim.url(), sim.admin_api_key());
//! sim.faults().fail_next(1, 503); // the next call answers 503
//! assert_eq!(sim.request_count("res.partner", "search_read"), 0);
//! sim.shutdown().await;
//! # Ok(())
//! # }
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod app;
mod config;
mod credentials;
mod dataset;
mod engine;
mod fault;
mod faults;
mod server;
mod state;
mod store;
mod versions;
mod wire;

pub use app::router;
pub use config::{DEFAULT_ADMIN_API_KEY, DEFAULT_READER_API_KEY, SimConfig};
pub use faults::Faults;
pub use server::{SimHandle, spawn};
pub use state::SimState;
