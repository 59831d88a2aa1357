//! `upload_attachment`: attaches a file (base64 from the client) to a record the caller may
//! write — the policy must allow writes on the record's model and the Odoo user must be able
//! to write the record. `ir.attachment` itself stays denied to the generic tools. A write like
//! the others: `dry_run` previews it, `confirm_writes` may hold it for a person's confirmation
//! (the token is bound to the content's SHA-256, not to the bytes).

use base64::Engine as _;
use odoo_client::{FieldName, ModelName, Operation};
use rmcp::handler::server::tool::schema_for_output;
use rmcp::model::CallToolResponse;
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use super::confirmation::{Approver, WriteOutcome, WriteRequest};
use super::dry_run::{Change, Preview, RecordPreview};
use super::{Parameters, success};
use crate::confirm::WriteKind;
use crate::error::ToolError;
use crate::resources::{ATTACHMENT_MODEL, MAX_ATTACHMENT_BYTES};
use crate::server::OdooServer;

/// The tool's name, in `tools/list` and in logs.
pub(crate) const NAME: &str = "upload_attachment";

const DESCRIPTION: &str = "Attach a file (base64, at most 10 MiB) to a record you may write. \
Example: {\"model\": \"res.partner\", \"id\": 9, \"name\": \"note.txt\", \"data\": \
\"SGVsbG8=\"}.";

/// Longest file name accepted.
const MAX_NAME_CHARS: usize = 255;

super::write_params! {
    /// Arguments of `upload_attachment`.
    pub(crate) struct UploadAttachmentParams {
        model: "Model of the record, e.g. `res.partner`.";
        /// The record's id.
        pub(crate) id: i64,
        /// File name, e.g. `contract.pdf`.
        pub(crate) name: String,
        /// The content, base64-encoded.
        pub(crate) data: String,
        /// MIME type, e.g. `application/pdf` (default: Odoo guesses).
        #[serde(default)]
        #[schemars(with = "String")]
        pub(crate) mimetype: Option<String>,
    }
}

/// The result of `upload_attachment`.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct UploadAttachmentOutput {
    pub(crate) instance: String,
    pub(crate) model: String,
    /// The record the file is attached to.
    pub(crate) res_id: i64,
    /// The new attachment's id (absent when nothing was written).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) id: Option<i64>,
    /// Size in bytes.
    pub(crate) size: u64,
    /// A preview instead of the write: a dry run, or a write waiting for confirmation.
    #[serde(flatten)]
    pub(crate) outcome: WriteOutcome,
}

#[tool_router(router = upload_attachment_router, vis = "pub(crate)")]
impl OdooServer {
    #[tool(
        title = "Attach a file to a record",
        description = DESCRIPTION,
        output_schema = schema_for_output::<UploadAttachmentOutput>(),
        annotations(
            read_only_hint = false,
            destructive_hint = false,
            idempotent_hint = false,
            open_world_hint = false
        )
    )]
    async fn upload_attachment(
        &self,
        approver: Approver,
        Parameters(p): Parameters<UploadAttachmentParams>,
    ) -> CallToolResponse {
        super::run_tool(NAME, p, |p| self.run_upload_attachment(&approver, p)).await
    }
}

/// The decoded, checked upload.
struct Upload {
    name: String,
    mimetype: Option<String>,
    bytes: Vec<u8>,
}

fn checked_upload(p: &UploadAttachmentParams) -> Result<Upload, ToolError> {
    let name = p.name.trim();
    if name.is_empty()
        || name.chars().count() > MAX_NAME_CHARS
        || name.chars().any(char::is_control)
    {
        return Err(ToolError::invalid(format!(
            "`name` must be a file name of 1 to {MAX_NAME_CHARS} characters without control \
             characters, e.g. \"contract.pdf\""
        )));
    }
    let mimetype = p
        .mimetype
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty());
    if let Some(m) = mimetype {
        let ok = m.len() <= 100
            && m.split_once('/').is_some_and(|(a, b)| {
                !a.is_empty()
                    && !b.is_empty()
                    && m.bytes().all(|c| {
                        c.is_ascii_alphanumeric() || matches!(c, b'/' | b'.' | b'+' | b'-' | b'_')
                    })
            });
        if !ok {
            return Err(ToolError::invalid(format!(
                "`mimetype` {:?} is not a MIME type such as \"application/pdf\"",
                m.chars().take(40).collect::<String>()
            )));
        }
    }
    let data: String = p
        .data
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    if data.len() as u64 / 4 * 3 > MAX_ATTACHMENT_BYTES {
        return Err(too_large(data.len() as u64 / 4 * 3));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data.as_bytes())
        .map_err(|e| {
            ToolError::invalid(format!(
                "`data` is not valid base64 ({e}): send the file's bytes base64-encoded \
                 (standard alphabet, with padding)"
            ))
        })?;
    if bytes.len() as u64 > MAX_ATTACHMENT_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(Upload {
        name: name.to_owned(),
        mimetype: mimetype.map(str::to_owned),
        bytes,
    })
}

fn too_large(size: u64) -> ToolError {
    ToolError::invalid(format!(
        "the file is about {size} bytes; this server uploads files of at most {} MiB",
        MAX_ATTACHMENT_BYTES / 1024 / 1024
    ))
}

impl OdooServer {
    async fn run_upload_attachment(
        &self,
        approver: &Approver,
        p: UploadAttachmentParams,
    ) -> Result<CallToolResponse, ToolError> {
        let target = self.write_target(p.instance.as_deref(), &p.model)?;
        super::validate_ids(&[p.id], 1)?;
        let upload = checked_upload(&p)?;
        let size = upload.bytes.len() as u64;
        let digest: String = Sha256::digest(&upload.bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let operation = json!({"tool": NAME, "instance": target.instance.name,
            "model": target.model.as_str(), "id": p.id, "name": upload.name,
            "mimetype": upload.mimetype, "sha256": digest});
        let summary = format!(
            "Attach {} ({size} bytes) to {} #{}.",
            crate::render::clean_text(&upload.name),
            target.model,
            p.id
        );
        let request = WriteRequest {
            kind: WriteKind::Create,
            dry_run: p.dry_run,
            confirm: p.confirm.as_deref(),
            operation,
            summary,
        };
        let client = &target.instance.client;
        let exists = !client
            .read(&target.model, &[p.id], &[FieldName::new("display_name")?])
            .await?
            .is_empty();
        let writable = exists
            && client
                .check_access(&target.model, Operation::Write, Some(&[p.id]))
                .await?;
        if let Some(held) = self.hold_write(approver, &target, request).await? {
            let mut problems = Vec::new();
            if !writable {
                problems.push(format!(
                    "{} #{} does not exist or you may not change it",
                    target.model, p.id
                ));
            }
            let changes = Change::all_set([
                ("name", json!(upload.name)),
                ("res_model", json!(target.model.as_str())),
                ("res_id", json!(p.id)),
                ("mimetype", json!(upload.mimetype)),
                ("file_size", json!(size)),
            ]);
            let preview = Preview {
                records: vec![RecordPreview {
                    changes,
                    ..RecordPreview::default()
                }],
                problems,
                note: "Nothing was written; call again without dry_run to attach the file."
                    .to_owned(),
            };
            let headline = format!(
                "would attach {} to {} #{}.",
                upload.name, target.model, p.id
            );
            let out = |outcome| UploadAttachmentOutput {
                instance: target.instance.name.clone(),
                model: target.model.to_string(),
                res_id: p.id,
                id: None,
                size,
                outcome,
            };
            return Ok(held.result(preview, &headline, &target, out));
        }
        if !writable {
            return Err(ToolError::invalid(format!(
                "{} #{} does not exist or you may not change it: a file can only be attached \
                 to a record you may write",
                target.model, p.id
            )));
        }
        let version = target.instance.client.server_info().await?.version;
        let mut values = Map::new();
        values.insert("name".into(), json!(upload.name));
        values.insert("res_model".into(), json!(target.model.as_str()));
        values.insert("res_id".into(), json!(p.id));
        values.insert(
            version.attachment_content_field().into(),
            Value::String(base64::engine::general_purpose::STANDARD.encode(&upload.bytes)),
        );
        if let Some(m) = &upload.mimetype {
            values.insert("mimetype".into(), json!(m));
        }
        let ids = target
            .instance
            .client
            .create(&ModelName::new(ATTACHMENT_MODEL)?, &[values])
            .await?;
        let id = ids.first().copied();
        let text = format!(
            "Attached {} ({size} bytes) to {} #{}: attachment id {}.",
            crate::render::clean_text(&upload.name),
            target.model,
            p.id,
            id.map_or_else(|| "unknown".to_owned(), |i| i.to_string())
        );
        let out = UploadAttachmentOutput {
            instance: target.instance.name.clone(),
            model: target.model.to_string(),
            res_id: p.id,
            id,
            size,
            outcome: WriteOutcome::default(),
        };
        Ok(success(&out, text).into())
    }
}
