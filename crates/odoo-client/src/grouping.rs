//! Grouping across versions: `formatted_read_group` (19+) or `read_group(lazy=False)`
//! (before), both normalised to [`Group`] with aggregates under `"field:function"`.

use serde_json::{Map, Value};

use crate::error::{Error, ErrorKind};
use crate::names::ModelName;
use crate::protocol::Call;
use crate::request::{Group, GroupBy};
use crate::results::records;
use crate::version::Grouping;

/// The count key of both methods (with `lazy=False` for `read_group`).
const COUNT: &str = "__count";

/// The call that computes `query` with `grouping`.
pub(crate) fn call(grouping: Grouping, model: &ModelName, query: &GroupBy) -> Call {
    let offset = (query.offset > 0).then_some(query.offset);
    match grouping {
        Grouping::FormattedReadGroup => {
            let mut aggregates: Vec<Value> = query
                .aggregates
                .iter()
                .map(|a| Value::from(a.key()))
                .collect();
            aggregates.push(COUNT.into());
            Call::read(model, "formatted_read_group")
                .arg("domain", query.domain.to_json())
                .arg("groupby", query.groupby.clone())
                .arg("aggregates", aggregates)
                .kwarg_opt("order", query.order.clone())
                .kwarg_opt("limit", query.limit)
                .kwarg_opt("offset", offset)
        }
        Grouping::ReadGroup => {
            let fields: Vec<Value> = query
                .aggregates
                .iter()
                .map(|a| Value::from(a.key()))
                .collect();
            Call::read(model, "read_group")
                .arg("domain", query.domain.to_json())
                .arg("fields", fields)
                .arg("groupby", query.groupby.clone())
                .kwarg_opt("offset", offset)
                .kwarg_opt("limit", query.limit)
                .kwarg_opt(
                    "orderby",
                    query.order.as_deref().map(|o| read_group_order(o, query)),
                )
                .kwarg("lazy", false)
        }
    }
}

/// `read_group` orders by the aggregated field's name, not by `"field:function"`.
fn read_group_order(order: &str, query: &GroupBy) -> String {
    order
        .split(',')
        .map(|term| {
            let term = term.trim();
            let (key, rest) = term.split_once(' ').unwrap_or((term, ""));
            let key = query
                .aggregates
                .iter()
                .find(|a| a.key() == key)
                .map_or(key, |a| a.field.as_str());
            if rest.is_empty() {
                key.to_owned()
            } else {
                format!("{key} {}", rest.trim())
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The groups in a `formatted_read_group` or `read_group` result.
pub(crate) fn normalize(
    grouping: Grouping,
    query: &GroupBy,
    result: Value,
) -> Result<Vec<Group>, Error> {
    let method = match grouping {
        Grouping::FormattedReadGroup => "formatted_read_group",
        Grouping::ReadGroup => "read_group",
    };
    records(method, result)?
        .into_iter()
        .map(|row| group(grouping, query, method, &row))
        .collect()
}

fn group(
    grouping: Grouping,
    query: &GroupBy,
    method: &str,
    row: &Map<String, Value>,
) -> Result<Group, Error> {
    let keys: Map<String, Value> = query
        .groupby
        .iter()
        .map(|g| (g.clone(), row.get(g).cloned().unwrap_or(Value::Bool(false))))
        .collect();
    let count = row
        .get(COUNT)
        .or_else(|| match query.groupby.as_slice() {
            [only] => row.get(&format!("{}_count", only.split(':').next().unwrap_or(only))),
            _ => None,
        })
        .and_then(Value::as_u64)
        .ok_or_else(|| {
            Error::new(
                ErrorKind::Decode,
                format!("{method} returned a group without a record count"),
            )
        })?;
    let aggregates = query
        .aggregates
        .iter()
        .map(|a| {
            let source = match grouping {
                Grouping::FormattedReadGroup => a.key(),
                Grouping::ReadGroup => a.field.as_str().to_owned(),
            };
            (
                a.key(),
                row.get(&source).cloned().unwrap_or(Value::Bool(false)),
            )
        })
        .collect();
    Ok(Group {
        keys,
        count,
        aggregates,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::names::FieldName;
    use crate::protocol::samples::sample;
    use crate::request::{Aggregate, AggregateFunction};

    fn by_state() -> GroupBy {
        GroupBy {
            groupby: vec!["state".into()],
            aggregates: vec![Aggregate {
                field: FieldName::new("amount_total").unwrap(),
                function: AggregateFunction::Sum,
            }],
            ..GroupBy::default()
        }
    }

    fn expected() -> Vec<Group> {
        [
            ("draft", 4, json!(5470.0)),
            ("sale", 19, json!(27660.5)),
            ("sent", 1, json!(1740.0)),
        ]
        .into_iter()
        .map(|(state, count, total)| Group {
            keys: json!({"state": state}).as_object().unwrap().clone(),
            count,
            aggregates: json!({"amount_total:sum": total})
                .as_object()
                .unwrap()
                .clone(),
        })
        .collect()
    }

    #[test]
    fn both_grouping_methods_normalise_to_the_same_groups() {
        let formatted = sample("json2_formatted_read_group")["response"]["body"].clone();
        assert_eq!(
            normalize(Grouping::FormattedReadGroup, &by_state(), formatted).unwrap(),
            expected()
        );
        let legacy = sample("json2_read_group_deprecated")["response"]["body"].clone();
        assert_eq!(
            normalize(Grouping::ReadGroup, &by_state(), legacy).unwrap(),
            expected()
        );
        let rpc =
            sample("jsonrpc_execute_kw_read_group_sale")["response"]["body"]["result"].clone();
        assert_eq!(
            normalize(Grouping::ReadGroup, &by_state(), rpc).unwrap(),
            expected()
        );
    }

    #[test]
    fn a_group_without_count_is_a_decode_error() {
        let mut query = by_state();
        query.groupby.push("partner_id".into());
        let e = normalize(Grouping::ReadGroup, &query, json!([{"state": "draft"}])).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode);
    }

    #[test]
    fn read_group_orders_by_field_names() {
        let order = read_group_order("amount_total:sum desc, state", &by_state());
        assert_eq!(order, "amount_total desc, state");
    }
}
