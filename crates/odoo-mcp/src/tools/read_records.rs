//! `read_records`: records by id.

use rmcp::handler::server::tool::schema_for_output;
use rmcp::model::CallToolResult;
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

use super::{FieldSelection, Parameters, select_fields, success_with_records, validate_ids};
use crate::error::ToolError;
use crate::render;
use crate::server::OdooServer;

/// The tool's name, in `tools/list` and in logs.
pub(crate) const NAME: &str = "read_records";

const DESCRIPTION: &str = "Read records by id. Example: {\"model\": \
\"res.partner\", \"ids\": [7, 12], \"fields\": [\"name\", \"email\"]}.";

super::tool_params! {
    /// Arguments of `read_records`.
    pub(crate) struct ReadRecordsParams {
        @instance,
        @model,
        /// At most max_records ids.
        @ids,
        @fields,
    }
}

super::addressed!(ReadRecordsParams, model);

/// The result of `read_records`.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct ReadRecordsOutput {
    /// The instance queried.
    pub(crate) instance: String,
    /// The model queried.
    pub(crate) model: String,
    /// The fields returned besides `id`.
    pub(crate) fields: Vec<String>,
    /// Requested ids that do not exist (or are not visible to this user).
    pub(crate) missing_ids: Vec<i64>,
    /// Secret fields that were asked for but are never returned.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) removed_fields: Vec<String>,
    #[schemars(description = concat!("The records found, in the order of `ids`, one array each: `id`, then a value per entry of `fields`, in that order; many2one values are `[id, name]`, empty values null. ", crate::render::datetimes_note!()))]
    pub(crate) rows: Vec<Vec<Value>>,
}

#[tool_router(router = read_records_router, vis = "pub(crate)")]
impl OdooServer {
    #[tool(
        title = "Read records by id",
        description = DESCRIPTION,
        output_schema = schema_for_output::<ReadRecordsOutput>(),
        annotations(read_only_hint = true, idempotent_hint = true, open_world_hint = false)
    )]
    async fn read_records(&self, Parameters(p): Parameters<ReadRecordsParams>) -> CallToolResult {
        super::run_tool(NAME, p, |p| self.run_read_records(p)).await
    }
}

impl OdooServer {
    async fn run_read_records(&self, p: ReadRecordsParams) -> Result<CallToolResult, ToolError> {
        let target = self.target(p.instance.as_deref(), &p.model)?;
        let policy = &target.instance.policy;
        validate_ids(&p.ids, policy.max_records())?;
        let meta = self.meta(&target).await?;
        let FieldSelection {
            fields,
            removed,
            defaulted,
        } = select_fields(p.fields, &meta, &target)?;
        let names = fields
            .iter()
            .map(odoo_client::FieldName::new)
            .collect::<Result<Vec<_>, _>>()?;
        let mut ids: Vec<i64> = Vec::with_capacity(p.ids.len());
        for id in &p.ids {
            if !ids.contains(id) {
                ids.push(*id);
            }
        }
        let rows = target
            .instance
            .client
            .read_rows(&target.model, &ids, &names)
            .await?;
        let mut clean = render::clean(rows, &meta, policy);
        let found: Vec<i64> = clean.ids().collect();
        let missing_ids: Vec<i64> = ids
            .iter()
            .copied()
            .filter(|id| !found.contains(id))
            .collect();
        let removed_fields = super::merge_removed(removed, std::mem::take(&mut clean.removed));

        let mut text = format!(
            "{}: {} of {} records found.",
            target.model,
            found.len(),
            ids.len()
        );
        if !missing_ids.is_empty() {
            text.push_str(&format!(
                " Missing ids: {}.",
                render::id_summary(&missing_ids)
            ));
        }
        super::push_field_notes(&mut text, defaulted, &removed_fields);
        if !clean.rows.is_empty() {
            text.push('\n');
            text.push_str(&render::table(&clean));
            text.push_str(render::datetime_note(clean.has_datetime));
        }
        let out = ReadRecordsOutput {
            instance: target.instance.name.clone(),
            model: target.model.to_string(),
            fields: clean.fields,
            missing_ids,
            removed_fields,
            rows: Vec::new(),
        };
        Ok(success_with_records(&out, clean.rows, text))
    }
}
