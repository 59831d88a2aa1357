//! Records as tool output: secret fields stripped, values cleaned for `structuredContent`, and
//! a tab-separated text table (one header line, one line per record) for `content`.
//!
//! Tab-separated rows repeat no field name, so they cost the fewest tokens for lists of
//! records; empty values are empty cells.

use odoo_client::Record;
use serde_json::{Map, Value};

use super::value::{cell, structured};
use crate::metadata::ModelMeta;
use crate::policy::Policy;

/// Records cleaned for output, and the secret fields that were removed.
#[derive(Debug, Default)]
pub(crate) struct CleanRecords {
    /// The records, `id` first, then the fields in the order asked.
    pub(crate) records: Vec<Map<String, Value>>,
    /// Secret fields removed from at least one record.
    pub(crate) removed: Vec<String>,
    /// Whether a record holds a datetime value.
    pub(crate) has_datetime: bool,
}

/// The line to put after a text table of records: that datetimes are UTC, when one is shown
/// (`has_datetime` of [`CleanRecords`]); empty otherwise.
pub(crate) fn datetime_note(has_datetime: bool) -> &'static str {
    if has_datetime {
        concat!("\n", super::datetimes_note!())
    } else {
        ""
    }
}

/// Whether a field must never be returned nor named in a call: a secret, or a relation into a
/// model the policy hides (see [`Policy::withheld_field`]).
pub(crate) fn is_withheld(policy: &Policy, meta: &ModelMeta, name: &str) -> bool {
    match meta.field(name) {
        Some(field) => policy.withheld_field(field).is_some(),
        None => policy.is_secret_field(name, ""),
    }
}

/// Cleans records read from Odoo: keeps `id` and `fields` (in that order; every field Odoo
/// returned when `fields` is empty), drops secret fields, converts values.
pub(crate) fn clean(
    rows: Vec<Record>,
    fields: &[String],
    meta: &ModelMeta,
    policy: &Policy,
) -> CleanRecords {
    let mut out = CleanRecords::default();
    // Whether each asked-for field is secret, decided once rather than per record.
    let columns: Vec<(&str, bool)> = fields
        .iter()
        .map(|f| (f.as_str(), is_withheld(policy, meta, f)))
        .collect();
    let mut note_removed = |name: &str| {
        if !out.removed.iter().any(|r| r == name) {
            out.removed.push(name.to_owned());
        }
    };
    for mut row in rows {
        let mut rec = Map::with_capacity(columns.len().max(row.len()) + 1);
        if let Some(id) = row.remove("id") {
            rec.insert("id".into(), id);
        }
        if columns.is_empty() {
            for (name, value) in row {
                if is_withheld(policy, meta, &name) {
                    note_removed(&name);
                    continue;
                }
                let v = structured(value, meta.field(&name));
                rec.insert(name, v);
            }
        } else {
            for &(name, secret) in &columns {
                let Some(value) = row.remove(name) else {
                    continue;
                };
                if secret {
                    note_removed(name);
                    continue;
                }
                rec.insert(name.to_owned(), structured(value, meta.field(name)));
            }
        }
        out.has_datetime |= rec.iter().any(|(name, value)| {
            !value.is_null() && meta.field(name).is_some_and(|f| f.ftype == "datetime")
        });
        out.records.push(rec);
    }
    out
}

/// A tab-separated table: a header line of column names, then one line per record.
/// Columns empty in every record are left out (they cost tokens and say nothing).
pub(crate) fn table(records: &[Map<String, Value>], columns: &[String]) -> String {
    let mut names: Vec<&str> = Vec::with_capacity(columns.len() + 1);
    names.push("id");
    names.extend(columns.iter().map(String::as_str).filter(|c| *c != "id"));
    // Every cell is rendered once; a column is kept when any of its cells says something.
    let cells: Vec<Vec<String>> = records
        .iter()
        .map(|r| {
            names
                .iter()
                .map(|c| r.get(*c).map(cell).unwrap_or_default())
                .collect()
        })
        .collect();
    let keep: Vec<usize> = (0..names.len())
        .filter(|&i| i == 0 || cells.iter().any(|row| !row[i].is_empty()))
        .collect();
    let header: Vec<&str> = keep.iter().map(|&i| names[i]).collect();
    let rows: Vec<Vec<&str>> = cells
        .iter()
        .map(|row| keep.iter().map(|&i| row[i].as_str()).collect())
        .collect();
    super::tsv::write(&header, &rows)
}

/// One record as `field: value` lines (empty values left out), for single-record views.
pub(crate) fn record_lines(record: &Map<String, Value>) -> String {
    record
        .iter()
        .filter_map(|(k, v)| {
            let c = cell(v);
            (!c.is_empty()).then(|| format!("{k}: {c}"))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn meta() -> ModelMeta {
        ModelMeta::from_fields_get(
            json!({
                "name": {"type": "char"},
                "partner_id": {"type": "many2one", "relation": "res.partner"},
                "email": {"type": "char"},
                "signup_token": {"type": "char"}
            })
            .as_object()
            .unwrap(),
        )
    }

    fn policy() -> Policy {
        Policy::builder("t").build().unwrap()
    }

    fn rows() -> Vec<Record> {
        vec![
            json!({"id": 1, "name": "A", "partner_id": [3, "Azure"], "email": false, "signup_token": "s3cret"}),
            json!({"id": 2, "name": "B", "partner_id": false, "email": false, "signup_token": false}),
        ]
        .into_iter()
        .map(|v| v.as_object().unwrap().clone())
        .collect()
    }

    #[test]
    fn a_datetime_shown_gets_the_utc_note() {
        let meta = ModelMeta::from_fields_get(
            json!({"name": {"type": "char"}, "date_order": {"type": "datetime"}})
                .as_object()
                .unwrap(),
        );
        let rows = |v: Value| vec![v.as_object().unwrap().clone()];
        let fields: Vec<String> = ["name", "date_order"].map(String::from).to_vec();
        let with = clean(
            rows(json!({"id": 1, "name": "S1", "date_order": "2026-12-06 20:05:00"})),
            &fields,
            &meta,
            &policy(),
        );
        assert_eq!(
            datetime_note(with.has_datetime),
            "\nDatetimes are UTC (\"YYYY-MM-DD HH:MM:SS\", as Odoo stores them; convert for the user's time zone); dates have no time zone."
        );
        let without = clean(
            rows(json!({"id": 1, "name": "S1", "date_order": false})),
            &fields,
            &meta,
            &policy(),
        );
        assert_eq!(datetime_note(without.has_datetime), "");
    }

    #[test]
    fn secrets_are_stripped_even_when_asked() {
        let fields: Vec<String> = ["name", "signup_token"].map(String::from).to_vec();
        let out = clean(rows(), &fields, &meta(), &policy());
        assert_eq!(out.removed, vec!["signup_token".to_owned()]);
        assert!(out.records.iter().all(|r| !r.contains_key("signup_token")));
        assert!(!format!("{:?}", out.records).contains("s3cret"));
    }

    #[test]
    fn table_has_a_header_and_drops_empty_columns() {
        let fields: Vec<String> = ["name", "partner_id", "email"].map(String::from).to_vec();
        let out = clean(rows(), &fields, &meta(), &policy());
        assert_eq!(
            out.records[0]["partner_id"],
            json!({"id": 3, "name": "Azure"})
        );
        assert_eq!(out.records[1]["partner_id"], Value::Null);
        let text = table(&out.records, &fields);
        assert_eq!(text, "id\tname\tpartner_id\n1\tA\tAzure #3\n2\tB\t");
    }

    #[test]
    fn record_lines_skip_empty_values() {
        let fields: Vec<String> = ["name", "partner_id", "email"].map(String::from).to_vec();
        let out = clean(rows(), &fields, &meta(), &policy());
        assert_eq!(
            record_lines(&out.records[0]),
            "id: 1\nname: A\npartner_id: Azure #3"
        );
    }
}
