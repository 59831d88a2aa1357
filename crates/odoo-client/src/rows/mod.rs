//! Records as rows: the fields once, then one array of values per record, in the order the
//! fields were asked for. A search or read answer is decoded straight into this shape
//! (`decode`), without a map per record and without hashing a key per value.

mod decode;

use serde_json::Value;

use crate::error::{Error, ErrorKind};
use crate::names::FieldName;
use crate::request::Record;

pub(crate) use decode::{Layout, RecordsSeed, WebPage, WebPageSeed};

/// Records as rows: `fields` names the columns after `id`, and each row holds the record's id
/// (a JSON integer) followed by one value per field, in that order. Values are Odoo's own
/// (`false` for empty, many2one as `[id, "display name"]`).
///
/// Every row has exactly `fields().len() + 1` values and starts with its id: the decoders
/// guarantee it, so readers may index a row by column.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rows {
    fields: Vec<FieldName>,
    rows: Vec<Vec<Value>>,
}

impl Rows {
    /// Rows of records already decoded as maps. With `fields`, the columns are those (`id` and
    /// repeats left out), and a record without one of them is a `Decode` error; without, the
    /// columns are every field the records hold, in the order first seen, and a record
    /// without one holds `null` there. A record without an integer `id` is a `Decode` error.
    pub fn from_records(
        method: &str,
        fields: &[FieldName],
        records: Vec<Record>,
    ) -> Result<Rows, Error> {
        let columns: Vec<FieldName> = if fields.is_empty() {
            let mut seen: Vec<&str> = Vec::new();
            for record in &records {
                for name in record.keys() {
                    if name != "id" && !seen.contains(&name.as_str()) {
                        seen.push(name);
                    }
                }
            }
            seen.into_iter()
                .map(|name| {
                    FieldName::new(name).map_err(|_| {
                        decode_error(method, "a record with a key that is not a field name")
                    })
                })
                .collect::<Result<_, _>>()?
        } else {
            Layout::columns(fields)
        };
        let strict = !fields.is_empty();
        let mut rows = Vec::with_capacity(records.len());
        for mut record in records {
            let mut row = Vec::with_capacity(columns.len() + 1);
            let id = record.remove("id").and_then(|id| id.as_i64());
            let Some(id) = id else {
                return Err(decode_error(method, "a record without an integer id"));
            };
            row.push(Value::from(id));
            for field in &columns {
                match record.remove(field.as_str()) {
                    Some(value) => row.push(value),
                    None if strict => {
                        return Err(decode_error(
                            method,
                            &format!("a record without the field '{field}' it was asked for"),
                        ));
                    }
                    None => row.push(Value::Null),
                }
            }
            rows.push(row);
        }
        Ok(Rows {
            fields: columns,
            rows,
        })
    }

    /// The columns after `id`, in order.
    pub fn fields(&self) -> &[FieldName] {
        &self.fields
    }
    /// The rows: the id, then one value per entry of [`fields`](Self::fields).
    pub fn rows(&self) -> &[Vec<Value>] {
        &self.rows
    }
    /// The fields and the rows, to take them apart.
    pub fn into_parts(self) -> (Vec<FieldName>, Vec<Vec<Value>>) {
        (self.fields, self.rows)
    }
    /// The records' ids, in order.
    pub fn ids(&self) -> impl Iterator<Item = i64> + '_ {
        self.rows
            .iter()
            .filter_map(|row| row.first().and_then(Value::as_i64))
    }
    /// How many records.
    pub fn len(&self) -> usize {
        self.rows.len()
    }
    /// Whether there is no record.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
    /// Appends the rows of `other`, which must have the same columns (pages of one search);
    /// rows that hold no record yet take `other`'s columns.
    pub fn append(&mut self, other: Rows) -> Result<(), Error> {
        if self.rows.is_empty() {
            *self = other;
            return Ok(());
        }
        if other.fields != self.fields {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "rows with other columns cannot be appended",
            ));
        }
        self.rows.extend(other.rows);
        Ok(())
    }

    /// Rows decoded by [`Layout`]'s seeds.
    pub(crate) fn new(fields: Vec<FieldName>, rows: Vec<Vec<Value>>) -> Rows {
        Rows { fields, rows }
    }
    /// Keeps the first `n` rows.
    pub(crate) fn truncate(&mut self, n: usize) {
        self.rows.truncate(n);
    }
}

/// A `Decode` error: `method` returned `what` (never a value from the answer).
pub(crate) fn decode_error(method: &str, what: &str) -> Error {
    Error::new(ErrorKind::Decode, format!("{method} returned {what}"))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn fields(names: &[&str]) -> Vec<FieldName> {
        names.iter().map(|n| FieldName::new(n).unwrap()).collect()
    }
    fn records(v: Value) -> Vec<Record> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_object().unwrap().clone())
            .collect()
    }

    #[test]
    fn records_become_rows_in_the_order_asked() {
        let rows = Rows::from_records(
            "read",
            &fields(&["email", "id", "name", "email"]),
            records(json!([
                {"id": 1, "name": "A", "email": false},
                {"name": "B", "email": "b@x", "id": 2}
            ])),
        )
        .unwrap();
        assert_eq!(rows.fields(), fields(&["email", "name"]));
        assert_eq!(
            rows.rows(),
            [
                vec![json!(1), json!(false), json!("A")],
                vec![json!(2), json!("b@x"), json!("B")]
            ]
        );
        assert_eq!(rows.ids().collect::<Vec<_>>(), [1, 2]);
    }

    #[test]
    fn without_fields_the_columns_are_those_first_seen() {
        let rows = Rows::from_records(
            "read",
            &[],
            records(json!([{"id": 1, "name": "A"}, {"id": 2, "city": "X", "name": "B"}])),
        )
        .unwrap();
        assert_eq!(rows.fields(), fields(&["name", "city"]));
        assert_eq!(rows.rows()[0], [json!(1), json!("A"), Value::Null]);
    }

    #[test]
    fn a_missing_field_or_id_is_a_decode_error_naming_it() {
        let e = Rows::from_records(
            "read",
            &fields(&["name", "email"]),
            records(json!([{"id": 1, "name": "secret-name"}])),
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode);
        assert!(e.to_string().contains("'email'"), "{e}");
        assert!(!e.to_string().contains("secret-name"), "{e}");
        let e = Rows::from_records("read", &[], records(json!([{"id": "7"}]))).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode);
        assert!(e.to_string().contains("integer id"), "{e}");
    }

    #[test]
    fn pages_append_only_with_the_same_columns() {
        let page = |names: &[&str], ids: &[i64]| {
            let answer = ids
                .iter()
                .map(|id| json!({"id": id, "name": "n", "email": "e"}));
            Rows::from_records("read", &fields(names), records(Value::from_iter(answer))).unwrap()
        };
        let mut all = page(&["email"], &[]);
        all.append(page(&["name"], &[1])).unwrap();
        all.append(page(&["name"], &[2])).unwrap();
        assert_eq!(all.ids().collect::<Vec<_>>(), [1, 2]);
        assert_eq!(all.fields(), fields(&["name"]));
        assert!(all.append(page(&["email"], &[3])).is_err());
    }
}
