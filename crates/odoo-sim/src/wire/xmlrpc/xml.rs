//! A small, strict XML reader for XML-RPC requests: elements, text, entities, CDATA;
//! attributes, comments, processing instructions and DOCTYPE-free prologs are skipped.
//!
//! It builds a tree with a depth limit and never panics on bad input: every problem is an
//! [`XmlError`] carrying a message in the style of Python's expat errors.

use std::fmt;

/// How deep elements may nest (`<value><array><data><value>…` takes 4 levels per array).
const MAX_DEPTH: usize = 512;

/// An element: its name and its children in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Element {
    pub(crate) name: String,
    pub(crate) children: Vec<Node>,
}

/// A child of an element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    /// The child elements, skipping text (whitespace between tags).
    pub(crate) fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element named `name`.
    pub(crate) fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// The concatenated text of the direct children.
    pub(crate) fn text(&self) -> String {
        self.children
            .iter()
            .filter_map(|n| match n {
                Node::Text(t) => Some(t.as_str()),
                Node::Element(_) => None,
            })
            .collect()
    }
}

/// A malformed document, with the byte offset where reading stopped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}: offset {offset}")]
pub(crate) struct XmlError {
    pub(crate) message: &'static str,
    pub(crate) offset: usize,
}

/// Parses a whole document into its root element.
pub(crate) fn parse(input: &str) -> Result<Element, XmlError> {
    let mut reader = Reader { input, pos: 0 };
    reader.skip_prolog()?;
    if reader.pos >= input.len() {
        return Err(reader.error("no element found"));
    }
    let root = reader.element(0)?;
    reader.skip_misc()?;
    if reader.pos < input.len() {
        return Err(reader.error("junk after document element"));
    }
    Ok(root)
}

struct Reader<'a> {
    input: &'a str,
    pos: usize,
}

impl fmt::Debug for Reader<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reader").field("pos", &self.pos).finish()
    }
}

impl Reader<'_> {
    fn rest(&self) -> &str {
        self.input.get(self.pos..).unwrap_or("")
    }

    fn error(&self, message: &'static str) -> XmlError {
        XmlError {
            message,
            offset: self.pos,
        }
    }

    fn skip_whitespace(&mut self) {
        let rest = self.rest();
        let trimmed = rest.trim_start_matches([' ', '\t', '\r', '\n']);
        self.pos += rest.len() - trimmed.len();
    }

    /// Skips everything up to and including `end`.
    fn skip_past(&mut self, end: &str) -> Result<(), XmlError> {
        match self.rest().find(end) {
            Some(i) => {
                self.pos += i + end.len();
                Ok(())
            }
            None => Err(self.error("unclosed token")),
        }
    }

    /// Whitespace, comments and processing instructions.
    fn skip_misc(&mut self) -> Result<(), XmlError> {
        loop {
            self.skip_whitespace();
            if self.rest().starts_with("<?") {
                self.skip_past("?>")?;
            } else if self.rest().starts_with("<!--") {
                self.skip_past("-->")?;
            } else {
                return Ok(());
            }
        }
    }

    /// A byte-order mark, the XML declaration, comments; a DOCTYPE is refused (no entities).
    fn skip_prolog(&mut self) -> Result<(), XmlError> {
        if self.rest().starts_with('\u{feff}') {
            self.pos += '\u{feff}'.len_utf8();
        }
        self.skip_misc()?;
        if self.rest().starts_with("<!") {
            return Err(self.error("DOCTYPE is not allowed"));
        }
        Ok(())
    }

    fn name(&mut self) -> Result<String, XmlError> {
        let rest = self.rest();
        let len = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '>' | '/' | '='))
            .unwrap_or(rest.len());
        if len == 0 {
            return Err(self.error("not well-formed (invalid token)"));
        }
        let name = rest[..len].to_owned();
        self.pos += len;
        Ok(name)
    }

    /// Skips the attributes of a start tag; returns whether the tag is self-closing.
    fn finish_start_tag(&mut self) -> Result<bool, XmlError> {
        let mut quote: Option<char> = None;
        for (i, c) in self.rest().char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '>') => {
                    let self_closing = self.rest()[..i].trim_end().ends_with('/');
                    self.pos += i + 1;
                    return Ok(self_closing);
                }
                (None, '<') => {
                    self.pos += i;
                    return Err(self.error("not well-formed (invalid token)"));
                }
                (None, _) => {}
            }
        }
        self.pos = self.input.len();
        Err(self.error("unclosed token"))
    }

    /// One element starting at `<`.
    fn element(&mut self, depth: usize) -> Result<Element, XmlError> {
        if depth > MAX_DEPTH {
            return Err(self.error("document nested too deeply"));
        }
        if !self.rest().starts_with('<') {
            return Err(self.error("syntax error"));
        }
        self.pos += 1;
        let name = self.name()?;
        let mut element = Element {
            name,
            children: Vec::new(),
        };
        if self.finish_start_tag()? {
            return Ok(element);
        }
        let mut text = String::new();
        loop {
            let rest = self.rest();
            if rest.is_empty() {
                return Err(self.error("no element found"));
            }
            if rest.starts_with("</") {
                self.pos += 2;
                let closing = self.name()?;
                self.skip_whitespace();
                if closing != element.name || !self.rest().starts_with('>') {
                    return Err(self.error("mismatched tag"));
                }
                self.pos += 1;
                flush(&mut text, &mut element);
                return Ok(element);
            }
            if rest.starts_with("<!--") {
                self.skip_past("-->")?;
            } else if let Some(cdata) = rest.strip_prefix("<![CDATA[") {
                let Some(end) = cdata.find("]]>") else {
                    return Err(self.error("unclosed CDATA section"));
                };
                text.push_str(&cdata[..end]);
                self.pos += "<![CDATA[".len() + end + 3;
            } else if rest.starts_with("<?") {
                self.skip_past("?>")?;
            } else if rest.starts_with('<') {
                flush(&mut text, &mut element);
                let child = self.element(depth + 1)?;
                element.children.push(Node::Element(child));
            } else {
                let len = rest.find('<').unwrap_or(rest.len());
                let raw = &rest[..len];
                unescape_into(raw, &mut text).map_err(|message| self.error(message))?;
                self.pos += len;
            }
        }
    }
}

fn flush(text: &mut String, element: &mut Element) {
    if !text.is_empty() {
        element.children.push(Node::Text(std::mem::take(text)));
    }
}

/// Decodes the five predefined entities and character references.
fn unescape_into(raw: &str, out: &mut String) -> Result<(), &'static str> {
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let Some(semi) = after.find(';') else {
            return Err("not well-formed (invalid token)");
        };
        let entity = &after[..semi];
        let decoded = match entity {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => {
                let code = if let Some(hex) = entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(dec) = entity.strip_prefix('#') {
                    dec.parse().ok()
                } else {
                    return Err("undefined entity");
                };
                code.and_then(char::from_u32)
            }
        };
        let Some(c) = decoded else {
            return Err("reference to invalid character number");
        };
        out.push(c);
        rest = &after[semi + 1..];
    }
    out.push_str(rest);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_elements_text_and_entities() {
        let root = parse(
            "<?xml version='1.0'?>\n<!-- c --><a x=\"1\"><b>1 &lt; 2 &amp;&#65;&#x42;</b>\
             <c/><d><![CDATA[<raw>]]></d></a>\n",
        )
        .expect("well-formed");
        assert_eq!(root.name, "a");
        assert_eq!(
            root.child("b").map(Element::text).as_deref(),
            Some("1 < 2 &AB")
        );
        assert_eq!(root.child("c").map(|c| c.children.len()), Some(0));
        assert_eq!(root.child("d").map(Element::text).as_deref(), Some("<raw>"));
    }

    #[test]
    fn refuses_malformed_documents() {
        for bad in [
            "",
            "not xml",
            "<a>",
            "<a></b>",
            "<a>&bogus;</a>",
            "<a>&#xFFFFFFFF;</a>",
            "<a></a><b/>",
            "<!DOCTYPE a [<!ENTITY x 'y'>]><a/>",
            "<a x='1></a>",
            "<a><![CDATA[x</a>",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} must be refused");
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "<a>".repeat(100_000);
        assert!(parse(&deep).is_err());
    }
}
