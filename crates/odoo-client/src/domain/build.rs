//! Building domains in code: conditions, `any`, AND/OR/NOT and a few helpers.
//!
//! These constructors trust their caller (paths and values are not validated, except by
//! [`Domain::try_leaf`]); untrusted input goes through [`Domain::parse`].

use std::ops;

use serde_json::Value;

use super::{Condition, Domain, DomainError, Operand, Operator};

impl Domain {
    /// The condition `[path, operator, value]`. The path is not checked: use
    /// [`Domain::try_leaf`] for a path or value that comes from outside.
    pub fn leaf(path: impl Into<String>, operator: Operator, value: impl Into<Value>) -> Domain {
        Domain::Condition(Condition {
            path: path.into(),
            operator,
            value: Operand::Value(value.into()),
        })
    }

    /// The condition `[path, operator, value]`, checked like a parsed one (path syntax and
    /// length, a value that suits the operator).
    pub fn try_leaf(
        path: &str,
        operator: Operator,
        value: impl Into<Value>,
    ) -> Result<Domain, DomainError> {
        let value = value.into();
        let leaf = Value::Array(vec![
            Value::from(path),
            Value::from(operator.as_str()),
            value,
        ]);
        Domain::parse(&Value::Array(vec![leaf]))
    }

    /// `[path, "=", value]`.
    pub fn eq(path: impl Into<String>, value: impl Into<Value>) -> Domain {
        Domain::leaf(path, Operator::Eq, value)
    }

    /// `[path, "in", values]`.
    pub fn is_in<V: Into<Value>>(
        path: impl Into<String>,
        values: impl IntoIterator<Item = V>,
    ) -> Domain {
        let list: Vec<Value> = values.into_iter().map(Into::into).collect();
        Domain::leaf(path, Operator::In, list)
    }

    /// `[["id", "in", ids]]`: exactly these records.
    pub fn ids(ids: &[i64]) -> Domain {
        Domain::is_in("id", ids.iter().copied())
    }

    /// `[path, "any", domain]`: some related record matches `domain`.
    pub fn any(path: impl Into<String>, domain: Domain) -> Domain {
        Domain::Condition(Condition {
            path: path.into(),
            operator: Operator::Any,
            value: Operand::Domain(Box::new(domain)),
        })
    }

    /// `[path, "not any", domain]`: no related record matches `domain`.
    pub fn not_any(path: impl Into<String>, domain: Domain) -> Domain {
        Domain::Condition(Condition {
            path: path.into(),
            operator: Operator::NotAny,
            value: Operand::Domain(Box::new(domain)),
        })
    }

    /// All of `domains`. Nested ANDs are flattened and empty domains dropped; a single domain
    /// is returned as is, none gives the empty domain.
    pub fn and(domains: impl IntoIterator<Item = Domain>) -> Domain {
        nary(domains, true)
    }

    /// Any of `domains`. Nested ORs are flattened; a single domain is returned as is, none
    /// gives `Domain::Or(vec![])`, which matches nothing.
    pub fn or(domains: impl IntoIterator<Item = Domain>) -> Domain {
        nary(domains, false)
    }

    /// Not `domain` (also written `!domain`).
    #[allow(
        clippy::should_implement_trait,
        reason = "std::ops::Not is implemented too; this spelling reads well in builders"
    )]
    pub fn not(domain: Domain) -> Domain {
        Domain::Not(Box::new(domain))
    }

    /// `self` AND `other`, flattened (`a.and_with(Domain::default())` is `a`).
    pub fn and_with(self, other: Domain) -> Domain {
        Domain::and([self, other])
    }

    /// `self` OR `other`, flattened.
    pub fn or_with(self, other: Domain) -> Domain {
        Domain::or([self, other])
    }

    /// True for the empty domain `[]` (it matches every record).
    pub fn is_empty(&self) -> bool {
        matches!(self, Domain::And(children) if children.is_empty())
    }
}

/// An AND (`is_and`) or OR of `domains`, flattened.
fn nary(domains: impl IntoIterator<Item = Domain>, is_and: bool) -> Domain {
    let mut flat = Vec::new();
    for domain in domains {
        match (domain, is_and) {
            (Domain::And(inner), true) | (Domain::Or(inner), false) => flat.extend(inner),
            (other, _) => flat.push(other),
        }
    }
    if flat.len() == 1
        && let Some(only) = flat.pop()
    {
        return only;
    }
    if is_and {
        Domain::And(flat)
    } else {
        Domain::Or(flat)
    }
}

impl ops::BitAnd for Domain {
    type Output = Domain;
    /// `a & b` is `a.and_with(b)`.
    fn bitand(self, rhs: Domain) -> Domain {
        self.and_with(rhs)
    }
}

impl ops::BitOr for Domain {
    type Output = Domain;
    /// `a | b` is `a.or_with(b)`.
    fn bitor(self, rhs: Domain) -> Domain {
        self.or_with(rhs)
    }
}

impl ops::Not for Domain {
    type Output = Domain;
    /// `!a` is `Domain::not(a)`.
    fn not(self) -> Domain {
        Domain::Not(Box::new(self))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn helpers_build_the_expected_leaves() {
        assert_eq!(
            Domain::ids(&[3, 7]).to_json(),
            json!([["id", "in", [3, 7]]])
        );
        assert_eq!(
            Domain::eq("active", false).to_json(),
            json!([["active", "=", false]])
        );
        assert_eq!(
            Domain::leaf("partner_id.country_id.code", Operator::Eq, "BE").to_json(),
            json!([["partner_id.country_id.code", "=", "BE"]])
        );
        assert_eq!(
            Domain::is_in("state", ["draft", "sent"]).to_json(),
            json!([["state", "in", ["draft", "sent"]]])
        );
    }

    #[test]
    fn and_or_flatten_and_drop_the_neutral_element() {
        let (a, b, c) = (Domain::eq("a", 1), Domain::eq("b", 2), Domain::eq("c", 3));
        let d = Domain::and([
            a.clone(),
            Domain::and([b.clone(), c.clone()]),
            Domain::default(),
        ]);
        assert_eq!(d, Domain::And(vec![a.clone(), b.clone(), c.clone()]));
        assert_eq!(Domain::and([a.clone()]), a);
        assert!(Domain::and([]).is_empty());
        assert!(Domain::and([Domain::default(), Domain::default()]).is_empty());
        assert_eq!(Domain::or([]), Domain::Or(vec![]));
        assert_eq!(Domain::or([]).to_json(), json!([[0, "=", 1]]));
        let o = Domain::or([Domain::or([a.clone(), b.clone()]), c.clone()]);
        assert_eq!(o, Domain::Or(vec![a.clone(), b.clone(), c.clone()]));
        assert_eq!(Domain::default().and_with(a.clone()), a);
        assert_eq!(a.clone().and_with(b.clone()), a.clone() & b.clone());
        assert_eq!(
            (a.clone() | b.clone()).to_json(),
            json!(["|", ["a", "=", 1], ["b", "=", 2]])
        );
        assert_eq!((!a.clone()).to_json(), json!(["!", ["a", "=", 1]]));
        assert_eq!(Domain::not(a.clone()), !a);
    }

    #[test]
    fn try_leaf_checks_like_the_parser() {
        assert_eq!(
            Domain::try_leaf("name", Operator::Ilike, "x").unwrap(),
            Domain::leaf("name", Operator::Ilike, "x")
        );
        let err = Domain::try_leaf("name; drop", Operator::Eq, 1)
            .unwrap_err()
            .to_string();
        assert!(err.contains("invalid field path"), "{err}");
        let err = Domain::try_leaf("name", Operator::Eq, json!({"a": 1}))
            .unwrap_err()
            .to_string();
        assert!(err.contains("object"), "{err}");
    }
}
