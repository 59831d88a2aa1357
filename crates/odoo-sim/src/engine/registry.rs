//! The model registry: field metadata loaded from `data/models/*.json`, with each model's
//! `_order`, `_rec_names_search`, parent field and delegation (`_inherits`) taken from its
//! behaviour (`engine/models`). The recorded metadata is Odoo 19's; [`for_version`] applies the
//! field changes of other versions (`version_rules::FIELD_CHANGES`).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde_json::{Map, Value};

use super::models;

const IR_MODEL_ROWS: &str = include_str!("../../data/models/_ir_model.json");

/// The type of a field, as `fields_get` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldType {
    Char,
    Text,
    Html,
    Selection,
    Integer,
    Float,
    Monetary,
    Boolean,
    Date,
    Datetime,
    Many2one,
    One2many,
    Many2many,
    Binary,
    /// A properties field: `[]` when empty (sample json2_empty_body_search_read_all_fields.json).
    Properties,
    Other,
}

impl FieldType {
    fn parse(s: &str) -> Self {
        match s {
            "char" => Self::Char,
            "text" => Self::Text,
            "html" => Self::Html,
            "selection" => Self::Selection,
            "integer" => Self::Integer,
            "float" => Self::Float,
            "monetary" => Self::Monetary,
            "boolean" => Self::Boolean,
            "date" => Self::Date,
            "datetime" => Self::Datetime,
            "many2one" => Self::Many2one,
            "one2many" => Self::One2many,
            "many2many" => Self::Many2many,
            "binary" => Self::Binary,
            "properties" => Self::Properties,
            _ => Self::Other,
        }
    }
    /// Whether the type links to another model.
    pub(crate) fn is_relational(self) -> bool {
        matches!(self, Self::Many2one | Self::One2many | Self::Many2many)
    }
    /// Whether the type holds a list of ids.
    pub(crate) fn is_x2many(self) -> bool {
        matches!(self, Self::One2many | Self::Many2many)
    }
    /// Whether the type is a string column (`''` is its falsy value).
    pub(crate) fn is_text(self) -> bool {
        matches!(self, Self::Char | Self::Text | Self::Html)
    }
    /// Whether the type is numeric (`0` is its falsy value).
    pub(crate) fn is_number(self) -> bool {
        matches!(self, Self::Integer | Self::Float | Self::Monetary)
    }
}

/// One field of a model.
#[derive(Debug, Clone)]
pub(crate) struct Field {
    pub(crate) name: String,
    pub(crate) ftype: FieldType,
    pub(crate) relation: Option<String>,
    pub(crate) relation_field: Option<String>,
    pub(crate) store: bool,
    pub(crate) required: bool,
    pub(crate) readonly: bool,
    /// The selection keys (selection fields only).
    pub(crate) selection: Vec<String>,
    /// The `fields_get` attributes, as recorded.
    pub(crate) attrs: Map<String, Value>,
    /// The delegating many2one when the field is inherited (`_inherits`) from a parent model.
    pub(crate) inherited_via: Option<String>,
    /// Whether an `order` may name the field (`fields_get`'s `sortable`: Odoo's
    /// `_description_sortable` tries `_order_field_to_sql`): stored columns, and the related or
    /// inherited fields that reach one. x2many, attachment-stored binaries and plain computed
    /// fields are not.
    pub(crate) sortable: bool,
}

/// One model: its fields and ORM settings.
#[derive(Debug, Clone)]
pub(crate) struct Model {
    pub(crate) name: String,
    pub(crate) description: String,
    /// Fields in metadata order.
    pub(crate) fields: BTreeMap<String, Field>,
    pub(crate) field_order: Vec<String>,
    /// The default `_order`.
    pub(crate) order: String,
    /// `_rec_names_search` (fields matched by a name search).
    pub(crate) rec_names_search: Vec<String>,
    /// The hierarchy's parent field, if any.
    pub(crate) parent_name: Option<String>,
    /// `_inherits`: (parent model, delegating many2one).
    pub(crate) inherits: Option<(String, String)>,
}

impl Model {
    /// The field named `name`.
    pub(crate) fn field(&self, name: &str) -> Option<&Field> {
        self.fields.get(name)
    }
    /// Whether the model has an `active` field.
    pub(crate) fn has_active(&self) -> bool {
        self.fields
            .get("active")
            .is_some_and(|f| f.ftype == FieldType::Boolean)
    }
}

/// Every model the simulator knows.
#[derive(Debug)]
pub(crate) struct Registry {
    pub(crate) models: BTreeMap<String, Model>,
    /// The `ir.model` rows (id, model, name, transient, modules).
    pub(crate) ir_model_rows: Vec<Map<String, Value>>,
}

/// The shared registry of Odoo 19, as recorded (parsed once).
#[cfg(test)]
pub(crate) fn registry() -> &'static Registry {
    for_version(19)
}

/// The registry of Odoo `version` (17–20; parsed once per version): the recorded models with
/// the fields that version lacks removed.
pub(crate) fn for_version(version: u32) -> &'static Registry {
    static BY_VERSION: [OnceLock<Registry>; 4] = [const { OnceLock::new() }; 4];
    let version = version.clamp(17, 20);
    let slot = usize::try_from(version - 17).unwrap_or(0);
    BY_VERSION
        .get(slot)
        .unwrap_or(&BY_VERSION[0])
        .get_or_init(|| Registry::load(version))
}

impl Registry {
    fn load(version: u32) -> Self {
        let ir_model_rows: Vec<Map<String, Value>> =
            serde_json::from_str(IR_MODEL_ROWS).unwrap_or_default();
        let description = |model: &str| {
            ir_model_rows
                .iter()
                .find(|r| r.get("model").and_then(Value::as_str) == Some(model))
                .and_then(|r| r.get("name").and_then(Value::as_str))
                .unwrap_or(model)
                .to_owned()
        };
        let mut models = BTreeMap::new();
        for (name, text) in models::all().filter_map(|b| Some((b.name(), b.metadata()?))) {
            let raw: Map<String, Value> = serde_json::from_str(text).unwrap_or_default();
            let mut fields = BTreeMap::new();
            let mut field_order = Vec::new();
            for (fname, attrs) in raw {
                let Value::Object(attrs) = attrs else {
                    continue;
                };
                fields.insert(fname.clone(), parse_field(&fname, attrs));
                field_order.push(fname);
            }
            models.insert(
                (*name).to_owned(),
                new_model(name, description(name), fields, field_order),
            );
        }
        // Models known to ir.model without recorded metadata get the magic fields only.
        for row in &ir_model_rows {
            let Some(name) = row.get("model").and_then(Value::as_str) else {
                continue;
            };
            if models.contains_key(name) {
                continue;
            }
            let mut fields = BTreeMap::new();
            let mut field_order = Vec::new();
            for (fname, ftype, string, relation) in minimal_fields(name) {
                let mut attrs = Map::new();
                attrs.insert("readonly".into(), Value::Bool(fname != "name"));
                attrs.insert("required".into(), Value::Bool(false));
                attrs.insert("store".into(), Value::Bool(fname != "display_name"));
                attrs.insert("string".into(), Value::from(string));
                attrs.insert("type".into(), Value::from(ftype));
                if let Some(rel) = relation {
                    attrs.insert("relation".into(), Value::from(rel));
                }
                fields.insert(fname.to_owned(), parse_field(fname, attrs));
                field_order.push(fname.to_owned());
            }
            models.insert(
                name.to_owned(),
                new_model(name, description(name), fields, field_order),
            );
        }
        // Inherited fields: a field not stored on the child but stored on the parent.
        let delegating: Vec<(String, (&str, &str))> = models
            .keys()
            .filter_map(|m| Some((m.clone(), models::behaviour(m).settings().inherits?)))
            .collect();
        for (child, (parent, via)) in delegating {
            let Some(parent_fields) = models.get(parent).map(|m| m.fields.clone()) else {
                continue;
            };
            if let Some(model) = models.get_mut(&child) {
                model.inherits = Some((parent.to_owned(), via.to_owned()));
                for (fname, field) in &mut model.fields {
                    let stored_on_parent = parent_fields.get(fname).is_some_and(|p| p.store);
                    if !field.store && stored_on_parent && fname != "display_name" {
                        field.inherited_via = Some(via.to_owned());
                    }
                }
            }
        }
        for change in super::version_rules::FIELD_CHANGES {
            let absent = version < change.since || version > change.until;
            if let Some(model) = models.get_mut(change.model)
                && absent
            {
                model.fields.remove(change.field);
                model.field_order.retain(|f| f != change.field);
            }
        }
        Self {
            models,
            ir_model_rows,
        }
    }

    /// The model named `name`.
    pub(crate) fn model(&self, name: &str) -> Option<&Model> {
        self.models.get(name)
    }
}

fn minimal_fields(
    model: &str,
) -> Vec<(
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
)> {
    let mut out = vec![
        ("id", "integer", "ID", None),
        ("display_name", "char", "Display Name", None),
        ("create_date", "datetime", "Created on", None),
        ("create_uid", "many2one", "Created by", Some("res.users")),
        ("write_date", "datetime", "Last Updated on", None),
        (
            "write_uid",
            "many2one",
            "Last Updated by",
            Some("res.users"),
        ),
    ];
    match model {
        "res.groups" => {
            out.push(("name", "char", "Name", None));
            out.push(("full_name", "char", "Group Name", None));
        }
        "ir.config_parameter" => {
            out.push(("key", "char", "Key", None));
            out.push(("value", "text", "Value", None));
        }
        _ => out.push(("name", "char", "Name", None)),
    }
    out
}

fn parse_field(name: &str, attrs: Map<String, Value>) -> Field {
    let s = |k: &str| attrs.get(k).and_then(Value::as_str).map(str::to_owned);
    let b = |k: &str| attrs.get(k).and_then(Value::as_bool).unwrap_or(false);
    let selection = attrs
        .get("selection")
        .and_then(Value::as_array)
        .map(|opts| {
            opts.iter()
                .filter_map(|o| {
                    o.as_array()
                        .and_then(|pair| pair.first())
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                })
                .collect()
        })
        .unwrap_or_default();
    let ftype = FieldType::parse(&s("type").unwrap_or_default());
    let sortable = attrs
        .get("sortable")
        .and_then(Value::as_bool)
        .unwrap_or(b("store") && !ftype.is_x2many());
    Field {
        name: name.to_owned(),
        ftype,
        relation: s("relation"),
        relation_field: s("relation_field"),
        store: b("store"),
        required: b("required"),
        readonly: b("readonly"),
        selection,
        attrs,
        inherited_via: None,
        sortable,
    }
}

fn new_model(
    name: &str,
    description: String,
    fields: BTreeMap<String, Field>,
    field_order: Vec<String>,
) -> Model {
    let settings = models::behaviour(name).settings();
    let order = settings.order.to_owned();
    let rec_names_search = if settings.rec_names_search.is_empty() {
        if fields.contains_key("name") {
            vec!["name".to_owned()]
        } else {
            Vec::new()
        }
    } else {
        settings
            .rec_names_search
            .iter()
            .map(|f| (*f).to_owned())
            .collect()
    };
    let parent_name = settings.parent.map(str::to_owned);
    Model {
        name: name.to_owned(),
        description,
        fields,
        field_order,
        order,
        rec_names_search,
        parent_name,
        inherits: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_loads_the_recorded_models_and_ir_model() {
        let reg = registry();
        assert!(reg.models.len() > 400);
        let partner = reg.model("res.partner").unwrap();
        assert_eq!(partner.description, "Contact");
        assert_eq!(
            partner.field("parent_id").unwrap().relation.as_deref(),
            Some("res.partner")
        );
        assert!(partner.has_active());
        assert_eq!(partner.order, "complete_name ASC, id DESC");
        let users = reg.model("res.users").unwrap();
        assert_eq!(
            users.field("name").unwrap().inherited_via.as_deref(),
            Some("partner_id")
        );
        assert!(users.field("login").unwrap().inherited_via.is_none());
        assert!(reg.model("ir.config_parameter").is_some());
    }

    #[test]
    fn odoo_20_reads_attachments_through_raw_only() {
        let field = |v: u32, f: &str| {
            for_version(v)
                .model("ir.attachment")
                .and_then(|m| m.field(f))
                .is_some()
        };
        for v in [17, 18, 19] {
            assert!(field(v, "datas"), "{v} has datas");
        }
        assert!(!field(20, "datas"), "20 renamed datas");
        assert!(field(20, "raw"));
        let order = &for_version(20).model("ir.attachment").unwrap().field_order;
        assert!(!order.iter().any(|f| f == "datas"));
    }
}
