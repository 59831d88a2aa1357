//! Schema helpers for parameter structs: hand-written schemas where a generated one would be
//! `true` (which some clients reject), and the cleanup of optional arguments' defaults.

use serde_json::Value;

/// One element of a domain, for schemas only: an operator (`"|"`, `"&"`, `"!"`) or a
/// condition `[field, operator, value]`. Written by hand: a generated schema for a JSON value
/// is `true`, which some clients reject.
pub(crate) struct DomainItem;

impl schemars::JsonSchema for DomainItem {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DomainItem".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        // No `type`: an item is an array or a string, and a `type` list is less portable
        // (no anyOf either: some clients reject it). The length keywords each apply to one
        // of the two: an operator is one character, a condition three items.
        schemars::json_schema!({
            "minLength": 1,
            "maxLength": 1,
            "minItems": 3,
            "maxItems": 3,
            "description": "\"|\", \"&\", \"!\" or [field, operator, value]"
        })
    }
}

/// Any JSON value, for schemas only (`{}`: a generated schema would be `true`, which some
/// clients reject).
pub(crate) struct AnyValue;

impl schemars::JsonSchema for AnyValue {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "AnyValue".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({})
    }
}

/// Removes the `"default": null` schemars writes for optional arguments: `null` is not a
/// valid value of their declared type, and strict schema linters flag it.
pub(crate) fn drop_null_defaults(schema: &mut schemars::Schema) {
    if let Some(Value::Object(props)) = schema.get_mut("properties") {
        for prop in props.values_mut() {
            if let Value::Object(p) = prop
                && p.get("default") == Some(&Value::Null)
            {
                p.remove("default");
            }
        }
    }
}
