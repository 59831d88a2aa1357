//! Property tests (proptest, stable Rust) over the domain-as-text parser and the lenient
//! argument readers: any text, and text assembled from domain tokens, parses or fails with a
//! message — it never panics — and a domain written as Python literals parses to the same
//! value as its JSON form; any JSON given as `ids`, `limit`, `fields`, a boolean or a domain
//! is read or refused with a message, and ids read are always within Odoo's range.
//!
//! Cases: proptest's default (256) per property, `PROPTEST_CASES=100000 cargo test -p
//! odoo-mcp --lib fuzz` for a longer run. Generated text stays short (a few hundred
//! characters), so nesting stays far below the depths the hostile catalogue covers.

use proptest::prelude::*;
use serde_json::{Value, json};

use super::domain_text::parse;
use super::lenient;

/// Any JSON value, including the near-miss shapes language models send (numeric strings,
/// comma lists, JSON inside strings, huge and fractional numbers), a few levels deep.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        "-?[0-9]{1,22}".prop_map(Value::String),
        "[0-9 ,\\[\\]-]{0,30}".prop_map(Value::String),
        "(true|false|yes|no|1|0|TRUE| true )".prop_map(Value::String),
        "[a-z_, \\[\\]\"'()|&!=]{0,40}".prop_map(Value::String),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-z]{1,4}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Text made of the pieces a domain is written with, in any order.
fn domain_tokens() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just("(".to_owned()),
        Just(")".to_owned()),
        Just(",".to_owned()),
        Just(" ".to_owned()),
        Just("'".to_owned()),
        Just("\"".to_owned()),
        Just("\\".to_owned()),
        Just("True".to_owned()),
        Just("None".to_owned()),
        Just("'|'".to_owned()),
        Just("-".to_owned()),
        Just("1e400".to_owned()),
        "[a-z_.]{1,8}".prop_map(|s| format!("'{s}'")),
        "-?[0-9]{1,25}(\\.[0-9]{0,5})?",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(token, 0..80).prop_map(|parts| parts.concat())
}

/// A leaf `(field, operator, value)` as (Python text, JSON value).
fn leaf() -> impl Strategy<Value = (String, Value)> {
    let value = prop_oneof![
        Just(("True".to_owned(), json!(true))),
        Just(("False".to_owned(), json!(false))),
        Just(("None".to_owned(), Value::Null)),
        any::<i32>().prop_map(|n| (n.to_string(), json!(n))),
        "[a-zA-Z0-9 %_]{0,12}".prop_map(|s| (format!("'{s}'"), json!(s))),
    ];
    (
        "[a-z_]{1,10}(\\.[a-z_]{1,10})?",
        prop_oneof!["=", "!=", "ilike", "in", "<="],
        value,
    )
        .prop_map(|(field, op, (text, value))| {
            (
                format!("('{field}', '{op}', {text})"),
                json!([field, op, value]),
            )
        })
}

proptest! {
    #[test]
    fn any_text_parses_or_fails_cleanly(text in any::<String>()) {
        if let Err(message) = parse(&text) {
            prop_assert!(!message.is_empty());
        }
    }

    #[test]
    fn domain_shaped_text_parses_or_fails_cleanly(text in domain_tokens()) {
        if let Err(message) = parse(&text) {
            prop_assert!(!message.is_empty());
        }
    }

    #[test]
    fn python_literals_parse_like_their_json(leaves in prop::collection::vec(leaf(), 0..6)) {
        let text = format!(
            "[{}]",
            leaves.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>().join(", ")
        );
        let expected = Value::Array(leaves.into_iter().map(|(_, v)| v).collect());
        prop_assert_eq!(parse(&text), Ok(expected));
    }
}

proptest! {
    #[test]
    fn lenient_readers_read_or_refuse_any_json_with_a_message(value in json_value()) {
        match lenient::ids(value.clone()) {
            Ok(ids) => prop_assert!(ids.iter().all(|id| id.unsigned_abs() <= i32::MAX as u64)),
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
        if let Err(e) = lenient::opt_ids(value.clone()) {
            prop_assert!(!e.to_string().is_empty());
        }
        if let Err(e) = lenient::opt_u32(value.clone()) {
            prop_assert!(!e.to_string().is_empty());
        }
        if let Err(e) = lenient::opt_names(value.clone()) {
            prop_assert!(!e.to_string().is_empty());
        }
        if let Err(e) = lenient::opt_bool(value.clone()) {
            prop_assert!(!e.to_string().is_empty());
        }
        if let Err(e) = lenient::opt_domain(value) {
            prop_assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn ids_round_trip_through_every_accepted_shape(ids in prop::collection::vec(1..=i32::MAX as i64, 1..8)) {
        let listed: Vec<String> = ids.iter().map(i64::to_string).collect();
        for shape in [json!(ids), json!(listed), json!(listed.join(", ")), json!(format!("[{}]", listed.join(",")))] {
            prop_assert_eq!(lenient::ids(shape).ok(), Some(ids.clone()));
        }
    }
}
