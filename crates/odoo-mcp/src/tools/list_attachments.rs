//! `list_attachments`: the files attached to one record — names, types and sizes, never their
//! content. `ir.attachment` itself stays on the built-in deny list (it also holds other
//! models' private files and assets); this tool reaches only the attachments of a record whose
//! model the policy lets be read, and only these metadata fields.

use odoo_client::{Domain, ModelName, SearchRead};
use rmcp::handler::server::tool::schema_for_output;
use rmcp::model::CallToolResult;
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

use super::{Parameters, success};
use crate::error::ToolError;
use crate::resources::ATTACHMENT_MODEL;
use crate::server::OdooServer;

/// The tool's name, in `tools/list` and in logs.
pub(crate) const NAME: &str = "list_attachments";

const DESCRIPTION: &str = "A record's attached files (name, type, size, date), without content. Example: \
{\"model\": \"res.partner\", \"id\": 9}.";

super::tool_params! {
    /// Arguments of `list_attachments`.
    pub(crate) struct ListAttachmentsParams {
        @instance,
        @model,
        pub(crate) id: i64,
    }
}

super::addressed!(ListAttachmentsParams, model);

/// One attached file.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(inline)]
pub(crate) struct AttachmentOutput {
    pub(crate) id: i64,
    pub(crate) name: String,
    /// MIME type, e.g. `application/pdf`.
    pub(crate) mimetype: String,
    /// Size in bytes (0 for a link).
    pub(crate) size: u64,
    /// `binary` (a file) or `url` (a link).
    pub(crate) kind: String,
    /// When it was attached (UTC).
    pub(crate) date: String,
}

/// The result of `list_attachments`.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct ListAttachmentsOutput {
    pub(crate) instance: String,
    pub(crate) model: String,
    pub(crate) id: i64,
    /// True when more files exist than `max_records` shows.
    pub(crate) truncated: bool,
    pub(crate) attachments: Vec<AttachmentOutput>,
}

#[tool_router(router = list_attachments_router, vis = "pub(crate)")]
impl OdooServer {
    #[tool(
        title = "List a record's attached files",
        description = DESCRIPTION,
        output_schema = schema_for_output::<ListAttachmentsOutput>(),
        annotations(read_only_hint = true, idempotent_hint = true, open_world_hint = false)
    )]
    async fn list_attachments(
        &self,
        Parameters(p): Parameters<ListAttachmentsParams>,
    ) -> CallToolResult {
        super::run_tool(NAME, p, |p| self.run_list_attachments(p)).await
    }
}

impl OdooServer {
    async fn run_list_attachments(
        &self,
        p: ListAttachmentsParams,
    ) -> Result<CallToolResult, ToolError> {
        let target = self.target(p.instance.as_deref(), &p.model)?;
        super::validate_ids(&[p.id], 1)?;
        let max = target.instance.policy.max_records();
        let domain = Domain::and([
            Domain::eq("res_model", target.model.as_str()),
            Domain::eq("res_id", p.id),
        ]);
        let query = SearchRead::new(domain)
            .fields(["name", "mimetype", "file_size", "type", "create_date"])?
            .limit(u64::from(max) + 1)
            .order(odoo_client::Order::parse("create_date desc, id desc")?);
        let mut rows = target
            .instance
            .client
            .search_read(&ModelName::new(ATTACHMENT_MODEL)?, &query)
            .await?;
        let truncated = rows.len() > max as usize;
        rows.truncate(max as usize);
        let attachments: Vec<AttachmentOutput> = rows
            .iter()
            .map(|row| {
                let text = |k: &str| row.get(k).and_then(Value::as_str).unwrap_or_default();
                AttachmentOutput {
                    id: row.get("id").and_then(Value::as_i64).unwrap_or_default(),
                    name: text("name").to_owned(),
                    mimetype: text("mimetype").to_owned(),
                    size: row.get("file_size").and_then(Value::as_u64).unwrap_or(0),
                    kind: text("type").to_owned(),
                    date: text("create_date").to_owned(),
                }
            })
            .collect();
        let mut text = format!(
            "{} #{}: {} attached file{}{}",
            target.model,
            p.id,
            attachments.len(),
            if attachments.len() == 1 { "" } else { "s" },
            if truncated { " (more exist)" } else { "" }
        );
        text.push_str(if attachments.is_empty() { "." } else { ":" });
        for a in &attachments {
            text.push_str(&format!(
                "\n- {} ({}, {} bytes, {})",
                crate::render::clean_text(&a.name),
                a.mimetype,
                a.size,
                a.date
            ));
        }
        let out = ListAttachmentsOutput {
            instance: target.instance.name.clone(),
            model: target.model.to_string(),
            id: p.id,
            truncated,
            attachments,
        };
        Ok(success(&out, text))
    }
}
