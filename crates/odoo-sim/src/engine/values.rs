//! Field values as `read` returns them: many2one `[id, display_name]` or `false`, x2many id
//! lists (ordered by the comodel's `_order`, inactive records dropped under `active_test`),
//! `false` for empty char/date values, `0`/`0.0` for empty numbers.

use serde_json::Value;

use super::models;
use super::order;
use super::records;
use super::registry::{Field, FieldType, Model, Registry};
use crate::store::Database;

/// The ids an x2many field reads, in the comodel's order: Odoo reads them with a search on
/// the comodel under `active_test=False` (`One2many.read`, `Many2many.read`), then drops the
/// inactive ones when the reader's context keeps `active_test` (`convert_to_record`).
pub(crate) fn x2many_read(
    db: &Database,
    reg: &Registry,
    model: &Model,
    id: i64,
    field: &Field,
    active_test: bool,
) -> Vec<i64> {
    let mut ids = records::related_ids(db, reg, model, id, &field.name);
    let Some(co) = field.relation.as_deref().and_then(|r| reg.model(r)) else {
        return ids;
    };
    ids.retain(|i| records::exists(db, &co.name, *i));
    if active_test && co.has_active() {
        ids.retain(|i| records::stored(db, reg, co, *i, "active").as_bool() != Some(false));
    }
    ids.sort_unstable();
    ids.dedup();
    order::sort_default(db, reg, co, &mut ids);
    ids
}

/// The value of `field` for record `id`, as `read` returns it (inactive x2many lines dropped).
pub(crate) fn read_value(
    db: &Database,
    reg: &Registry,
    model: &Model,
    id: i64,
    field: &Field,
) -> Value {
    read_value_with(db, reg, model, id, field, true)
}

/// [`read_value`] under a context's `active_test`: false keeps inactive x2many lines.
pub(crate) fn read_value_with(
    db: &Database,
    reg: &Registry,
    model: &Model,
    id: i64,
    field: &Field,
    active_test: bool,
) -> Value {
    if field.name == "id" {
        return Value::from(id);
    }
    if field.name == "display_name" {
        return Value::from(records::display_name(db, reg, &model.name, id));
    }
    if !field.store
        && field.inherited_via.is_none()
        && let Some(v) = models::behaviour(&model.name).computed(db, reg, model, id, &field.name)
    {
        return v;
    }
    match field.ftype {
        FieldType::One2many | FieldType::Many2many => {
            Value::from(x2many_read(db, reg, model, id, field, active_test))
        }
        FieldType::Many2one => match records::m2o_id(db, reg, model, id, &field.name) {
            Some(rid) => match field.relation.as_deref() {
                Some(co) if records::exists(db, co, rid) => Value::Array(vec![
                    Value::from(rid),
                    Value::from(records::display_name(db, reg, co, rid)),
                ]),
                _ => Value::Bool(false),
            },
            None => Value::Bool(false),
        },
        _ => format_scalar(
            field.ftype,
            records::stored(db, reg, model, id, &field.name),
        ),
    }
}

/// A stored scalar formatted as `read` returns it.
pub(crate) fn format_scalar(ftype: FieldType, raw: Value) -> Value {
    match ftype {
        FieldType::Integer => match raw {
            Value::Number(n) => Value::from(
                n.as_i64()
                    .unwrap_or_else(|| n.as_f64().unwrap_or_default() as i64),
            ),
            _ => Value::from(0),
        },
        FieldType::Float | FieldType::Monetary => match raw {
            Value::Number(n) => Value::from(n.as_f64().unwrap_or_default()),
            _ => Value::from(0.0),
        },
        FieldType::Boolean => Value::Bool(raw.as_bool().unwrap_or(false)),
        FieldType::Properties => match raw {
            Value::Null | Value::Bool(false) => Value::Array(Vec::new()),
            other => other,
        },
        _ => match raw {
            Value::Null => Value::Bool(false),
            Value::String(s) if s.is_empty() => Value::Bool(false),
            other => other,
        },
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn empty_values_read_as_odoo_sends_them() {
        // Sample json2_empty_body_search_read_all_fields.json: properties are `[]`, not false.
        assert_eq!(format_scalar(FieldType::Properties, Value::Null), json!([]));
        assert_eq!(
            format_scalar(FieldType::Properties, json!([{"name": "p"}])),
            json!([{"name": "p"}])
        );
        assert_eq!(format_scalar(FieldType::Char, json!("")), json!(false));
        assert_eq!(format_scalar(FieldType::Float, Value::Null), json!(0.0));
    }
}
