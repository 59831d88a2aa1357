//! `create_records`: creates one or many records in one request.

use std::sync::Arc;

use rmcp::handler::server::tool::schema_for_output;
use rmcp::model::CallToolResponse;
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Map, Value};

use super::confirmation::{Approver, WriteOutcome, WriteRequest};
use super::{Parameters, success, values};
use crate::confirm::WriteKind;
use crate::error::ToolError;
use crate::guard::WriteBudget;
use crate::render;
use crate::server::OdooServer;

/// The tool's name, in `tools/list` and in logs.
pub(crate) const NAME: &str = "create_records";

const DESCRIPTION: &str = "Create records; returns the new ids. Values by field name (describe_model tells which \
are required): many2one an id, many2many a list of ids, one2many a list of value \
objects. Not idempotent. Example: {\"model\": \"res.partner\", \"records\": [{\"name\": \
\"Acme\", \"is_company\": true}]}.";

super::write_params! {
    /// Arguments of `create_records`.
    pub(crate) struct CreateRecordsParams {
        model: "Model, e.g. `res.partner`.",
        dry_run: "true: preview (current → new values, what Odoo's onchange would also change, \
                  what Odoo would refuse) without writing.";
        /// One object of field values per record.
        pub(crate) records: Vec<Map<String, Value>>,
    }
}

/// The result of `create_records`.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct CreateRecordsOutput {
    /// The instance written to.
    pub(crate) instance: String,
    /// The model.
    pub(crate) model: String,
    /// Ids of the new records, in the order given.
    pub(crate) ids: Vec<i64>,
    /// A preview instead of the write: a dry run, or a write waiting for confirmation.
    #[serde(flatten)]
    pub(crate) outcome: WriteOutcome,
}

#[tool_router(router = create_records_router, vis = "pub(crate)")]
impl OdooServer {
    #[tool(
        title = "Create records",
        description = DESCRIPTION,
        output_schema = schema_for_output::<CreateRecordsOutput>(),
        annotations(
            read_only_hint = false,
            destructive_hint = false,
            idempotent_hint = false,
            open_world_hint = false
        )
    )]
    async fn create_records(
        &self,
        approver: Approver,
        Parameters(p): Parameters<CreateRecordsParams>,
    ) -> CallToolResponse {
        super::run_tool(NAME, p, |p| self.run_create_records(&approver, p)).await
    }
}

impl OdooServer {
    async fn run_create_records(
        &self,
        approver: &Approver,
        p: CreateRecordsParams,
    ) -> Result<CallToolResponse, ToolError> {
        let target = self.write_target(p.instance.as_deref(), &p.model)?;
        let max = target.instance.policy.max_records();
        if p.records.is_empty() {
            return Err(ToolError::invalid(
                "`records` is empty: give at least one object of field values",
            ));
        }
        if p.records.len() > max as usize {
            return Err(ToolError::invalid(format!(
                "{} records given; at most {max} per call (the server's max_records): split the call",
                p.records.len()
            )));
        }
        let meta = self.meta(&target).await?;
        let mut records = p.records;
        let guard = self.guard(&target);
        let mut budget = WriteBudget::create(max, records.len());
        for (i, record) in records.iter_mut().enumerate() {
            values::prepare(record, &meta, &target)
                .map_err(|e| e.within(&format!("record {}", i + 1)))?;
            guard
                .check_values(&target.model, Arc::clone(&meta), record, &mut budget)
                .await
                .map_err(|e| e.within(&format!("record {}", i + 1)))?;
        }
        let operation = serde_json::json!({"tool": NAME, "instance": target.instance.name, "model": target.model.as_str(), "records": records});
        let summary = format!("Create {} {} record(s).", records.len(), target.model);
        let request = WriteRequest {
            kind: if budget.removes_records() {
                WriteKind::NestedRemoval
            } else {
                WriteKind::Create
            },
            dry_run: p.dry_run,
            confirm: p.confirm.as_deref(),
            operation,
            summary,
        };
        if let Some(held) = self.hold_write(approver, &target, request).await? {
            let preview = self.preview_create(&target, &meta, &records).await?;
            let headline = format!(
                "would create {} {} record{}.",
                records.len(),
                target.model,
                if records.len() == 1 { "" } else { "s" }
            );
            let out = |outcome| CreateRecordsOutput {
                instance: target.instance.name.clone(),
                model: target.model.to_string(),
                ids: Vec::new(),
                outcome,
            };
            return Ok(held.result(preview, &headline, &target, out));
        }
        let ids = target
            .instance
            .client
            .create(&target.model, &records)
            .await?;
        let text = format!(
            "Created {} {} record{}: id{} {}.",
            ids.len(),
            target.model,
            if ids.len() == 1 { "" } else { "s" },
            if ids.len() == 1 { "" } else { "s" },
            render::id_summary(&ids)
        );
        let out = CreateRecordsOutput {
            instance: target.instance.name.clone(),
            model: target.model.to_string(),
            ids,
            outcome: WriteOutcome::default(),
        };
        Ok(success(&out, text).into())
    }
}
