//! XML-RPC values ⇄ JSON values: reading a `<methodCall>` and writing a `<methodResponse>`
//! exactly as Odoo does (Python's `xmlrpc.client` marshaller wrapped by Odoo's `dumps`).
//!
//! Reading: `int`/`i4`/`i8`, `double`, `boolean`, `string` (or bare text), `nil`, `array`,
//! `struct`, `dateTime.iso8601` (→ `"YYYY-MM-DD HH:MM:SS"`, Odoo's format) and `base64` (kept
//! as base64 text, as Odoo's binary fields take it). Writing: Odoo never marshals `None`
//! (`allow_none=False`), so JSON `null` is written as `False`, Odoo's empty value.

use serde_json::{Map, Number, Value};

use super::xml::{self, Element, XmlError};

/// Why a request could not be decoded, with the Python exception Odoo would raise.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum DecodeError {
    /// The body is not well-formed XML (`xml.parsers.expat.ExpatError`).
    #[error("{0}")]
    Xml(#[from] XmlError),
    /// A value Python's unmarshaller refuses (`ValueError`, `TypeError`, …).
    #[error("{message}")]
    Value {
        /// The Python exception class, e.g. `ValueError`.
        class: &'static str,
        message: String,
    },
}

impl DecodeError {
    fn value(class: &'static str, message: impl Into<String>) -> Self {
        Self::Value {
            class,
            message: message.into(),
        }
    }

    /// The last line of the traceback Odoo would print (`ExpatError: …`, `ValueError: …`).
    pub(crate) fn exception_line(&self) -> String {
        match self {
            Self::Xml(e) => format!("xml.parsers.expat.ExpatError: {e}"),
            Self::Value { class, message } => format!("{class}: {message}"),
        }
    }
}

/// A decoded `<methodCall>`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MethodCall {
    pub(crate) method: String,
    pub(crate) params: Vec<Value>,
}

/// Reads a `<methodCall>` document.
pub(crate) fn decode_call(body: &str) -> Result<MethodCall, DecodeError> {
    let root = xml::parse(body)?;
    if root.name != "methodCall" {
        return Err(DecodeError::value(
            "xmlrpc.client.ResponseError",
            format!("unknown tag '{}'", root.name),
        ));
    }
    let method = root
        .child("methodName")
        .map(|m| m.text().trim().to_owned())
        .ok_or_else(|| DecodeError::value("xmlrpc.client.ResponseError", "malformed methodCall"))?;
    let mut params = Vec::new();
    if let Some(list) = root.child("params") {
        for param in list.elements().filter(|e| e.name == "param") {
            let value = param.child("value").ok_or_else(|| {
                DecodeError::value("xmlrpc.client.ResponseError", "malformed methodCall")
            })?;
            params.push(decode_value(value)?);
        }
    }
    Ok(MethodCall { method, params })
}

/// Reads one `<value>` element.
pub(crate) fn decode_value(value: &Element) -> Result<Value, DecodeError> {
    let Some(typed) = value.elements().next() else {
        // A bare `<value>text</value>` is a string.
        return Ok(Value::String(value.text()));
    };
    let text = typed.text();
    match typed.name.as_str() {
        "int" | "i4" | "i8" | "i1" | "i2" | "biginteger" => {
            let trimmed = text.trim();
            trimmed
                .strip_prefix('+')
                .unwrap_or(trimmed)
                .parse::<i64>()
                .map(Value::from)
                .map_err(|_| {
                    DecodeError::value(
                        "ValueError",
                        format!("invalid literal for int() with base 10: '{text}'"),
                    )
                })
        }
        "double" | "float" => text
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| {
                DecodeError::value(
                    "ValueError",
                    format!("could not convert string to float: '{text}'"),
                )
            }),
        "boolean" => match text.as_str() {
            "0" => Ok(Value::Bool(false)),
            "1" => Ok(Value::Bool(true)),
            _ => Err(DecodeError::value("TypeError", "bad boolean value")),
        },
        "string" => Ok(Value::String(text)),
        "nil" => Ok(Value::Null),
        "dateTime.iso8601" => Ok(Value::String(odoo_datetime(text.trim()))),
        "base64" => Ok(Value::String(
            text.chars().filter(|c| !c.is_whitespace()).collect(),
        )),
        "array" => {
            let Some(data) = typed.child("data") else {
                return Ok(Value::Array(Vec::new()));
            };
            data.elements()
                .filter(|e| e.name == "value")
                .map(decode_value)
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        }
        "struct" => {
            let mut map = Map::new();
            for member in typed.elements().filter(|e| e.name == "member") {
                let name = member.child("name").map(Element::text).unwrap_or_default();
                let value = match member.child("value") {
                    Some(v) => decode_value(v)?,
                    None => Value::String(String::new()),
                };
                map.insert(name, value);
            }
            Ok(Value::Object(map))
        }
        other => Err(DecodeError::value(
            "xmlrpc.client.ResponseError",
            format!("unknown tag '{other}'"),
        )),
    }
}

/// `20260101T10:00:00` or `2026-01-01T10:00:00` → `2026-01-01 10:00:00`; anything else as is.
fn odoo_datetime(raw: &str) -> String {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    if digits.len() != 14 || !raw.contains('T') {
        return raw.to_owned();
    }
    format!(
        "{}-{}-{} {}:{}:{}",
        &digits[0..4],
        &digits[4..6],
        &digits[6..8],
        &digits[8..10],
        &digits[10..12],
        &digits[12..14]
    )
}

/// An XML-RPC fault: Odoo's `/xmlrpc/2` sends an integer code, the legacy `/xmlrpc` a string.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fault {
    pub(crate) code: Value,
    pub(crate) string: String,
}

/// `<?xml version="1.0"?>\n<methodResponse>\n<params>…</params>\n\n</methodResponse>\n`.
pub(crate) fn encode_response(result: &Value) -> String {
    let mut out = String::from("<params>\n<param>\n");
    encode_value(result, &mut out);
    out.push_str("</param>\n</params>\n");
    wrap(&out)
}

/// The `<fault>` response of `fault`.
pub(crate) fn encode_fault(fault: &Fault) -> String {
    let mut members = Map::new();
    members.insert("faultCode".to_owned(), fault.code.clone());
    members.insert(
        "faultString".to_owned(),
        Value::String(fault.string.clone()),
    );
    let mut out = String::from("<fault>\n");
    encode_value(&Value::Object(members), &mut out);
    out.push_str("</fault>\n");
    wrap(&out)
}

/// Odoo's `dumps`: a double-quoted declaration and an empty line before the closing tag.
fn wrap(inner: &str) -> String {
    format!("<?xml version=\"1.0\"?>\n<methodResponse>\n{inner}\n</methodResponse>\n")
}

/// Python's `Marshaller.__dump` of one value (each value ends with a newline).
pub(crate) fn encode_value(value: &Value, out: &mut String) {
    match value {
        Value::Null | Value::Bool(false) => out.push_str("<value><boolean>0</boolean></value>\n"),
        Value::Bool(true) => out.push_str("<value><boolean>1</boolean></value>\n"),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                // Python refuses ints beyond 32 bits; `i8` is the common extension.
                let tag = if i32::try_from(i).is_ok() {
                    "int"
                } else {
                    "i8"
                };
                out.push_str(&format!("<value><{tag}>{i}</{tag}></value>\n"));
            } else if let Some(u) = n.as_u64() {
                out.push_str(&format!("<value><i8>{u}</i8></value>\n"));
            } else {
                let f = n.as_f64().unwrap_or(0.0);
                out.push_str(&format!("<value><double>{}</double></value>\n", py_repr(f)));
            }
        }
        Value::String(s) => {
            out.push_str("<value><string>");
            escape_into(s, out);
            out.push_str("</string></value>\n");
        }
        Value::Array(items) => {
            out.push_str("<value><array><data>\n");
            for item in items {
                encode_value(item, out);
            }
            out.push_str("</data></array></value>\n");
        }
        Value::Object(map) => {
            out.push_str("<value><struct>\n");
            for (k, v) in map {
                out.push_str("<member>\n<name>");
                escape_into(k, out);
                out.push_str("</name>\n");
                encode_value(v, out);
                out.push_str("</member>\n");
            }
            out.push_str("</struct></value>\n");
        }
    }
}

/// Python's `xml.sax.saxutils.escape`: `&`, `<` and `>` only.
fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// Python's `repr(float)`: `1.0`, `0.1`, `1e+16`, `1e-05`.
fn py_repr(f: f64) -> String {
    let debug = format!("{f:?}");
    let Some((mantissa, exponent)) = debug.split_once('e') else {
        return debug;
    };
    let (sign, digits) = match exponent.strip_prefix('-') {
        Some(d) => ('-', d),
        None => ('+', exponent),
    };
    let mantissa = mantissa.strip_suffix(".0").unwrap_or(mantissa);
    format!("{mantissa}e{sign}{digits:0>2}")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn value_xml(v: &Value) -> String {
        let mut out = String::new();
        encode_value(v, &mut out);
        out
    }

    fn round_trip(v: &Value) -> Value {
        let body = format!(
            "<?xml version=\"1.0\"?><methodCall><methodName>m</methodName><params><param>{}</param></params></methodCall>",
            value_xml(v)
        );
        let call = decode_call(&body).expect("decodable");
        call.params.into_iter().next().unwrap_or(Value::Null)
    }

    #[test]
    fn values_round_trip() {
        for v in [
            json!(1),
            json!(-2_147_483_648_i64),
            json!(5_000_000_000_i64),
            json!(0.5),
            json!(1e20),
            json!(true),
            json!(false),
            json!(""),
            json!("a < b && c > d \"quoted\" 'single' é ✓"),
            json!([]),
            json!({}),
            json!({"name": "x", "nested": {"list": [1, [2, {"deep": "y"}]], "t": true}}),
            json!([[["f", "=", 1]], {"a": [0.25]}]),
        ] {
            assert_eq!(round_trip(&v), v, "{v}");
        }
    }

    #[test]
    fn null_is_written_as_false() {
        assert_eq!(
            value_xml(&Value::Null),
            "<value><boolean>0</boolean></value>\n"
        );
        assert_eq!(round_trip(&json!({"x": null})), json!({"x": false}));
    }

    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(
            value_xml(&json!("<b>&</b>")),
            "<value><string>&lt;b&gt;&amp;&lt;/b&gt;</string></value>\n"
        );
        assert_eq!(
            value_xml(&json!({"a<b": 1})),
            "<value><struct>\n<member>\n<name>a&lt;b</name>\n<value><int>1</int></value>\n</member>\n</struct></value>\n"
        );
    }

    #[test]
    fn floats_print_like_python() {
        assert_eq!(py_repr(1.0), "1.0");
        assert_eq!(py_repr(0.1), "0.1");
        assert_eq!(py_repr(1e16), "1e+16");
        assert_eq!(py_repr(1e-5), "1e-05");
        assert_eq!(py_repr(1.5e300), "1.5e+300");
        assert_eq!(py_repr(-2.5), "-2.5");
    }

    #[test]
    fn reads_every_scalar_type() {
        let body = "<methodCall><methodName> execute </methodName><params>\
            <param><value>bare text</value></param>\
            <param><value><i4> 7 </i4></value></param>\
            <param><value><i8>9000000000</i8></value></param>\
            <param><value><nil/></value></param>\
            <param><value><string/></value></param>\
            <param><value><dateTime.iso8601>20260131T08:09:10</dateTime.iso8601></value></param>\
            <param><value><base64>aGVs\nbG8=</base64></value></param>\
            <param><value><double>-1.5</double></value></param>\
            <param><value></value></param>\
            </params></methodCall>";
        let call = decode_call(body).expect("decodable");
        assert_eq!(call.method, "execute");
        assert_eq!(
            call.params,
            vec![
                json!("bare text"),
                json!(7),
                json!(9_000_000_000_i64),
                Value::Null,
                json!(""),
                json!("2026-01-31 08:09:10"),
                json!("aGVsbG8="),
                json!(-1.5),
                json!(""),
            ]
        );
    }

    #[test]
    fn bad_values_are_python_errors() {
        let call = |v: &str| {
            decode_call(&format!(
                "<methodCall><methodName>m</methodName><params><param><value>{v}</value></param></params></methodCall>"
            ))
        };
        let err = call("<int>abc</int>").expect_err("not an int");
        assert_eq!(
            err.exception_line(),
            "ValueError: invalid literal for int() with base 10: 'abc'"
        );
        assert!(call("<boolean>yes</boolean>").is_err());
        assert!(call("<double>nan</double>").is_err());
        assert!(call("<blob>1</blob>").is_err());
        let err = decode_call("<methodCall>").expect_err("malformed");
        assert!(
            err.exception_line()
                .starts_with("xml.parsers.expat.ExpatError: ")
        );
        assert!(decode_call("<methodResponse/>").is_err());
        assert!(decode_call("<methodCall><params/></methodCall>").is_err());
    }

    #[test]
    fn responses_are_formatted_like_odoo() {
        assert_eq!(
            encode_response(&json!(2)),
            "<?xml version=\"1.0\"?>\n<methodResponse>\n<params>\n<param>\n<value><int>2</int></value>\n</param>\n</params>\n\n</methodResponse>\n"
        );
        assert_eq!(
            encode_fault(&Fault {
                code: json!(3),
                string: "Access Denied".into()
            }),
            "<?xml version=\"1.0\"?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>3</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>Access Denied</string></value>\n</member>\n</struct></value>\n</fault>\n\n</methodResponse>\n"
        );
    }
}
