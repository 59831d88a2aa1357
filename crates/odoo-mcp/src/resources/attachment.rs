//! Attached files as MCP resources (`odoo://{instance}/attachment/{id}`): the lookup every
//! attachment access goes through, and the content as a base64 blob with its MIME type.
//!
//! `ir.attachment` stays on the built-in deny list (it also holds other models' private files,
//! assets and field values): a file is served only when it is attached to a record whose model
//! the policy lets be read and that the Odoo user can read. Files stored as a record's field
//! value (`res_field` set: images, signatures, keys) are never served, and content larger than
//! [`MAX_ATTACHMENT_BYTES`] is refused before it is fetched.

use base64::Engine as _;
use odoo_client::{Domain, FieldName, ModelName, SearchRead};
use rmcp::model::Resource;
use serde_json::Value;

use super::OdooUri;
use crate::error::ToolError;
use crate::instance::Instance;
use crate::server::OdooServer;

/// The largest file served (10 MiB): MCP clients hold a resource in memory, base64-encoded.
pub(crate) const MAX_ATTACHMENT_BYTES: u64 = 10 * 1024 * 1024;

/// The model that holds files.
pub(crate) const ATTACHMENT_MODEL: &str = "ir.attachment";

/// A file attached to a record the caller may read.
#[derive(Debug, Clone)]
pub(crate) struct Attachment {
    pub(crate) id: i64,
    pub(crate) name: String,
    pub(crate) mimetype: String,
    /// Size in bytes, as Odoo records it.
    pub(crate) size: u64,
    /// The record it is attached to.
    pub(crate) model: ModelName,
    pub(crate) res_id: i64,
}

impl Attachment {
    /// Its resource URI.
    pub(crate) fn uri(&self, instance: &str) -> String {
        OdooUri::Attachment {
            instance: instance.to_owned(),
            id: self.id,
        }
        .to_string()
    }

    /// A `resource_link` to its content.
    pub(crate) fn link(&self, instance: &str) -> Resource {
        Resource::new(self.uri(instance), self.name.clone())
            .with_mime_type(self.mimetype.clone())
            .with_size(self.size)
    }
}

impl OdooServer {
    /// Finds attachment `id` on `instance` and checks it may be served: attached to a record
    /// (not a field value), the record's model allowed by the policy, the record readable by
    /// the Odoo user.
    pub(crate) async fn checked_attachment(
        &self,
        instance: &Instance,
        id: i64,
    ) -> Result<Attachment, ToolError> {
        if id <= 0 {
            return Err(ToolError::invalid(format!(
                "attachment ids are positive integers, got {id}"
            )));
        }
        let query = SearchRead::new(Domain::eq("id", id))
            .fields([
                "name",
                "mimetype",
                "file_size",
                "type",
                "res_model",
                "res_id",
            ])?
            .limit(1);
        let rows = instance
            .client
            .search_read(&ModelName::new(ATTACHMENT_MODEL)?, &query)
            .await?;
        let Some(row) = rows.first() else {
            return Err(ToolError::invalid(format!(
                "no attachment with id {id} (files stored in a record's field are not served): \
                 list_attachments gives the ids of a record's files"
            )));
        };
        let text = |k: &str| row.get(k).and_then(Value::as_str).unwrap_or_default();
        if text("type") == "url" {
            return Err(ToolError::invalid(format!(
                "attachment {id} is a link, not a file: it has no content to fetch"
            )));
        }
        let res_id = row.get("res_id").and_then(Value::as_i64).unwrap_or(0);
        if text("res_model").is_empty() || res_id <= 0 {
            return Err(ToolError::invalid(format!(
                "attachment {id} is not attached to a record: this server serves only files \
                 attached to records"
            )));
        }
        let model = ModelName::new(text("res_model"))?;
        instance.policy.check_model(&model)?;
        let readable = instance
            .client
            .read(&model, &[res_id], &[FieldName::new("display_name")?])
            .await?;
        if readable.is_empty() {
            return Err(ToolError::invalid(format!(
                "attachment {id} belongs to {model} #{res_id}, which does not exist or which \
                 you may not read"
            )));
        }
        Ok(Attachment {
            id,
            name: text("name").to_owned(),
            mimetype: match text("mimetype") {
                "" => "application/octet-stream".to_owned(),
                m => m.to_owned(),
            },
            size: row.get("file_size").and_then(Value::as_u64).unwrap_or(0),
            model,
            res_id,
        })
    }

    /// The content of `attachment`, base64-encoded (checked to decode, and to be at most
    /// [`MAX_ATTACHMENT_BYTES`]).
    pub(crate) async fn attachment_content(
        &self,
        instance: &Instance,
        attachment: &Attachment,
    ) -> Result<String, ToolError> {
        too_large(attachment.id, attachment.size)?;
        let version = instance.client.server_info().await?.version;
        let field = FieldName::new(version.attachment_content_field())?;
        let rows = instance
            .client
            .read(
                &ModelName::new(ATTACHMENT_MODEL)?,
                &[attachment.id],
                std::slice::from_ref(&field),
            )
            .await?;
        let content = rows
            .first()
            .and_then(|r| r.get(field.as_str()))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        // Base64 takes 4 characters per 3 bytes: refuse before decoding what cannot fit.
        too_large(attachment.id, content.len() as u64 / 4 * 3)?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(content.as_bytes())
            .map_err(|_| {
                ToolError::invalid(format!(
                    "attachment {} came back from Odoo without valid content",
                    attachment.id
                ))
            })?;
        too_large(attachment.id, bytes.len() as u64)?;
        Ok(content)
    }
}

fn too_large(id: i64, size: u64) -> Result<(), ToolError> {
    if size > MAX_ATTACHMENT_BYTES {
        return Err(ToolError::invalid(format!(
            "attachment {id} is {size} bytes; this server serves files of at most {} MiB: \
             open it in Odoo instead",
            MAX_ATTACHMENT_BYTES / 1024 / 1024
        )));
    }
    Ok(())
}
