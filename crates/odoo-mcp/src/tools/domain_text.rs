//! Domains written as text: the JSON array inside a string, or Python's literal syntax
//! (`[('name', 'ilike', 'acme'), ('active', '=', True)]`) that models copy from Odoo code.
//! Only literals are understood: lists, tuples, quoted strings, numbers, `True`, `False` and
//! `None`; anything else (a function call, a variable) is an error saying where.
//!
//! The text is untrusted: it is refused above [`MAX_TEXT_BYTES`], and lists nested deeper
//! than [`MAX_NESTING`] are refused before the parser descends (the parser recurses once per
//! level, so the limit is what keeps a `[[[[…` bomb from overflowing the stack).

use serde_json::{Number, Value};

/// Longest domain text accepted, in bytes.
pub(crate) const MAX_TEXT_BYTES: usize = 1 << 20;
/// Deepest nesting of lists and tuples accepted (a domain needs about four: the domain, a
/// condition, an `in` list; Odoo itself stops at Python's recursion limit).
pub(crate) const MAX_NESTING: usize = 32;

/// Parses a domain written as text into a JSON value (not yet checked as a domain).
pub(crate) fn parse(text: &str) -> Result<Value, String> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(format!(
            "the domain text is {} bytes long; at most {MAX_TEXT_BYTES} are accepted",
            text.len()
        ));
    }
    if let Ok(value) = serde_json::from_str::<Value>(text) {
        return Ok(value);
    }
    let mut p = Parser {
        chars: text.char_indices().collect(),
        pos: 0,
        depth: 0,
    };
    let value = p.value()?;
    p.skip_space();
    if let Some((at, c)) = p.peek() {
        return Err(format!("unexpected `{c}` at character {}", at + 1));
    }
    Ok(value)
}

struct Parser {
    chars: Vec<(usize, char)>,
    pos: usize,
    /// Lists and tuples open at the current position.
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<(usize, char)> {
        self.chars.get(self.pos).copied()
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(|(_, c)| c.is_whitespace()) {
            self.pos += 1;
        }
    }

    fn value(&mut self) -> Result<Value, String> {
        self.skip_space();
        let Some((at, c)) = self.peek() else {
            return Err("the text ends where a value was expected".into());
        };
        match c {
            '[' => self.sequence(']'),
            '(' => self.sequence(')'),
            '\'' | '"' => self.string(c),
            '-' | '+' | '0'..='9' | '.' => self.number(),
            c if c.is_alphabetic() || c == '_' => {
                let word = self.word();
                match word.as_str() {
                    "True" | "true" => Ok(Value::Bool(true)),
                    "False" | "false" => Ok(Value::Bool(false)),
                    "None" | "null" => Ok(Value::Null),
                    _ => Err(format!(
                        "`{word}` at character {} is not a literal: only strings, numbers, \
                         True, False and None can be used (no variables or function calls)",
                        at + 1
                    )),
                }
            }
            c => Err(format!("unexpected `{c}` at character {}", at + 1)),
        }
    }

    fn word(&mut self) -> String {
        let mut word = String::new();
        while let Some((_, c)) = self.peek() {
            if c.is_alphanumeric() || c == '_' || c == '.' {
                word.push(c);
                self.pos += 1;
            } else {
                break;
            }
        }
        word
    }

    /// A list or tuple; a trailing comma is allowed (`('a',)`).
    fn sequence(&mut self, close: char) -> Result<Value, String> {
        if self.depth >= MAX_NESTING {
            let at = self.peek().map_or(0, |(at, _)| at);
            return Err(format!(
                "lists are nested more than {MAX_NESTING} deep at character {}: a domain is \
                 a list of conditions, e.g. [('name', 'ilike', 'acme')]",
                at + 1
            ));
        }
        self.depth += 1;
        let result = self.sequence_items(close);
        self.depth -= 1;
        result
    }

    fn sequence_items(&mut self, close: char) -> Result<Value, String> {
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_space();
            match self.peek() {
                Some((_, c)) if c == close => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                None => return Err(format!("missing closing `{close}`")),
                _ => {}
            }
            items.push(self.value()?);
            self.skip_space();
            match self.peek() {
                Some((_, ',')) => self.pos += 1,
                Some((_, c)) if c == close => {}
                Some((at, c)) => {
                    return Err(format!(
                        "expected `,` or `{close}` at character {}, found `{c}`",
                        at + 1
                    ));
                }
                None => return Err(format!("missing closing `{close}`")),
            }
        }
    }

    fn string(&mut self, quote: char) -> Result<Value, String> {
        let start = self.peek().map_or(0, |(at, _)| at);
        self.pos += 1;
        let mut out = String::new();
        while let Some((_, c)) = self.peek() {
            self.pos += 1;
            match c {
                c if c == quote => return Ok(Value::String(out)),
                '\\' => {
                    let Some((_, e)) = self.peek() else { break };
                    self.pos += 1;
                    out.push(match e {
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        other => other,
                    });
                }
                c => out.push(c),
            }
        }
        Err(format!(
            "the string starting at character {} is not closed",
            start + 1
        ))
    }

    fn number(&mut self) -> Result<Value, String> {
        let start = self.peek().map_or(0, |(at, _)| at);
        let mut text = String::new();
        while let Some((_, c)) = self.peek() {
            if c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E' | '_') {
                if c != '_' {
                    text.push(c);
                }
                self.pos += 1;
            } else {
                break;
            }
        }
        let text = text.trim_start_matches('+');
        if let Ok(i) = text.parse::<i64>() {
            return Ok(Value::Number(i.into()));
        }
        text.parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| format!("`{text}` at character {} is not a number", start + 1))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn json_text_is_parsed_as_json() {
        assert_eq!(
            parse(r#"[["name", "ilike", "acme"]]"#),
            Ok(json!([["name", "ilike", "acme"]]))
        );
    }

    #[test]
    fn python_literals_become_json() {
        assert_eq!(
            parse(
                "[('is_company', '=', True), '|', ('parent_id', '=', None), (\"x\", 'in', [1, 2.5, -3],)]"
            ),
            Ok(json!([
                ["is_company", "=", true],
                "|",
                ["parent_id", "=", null],
                ["x", "in", [1, 2.5, -3]]
            ]))
        );
        assert_eq!(
            parse(r"[('name', '=', 'O\'Brien')]"),
            Ok(json!([["name", "=", "O'Brien"]]))
        );
        assert_eq!(
            parse("[('active','=',False)]"),
            Ok(json!([["active", "=", false]]))
        );
    }

    #[test]
    fn nesting_bombs_are_refused_without_recursing() {
        for open in ["[", "(", "[(", "(["] {
            let text = open.repeat(200_000);
            let e = parse(&text).expect_err("a bomb");
            assert!(e.contains("nested more than 32 deep"), "{e}");
        }
        let e = parse(&"x".repeat(MAX_TEXT_BYTES + 1)).expect_err("too long");
        assert!(e.contains("at most"), "{e}");
        let deep_but_allowed = format!("{}('a', '=', 1){}", "[".repeat(30), "]".repeat(30));
        assert!(parse(&deep_but_allowed).is_ok());
    }

    #[test]
    fn non_literals_are_errors_that_say_where() {
        let e = parse("[('date', '>=', context_today())]").expect_err("a call");
        assert!(
            e.contains("`context_today` at character 17 is not a literal"),
            "{e}"
        );
        let e = parse("[('name', '=', 'x')").expect_err("unclosed");
        assert!(e.contains("missing closing `]`"), "{e}");
        let e = parse("[('name' '=')]").expect_err("no comma");
        assert!(e.contains("expected `,` or `)`"), "{e}");
        let e = parse("[('name', '=', 'x)]").expect_err("open string");
        assert!(e.contains("not closed"), "{e}");
    }
}
