//! A typed Odoo search domain.
//!
//! A [`Domain`] is a tree of conditions joined by `&`, `|` and `!`. It is parsed from
//! untrusted JSON in Odoo's prefix notation (with limits on depth and size, and an error that
//! names the faulty element), built in code, and serialised back to prefix notation.
//!
//! - `parse`: from untrusted JSON, with [`DomainLimits`];
//! - `build`: constructors for code (`Domain::eq`, `Domain::ids`, `Domain::and`, …);
//! - `serialize`: to Odoo's prefix notation (`Domain::to_json`, `Serialize`, `Display`);
//! - `operator`: the operators' spellings;
//! - `snippet`: short renderings of untrusted JSON for error messages.
//!
//! ```
//! use odoo_client::Domain;
//! use odoo_client::domain::Operator;
//! let parsed = Domain::parse_str(r#"["|", ["is_company", "=", true], ["name", "ilike", "acme"]]"#)?;
//! let built = Domain::or([
//!     Domain::eq("is_company", true),
//!     Domain::leaf("name", Operator::Ilike, "acme"),
//! ]);
//! assert_eq!(parsed, built);
//! assert_eq!(built.to_string(), r#"["|",["is_company","=",true],["name","ilike","acme"]]"#);
//! # Ok::<(), odoo_client::DomainError>(())
//! ```

mod build;
mod operator;
mod parse;
mod serialize;
mod snippet;

#[cfg(test)]
mod fuzz;

use serde_json::Value;

pub use parse::{DomainError, DomainLimits};

/// A search domain. `Domain::default()` is the empty domain `[]` (every record).
///
/// Parsing flattens nested `&` (and `|`) into one n-ary node, as Odoo does; serialising emits
/// n-1 binary `&`/`|` prefixes for an n-ary node.
#[derive(Debug, Clone, PartialEq)]
pub enum Domain {
    /// All of these (an empty list matches every record).
    And(Vec<Domain>),
    /// Any of these.
    Or(Vec<Domain>),
    /// Not this.
    Not(Box<Domain>),
    /// One condition `[path, operator, value]`.
    Condition(Condition),
    /// The true leaf `(1, '=', 1)`.
    True,
    /// The false leaf `(0, '=', 1)`.
    False,
}

impl Default for Domain {
    /// The empty domain `[]`, which matches every record.
    fn default() -> Self {
        Domain::And(Vec::new())
    }
}

/// A leaf `[path, operator, value]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// A field name or a dotted path through relations (`country_id.code`).
    pub path: String,
    /// The operator.
    pub operator: Operator,
    /// The right-hand side.
    pub value: Operand,
}

/// The right-hand side of a condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// A JSON value (scalar or list).
    Value(Value),
    /// A sub-domain, for `any` and `not any`.
    Domain(Box<Domain>),
}

/// Every operator Odoo accepts in a condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operator {
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `=?`
    EqOrUnset,
    /// `like`
    Like,
    /// `not like`
    NotLike,
    /// `ilike`
    Ilike,
    /// `not ilike`
    NotIlike,
    /// `=like`
    EqLike,
    /// `=ilike`
    EqIlike,
    /// `in`
    In,
    /// `not in`
    NotIn,
    /// `child_of`
    ChildOf,
    /// `parent_of`
    ParentOf,
    /// `any`
    Any,
    /// `not any`
    NotAny,
}
