//! Property tests (proptest, stable Rust) over the domain parser: any JSON text, and JSON
//! built from domain pieces (operators, conditions, `any` sub-domains) at any nesting, is
//! parsed or refused with a reason — never a panic — and a parsed domain round-trips through
//! its serialised form.
//!
//! Cases: proptest's default (256) per property; `PROPTEST_CASES=100000 cargo test -p
//! odoo-client --lib fuzz` for a longer run.

use proptest::prelude::*;
use serde_json::{Value, json};

use super::Domain;

/// A JSON value shaped like a domain element, nested a few levels.
fn element() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(json!("&")),
        Just(json!("|")),
        Just(json!("!")),
        Just(json!(null)),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        "[a-z_.]{0,12}".prop_map(|s| json!(s)),
        (
            "[a-z_]{1,8}(\\.[a-z_]{1,8}){0,9}",
            prop_oneof![
                "=", "!=", "in", "ilike", "=like", "any", "not any", "child_of", "bogus"
            ],
            any::<i32>()
        )
            .prop_map(|(f, op, v)| json!([f, op, v])),
    ];
    leaf.prop_recursive(6, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            (
                "[a-z_]{1,8}",
                prop_oneof!["any", "not any"],
                prop::collection::vec(inner, 0..4)
            )
                .prop_map(|(f, op, sub)| json!([f, op, sub])),
        ]
    })
}

proptest! {
    #[test]
    fn any_json_text_parses_or_is_refused_with_a_reason(text in any::<String>()) {
        if let Err(e) = Domain::parse_str(&text) {
            prop_assert!(!e.reason().is_empty());
        }
    }

    #[test]
    fn domain_shaped_json_parses_or_is_refused_and_round_trips(
        items in prop::collection::vec(element(), 0..8)
    ) {
        let value = Value::Array(items);
        match Domain::parse(&value) {
            Err(e) => prop_assert!(!e.reason().is_empty()),
            Ok(domain) => {
                let again = Domain::parse(&domain.to_json());
                prop_assert_eq!(again.as_ref().map(Domain::to_json), Ok(domain.to_json()));
            }
        }
    }
}
