//! `dry_run: true` on the write tools: what a create, update, delete or method call would do,
//! found by reading (never writing): the records concerned with their names and states, each
//! field's current value next to the new one, and the problems Odoo would refuse the write for
//! (missing or inaccessible records, required fields left empty, unknown selection values,
//! related records that do not exist).
//!
//! For a create or an update, what Odoo would also change as a consequence (prices, taxes,
//! totals, partner-dependent fields) is Odoo's own answer to `onchange` (`consequences`).

mod consequences;

use crate::field_type::FieldType;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use odoo_client::{Domain, FieldName, ModelName, SearchRead};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Map, Value};

use super::Target;
use crate::error::ToolError;
use crate::metadata::{FieldInfo, ModelMeta};
use crate::render;
use crate::server::OdooServer;

/// Said in every create or update preview: what a dry run cannot know.
const COMPUTED_NOTE: &str = "Nothing was written. \"Would also change\" is Odoo's onchange \
answer (prices, taxes, totals, partner-dependent fields); values Odoo sets only when saving \
(sequence numbers, follow-up records) are not shown. Call again without dry_run to write.";

/// What a write would do.
#[derive(Debug, Default, Serialize)]
pub(crate) struct Preview {
    /// The records concerned (for a create, one entry per new record, without id).
    pub(crate) records: Vec<RecordPreview>,
    /// Why Odoo would refuse the write as given; empty when it should succeed.
    pub(crate) problems: Vec<String>,
    /// What the preview cannot tell.
    pub(crate) note: String,
}

/// One record in a preview.
#[derive(Debug, Default, Serialize)]
pub(crate) struct RecordPreview {
    /// Its id (none for a record to be created).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) id: Option<i64>,
    /// Its display name, when it exists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) name: Option<String>,
    /// Its workflow state, when the model has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) state: Option<String>,
    /// The fields that would change.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) changes: Vec<Change>,
    /// What Odoo's onchange would also change: field (`<many2one>.<field>` for the parent
    /// document of a new line) → current and new value.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) consequences: BTreeMap<String, consequences::Consequence>,
    /// The warning Odoo's onchange would show.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) warning: Option<String>,
}

/// One field's change.
#[derive(Debug, Serialize)]
pub(crate) struct Change {
    pub(crate) field: String,
    /// The value now (absent for a new record).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) current: Option<Value>,
    /// The value as it would be written.
    pub(crate) new: Value,
}

impl Change {
    /// A field that has no value yet (a new record, a message, an activity).
    pub(crate) fn set(field: impl Into<String>, new: Value) -> Self {
        Self {
            field: field.into(),
            current: None,
            new,
        }
    }

    /// One [`Change::set`] per `(field, value)` pair, in order.
    pub(crate) fn all_set<'a>(pairs: impl IntoIterator<Item = (&'a str, Value)>) -> Vec<Self> {
        pairs
            .into_iter()
            .map(|(field, new)| Self::set(field, new))
            .collect()
    }
}

/// Written by hand, inline and flat: some clients cannot follow `$ref` or `anyOf`.
impl JsonSchema for Preview {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Preview".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "description": "With dry_run: what the call would do; nothing was written.",
            "properties": {
                "records": {
                    "type": "array",
                    "description": "The records concerned: id, name, state, changes \
                        [{field, current, new}] (no id and no current value for a new record), \
                        consequences {field: {current, new}} (what Odoo's onchange would also \
                        change; `<many2one>.<field>` for the parent document of a new line) and \
                        warning (Odoo's onchange warning).",
                    "items": {"type": "object"}
                },
                "problems": {
                    "type": "array",
                    "description": "Why Odoo would refuse the write as given; empty when it should succeed.",
                    "items": {"type": "string"}
                },
                "note": {"type": "string", "description": "What the preview cannot tell."}
            },
            "required": ["records", "problems", "note"]
        })
    }
}

impl Preview {
    /// The preview as text: one line per record, then the problems.
    pub(crate) fn text(&self, headline: &str) -> String {
        format!("Dry run: {headline}{} {}", self.details(), self.note)
    }

    /// One line per record (label, state, changes), then what Odoo would refuse, if anything.
    pub(crate) fn details(&self) -> String {
        let mut text = String::new();
        for record in &self.records {
            text.push('\n');
            let label = match (record.id, &record.name) {
                (Some(id), Some(name)) => format!("{name} (#{id})"),
                (Some(id), None) => format!("#{id}"),
                _ => "new record".to_owned(),
            };
            text.push_str(&format!("- {label}"));
            if let Some(state) = &record.state {
                text.push_str(&format!(" [{state}]"));
            }
            let changes: Vec<String> = record
                .changes
                .iter()
                .map(|c| match &c.current {
                    Some(current) => {
                        format!("{}: {} → {}", c.field, shown(current), render::cell(&c.new))
                    }
                    None => format!("{} = {}", c.field, render::cell(&c.new)),
                })
                .collect();
            if !changes.is_empty() {
                text.push_str(": ");
                text.push_str(&changes.join("; "));
            }
            if !record.consequences.is_empty() {
                let also: Vec<String> = record
                    .consequences
                    .iter()
                    .map(|(field, c)| match &c.current {
                        Some(current) => {
                            format!("{field}: {} → {}", shown(current), render::cell(&c.new))
                        }
                        None => format!("{field}: → {}", render::cell(&c.new)),
                    })
                    .collect();
                text.push_str("\n  would also change: ");
                text.push_str(&also.join("; "));
            }
            if let Some(warning) = &record.warning {
                text.push_str(&format!("\n  Odoo would warn: {warning}"));
            }
        }
        if self.problems.is_empty() {
            text.push_str("\nNo problem found.");
        } else {
            text.push_str("\nOdoo would refuse it: ");
            text.push_str(&self.problems.join(" "));
        }
        text
    }
}

impl Preview {
    /// Completes the note: why consequences are missing, or that only the first records
    /// have them.
    fn note_consequences(&mut self, records: usize, missing: Option<consequences::Missing>) {
        if let Some(why) = missing {
            self.note = format!(
                "{} What Odoo would also change is not shown: {why}.",
                self.note
            );
        } else if records > consequences::MAX_RECORDS {
            self.note = format!(
                "{} What Odoo would also change is shown for the first {} records only.",
                self.note,
                consequences::MAX_RECORDS
            );
        }
    }
}

fn shown(value: &Value) -> String {
    let cell = render::cell(value);
    if cell.is_empty() {
        "(empty)".into()
    } else {
        cell
    }
}

impl OdooServer {
    /// The records `ids` with their display name and state (and `fields`, current values);
    /// ids that do not exist or cannot be read are reported as problems.
    async fn existing(
        &self,
        target: &Target<'_>,
        meta: &ModelMeta,
        ids: &[i64],
        fields: &[String],
        preview: &mut Preview,
    ) -> Result<Vec<(RecordPreview, Map<String, Value>)>, ToolError> {
        let mut names: Vec<String> = vec!["display_name".into()];
        if meta.field("state").is_some() {
            names.push("state".into());
        }
        names.extend(fields.iter().cloned());
        let query = SearchRead::new(Domain::ids(ids))
            .fields(&names)?
            .limit(ids.len() as u64);
        let rows = target
            .instance
            .client
            .search_read(&target.model, &query)
            .await?;
        let found: BTreeSet<i64> = rows
            .iter()
            .filter_map(|r| r.get("id").and_then(Value::as_i64))
            .collect();
        let missing: Vec<i64> = ids
            .iter()
            .copied()
            .filter(|id| !found.contains(id))
            .collect();
        if !missing.is_empty() {
            preview.problems.push(format!(
                "No {} record with id {} exists (or the Odoo user cannot read it).",
                target.model,
                render::id_summary(&missing)
            ));
        }
        let mut out = Vec::with_capacity(rows.len());
        for mut row in rows {
            let record = RecordPreview {
                id: row.get("id").and_then(Value::as_i64),
                name: row
                    .remove("display_name")
                    .and_then(|v| v.as_str().map(str::to_owned)),
                state: row.get("state").and_then(Value::as_str).map(str::to_owned),
                ..RecordPreview::default()
            };
            out.push((record, row));
        }
        Ok(out)
    }

    /// The preview of writing `values` on `ids`.
    pub(crate) async fn preview_update(
        &self,
        target: &Target<'_>,
        meta: &Arc<ModelMeta>,
        ids: &[i64],
        values: &Map<String, Value>,
    ) -> Result<Preview, ToolError> {
        let mut preview = Preview {
            note: COMPUTED_NOTE.into(),
            ..Preview::default()
        };
        let fields: Vec<String> = values.keys().cloned().collect();
        let existing = self
            .existing(target, meta, ids, &fields, &mut preview)
            .await?;
        self.check_values_as_odoo(target, meta, values, false, &mut preview)
            .await?;
        let mut missing = None;
        for (i, (mut record, mut row)) in existing.into_iter().enumerate() {
            if let (Some(id), None, true) = (record.id, &missing, i < consequences::MAX_RECORDS) {
                match self.update_consequences(target, meta, id, values).await {
                    Ok(found) => {
                        record.consequences = found.changes;
                        record.warning = found.warning;
                    }
                    Err(why) => missing = Some(why),
                }
            }
            for (field, new) in values {
                let info = meta.field(field);
                let current = row.remove(field).map(|v| render::structured(v, info));
                record.changes.push(Change {
                    field: field.clone(),
                    current: Some(current.unwrap_or(Value::Null)),
                    new: new.clone(),
                });
            }
            preview.records.push(record);
        }
        preview.note_consequences(ids.len(), missing);
        Ok(preview)
    }

    /// The preview of creating `records`.
    pub(crate) async fn preview_create(
        &self,
        target: &Target<'_>,
        meta: &Arc<ModelMeta>,
        records: &[Map<String, Value>],
    ) -> Result<Preview, ToolError> {
        let mut preview = Preview {
            note: COMPUTED_NOTE.into(),
            ..Preview::default()
        };
        // Which required fields Odoo would fill itself.
        let required: Vec<&FieldInfo> = meta
            .fields
            .values()
            .filter(|f| f.required && f.store && f.name != "id")
            .collect();
        let names: Vec<FieldName> = required
            .iter()
            .filter_map(|f| FieldName::new(&f.name).ok())
            .collect();
        let defaults = if names.is_empty() {
            Map::new()
        } else {
            target
                .instance
                .client
                .default_get(&target.model, &names)
                .await?
        };
        let mut missing = None;
        for (i, values) in records.iter().enumerate() {
            let mut found = consequences::Consequences::default();
            if missing.is_none() && i < consequences::MAX_RECORDS {
                match self.create_consequences(target, meta, values).await {
                    Ok(f) => found = f,
                    Err(why) => missing = Some(why),
                }
            }
            for field in &required {
                let given = values
                    .get(&field.name)
                    .is_some_and(|v| !matches!(v, Value::Null | Value::Bool(false)));
                let defaulted = defaults
                    .get(&field.name)
                    .is_some_and(|v| !matches!(v, Value::Null | Value::Bool(false)));
                let computed = found
                    .changes
                    .get(&field.name)
                    .is_some_and(|c| !matches!(c.new, Value::Null | Value::Bool(false)));
                if !given && !defaulted && !computed {
                    preview.problems.push(format!(
                        "Record {}: the required field `{}` ({}) has no value and no default \
                         (unless Odoo computes it from the values given, the create fails).",
                        i + 1,
                        field.name,
                        field.string
                    ));
                }
            }
            self.check_values_as_odoo(target, meta, values, true, &mut preview)
                .await?;
            preview.records.push(RecordPreview {
                consequences: found.changes,
                warning: found.warning,
                changes: values
                    .iter()
                    .map(|(field, new)| Change::set(field.clone(), new.clone()))
                    .collect(),
                ..RecordPreview::default()
            });
        }
        preview.note_consequences(records.len(), missing);
        Ok(preview)
    }

    /// The preview of deleting `ids`, or of running a method on them.
    pub(crate) async fn preview_records(
        &self,
        target: &Target<'_>,
        meta: &Arc<ModelMeta>,
        ids: &[i64],
        deleting: bool,
    ) -> Result<Preview, ToolError> {
        let mut preview = Preview {
            note: "Nothing was changed; call again without dry_run to do it.".into(),
            ..Preview::default()
        };
        let existing = self.existing(target, meta, ids, &[], &mut preview).await?;
        for (record, _) in existing {
            if deleting
                && let Some(state) = &record.state
                && !matches!(state.as_str(), "draft" | "cancel" | "new")
            {
                preview.problems.push(format!(
                    "{} is in state `{state}`: Odoo usually refuses to delete records that are \
                     not draft or cancelled (cancel it first).",
                    record.name.as_deref().unwrap_or("a record")
                ));
            }
            preview.records.push(record);
        }
        Ok(preview)
    }

    /// The problems Odoo's validation would raise for `values`: unknown selection values,
    /// required fields emptied, related records that do not exist.
    async fn check_values_as_odoo(
        &self,
        target: &Target<'_>,
        meta: &ModelMeta,
        values: &Map<String, Value>,
        creating: bool,
        preview: &mut Preview,
    ) -> Result<(), ToolError> {
        for (name, value) in values {
            let Some(field) = meta.field(name) else {
                continue;
            };
            let empty = matches!(value, Value::Null | Value::Bool(false));
            if field.required && empty && !creating {
                preview
                    .problems
                    .push(format!("`{name}` is required: it cannot be emptied."));
            }
            if field.readonly {
                preview.problems.push(format!(
                    "`{name}` is read-only in Odoo: the value may be ignored or refused."
                ));
            }
            match field.ftype {
                FieldType::Selection if !empty => {
                    let given = match value {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    if !field.selection.is_empty()
                        && !field.selection.iter().any(|(v, _)| *v == given)
                    {
                        let allowed: Vec<&str> =
                            field.selection.iter().map(|(v, _)| v.as_str()).collect();
                        preview.problems.push(format!(
                            "`{name}` = {given:?} is not one of its values: {}.",
                            allowed.join(", ")
                        ));
                    }
                }
                FieldType::Many2one if !empty => {
                    if let (Some(id), Some(comodel)) = (value.as_i64(), &field.relation) {
                        let comodel = ModelName::new(comodel)?;
                        let count = target
                            .instance
                            .client
                            .search_count(&comodel, &Domain::ids(&[id]))
                            .await?;
                        if count == 0 {
                            preview.problems.push(format!(
                                "`{name}`: no {comodel} record with id {id} exists."
                            ));
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }
}
