//! Parsing a domain from untrusted JSON, with limits.
//!
//! The grammar is Odoo's prefix notation: a JSON array whose elements are `"&"`, `"|"`
//! (binary), `"!"` (unary) or a condition `[path, operator, value]`; what is left at the top
//! is ANDed. Elements are checked first to last, then the operators' arity from last to first
//! (as Odoo does). Recursion only happens for the sub-domain of `any`/`not any`, and the depth
//! is checked before each step down, so no input can overflow the stack.

use serde_json::Value;

use super::snippet::{kind, snippet};
use super::{Condition, Domain, Operand, Operator};
use crate::names::FieldName;

/// Limits applied when parsing untrusted JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DomainLimits {
    /// Deepest nesting of domains: the top-level domain is level 1, the sub-domain of an
    /// `any`/`not any` condition one level deeper than its parent.
    pub max_depth: usize,
    /// Most elements (operators and conditions) in the whole domain, sub-domains included.
    pub max_elements: usize,
}

impl DomainLimits {
    /// Most dot-separated parts in a field path (`partner_id.country_id.code` has 3).
    pub const MAX_PATH_SEGMENTS: usize = 8;
}

impl Default for DomainLimits {
    /// Depth 16, 1000 elements.
    fn default() -> Self {
        Self {
            max_depth: 16,
            max_elements: 1000,
        }
    }
}

/// A domain that could not be parsed. The message names the faulty element (by its 0-based
/// position; `3.1` is element 1 of the sub-domain in element 3) and what is wrong with it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("invalid domain: {0}")]
pub struct DomainError(pub(crate) String);

impl DomainError {
    /// What is wrong, without the `invalid domain: ` prefix.
    pub fn reason(&self) -> &str {
        &self.0
    }
}

impl Domain {
    /// Parses untrusted JSON in Odoo's prefix notation with [`DomainLimits::default`].
    pub fn parse(value: &Value) -> Result<Domain, DomainError> {
        Domain::parse_with(value, DomainLimits::default())
    }

    /// Parses untrusted JSON in Odoo's prefix notation within `limits`.
    pub fn parse_with(value: &Value, limits: DomainLimits) -> Result<Domain, DomainError> {
        let Value::Array(items) = value else {
            return Err(DomainError(format!(
                "the domain must be a JSON array, got {}",
                kind(value)
            )));
        };
        Parser {
            limits,
            elements: 0,
        }
        .domain(items, 1, "")
    }

    /// Parses a JSON string with [`DomainLimits::default`].
    pub fn parse_str(json: &str) -> Result<Domain, DomainError> {
        Domain::parse_str_with(json, DomainLimits::default())
    }

    /// Parses a JSON string within `limits`. Absurdly nested input is refused before it is
    /// decoded.
    pub fn parse_str_with(json: &str, limits: DomainLimits) -> Result<Domain, DomainError> {
        // A domain at depth d sits at JSON depth 2d-1, its conditions at 2d and their list
        // values at 2d+1: anything much deeper is refused without decoding it.
        let max_nesting = limits.max_depth.saturating_mul(2).saturating_add(4);
        if nesting_exceeds(json, max_nesting) {
            return Err(DomainError(format!(
                "the domain nests arrays more than {max_nesting} levels deep"
            )));
        }
        let value: Value = serde_json::from_str(json)
            .map_err(|e| DomainError(format!("the domain is not valid JSON: {e}")))?;
        Domain::parse_with(&value, limits)
    }
}

/// True if `json` nests arrays or objects more than `max` levels deep (strings are skipped).
fn nesting_exceeds(json: &str, max: usize) -> bool {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for b in json.bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// One element of a domain array after the first pass.
enum Item {
    And,
    Or,
    Not,
    Term(Domain),
}

struct Parser {
    limits: DomainLimits,
    /// Elements seen so far, sub-domains included.
    elements: usize,
}

impl Parser {
    /// Parses the elements of a domain at nesting `depth`; `at` prefixes positions (`"3."`
    /// inside the sub-domain of element 3).
    fn domain(&mut self, items: &[Value], depth: usize, at: &str) -> Result<Domain, DomainError> {
        if items.len() > self.limits.max_elements.saturating_sub(self.elements) {
            return Err(DomainError(format!(
                "the domain has more than {} elements (operators and conditions)",
                self.limits.max_elements
            )));
        }
        self.elements += items.len();

        let mut parsed = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let pos = format!("{at}{i}");
            parsed.push(match item {
                Value::String(s) if s == "&" => Item::And,
                Value::String(s) if s == "|" => Item::Or,
                Value::String(s) if s == "!" => Item::Not,
                Value::Array(leaf) => Item::Term(self.condition(leaf, item, depth, &pos)?),
                other => {
                    return Err(DomainError(format!(
                        "element {pos} {}: expected \"&\", \"|\", \"!\" or a condition \
                         [field, operator, value], got {}",
                        snippet(other),
                        kind(other)
                    )));
                }
            });
        }

        let mut stack: Vec<Domain> = Vec::new();
        for (i, item) in parsed.into_iter().enumerate().rev() {
            let (symbol, needed) = match &item {
                Item::Term(_) => ("", 0),
                Item::Not => ("!", 1),
                Item::And => ("&", 2),
                Item::Or => ("|", 2),
            };
            if stack.len() < needed {
                return Err(DomainError(format!(
                    "\"{symbol}\" at position {at}{i} needs {needed} operand{}, found {}",
                    if needed == 1 { "" } else { "s" },
                    stack.len()
                )));
            }
            let next = match item {
                Item::Term(term) => term,
                Item::Not => Domain::not(pop(&mut stack)),
                Item::And => {
                    let first = pop(&mut stack);
                    Domain::and([first, pop(&mut stack)])
                }
                Item::Or => {
                    let first = pop(&mut stack);
                    Domain::or([first, pop(&mut stack)])
                }
            };
            stack.push(next);
        }
        stack.reverse();
        Ok(Domain::and(stack))
    }

    /// Parses the condition `leaf` (the element `whole` at position `pos`).
    fn condition(
        &mut self,
        leaf: &[Value],
        whole: &Value,
        depth: usize,
        pos: &str,
    ) -> Result<Domain, DomainError> {
        let fail = |why: String| DomainError(format!("element {pos} {}: {why}", snippet(whole)));
        let [path, operator, value] = leaf else {
            return Err(fail(format!(
                "a condition must be [field, operator, value], got {} item{}",
                leaf.len(),
                if leaf.len() == 1 { "" } else { "s" }
            )));
        };

        let path = match path {
            Value::String(path) => path,
            Value::Number(n) => {
                let is = |v: &Value, i: i64| v.is_i64() && v.as_i64() == Some(i);
                if operator.as_str() == Some("=") && is(value, 1) {
                    if n.as_i64() == Some(1) && n.is_i64() {
                        return Ok(Domain::True);
                    }
                    if n.as_i64() == Some(0) && n.is_i64() {
                        return Ok(Domain::False);
                    }
                }
                return Err(fail(
                    "the field must be a string (a number is only allowed in the constant \
                     conditions [1, \"=\", 1] and [0, \"=\", 1])"
                        .to_owned(),
                ));
            }
            other => {
                return Err(fail(format!(
                    "the field must be a string, got {}",
                    kind(other)
                )));
            }
        };
        check_path(path).map_err(fail)?;

        let Value::String(op_text) = operator else {
            return Err(fail(format!(
                "the operator must be a string, got {}",
                kind(operator)
            )));
        };
        let operator = Operator::parse(op_text).ok_or_else(|| {
            fail(format!(
                "unknown operator {:?} (expected one of {})",
                super::operator::truncate(op_text, 40),
                Operator::expected_list()
            ))
        })?;

        let value = match operator {
            Operator::Any | Operator::NotAny => {
                let Value::Array(items) = value else {
                    return Err(fail(format!(
                        "the value of \"{operator}\" must be a domain (a JSON array), got {}",
                        kind(value)
                    )));
                };
                if depth >= self.limits.max_depth {
                    return Err(fail(format!(
                        "sub-domains nest more than {} levels deep",
                        self.limits.max_depth
                    )));
                }
                let sub = self.domain(items, depth + 1, &format!("{pos}."))?;
                Operand::Domain(Box::new(sub))
            }
            _ => Operand::Value(check_value(operator, value).map_err(fail)?),
        };
        Ok(Domain::Condition(Condition {
            path: path.clone(),
            operator,
            value,
        }))
    }
}

/// Pops an operand the caller has counted.
fn pop(stack: &mut Vec<Domain>) -> Domain {
    stack.pop().unwrap_or_default()
}

/// Checks a dotted field path: 1 to 8 valid field names.
fn check_path(path: &str) -> Result<(), String> {
    if path.is_empty() {
        return Err("the field is empty".to_owned());
    }
    let quoted = super::operator::truncate(path, 80);
    let parts = path.split('.').count();
    if parts > DomainLimits::MAX_PATH_SEGMENTS {
        return Err(format!(
            "the field path {quoted:?} has {parts} parts, at most {} are allowed",
            DomainLimits::MAX_PATH_SEGMENTS
        ));
    }
    for part in path.split('.') {
        if part.is_empty() {
            return Err(format!(
                "invalid field path {quoted:?}: a part between dots is empty"
            ));
        }
        FieldName::new(part).map_err(|e| format!("invalid field path {quoted:?}: {e}"))?;
    }
    Ok(())
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

/// Python's truthiness of a JSON scalar.
fn is_truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// Checks that `value` suits `operator` (not `any`/`not any`), returning the value to keep.
fn check_value(operator: Operator, value: &Value) -> Result<Value, String> {
    const SCALAR: &str = "a string, number, boolean or null";
    let list_of = |items: &[Value], accept: &dyn Fn(&Value) -> bool, what: &str| match items
        .iter()
        .position(|item| !accept(item))
    {
        Some(j) => Err(format!(
            "the value of \"{operator}\" must be {what}; item {j} is {}",
            kind(&items[j])
        )),
        None => Ok(()),
    };
    match (operator, value) {
        (Operator::In | Operator::NotIn, Value::Array(items)) => {
            list_of(items, &is_scalar, &format!("a list of scalars ({SCALAR})"))?;
            Ok(value.clone())
        }
        // Odoo reads a scalar as a one-item list; a falsy scalar is kept as is, because Odoo
        // gives it another meaning (`in` false matches nothing, `in` [false] matches unset).
        (Operator::In | Operator::NotIn, v) if is_scalar(v) && is_truthy(v) => {
            Ok(Value::Array(vec![v.clone()]))
        }
        (Operator::In | Operator::NotIn, v) if is_scalar(v) => Ok(v.clone()),
        (Operator::ChildOf | Operator::ParentOf, v) => {
            let is_id_or_name = |v: &Value| v.is_i64() || v.is_u64() || v.is_string();
            let what = "a record id, a list of ids or a name";
            match v {
                Value::Array(items) => list_of(items, &is_id_or_name, what)?,
                v if is_id_or_name(v) => {}
                v => {
                    return Err(format!(
                        "the value of \"{operator}\" must be {what}, got {}",
                        kind(v)
                    ));
                }
            }
            Ok(v.clone())
        }
        (Operator::Eq | Operator::Ne, Value::Array(items)) => {
            list_of(items, &is_scalar, &format!("{SCALAR} or a list of them"))?;
            Ok(value.clone())
        }
        (_, v) if is_scalar(v) => Ok(v.clone()),
        (_, v) => Err(format!(
            "the value of \"{operator}\" must be {SCALAR}, got {}",
            kind(v)
        )),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn parse(v: Value) -> Domain {
        Domain::parse(&v).unwrap_or_else(|e| panic!("{v} should parse: {e}"))
    }

    fn error(v: Value) -> String {
        match Domain::parse(&v) {
            Ok(d) => panic!("{v} should be refused, parsed as {d:?}"),
            Err(e) => e.to_string(),
        }
    }

    fn assert_error(v: Value, expected: &[&str]) {
        let msg = error(v);
        assert!(msg.starts_with("invalid domain: "), "{msg}");
        for part in expected {
            assert!(msg.contains(part), "{msg:?} should contain {part:?}");
        }
    }

    fn leaf(path: &str, op: Operator, value: Value) -> Domain {
        Domain::leaf(path, op, value)
    }

    // ---- valid input ----

    #[test]
    fn empty_domain() {
        let d = parse(json!([]));
        assert!(d.is_empty());
        assert_eq!(d, Domain::default());
    }

    #[test]
    fn single_condition() {
        assert_eq!(
            parse(json!([["name", "=", "Acme"]])),
            Domain::eq("name", "Acme")
        );
    }

    #[test]
    fn implicit_and_of_top_level_terms() {
        let d = parse(json!([["a", "=", 1], ["b", "=", 2], ["c", "=", 3]]));
        assert_eq!(
            d,
            Domain::And(vec![
                Domain::eq("a", 1),
                Domain::eq("b", 2),
                Domain::eq("c", 3)
            ])
        );
    }

    #[test]
    fn or_binds_two_terms_and_the_rest_is_anded() {
        let d = parse(json!(["|", ["a", "=", 1], ["b", "=", 2], ["c", "=", 3]]));
        assert_eq!(
            d,
            Domain::And(vec![
                Domain::Or(vec![Domain::eq("a", 1), Domain::eq("b", 2)]),
                Domain::eq("c", 3)
            ])
        );
    }

    #[test]
    fn nested_operators() {
        // (not a) and (b or c)
        let d = parse(json!([
            "&",
            "!",
            ["a", "=", 1],
            "|",
            ["b", "=", 2],
            ["c", "=", 3]
        ]));
        assert_eq!(
            d,
            Domain::And(vec![
                Domain::not(Domain::eq("a", 1)),
                Domain::Or(vec![Domain::eq("b", 2), Domain::eq("c", 3)])
            ])
        );
        // a or (b and c): the inner & stays a child of the |
        let d = parse(json!([
            "|",
            ["a", "=", 1],
            "&",
            ["b", "=", 2],
            ["c", "=", 3]
        ]));
        assert_eq!(
            d,
            Domain::Or(vec![
                Domain::eq("a", 1),
                Domain::And(vec![Domain::eq("b", 2), Domain::eq("c", 3)])
            ])
        );
    }

    #[test]
    fn chained_binary_operators_are_flattened() {
        let d = parse(json!([
            "|",
            "|",
            ["a", "=", 1],
            ["b", "=", 2],
            ["c", "=", 3]
        ]));
        assert_eq!(
            d,
            Domain::Or(vec![
                Domain::eq("a", 1),
                Domain::eq("b", 2),
                Domain::eq("c", 3)
            ])
        );
        let d = parse(json!([
            "&",
            ["a", "=", 1],
            "&",
            ["b", "=", 2],
            ["c", "=", 3]
        ]));
        assert_eq!(
            d,
            Domain::And(vec![
                Domain::eq("a", 1),
                Domain::eq("b", 2),
                Domain::eq("c", 3)
            ])
        );
    }

    #[test]
    fn any_with_a_sub_domain() {
        let d = parse(json!([[
            "order_line",
            "any",
            [["product_id.name", "ilike", "desk"]]
        ]]));
        assert_eq!(
            d,
            Domain::any(
                "order_line",
                leaf("product_id.name", Operator::Ilike, json!("desk"))
            )
        );
        let d = parse(json!([["tag_ids", "not any", []]]));
        assert_eq!(d, Domain::not_any("tag_ids", Domain::default()));
    }

    #[test]
    fn dotted_paths_and_odoo_field_names() {
        for path in [
            "partner_id.country_id.code",
            "id",
            "x_studio_field",
            "a.b.c.d.e.f.g.h",
        ] {
            assert_eq!(
                parse(json!([[path, "!=", false]])),
                leaf(path, Operator::Ne, json!(false))
            );
        }
    }

    #[test]
    fn true_and_false_leaves() {
        assert_eq!(parse(json!([[1, "=", 1]])), Domain::True);
        assert_eq!(parse(json!([[0, "=", 1]])), Domain::False);
        assert_eq!(
            parse(json!(["|", [0, "=", 1], ["a", "=", 1]])),
            Domain::Or(vec![Domain::False, Domain::eq("a", 1)])
        );
    }

    #[test]
    fn in_with_a_scalar_means_a_one_item_list() {
        assert_eq!(parse(json!([["id", "in", 7]])), Domain::ids(&[7]));
        assert_eq!(
            parse(json!([["state", "not in", "done"]])),
            leaf("state", Operator::NotIn, json!(["done"]))
        );
        // A falsy scalar means something else to Odoo: it is kept as is.
        assert_eq!(
            parse(json!([["id", "in", false]])),
            leaf("id", Operator::In, json!(false))
        );
        assert_eq!(
            parse(json!([["id", "in", []]])),
            leaf("id", Operator::In, json!([]))
        );
    }

    #[test]
    fn every_operator_is_accepted_with_a_suitable_value() {
        for op in Operator::ALL {
            let value = match op {
                Operator::In | Operator::NotIn => json!([1, 2]),
                Operator::Any | Operator::NotAny => json!([["name", "=", "x"]]),
                Operator::ChildOf | Operator::ParentOf => json!(3),
                _ => json!("x"),
            };
            let d = parse(json!([["f", op.as_str(), value]]));
            let Domain::Condition(c) = &d else {
                panic!("{d:?}")
            };
            assert_eq!(c.operator, op);
            assert_eq!(d.to_json(), json!([["f", op.as_str(), value]]));
        }
    }

    #[test]
    fn operators_are_read_like_odoo_19() {
        assert_eq!(
            parse(json!([["name", "ILIKE", "x"]])),
            leaf("name", Operator::Ilike, json!("x"))
        );
        assert_eq!(
            parse(json!([["a", "<>", 1]])),
            leaf("a", Operator::Ne, json!(1))
        );
        assert_eq!(
            parse(json!([["a", "==", 1]])).to_json(),
            json!([["a", "=", 1]])
        );
    }

    #[test]
    fn value_shapes_per_operator() {
        assert_eq!(
            parse(json!([["a", "=", [1, 2]]])),
            leaf("a", Operator::Eq, json!([1, 2]))
        );
        assert_eq!(
            parse(json!([["a", "=", null]])),
            leaf("a", Operator::Eq, json!(null))
        );
        for v in [json!(1), json!([1, 2]), json!("Main"), json!(["Main", 4])] {
            assert_eq!(
                parse(json!([["parent_id", "child_of", v]])).to_json(),
                json!([["parent_id", "child_of", v]])
            );
        }
        assert_eq!(
            parse(json!([["amount", ">=", 10.5]])),
            leaf("amount", Operator::Ge, json!(10.5))
        );
    }

    // ---- malformed input ----

    #[test]
    fn top_level_must_be_an_array() {
        assert_error(
            json!({"name": "x"}),
            &["the domain must be a JSON array, got an object"],
        );
        assert_error(json!("[]"), &["got a string"]);
        assert_error(json!(null), &["got null"]);
    }

    #[test]
    fn binary_operator_without_enough_operands() {
        assert_error(
            json!(["|", ["a", "=", 1]]),
            &["\"|\" at position 0 needs 2 operands, found 1"],
        );
        assert_error(
            json!(["&"]),
            &["\"&\" at position 0 needs 2 operands, found 0"],
        );
        assert_error(
            json!(["&", ["a", "=", 1], "|", ["b", "=", 1]]),
            &["\"|\" at position 2 needs 2 operands, found 1"],
        );
    }

    #[test]
    fn unary_operator_without_operand() {
        assert_error(
            json!(["!"]),
            &["\"!\" at position 0 needs 1 operand, found 0"],
        );
        assert_error(
            json!([["a", "=", 1], "!"]),
            &["\"!\" at position 1 needs 1 operand, found 0"],
        );
    }

    #[test]
    fn unknown_operator_is_named_with_the_expected_ones() {
        assert_error(
            json!(["|", ["a", "=", 1], ["b", "=", 2], ["name", "equals", "x"]]),
            &[
                r#"element 3 ["name", "equals", "x"]: unknown operator "equals""#,
                "(expected one of =, !=, >, >=, <, <=, =?",
                "child_of, parent_of, any, not any)",
            ],
        );
        assert_error(
            json!([["a", 1, 1]]),
            &["the operator must be a string, got a number"],
        );
    }

    #[test]
    fn unknown_domain_operator_or_element() {
        assert_error(
            json!(["^", ["a", "=", 1]]),
            &["element 0 \"^\": expected \"&\", \"|\", \"!\""],
        );
        assert_error(
            json!([["a", "=", 1], 42]),
            &["element 1 42:", "got a number"],
        );
        assert_error(json!([{"a": 1}]), &["element 0 {…}", "got an object"]);
    }

    #[test]
    fn conditions_need_exactly_three_items() {
        assert_error(
            json!([["a", "=", 1], ["name", "="]]),
            &[
                "element 1 [\"name\", \"=\"]: a condition must be [field, operator, value], got 2 items",
            ],
        );
        assert_error(json!([["a", "=", 1, 2]]), &["element 0", "got 4 items"]);
        assert_error(json!([[]]), &["got 0 items"]);
    }

    #[test]
    fn bad_paths_are_refused() {
        assert_error(json!([["", "=", 1]]), &["element 0", "the field is empty"]);
        assert_error(
            json!([["a..b", "=", 1]]),
            &["invalid field path \"a..b\"", "empty"],
        );
        assert_error(json!([["a.", "=", 1]]), &["invalid field path \"a.\""]);
        assert_error(
            json!([["name; drop", "=", 1]]),
            &["invalid field path \"name; drop\"", "only letters"],
        );
        assert_error(
            json!([[null, "=", 1]]),
            &["the field must be a string, got null"],
        );
        assert_error(
            json!([[["a"], "=", 1]]),
            &["the field must be a string, got an array"],
        );
        assert_error(
            json!([[2, "=", 1]]),
            &["a number is only allowed in the constant"],
        );
        assert_error(
            json!([[1, "=", 0]]),
            &["a number is only allowed in the constant"],
        );
        assert_error(
            json!([[1.0, "=", 1]]),
            &["a number is only allowed in the constant"],
        );
        assert_error(
            json!([["a.b.c.d.e.f.g.h.i", "=", 1]]),
            &["has 9 parts, at most 8"],
        );
    }

    #[test]
    fn object_values_are_refused() {
        assert_error(
            json!([["a", "=", {"$ne": 1}]]),
            &["the value of \"=\" must be a string, number, boolean or null, got an object"],
        );
        assert_error(
            json!([["a", "in", {"x": 1}]]),
            &["the value of \"in\"", "an object"],
        );
        assert_error(
            json!([["a", "ilike", ["x"]]]),
            &["the value of \"ilike\"", "got an array"],
        );
    }

    #[test]
    fn lists_must_hold_scalars() {
        assert_error(
            json!([["id", "in", [1, [2, 3]]]]),
            &[
                "the value of \"in\" must be a list of scalars",
                "item 1 is an array",
            ],
        );
        assert_error(
            json!([["id", "=", [1, {"a": 1}]]]),
            &["item 1 is an object"],
        );
        assert_error(
            json!([["parent_id", "child_of", [1, null]]]),
            &["item 1 is null"],
        );
        assert_error(
            json!([["parent_id", "child_of", 1.5]]),
            &["must be a record id, a list of ids or a name, got a number"],
        );
    }

    #[test]
    fn any_needs_a_domain() {
        assert_error(
            json!([["order_line", "any", "x"]]),
            &["the value of \"any\" must be a domain (a JSON array), got a string"],
        );
        assert_error(
            json!([["order_line", "not any", {"a": 1}]]),
            &["the value of \"not any\"", "got an object"],
        );
    }

    #[test]
    fn errors_inside_sub_domains_give_the_full_position() {
        assert_error(
            json!([
                ["a", "=", 1],
                ["line_ids", "any", [["b", "=", 1], ["c", "like"]]]
            ]),
            &["element 1.1 [\"c\", \"like\"]: a condition must be"],
        );
        assert_error(
            json!([["line_ids", "any", ["!"]]]),
            &["\"!\" at position 0.0 needs 1 operand"],
        );
    }

    #[test]
    fn long_elements_are_quoted_short() {
        let long = "x".repeat(5000);
        let msg = error(json!([["name", "bogus", long]]));
        assert!(msg.len() < 600, "{msg}");
        assert!(msg.contains("…"), "{msg}");
        let msg = error(json!([["name", long.clone(), 1]]));
        assert!(msg.len() < 600 + 200, "{msg}");
    }

    #[test]
    fn deep_any_nesting_is_refused() {
        let mut v = json!([["name", "=", "x"]]);
        for _ in 0..15 {
            v = json!([["child_ids", "any", v]]);
        }
        // 16 levels: the limit itself is fine.
        assert!(Domain::parse(&v).is_ok());
        v = json!([["child_ids", "any", v]]);
        assert_error(v.clone(), &["sub-domains nest more than 16 levels deep"]);
        let shallow = DomainLimits {
            max_depth: 3,
            ..DomainLimits::default()
        };
        let msg = Domain::parse_with(&v, shallow).unwrap_err().to_string();
        assert!(
            msg.contains("element 0.0.0 ") && msg.contains("more than 3 levels"),
            "{msg}"
        );
    }

    #[test]
    fn deep_array_nesting_is_refused_quickly() {
        // 100 000 nested arrays as text: refused before decoding.
        let depth = 100_000;
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let msg = Domain::parse_str(&text).unwrap_err().to_string();
        assert!(
            msg.contains("nests arrays more than 36 levels deep"),
            "{msg}"
        );
        // The same as a value (built without recursion): refused at its first element.
        let mut v = json!([]);
        for _ in 0..depth {
            v = Value::Array(vec![v]);
        }
        let msg = Domain::parse(&v).unwrap_err().to_string();
        assert!(
            msg.contains("element 0 [[[[[…]]]]]: a condition must be"),
            "{msg}"
        );
        // Dropping it recursively could overflow the test's stack: unnest it by hand.
        while let Value::Array(mut items) = v {
            v = items.pop().unwrap_or(Value::Null);
        }
    }

    #[test]
    fn deep_any_nesting_as_text_is_refused() {
        let mut text = r#"[["name", "=", "x"]]"#.to_owned();
        for _ in 0..40 {
            text = format!(r#"[["child_ids", "any", {text}]]"#);
        }
        let msg = Domain::parse_str(&text).unwrap_err().to_string();
        assert!(msg.contains("levels deep"), "{msg}");
    }

    #[test]
    fn too_many_elements() {
        let many: Vec<Value> = (0..1001).map(|i| json!(["id", "=", i])).collect();
        assert_error(Value::Array(many), &["more than 1000 elements"]);
        let ok: Vec<Value> = (0..1000).map(|i| json!(["id", "=", i])).collect();
        assert!(Domain::parse(&Value::Array(ok)).is_ok());
        // Sub-domains count too.
        let inner: Vec<Value> = (0..600).map(|i| json!(["id", "=", i])).collect();
        let v = json!([["a", "any", inner.clone()], ["b", "any", inner]]);
        assert_error(v, &["more than 1000 elements"]);
    }

    #[test]
    fn parse_str_reports_bad_json() {
        assert!(Domain::parse_str("[]").unwrap().is_empty());
        let msg = Domain::parse_str("[[\"a\", \"=\", ")
            .unwrap_err()
            .to_string();
        assert!(
            msg.starts_with("invalid domain: the domain is not valid JSON"),
            "{msg}"
        );
        // Brackets inside strings do not count as nesting.
        let inside = format!(r#"[["name", "=", "{}"]]"#, "[".repeat(1000));
        assert!(Domain::parse_str(&inside).is_ok());
    }

    // ---- round trips ----

    #[test]
    fn serialised_domains_parse_back_to_the_same_json() {
        let (a, b, c) = (Domain::eq("a", 1), Domain::eq("b", 2), Domain::eq("c", 3));
        let samples = vec![
            Domain::default(),
            Domain::True,
            Domain::False,
            Domain::Or(vec![]),
            a.clone(),
            Domain::And(vec![a.clone(), Domain::And(vec![b.clone(), c.clone()])]),
            Domain::Or(vec![
                a.clone(),
                Domain::And(vec![b.clone(), Domain::not(c.clone())]),
            ]),
            Domain::not(Domain::Or(vec![a.clone(), b.clone(), c.clone()])),
            Domain::any(
                "line_ids",
                Domain::or([a.clone(), Domain::not_any("tag_ids", Domain::default())]),
            ),
            Domain::Or(vec![a.clone(), Domain::default()]),
            Domain::ids(&[1, 2, 3]) & Domain::leaf("name", Operator::NotIlike, "test"),
        ];
        for d in samples {
            let json = d.to_json();
            let back = Domain::parse(&json).unwrap_or_else(|e| panic!("{json}: {e}"));
            assert_eq!(back.to_json(), json, "{d:?}");
        }
    }

    #[test]
    fn parsed_domains_serialise_to_equivalent_json() {
        let cases = [
            (json!([]), json!([])),
            (json!([["a", "=", 1]]), json!([["a", "=", 1]])),
            // the implicit AND becomes explicit
            (
                json!([["a", "=", 1], ["b", "=", 2]]),
                json!(["&", ["a", "=", 1], ["b", "=", 2]]),
            ),
            (
                json!(["|", ["a", "=", 1], ["b", "=", 2], ["c", "=", 3]]),
                json!(["&", "|", ["a", "=", 1], ["b", "=", 2], ["c", "=", 3]]),
            ),
            // a right-nested chain is written left-prefixed: same meaning
            (
                json!(["&", ["a", "=", 1], "&", ["b", "=", 2], ["c", "=", 3]]),
                json!(["&", "&", ["a", "=", 1], ["b", "=", 2], ["c", "=", 3]]),
            ),
            (json!(["!", [1, "=", 1]]), json!(["!", [1, "=", 1]])),
            (json!([["id", "in", 5]]), json!([["id", "in", [5]]])),
            (json!([["a", "NOT IN", [1]]]), json!([["a", "not in", [1]]])),
        ];
        for (input, expected) in cases {
            assert_eq!(parse(input.clone()).to_json(), expected, "{input}");
            assert_eq!(parse(expected.clone()).to_json(), expected, "{expected}");
        }
    }
}
