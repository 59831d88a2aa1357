//! Grouping across versions: `formatted_read_group` (19+) or `read_group(lazy=False)`
//! (before), both normalised to [`Group`] with aggregates under `"field:function"`.

use serde_json::{Map, Value};

use crate::error::{Error, ErrorKind};
use crate::names::ModelName;
use crate::order::Order;
use crate::protocol::Call;
use crate::request::{Aggregate, Group, GroupBy};
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
                .map(|a| match read_group_alias(query, a) {
                    Some(alias) => format!("{alias}:{}({})", a.function.as_str(), a.field),
                    None => a.key(),
                })
                .map(Value::from)
                .collect();
            Call::read(model, "read_group")
                .arg("domain", query.domain.to_json())
                .arg("fields", fields)
                .arg("groupby", query.groupby.clone())
                .kwarg_opt("offset", offset)
                .kwarg_opt("limit", query.limit)
                .kwarg_opt(
                    "orderby",
                    query.order.as_ref().map(|o| read_group_order(o, query)),
                )
                .kwarg("lazy", false)
        }
    }
}

/// `read_group` keys an aggregate by its field's name, so two aggregates of one field would
/// collide: those get an alias (`"<field>_<function>:<function>(<field>)"`), keyed by it.
fn read_group_alias(query: &GroupBy, aggregate: &Aggregate) -> Option<String> {
    let same_field = query
        .aggregates
        .iter()
        .filter(|a| a.field == aggregate.field)
        .count();
    (same_field > 1).then(|| format!("{}_{}", aggregate.field, aggregate.function.as_str()))
}

/// The key of an aggregate in a `read_group` row (and in its `orderby`).
fn read_group_key(query: &GroupBy, aggregate: &Aggregate) -> String {
    read_group_alias(query, aggregate).unwrap_or_else(|| aggregate.field.as_str().to_owned())
}

/// `read_group` orders by the aggregated field's name (or alias), not by `"field:function"`.
fn read_group_order(order: &Order, query: &GroupBy) -> Order {
    order.map_paths(|key| {
        query
            .aggregates
            .iter()
            .find(|a| a.key() == key)
            .map_or_else(|| key.to_owned(), |a| read_group_key(query, a))
    })
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
        .map(|g| {
            let value = row.get(g).cloned().unwrap_or(Value::Bool(false));
            (g.clone(), period_key(row, g, value))
        })
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
                Grouping::ReadGroup => read_group_key(query, a),
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

/// A date group's key in `formatted_read_group`'s shape, `[start, label]`: `read_group`
/// (before 19) gives the bare label and the period's bounds in `__range` (for a datetime,
/// the bound is the period's start in UTC).
fn period_key(row: &Map<String, Value>, groupby: &str, value: Value) -> Value {
    let from = row
        .get("__range")
        .and_then(|r| r.get(groupby))
        .and_then(|r| r.get("from"))
        .filter(|f| f.is_string());
    match (value, from) {
        (Value::String(label), Some(from)) => Value::Array(vec![from.clone(), label.into()]),
        (value, _) => value,
    }
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
    fn read_group_date_keys_take_formatted_read_group_shape() {
        let query = GroupBy {
            groupby: vec!["date_order:month".into()],
            ..GroupBy::default()
        };
        let legacy = json!([{"date_order:month": "November 2026", "__count": 3,
            "__range": {"date_order:month": {"from": "2026-11-01 00:00:00", "to": "2026-12-01 00:00:00"}}},
            {"date_order:month": false, "__count": 1, "__range": {"date_order:month": false}}]);
        let groups = normalize(Grouping::ReadGroup, &query, legacy).unwrap();
        assert_eq!(
            groups[0].keys["date_order:month"],
            json!(["2026-11-01 00:00:00", "November 2026"])
        );
        assert_eq!(groups[1].keys["date_order:month"], json!(false));
        let formatted =
            json!([{"date_order:month": ["2026-11-01 00:00:00", "November 2026"], "__count": 3}]);
        let same = normalize(Grouping::FormattedReadGroup, &query, formatted).unwrap();
        assert_eq!(same[0].keys, groups[0].keys);
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
        let order = Order::parse("amount_total:sum desc, state").unwrap();
        let order = read_group_order(&order, &by_state());
        assert_eq!(order.to_string(), "amount_total desc, state");
    }

    #[test]
    fn two_aggregates_of_one_field_get_aliases_before_19() {
        let mut query = by_state();
        query.aggregates.push(Aggregate {
            field: FieldName::new("amount_total").unwrap(),
            function: AggregateFunction::Max,
        });
        let model = ModelName::new("sale.order").unwrap();
        let call = call(Grouping::ReadGroup, &model, &query);
        let fields = call
            .args
            .iter()
            .find(|(name, _)| *name == "fields")
            .map(|(_, v)| v.clone());
        assert_eq!(
            fields,
            Some(json!([
                "amount_total_sum:sum(amount_total)",
                "amount_total_max:max(amount_total)"
            ]))
        );
        let row = json!([{"state": "sale", "__count": 2,
                          "amount_total_sum": 300.0, "amount_total_max": 200.0}]);
        let groups = normalize(Grouping::ReadGroup, &query, row).unwrap();
        assert_eq!(groups[0].aggregates["amount_total:sum"], json!(300.0));
        assert_eq!(groups[0].aggregates["amount_total:max"], json!(200.0));
        assert_eq!(
            read_group_order(&Order::parse("amount_total:max desc").unwrap(), &query).to_string(),
            "amount_total_max desc"
        );
    }
}
