//! A validated `order` clause: comma-separated terms `path [asc|desc] [nulls first|last]`,
//! each path a field name, a dotted relation path (`partner_id.name`) or an aggregate
//! (`amount_total:sum`). Parsed from untrusted text with limits; written back canonically.

use std::fmt;

use crate::names::FieldName;

/// At most this many terms in one clause.
pub const MAX_ORDER_TERMS: usize = 32;
/// At most this many bytes in the clause as written.
pub const MAX_ORDER_LEN: usize = 2048;

/// How one term sorts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Ascending (Odoo's default).
    Asc,
    /// Descending.
    Desc,
}

/// Where a term puts records without a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Nulls {
    /// Before the others.
    First,
    /// After the others.
    Last,
}

/// One term of an order clause.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OrderTerm {
    path: String,
    direction: Option<Direction>,
    nulls: Option<Nulls>,
}

impl OrderTerm {
    /// The field path, as written (`name`, `partner_id.name`, `amount_total:sum`).
    pub fn path(&self) -> &str {
        &self.path
    }
    /// The direction, when one was written.
    pub fn direction(&self) -> Option<Direction> {
        self.direction
    }
    /// Where nulls go, when written.
    pub fn nulls(&self) -> Option<Nulls> {
        self.nulls
    }
    /// The same term over another path (e.g. an aggregate's key in a `read_group` answer).
    pub(crate) fn with_path(&self, path: String) -> Self {
        Self {
            path,
            ..self.clone()
        }
    }
}

impl fmt::Display for OrderTerm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)?;
        match self.direction {
            Some(Direction::Asc) => f.write_str(" asc")?,
            Some(Direction::Desc) => f.write_str(" desc")?,
            None => {}
        }
        match self.nulls {
            Some(Nulls::First) => f.write_str(" nulls first"),
            Some(Nulls::Last) => f.write_str(" nulls last"),
            None => Ok(()),
        }
    }
}

/// An order clause Odoo accepts: at least one term. `Display` writes it as Odoo reads it
/// (`date_order desc, id`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Order(Vec<OrderTerm>);

/// An order clause that is not valid. `Display` quotes at most 100 characters of it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OrderError {
    /// A term is not `field [asc|desc] [nulls first|last]` (or the clause is empty).
    #[error(
        "order {0:?} is not valid: use comma-separated `field asc` or `field desc`, e.g. \
         \"date_order desc, id\""
    )]
    Syntax(String),
    /// Too long or too many terms.
    #[error(
        "order {0:?}… is too long: at most {MAX_ORDER_TERMS} terms and {MAX_ORDER_LEN} characters"
    )]
    TooLong(String),
}

impl Order {
    /// Parses an order clause (see the module doc).
    pub fn parse(text: &str) -> Result<Self, OrderError> {
        let quoted = || text.chars().take(100).collect::<String>();
        if text.len() > MAX_ORDER_LEN || text.split(',').count() > MAX_ORDER_TERMS {
            return Err(OrderError::TooLong(quoted()));
        }
        let bad = || OrderError::Syntax(quoted());
        let terms = text
            .split(',')
            .map(|part| parse_term(part).ok_or_else(bad))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self(terms))
    }
    /// The terms, in order.
    pub fn terms(&self) -> &[OrderTerm] {
        &self.0
    }
    /// The same clause with each term's path mapped by `f`.
    pub(crate) fn map_paths(&self, f: impl Fn(&str) -> String) -> Self {
        Self(self.0.iter().map(|t| t.with_path(f(&t.path))).collect())
    }
}

fn parse_term(part: &str) -> Option<OrderTerm> {
    let words: Vec<&str> = part.split_whitespace().collect();
    let (path, rest) = words.split_first()?;
    if !path.split(['.', ':']).all(|p| FieldName::new(p).is_ok()) {
        return None;
    }
    let direction = |w: &str| match w.to_ascii_lowercase().as_str() {
        "asc" => Some(Direction::Asc),
        "desc" => Some(Direction::Desc),
        _ => None,
    };
    let (direction, nulls) = match rest {
        [] => (None, None),
        [dir] => (Some(direction(dir)?), None),
        [dir, nulls, pos] if nulls.eq_ignore_ascii_case("nulls") => {
            let pos = match pos.to_ascii_lowercase().as_str() {
                "first" => Nulls::First,
                "last" => Nulls::Last,
                _ => return None,
            };
            (Some(direction(dir)?), Some(pos))
        }
        _ => return None,
    };
    Some(OrderTerm {
        path: (*path).to_owned(),
        direction,
        nulls,
    })
}

impl std::str::FromStr for Order {
    type Err = OrderError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for Order {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, term) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{term}")?;
        }
        Ok(())
    }
}

impl serde::Serialize for Order {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl From<Order> for serde_json::Value {
    fn from(order: Order) -> Self {
        Self::String(order.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_are_written_back_canonically() {
        let order = Order::parse("date_order DESC,  id").unwrap();
        assert_eq!(order.to_string(), "date_order desc, id");
        assert_eq!(
            Order::parse("amount_total:sum desc nulls LAST, partner_id.name")
                .unwrap()
                .to_string(),
            "amount_total:sum desc nulls last, partner_id.name"
        );
        let terms = Order::parse("name asc").unwrap();
        assert_eq!(terms.terms()[0].path(), "name");
        assert_eq!(terms.terms()[0].direction(), Some(Direction::Asc));
    }

    #[test]
    fn anything_else_is_refused() {
        for bad in [
            "",
            " , ",
            "name; drop table",
            "name upwards",
            "name asc nulls middle",
            "name asc first",
            "name desc desc",
            "name..x",
            "name asc, ",
            "(select 1)",
        ] {
            let e = Order::parse(bad).unwrap_err();
            assert!(matches!(e, OrderError::Syntax(_)), "{bad}: {e}");
            assert!(e.to_string().contains("field asc"), "{e}");
        }
    }

    #[test]
    fn long_clauses_are_refused_and_not_quoted_whole() {
        let many = vec!["id"; MAX_ORDER_TERMS + 1].join(",");
        assert!(matches!(Order::parse(&many), Err(OrderError::TooLong(_))));
        let long = "a".repeat(MAX_ORDER_LEN + 1);
        let e = Order::parse(&long).unwrap_err().to_string();
        assert!(e.len() < 300, "{e}");
        assert!(Order::parse(&vec!["id"; MAX_ORDER_TERMS].join(",")).is_ok());
    }
}
