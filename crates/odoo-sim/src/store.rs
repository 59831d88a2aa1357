//! The in-memory database: one table per model, rows of stored values.
//!
//! Stored value conventions (the engine and the dataset both follow them):
//! - many2one: the related id as a JSON number, or `null`;
//! - many2many: a JSON array of ids (possibly empty);
//! - one2many: never stored, derived from the inverse many2one (`relation_field`);
//! - char, text, html, selection: a string, or `null`;
//! - boolean: `true`/`false`, or `null`; integer, float, monetary: a number, or `null`;
//! - date: `"YYYY-MM-DD"`; datetime: `"YYYY-MM-DD HH:MM:SS"` (UTC); or `null`;
//! - a field absent from a row reads as its empty value (`false`, or `[]` for x2many).
//!
//! Ids are assigned per model, from 1, in insertion order, unless the inserter gives one.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// One stored record: field name → stored value (see the module doc).
pub(crate) type Row = Map<String, Value>;

/// The rows of one model.
#[derive(Debug, Default, Clone)]
pub(crate) struct Table {
    pub(crate) rows: BTreeMap<i64, Row>,
    next_id: i64,
}

impl Table {
    /// Inserts a row under a fresh id (or `id` when the row has an `"id"` number), returning it.
    pub(crate) fn insert(&mut self, mut row: Row) -> i64 {
        let id = match row.get("id").and_then(Value::as_i64) {
            Some(id) => id,
            None => self.next_id.max(1),
        };
        self.next_id = self.next_id.max(id + 1);
        row.insert("id".into(), Value::from(id));
        self.rows.insert(id, row);
        id
    }
}

/// Every model's table.
#[derive(Debug, Default, Clone)]
pub(crate) struct Database {
    pub(crate) tables: BTreeMap<String, Table>,
}

impl Database {
    /// The table of `model`, created empty when absent.
    pub(crate) fn table_mut(&mut self, model: &str) -> &mut Table {
        self.tables.entry(model.to_owned()).or_default()
    }
    /// The table of `model`, if it has any row.
    pub(crate) fn table(&self, model: &str) -> Option<&Table> {
        self.tables.get(model)
    }
    /// Inserts a row into `model`'s table; see [`Table::insert`].
    pub(crate) fn insert(&mut self, model: &str, row: Row) -> i64 {
        self.table_mut(model).insert(row)
    }
}
