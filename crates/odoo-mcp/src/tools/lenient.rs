//! Argument shapes language models send that are not what the schema says but mean one thing
//! only, accepted as that thing (`#[serde(deserialize_with = …)]` on the parameter structs):
//!
//! - `ids`: a single id (`7`), a numeric string (`"7"`), a comma-separated string (`"7, 8"`),
//!   or a list mixing numbers and numeric strings;
//! - `limit`, `offset`: a numeric string (`"10"`);
//! - `fields`, `group_by`, `aggregates`: one string, split at commas (`"name, email"`), or a
//!   JSON array inside a string;
//! - `domain`: a JSON or Python-literal domain inside a string (see `domain_text`), and a
//!   single condition not wrapped in a list (`["name", "=", "x"]` → `[["name", "=", "x"]]`);
//! - booleans: `"true"` / `"false"`.
//!
//! `null` means "not given" for optional arguments. Anything else is an error saying what to
//! send instead.

use serde::Deserialize;
use serde::de::{Deserializer, Error};
use serde_json::Value;

use super::domain_text;

/// Domain prefix operators.
const DOMAIN_OPERATORS: &[&str] = &["|", "&", "!"];

/// Odoo's ids are PostgreSQL `integer`s: a larger number names no record.
const MAX_ID: i64 = i32::MAX as i64;

/// An id written as a number or a numeric string; `None` unless it is a whole number within
/// Odoo's id range (in either sign: zero and negatives are refused with their own message).
fn id_of(value: &Value) -> Option<i64> {
    let id = match value {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() <= MAX_ID as f64)
                .map(|f| f as i64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }?;
    (id.abs() <= MAX_ID).then_some(id)
}

fn ids_from(value: Value) -> Result<Vec<i64>, String> {
    let bad = |v: &Value| {
        let mut shown = v.to_string();
        if shown.len() > 80 {
            shown = format!("{}…", shown.chars().take(80).collect::<String>());
        }
        format!(
            "record ids are integers from 1 to {MAX_ID}, got {shown}; send a list of ids, e.g. [7, 12]"
        )
    };
    match value {
        Value::Array(items) => items
            .iter()
            .map(|v| id_of(v).ok_or_else(|| bad(v)))
            .collect(),
        Value::String(ref s) if s.contains(',') || s.trim().starts_with('[') => {
            let inner = s.trim().trim_start_matches('[').trim_end_matches(']');
            inner
                .split(',')
                .filter(|p| !p.trim().is_empty())
                .map(|p| {
                    p.trim()
                        .parse()
                        .ok()
                        .filter(|id: &i64| id.abs() <= MAX_ID)
                        .ok_or_else(|| bad(&value))
                })
                .collect()
        }
        other => id_of(&other).map(|id| vec![id]).ok_or_else(|| bad(&other)),
    }
}

/// Record ids (required argument).
pub(crate) fn ids<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<i64>, D::Error> {
    ids_from(Value::deserialize(d)?).map_err(D::Error::custom)
}

/// Record ids (optional argument).
pub(crate) fn opt_ids<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<i64>>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        v => ids_from(v).map(Some).map_err(D::Error::custom),
    }
}

/// A count (`limit`, `offset`): a non-negative integer or a numeric string.
pub(crate) fn opt_u32<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    let value = Value::deserialize(d)?;
    let n = match &value {
        Value::Null => return Ok(None),
        Value::String(s) if s.trim().is_empty() => return Ok(None),
        Value::String(s) => s.trim().parse::<u64>().ok(),
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| *f >= 0.0 && f.fract() == 0.0)
                .map(|f| f as u64)
        }),
        _ => None,
    };
    match n.map(u32::try_from) {
        Some(Ok(n)) => Ok(Some(n)),
        _ => Err(D::Error::custom(format!(
            "expected a whole number ≥ 0, e.g. 20; got {value}"
        ))),
    }
}

/// A list of names (`fields`, `group_by`, `aggregates`): a list of strings, or one string
/// (comma-separated names, or a JSON array of names).
pub(crate) fn opt_names<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    let value = Value::deserialize(d)?;
    let bad = |v: &Value| {
        D::Error::custom(format!(
            "expected a list of names, e.g. [\"name\", \"email\"]; got {v}"
        ))
    };
    match value {
        Value::Null => Ok(None),
        Value::String(s) => {
            let s = s.trim();
            if s.starts_with('[') {
                return match serde_json::from_str::<Vec<String>>(s) {
                    Ok(names) => Ok(Some(names)),
                    Err(_) => Err(bad(&Value::String(s.to_owned()))),
                };
            }
            Ok(Some(
                s.split(',')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(str::to_owned)
                    .collect(),
            ))
        }
        Value::Array(items) => items
            .into_iter()
            .map(|v| match v {
                Value::String(s) => Ok(s),
                other => Err(bad(&other)),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        other => Err(bad(&other)),
    }
}

/// A yes/no flag: a boolean or `"true"` / `"false"`.
pub(crate) fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::Bool(b) => Ok(Some(b)),
        Value::String(s) if s.trim().eq_ignore_ascii_case("true") => Ok(Some(true)),
        Value::String(s) if s.trim().eq_ignore_ascii_case("false") => Ok(Some(false)),
        other => Err(D::Error::custom(format!(
            "expected true or false, got {other}"
        ))),
    }
}

/// A domain: a list in prefix notation, the same written as JSON or Python inside a string,
/// or a single condition `[field, operator, value]` not wrapped in a list.
pub(crate) fn opt_domain<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<Value>>, D::Error> {
    domain_from(Value::deserialize(d)?).map_err(D::Error::custom)
}

fn domain_from(value: Value) -> Result<Option<Vec<Value>>, String> {
    let value = match value {
        Value::Null => return Ok(None),
        Value::String(s) if s.trim().is_empty() => return Ok(None),
        Value::String(s) => domain_text::parse(s.trim()).map_err(|e| {
            format!(
                "the domain string could not be read ({e}). Send the domain as a JSON array, \
                 e.g. [[\"name\", \"ilike\", \"acme\"]]"
            )
        })?,
        other => other,
    };
    match value {
        Value::Array(items) if is_single_condition(&items) => Ok(Some(vec![Value::Array(items)])),
        Value::Array(items) => Ok(Some(items)),
        other => Err(format!(
            "a domain is a list of conditions, e.g. [[\"name\", \"ilike\", \"acme\"]]; got {other}"
        )),
    }
}

/// `["name", "=", "x"]`: three items, a field name and an operator first. A domain never
/// starts with a field name (its items are conditions or `|`, `&`, `!`), so this reading is
/// the only one.
fn is_single_condition(items: &[Value]) -> bool {
    matches!(items, [Value::String(field), Value::String(_), _]
        if !DOMAIN_OPERATORS.contains(&field.as_str()))
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    use super::*;

    #[derive(Debug, Deserialize)]
    struct Args {
        #[serde(default, deserialize_with = "opt_ids")]
        ids: Option<Vec<i64>>,
        #[serde(default, deserialize_with = "opt_u32")]
        limit: Option<u32>,
        #[serde(default, deserialize_with = "opt_names")]
        fields: Option<Vec<String>>,
        #[serde(default, deserialize_with = "opt_domain")]
        domain: Option<Vec<Value>>,
        #[serde(default, deserialize_with = "opt_bool")]
        flag: Option<bool>,
    }

    fn args(v: Value) -> Args {
        serde_json::from_value(v).expect("accepted")
    }

    fn error(v: Value) -> String {
        serde_json::from_value::<Args>(v)
            .expect_err("rejected")
            .to_string()
    }

    #[test]
    fn ids_in_every_near_miss_shape() {
        for v in [json!(7), json!("7"), json!([7]), json!(["7"]), json!(7.0)] {
            assert_eq!(args(json!({"ids": v})).ids, Some(vec![7]), "{v}");
        }
        assert_eq!(args(json!({"ids": "7, 8"})).ids, Some(vec![7, 8]));
        assert_eq!(args(json!({"ids": "[7,8]"})).ids, Some(vec![7, 8]));
        assert_eq!(args(json!({"ids": null})).ids, None);
        let e = error(json!({"ids": ["seven"]}));
        assert!(
            e.contains("record ids are integers") && e.contains("[7, 12]"),
            "{e}"
        );
        assert!(error(json!({"ids": 1.5})).contains("record ids are integers"));
        // Past Odoo's 32-bit ids, in every shape: refused, never saturated to another id.
        for v in [
            json!([1e20]),
            json!(9_223_372_036_854_775_807_i64),
            json!("7, 2147483648"),
            json!([-1e300]),
        ] {
            let e = error(json!({"ids": v}));
            assert!(e.contains("from 1 to 2147483647"), "{v}: {e}");
        }
        assert_eq!(
            args(json!({"ids": [2_147_483_647.0]})).ids,
            Some(vec![2_147_483_647])
        );
    }

    #[test]
    fn counts_as_numeric_strings() {
        assert_eq!(args(json!({"limit": "10"})).limit, Some(10));
        assert_eq!(args(json!({"limit": 10})).limit, Some(10));
        assert_eq!(args(json!({"limit": ""})).limit, None);
        let e = error(json!({"limit": "ten"}));
        assert!(e.contains("expected a whole number ≥ 0"), "{e}");
        assert!(error(json!({"limit": -1})).contains("whole number"));
    }

    #[test]
    fn names_as_one_string() {
        let want = Some(vec!["name".to_owned(), "email".to_owned()]);
        assert_eq!(args(json!({"fields": "name, email"})).fields, want);
        assert_eq!(args(json!({"fields": "[\"name\",\"email\"]"})).fields, want);
        assert_eq!(args(json!({"fields": ["name", "email"]})).fields, want);
        assert_eq!(
            args(json!({"fields": "name"})).fields,
            Some(vec!["name".to_owned()])
        );
        assert!(error(json!({"fields": [1]})).contains("expected a list of names"));
    }

    #[test]
    fn domains_as_strings_and_single_conditions() {
        let want = Some(vec![json!(["name", "ilike", "acme"])]);
        assert_eq!(
            args(json!({"domain": "[[\"name\",\"ilike\",\"acme\"]]"})).domain,
            want
        );
        assert_eq!(
            args(json!({"domain": "[('name','ilike','acme')]"})).domain,
            want
        );
        assert_eq!(
            args(json!({"domain": ["name", "ilike", "acme"]})).domain,
            want
        );
        assert_eq!(
            args(json!({"domain": "('name','ilike','acme')"})).domain,
            want
        );
        // An operator first is a real domain, not a condition.
        assert_eq!(
            args(json!({"domain": ["!", ["a", "=", 1]]})).domain,
            Some(vec![json!("!"), json!(["a", "=", 1])])
        );
        assert_eq!(args(json!({"domain": ""})).domain, None);
        let e = error(json!({"domain": "[('date', '>=', today())]"}));
        assert!(
            e.contains("could not be read") && e.contains("JSON array"),
            "{e}"
        );
        let e = error(json!({"domain": {"name": "acme"}}));
        assert!(e.contains("a domain is a list of conditions"), "{e}");
    }

    #[test]
    fn flags_as_strings() {
        assert_eq!(args(json!({"flag": "true"})).flag, Some(true));
        assert_eq!(args(json!({"flag": "False"})).flag, Some(false));
        assert!(error(json!({"flag": "maybe"})).contains("expected true or false"));
    }
}
