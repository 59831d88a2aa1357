//! The order of groups (`_read_group_orderby`): each term names a groupby of the call — a
//! many2one by its comodel's `_order` — or an aggregate computed for the order alone
//! (`__count`, `field:func`); anything else is Odoo's ValueError. Without an order the
//! groupbys are the order (`formatted_read_group` and `read_group` both pass them on).
//! `read_group` first rewrites its terms as Odoo's compatibility layer does: a groupby's name
//! becomes its annotated spec (`date_order` → `date_order:month`), an aggregated field's name its
//! aggregate (`amount_total` → `amount_total:sum`), `<groupby>_count` → `__count`.

use std::cmp::Ordering;
use std::collections::HashMap;

use serde_json::Value;

use super::{Aggregate, Group, GroupBy, Key, aggregate, cmp_json, parse_aggregate};
use crate::engine::domain::py_repr;
use crate::engine::methods::Call;
use crate::engine::order;
use crate::engine::registry::FieldType;
use crate::fault::{Fault, FaultKind};
use crate::store::Database;

/// What a term sorts by.
enum Target {
    /// The groupby at this index.
    Key(usize),
    /// An aggregate of each group's records.
    Agg(Box<Aggregate>),
}

/// One term of a grouped order.
struct Term {
    target: Target,
    desc: bool,
    nulls_first: Option<bool>,
}

/// A part of an order as `regex_order_part_read_group` reads it (fully matched):
/// `term [asc|desc] [nulls first|nulls last]`, the term being `field[.path][:func]`.
fn split_part(part: &str) -> Option<(&str, bool, Option<bool>)> {
    let words: Vec<&str> = part.split_whitespace().collect();
    let (&term, rest) = words.split_first()?;
    let (head, func) = match term.split_once(':') {
        Some((h, f)) => (h, Some(f)),
        None => (term, None),
    };
    let (field, path) = match head.split_once('.') {
        Some((f, p)) => (f, Some(p)),
        None => (head, None),
    };
    let word = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let valid = word(field)
        && path.is_none_or(|p| p.split('.').all(|w| w.is_empty() || word(w)) && !p.is_empty())
        && func.is_none_or(|f| {
            !f.is_empty() && f.chars().all(|c| c.is_ascii_alphabetic() || c == '_')
        });
    if !valid {
        return None;
    }
    let lower: Vec<String> = rest.iter().map(|w| w.to_ascii_lowercase()).collect();
    let (desc, rest) = match lower.first().map(String::as_str) {
        Some("desc") => (true, &lower[1..]),
        Some("asc") => (false, &lower[1..]),
        _ => (false, &lower[..]),
    };
    let nulls_first = match rest {
        [] => None,
        [n, f] if n == "nulls" && f == "first" => Some(true),
        [n, l] if n == "nulls" && l == "last" => Some(false),
        _ => return None,
    };
    Some((term, desc, nulls_first))
}

/// Parses `order` against the call's groupbys, whose terms (`specs`, as `_read_group` sees
/// them) are matched exactly.
fn parse(call: &Call<'_>, order: &str, specs: &[String]) -> Result<Vec<Term>, Fault> {
    let mut terms = Vec::new();
    for part in order.split(',') {
        let Some((term, desc, nulls_first)) = split_part(part) else {
            return Err(Fault::new(
                FaultKind::ValueError,
                format!(
                    "Invalid order {} for _read_group()",
                    py_repr(&Value::from(order))
                ),
            ));
        };
        let target = match specs.iter().position(|s| s == term) {
            Some(i) => Target::Key(i),
            None => match parse_aggregate(call, term, true) {
                Ok(Some(agg)) => Target::Agg(Box::new(agg)),
                Ok(None)
                | Err(Fault {
                    kind: FaultKind::ValueError,
                    ..
                }) => {
                    return Err(Fault::new(
                        FaultKind::ValueError,
                        format!(
                            "Order term {} is not a valid aggregate nor valid groupby",
                            py_repr(&Value::from(part))
                        ),
                    ));
                }
                Err(other) => return Err(other),
            },
        };
        terms.push(Term {
            target,
            desc,
            nulls_first,
        });
    }
    Ok(terms)
}

/// `read_group`'s rewriting of its `orderby` before `_read_group` sees it: each stripped
/// term starting with a groupby name (the last groupby first) or an aggregate's key takes the
/// annotated spec in its place; the terms are joined again with `,`. No `orderby` orders by
/// the annotated groupbys.
pub(super) fn legacy(
    orderby: Option<&str>,
    groupbys: &[(String, String)],
    aggregates: &[(String, String)],
) -> String {
    let Some(orderby) = orderby.filter(|o| !o.is_empty()) else {
        return groupbys
            .iter()
            .map(|(_, a)| a.as_str())
            .collect::<Vec<_>>()
            .join(",");
    };
    orderby
        .split(',')
        .map(|t| {
            let t = t.trim();
            let keys = groupbys.iter().rev().chain(aggregates);
            for (key, annotated) in keys {
                let key = key.split(':').next().unwrap_or(key);
                if t.starts_with(&format!("{key} ")) || t == key {
                    return t.replace(key, annotated);
                }
            }
            t.to_owned()
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// Sorts `groups` by `order` (the groupbys when empty). `specs` are the groupbys as
/// `_read_group` names them, aligned with `groupbys`.
pub(super) fn sort(
    call: &Call<'_>,
    db: &Database,
    groups: &mut Vec<Group>,
    groupbys: &[GroupBy],
    specs: &[String],
    order: Option<&str>,
) -> Result<(), Fault> {
    let order = match order.filter(|o| !o.trim().is_empty()) {
        Some(o) => o.to_owned(),
        None => specs.join(", "),
    };
    if order.is_empty() {
        return Ok(());
    }
    let terms = parse(call, &order, specs)?;
    let ranks: Vec<HashMap<i64, usize>> = groupbys
        .iter()
        .enumerate()
        .map(|(at, g)| comodel_ranks(call, db, groups, at, g))
        .collect();
    let keys: Vec<Vec<Option<Value>>> = groups
        .iter()
        .map(|g| {
            terms
                .iter()
                .map(|t| sort_value(call, db, g, &t.target, &ranks))
                .collect()
        })
        .collect();
    let mut index: Vec<usize> = (0..groups.len()).collect();
    index.sort_by(|a, b| {
        for (i, t) in terms.iter().enumerate() {
            let o = compare(&keys[*a][i], &keys[*b][i], t);
            if o != Ordering::Equal {
                return o;
            }
        }
        Ordering::Equal
    });
    let mut taken: Vec<Option<Group>> = groups.drain(..).map(Some).collect();
    groups.extend(index.into_iter().filter_map(|i| taken[i].take()));
    Ok(())
}

/// The rank of each related record of a relational groupby in its comodel's `_order`.
fn comodel_ranks(
    call: &Call<'_>,
    db: &Database,
    groups: &[Group],
    at: usize,
    g: &GroupBy,
) -> HashMap<i64, usize> {
    let Some(co) = g.field.relation.as_deref().and_then(|r| call.reg.model(r)) else {
        return HashMap::new();
    };
    let mut all: Vec<i64> = groups
        .iter()
        .filter_map(|gr| match gr.keys.get(at) {
            Some(Key::Id(i)) => Some(*i),
            _ => None,
        })
        .collect();
    all.sort_unstable();
    all.dedup();
    order::sort_default(db, call.reg, co, &mut all);
    all.into_iter().enumerate().map(|(i, id)| (id, i)).collect()
}

/// The value a group sorts by for one term (`None` is SQL's NULL).
fn sort_value(
    call: &Call<'_>,
    db: &Database,
    group: &Group,
    target: &Target,
    ranks: &[HashMap<i64, usize>],
) -> Option<Value> {
    match target {
        Target::Key(i) => match group.keys.get(*i)? {
            Key::Null => None,
            Key::Id(id) => ranks
                .get(*i)
                .and_then(|r| r.get(id))
                .map(|rank| Value::from(*rank))
                .or(Some(Value::from(*id))),
            Key::Val(v) => Some(v.clone()),
            Key::Period(d) => Some(Value::from(d.format("%Y-%m-%d").to_string())),
        },
        Target::Agg(agg) => match aggregate(call, db, &group.ids, agg) {
            Value::Bool(false)
                if agg
                    .field
                    .as_ref()
                    .is_some_and(|f| f.ftype != FieldType::Boolean) =>
            {
                None
            }
            v => Some(v),
        },
    }
}

/// PostgreSQL's order: NULLs last ascending and first descending unless the term says.
fn compare(a: &Option<Value>, b: &Option<Value>, t: &Term) -> Ordering {
    let nulls_first = t.nulls_first.unwrap_or(t.desc);
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) if nulls_first => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) if nulls_first => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(x), Some(y)) => {
            let o = cmp_json(x, y);
            if t.desc { o.reverse() } else { o }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_match_odoos_read_group_order_regex() {
        assert_eq!(
            split_part(" amount_total:sum desc"),
            Some(("amount_total:sum", true, None))
        );
        assert_eq!(
            split_part("partner_id NULLS first"),
            Some(("partner_id", false, Some(true)))
        );
        assert_eq!(
            split_part("date_order:month asc nulls last"),
            Some(("date_order:month", false, Some(false)))
        );
        assert_eq!(split_part(""), None);
        assert_eq!(split_part("name sideways"), None);
        assert_eq!(split_part("na-me"), None);
        assert_eq!(split_part("name:"), None);
    }

    #[test]
    fn legacy_orderby_takes_the_annotated_specs() {
        let groupbys = vec![("date_order".to_owned(), "date_order:month".to_owned())];
        let aggs = vec![
            ("date_order_count".to_owned(), "__count".to_owned()),
            ("amount_total".to_owned(), "amount_total:sum".to_owned()),
        ];
        assert_eq!(
            legacy(Some("date_order desc, amount_total"), &groupbys, &aggs),
            "date_order:month desc,amount_total:sum"
        );
        assert_eq!(
            legacy(Some("date_order_count desc"), &groupbys, &aggs),
            "__count desc"
        );
        assert_eq!(legacy(None, &groupbys, &aggs), "date_order:month");
        assert_eq!(legacy(Some("name"), &groupbys, &aggs), "name");
    }
}
