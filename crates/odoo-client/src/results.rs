//! Decoding Odoo's results into the client's types; a result of the wrong shape is a
//! `Decode` error naming the method and what came back (never the values themselves).

use serde_json::{Map, Value};

use crate::error::{Error, ErrorKind};
use crate::protocol::jsonrpc::kind_of;
use crate::request::Record;

fn unexpected(method: &str, expected: &str, got: &Value) -> Error {
    Error::new(
        ErrorKind::Decode,
        format!("{method} returned {}, expected {expected}", kind_of(got)),
    )
}

/// A list of record ids.
pub(crate) fn ids(method: &str, value: Value) -> Result<Vec<i64>, Error> {
    match &value {
        Value::Array(items) => items
            .iter()
            .map(|v| {
                v.as_i64()
                    .ok_or_else(|| unexpected(method, "a list of ids", &value))
            })
            .collect(),
        _ => Err(unexpected(method, "a list of ids", &value)),
    }
}

/// Ids from a method that returns one id or a list of ids (`create`, `copy` on JSON-RPC).
pub(crate) fn id_or_ids(method: &str, value: Value) -> Result<Vec<i64>, Error> {
    match value.as_i64() {
        Some(id) => Ok(vec![id]),
        None => ids(method, value),
    }
}

/// A list of records.
pub(crate) fn records(method: &str, value: Value) -> Result<Vec<Record>, Error> {
    let Value::Array(items) = value else {
        return Err(unexpected(method, "a list of records", &value));
    };
    items
        .into_iter()
        .map(|v| match v {
            Value::Object(record) => Ok(record),
            other => Err(unexpected(method, "a list of records", &other)),
        })
        .collect()
}

/// One object (a record of defaults, field metadata).
pub(crate) fn object(method: &str, value: Value) -> Result<Map<String, Value>, Error> {
    match value {
        Value::Object(map) => Ok(map),
        other => Err(unexpected(method, "an object", &other)),
    }
}

/// A non-negative count.
pub(crate) fn count(method: &str, value: Value) -> Result<u64, Error> {
    value
        .as_u64()
        .ok_or_else(|| unexpected(method, "a count", &value))
}

/// A boolean.
pub(crate) fn boolean(method: &str, value: Value) -> Result<bool, Error> {
    value
        .as_bool()
        .ok_or_else(|| unexpected(method, "a boolean", &value))
}

/// `[[id, "display name"], ...]`.
pub(crate) fn pairs(method: &str, value: Value) -> Result<Vec<(i64, String)>, Error> {
    let Value::Array(items) = &value else {
        return Err(unexpected(method, "a list of [id, name] pairs", &value));
    };
    items
        .iter()
        .map(|item| {
            let pair = item.as_array().filter(|p| p.len() == 2);
            let id = pair.and_then(|p| p[0].as_i64());
            let name = pair.map(|p| match &p[1] {
                Value::String(s) => s.clone(),
                Value::Bool(false) => String::new(),
                other => other.to_string(),
            });
            id.zip(name)
                .ok_or_else(|| unexpected(method, "a list of [id, name] pairs", &value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn decodes_the_shapes_odoo_returns() {
        assert_eq!(ids("search", json!([1, 2])).unwrap(), [1, 2]);
        assert_eq!(id_or_ids("create", json!(7)).unwrap(), [7]);
        assert_eq!(id_or_ids("create", json!([7, 8])).unwrap(), [7, 8]);
        assert_eq!(count("search_count", json!(42)).unwrap(), 42);
        assert!(boolean("has_access", json!(true)).unwrap());
        assert_eq!(
            pairs("name_search", json!([[9, "Acme"], [10, false]])).unwrap(),
            [(9, "Acme".to_owned()), (10, String::new())]
        );
        assert_eq!(records("read", json!([{"id": 1}])).unwrap()[0]["id"], 1);
    }

    #[test]
    fn wrong_shapes_are_decode_errors_without_values() {
        let e = ids("search", json!(["secret-value"])).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode);
        assert!(!e.to_string().contains("secret-value"));
        assert_eq!(
            count("search_count", json!(-1)).unwrap_err().kind(),
            ErrorKind::Decode
        );
        assert!(records("read", json!({"id": 1})).is_err());
        assert!(pairs("name_search", json!([[1]])).is_err());
    }
}
