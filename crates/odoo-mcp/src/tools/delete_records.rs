//! `delete_records`: deletes records (Odoo's `unlink`).

use rmcp::handler::server::tool::schema_for_output;
use rmcp::model::CallToolResponse;
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::Serialize;

use super::confirmation::{Approver, WriteOutcome, WriteRequest};
use super::{Parameters, success, validate_ids};
use crate::confirm::WriteKind;
use crate::error::ToolError;
use crate::render;
use crate::server::OdooServer;

/// The tool's name, in `tools/list` and in logs.
pub(crate) const NAME: &str = "delete_records";

const DESCRIPTION: &str = "Delete records by id. Irreversible: prefer archiving ({\"active\": false} with \
update_records). Odoo refuses some deletions (confirmed orders: cancel first). Example: \
{\"model\": \"res.partner\", \"ids\": [44]}.";

super::write_params! {
    /// Arguments of `delete_records`.
    pub(crate) struct DeleteRecordsParams {
        model: "Model, e.g. `res.partner`.";
        @ids,
    }
}

/// The result of `delete_records`.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct DeleteRecordsOutput {
    /// The instance written to.
    pub(crate) instance: String,
    /// The model.
    pub(crate) model: String,
    /// The records deleted.
    pub(crate) ids: Vec<i64>,
    /// A preview instead of the write: a dry run, or a write waiting for confirmation.
    #[serde(flatten)]
    pub(crate) outcome: WriteOutcome,
}

#[tool_router(router = delete_records_router, vis = "pub(crate)")]
impl OdooServer {
    #[tool(
        title = "Delete records",
        description = DESCRIPTION,
        output_schema = schema_for_output::<DeleteRecordsOutput>(),
        annotations(
            read_only_hint = false,
            destructive_hint = true,
            idempotent_hint = true,
            open_world_hint = false
        )
    )]
    async fn delete_records(
        &self,
        approver: Approver,
        Parameters(p): Parameters<DeleteRecordsParams>,
    ) -> CallToolResponse {
        super::run_tool(NAME, p, |p| self.run_delete_records(&approver, p)).await
    }
}

impl OdooServer {
    async fn run_delete_records(
        &self,
        approver: &Approver,
        p: DeleteRecordsParams,
    ) -> Result<CallToolResponse, ToolError> {
        let target = self.write_target(p.instance.as_deref(), &p.model)?;
        validate_ids(&p.ids, target.instance.policy.max_records())?;
        let operation = serde_json::json!({"tool": NAME, "instance": target.instance.name, "model": target.model.as_str(), "ids": p.ids});
        let summary = format!(
            "Delete {} {} record(s): ids {}.",
            p.ids.len(),
            target.model,
            render::id_summary(&p.ids)
        );
        let request = WriteRequest {
            kind: WriteKind::Delete,
            dry_run: p.dry_run,
            confirm: p.confirm.as_deref(),
            operation,
            summary,
        };
        if let Some(held) = self.hold_write(approver, &target, request).await? {
            let meta = self.meta(&target).await?;
            let preview = self.preview_records(&target, &meta, &p.ids, true).await?;
            let headline = format!(
                "would delete {} {} record{}.",
                p.ids.len(),
                target.model,
                if p.ids.len() == 1 { "" } else { "s" }
            );
            let out = |outcome| DeleteRecordsOutput {
                instance: target.instance.name.clone(),
                model: target.model.to_string(),
                ids: p.ids,
                outcome,
            };
            return Ok(held.result(preview, &headline, &target, out));
        }
        target.instance.client.unlink(&target.model, &p.ids).await?;
        let text = format!(
            "Deleted {} {} record{} (ids {}).",
            p.ids.len(),
            target.model,
            if p.ids.len() == 1 { "" } else { "s" },
            render::id_summary(&p.ids)
        );
        let out = DeleteRecordsOutput {
            instance: target.instance.name.clone(),
            model: target.model.to_string(),
            ids: p.ids,
            outcome: WriteOutcome::default(),
        };
        Ok(success(&out, text).into())
    }
}
