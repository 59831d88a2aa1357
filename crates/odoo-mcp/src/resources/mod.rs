//! MCP resources: `odoo://{instance}/models` (the model list), `odoo://{instance}/{model}/fields`
//! (a model's fields) and `odoo://{instance}/{model}/{id}` (one record), plus completion of
//! the `instance` and `model` arguments (of these templates and of the prompts);
//! `odoo://{instance}/attachment/{id}` (a file's content, `attachment.rs`);
//! `odoo://{instance}/report/{report}/{ids}` (a PDF report of records, `report.rs`).

mod attachment;
mod exports;
mod report;
mod uri;

use crate::field_type::FieldType;
use rmcp::ErrorData;
use rmcp::model::{
    CompleteRequestParams, CompletionInfo, ReadResourceResult, Reference, Resource,
    ResourceContents, ResourceTemplate,
};

use crate::error::ToolError;
use crate::render;
use crate::server::OdooServer;
use crate::tools::describe_field_lines;
pub(crate) use attachment::{ATTACHMENT_MODEL, MAX_ATTACHMENT_BYTES};
pub(crate) use exports::{ExportFile, ExportStore};
pub(crate) use report::PDF as PDF_MIME_TYPE;
pub(crate) use uri::OdooUri;

/// The resource templates.
pub(crate) fn templates() -> Vec<ResourceTemplate> {
    vec![
        ResourceTemplate::new("odoo://{instance}/models", "models")
            .with_title("Odoo models")
            .with_description("The models (tables) of an Odoo instance, with their labels.")
            .with_mime_type("text/plain"),
        ResourceTemplate::new("odoo://{instance}/{model}/fields", "model-fields")
            .with_title("Fields of an Odoo model")
            .with_description("Name, type, label, flags and selection values of every field.")
            .with_mime_type("text/plain"),
        ResourceTemplate::new("odoo://{instance}/{model}/{id}", "record")
            .with_title("An Odoo record")
            .with_description("One record's readable fields, as `field: value` lines.")
            .with_mime_type("text/plain"),
        ResourceTemplate::new("odoo://{instance}/export/{id}", "export")
            .with_title("An export of Odoo records")
            .with_description("A CSV or XLSX file made by export_records (kept in memory)."),
        ResourceTemplate::new("odoo://{instance}/attachment/{id}", "attachment")
            .with_title("A file attached to an Odoo record")
            .with_description(
                "The file's content (blob, with its MIME type), at most 10 MiB; ids from \
                 list_attachments.",
            ),
        ResourceTemplate::new("odoo://{instance}/report/{report}/{ids}", "report")
            .with_title("A PDF report of Odoo records")
            .with_description(
                "A report (e.g. sale.report_saleorder) of comma-separated record ids, as a PDF \
                 blob of at most 10 MiB; links from get_report.",
            )
            .with_mime_type(report::PDF),
    ]
}

/// The concrete resources: each instance's model list.
pub(crate) fn list(server: &OdooServer) -> Vec<Resource> {
    server
        .instances()
        .iter()
        .map(|i| {
            Resource::new(
                OdooUri::Models {
                    instance: i.name.clone(),
                }
                .to_string(),
                format!("{} models", i.name),
            )
            .with_title(format!("Models of Odoo instance {}", i.name))
            .with_description("The models this server may access, with their labels.")
            .with_mime_type("text/plain")
        })
        .collect()
}

fn not_found(uri: &str, why: impl std::fmt::Display) -> ErrorData {
    ErrorData::resource_not_found(format!("{uri}: {why}"), None)
}

/// Reads a resource.
pub(crate) async fn read(server: &OdooServer, uri: &str) -> Result<ReadResourceResult, ErrorData> {
    let parsed = OdooUri::parse(uri).map_err(|e| not_found(uri, e))?;
    if let OdooUri::Attachment { instance, id } = &parsed {
        let contents = read_attachment(server, instance, *id)
            .await
            .map_err(|e| resource_error(uri, e))?;
        return Ok(ReadResourceResult::new(vec![contents]));
    }
    if let OdooUri::Report {
        instance,
        report,
        ids,
    } = &parsed
    {
        let contents = report::read(server, instance, report, ids)
            .await
            .map_err(|e| resource_error(uri, e))?;
        return Ok(ReadResourceResult::new(vec![contents]));
    }
    if let OdooUri::Export { instance, id } = &parsed {
        let owner = server.caller().owner_key();
        let file = server.exports().get(instance, *id, &owner).ok_or_else(|| {
            not_found(
                uri,
                "no such export (exports are kept in memory, the most recent 16 only): run \
                 export_records again",
            )
        })?;
        let blob = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &file.bytes);
        return Ok(ReadResourceResult::new(vec![
            ResourceContents::blob(blob, uri).with_mime_type(file.mime_type),
        ]));
    }
    let text = render_resource(server, &parsed)
        .await
        .map_err(|e| resource_error(uri, e))?;
    Ok(ReadResourceResult::new(vec![ResourceContents::text(
        text, uri,
    )]))
}

/// What the client sees when reading `uri` failed with `e`.
fn resource_error(uri: &str, e: ToolError) -> ErrorData {
    match e {
        ToolError::Odoo(ref o) if !o.is_transport() && !o.is_authentication() => {
            not_found(uri, e.message())
        }
        ToolError::UnknownInstance(_) | ToolError::Refused(_) => not_found(uri, e.message()),
        ref bad if bad.is_invalid_argument() => not_found(uri, e.message()),
        other => ErrorData::internal_error(other.message(), None),
    }
}

/// An attachment's content as a blob.
async fn read_attachment(
    server: &OdooServer,
    instance: &str,
    id: i64,
) -> Result<ResourceContents, ToolError> {
    let instance = server.instance(Some(instance))?;
    let attachment = server.checked_attachment(&instance, id).await?;
    let blob = server.attachment_content(&instance, &attachment).await?;
    Ok(ResourceContents::blob(blob, attachment.uri(&instance.name))
        .with_mime_type(attachment.mimetype))
}

async fn render_resource(server: &OdooServer, uri: &OdooUri) -> Result<String, ToolError> {
    match uri {
        OdooUri::Models { instance } => {
            let instance = server.instances().get(Some(instance))?;
            let models = server.visible_models(instance).await?;
            let count = models.entries.len();
            let mut text = format!("{count} models on instance {}:", instance.name);
            for m in models.entries {
                text.push_str(&format!("\n{}\t{}", m.model, m.name));
            }
            if let Some(note) = models.source.note() {
                text.push_str(&format!("\nNote: {note}."));
            }
            Ok(text)
        }
        OdooUri::Attachment { .. } | OdooUri::Export { .. } | OdooUri::Report { .. } => {
            Err(ToolError::invalid("this resource is a blob"))
        }
        OdooUri::Fields { instance, model } => {
            let target = server.target(Some(instance), model)?;
            let meta = server.meta(&target).await?;
            Ok(describe_field_lines(&target, &meta))
        }
        OdooUri::Record {
            instance,
            model,
            id,
        } => {
            let target = server.target(Some(instance), model)?;
            let meta = server.meta(&target).await?;
            let policy = &target.instance.policy;
            let fields: Vec<String> = meta
                .fields
                .values()
                .filter(|f| {
                    !matches!(
                        f.ftype,
                        FieldType::Binary
                            | FieldType::Html
                            | FieldType::One2many
                            | FieldType::Many2many
                            | FieldType::Properties
                            | FieldType::Json
                    ) && !render::is_withheld(policy, &meta, &f.name)
                        && f.store
                })
                .map(|f| f.name.clone())
                .collect();
            let names = fields
                .iter()
                .map(odoo_client::FieldName::new)
                .collect::<Result<Vec<_>, _>>()?;
            let rows = target
                .instance
                .client
                .read_rows(&target.model, &[*id], &names)
                .await?;
            let clean = render::clean(rows, &meta, policy);
            if clean.rows.is_empty() {
                return Err(ToolError::invalid(format!(
                    "{} has no record with id {id}",
                    target.model
                )));
            }
            Ok(format!(
                "{} #{id}\n{}",
                target.model,
                render::record_lines(&clean, 0)
            ))
        }
    }
}

/// Completes the `instance` and `model` arguments (prefix match, at most 100 values).
pub(crate) async fn complete(
    server: &OdooServer,
    request: &CompleteRequestParams,
) -> CompletionInfo {
    let arg = &request.argument;
    let applies = match &request.r#ref {
        Reference::Resource(r) => r.uri.starts_with("odoo://"),
        Reference::Prompt(p) => crate::prompts::NAMES.contains(&p.name.as_str()),
        _ => false,
    };
    if !applies {
        return CompletionInfo::default();
    }
    let prefix = arg.value.trim().to_lowercase();
    let values: Vec<String> = match arg.name.as_str() {
        "instance" => server
            .instances()
            .iter()
            .map(|i| i.name.clone())
            .filter(|n| n.to_lowercase().starts_with(&prefix))
            .collect(),
        "model" => {
            let chosen = request
                .context
                .as_ref()
                .and_then(|c| c.arguments.as_ref())
                .and_then(|a| a.get("instance"))
                .map(String::as_str);
            let Ok(instance) = server.instances().get(chosen) else {
                return CompletionInfo::default();
            };
            match server.visible_models(instance).await {
                Ok(models) => models
                    .entries
                    .into_iter()
                    .map(|m| m.model)
                    .filter(|m| m.starts_with(&prefix))
                    .collect(),
                Err(e) => {
                    tracing::debug!(error = %e, "model completion failed");
                    Vec::new()
                }
            }
        }
        _ => Vec::new(),
    };
    let total = values.len();
    let shown: Vec<String> = values
        .into_iter()
        .take(CompletionInfo::MAX_VALUES)
        .collect();
    let has_more = total > shown.len();
    CompletionInfo::with_pagination(shown, u32::try_from(total).ok(), has_more).unwrap_or_default()
}
