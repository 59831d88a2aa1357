//! The ORM engine: model metadata, records, domain evaluation, ordering, the public model
//! methods and access rights — everything below the wire.
//!
//! TODO(engine helper): implement behind these signatures.

use serde_json::{Map, Value};

use crate::fault::Fault;
use crate::store::Database;

/// Who calls, and with which context.
#[derive(Debug, Clone)]
pub(crate) struct Env {
    /// The calling user's id (`res.users`).
    pub(crate) uid: i64,
    /// The call's context (`lang`, `tz`, `active_test`, `allowed_company_ids`, …).
    pub(crate) context: Map<String, Value>,
}

/// A method call's arguments in JSON-2 form: `ids` for record methods, the rest by name.
#[derive(Debug, Clone, Default)]
pub(crate) struct Args {
    pub(crate) ids: Option<Vec<i64>>,
    pub(crate) named: Map<String, Value>,
}

/// The engine of one simulated database.
#[derive(Debug)]
pub(crate) struct Engine {
    /// The Odoo major version simulated (17, 18, 19, 20): decides which methods exist.
    pub(crate) version: u32,
    pub(crate) db: std::sync::RwLock<Database>,
}

#[allow(clippy::todo, unused_variables, dead_code)]
impl Engine {
    /// An engine over `db` (already filled by the dataset), simulating `version`.
    pub(crate) fn new(version: u32, db: Database) -> Self {
        Self { version, db: std::sync::RwLock::new(db) }
    }

    /// The id of the active user with this login, if any.
    pub(crate) fn user_id(&self, login: &str) -> Option<i64> {
        todo!()
    }

    /// Calls `model.method` as `env.uid` with JSON-2-style arguments; the result is the JSON
    /// value Odoo would return.
    pub(crate) fn call(&self, env: &Env, model: &str, method: &str, args: Args) -> Result<Value, Fault> {
        todo!()
    }

    /// Binds JSON-RPC `execute_kw` positional `args` and `kwargs` to JSON-2-style [`Args`],
    /// following each method's signature (`read(ids, fields)`, `write(ids, vals)`,
    /// `search_read(domain, fields, offset, limit, order)`, …). For record methods the first
    /// positional argument is `ids`.
    pub(crate) fn bind_positional(&self, model: &str, method: &str, args: Vec<Value>, kwargs: Map<String, Value>) -> Result<Args, Fault> {
        todo!()
    }
}
