//! Grouping: `read_group` (all versions) and `formatted_read_group` (19+): group keys
//! (many2one `[id, name]`, periods `date:month|year|quarter|week|day`, empty → `false`),
//! aggregates (`field:sum|avg|min|max|count|count_distinct|bool_and|bool_or`, `__count`),
//! group domains, order, offset and limit.

mod ordering;

use std::cmp::Ordering;

use chrono::{Datelike, Duration, NaiveDate};
use serde_json::{Map, Value, json};

use super::Call;
use crate::engine::access::Op;
use crate::engine::dates;
use crate::engine::order;
use crate::engine::records;
use crate::engine::registry::{Field, FieldType};
use crate::fault::{Fault, FaultKind};
use crate::store::Database;

struct GroupBy {
    spec: String,
    field: Field,
    granularity: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum Key {
    Null,
    Id(i64),
    Val(Value),
    Period(NaiveDate),
}

struct Aggregate {
    key: String,
    field: Option<Field>,
    func: String,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn parse_groupby(call: &Call<'_>, spec: &str) -> Result<GroupBy, Fault> {
    let (fname, gran) = match spec.split_once(':') {
        Some((f, g)) => (f, Some(g.to_owned())),
        None => (spec, None),
    };
    let Some(field) = call.model.field(fname) else {
        return Err(Fault::new(
            FaultKind::ValueError,
            format!("Invalid field '{fname}' on model '{}'", call.name()),
        ));
    };
    let granularity = match field.ftype {
        FieldType::Date | FieldType::Datetime => Some(gran.unwrap_or_else(|| "month".into())),
        _ => None,
    };
    if let Some(g) = &granularity
        && !matches!(g.as_str(), "day" | "week" | "month" | "quarter" | "year")
    {
        return Err(Fault::new(
            FaultKind::ValueError,
            format!("Invalid granularity '{g}' for field '{fname}'"),
        ));
    }
    Ok(GroupBy {
        spec: spec.to_owned(),
        field: field.clone(),
        granularity,
    })
}

fn period_start(d: NaiveDate, gran: &str) -> NaiveDate {
    match gran {
        "year" => NaiveDate::from_ymd_opt(d.year(), 1, 1).unwrap_or(d),
        "quarter" => NaiveDate::from_ymd_opt(d.year(), (d.month0() / 3) * 3 + 1, 1).unwrap_or(d),
        "month" => NaiveDate::from_ymd_opt(d.year(), d.month(), 1).unwrap_or(d),
        "week" => d - Duration::days(i64::from(d.weekday().num_days_from_monday())),
        _ => d,
    }
}

fn period_end(start: NaiveDate, gran: &str) -> NaiveDate {
    match gran {
        "year" => NaiveDate::from_ymd_opt(start.year() + 1, 1, 1).unwrap_or(start),
        "quarter" | "month" => {
            let months = if gran == "quarter" { 3 } else { 1 };
            let m0 = start.month0() + months;
            NaiveDate::from_ymd_opt(start.year() + (m0 / 12) as i32, m0 % 12 + 1, 1)
                .unwrap_or(start)
        }
        "week" => start + Duration::days(7),
        _ => start + Duration::days(1),
    }
}

fn period_label(start: NaiveDate, gran: &str) -> String {
    match gran {
        "year" => start.year().to_string(),
        "quarter" => format!("Q{} {}", start.month0() / 3 + 1, start.year()),
        "month" => format!("{} {}", MONTHS[start.month0() as usize], start.year()),
        "week" => format!("W{} {}", start.iso_week().week(), start.iso_week().year()),
        _ => format!(
            "{:02} {} {}",
            start.day(),
            &MONTHS[start.month0() as usize][..3],
            start.year()
        ),
    }
}

fn key_of(call: &Call<'_>, db: &Database, tz: &str, id: i64, g: &GroupBy) -> Key {
    let raw = records::stored(db, call.reg, call.model, id, &g.field.name);
    match g.field.ftype {
        FieldType::Many2one => raw.as_i64().map(Key::Id).unwrap_or(Key::Null),
        FieldType::Date | FieldType::Datetime => {
            let s = raw.as_str().unwrap_or_default();
            let date = if g.field.ftype == FieldType::Date {
                dates::parse_date(s.get(..10).unwrap_or_default())
            } else {
                dates::parse_datetime(s)
                    .map(|dt| (dt + Duration::minutes(dates::offset_minutes(tz, dt))).date())
            };
            match date {
                Some(d) => {
                    Key::Period(period_start(d, g.granularity.as_deref().unwrap_or("month")))
                }
                None => Key::Null,
            }
        }
        FieldType::Boolean => Key::Val(Value::Bool(raw.as_bool().unwrap_or(false))),
        FieldType::One2many | FieldType::Many2many => {
            let ids = records::related_ids(db, call.reg, call.model, id, &g.field.name);
            ids.first().copied().map(Key::Id).unwrap_or(Key::Null)
        }
        _ => match raw {
            Value::Null => Key::Null,
            Value::String(s) if s.is_empty() => Key::Null,
            v => Key::Val(v),
        },
    }
}

fn key_value(call: &Call<'_>, db: &Database, g: &GroupBy, key: &Key, formatted: bool) -> Value {
    match key {
        Key::Null => Value::Bool(false),
        Key::Id(id) => {
            let co = g.field.relation.as_deref().unwrap_or_default();
            json!([id, records::display_name(db, call.reg, co, *id)])
        }
        Key::Val(v) => v.clone(),
        Key::Period(start) => {
            let gran = g.granularity.as_deref().unwrap_or("month");
            let label = period_label(*start, gran);
            if formatted {
                let s = if g.field.ftype == FieldType::Datetime {
                    format!("{} 00:00:00", start.format("%Y-%m-%d"))
                } else {
                    start.format("%Y-%m-%d").to_string()
                };
                json!([s, label])
            } else {
                Value::from(label)
            }
        }
    }
}

fn key_domain(g: &GroupBy, tz: &str, key: &Key) -> Vec<Value> {
    let f = g.field.name.as_str();
    match key {
        Key::Null => vec![json!([f, "=", false])],
        Key::Id(id) => vec![json!([f, "=", id])],
        Key::Val(v) => vec![json!([f, "=", v])],
        Key::Period(start) => {
            let gran = g.granularity.as_deref().unwrap_or("month");
            let end = period_end(*start, gran);
            let fmt = |d: NaiveDate| {
                if g.field.ftype == FieldType::Datetime {
                    dates::fmt_datetime(dates::local_midnight_utc(tz, d))
                } else {
                    d.format("%Y-%m-%d").to_string()
                }
            };
            vec![
                json!("&"),
                json!([f, ">=", fmt(*start)]),
                json!([f, "<", fmt(end)]),
            ]
        }
    }
}

/// The period a date group covers, as `read_group`'s `__range` gives it per date groupby:
/// `{"from", "to"}` (datetimes in UTC, from the user's local midnight), `false` for the
/// group of records without a date; `None` for a groupby that is not by date.
fn key_range(g: &GroupBy, tz: &str, key: &Key) -> Option<Value> {
    if !matches!(g.field.ftype, FieldType::Date | FieldType::Datetime) {
        return None;
    }
    match key {
        Key::Period(start) => {
            let gran = g.granularity.as_deref().unwrap_or("month");
            let end = period_end(*start, gran);
            let fmt = |d: NaiveDate| {
                if g.field.ftype == FieldType::Datetime {
                    dates::fmt_datetime(dates::local_midnight_utc(tz, d))
                } else {
                    d.format("%Y-%m-%d").to_string()
                }
            };
            Some(json!({"from": fmt(*start), "to": fmt(end)}))
        }
        _ => Some(Value::Bool(false)),
    }
}

fn and_domains(parts: Vec<Vec<Value>>) -> Vec<Value> {
    let parts: Vec<Vec<Value>> = parts.into_iter().filter(|p| !p.is_empty()).collect();
    let mut out = Vec::new();
    for _ in 1..parts.len() {
        out.push(json!("&"));
    }
    for p in parts {
        out.extend(p);
    }
    out
}

fn parse_aggregate(
    call: &Call<'_>,
    spec: &str,
    formatted: bool,
) -> Result<Option<Aggregate>, Fault> {
    if spec == "__count" {
        return Ok(Some(Aggregate {
            key: "__count".into(),
            field: None,
            func: "count".into(),
        }));
    }
    let (fname, func) = match spec.split_once(':') {
        Some((f, a)) => (f, Some(a.to_owned())),
        None => (spec, None),
    };
    let (fname, func, alias) = match spec.split_once('(') {
        // read_group's "alias:agg(field)" form: the result is keyed by the alias.
        Some((head, rest)) if !formatted => {
            let alias = head.split(':').next().unwrap_or(head);
            let inner = rest.trim_end_matches(')');
            let func = head.split(':').nth(1).map(str::to_owned);
            (inner, func, Some(alias))
        }
        _ => (fname, func, None),
    };
    let Some(field) = call.model.field(fname) else {
        return Err(Fault::new(
            FaultKind::ValueError,
            format!("Invalid field '{fname}' on model '{}'", call.name()),
        ));
    };
    let func = match func {
        Some(f) => f,
        None => match field.attrs.get("aggregator").and_then(Value::as_str) {
            Some(a) => a.to_owned(),
            None if formatted => {
                return Err(Fault::new(
                    FaultKind::ValueError,
                    format!("Invalid aggregate specification '{spec}'"),
                ));
            }
            None => return Ok(None),
        },
    };
    if !matches!(
        func.as_str(),
        "sum"
            | "avg"
            | "min"
            | "max"
            | "count"
            | "count_distinct"
            | "bool_and"
            | "bool_or"
            | "array_agg"
            | "recordset"
            | "sum_currency"
    ) {
        return Err(Fault::new(
            FaultKind::ValueError,
            format!("Invalid aggregation function {func:?}."),
        ));
    }
    check_sql_aggregate(field, &func)?;
    let key = if formatted {
        spec.to_owned()
    } else {
        alias.unwrap_or(fname).to_owned()
    };
    Ok(Some(Aggregate {
        key,
        field: Some(field.clone()),
        func,
    }))
}

/// PostgreSQL's refusal of an aggregate the column's type has no function for (`sum` or `avg`
/// of text, dates or booleans; `min`/`max` of booleans; `bool_and`/`bool_or` of anything but
/// booleans): Odoo passes `field:func` to SQL as it is.
fn check_sql_aggregate(field: &Field, func: &str) -> Result<(), Fault> {
    let sql_type = match field.ftype {
        FieldType::Char | FieldType::Selection => "character varying",
        FieldType::Text | FieldType::Html => "text",
        FieldType::Date => "date",
        FieldType::Datetime => "timestamp without time zone",
        FieldType::Boolean => "boolean",
        FieldType::Integer | FieldType::Many2one => "integer",
        FieldType::Float => "double precision",
        FieldType::Monetary => "numeric",
        _ => return Ok(()),
    };
    let numeric = matches!(sql_type, "integer" | "double precision" | "numeric");
    let defined = match func {
        "sum" | "avg" => numeric,
        "min" | "max" => sql_type != "boolean",
        "bool_and" | "bool_or" => sql_type == "boolean",
        _ => true,
    };
    if defined || !field.store {
        return Ok(());
    }
    Err(Fault::new(
        FaultKind::UndefinedFunction,
        format!(
            "function {func}({sql_type}) does not exist\nHINT:  No function matches the given name and argument types. You might need to add explicit type casts.\n"
        ),
    ))
}

fn aggregate(call: &Call<'_>, db: &Database, ids: &[i64], agg: &Aggregate) -> Value {
    let Some(field) = &agg.field else {
        return Value::from(ids.len());
    };
    let raws: Vec<Value> = ids
        .iter()
        .map(|id| records::stored(db, call.reg, call.model, *id, &field.name))
        .collect();
    let nums: Vec<f64> = raws.iter().filter_map(Value::as_f64).collect();
    let int = field.ftype == FieldType::Integer || field.ftype == FieldType::Many2one;
    let num = |x: f64| {
        if int {
            Value::from(x as i64)
        } else {
            Value::from(x)
        }
    };
    match agg.func.as_str() {
        "sum" | "sum_currency" => num(exact_sum(&nums)),
        "avg" => {
            if nums.is_empty() {
                Value::Bool(false)
            } else {
                Value::from(nums.iter().sum::<f64>() / nums.len() as f64)
            }
        }
        "min" | "max" => {
            if field.ftype.is_number() || int {
                let it = nums.iter().copied();
                let v = if agg.func == "min" {
                    it.reduce(f64::min)
                } else {
                    it.reduce(f64::max)
                };
                v.map(num).unwrap_or(Value::Bool(false))
            } else {
                let mut strs: Vec<String> = raws
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect();
                strs.sort();
                let v = if agg.func == "min" {
                    strs.first()
                } else {
                    strs.last()
                };
                v.map(|s| Value::from(s.clone()))
                    .unwrap_or(Value::Bool(false))
            }
        }
        "count" => Value::from(raws.iter().filter(|v| !v.is_null()).count()),
        "count_distinct" => {
            let mut seen: Vec<&Value> = Vec::new();
            for v in raws.iter().filter(|v| !v.is_null()) {
                if !seen.contains(&v) {
                    seen.push(v);
                }
            }
            Value::from(seen.len())
        }
        "bool_and" => Value::Bool(raws.iter().all(|v| v.as_bool() == Some(true))),
        "bool_or" => Value::Bool(raws.iter().any(|v| v.as_bool() == Some(true))),
        _ => Value::from(ids.to_vec()),
    }
}

fn list_of_strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_owned))
            .collect(),
        Some(Value::String(s)) => s
            .split(',')
            .map(|x| x.trim().to_owned())
            .filter(|x| !x.is_empty())
            .collect(),
        _ => Vec::new(),
    }
}

struct Group {
    keys: Vec<Key>,
    ids: Vec<i64>,
}

fn build_groups(
    call: &Call<'_>,
    db: &Database,
    groupbys: &[GroupBy],
    aggs: &[Aggregate],
) -> Result<(Vec<Group>, String), Fault> {
    call.check(db, Op::Read)?;
    let node = call.domain("domain")?;
    let searcher = call.searcher(db)?;
    let mut ids = searcher.search(call.model, &node, call.active_test())?;
    // After the domain, the groupby and aggregate fields go through `_field_to_sql`, which
    // refuses fields the user may not read.
    let named = groupbys
        .iter()
        .map(|g| &g.field)
        .chain(aggs.iter().filter_map(|a| a.field.as_ref()));
    for field in named {
        call.check_field_read(db, &field.name)?;
    }
    order::sort_default(db, call.reg, call.model, &mut ids);
    let tz = call.tz(db);
    let mut groups: Vec<Group> = Vec::new();
    for id in ids {
        let keys: Vec<Key> = groupbys
            .iter()
            .map(|g| key_of(call, db, &tz, id, g))
            .collect();
        match groups.iter_mut().find(|g| g.keys == keys) {
            Some(g) => g.ids.push(id),
            None => groups.push(Group {
                keys,
                ids: vec![id],
            }),
        }
    }
    Ok((groups, tz))
}

fn cmp_json(x: &Value, y: &Value) -> Ordering {
    match (x, y) {
        (Value::Number(a), Value::Number(b)) => a
            .as_f64()
            .partial_cmp(&b.as_f64())
            .unwrap_or(Ordering::Equal),
        (Value::String(a), Value::String(b)) => a.as_bytes().cmp(b.as_bytes()),
        (Value::Bool(a), Value::Bool(b)) => a.cmp(b),
        _ => Ordering::Equal,
    }
}

fn page(call: &Call<'_>, db: &Database, rows: Vec<Map<String, Value>>) -> Result<Value, Fault> {
    let offset = usize::try_from(call.int_arg(db, "offset")?.unwrap_or(0).max(0)).unwrap_or(0);
    let limit = call.int_arg(db, "limit")?.filter(|l| *l > 0);
    let mut rows: Vec<Value> = rows.into_iter().skip(offset).map(Value::Object).collect();
    if let Some(l) = limit {
        rows.truncate(usize::try_from(l).unwrap_or(usize::MAX));
    }
    Ok(Value::Array(rows))
}

/// `read_group(domain, fields, groupby, offset, limit, orderby, lazy)`.
pub(crate) fn read_group(call: &Call<'_>, db: &Database) -> Result<Value, Fault> {
    let mut specs = list_of_strings(call.arg("groupby"));
    let lazy = call.arg("lazy").and_then(Value::as_bool).unwrap_or(true);
    let rest: Vec<String> = if lazy && specs.len() > 1 {
        specs.split_off(1)
    } else {
        Vec::new()
    };
    let groupbys: Vec<GroupBy> = specs
        .iter()
        .map(|s| parse_groupby(call, s))
        .collect::<Result<_, _>>()?;
    let mut aggs = Vec::new();
    for f in list_of_strings(call.arg("fields")) {
        if groupbys.iter().any(|g| g.field.name == f) {
            continue;
        }
        if let Some(a) = parse_aggregate(call, &f, false)? {
            aggs.push(a);
        }
    }
    let (mut groups, tz) = build_groups(call, db, &groupbys, &aggs)?;
    let count_key = if lazy && !groupbys.is_empty() {
        format!("{}_count", groupbys[0].field.name)
    } else {
        "__count".to_owned()
    };
    // `_read_group` sees the groupbys annotated (dates with their granularity) and the
    // `orderby` rewritten onto them.
    let annotated: Vec<(String, String)> = groupbys
        .iter()
        .map(|g| {
            let term = match &g.granularity {
                Some(gran) => format!("{}:{gran}", g.field.name),
                None => g.spec.clone(),
            };
            (g.spec.clone(), term)
        })
        .collect();
    let annotated_aggs = legacy_aggregates(call, &count_key, &specs);
    let order = ordering::legacy(
        call.arg("orderby").and_then(Value::as_str),
        &annotated,
        &annotated_aggs,
    );
    let terms: Vec<String> = annotated.into_iter().map(|(_, t)| t).collect();
    ordering::sort(call, db, &mut groups, &groupbys, &terms, Some(&order))?;
    let domain = call
        .arg("domain")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut rows = Vec::new();
    if groupbys.is_empty() {
        let ids: Vec<i64> = groups.iter().flat_map(|g| g.ids.clone()).collect();
        let mut row = Map::new();
        row.insert("__count".into(), Value::from(ids.len()));
        for a in &aggs {
            row.insert(a.key.clone(), aggregate(call, db, &ids, a));
        }
        row.insert("__domain".into(), Value::Array(domain));
        return Ok(Value::Array(vec![Value::Object(row)]));
    }
    for g in &groups {
        let mut row = Map::new();
        let mut conds = Vec::new();
        let mut ranges = Map::new();
        for (gb, k) in groupbys.iter().zip(&g.keys) {
            row.insert(gb.spec.clone(), key_value(call, db, gb, k, false));
            conds.push(key_domain(gb, &tz, k));
            if let Some(range) = key_range(gb, &tz, k) {
                ranges.insert(gb.spec.clone(), range);
            }
        }
        if !ranges.is_empty() {
            row.insert("__range".into(), Value::Object(ranges));
        }
        row.insert(count_key.clone(), Value::from(g.ids.len()));
        for a in &aggs {
            row.insert(a.key.clone(), aggregate(call, db, &g.ids, a));
        }
        conds.push(domain.clone());
        row.insert("__domain".into(), Value::Array(and_domains(conds)));
        if !rest.is_empty() {
            row.insert("__context".into(), json!({"group_by": rest}));
        }
        rows.push(row);
    }
    page(call, db, rows)
}

/// The aggregates `read_group`'s compatibility layer names (`annotated_aggregates`): the
/// count under its key, `alias:func(field)` and `field:func` as written, and a plain stored
/// field with an `aggregator` that is not a groupby as `field:aggregator`.
fn legacy_aggregates(
    call: &Call<'_>,
    count_key: &str,
    groupby: &[String],
) -> Vec<(String, String)> {
    let mut out = vec![(count_key.to_owned(), "__count".to_owned())];
    for spec in list_of_strings(call.arg("fields")) {
        if spec == "__count" {
            continue;
        }
        let (name, rest) = match spec.split_once(':') {
            Some((n, r)) => (n.to_owned(), Some(r)),
            None => (spec.clone(), None),
        };
        match rest.map(|r| r.split_once('(')) {
            Some(Some((func, field))) => {
                let field = field.trim_end_matches(')');
                out.push((name, format!("{field}:{func}")));
            }
            Some(None) => {
                let func = rest.unwrap_or_default();
                out.push((name.clone(), format!("{name}:{func}")));
            }
            None => {
                let aggregator = call
                    .model
                    .field(&name)
                    .filter(|f| f.store && !groupby.contains(&spec))
                    .and_then(|f| f.attrs.get("aggregator").and_then(Value::as_str));
                if let Some(a) = aggregator {
                    out.push((name.clone(), format!("{name}:{a}")));
                }
            }
        }
    }
    out
}

/// `formatted_read_group(domain, groupby, aggregates, having, offset, limit, order)`.
pub(crate) fn formatted_read_group(call: &Call<'_>, db: &Database) -> Result<Value, Fault> {
    let specs = list_of_strings(call.arg("groupby"));
    let groupbys: Vec<GroupBy> = specs
        .iter()
        .map(|s| parse_groupby(call, s))
        .collect::<Result<_, _>>()?;
    let aggs: Vec<Aggregate> = list_of_strings(call.arg("aggregates"))
        .iter()
        .map(|a| parse_aggregate(call, a, true))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .flatten()
        .collect();
    let (mut groups, tz) = build_groups(call, db, &groupbys, &aggs)?;
    let order = call.arg("order").and_then(Value::as_str);
    ordering::sort(call, db, &mut groups, &groupbys, &specs, order)?;
    let mut rows = Vec::new();
    if groupbys.is_empty() {
        let ids: Vec<i64> = groups.iter().flat_map(|g| g.ids.clone()).collect();
        let mut row = Map::new();
        row.insert("__extra_domain".into(), json!([]));
        for a in &aggs {
            row.insert(a.key.clone(), aggregate(call, db, &ids, a));
        }
        return Ok(Value::Array(vec![Value::Object(row)]));
    }
    for g in &groups {
        let mut row = Map::new();
        let mut conds = Vec::new();
        for (gb, k) in groupbys.iter().zip(&g.keys) {
            row.insert(gb.spec.clone(), key_value(call, db, gb, k, true));
            conds.push(key_domain(gb, &tz, k));
        }
        row.insert("__extra_domain".into(), Value::Array(and_domains(conds)));
        for a in &aggs {
            row.insert(a.key.clone(), aggregate(call, db, &g.ids, a));
        }
        rows.push(row);
    }
    page(call, db, rows)
}

/// Sums like PostgreSQL's `numeric`: the result is rounded to the most decimal places any term
/// has, so that 0.1 + 0.2 reads 0.3 (Odoo stores monetary and digit-bound floats as numeric).
fn exact_sum(nums: &[f64]) -> f64 {
    let places = nums.iter().map(|x| decimal_places(*x)).max().unwrap_or(0);
    let sum: f64 = nums.iter().sum();
    let scale = 10f64.powi(places as i32);
    (sum * scale).round() / scale
}

/// Decimal places in the shortest representation of `x` (at most 10).
fn decimal_places(x: f64) -> u32 {
    let text = x.to_string();
    text.split_once('.')
        .map_or(0, |(_, frac)| frac.len().min(10) as u32)
}

#[cfg(test)]
mod sum_tests {
    use super::exact_sum;

    #[test]
    fn sums_have_no_binary_float_noise() {
        assert_eq!(exact_sum(&[0.1, 0.2]), 0.3);
        assert_eq!(exact_sum(&[8000.0, 845.1]), 8845.1);
        assert_eq!(exact_sum(&[1.0, 2.0]), 3.0);
        assert_eq!(exact_sum(&[]), 0.0);
    }
}
