//! What Odoo would change as a consequence of a create or an update, asked of Odoo itself
//! through `onchange(values, field_names, fields_spec)` (17+): prices, taxes, totals and
//! partner-dependent fields of the record, and — for a new line of a document (an order line
//! with its `order_id`: a model whose name extends the document's) — the document's totals, by the onchange the form of the document
//! runs when a line is added. Nothing is written: onchange works on a record that is never
//! saved.
//!
//! The fields asked for are the model's stored fields the policy lets through (never a secret
//! or withheld field: `render::is_withheld` decides), without the magic fields, binaries and
//! lines, at most [`MAX_SPEC_FIELDS`]; a failure (an old version, access, an Odoo error) is
//! a reason for the preview's note, never a failed dry run.

use crate::field_type::FieldType;
use std::collections::BTreeMap;

use odoo_client::{ErrorKind, FieldName, ModelName, Onchange, OnchangeResult};
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::metadata::{FieldInfo, ModelMeta};
use crate::policy::Policy;
use crate::render;
use crate::server::OdooServer;
use crate::tools::Target;

/// At most this many records get their consequences asked for (one onchange each).
pub(crate) const MAX_RECORDS: usize = 20;

/// At most this many fields are asked for in one onchange.
const MAX_SPEC_FIELDS: usize = 400;

/// Fields every model has that no onchange is about.
const MAGIC_FIELDS: &[&str] = &[
    "id",
    "display_name",
    "create_uid",
    "create_date",
    "write_uid",
    "write_date",
    "__last_update",
];

/// Field types never asked for: lines (they come back as commands), files and free-form data.
const SKIPPED_TYPES: &[FieldType] = &[
    FieldType::One2many,
    FieldType::Many2many,
    FieldType::Binary,
    FieldType::Image,
    FieldType::Properties,
    FieldType::PropertiesDefinition,
    FieldType::Json,
];

/// One field Odoo would also change: its value now (none on a new record) and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Consequence {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) current: Option<Value>,
    pub(crate) new: Value,
}

/// What one record's onchange says: field → consequence (`parent_field.field` for the
/// parent document's), and Odoo's warning.
#[derive(Debug, Default)]
pub(crate) struct Consequences {
    pub(crate) changes: BTreeMap<String, Consequence>,
    pub(crate) warning: Option<String>,
}

/// Why consequences are missing: said once in the preview's note.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Missing {
    /// The parent document's model name is not a valid name.
    #[error("{0}")]
    Name(#[from] odoo_client::NameError),
    /// Building the request, reading metadata or current values failed.
    #[error("{0}")]
    Odoo(#[from] odoo_client::Error),
    /// This Odoo has no `onchange` this client can call.
    #[error("consequences not available on this version ({})", one_line(&.0.to_string()))]
    Unsupported(#[source] odoo_client::Error),
    /// Odoo refused the onchange.
    #[error("onchange failed ({})", one_line(&.0.to_string()))]
    Onchange(#[source] odoo_client::Error),
}

/// The `fields_spec` of `meta`: the stored fields the policy lets through (many2one with
/// their names), plus the x2many fields among `changed` (Odoo needs every changed x2many in
/// the spec).
fn spec(policy: &Policy, meta: &ModelMeta, changed: &[&str]) -> Map<String, Value> {
    let mut spec = Map::new();
    for field in meta.fields.values() {
        if spec.len() >= MAX_SPEC_FIELDS {
            break;
        }
        let is_changed = changed.contains(&field.name.as_str());
        let x2many = field.ftype.is_x2many();
        let wanted = (field.store
            && !MAGIC_FIELDS.contains(&field.name.as_str())
            && !SKIPPED_TYPES.contains(&field.ftype))
            || (is_changed && x2many);
        if !wanted || render::is_withheld(policy, meta, &field.name) {
            continue;
        }
        let entry = if field.ftype == FieldType::Many2one {
            json!({"fields": {"display_name": {}}})
        } else {
            json!({})
        };
        spec.insert(field.name.clone(), entry);
    }
    spec
}

/// A value of an onchange answer as the preview shows values: many2one `{id, name}`,
/// empty as null. `None` for lines (command lists) and fields not asked for.
fn shown(meta: &ModelMeta, spec: &Map<String, Value>, name: &str, value: Value) -> Option<Value> {
    let field: &FieldInfo = meta.field(name)?;
    if !spec.contains_key(name) || SKIPPED_TYPES.contains(&field.ftype) {
        return None;
    }
    let value = match value {
        Value::Object(mut o) if field.ftype == FieldType::Many2one => {
            let id = o.remove("id").unwrap_or(Value::Null);
            let name = o.remove("display_name").unwrap_or(Value::Null);
            json!([id, name])
        }
        other => other,
    };
    Some(render::structured(value, Some(field)))
}

/// The onchange request of `values` (all of them changed).
fn request(values: &Map<String, Value>, spec: Map<String, Value>) -> Result<Onchange, Missing> {
    let mut request = Onchange::new(values.clone())?;
    request.fields_spec = spec;
    Ok(request)
}

impl OdooServer {
    /// The consequences of creating a record with `values`: the record's own, then its
    /// parent document's when it is a new line of one.
    pub(crate) async fn create_consequences(
        &self,
        target: &Target<'_>,
        meta: &ModelMeta,
        values: &Map<String, Value>,
    ) -> Result<Consequences, Missing> {
        let policy = &target.instance.policy;
        let changed: Vec<&str> = values.keys().map(String::as_str).collect();
        let spec = spec(policy, meta, &changed);
        let answer = ask(target, &target.model, request(values, spec.clone())?).await?;
        let mut out = Consequences {
            warning: warning_text(&answer),
            ..Consequences::default()
        };
        for (name, value) in answer.value {
            if let Some(new) = shown(meta, &spec, &name, value) {
                out.changes.insert(name, Consequence { current: None, new });
            }
        }
        self.parent_consequences(target, meta, values, &mut out)
            .await?;
        Ok(out)
    }

    /// The consequences of writing `values` on the existing record `id`, with the current
    /// value of each field that would change.
    pub(crate) async fn update_consequences(
        &self,
        target: &Target<'_>,
        meta: &ModelMeta,
        id: i64,
        values: &Map<String, Value>,
    ) -> Result<Consequences, Missing> {
        let policy = &target.instance.policy;
        let changed: Vec<&str> = values.keys().map(String::as_str).collect();
        let spec = spec(policy, meta, &changed);
        let answer = ask(
            target,
            &target.model,
            request(values, spec.clone())?.record(id),
        )
        .await?;
        let mut out = Consequences {
            warning: warning_text(&answer),
            ..Consequences::default()
        };
        let side = Side {
            model: &target.model,
            meta,
            spec: &spec,
        };
        with_current(target, side, id, answer, "", &mut out).await?;
        Ok(out)
    }

    /// For a new line of a document — a many2one in `values` to a model whose name the
    /// line's extends (`sale.order.line` → `sale.order`, `account.move.line` →
    /// `account.move`) and that has the inverse one2many (`order_line`) —: what the
    /// document's form would change when the line is added to it, under `<many2one>.<field>`.
    async fn parent_consequences(
        &self,
        target: &Target<'_>,
        meta: &ModelMeta,
        values: &Map<String, Value>,
        out: &mut Consequences,
    ) -> Result<(), Missing> {
        let policy = &target.instance.policy;
        let parent = values.iter().find_map(|(name, value)| {
            let field = meta.field(name)?;
            let id = value.as_i64()?;
            let comodel = field.relation.as_deref()?;
            let is_document = target
                .model
                .as_str()
                .strip_prefix(comodel)
                .is_some_and(|rest| rest.starts_with('.'));
            (field.ftype == FieldType::Many2one && is_document && policy.is_model_visible(comodel))
                .then(|| (name.clone(), comodel.to_owned(), id))
        });
        let Some((via, comodel, parent_id)) = parent else {
            return Ok(());
        };
        let comodel = ModelName::new(&comodel)?;
        let parent_meta = self
            .metadata()
            .model(&target.instance.name, &target.instance.client, &comodel)
            .await?;
        let lines = parent_meta.fields.values().find(|f| {
            f.ftype == FieldType::One2many
                && f.relation.as_deref() == Some(target.model.as_str())
                && f.relation_field.as_deref() == Some(via.as_str())
        });
        let Some(lines) = lines else {
            return Ok(());
        };
        let mut line = values.clone();
        line.remove(&via);
        let mut parent_values = Map::new();
        parent_values.insert(lines.name.clone(), json!([[0, 0, line]]));
        let spec = spec(policy, &parent_meta, &[lines.name.as_str()]);
        let answer = ask(
            target,
            &comodel,
            request(&parent_values, spec.clone())?.record(parent_id),
        )
        .await?;
        if out.warning.is_none() {
            out.warning = warning_text(&answer);
        }
        let prefix = format!("{via}.");
        let side = Side {
            model: &comodel,
            meta: &parent_meta,
            spec: &spec,
        };
        with_current(target, side, parent_id, answer, &prefix, out).await
    }
}

/// The model an onchange ran on, its fields and the fields asked for.
#[derive(Clone, Copy)]
struct Side<'a> {
    model: &'a ModelName,
    meta: &'a ModelMeta,
    spec: &'a Map<String, Value>,
}

/// Adds to `out` the values the onchange on the existing record `id` of `model` answered,
/// each with its current value, under `prefix` + field name.
async fn with_current(
    target: &Target<'_>,
    Side { model, meta, spec }: Side<'_>,
    id: i64,
    answer: OnchangeResult,
    prefix: &str,
    out: &mut Consequences,
) -> Result<(), Missing> {
    let news: Vec<(String, Value)> = answer
        .value
        .into_iter()
        .filter_map(|(name, value)| shown(meta, spec, &name, value).map(|v| (name, v)))
        .collect();
    let current = current_values(target, model, id, &news).await?;
    for (name, new) in news {
        let current = current
            .get(&name)
            .cloned()
            .map(|v| render::structured(v, meta.field(&name)));
        out.changes.insert(
            format!("{prefix}{name}"),
            Consequence {
                current: Some(current.unwrap_or(Value::Null)),
                new,
            },
        );
    }
    Ok(())
}

/// One onchange; an error becomes the reason consequences are missing.
async fn ask(
    target: &Target<'_>,
    model: &ModelName,
    request: Onchange,
) -> Result<OnchangeResult, Missing> {
    target
        .instance
        .client
        .onchange(model, &request)
        .await
        .map_err(|e| match e.kind() {
            ErrorKind::Unsupported => Missing::Unsupported(e),
            _ => Missing::Onchange(e),
        })
}

/// An error message on one line (Odoo's may span several).
fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The stored values of `fields` (the ones an onchange would change) on record `id`.
async fn current_values(
    target: &Target<'_>,
    model: &ModelName,
    id: i64,
    fields: &[(String, Value)],
) -> Result<Map<String, Value>, Missing> {
    if fields.is_empty() {
        return Ok(Map::new());
    }
    let names: Vec<FieldName> = fields
        .iter()
        .filter_map(|(f, _)| FieldName::new(f).ok())
        .collect();
    let rows = target.instance.client.read(model, &[id], &names).await?;
    Ok(rows.into_iter().next().unwrap_or_default())
}

/// Odoo's warning as one line.
fn warning_text(answer: &OnchangeResult) -> Option<String> {
    let w = answer.warning.as_ref()?;
    Some(match (w.title.is_empty(), w.message.is_empty()) {
        (false, false) => format!("{}: {}", w.title, w.message),
        (true, _) => w.message.clone(),
        (false, true) => w.title.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> ModelMeta {
        ModelMeta::from_fields_get(
            json!({
                "name": {"type": "char", "store": true},
                "price_unit": {"type": "float", "store": true},
                "order_id": {"type": "many2one", "relation": "sale.order", "store": true},
                "tax_ids": {"type": "many2many", "relation": "account.tax", "store": true},
                "api_key": {"type": "char", "store": true},
                "password": {"type": "char", "store": true},
                "image_1920": {"type": "binary", "store": true},
                "create_date": {"type": "datetime", "store": true},
                "price_reduce": {"type": "float", "store": false},
            })
            .as_object()
            .unwrap(),
        )
    }

    #[test]
    fn the_spec_asks_for_stored_fields_never_secrets() {
        let policy = Policy::builder("t").build().unwrap();
        let spec = spec(&policy, &meta(), &[]);
        let keys: Vec<&str> = spec.keys().map(String::as_str).collect();
        assert_eq!(keys, ["name", "order_id", "price_unit"]);
        assert_eq!(spec["order_id"], json!({"fields": {"display_name": {}}}));
        // A changed x2many goes in, as Odoo needs it.
        let spec = super::spec(&policy, &meta(), &["tax_ids"]);
        assert_eq!(spec["tax_ids"], json!({}));
    }

    #[test]
    fn answers_are_shown_like_read_values() {
        let meta = meta();
        let policy = Policy::builder("t").build().unwrap();
        let spec = spec(&policy, &meta, &[]);
        assert_eq!(
            shown(
                &meta,
                &spec,
                "order_id",
                json!({"id": 3, "display_name": "S00003"})
            ),
            Some(json!({"id": 3, "name": "S00003"}))
        );
        assert_eq!(shown(&meta, &spec, "name", json!(false)), Some(Value::Null));
        assert_eq!(shown(&meta, &spec, "password", json!("x")), None);
        assert_eq!(shown(&meta, &spec, "tax_ids", json!([[6, 0, [1]]])), None);
    }
}
