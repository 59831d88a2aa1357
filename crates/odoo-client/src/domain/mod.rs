//! A typed Odoo search domain.
//!
//! A [`Domain`] is a tree of conditions joined by `&`, `|` and `!`. It is parsed from
//! untrusted JSON in Odoo's prefix notation (with limits on depth and size, and an error that
//! names the faulty element), built in code, and serialised back to prefix notation.
//!
//! TODO(domain helper): parse.rs (from JSON, with limits), build.rs (constructors), the
//! operator list, serialisation, tests.

mod build;
mod parse;

use serde_json::Value;

pub use parse::{DomainError, DomainLimits};

/// A search domain. `Domain::default()` is the empty domain (every record).
#[derive(Debug, Clone, PartialEq, Default)]
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
    #[default]
    True,
    /// The false leaf `(0, '=', 1)`.
    False,
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
