//! Serialising a domain to Odoo's prefix notation (`Domain::to_json`, `Serialize`, `Display`)
//! and deserialising one from untrusted JSON with the default limits.

use std::fmt;

use serde_json::{Value, json};

use super::{Domain, Operand};

fn true_leaf() -> Value {
    json!([1, "=", 1])
}

fn false_leaf() -> Value {
    json!([0, "=", 1])
}

impl Domain {
    /// The domain in Odoo's prefix notation: `[]` for the empty domain, n-1 `&`/`|` prefixes
    /// for an n-ary AND/OR, `[1, "=", 1]`/`[0, "=", 1]` for the constants.
    ///
    /// Nested nodes of the same kind are flattened (`a & (b & c)` is written `&, &, a, b, c`),
    /// an empty AND inside another node is written as the true leaf and an empty OR as the
    /// false leaf.
    pub fn to_json(&self) -> Value {
        if self.is_empty() {
            return Value::Array(Vec::new());
        }
        let mut out = Vec::new();
        self.emit(&mut out);
        Value::Array(out)
    }

    /// Appends this domain's prefix-notation elements to `out`.
    fn emit(&self, out: &mut Vec<Value>) {
        match self {
            Domain::And(children) => emit_nary(children, true, out),
            Domain::Or(children) => emit_nary(children, false, out),
            Domain::Not(child) => {
                out.push(Value::from("!"));
                child.emit(out);
            }
            Domain::Condition(c) => {
                let value = match &c.value {
                    Operand::Value(v) => v.clone(),
                    Operand::Domain(d) => d.to_json(),
                };
                out.push(json!([c.path, c.operator.as_str(), value]));
            }
            Domain::True => out.push(true_leaf()),
            Domain::False => out.push(false_leaf()),
        }
    }
}

/// Emits an AND (`is_and`) or OR of `children`, flattened.
fn emit_nary(children: &[Domain], is_and: bool, out: &mut Vec<Value>) {
    let mut flat = Vec::new();
    flatten(children, is_and, &mut flat);
    match flat.as_slice() {
        [] => out.push(if is_and { true_leaf() } else { false_leaf() }),
        [only] => only.emit(out),
        many => {
            let op = if is_and { "&" } else { "|" };
            out.extend(std::iter::repeat_n(Value::from(op), many.len() - 1));
            for child in many {
                child.emit(out);
            }
        }
    }
}

/// Collects `children`, replacing nested nodes of the same kind by their own children (an
/// empty one disappears: it is the neutral element).
fn flatten<'a>(children: &'a [Domain], is_and: bool, flat: &mut Vec<&'a Domain>) {
    for child in children {
        match (child, is_and) {
            (Domain::And(inner), true) | (Domain::Or(inner), false) => flatten(inner, is_and, flat),
            _ => flat.push(child),
        }
    }
}

impl serde::Serialize for Domain {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for Domain {
    /// Reads untrusted JSON with [`super::DomainLimits::default`].
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        Domain::parse(&value).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for Domain {
    /// Compact JSON in prefix notation.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.to_json())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::domain::Operator;

    fn a() -> Domain {
        Domain::eq("a", 1)
    }
    fn b() -> Domain {
        Domain::eq("b", 2)
    }
    fn c() -> Domain {
        Domain::eq("c", 3)
    }

    #[test]
    fn empty_and_constants() {
        assert_eq!(Domain::default().to_json(), json!([]));
        assert_eq!(Domain::True.to_json(), json!([[1, "=", 1]]));
        assert_eq!(Domain::False.to_json(), json!([[0, "=", 1]]));
        assert_eq!(Domain::Or(vec![]).to_json(), json!([[0, "=", 1]]));
        assert_eq!(
            Domain::not(Domain::default()).to_json(),
            json!(["!", [1, "=", 1]])
        );
    }

    #[test]
    fn nary_nodes_get_n_minus_one_prefixes() {
        let d = Domain::And(vec![
            a(),
            Domain::Or(vec![b(), c(), a()]),
            Domain::Not(Box::new(c())),
        ]);
        assert_eq!(
            d.to_json(),
            json!([
                "&",
                "&",
                ["a", "=", 1],
                "|",
                "|",
                ["b", "=", 2],
                ["c", "=", 3],
                ["a", "=", 1],
                "!",
                ["c", "=", 3]
            ])
        );
        assert_eq!(Domain::And(vec![a()]).to_json(), json!([["a", "=", 1]]));
    }

    #[test]
    fn nested_nodes_of_the_same_kind_are_flattened() {
        let nested = Domain::And(vec![a(), Domain::And(vec![b(), Domain::And(vec![]), c()])]);
        assert_eq!(
            nested.to_json(),
            json!(["&", "&", ["a", "=", 1], ["b", "=", 2], ["c", "=", 3]])
        );
        let or_with_true = Domain::Or(vec![a(), Domain::And(vec![])]);
        assert_eq!(
            or_with_true.to_json(),
            json!(["|", ["a", "=", 1], [1, "=", 1]])
        );
    }

    #[test]
    fn sub_domains_serialise_recursively() {
        let d = Domain::any("order_line", Domain::or([a(), b()]));
        assert_eq!(
            d.to_json(),
            json!([["order_line", "any", ["|", ["a", "=", 1], ["b", "=", 2]]]])
        );
        assert_eq!(
            Domain::not_any("tag_ids", Domain::default()).to_json(),
            json!([["tag_ids", "not any", []]])
        );
    }

    #[test]
    fn display_and_serde_use_prefix_notation() {
        let d = Domain::leaf("name", Operator::NotIlike, "x");
        assert_eq!(d.to_string(), r#"[["name","not ilike","x"]]"#);
        assert_eq!(serde_json::to_value(&d).unwrap(), d.to_json());
        let back: Domain = serde_json::from_str(r#"[["name", "not ilike", "x"]]"#).unwrap();
        assert_eq!(back, d);
        let err = serde_json::from_str::<Domain>(r#"{"name": "x"}"#)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("the domain must be a JSON array, got an object"),
            "{err}"
        );
    }
}
