//! Groups of a grouping (`aggregate_records`) as tool output: keys shaped like record values
//! for `structuredContent` (`{id, name}`, `{value, label}`, null), and the text table.

use odoo_client::Group;
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::value::cell;

/// One group.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(inline)]
pub(crate) struct GroupOutput {
    /// Group key → value: `{id, name}` for a relation, `{value, label}` for a date period,
    /// the plain value otherwise, null for "none".
    pub(crate) keys: Map<String, Value>,
    /// Records in the group.
    pub(crate) count: u64,
    /// `"field:function"` → value.
    pub(crate) aggregates: Map<String, Value>,
}

impl From<Group> for GroupOutput {
    fn from(g: Group) -> Self {
        Self {
            keys: g
                .keys
                .iter()
                .map(|(k, v)| (k.clone(), key_value(k, v)))
                .collect(),
            count: g.count,
            aggregates: g.aggregates,
        }
    }
}

/// A group key's value for output: `{id, name}`, `{value, label}`, null or as is.
fn key_value(key: &str, value: &Value) -> Value {
    match value {
        Value::Bool(false) => Value::Null,
        Value::Array(pair) if pair.len() == 2 && key.contains(':') => {
            json!({"value": pair[0], "label": pair[1]})
        }
        Value::Array(pair) if pair.len() == 2 && pair[0].is_i64() => {
            json!({"id": pair[0], "name": pair[1]})
        }
        other => other.clone(),
    }
}

fn key_cell(value: &Value) -> String {
    match value {
        Value::Null => "(none)".into(),
        Value::Object(o) if o.contains_key("label") => cell(o.get("label").unwrap_or(&Value::Null)),
        other => cell(other),
    }
}

/// The groups as a table: one column per key, `count`, one per aggregate.
pub(crate) fn table(group_by: &[String], aggregates: &[String], groups: &[GroupOutput]) -> String {
    let mut header: Vec<&str> = group_by.iter().map(String::as_str).collect();
    header.push("count");
    header.extend(aggregates.iter().map(String::as_str));
    let rows: Vec<Vec<String>> = groups
        .iter()
        .map(|g| {
            let mut cells: Vec<String> = group_by
                .iter()
                .map(|k| key_cell(g.keys.get(k).unwrap_or(&Value::Null)))
                .collect();
            cells.push(g.count.to_string());
            cells.extend(
                aggregates
                    .iter()
                    .map(|k| cell(g.aggregates.get(k).unwrap_or(&Value::Null))),
            );
            cells
        })
        .collect();
    super::tsv::write(&header, &rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_keys_are_shaped_for_output() {
        assert_eq!(
            key_value("partner_id", &json!([7, "Azure"])),
            json!({"id": 7, "name": "Azure"})
        );
        assert_eq!(
            key_value("date_order:month", &json!(["2026-10-01", "October 2026"])),
            json!({"value": "2026-10-01", "label": "October 2026"})
        );
        assert_eq!(key_value("state", &json!(false)), Value::Null);
        assert_eq!(
            key_cell(&key_value(
                "date_order:month",
                &json!(["2026-10-01", "October 2026"])
            )),
            "October 2026"
        );
        assert_eq!(key_cell(&Value::Null), "(none)");
    }

    #[test]
    fn the_table_has_keys_count_and_aggregates() {
        let group = |partner: Value, count, total: f64| {
            GroupOutput::from(Group {
                keys: [("partner_id".to_owned(), partner)].into_iter().collect(),
                count,
                aggregates: [("amount_total:sum".to_owned(), json!(total))]
                    .into_iter()
                    .collect(),
            })
        };
        let groups = [
            group(json!([7, "Azure"]), 2, 300.5),
            group(json!(false), 1, 10.0),
        ];
        let text = table(
            &["partner_id".to_owned()],
            &["amount_total:sum".to_owned()],
            &groups,
        );
        assert_eq!(
            text,
            "partner_id\tcount\tamount_total:sum\nAzure #7\t2\t300.5\n(none)\t1\t10.0"
        );
    }
}
