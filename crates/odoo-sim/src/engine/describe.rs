//! The attributes of a field's description (`Field.get_description` in Odoo 19's
//! `odoo/orm/fields.py` and the field classes) that the recorded metadata lacks: the recording
//! asked for a list of attributes, while `fields_get` without `attributes` returns every
//! `_description_*` attribute whose value is not `None`.
//!
//! Per field class:
//! - every field: `name`, `type`, `string`, `store`, `readonly`, `required`, `manual`,
//!   `company_dependent`, `change_default`, `default_export_compatible`, `exportable`,
//!   `depends` (the `@api.depends` paths: empty for a plain stored field), `searchable`,
//!   `sortable`, `groupable`, and `help`, `groups`, `aggregator`, `related` when set;
//! - relational fields: `relation`, `context` (`{}` by default), `domain` (`[]` by default);
//!   one2many adds `relation_field`;
//! - char/text/html: `translate`; char: `size` when set; html: the `sanitize*` and `strip_*`
//!   options; binary: `attachment`; selection: `selection`; float: `digits` when set;
//!   monetary: `currency_field`.

use serde_json::{Map, Value, json};

use super::registry::{Field, FieldType};

/// Adds to `attrs` (the recorded attributes of `field`) the attributes Odoo describes that
/// the recording lacks, keeping every recorded value.
pub(crate) fn complete(field: &Field, attrs: &mut Map<String, Value>) {
    let mut add = |k: &str, v: Value| {
        if !attrs.contains_key(k) {
            attrs.insert(k.to_owned(), v);
        }
    };
    add("name", Value::from(field.name.as_str()));
    add("manual", Value::Bool(false));
    add("change_default", Value::Bool(false));
    add("default_export_compatible", Value::Bool(false));
    add("exportable", Value::Bool(true));
    add("depends", json!([]));
    // `bool(self.store or self.search)`: inherited fields search through their parent, and
    // `display_name` has `_search_display_name`.
    let searchable = field.store
        || field.inherited_via.is_some()
        || matches!(field.name.as_str(), "id" | "display_name");
    add("searchable", Value::Bool(searchable));
    match field.ftype {
        FieldType::Many2one | FieldType::One2many | FieldType::Many2many => {
            add("context", json!({}));
            add("domain", json!([]));
        }
        FieldType::Char | FieldType::Text => add("translate", Value::Bool(false)),
        FieldType::Html => {
            add("translate", Value::Bool(false));
            add("sanitize", Value::Bool(true));
            add("sanitize_overridable", Value::Bool(false));
            add("sanitize_tags", Value::Bool(true));
            add("sanitize_attributes", Value::Bool(true));
            add("sanitize_style", Value::Bool(false));
            add("sanitize_form", Value::Bool(true));
            add("strip_style", Value::Bool(false));
            add("strip_classes", Value::Bool(false));
        }
        FieldType::Binary => add("attachment", Value::Bool(true)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::registry::registry;

    #[test]
    fn every_field_type_gets_its_class_attributes_and_keeps_the_recorded_ones() {
        let partner = registry().model("res.partner").unwrap();
        let mut parent = partner.field("parent_id").unwrap().attrs.clone();
        complete(partner.field("parent_id").unwrap(), &mut parent);
        for k in [
            "name",
            "depends",
            "context",
            "domain",
            "exportable",
            "manual",
            "searchable",
        ] {
            assert!(parent.contains_key(k), "many2one lacks {k}");
        }
        assert_eq!(parent["relation"], "res.partner");
        assert_eq!(parent["name"], "parent_id");
        let mut name = partner.field("name").unwrap().attrs.clone();
        complete(partner.field("name").unwrap(), &mut name);
        assert!(name.contains_key("translate"));
        assert!(!name.contains_key("domain"), "a char field has no domain");
        let mut display = partner.field("display_name").unwrap().attrs.clone();
        complete(partner.field("display_name").unwrap(), &mut display);
        assert_eq!(
            display["searchable"], true,
            "display_name has a search method"
        );
    }
}
