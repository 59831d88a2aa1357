//! A call's context as Odoo builds it from the caller's value: `with_context(value)`, i.e.
//! Python's `dict(value)` — a mapping as is, a list of key/value pairs as a mapping, anything
//! else the `TypeError` or `ValueError` Python raises (JSON-2 answers 500 with it).

use serde_json::{Map, Value};

use crate::fault::{Fault, FaultKind};

/// Python's name of a JSON value's type.
pub(crate) fn py_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    }
}

/// `dict(value)`.
pub(crate) fn python_dict(value: &Value) -> Result<Map<String, Value>, Fault> {
    let items: Vec<Value> = match value {
        Value::Object(map) => return Ok(map.clone()),
        Value::Array(items) => items.clone(),
        // A string iterates over its characters.
        Value::String(s) => s.chars().map(|c| Value::from(c.to_string())).collect(),
        other => {
            return Err(Fault::new(
                FaultKind::TypeError,
                format!("'{}' object is not iterable", py_type(other)),
            ));
        }
    };
    let mut out = Map::new();
    for (i, item) in items.iter().enumerate() {
        let pair: Vec<Value> = match item {
            Value::Array(p) => p.clone(),
            Value::String(s) => s.chars().map(|c| Value::from(c.to_string())).collect(),
            Value::Object(m) => m.keys().map(|k| Value::from(k.as_str())).collect(),
            _ => {
                return Err(Fault::new(
                    FaultKind::TypeError,
                    format!("cannot convert dictionary update sequence element #{i} to a sequence"),
                ));
            }
        };
        let [key, value] = pair.as_slice() else {
            return Err(Fault::new(
                FaultKind::ValueError,
                format!(
                    "dictionary update sequence element #{i} has length {}; 2 is required",
                    pair.len()
                ),
            ));
        };
        // Context keys are strings in every context Odoo reads; others cannot be looked up.
        let key = match key {
            Value::String(k) => k.clone(),
            other => other.to_string(),
        };
        out.insert(key, value.clone());
    }
    Ok(out)
}

/// `**kwargs` from the caller's value (`execute_kw`'s `**kw or {}`): a falsy value is no
/// keyword, a mapping is the keywords, anything else Python's `TypeError`.
pub(crate) fn python_kwargs(value: Option<Value>) -> Result<Map<String, Value>, Fault> {
    match value {
        None | Some(Value::Null | Value::Bool(false)) => Ok(Map::new()),
        Some(Value::Object(map)) => Ok(map),
        Some(Value::Array(a)) if a.is_empty() => Ok(Map::new()),
        Some(Value::String(s)) if s.is_empty() => Ok(Map::new()),
        Some(Value::Number(n)) if n.as_f64() == Some(0.0) => Ok(Map::new()),
        Some(other) => Err(Fault::new(
            FaultKind::TypeError,
            format!(
                "odoo.service.model.execute() argument after ** must be a mapping, not {}",
                py_type(&other)
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn dict_follows_python() {
        assert_eq!(
            python_dict(&json!({"lang": "fr_FR"})).unwrap()["lang"],
            "fr_FR"
        );
        assert_eq!(
            python_dict(&json!([["lang", "fr_FR"]])).unwrap()["lang"],
            "fr_FR"
        );
        assert!(python_dict(&json!([])).unwrap().is_empty());
        let e = python_dict(&json!("lang")).unwrap_err();
        assert_eq!(e.kind, FaultKind::ValueError);
        assert_eq!(
            e.message,
            "dictionary update sequence element #0 has length 1; 2 is required"
        );
        let e = python_dict(&json!(3)).unwrap_err();
        assert_eq!(
            (e.kind, e.message.as_str()),
            (FaultKind::TypeError, "'int' object is not iterable")
        );
        let e = python_dict(&json!([1])).unwrap_err();
        assert_eq!(e.kind, FaultKind::TypeError);
    }

    #[test]
    fn kwargs_must_be_a_mapping_unless_falsy() {
        assert!(python_kwargs(Some(json!([]))).unwrap().is_empty());
        assert!(python_kwargs(None).unwrap().is_empty());
        let e = python_kwargs(Some(json!(["x"]))).unwrap_err();
        assert_eq!(e.kind, FaultKind::TypeError);
        assert!(
            e.message.ends_with("must be a mapping, not list"),
            "{}",
            e.message
        );
    }
}
