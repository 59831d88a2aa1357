//! The public model methods, dispatched by name; shared helpers for searching with a call's
//! arguments (domain, order, offset, limit), context and access rules.

mod actions;
mod copy;
mod create;
mod defaults;
mod group;
mod mail_followers;
pub(crate) mod mail_thread;
mod meta;
mod onchange;
mod read;
mod search;
mod unlink;
pub(crate) mod validation;
mod write;
mod x2many_commands;

use serde_json::{Map, Value};

pub(crate) use create::create_one;
pub(crate) use defaults::user_company;

use super::Env;
use super::access::{self, Op};
use super::domain::Node;
use super::domain_eval::Searcher;
use super::order;
use super::records;
use super::registry::{Model, Registry};
use crate::fault::{Fault, FaultKind};
use crate::store::Database;

/// One method call: who, on which model, with which arguments.
pub(crate) struct Call<'a> {
    pub(crate) reg: &'static Registry,
    pub(crate) model: &'static Model,
    pub(crate) env: &'a Env,
    /// The Odoo major version simulated (messages differ between versions).
    pub(crate) version: u32,
    pub(crate) ids: Vec<i64>,
    pub(crate) args: Map<String, Value>,
}

/// Whether the method changes the database (the CRUD writes and every business action).
pub(crate) fn is_write(method: &str) -> bool {
    matches!(
        method,
        "create" | "write" | "unlink" | "copy" | "name_create"
    ) || super::models::is_action(method)
        || mail_thread::METHODS.contains(&method)
}

/// Whether the method answers from a change it rolls back (`onchange`): it needs the
/// database exclusively but writes nothing.
pub(crate) fn is_speculative(method: &str) -> bool {
    method == "onchange"
}

/// Runs a method that changes the database only inside a transaction it always rolls back.
pub(crate) fn dispatch_speculative(
    call: &Call<'_>,
    db: &mut Database,
    method: &str,
) -> Result<Value, Fault> {
    match method {
        "onchange" => onchange::onchange(call, db),
        _ => dispatch_read(call, db, method),
    }
}

/// Runs a read-only method.
pub(crate) fn dispatch_read(call: &Call<'_>, db: &Database, method: &str) -> Result<Value, Fault> {
    match method {
        "search" => search::search(call, db),
        "search_count" => search::search_count(call, db),
        "search_read" => search::search_read(call, db),
        "name_search" => search::name_search(call, db),
        "web_search_read" => search::web_search_read(call, db),
        "web_read" => read::web_read(call, db),
        "read" => read::read(call, db),
        "fields_get" => meta::fields_get(call, db),
        "default_get" => defaults::default_get(call, db),
        "has_access" => meta::has_access(call, db),
        "check_access_rights" => meta::check_access_rights(call, db),
        "context_get" => meta::context_get(call, db),
        "display_name_for" => meta::display_name_for(call, db),
        "get_available_models" => meta::get_available_models(call, db),
        "read_group" => group::read_group(call, db),
        "formatted_read_group" => group::formatted_read_group(call, db),
        _ => Err(Fault::new(
            FaultKind::NotFound,
            format!("The method '{}.{method}' does not exist", call.model.name),
        )
        .with_cause(format!(
            "AttributeError: The method '{}.{method}' does not exist",
            call.model.name
        ))),
    }
}

/// Runs a method that changes the database, as one transaction: a failure leaves the
/// database as it was.
pub(crate) fn dispatch_write(
    call: &Call<'_>,
    db: &mut Database,
    method: &str,
) -> Result<Value, Fault> {
    db.transaction(|db| match method {
        "create" => create::create(call, db),
        "write" => write::write(call, db),
        "unlink" => unlink::unlink(call, db),
        "copy" => copy::copy(call, db),
        "name_create" => create::name_create(call, db),
        m if mail_thread::METHODS.contains(&m) => mail_thread::run(call, db, m),
        _ => actions::run(call, db, method),
    })
}

impl Call<'_> {
    /// The model's name.
    pub(crate) fn name(&self) -> &str {
        &self.model.name
    }

    /// A named argument that is present and not `null`.
    pub(crate) fn arg(&self, name: &str) -> Option<&Value> {
        self.args.get(name).filter(|v| !v.is_null())
    }

    /// The context's `active_test` (default true).
    pub(crate) fn active_test(&self) -> bool {
        self.env
            .context
            .get("active_test")
            .and_then(Value::as_bool)
            .unwrap_or(true)
    }

    /// The user's time zone: context `tz`, else the user's own, else UTC.
    pub(crate) fn tz(&self, db: &Database) -> String {
        if let Some(tz) = self
            .env
            .context
            .get("tz")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
        {
            return tz.to_owned();
        }
        self.reg
            .model("res.users")
            .map(|u| records::stored(db, self.reg, u, self.env.uid, "tz"))
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_else(|| "UTC".to_owned())
    }

    /// A searcher applying this user's record rules.
    pub(crate) fn searcher<'d>(&self, db: &'d Database) -> Result<Searcher<'d>, Fault> {
        let rule_companies = if self.env.uid == 1 {
            None
        } else {
            Some(access::companies(db, self.env.uid, &self.env.context)?)
        };
        Ok(Searcher {
            db,
            reg: self.reg,
            tz: self.tz(db),
            rule_companies,
            rule_uid: self.env.uid,
            field_uid: Some(self.env.uid),
            version: self.version,
        })
    }

    /// A searcher without record rules.
    pub(crate) fn sudo_searcher<'d>(&self, db: &'d Database) -> Searcher<'d> {
        Searcher {
            db,
            reg: self.reg,
            tz: self.tz(db),
            rule_companies: None,
            rule_uid: self.env.uid,
            field_uid: None,
            version: self.version,
        }
    }

    /// Checks the model ACL for `op`.
    pub(crate) fn check(&self, db: &Database, op: Op) -> Result<(), Fault> {
        access::check_model(db, self.reg, self.env.uid, self.name(), op)
    }

    /// Checks that the user may read `field` (its `groups=`), as Odoo does for every field a
    /// domain, an order, a groupby or an aggregate names.
    pub(crate) fn check_field_read(&self, db: &Database, field: &str) -> Result<(), Fault> {
        access::check_field_groups(
            db,
            self.reg,
            self.version,
            self.env.uid,
            self.name(),
            field,
            Op::Read,
        )
    }

    /// Checks the record rules of `ids` for `op` (missing ids are ignored).
    pub(crate) fn check_rules(&self, db: &Database, ids: &[i64], op: Op) -> Result<(), Fault> {
        if self.env.uid == 1 {
            return Ok(());
        }
        let companies = access::companies(db, self.env.uid, &self.env.context)?;
        let Some(rule) = access::rule_domain(db, self.env.uid, self.name(), &companies) else {
            return Ok(());
        };
        let present: Vec<i64> = ids
            .iter()
            .copied()
            .filter(|i| records::exists(db, self.name(), *i))
            .collect();
        let ok = self.sudo_searcher(db).filter(self.model, &present, &rule)?;
        if ok.len() != present.len() {
            return Err(access::rule_error(
                db,
                self.reg,
                self.env.uid,
                self.name(),
                op,
            ));
        }
        Ok(())
    }

    /// The ids among `ids` of `comodel` the user may see under its record rules, in order (a
    /// comodel without rules, or the superuser, sees them all).
    pub(crate) fn readable(
        &self,
        db: &Database,
        comodel: &str,
        ids: Vec<i64>,
    ) -> Result<Vec<i64>, Fault> {
        if self.env.uid == 1 || ids.is_empty() {
            return Ok(ids);
        }
        let Some(co) = self.reg.model(comodel) else {
            return Ok(ids);
        };
        let companies = access::companies(db, self.env.uid, &self.env.context)?;
        match access::rule_domain(db, self.env.uid, comodel, &companies) {
            Some(rule) => self.sudo_searcher(db).filter(co, &ids, &rule),
            None => Ok(ids),
        }
    }

    /// The step every record method starts with, as Odoo's do: the model ACL for `acl`,
    /// then the ids that do not exist (`MissingError`), then the record rules for `rule`.
    pub(crate) fn check_records(&self, db: &Database, acl: Op, rule: Op) -> Result<(), Fault> {
        self.check(db, acl)?;
        self.check_existing(db, rule)
    }

    /// The second half of [`Call::check_records`], for methods that check their arguments
    /// between the ACL and the records (`write`): missing ids, then record rules for `rule`.
    pub(crate) fn check_existing(&self, db: &Database, rule: Op) -> Result<(), Fault> {
        let missing: Vec<i64> = self
            .ids
            .iter()
            .copied()
            .filter(|i| !records::exists(db, self.name(), *i))
            .collect();
        if !missing.is_empty() {
            return Err(self.missing(&missing));
        }
        self.check_rules(db, &self.ids, rule)
    }

    /// The `domain` argument parsed.
    pub(crate) fn domain(&self, key: &str) -> Result<Node, Fault> {
        match self.arg(key) {
            Some(v) => Node::parse(v),
            None => Ok(Node::Bool(true)),
        }
    }

    /// Searches with `domain`, `order`, `offset`, `limit` taken from the arguments.
    pub(crate) fn search_ids(
        &self,
        db: &Database,
        node: &Node,
        order_key: &str,
    ) -> Result<Vec<i64>, Fault> {
        let searcher = self.searcher(db)?;
        let mut ids = searcher.search(self.model, node, self.active_test())?;
        let order = self
            .arg(order_key)
            .and_then(Value::as_str)
            .filter(|s| !s.trim().is_empty())
            .unwrap_or(&self.model.order);
        // Odoo converts the domain, then checks the order's syntax, then each term: the
        // field, its `groups=`, then whether it has a column.
        let terms = order::parse_in(self.version, order)?;
        for t in &terms {
            order::check_field(self.model, t)?;
            self.check_field_read(db, &t.field)?;
            order::check_sortable(self.model, t)?;
        }
        // `limit` and `offset` are SQL parameters: checked by PostgreSQL, after the domain and
        // the order were converted.
        let limit = self.int_arg(db, "limit")?;
        let offset = self.int_arg(db, "offset")?.unwrap_or(0);
        order::sort(db, self.reg, self.model, &mut ids, &terms);
        let start = usize::try_from(offset.max(0)).unwrap_or(0).min(ids.len());
        let mut ids = ids.split_off(start);
        if let Some(limit) = limit.filter(|l| *l > 0) {
            ids.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        }
        Ok(ids)
    }

    /// An integer argument (`limit`, `offset`); text raises PostgreSQL's error.
    pub(crate) fn int_arg(&self, db: &Database, key: &str) -> Result<Option<i64>, Fault> {
        let value = self.int_arg_unchecked(db, key)?;
        // `limit` and `offset` reach PostgreSQL as they are: a negative one is its error.
        match (key, value) {
            ("limit", Some(n)) if n < 0 => Err(Fault::new(
                FaultKind::InvalidRowCountInLimitClause,
                "LIMIT must not be negative\n",
            )),
            ("offset", Some(n)) if n < 0 => Err(Fault::new(
                FaultKind::InvalidRowCountInResultOffsetClause,
                "OFFSET must not be negative\n",
            )),
            _ => Ok(value),
        }
    }

    fn int_arg_unchecked(&self, db: &Database, key: &str) -> Result<Option<i64>, Fault> {
        let _ = db;
        match self.arg(key) {
            None | Some(Value::Bool(false)) => Ok(None),
            Some(Value::Number(n)) => Ok(n.as_i64().or_else(|| n.as_f64().map(|f| f as i64))),
            Some(Value::Bool(true)) => Ok(Some(1)),
            Some(Value::String(s)) => match s.trim().parse::<i64>() {
                Ok(i) => Ok(Some(i)),
                Err(_) => Err(self.bigint_error(key, s)),
            },
            Some(other) => Err(Fault::new(
                FaultKind::TypeError,
                format!("'{}' is an invalid {key}", super::domain::py_repr(other)),
            )),
        }
    }

    fn bigint_error(&self, key: &str, v: &str) -> Fault {
        let table = self.name().replace('.', "_");
        let order_sql = order::parse(&self.model.order)
            .unwrap_or_default()
            .iter()
            .map(|t| {
                format!(
                    "\"{table}\".\"{}\" {}",
                    t.field,
                    if t.desc { "DESC" } else { "ASC" }
                )
            })
            .collect::<Vec<_>>()
            .join(" , ");
        let literal = format!("'{v}'");
        let full = format!(
            "SELECT \"{table}\".\"id\" FROM \"{table}\" ORDER BY {order_sql}  {} {literal}",
            key.to_uppercase()
        );
        let chars: Vec<char> = full.chars().collect();
        let (shown, prefix) = if chars.len() > 60 {
            (chars[chars.len() - 60..].iter().collect::<String>(), "...")
        } else {
            (full.clone(), "")
        };
        let caret = 8 + prefix.len() + shown.chars().count() - literal.chars().count();
        Fault::new(
            FaultKind::InvalidTextRepresentation,
            format!(
                "invalid input syntax for type bigint: \"{v}\"\nLINE 1: {prefix}{shown}\n{}^\n",
                " ".repeat(caret)
            ),
        )
    }

    /// A fault for ids that do not exist.
    pub(crate) fn missing(&self, ids: &[i64]) -> Fault {
        let list = if ids.len() == 1 {
            format!("{},", ids[0])
        } else {
            ids.iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        Fault::new(
            FaultKind::MissingError,
            format!(
                "Record does not exist or has been deleted.\n(Record: {}({list}), User: {})",
                self.name(),
                self.env.uid
            ),
        )
    }
}
