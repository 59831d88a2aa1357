//! `get_attachment`: one attached file as a `resource_link` to `odoo://{instance}/attachment/{id}`
//! — its name, type and size, never its content inline (the client reads the resource when it
//! needs the bytes). Access is checked through the record the file is attached to
//! (`resources/attachment.rs`).

use rmcp::handler::server::tool::schema_for_output;
use rmcp::model::{CallToolResult, ContentBlock};
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::Serialize;

use super::{Parameters, success};
use crate::error::ToolError;
use crate::resources::MAX_ATTACHMENT_BYTES;
use crate::server::OdooServer;

/// The tool's name, in `tools/list` and in logs.
pub(crate) const NAME: &str = "get_attachment";

const DESCRIPTION: &str = "A file attached to a record (id from list_attachments) as a \
resource link (up to 10 MiB). Example: {\"id\": 1}.";

super::tool_params! {
    /// Arguments of `get_attachment`.
    pub(crate) struct GetAttachmentParams {
        @instance,
        pub(crate) id: i64,
    }
}

super::addressed!(GetAttachmentParams);

/// The result of `get_attachment`.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct GetAttachmentOutput {
    pub(crate) instance: String,
    pub(crate) id: i64,
    pub(crate) name: String,
    pub(crate) mimetype: String,
    /// Size in bytes.
    pub(crate) size: u64,
    /// The record it is attached to.
    pub(crate) model: String,
    pub(crate) res_id: i64,
    /// The resource holding the content (`resources/read`).
    pub(crate) uri: String,
}

#[tool_router(router = get_attachment_router, vis = "pub(crate)")]
impl OdooServer {
    #[tool(
        title = "Get an attached file",
        description = DESCRIPTION,
        output_schema = schema_for_output::<GetAttachmentOutput>(),
        annotations(read_only_hint = true, idempotent_hint = true, open_world_hint = false)
    )]
    async fn get_attachment(
        &self,
        Parameters(p): Parameters<GetAttachmentParams>,
    ) -> CallToolResult {
        super::run_tool(NAME, p, |p| self.run_get_attachment(p)).await
    }
}

impl OdooServer {
    async fn run_get_attachment(
        &self,
        p: GetAttachmentParams,
    ) -> Result<CallToolResult, ToolError> {
        let instance = self.instance(p.instance.as_deref())?;
        let attachment = self.checked_attachment(&instance, p.id).await?;
        if attachment.size > MAX_ATTACHMENT_BYTES {
            return Err(ToolError::invalid(format!(
                "attachment {} ({}) is {} bytes; this server serves files of at most {} MiB: \
                 open it in Odoo instead",
                attachment.id,
                crate::render::clean_text(&attachment.name),
                attachment.size,
                MAX_ATTACHMENT_BYTES / 1024 / 1024
            )));
        }
        let uri = attachment.uri(&instance.name);
        let text = format!(
            "{} ({}, {} bytes), attached to {} #{}: read the resource {uri} for its content.",
            crate::render::clean_text(&attachment.name),
            attachment.mimetype,
            attachment.size,
            attachment.model,
            attachment.res_id
        );
        let out = GetAttachmentOutput {
            instance: instance.name.clone(),
            id: attachment.id,
            name: attachment.name.clone(),
            mimetype: attachment.mimetype.clone(),
            size: attachment.size,
            model: attachment.model.to_string(),
            res_id: attachment.res_id,
            uri,
        };
        let mut result = success(&out, text);
        result
            .content
            .push(ContentBlock::resource_link(attachment.link(&instance.name)));
        Ok(result)
    }
}
