//! Ordering of search results (domains.md §13): `order` parsing, many2one keys ordered by the
//! comodel's `_order`, NULLs last ascending / first descending unless told, booleans as
//! `COALESCE(x, false)`, text in the `C` collation (byte order).

use std::cmp::Ordering;

use serde_json::Value;

use super::records;
use super::registry::{Field, FieldType, Model, Registry};
use super::values;
use crate::fault::{Fault, FaultKind};
use crate::store::Database;

/// One `order` term.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Term {
    pub(crate) field: String,
    pub(crate) desc: bool,
    pub(crate) nulls_first: Option<bool>,
}

/// Parses an `order` specification against `model`'s fields. A specification that does not
/// match Odoo's `regex_order` raises `_check_qorder`'s UserError; an unknown field raises
/// `_order_field_to_sql`'s ValueError.
pub(crate) fn parse(model: &Model, order: &str) -> Result<Vec<Term>, Fault> {
    let invalid = || {
        Fault::new(
            FaultKind::UserError,
            format!(
                "Invalid \"order\" specified ({order}). A valid \"order\" specification is a comma-separated list of valid field names (optionally followed by asc/desc for the direction)"
            ),
        )
    };
    let mut terms = Vec::new();
    for part in order.split(',') {
        let words: Vec<String> = part.split_whitespace().map(str::to_lowercase).collect();
        if words.is_empty() {
            if order.trim().is_empty() {
                continue;
            }
            return Err(invalid());
        }
        let word = part.split_whitespace().next().unwrap_or_default();
        // `regex_order` also takes a quoted name: `"name" desc`.
        let field = word
            .strip_prefix('"')
            .and_then(|w| w.strip_suffix('"'))
            .filter(|w| !w.is_empty() && !w.contains('.'))
            .unwrap_or(word)
            .to_owned();
        if !field
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == ':')
        {
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
        let base = field.split('.').next().unwrap_or_default();
        if model.field(base).is_none() {
            return Err(Fault::new(
                FaultKind::ValueError,
                format!("Invalid field '{base}' on model '{}'", model.name),
            ));
        }
        terms.push(Term {
            field: base.to_owned(),
            desc,
            nulls_first,
        });
    }
    Ok(terms)
}

/// Refuses a term naming a field an `order` cannot use, as Odoo 17+'s `_field_to_sql` does
/// through `Field.to_sql` (a `ValueError`): a computed field without a column, an x2many or a
/// binary kept as an attachment. Odoo checks the field's `groups=` first, so callers check
/// access before this.
pub(crate) fn check_sortable(model: &Model, term: &Term) -> Result<(), Fault> {
    match model.field(&term.field) {
        Some(field) if !field.sortable => Err(Fault::new(
            FaultKind::ValueError,
            format!(
                "Cannot convert {}.{} to SQL because it is not stored",
                model.name, field.name
            ),
        )),
        _ => Ok(()),
    }
}

#[derive(Debug, Clone)]
struct KeyPart {
    path: Vec<String>,
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
        && let Some(co) = field.relation.as_deref().and_then(|r| reg.model(r))
        && co.order.trim() != "id"
        && let Ok(sub) = parse(co, &co.order)
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
    out.push(KeyPart {
        path,
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
) -> Option<SortVal> {
    let (first, rest) = path.split_first()?;
    let field = model.field(first)?;
    if rest.is_empty() {
        let raw = raw_value(db, reg, model, id, field);
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
    key_value(db, reg, co, next, rest)
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
                    .map(|p| key_value(db, reg, model, *id, &p.path))
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
    if let Ok(terms) = parse(model, &model.order) {
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
        let t = parse(partner, "name desc nulls last, id").unwrap();
        assert_eq!(
            t[0],
            Term {
                field: "name".into(),
                desc: true,
                nulls_first: Some(false)
            }
        );
        assert_eq!(
            t[1],
            Term {
                field: "id".into(),
                desc: false,
                nulls_first: None
            }
        );
        let err = parse(partner, "nope").unwrap_err();
        assert_eq!(err.message, "Invalid field 'nope' on model 'res.partner'");
        assert_eq!(
            parse(partner, "\"name\" desc").map(|t| (t[0].field.clone(), t[0].desc)),
            Ok(("name".to_owned(), true))
        );
        let sideways = parse(partner, "name sideways").unwrap_err();
        assert!(sideways.message.starts_with("Invalid \"order\" specified"));
        assert_eq!(sideways.kind, FaultKind::UserError);
        assert_eq!(err.kind, FaultKind::ValueError);
    }
}
