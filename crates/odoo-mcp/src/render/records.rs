//! Records as tool output: secret fields stripped, values cleaned for `structuredContent`, and
//! a tab-separated text table (one header line, one line per record) for `content`.
//!
//! Tab-separated rows repeat no field name, so they cost the fewest tokens for lists of
//! records; empty values are empty cells.

use crate::field_type::FieldType;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use odoo_client::Rows;
use serde_json::Value;

use super::value::{compact, is_empty_cell, push_cell};
use crate::metadata::ModelMeta;
use crate::policy::Policy;

/// Records cleaned for output, as rows of values (no field name repeated per record), and the
/// secret fields that were removed.
#[derive(Debug, Default)]
pub(crate) struct CleanRecords {
    /// The fields returned besides `id`, in the order asked.
    pub(crate) fields: Vec<String>,
    /// One row per record: `id`, then one value per entry of `fields` (many2one values are
    /// `[id, "name"]`, empty values null).
    pub(crate) rows: Vec<Vec<Value>>,
    /// Secret fields removed from at least one record.
    pub(crate) removed: Vec<String>,
    /// Whether a record holds a datetime value.
    pub(crate) has_datetime: bool,
}

impl CleanRecords {
    /// The ids of the rows, in order.
    pub(crate) fn ids(&self) -> impl Iterator<Item = i64> + '_ {
        self.rows
            .iter()
            .filter_map(|row| row.first().and_then(Value::as_i64))
    }
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
        None => policy.is_secret_name(name),
    }
}

/// Cleans rows read from Odoo for output: `id`, then the rows' fields in order; withheld
/// fields (secrets, relations into hidden models) dropped, values converted in place. Each
/// field's metadata and secrecy is looked up once, not per record.
pub(crate) fn clean(rows: Rows, meta: &ModelMeta, policy: &Policy) -> CleanRecords {
    let (fields, mut rows) = rows.into_parts();
    let mut out = CleanRecords::default();
    // Per field: kept (with its metadata and whether it is a datetime) or withheld.
    let mut kept = Vec::with_capacity(fields.len());
    let mut columns = Vec::with_capacity(fields.len());
    for field in &fields {
        let name = field.as_str();
        if is_withheld(policy, meta, name) {
            kept.push(false);
            if !rows.is_empty() {
                out.removed.push(name.to_owned());
            }
        } else {
            kept.push(true);
            let info = meta.field(name);
            let datetime = info.is_some_and(|f| f.ftype == FieldType::Datetime);
            columns.push((info, datetime));
            out.fields.push(name.to_owned());
        }
    }
    let withheld = kept.contains(&false);
    for row in &mut rows {
        if withheld {
            let mut column = 0;
            row.retain(|_| {
                // Cell 0 is the id.
                let keep = column == 0 || kept[column - 1];
                column += 1;
                keep
            });
        }
        for (value, (info, datetime)) in row.iter_mut().skip(1).zip(&columns) {
            compact(value, *info);
            out.has_datetime |= *datetime && !value.is_null();
        }
    }
    out.rows = rows;
    out
}

/// A tab-separated table: a header line of column names, then one line per record.
/// Columns empty in every record are left out, and a line ends at its last non-empty cell
/// (empty cells cost tokens and say nothing). A many2one cell is `Name #id`; when a column
/// shows the same record again, the repeat is `Name` alone — unless two records of that
/// column share the name.
pub(crate) fn table(records: &CleanRecords) -> String {
    let width = records.fields.len() + 1;
    let name = |i: usize| {
        if i == 0 {
            "id"
        } else {
            records.fields[i - 1].as_str()
        }
    };
    let keep: Vec<usize> = (0..width)
        .filter(|&i| i == 0 || records.rows.iter().any(|row| !is_empty_cell(&row[i])))
        .collect();
    let mut repeats: Vec<Repeats<'_>> = keep
        .iter()
        .map(|&i| Repeats::of(records.rows.iter().map(|row| &row[i])))
        .collect();
    let header: Vec<&str> = keep.iter().map(|&i| name(i)).collect();
    let mut table = super::tsv::Writer::new(&header, records.rows.len() * keep.len() * 16);
    for row in &records.rows {
        table.start_row();
        for (n, &i) in keep.iter().enumerate() {
            let out = table.cell();
            match many2one(&row[i]) {
                Some((id, name)) if repeats[n].seen_before(id, name) => {
                    super::value::push_clean_text(out, name);
                }
                _ => push_cell(out, &row[i]),
            }
        }
        table.trim_row_end();
    }
    table.finish()
}

/// `[id, "name"]`.
fn many2one(value: &Value) -> Option<(i64, &str)> {
    match value.as_array().map(Vec::as_slice) {
        Some([id, Value::String(name)]) => id.as_i64().map(|id| (id, name.as_str())),
        _ => None,
    }
}

/// The many2one records of one column already shown, and the names that more than one record
/// of the column carries (those keep their `#id` every time).
struct Repeats<'a> {
    names: HashMap<&'a str, Option<i64>>,
    shown: HashSet<i64>,
}

impl<'a> Repeats<'a> {
    fn of(cells: impl Iterator<Item = &'a Value>) -> Self {
        let mut names: HashMap<&'a str, Option<i64>> = HashMap::new();
        for (id, name) in cells.filter_map(many2one) {
            names
                .entry(name)
                .and_modify(|known| {
                    if *known != Some(id) {
                        *known = None;
                    }
                })
                .or_insert(Some(id));
        }
        Self {
            names,
            shown: HashSet::new(),
        }
    }

    /// Whether this record was shown before in the column under a name no other record has;
    /// notes it as shown.
    fn seen_before(&mut self, id: i64, name: &str) -> bool {
        if self.names.get(name) != Some(&Some(id)) {
            return false;
        }
        !self.shown.insert(id)
    }
}

/// One record (row `index`) as `field: value` lines (empty values left out), for
/// single-record views.
pub(crate) fn record_lines(records: &CleanRecords, index: usize) -> String {
    let mut out = String::new();
    let Some(row) = records.rows.get(index) else {
        return out;
    };
    let names = std::iter::once("id").chain(records.fields.iter().map(String::as_str));
    for (name, value) in names.zip(row) {
        if is_empty_cell(value) {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        let _ = write!(out, "{name}: ");
        push_cell(&mut out, value);
    }
    out
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

    /// Odoo's records as the client's rows of `fields`.
    fn rows_of(fields: &[&str], records: Vec<Value>) -> Rows {
        let fields: Vec<odoo_client::FieldName> = fields
            .iter()
            .map(|f| odoo_client::FieldName::new(f).unwrap())
            .collect();
        let records = records
            .into_iter()
            .map(|v| v.as_object().unwrap().clone())
            .collect();
        Rows::from_records("read", &fields, records).unwrap()
    }

    fn rows(fields: &[&str]) -> Rows {
        rows_of(
            fields,
            vec![
                json!({"id": 1, "name": "A", "partner_id": [3, "Azure"], "email": false, "signup_token": "s3cret"}),
                json!({"id": 2, "name": "B", "partner_id": false, "email": false, "signup_token": false}),
            ],
        )
    }

    #[test]
    fn a_datetime_shown_gets_the_utc_note() {
        let meta = ModelMeta::from_fields_get(
            json!({"name": {"type": "char"}, "date_order": {"type": "datetime"}})
                .as_object()
                .unwrap(),
        );
        let rows = |v: Value| rows_of(&["name", "date_order"], vec![v]);
        let with = clean(
            rows(json!({"id": 1, "name": "S1", "date_order": "2026-12-06 20:05:00"})),
            &meta,
            &policy(),
        );
        assert_eq!(
            datetime_note(with.has_datetime),
            "\nDatetimes are UTC (\"YYYY-MM-DD HH:MM:SS\", as Odoo stores them; convert for the user's time zone); dates have no time zone."
        );
        let without = clean(
            rows(json!({"id": 1, "name": "S1", "date_order": false})),
            &meta,
            &policy(),
        );
        assert_eq!(datetime_note(without.has_datetime), "");
    }

    #[test]
    fn secrets_are_stripped_even_when_asked() {
        let out = clean(
            rows(&["name", "signup_token", "partner_id"]),
            &meta(),
            &policy(),
        );
        assert_eq!(out.removed, vec!["signup_token".to_owned()]);
        assert_eq!(out.fields, ["name", "partner_id"]);
        // The columns after the secret one keep their place.
        assert_eq!(
            out.rows,
            vec![
                vec![json!(1), json!("A"), json!([3, "Azure"])],
                vec![json!(2), json!("B"), Value::Null],
            ]
        );
        assert!(!format!("{:?}", out.rows).contains("s3cret"));
    }

    #[test]
    fn rows_follow_the_fields_and_many2one_stays_a_pair() {
        let fields = ["name", "partner_id", "email"];
        let out = clean(rows(&fields), &meta(), &policy());
        assert_eq!(out.fields, fields);
        assert_eq!(
            out.rows,
            vec![
                vec![json!(1), json!("A"), json!([3, "Azure"]), Value::Null],
                vec![json!(2), json!("B"), Value::Null, Value::Null],
            ]
        );
        assert_eq!(out.ids().collect::<Vec<_>>(), vec![1, 2]);
    }

    #[test]
    fn table_has_a_header_and_drops_empty_columns_and_trailing_cells() {
        let out = clean(rows(&["name", "partner_id", "email"]), &meta(), &policy());
        let text = table(&out);
        assert_eq!(text, "id\tname\tpartner_id\n1\tA\tAzure #3\n2\tB");
    }

    #[test]
    fn a_repeated_many2one_shows_its_id_once_unless_the_name_is_shared() {
        let records = CleanRecords {
            fields: vec!["partner_id".to_owned(), "user_id".to_owned()],
            rows: vec![
                vec![json!(1), json!([3, "Azure"]), json!([5, "Ann"])],
                vec![json!(2), json!([3, "Azure"]), json!([6, "Ann"])],
                vec![json!(3), json!([4, "Deco"]), json!([5, "Ann"])],
                vec![json!(4), json!([3, "Azure"]), Value::Null],
            ],
            ..CleanRecords::default()
        };
        assert_eq!(
            table(&records),
            "id\tpartner_id\tuser_id\n1\tAzure #3\tAnn #5\n2\tAzure\tAnn #6\n3\tDeco #4\tAnn #5\n4\tAzure"
        );
    }

    #[test]
    fn record_lines_skip_empty_values() {
        let out = clean(rows(&["name", "partner_id", "email"]), &meta(), &policy());
        assert_eq!(
            record_lines(&out, 0),
            "id: 1\nname: A\npartner_id: Azure #3"
        );
        assert_eq!(record_lines(&out, 7), "");
    }
}
