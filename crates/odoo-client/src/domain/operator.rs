//! The condition operators: their Odoo spelling, the list of all of them, and parsing.

use std::fmt;
use std::str::FromStr;

use super::{DomainError, Operator};

impl Operator {
    /// Every operator, in the order Odoo's documentation lists them.
    pub const ALL: [Operator; 19] = [
        Operator::Eq,
        Operator::Ne,
        Operator::Gt,
        Operator::Ge,
        Operator::Lt,
        Operator::Le,
        Operator::EqOrUnset,
        Operator::EqLike,
        Operator::EqIlike,
        Operator::Like,
        Operator::NotLike,
        Operator::Ilike,
        Operator::NotIlike,
        Operator::In,
        Operator::NotIn,
        Operator::ChildOf,
        Operator::ParentOf,
        Operator::Any,
        Operator::NotAny,
    ];

    /// The operator as Odoo spells it (`"="`, `"not ilike"`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Operator::Eq => "=",
            Operator::Ne => "!=",
            Operator::Gt => ">",
            Operator::Ge => ">=",
            Operator::Lt => "<",
            Operator::Le => "<=",
            Operator::EqOrUnset => "=?",
            Operator::Like => "like",
            Operator::NotLike => "not like",
            Operator::Ilike => "ilike",
            Operator::NotIlike => "not ilike",
            Operator::EqLike => "=like",
            Operator::EqIlike => "=ilike",
            Operator::In => "in",
            Operator::NotIn => "not in",
            Operator::ChildOf => "child_of",
            Operator::ParentOf => "parent_of",
            Operator::Any => "any",
            Operator::NotAny => "not any",
        }
    }

    /// Parses an operator the way Odoo 19 reads one in a domain: the exact spelling, or the
    /// same in another case (Odoo lowercases it), or the deprecated aliases `<>` (for `!=`)
    /// and `==` (for `=`). The result always serialises in the canonical spelling.
    pub fn parse(s: &str) -> Option<Operator> {
        if let Ok(op) = s.parse() {
            return Some(op);
        }
        match s.to_ascii_lowercase().as_str() {
            "<>" => Some(Operator::Ne),
            "==" => Some(Operator::Eq),
            lower => lower.parse().ok(),
        }
    }

    /// The canonical spellings, comma-separated (for error messages).
    pub(crate) fn expected_list() -> String {
        Operator::ALL
            .iter()
            .map(|op| op.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl FromStr for Operator {
    type Err = DomainError;

    /// The exact Odoo spelling only (`"not in"`, not `"NOT IN"` nor `"<>"`); see
    /// [`Operator::parse`] for Odoo's own leniency.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Operator::ALL
            .into_iter()
            .find(|op| op.as_str() == s)
            .ok_or_else(|| {
                DomainError(format!(
                    "unknown operator {:?} (expected one of {})",
                    truncate(s, 40),
                    Operator::expected_list()
                ))
            })
    }
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Operator {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// At most `max` characters of `s`, with `…` when cut.
pub(crate) fn truncate(s: &str, max: usize) -> String {
    let mut chars = s.chars();
    let head: String = chars.by_ref().take(max).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operator_round_trips_through_its_spelling() {
        for op in Operator::ALL {
            assert_eq!(op.as_str().parse::<Operator>().unwrap(), op);
            assert_eq!(Operator::parse(op.as_str()), Some(op));
            assert_eq!(op.to_string(), op.as_str());
        }
        let mut spellings: Vec<_> = Operator::ALL.iter().map(|op| op.as_str()).collect();
        spellings.sort_unstable();
        spellings.dedup();
        assert_eq!(spellings.len(), 19, "operators must be distinct");
    }

    #[test]
    fn from_str_is_exact_and_names_the_expected_operators() {
        let err = "NOT IN".parse::<Operator>().unwrap_err().to_string();
        assert!(err.contains("unknown operator \"NOT IN\""), "{err}");
        assert!(
            err.contains("=, !=, >, >=") && err.contains("not any"),
            "{err}"
        );
        assert!("<>".parse::<Operator>().is_err());
    }

    #[test]
    fn parse_follows_odoo_19_leniency() {
        assert_eq!(Operator::parse("NOT ILIKE"), Some(Operator::NotIlike));
        assert_eq!(Operator::parse("In"), Some(Operator::In));
        assert_eq!(Operator::parse("<>"), Some(Operator::Ne));
        assert_eq!(Operator::parse("=="), Some(Operator::Eq));
        assert_eq!(Operator::parse("equals"), None);
        assert_eq!(Operator::parse("not  in"), None);
        assert_eq!(Operator::parse(""), None);
    }
}
