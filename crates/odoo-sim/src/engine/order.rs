//! Ordering of search results (domains.md §13): `order` parsing, many2one keys ordered by the
//! comodel's `_order`, NULLs last ascending / first descending unless told, booleans as
//! `COALESCE(x, false)`, text in the `C` collation (byte order).

use std::cmp::Ordering;

use chrono::{Datelike, Timelike};
use serde_json::Value;

use super::dates;
use super::records;
use super::registry::{Field, FieldType, Model, Registry};
use super::values;
use super::version_rules;
use crate::fault::{Fault, FaultKind};
use crate::store::Database;

/// One `order` term: `field[.property][:func] [asc|desc] [nulls first|last]` (the `:func`
/// part is accepted and ignored, as `_order_to_sql` does).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Term {
    pub(crate) field: String,
    /// The `.property` part: `id` of a many2one (its raw id), a date part of a date, …
    pub(crate) property: Option<String>,
    pub(crate) desc: bool,
    pub(crate) nulls_first: Option<bool>,
}

/// The date parts an order may take from a date or datetime (`READ_GROUP_NUMBER_GRANULARITY`).
const DATE_PARTS: &[&str] = &[
    "year_number",
    "quarter_number",
    "month_number",
    "iso_week_number",
    "day_of_year",
    "day_of_month",
    "day_of_week",
    "hour_number",
    "minute_number",
    "second_number",
];

/// Whether `s` is a name `regex_order` takes: `[a-z0-9_]+`, any case.
fn is_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Parses an `order` specification as Odoo `version` does. A specification that does not match
/// its `regex_order` (at most one `.property`; quoted names up to 18 only, see
/// `version_rules`) raises `_check_qorder`'s UserError; the fields are checked term by term
/// with [`check_field`] and [`check_sortable`].
pub(crate) fn parse_in(version: u32, order: &str) -> Result<Vec<Term>, Fault> {
    parse_with(order, version_rules::order_takes_quoted_names(version))
}

/// [`parse_in`] for a model's own `_order` (never quoted).
pub(crate) fn parse(order: &str) -> Result<Vec<Term>, Fault> {
    parse_with(order, false)
}

fn parse_with(order: &str, quoted_names: bool) -> Result<Vec<Term>, Fault> {
    let invalid = || {
        Fault::new(
            FaultKind::UserError,
            format!(
                "Invalid \"order\" specified ({order}). A valid \"order\" specification is a comma-separated list of valid field names (optionally followed by asc/desc for the direction)"
            ),
        )
    };
    if order.trim().is_empty() {
        return Ok(Vec::new());
    }
    let mut terms = Vec::new();
    for part in order.split(',') {
        let words: Vec<String> = part.split_whitespace().map(str::to_lowercase).collect();
        let Some(word) = part.split_whitespace().next() else {
            return Err(invalid());
        };
        let word = match word.strip_prefix('"').and_then(|w| w.split_once('"')) {
            Some((name, rest)) if quoted_names && is_name(name) => &format!("{name}{rest}"),
            _ => word,
        };
        let head = word
            .split_once(':')
            .map_or(word, |(h, func)| if is_name(func) { h } else { "" });
        let (field, property) = match head.split_once('.') {
            Some((f, p)) => (f, Some(p)),
            None => (head, None),
        };
        if !is_name(field) || property.is_some_and(|p| !is_name(p)) {
            return Err(invalid());
        }
        let (desc, rest) = match words.get(1).map(String::as_str) {
            Some("asc") => (false, &words[2..]),
            Some("desc") => (true, &words[2..]),
            _ => (false, &words[1..]),
        };
        let nulls_first = match rest {
            [] => None,
            [n, f] if n == "nulls" && f == "first" => Some(true),
            [n, l] if n == "nulls" && l == "last" => Some(false),
            _ => return Err(invalid()),
        };
        terms.push(Term {
            field: field.to_owned(),
            property: property.map(str::to_owned),
            desc,
            nulls_first,
        });
    }
    Ok(terms)
}

/// The field of a term, or `_order_field_to_sql`'s ValueError for an unknown one.
pub(crate) fn check_field<'m>(model: &'m Model, term: &Term) -> Result<&'m Field, Fault> {
    model.field(&term.field).ok_or_else(|| {
        Fault::new(
            FaultKind::ValueError,
            format!("Invalid field '{}' on model '{}'", term.field, model.name),
        )
    })
}

/// Refuses a term Odoo 17+ cannot turn into SQL (`_field_to_sql` → `Field.to_sql`, then
/// `property_to_sql`), both ValueErrors: a field without a column (a computed field, an
/// x2many, a binary kept as an attachment), and a `.property` the field has not — a many2one
/// takes `.id` only, a date or datetime its date parts. Odoo checks the field's `groups=`
/// first, so callers check access before this.
pub(crate) fn check_sortable(model: &Model, term: &Term) -> Result<(), Fault> {
    let field = check_field(model, term)?;
    if !field.sortable {
        return Err(Fault::new(
            FaultKind::ValueError,
            format!(
                "Cannot convert {}.{} to SQL because it is not stored",
                model.name, field.name
            ),
        ));
    }
    let Some(property) = term.property.as_deref() else {
        return Ok(());
    };
    let valid = match field.ftype {
        FieldType::Many2one => property == "id",
        FieldType::Date | FieldType::Datetime => DATE_PARTS.contains(&property),
        FieldType::Properties => true,
        _ => false,
    };
    if valid {
        return Ok(());
    }
    let message = if matches!(field.ftype, FieldType::Date | FieldType::Datetime) {
        format!(
            "Error when processing the granularity {property} is not supported. Only {} are supported",
            DATE_PARTS.join(", ")
        )
    } else {
        format!(
            "Invalid field property '{property}' on {}.{}",
            model.name, field.name
        )
    };
    Err(Fault::new(FaultKind::ValueError, message))
}

#[derive(Debug, Clone)]
struct KeyPart {
    path: Vec<String>,
    /// A date part (`month_number`, …) the term orders a date or datetime by.
    date_part: Option<String>,
    desc: bool,
    nulls_first: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum SortVal {
    Num(f64),
    Str(String),
}

fn expand(
    reg: &Registry,
    model: &Model,
    term: &Term,
    depth: u32,
    out: &mut Vec<KeyPart>,
    prefix: &[String],
) {
    let Some(field) = model.field(&term.field) else {
        return;
    };
    let mut path = prefix.to_vec();
    path.push(term.field.clone());
    if field.ftype == FieldType::Many2one
        && depth < 3
        && term.property.as_deref() != Some("id")
        && let Some(co) = field.relation.as_deref().and_then(|r| reg.model(r))
        && co.order.trim() != "id"
        && let Ok(sub) = parse(&co.order)
    {
        for t in sub {
            let t = Term {
                desc: t.desc != term.desc,
                nulls_first: None,
                ..t
            };
            let before = out.len();
            expand(reg, co, &t, depth + 1, out, &path);
            if let Some(explicit) = term.nulls_first {
                for p in &mut out[before..] {
                    p.nulls_first = explicit;
                }
            }
        }
        return;
    }
    if field.ftype.is_x2many() {
        return;
    }
    let date_part = match field.ftype {
        FieldType::Date | FieldType::Datetime => term.property.clone(),
        _ => None,
    };
    out.push(KeyPart {
        path,
        date_part,
        desc: term.desc,
        nulls_first: term.nulls_first.unwrap_or(term.desc),
    });
}

fn key_value(
    db: &Database,
    reg: &Registry,
    model: &Model,
    id: i64,
    path: &[String],
    date_part: Option<&str>,
) -> Option<SortVal> {
    let (first, rest) = path.split_first()?;
    let field = model.field(first)?;
    if rest.is_empty() {
        let raw = raw_value(db, reg, model, id, field);
        if let (Some(part), Value::String(s)) = (date_part, &raw) {
            return date_number(s, part).map(SortVal::Num);
        }
        return match (field.ftype, raw) {
            (FieldType::Boolean, v) => Some(SortVal::Num(if v.as_bool() == Some(true) {
                1.0
            } else {
                0.0
            })),
            (_, Value::Null) => None,
            (_, Value::Number(n)) => n.as_f64().map(SortVal::Num),
            (_, Value::String(s)) => Some(SortVal::Str(s)),
            (_, Value::Bool(b)) => Some(SortVal::Num(f64::from(u8::from(b)))),
            _ => None,
        };
    }
    let next = raw_value(db, reg, model, id, field).as_i64()?;
    let co = reg.model(field.relation.as_deref()?)?;
    key_value(db, reg, co, next, rest, date_part)
}

/// A date part of a stored date or datetime, as PostgreSQL's `date_part` gives it
/// (`day_of_week`: 0 for Sunday).
fn date_number(s: &str, part: &str) -> Option<f64> {
    let dt = dates::parse_datetime(s)
        .or_else(|| dates::parse_date(s.get(..10)?).and_then(|d| d.and_hms_opt(0, 0, 0)))?;
    let n = match part {
        "year_number" => dt.year(),
        "quarter_number" => i32::try_from(dt.month0() / 3 + 1).ok()?,
        "month_number" => i32::try_from(dt.month()).ok()?,
        "iso_week_number" => i32::try_from(dt.iso_week().week()).ok()?,
        "day_of_year" => i32::try_from(dt.ordinal()).ok()?,
        "day_of_month" => i32::try_from(dt.day()).ok()?,
        "day_of_week" => i32::try_from(dt.weekday().num_days_from_sunday()).ok()?,
        "hour_number" => i32::try_from(dt.hour()).ok()?,
        "minute_number" => i32::try_from(dt.minute()).ok()?,
        "second_number" => i32::try_from(dt.second()).ok()?,
        _ => return None,
    };
    Some(f64::from(n))
}

/// The value a field sorts by: its column, or for a sortable field without one on this model
/// (a related field) the value it reads, a many2one by its id.
fn raw_value(db: &Database, reg: &Registry, model: &Model, id: i64, field: &Field) -> Value {
    if field.store || field.inherited_via.is_some() {
        return records::stored(db, reg, model, id, &field.name);
    }
    match values::read_value(db, reg, model, id, field) {
        Value::Array(pair) if field.ftype == FieldType::Many2one => {
            pair.first().cloned().unwrap_or(Value::Null)
        }
        Value::Bool(false) if field.ftype != FieldType::Boolean => Value::Null,
        other => other,
    }
}

fn cmp_vals(a: &Option<SortVal>, b: &Option<SortVal>, part: &KeyPart) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => {
            if part.nulls_first {
                Ordering::Less
            } else {
                Ordering::Greater
            }
        }
        (Some(_), None) => {
            if part.nulls_first {
                Ordering::Greater
            } else {
                Ordering::Less
            }
        }
        (Some(x), Some(y)) => {
            let o = match (x, y) {
                (SortVal::Num(x), SortVal::Num(y)) => x.partial_cmp(y).unwrap_or(Ordering::Equal),
                (SortVal::Str(x), SortVal::Str(y)) => x.as_bytes().cmp(y.as_bytes()),
                (SortVal::Num(_), SortVal::Str(_)) => Ordering::Less,
                (SortVal::Str(_), SortVal::Num(_)) => Ordering::Greater,
            };
            if part.desc { o.reverse() } else { o }
        }
    }
}

/// Sorts `ids` of `model` by `terms` (stable: ties keep their current order).
pub(crate) fn sort(db: &Database, reg: &Registry, model: &Model, ids: &mut [i64], terms: &[Term]) {
    let mut parts = Vec::new();
    for t in terms {
        expand(reg, model, t, 0, &mut parts, &[]);
    }
    if parts.is_empty() {
        return;
    }
    let mut keyed: Vec<(Vec<Option<SortVal>>, i64)> = ids
        .iter()
        .map(|id| {
            (
                parts
                    .iter()
                    .map(|p| key_value(db, reg, model, *id, &p.path, p.date_part.as_deref()))
                    .collect(),
                *id,
            )
        })
        .collect();
    keyed.sort_by(|(a, _), (b, _)| {
        for (i, p) in parts.iter().enumerate() {
            let o = cmp_vals(&a[i], &b[i], p);
            if o != Ordering::Equal {
                return o;
            }
        }
        Ordering::Equal
    });
    for (slot, (_, id)) in ids.iter_mut().zip(keyed) {
        *slot = id;
    }
}

/// Sorts by the model's default `_order`.
pub(crate) fn sort_default(db: &Database, reg: &Registry, model: &Model, ids: &mut [i64]) {
    if let Ok(terms) = parse(&model.order) {
        sort(db, reg, model, ids, &terms);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::registry::registry;

    #[test]
    fn rule13_order_parsing_and_errors() {
        let partner = registry().model("res.partner").unwrap();
        let t = parse("name desc nulls last, id").unwrap();
        assert_eq!(
            t[0],
            Term {
                field: "name".into(),
                property: None,
                desc: true,
                nulls_first: Some(false)
            }
        );
        assert_eq!(
            (t[1].field.as_str(), t[1].desc, t[1].nulls_first),
            ("id", false, None)
        );
        let nope = &parse("nope").unwrap()[0];
        let err = check_sortable(partner, nope).unwrap_err();
        assert_eq!(err.message, "Invalid field 'nope' on model 'res.partner'");
        assert_eq!(err.kind, FaultKind::ValueError);
        assert_eq!(parse_in(18, "\"name\" desc").unwrap()[0].field, "name");
        // 19's regex_order: no quoted names, one `.property`, an ignored `:func`.
        for bad in ["\"name\" desc", "name sideways", "a.b.c", "name,", "na-me"] {
            let f = parse(bad).unwrap_err();
            assert!(
                f.message.starts_with("Invalid \"order\" specified"),
                "{bad}"
            );
            assert_eq!(f.kind, FaultKind::UserError);
        }
        let t = &parse("create_date:month DESC").unwrap()[0];
        assert_eq!(
            (t.field.as_str(), t.property.as_deref(), t.desc),
            ("create_date", None, true)
        );
        assert_eq!(
            parse("parent_id.id").unwrap()[0].property.as_deref(),
            Some("id")
        );
    }

    #[test]
    fn a_property_must_be_one_the_field_has() {
        let partner = registry().model("res.partner").unwrap();
        let check = |order: &str| check_sortable(partner, &parse(order).unwrap()[0]);
        assert!(check("parent_id.id").is_ok());
        assert!(check("create_date.month_number").is_ok());
        assert_eq!(
            check("parent_id.name").unwrap_err().message,
            "Invalid field property 'name' on res.partner.parent_id"
        );
        assert_eq!(
            check("name.x").unwrap_err().message,
            "Invalid field property 'x' on res.partner.name"
        );
        assert!(
            check("create_date.month")
                .unwrap_err()
                .message
                .starts_with("Error when processing the granularity month is not supported.")
        );
    }

    #[test]
    fn date_parts_are_postgresql_s() {
        assert_eq!(date_number("2026-11-01 10:30:05", "day_of_week"), Some(0.0));
        assert_eq!(date_number("2026-11-01", "quarter_number"), Some(4.0));
        assert_eq!(
            date_number("2026-11-01 10:30:05", "minute_number"),
            Some(30.0)
        );
        assert_eq!(date_number("2026-02-01", "day_of_year"), Some(32.0));
    }
}
