//! Field values of a create or a write: checked against the model (known fields; the policy
//! checks, nested commands included, are `guard::values`') and relational values in the shapes models send converted to what Odoo expects:
//!
//! - many2one: `{"id": 3, "name": …}` or `[3, "Name"]` (what read returns) → `3`;
//! - many2many: a list of ids (or of `{id, …}` / `[id, name]`) → `[[6, 0, ids]]` (replace);
//! - one2many: a list of value objects → `[[0, 0, values], …]` (create these lines).
//!
//! Lists of commands (`[[4, 7]]`, `[[6, 0, [1, 2]]]`) pass unchanged.

use crate::field_type::FieldType;
use serde_json::{Map, Value};

use super::{Target, unknown_field};
use crate::error::ToolError;
use crate::metadata::ModelMeta;

/// Checks `values` against the model and converts relational near-misses in place.
pub(crate) fn prepare(
    values: &mut Map<String, Value>,
    meta: &ModelMeta,
    target: &Target<'_>,
) -> Result<(), ToolError> {
    if values.is_empty() {
        return Err(ToolError::invalid("no field values given"));
    }
    for (name, value) in values.iter_mut() {
        odoo_client::FieldName::new(name)?;
        let Some(field) = meta.field(name) else {
            return Err(unknown_field(name, &target.model, meta));
        };
        match field.ftype {
            FieldType::Many2one => many2one(name, value)?,
            FieldType::Many2many => many2many(name, value)?,
            FieldType::One2many => one2many(name, value)?,
            _ => {}
        }
    }
    Ok(())
}

/// The id in a record reference: `3`, `{"id": 3, …}` or `[3, "Name"]`.
fn reference_id(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::Object(o) => o.get("id").and_then(Value::as_i64),
        Value::Array(a) => match a.as_slice() {
            [Value::Number(n), Value::String(_)] => n.as_i64(),
            _ => None,
        },
        _ => None,
    }
}

fn many2one(name: &str, value: &mut Value) -> Result<(), ToolError> {
    match value {
        Value::Number(_) | Value::Null | Value::Bool(false) => Ok(()),
        other => match reference_id(other) {
            Some(id) => {
                *other = Value::from(id);
                Ok(())
            }
            None => Err(ToolError::invalid(format!(
                "`{name}` is a many2one: give the id of the related record (an integer, e.g. 7) \
                 or false to empty it; got {other}. Find ids with name_search."
            ))),
        },
    }
}

/// Whether `items` is a list of x2many commands (`[[6, 0, [..]]]`, `[[4, 7]]`, …).
fn is_commands(items: &[Value]) -> bool {
    items.iter().all(|item| {
        matches!(item.as_array().map(Vec::as_slice),
            Some([Value::Number(code), ..]) if code.as_u64().is_some_and(|c| c <= 6)
                && !matches!(item.as_array().map(Vec::len), Some(2) if item[1].is_string()))
    })
}

fn many2many(name: &str, value: &mut Value) -> Result<(), ToolError> {
    let Value::Array(items) = value else {
        return Err(ToolError::invalid(format!(
            "`{name}` is a many2many: give a list of record ids, e.g. [1, 2] (it replaces the \
             current set), or Odoo commands such as [[4, id]] to add one; got {value}"
        )));
    };
    if items.is_empty() || is_commands(items) {
        return Ok(());
    }
    let ids: Option<Vec<i64>> = items.iter().map(reference_id).collect();
    match ids {
        Some(ids) => {
            *value = serde_json::json!([[6, 0, ids]]);
            Ok(())
        }
        None => Err(ToolError::invalid(format!(
            "`{name}` is a many2many: give a list of record ids, e.g. [1, 2], or Odoo commands \
             such as [[6, 0, [1, 2]]] (replace) or [[4, id]] (add); got {value}"
        ))),
    }
}

fn one2many(name: &str, value: &mut Value) -> Result<(), ToolError> {
    let hint = "give a list of value objects, one per line to create (e.g. [{\"name\": \"x\"}]), \
                or Odoo commands such as [[0, 0, {values}]] (create), [[1, id, {values}]] \
                (change), [[2, id]] (delete)";
    let Value::Array(items) = value else {
        return Err(ToolError::invalid(format!(
            "`{name}` is a one2many: {hint}; got {value}"
        )));
    };
    if items.is_empty() || is_commands(items) {
        return Ok(());
    }
    if items
        .iter()
        .all(|i| i.as_object().is_some_and(|o| !o.contains_key("id")))
    {
        let commands: Vec<Value> = items
            .drain(..)
            .map(|line| serde_json::json!([0, 0, line]))
            .collect();
        *items = commands;
        return Ok(());
    }
    Err(ToolError::invalid(format!(
        "`{name}` is a one2many (lines owned by this record): {hint}; got {value}"
    )))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn converted(
        f: fn(&str, &mut Value) -> Result<(), ToolError>,
        mut v: Value,
    ) -> Result<Value, String> {
        f("x_ids", &mut v).map_err(|e| e.message())?;
        Ok(v)
    }

    #[test]
    fn many2one_references_become_ids() {
        assert_eq!(
            converted(many2one, json!({"id": 3, "name": "Acme"})),
            Ok(json!(3))
        );
        assert_eq!(converted(many2one, json!([3, "Acme"])), Ok(json!(3)));
        assert_eq!(converted(many2one, json!(3)), Ok(json!(3)));
        assert_eq!(converted(many2one, json!(false)), Ok(json!(false)));
        let e = converted(many2one, json!("Acme")).expect_err("a name");
        assert!(
            e.contains("is a many2one") && e.contains("name_search"),
            "{e}"
        );
    }

    #[test]
    fn many2many_id_lists_become_a_replace_command() {
        assert_eq!(
            converted(many2many, json!([1, 2])),
            Ok(json!([[6, 0, [1, 2]]]))
        );
        assert_eq!(
            converted(many2many, json!([{"id": 1, "name": "A"}, [2, "B"]])),
            Ok(json!([[6, 0, [1, 2]]]))
        );
        for commands in [json!([[6, 0, [1]]]), json!([[4, 7]]), json!([])] {
            assert_eq!(converted(many2many, commands.clone()), Ok(commands));
        }
        let e = converted(many2many, json!(["VIP"])).expect_err("names");
        assert!(
            e.contains("is a many2many") && e.contains("[[4, id]]"),
            "{e}"
        );
        assert!(converted(many2many, json!(5)).is_err());
    }

    #[test]
    fn one2many_value_objects_become_create_commands() {
        assert_eq!(
            converted(one2many, json!([{"name": "a"}, {"name": "b"}])),
            Ok(json!([[0, 0, {"name": "a"}], [0, 0, {"name": "b"}]]))
        );
        let commands = json!([[0, 0, {"name": "a"}], [2, 9]]);
        assert_eq!(converted(one2many, commands.clone()), Ok(commands));
        let e = converted(one2many, json!([3, 4])).expect_err("ids");
        assert!(
            e.contains("is a one2many") && e.contains("[[0, 0, {values}]]"),
            "{e}"
        );
    }
}
