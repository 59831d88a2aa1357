//! The in-memory database: one table per model, rows of stored values, and an undo log that
//! lets a failed write be rolled back without copying the database.
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
//!
//! Changes go through [`Database::insert`], [`Database::row_mut`] and [`Database::remove`]:
//! inside a transaction ([`Database::transaction`]) each records the row as it was before,
//! and a failed transaction puts those rows back. `Table::rows` is for reading.

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
    fn insert(&mut self, mut row: Row) -> i64 {
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

/// One undo step: the row `id` of `model` as it was (`None`: it did not exist), and the
/// table's id counter then.
#[derive(Debug, Clone)]
struct Undo {
    model: String,
    id: i64,
    before: Option<Row>,
    next_id: i64,
}

/// Every model's table.
#[derive(Debug, Default, Clone)]
pub(crate) struct Database {
    pub(crate) tables: BTreeMap<String, Table>,
    /// The undo log of the running transaction (`None`: no transaction).
    journal: Option<Vec<Undo>>,
}

impl Database {
    /// The table of `model` to fill, created empty when absent: for building the dataset,
    /// outside any transaction (changes made through it are not undone).
    pub(crate) fn table_mut(&mut self, model: &str) -> &mut Table {
        debug_assert!(self.journal.is_none(), "table_mut inside a transaction");
        self.tables.entry(model.to_owned()).or_default()
    }

    /// The table of `model`, if it has any row.
    pub(crate) fn table(&self, model: &str) -> Option<&Table> {
        self.tables.get(model)
    }

    /// Records the row's state before a change, inside a transaction.
    fn remember(&mut self, model: &str, id: i64) {
        let Some(journal) = self.journal.as_mut() else {
            return;
        };
        let table = self.tables.get(model);
        journal.push(Undo {
            model: model.to_owned(),
            id,
            before: table.and_then(|t| t.rows.get(&id)).cloned(),
            next_id: table.map_or(0, |t| t.next_id),
        });
    }

    /// Inserts a row into `model`'s table; see `Table::insert`.
    pub(crate) fn insert(&mut self, model: &str, row: Row) -> i64 {
        if self.journal.is_some() {
            let table = self.tables.get(model);
            let id = row
                .get("id")
                .and_then(Value::as_i64)
                .unwrap_or_else(|| table.map_or(1, |t| t.next_id.max(1)));
            self.remember(model, id);
        }
        self.tables.entry(model.to_owned()).or_default().insert(row)
    }

    /// The stored row to change, if it exists.
    pub(crate) fn row_mut(&mut self, model: &str, id: i64) -> Option<&mut Row> {
        if !self.tables.get(model)?.rows.contains_key(&id) {
            return None;
        }
        self.remember(model, id);
        self.tables.get_mut(model)?.rows.get_mut(&id)
    }

    /// Removes a row, returning whether it existed.
    pub(crate) fn remove(&mut self, model: &str, id: i64) -> bool {
        if !self
            .tables
            .get(model)
            .is_some_and(|t| t.rows.contains_key(&id))
        {
            return false;
        }
        self.remember(model, id);
        self.tables
            .get_mut(model)
            .is_some_and(|t| t.rows.remove(&id).is_some())
    }

    /// Runs `change` as one transaction: when it fails, every row it changed, inserted or
    /// removed is put back as it was. Transactions do not nest (an inner one joins the
    /// outer).
    pub(crate) fn transaction<T, E>(
        &mut self,
        change: impl FnOnce(&mut Self) -> Result<T, E>,
    ) -> Result<T, E> {
        if self.journal.is_some() {
            return change(self);
        }
        self.journal = Some(Vec::new());
        let result = change(self);
        let journal = self.journal.take().unwrap_or_default();
        if result.is_err() {
            for undo in journal.into_iter().rev() {
                let table = self.tables.entry(undo.model).or_default();
                table.next_id = undo.next_id;
                match undo.before {
                    Some(row) => table.rows.insert(undo.id, row),
                    None => table.rows.remove(&undo.id),
                };
            }
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str) -> Row {
        let mut r = Row::new();
        r.insert("name".into(), Value::from(name));
        r
    }

    fn names(db: &Database) -> Vec<(i64, String)> {
        db.table("m")
            .map(|t| {
                t.rows
                    .iter()
                    .map(|(k, r)| (*k, r["name"].as_str().unwrap_or_default().to_owned()))
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn a_failed_transaction_puts_back_changed_inserted_and_removed_rows() {
        let mut db = Database::default();
        db.insert("m", row("a"));
        db.insert("m", row("b"));
        let before = names(&db);
        let r: Result<(), ()> = db.transaction(|db| {
            db.row_mut("m", 1)
                .unwrap()
                .insert("name".into(), "A".into());
            db.row_mut("m", 1)
                .unwrap()
                .insert("name".into(), "AA".into());
            db.remove("m", 2);
            db.insert("m", row("c"));
            db.insert("other", row("x"));
            Err(())
        });
        assert!(r.is_err());
        assert_eq!(names(&db), before);
        assert!(db.table("other").is_none_or(|t| t.rows.is_empty()));
        // The id counter is restored too: the next insert gets id 3 again.
        assert_eq!(db.insert("m", row("d")), 3);
    }

    #[test]
    fn a_successful_transaction_keeps_its_changes() {
        let mut db = Database::default();
        db.insert("m", row("a"));
        let r: Result<(), ()> = db.transaction(|db| {
            db.row_mut("m", 1)
                .unwrap()
                .insert("name".into(), "A".into());
            db.insert("m", row("b"));
            Ok(())
        });
        assert!(r.is_ok());
        assert_eq!(names(&db), vec![(1, "A".to_owned()), (2, "b".to_owned())]);
    }
}
