//! Parsing of prefix-notation domains (`['|', [f, op, v], …]`) into a tree, with Odoo 19's
//! structural checks and error messages; and Python `repr` of JSON values for messages.

use serde_json::Value;

use crate::fault::{Fault, FaultKind};

/// A parsed domain.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Bool(bool),
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
    Leaf(Leaf),
}

/// One condition `(path, operator, value)`; the operator is lower-cased and valid.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Leaf {
    pub(crate) path: String,
    pub(crate) op: String,
    pub(crate) value: Value,
}

impl Leaf {
    /// `('path', 'op', value)` as Python prints the condition.
    pub(crate) fn repr(&self) -> String {
        format!(
            "({}, {}, {})",
            py_str(&self.path),
            py_str(&self.op),
            py_repr(&self.value)
        )
    }
    /// A `ValueError` "`message` in condition (…)".
    pub(crate) fn error(&self, message: &str) -> Fault {
        Fault::new(
            FaultKind::ValueError,
            format!("{message} in condition {}", self.repr()),
        )
    }
}

/// Every operator a condition may use (before rewriting).
const OPERATORS: &[&str] = &[
    "=",
    "!=",
    "<>",
    "==",
    "<",
    ">",
    "<=",
    ">=",
    "=?",
    "in",
    "not in",
    "like",
    "not like",
    "ilike",
    "not ilike",
    "=like",
    "=ilike",
    "not =like",
    "not =ilike",
    "any",
    "not any",
    "any!",
    "not any!",
    "child_of",
    "parent_of",
];

/// Deepest operator nesting accepted, like Python's default recursion limit (1000) leaves
/// room for in Odoo.
const MAX_DEPTH: usize = 900;

impl Node {
    /// Parses a domain value (a JSON list in prefix notation).
    pub(crate) fn parse(domain: &Value) -> Result<Node, Fault> {
        let items = match domain {
            Value::Array(items) => items,
            Value::Bool(true) | Value::Null => return Ok(Node::Bool(true)),
            Value::Bool(false) => return Ok(Node::Bool(false)),
            other => {
                return Err(Fault::new(
                    FaultKind::TypeError,
                    format!(
                        "Domain() invalid argument type for domain: {}",
                        py_repr(other)
                    ),
                ));
            }
        };
        let malformed = || {
            Fault::new(
                FaultKind::ValueError,
                format!("Domain() malformed domain {}", py_repr(domain)),
            )
        };
        // Each entry keeps its nesting depth: Python's recursion limit stops Odoo on domains
        // nested deeper than about a thousand levels, and it stops us before the stack does.
        let mut stack: Vec<(Node, usize)> = Vec::new();
        let too_deep = || {
            Fault::new(
                FaultKind::RecursionError,
                "maximum recursion depth exceeded while calling a Python object",
            )
        };
        for item in items.iter().rev() {
            match item {
                Value::Array(parts) if parts.len() == 3 => {
                    stack.push((parse_condition(parts)?, 1));
                }
                Value::String(s) if s == "&" || s == "|" => {
                    let (a, da) = stack.pop().ok_or_else(malformed)?;
                    let (b, db) = stack.pop().ok_or_else(malformed)?;
                    // A child of the same kind is merged into the new node (Odoo flattens
                    // `&`/`|` chains too), so it adds no level.
                    let and = s == "&";
                    let merged = |node: &Node, depth: usize| match (node, and) {
                        (Node::And(_), true) | (Node::Or(_), false) => depth - 1,
                        _ => depth,
                    };
                    let depth = merged(&a, da).max(merged(&b, db)) + 1;
                    if depth > MAX_DEPTH {
                        return Err(too_deep());
                    }
                    stack.push((
                        if and {
                            Node::and(vec![a, b])
                        } else {
                            Node::or(vec![a, b])
                        },
                        depth,
                    ));
                }
                Value::String(s) if s == "!" => {
                    let (a, depth) = stack.pop().ok_or_else(malformed)?;
                    // `!!x` is `x`, as in Odoo (negating a negation returns its operand).
                    if let Node::Not(inner) = a {
                        stack.push((*inner, depth - 1));
                        continue;
                    }
                    if depth + 1 > MAX_DEPTH {
                        return Err(too_deep());
                    }
                    stack.push((Node::Not(Box::new(a)), depth + 1));
                }
                other => {
                    return Err(Fault::new(
                        FaultKind::ValueError,
                        format!("Domain() invalid item in domain: {}", py_repr(other)),
                    ));
                }
            }
        }
        let mut stack: Vec<Node> = stack.into_iter().map(|(node, _)| node).collect();
        stack.reverse();
        Ok(if stack.len() == 1 {
            stack.remove(0)
        } else {
            Node::and(stack)
        })
    }

    /// The conjunction of `children` (flattened, constants simplified).
    pub(crate) fn and(children: Vec<Node>) -> Node {
        let mut out = Vec::new();
        for c in children {
            match c {
                Node::Bool(true) => {}
                Node::Bool(false) => return Node::Bool(false),
                // Reusing the first nested list keeps long `&` chains linear.
                Node::And(inner) if out.is_empty() => out = inner,
                Node::And(inner) => out.extend(inner),
                other => out.push(other),
            }
        }
        match out.len() {
            0 => Node::Bool(true),
            1 => out.remove(0),
            _ => Node::And(out),
        }
    }

    /// The disjunction of `children` (flattened, constants simplified).
    pub(crate) fn or(children: Vec<Node>) -> Node {
        let mut out = Vec::new();
        for c in children {
            match c {
                Node::Bool(false) => {}
                Node::Bool(true) => return Node::Bool(true),
                Node::Or(inner) if out.is_empty() => out = inner,
                Node::Or(inner) => out.extend(inner),
                other => out.push(other),
            }
        }
        match out.len() {
            0 => Node::Bool(false),
            1 => out.remove(0),
            _ => Node::Or(out),
        }
    }

    /// A single condition.
    pub(crate) fn leaf(path: &str, op: &str, value: Value) -> Node {
        Node::Leaf(Leaf {
            path: path.to_owned(),
            op: op.to_owned(),
            value,
        })
    }

    /// Whether some condition (outside `any` sub-domains) is on the field `name` itself.
    pub(crate) fn names_field(&self, name: &str) -> bool {
        match self {
            Node::Bool(_) => false,
            Node::And(c) | Node::Or(c) => c.iter().any(|n| n.names_field(name)),
            Node::Not(c) => c.names_field(name),
            Node::Leaf(l) => l.path == name,
        }
    }
}

fn parse_condition(parts: &[Value]) -> Result<Node, Fault> {
    let (left, op, value) = (&parts[0], &parts[1], &parts[2]);
    let Value::String(path) = left else {
        // (1, '=', 1) and (0, '=', 1) are the TRUE and FALSE leaves.
        let num = |v: &Value| match v {
            Value::Number(n) => n.as_f64(),
            Value::Bool(b) => Some(f64::from(u8::from(*b))),
            _ => None,
        };
        if op.as_str() == Some("=") && num(value) == Some(1.0) {
            match num(left) {
                Some(1.0) => return Ok(Node::Bool(true)),
                Some(0.0) => return Ok(Node::Bool(false)),
                _ => {}
            }
        }
        return Err(Fault::new(
            FaultKind::TypeError,
            format!(
                "Domain() invalid arguments: ({}, {}, {})",
                py_repr(left),
                py_repr(op),
                py_repr(value)
            ),
        ));
    };
    let value = if value.is_null() {
        Value::Bool(false)
    } else {
        value.clone()
    };
    let raw_op = op.as_str().unwrap_or_default();
    let leaf = Leaf {
        path: path.clone(),
        op: raw_op.to_lowercase(),
        value,
    };
    if path.is_empty() {
        let mut f = leaf.error("Empty field name");
        f.kind = FaultKind::TypeError;
        return Err(f);
    }
    if !op.is_string() || !OPERATORS.contains(&leaf.op.as_str()) {
        return Err(Fault::new(
            FaultKind::ValueError,
            format!(
                "Invalid operator in condition ({}, {}, {})",
                py_str(path),
                py_repr(op),
                py_repr(&parts[2])
            ),
        ));
    }
    Ok(Node::Leaf(leaf))
}

/// Python's `repr` of a string.
pub(crate) fn py_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Python's `repr` of a JSON value as Odoo would have decoded it.
pub(crate) fn py_repr(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => {
            if n.is_f64() {
                let f = n.as_f64().unwrap_or_default();
                if f.fract() == 0.0 && f.abs() < 1e16 {
                    format!("{f:.1}")
                } else {
                    format!("{f}")
                }
            } else {
                n.to_string()
            }
        }
        Value::String(s) => py_str(s),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(py_repr).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{}: {}", py_str(k), py_repr(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parse_implicit_and_and_prefix_operators() {
        let n = Node::parse(&json!(["|", ["a", "=", 1], ["b", "=", 2], ["c", "=", 3]])).unwrap();
        assert_eq!(
            n,
            Node::And(vec![
                Node::Or(vec![
                    Node::leaf("a", "=", json!(1)),
                    Node::leaf("b", "=", json!(2))
                ]),
                Node::leaf("c", "=", json!(3)),
            ])
        );
        assert_eq!(Node::parse(&json!([])).unwrap(), Node::Bool(true));
    }

    #[test]
    fn rule4_true_and_false_leaves() {
        assert_eq!(
            Node::parse(&json!([[1, "=", 1]])).unwrap(),
            Node::Bool(true)
        );
        assert_eq!(
            Node::parse(&json!([[0, "=", 1]])).unwrap(),
            Node::Bool(false)
        );
        let err = Node::parse(&json!([[2, "=", 1]])).unwrap_err();
        assert_eq!(err.kind, FaultKind::TypeError);
    }

    #[test]
    fn invalid_operator_message_matches_odoo() {
        let err = Node::parse(&json!([["name", "equals", "x"]])).unwrap_err();
        assert_eq!(err.kind, FaultKind::ValueError);
        assert_eq!(
            err.message,
            "Invalid operator in condition ('name', 'equals', 'x')"
        );
    }

    #[test]
    fn operators_are_lowercased() {
        assert_eq!(
            Node::parse(&json!([["name", "ILIKE", "x"]])).unwrap(),
            Node::leaf("name", "ilike", json!("x"))
        );
    }

    #[test]
    fn long_operator_chains_parse_without_deep_recursion() {
        let leaf = json!(["name", "=", "x"]);
        // 200 001 negations collapse to one; a 100 000-long `&` chain is one flat AND.
        let mut nots: Vec<Value> = vec![json!("!"); 200_001];
        nots.push(leaf.clone());
        assert!(matches!(Node::parse(&Value::Array(nots)), Ok(Node::Not(_))));
        let mut ands: Vec<Value> = vec![json!("&"); 100_000];
        ands.extend(std::iter::repeat_n(leaf.clone(), 100_001));
        assert!(matches!(Node::parse(&Value::Array(ands)), Ok(Node::And(c)) if c.len() == 100_001));
        // Alternating operators really nest: past Python's recursion limit it is an error.
        let mut deep: Vec<Value> = Vec::new();
        for _ in 0..2_000 {
            deep.push(json!("!"));
            deep.push(json!("&"));
            deep.push(leaf.clone());
        }
        deep.push(leaf);
        let err = Node::parse(&Value::Array(deep)).unwrap_err();
        assert_eq!(err.kind, FaultKind::RecursionError);
    }

    #[test]
    fn structural_errors_start_with_domain() {
        let err = Node::parse(&json!(["|", ["a", "=", 1]])).unwrap_err();
        assert_eq!(err.kind, FaultKind::ValueError);
        assert_eq!(
            err.message,
            "Domain() malformed domain ['|', ['a', '=', 1]]"
        );
        let err = Node::parse(&json!([["a", "="]])).unwrap_err();
        assert_eq!(err.message, "Domain() invalid item in domain: ['a', '=']");
        let err = Node::parse(&json!(["&&", ["a", "=", 1]])).unwrap_err();
        assert!(err.message.starts_with("Domain("));
    }

    #[test]
    fn python_repr_of_values() {
        assert_eq!(
            py_repr(&json!([1, "a", true, null, 1.5, {"k": "it's"}])),
            "[1, 'a', True, None, 1.5, {'k': \"it's\"}]"
        );
        assert_eq!(py_repr(&json!(2.0)), "2.0");
    }
}
