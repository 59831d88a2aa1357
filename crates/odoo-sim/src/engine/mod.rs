//! The ORM engine: model metadata, records, domain evaluation, ordering, the public model
//! methods and access rights — everything below the wire.
//!
//! - [`registry`]: models and fields from `data/models`;
//! - [`domain`] parses domains, [`domain_eval`] evaluates them, [`order`] sorts;
//! - [`records`] reads stored values, [`values`] formats them as `read` returns them;
//! - [`access`]: ACLs, record rules, restricted fields;
//!   [`translations`]: the French labels `fields_get` gives for `lang` `fr_FR`;
//! - [`signature`]: method signatures (binding, argument checks);
//! - [`methods`]: one file per family of public methods, generic over models;
//! - [`models`]: one file per simulated business object (its settings and behaviour), and
//!   the one table registering them.

mod access;
#[cfg(test)]
mod bench;
mod context;
mod date_terms;
mod dates;
mod describe;
mod domain;
mod domain_eval;
mod methods;
mod models;
mod order;
mod records;
mod registry;
mod seed;
mod signature;
mod translations;
mod values;
mod version_rules;

#[cfg(test)]
mod probes;
#[cfg(test)]
mod testdb;
#[cfg(test)]
mod tests;

use serde_json::{Map, Value};

pub(crate) use context::{py_type, python_dict, python_kwargs};

use crate::fault::{Fault, FaultKind};
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
    /// Calls of writing methods so far (tests snapshot the data only when this moved).
    pub(crate) write_calls: std::sync::atomic::AtomicU64,
}

impl Engine {
    /// An engine over `db` (already filled by the dataset), simulating `version`.
    pub(crate) fn new(version: u32, mut db: Database) -> Self {
        seed::metadata_tables(&mut db, registry::for_version(version));
        Self {
            version,
            db: std::sync::RwLock::new(db),
            write_calls: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// Whether the simulator knows `model`.
    pub(crate) fn has_model(&self, model: &str) -> bool {
        registry::for_version(self.version).model(model).is_some()
    }

    /// The id of the active user with this login, if any.
    pub(crate) fn user_id(&self, login: &str) -> Option<i64> {
        let db = self
            .db
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        db.table("res.users")?
            .rows
            .iter()
            .find(|(_, r)| {
                r.get("login").and_then(Value::as_str) == Some(login)
                    && r.get("active").and_then(Value::as_bool) != Some(false)
            })
            .map(|(id, _)| *id)
    }

    /// Calls `model.method` as `env.uid` with JSON-2-style arguments; the result is the JSON
    /// value Odoo would return.
    pub(crate) fn call(
        &self,
        env: &Env,
        model: &str,
        method: &str,
        args: Args,
    ) -> Result<Value, Fault> {
        let reg = registry::for_version(self.version);
        let (m, sig) = self.resolve(model, method)?;
        if !sig.record && args.ids.is_some() {
            return Err(Fault::new(
                FaultKind::Unprocessable,
                format!("cannot call {model}.{method} with ids"),
            ));
        }
        signature::check_named(sig, &args.named)?;
        let mut env = env.clone();
        if let Some(Value::Object(ctx)) = args.named.get("context") {
            for (k, v) in ctx {
                env.context.insert(k.clone(), v.clone());
            }
        }
        let mut named = args.named;
        named.remove("context");
        let call = methods::Call {
            reg,
            model: m,
            env: &env,
            version: self.version,
            ids: args.ids.unwrap_or_default(),
            args: named,
        };
        if methods::is_write(method) {
            self.write_calls
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut db = self
                .db
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            methods::dispatch_write(&call, &mut db, method)
        } else if methods::is_speculative(method) {
            let mut db = self
                .db
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            methods::dispatch_speculative(&call, &mut db, method)
        } else {
            let db = self
                .db
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            methods::dispatch_read(&call, &db, method)
        }
    }

    /// Binds JSON-RPC `execute_kw` positional `args` and `kwargs` to JSON-2-style [`Args`],
    /// following each method's signature (`read(ids, fields)`, `write(ids, vals)`,
    /// `search_read(domain, fields, offset, limit, order)`, …). For record methods the first
    /// positional argument is `ids`.
    pub(crate) fn bind_positional(
        &self,
        model: &str,
        method: &str,
        args: Vec<Value>,
        kwargs: Map<String, Value>,
    ) -> Result<Args, Fault> {
        let (_, sig) = self.resolve(model, method)?;
        let (ids, named) = signature::bind(model, sig, args, kwargs)?;
        Ok(Args { ids, named })
    }

    /// The model and the method's signature, or the fault Odoo raises for an unknown model, a
    /// private method or an unknown method (checked in that order, as Odoo does).
    fn resolve(
        &self,
        model: &str,
        method: &str,
    ) -> Result<(&'static registry::Model, &'static signature::Signature), Fault> {
        let Some(m) = registry::for_version(self.version).model(model) else {
            return Err(Fault::new(
                FaultKind::NotFound,
                format!("the model '{model}' does not exist"),
            )
            .with_cause(format!("KeyError: '{model}'")));
        };
        if signature::is_private(method, self.version) {
            return Err(Fault::new(
                FaultKind::AccessError,
                format!("Private methods (such as '{model}.{method}') cannot be called remotely."),
            ));
        }
        let Some(sig) = signature::lookup(model, method, self.version) else {
            return Err(Fault::new(
                FaultKind::NotFound,
                format!("The method '{model}.{method}' does not exist"),
            )
            .with_cause(format!(
                "AttributeError: The method '{model}.{method}' does not exist"
            )));
        };
        Ok((m, sig))
    }
}
