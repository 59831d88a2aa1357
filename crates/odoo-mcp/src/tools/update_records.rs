//! `update_records`: writes the same values on records.

use std::sync::Arc;

use rmcp::handler::server::tool::schema_for_output;
use rmcp::model::CallToolResponse;
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Map, Value};

use super::confirmation::{Approver, WriteOutcome, WriteRequest};
use super::{Parameters, success, validate_ids, values};
use crate::confirm::WriteKind;
use crate::error::ToolError;
use crate::guard::WriteBudget;
use crate::render;
use crate::server::OdooServer;

/// The tool's name, in `tools/list` and in logs.
pub(crate) const NAME: &str = "update_records";

const DESCRIPTION: &str = "Write the same values on every id given (many2many: a list of ids replaces the set). For \
workflow steps use call_method, not `state`. Example: {\"model\": \"res.partner\", \
\"ids\": [7], \"values\": {\"phone\": \"+32 2 555 01 01\"}}.";

super::write_params! {
    /// Arguments of `update_records`.
    pub(crate) struct UpdateRecordsParams {
        model: "Model, e.g. `res.partner`.",
        dry_run: "true: preview (current → new values, what Odoo's onchange would also change, \
                  what Odoo would refuse) without writing.";
        @ids,
        /// Field values to write.
        pub(crate) values: Map<String, Value>,
    }
}

/// The result of `update_records`.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct UpdateRecordsOutput {
    /// The instance written to.
    pub(crate) instance: String,
    /// The model.
    pub(crate) model: String,
    /// The records changed.
    pub(crate) ids: Vec<i64>,
    /// The fields written.
    pub(crate) fields: Vec<String>,
    /// A preview instead of the write: a dry run, or a write waiting for confirmation.
    #[serde(flatten)]
    pub(crate) outcome: WriteOutcome,
}

#[tool_router(router = update_records_router, vis = "pub(crate)")]
impl OdooServer {
    #[tool(
        title = "Update records",
        description = DESCRIPTION,
        output_schema = schema_for_output::<UpdateRecordsOutput>(),
        annotations(
            read_only_hint = false,
            destructive_hint = true,
            idempotent_hint = true,
            open_world_hint = false
        )
    )]
    async fn update_records(
        &self,
        approver: Approver,
        Parameters(p): Parameters<UpdateRecordsParams>,
    ) -> CallToolResponse {
        super::run_tool(NAME, p, |p| self.run_update_records(&approver, p)).await
    }
}

impl OdooServer {
    async fn run_update_records(
        &self,
        approver: &Approver,
        p: UpdateRecordsParams,
    ) -> Result<CallToolResponse, ToolError> {
        let target = self.write_target(p.instance.as_deref(), &p.model)?;
        validate_ids(&p.ids, target.instance.policy.max_records())?;
        let meta = self.meta(&target).await?;
        let mut values = p.values;
        values::prepare(&mut values, &meta, &target)?;
        let mut budget = WriteBudget::update(target.instance.policy.max_records(), p.ids.len());
        self.guard(&target)
            .check_values(&target.model, Arc::clone(&meta), &values, &mut budget)
            .await?;
        let operation = serde_json::json!({"tool": NAME, "instance": target.instance.name, "model": target.model.as_str(), "ids": p.ids, "values": values});
        let summary = format!(
            "Change {} on {} {} record(s): ids {}.",
            values.keys().cloned().collect::<Vec<_>>().join(", "),
            p.ids.len(),
            target.model,
            render::id_summary(&p.ids)
        );
        let request = WriteRequest {
            kind: if budget.removes_records() {
                WriteKind::NestedRemoval
            } else {
                WriteKind::Update {
                    records: p.ids.len(),
                }
            },
            dry_run: p.dry_run,
            confirm: p.confirm.as_deref(),
            operation,
            summary,
        };
        if let Some(held) = self.hold_write(approver, &target, request).await? {
            let preview = self.preview_update(&target, &meta, &p.ids, &values).await?;
            let headline = format!(
                "would change {} {} record{}.",
                p.ids.len(),
                target.model,
                if p.ids.len() == 1 { "" } else { "s" }
            );
            let out = |outcome| UpdateRecordsOutput {
                instance: target.instance.name.clone(),
                model: target.model.to_string(),
                ids: p.ids,
                fields: values.keys().cloned().collect(),
                outcome,
            };
            return Ok(held.result(preview, &headline, &target, out));
        }
        target
            .instance
            .client
            .write(&target.model, &p.ids, &values)
            .await?;
        let fields: Vec<String> = values.keys().cloned().collect();
        let text = format!(
            "Updated {} {} record{} (ids {}): {}.",
            p.ids.len(),
            target.model,
            if p.ids.len() == 1 { "" } else { "s" },
            render::id_summary(&p.ids),
            fields.join(", ")
        );
        let out = UpdateRecordsOutput {
            instance: target.instance.name.clone(),
            model: target.model.to_string(),
            ids: p.ids,
            fields,
            outcome: WriteOutcome::default(),
        };
        Ok(success(&out, text).into())
    }
}
