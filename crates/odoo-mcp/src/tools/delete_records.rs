//! `delete_records`: deletes records (Odoo's `unlink`).

use rmcp::handler::server::tool::schema_for_output;
use rmcp::model::CallToolResult;
use rmcp::{Peer, RoleServer, tool, tool_router};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::confirmation::{WriteOutcome, WriteRequest};
use super::{Parameters, success, validate_ids};
use crate::confirm::WriteKind;
use crate::error::ToolError;
use crate::render;
use crate::server::OdooServer;

/// The tool's name, in `tools/list` and in logs.
pub(crate) const NAME: &str = "delete_records";

const DESCRIPTION: &str = "Delete Odoo records by id. Irreversible: confirm the ids with \
read_records first, and prefer archiving ({\"active\": false} with update_records) when the \
model has an `active` field. Odoo refuses to delete some records (e.g. confirmed orders: \
cancel them first with call_method). Example: {\"model\": \"res.partner\", \"ids\": [42]}. \
Allowed only when the server's policy enables writes on the instance.";

/// Arguments of `delete_records`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = super::drop_null_defaults)]
pub(crate) struct DeleteRecordsParams {
    /// Odoo instance to use (optional; default instance when omitted).
    #[serde(default)]
    #[schemars(with = "String")]
    pub(crate) instance: Option<String>,
    /// Technical model name, e.g. `res.partner`.
    pub(crate) model: String,
    /// Ids of the records to delete.
    #[serde(deserialize_with = "super::lenient::ids")]
    pub(crate) ids: Vec<i64>,
    /// true: check and preview the write (current → new values, what Odoo would refuse)
    /// without writing anything.
    #[serde(default, deserialize_with = "super::lenient::opt_bool")]
    #[schemars(with = "bool")]
    pub(crate) dry_run: Option<bool>,
    /// The token a previous answer gave when the write needed a person's confirmation: repeat
    /// the same call with it once the person agreed.
    #[serde(default)]
    #[schemars(with = "String")]
    pub(crate) confirm: Option<String>,
}

super::addressed!(DeleteRecordsParams, model);

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
        peer: Peer<RoleServer>,
        Parameters(p): Parameters<DeleteRecordsParams>,
    ) -> CallToolResult {
        super::run_tool(NAME, p, |p| self.run_delete_records(&peer, p)).await
    }
}

impl OdooServer {
    async fn run_delete_records(
        &self,
        peer: &Peer<RoleServer>,
        p: DeleteRecordsParams,
    ) -> Result<CallToolResult, ToolError> {
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
        if let Some(held) = self.hold_write(peer, &target, request).await? {
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
        Ok(success(&out, text))
    }
}
