//! `onchange(values, field_names, fields_spec)` (Odoo 17+, module `web`): the values Odoo's
//! form logic would change as a consequence of setting some fields — prices, taxes, totals,
//! partner-dependent fields — computed on a record that is never saved. A read: nothing is
//! written, so it is retried like one.
//!
//! Odoo 16 and earlier had `onchange(values, field_name, field_onchange)`, with another
//! answer; the client does not speak it ([`Onchange`] is refused before sending).

use serde_json::{Map, Value};

use crate::error::{Error, ErrorKind};
use crate::names::{FieldName, ModelName};
use crate::protocol::Call;
use crate::request::Record;

/// The arguments of one onchange: a record (existing or new), the values the form holds, the
/// fields the caller changed and the fields whose new values to return.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Onchange {
    /// The existing record it runs on (`None`: a new record, starting from its defaults).
    pub id: Option<i64>,
    /// The form's values, in the format `write` takes (the changed fields among them).
    pub values: Record,
    /// The fields the caller changed (empty: a new form, every default returned).
    pub field_names: Vec<FieldName>,
    /// The fields to report, in `web_read`'s specification format: `{"name": {}, "partner_id":
    /// {"fields": {"display_name": {}}}}`. Only those whose value changes come back.
    pub fields_spec: Map<String, Value>,
}

impl Onchange {
    /// An onchange of a new record holding `values`, all of them changed.
    pub fn new(values: Record) -> Result<Self, Error> {
        let field_names = values
            .keys()
            .map(FieldName::new)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            id: None,
            values,
            field_names,
            fields_spec: Map::new(),
        })
    }

    /// Runs on the existing record `id` instead of a new one.
    pub fn record(mut self, id: i64) -> Self {
        self.id = Some(id);
        self
    }

    /// Reports these fields (each `{}`: plain values, many2one as ids).
    pub fn report<I, S>(mut self, fields: I) -> Result<Self, Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for f in fields {
            let f = FieldName::new(f.as_ref())?;
            self.fields_spec
                .insert(f.as_str().to_owned(), Value::Object(Map::new()));
        }
        Ok(self)
    }
}

/// Odoo's answer: the changed values and, when the form would show one, a warning.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OnchangeResult {
    /// Field → new value, as `web_read` formats it; x2many values are command lists.
    pub value: Record,
    /// The warning Odoo's onchange methods raised.
    pub warning: Option<OnchangeWarning>,
}

/// A warning an onchange returns (`{"title", "message", "type"}`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OnchangeWarning {
    /// Its title, e.g. "Warning for Azure Interior".
    pub title: String,
    /// Its text.
    pub message: String,
}

/// The call: `onchange(ids, values, field_names, fields_spec)`, every argument leading
/// (positional on JSON-RPC, `ids` always sent, empty for a new record).
pub(crate) fn call(model: &ModelName, request: &Onchange) -> Call {
    let ids: Vec<i64> = request.id.into_iter().collect();
    let names: Vec<&str> = request.field_names.iter().map(FieldName::as_str).collect();
    Call::read(model, "onchange")
        .ids(&ids)
        .arg("values", Value::Object(request.values.clone()))
        .arg("field_names", names)
        .arg("fields_spec", Value::Object(request.fields_spec.clone()))
}

/// Decodes the answer: `{}` (an onchange on a field the model does not have) is no change.
pub(crate) fn decode(answer: Value) -> Result<OnchangeResult, Error> {
    let Value::Object(mut answer) = answer else {
        return Err(Error::new(
            ErrorKind::Decode,
            "onchange returned something other than an object",
        ));
    };
    let value = match answer.remove("value") {
        None | Some(Value::Null | Value::Bool(false)) => Record::new(),
        Some(Value::Object(value)) => value,
        Some(_) => {
            return Err(Error::new(
                ErrorKind::Decode,
                "onchange returned a `value` that is not an object",
            ));
        }
    };
    let warning = match answer.remove("warning") {
        Some(Value::Object(w)) => {
            let text = |k: &str| w.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
            Some(OnchangeWarning {
                title: text("title"),
                message: text("message"),
            })
        }
        _ => None,
    };
    Ok(OnchangeResult { value, warning })
}

/// The error for a version without the 17+ onchange.
pub(crate) fn unsupported(version: &str) -> Error {
    Error::new(
        ErrorKind::Unsupported,
        format!(
            "onchange(values, field_names, fields_spec) exists from Odoo 17; this server runs \
             {version}"
        ),
    )
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::protocol::{json2, jsonrpc};
    use crate::request::Context;
    use crate::secret::Secret;

    fn line() -> Onchange {
        let values = json!({"order_id": 7, "product_id": 2})
            .as_object()
            .cloned()
            .unwrap();
        Onchange::new(values)
            .unwrap()
            .report(["price_unit", "name"])
            .unwrap()
    }

    #[test]
    fn json2_sends_ids_values_field_names_and_spec_by_name() {
        let model = ModelName::new("sale.order.line").unwrap();
        let (path, body) = json2::encode(&call(&model, &line()), &Context::new());
        assert_eq!(path, "/json/2/sale.order.line/onchange");
        assert_eq!(
            body,
            json!({
                "ids": [],
                "values": {"order_id": 7, "product_id": 2},
                "field_names": ["order_id", "product_id"],
                "fields_spec": {"price_unit": {}, "name": {}},
            })
        );
        let (_, body) = json2::encode(&call(&model, &line().record(5)), &Context::new());
        assert_eq!(body["ids"], json!([5]));
    }

    #[test]
    fn jsonrpc_sends_them_positionally_after_the_ids() {
        let model = ModelName::new("sale.order.line").unwrap();
        let body = jsonrpc::encode_execute_kw(
            1,
            "demo",
            2,
            &Secret::new("pw"),
            &call(&model, &line().record(5)),
            &Context::new(),
        );
        assert_eq!(body["params"]["args"][4], json!("onchange"));
        assert_eq!(
            body["params"]["args"][5],
            json!([
                [5],
                {"order_id": 7, "product_id": 2},
                ["order_id", "product_id"],
                {"price_unit": {}, "name": {}},
            ])
        );
    }

    #[test]
    fn the_call_is_a_retryable_read() {
        let model = ModelName::new("sale.order.line").unwrap();
        assert_eq!(
            call(&model, &line()).idempotency,
            crate::retry::Idempotency::Read
        );
    }

    #[test]
    fn decodes_values_warnings_and_the_empty_answer() {
        let r = decode(json!({
            "value": {"price_unit": 50.0},
            "warning": {"title": "Warning for chair", "message": "Fragile", "type": "dialog"},
        }))
        .unwrap();
        assert_eq!(r.value["price_unit"], json!(50.0));
        assert_eq!(
            r.warning,
            Some(OnchangeWarning {
                title: "Warning for chair".into(),
                message: "Fragile".into()
            })
        );
        assert_eq!(decode(json!({})).unwrap(), OnchangeResult::default());
        let bad = decode(json!([1])).unwrap_err();
        assert_eq!(bad.kind(), ErrorKind::Decode);
        assert_eq!(
            decode(json!({"value": 3})).unwrap_err().kind(),
            ErrorKind::Decode
        );
    }

    #[test]
    fn older_versions_are_told_apart() {
        let e = unsupported("16.0");
        assert_eq!(e.kind(), ErrorKind::Unsupported);
        assert!(e.to_string().contains("from Odoo 17"), "{e}");
        assert!(e.to_string().contains("16.0"), "{e}");
    }

    #[test]
    fn bad_field_names_are_refused_before_sending() {
        let values = json!({"bad name": 1}).as_object().cloned().unwrap();
        assert!(Onchange::new(values).is_err());
        assert!(line().report(["x;drop"]).is_err());
    }
}
