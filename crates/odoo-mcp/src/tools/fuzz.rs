//! Property tests (proptest, stable Rust) over the domain-as-text parser: any text, and text
//! assembled from domain tokens, parses or fails with a message — it never panics — and a
//! domain written as Python literals parses to the same value as its JSON form.
//!
//! Cases: proptest's default (256) per property, `PROPTEST_CASES=100000 cargo test -p
//! odoo-mcp --lib fuzz` for a longer run. Generated text stays short (a few hundred
//! characters), so nesting stays far below the depths the hostile catalogue covers.

use proptest::prelude::*;
use serde_json::{Value, json};

use super::domain_text::parse;

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
