//! `export_records`: every record of a domain — beyond `max_records`, up to the server's
//! `export_max_records` — as a CSV or XLSX file served as the resource
//! `odoo://{instance}/export/{id}` and returned as a `resource_link` (never inline).
//!
//! Odoo is read page by page (`max_records` rows each). When the client sent a progress token,
//! each page sends `notifications/progress`; `notifications/cancelled` stops the paging before
//! the next page. Fields go through the same selection as `search_records`: secret and
//! withheld fields are never exported.
//!
//! A client that declared the MCP tasks extension (`io.modelcontextprotocol/tasks`, rmcp's
//! `TaskManager`) gets a task instead of waiting: the export runs in the background, its
//! progress is the task's status message, `tasks/cancel` stops the paging, and `tasks/get`
//! gives the same result (the resource link) once it is done. At most
//! [`MAX_RUNNING_TASKS`] exports run as tasks at once (a few per caller); tasks live in this
//! process only, and only the caller that started one sees or cancels it (`tasks.rs`).

use odoo_client::SearchRead;
use rmcp::handler::server::tool::schema_for_output;
use rmcp::model::{
    CallToolResponse, CallToolResult, ContentBlock, CreateTaskResult, ProgressNotificationParam,
    Resource,
};
use rmcp::service::RequestContext;
use rmcp::task_manager::{TaskContext, TaskExit, TaskOptions};
use rmcp::{RoleServer, tool, tool_router};
use schemars::JsonSchema;
use serde::Serialize;

use super::{FieldSelection, Parameters, select_fields, success};
use crate::error::ToolError;
use crate::render::table_file::{self, TableFormat};
use crate::resources::{ExportFile, OdooUri};
use crate::server::OdooServer;

/// The tool's name, in `tools/list` and in logs.
pub(crate) const NAME: &str = "export_records";

const DESCRIPTION: &str = "Every record of a domain (past the page size) as a file behind a resource \
link. Example: {\"model\": \"res.partner\", \"fields\": [\"name\", \"email\"], \
\"format\": \"xlsx\"}.";

/// Largest file made (32 MiB).
const MAX_FILE_BYTES: usize = 32 * 1024 * 1024;

/// Exports running as MCP tasks at most (all clients together).
const MAX_RUNNING_TASKS: usize = 4;

/// How a running export reports progress and learns it was cancelled.
enum Driver<'a> {
    /// Within the request: `notifications/progress` (when the client sent a progress token)
    /// and `notifications/cancelled`.
    Request(&'a RequestContext<RoleServer>),
    /// As an MCP task: the task's status message and `tasks/cancel`.
    Task(TaskContext),
}

impl Driver<'_> {
    fn cancelled(&self) -> bool {
        match self {
            Driver::Request(context) => context.ct.is_cancelled(),
            Driver::Task(task) => task.is_cancel_requested(),
        }
    }

    async fn progress(&self, done: u64, total: u64) {
        let message = format!("{done} of {total} records read");
        match self {
            Driver::Request(context) => {
                let Some(token) = context.meta.get_progress_token() else {
                    return;
                };
                let note = ProgressNotificationParam::new(token, done as f64)
                    .with_total(total as f64)
                    .with_message(message);
                if let Err(e) = context.peer.notify_progress(note).await {
                    tracing::debug!(error = %e, "progress notification not sent");
                }
            }
            Driver::Task(task) => task.set_status_message(message),
        }
    }
}

super::tool_params! {
    /// Arguments of `export_records`.
    pub(crate) struct ExportRecordsParams {
        @instance,
        @model,
        @domain,
        /// Columns; omit for a default set.
        @fields,
        /// E.g. `"name"` (default `id`).
        @order,
        /// `csv` (default) or `xlsx`.
        #[serde(default)]
        #[schemars(with = "String")]
        pub(crate) format: Option<String>,
    }
}

super::addressed!(ExportRecordsParams, model);

/// The result of `export_records`.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct ExportRecordsOutput {
    pub(crate) instance: String,
    pub(crate) model: String,
    /// Records exported.
    pub(crate) records: u64,
    /// The columns besides `id`.
    pub(crate) fields: Vec<String>,
    /// `csv` or `xlsx`.
    pub(crate) format: String,
    /// File size in bytes.
    pub(crate) size: u64,
    /// The resource holding the file (`resources/read`).
    pub(crate) uri: String,
}

#[tool_router(router = export_records_router, vis = "pub(crate)")]
impl OdooServer {
    #[tool(
        title = "Export records to a file",
        description = DESCRIPTION,
        output_schema = schema_for_output::<ExportRecordsOutput>(),
        annotations(read_only_hint = true, idempotent_hint = true, open_world_hint = false)
    )]
    async fn export_records(
        &self,
        context: RequestContext<RoleServer>,
        Parameters(p): Parameters<ExportRecordsParams>,
    ) -> CallToolResponse {
        let wants_task = context
            .client_capabilities()
            .is_some_and(|c| c.supports_tasks());
        match p {
            Ok(p) if wants_task => self.export_as_task(p),
            p => {
                let driver = Driver::Request(&context);
                let result: CallToolResult =
                    super::run_tool(NAME, p, |p| self.run_export_records(&driver, p)).await;
                result.into()
            }
        }
    }
}

fn parse_format(format: Option<&str>) -> Result<TableFormat, ToolError> {
    match format.map(|f| f.trim().to_ascii_lowercase()).as_deref() {
        None | Some("" | "csv") => Ok(TableFormat::Csv),
        Some("xlsx" | "excel") => Ok(TableFormat::Xlsx),
        Some(other) => Err(ToolError::invalid(format!(
            "format {:?} is not supported: use \"csv\" or \"xlsx\"",
            other.chars().take(20).collect::<String>()
        ))),
    }
}

impl OdooServer {
    /// Starts the export as an MCP task (with the call's context arguments) and answers with
    /// the task; refused while [`MAX_RUNNING_TASKS`] are running, or the caller's most
    /// (`tasks.rs`).
    fn export_as_task(&self, p: ExportRecordsParams) -> CallToolResponse {
        let server = self.clone();
        let call_context = super::current_context();
        let options = TaskOptions::new()
            .with_poll_interval_ms(500)
            .with_status_message("export started");
        let spawned = self
            .tasks()
            .spawn(self.caller(), MAX_RUNNING_TASKS, options, move |task| {
                Box::pin(async move {
                    let driver = Driver::Task(task.clone());
                    let run =
                        super::run_tool(NAME, Ok(p), |p| server.run_export_records(&driver, p));
                    let mut result: CallToolResult =
                        super::in_call_context(call_context, run).await;
                    crate::audit::take_mark(&mut result);
                    if task.is_cancel_requested() && result.is_error == Some(true) {
                        return Err(TaskExit::Cancelled);
                    }
                    Ok(result)
                })
            });
        match spawned {
            Ok(task) => CallToolResponse::Task(CreateTaskResult::new(task)),
            Err(refused) => ToolError::invalid(format!(
                "{refused}: wait for one to finish (tasks/get), or cancel one (tasks/cancel)"
            ))
            .into_result()
            .into(),
        }
    }

    async fn run_export_records(
        &self,
        driver: &Driver<'_>,
        p: ExportRecordsParams,
    ) -> Result<CallToolResult, ToolError> {
        let format = parse_format(p.format.as_deref())?;
        let target = self.target(p.instance.as_deref(), &p.model)?;
        let policy = &target.instance.policy;
        let meta = self.meta(&target).await?;
        let domain = self.checked_domain(&target, &meta, p.domain).await?;
        let order = self
            .checked_order(&target, &meta, p.order.as_deref())
            .await?;
        let order = match order {
            Some(order) => order,
            None => odoo_client::Order::parse("id")?,
        };
        let FieldSelection { fields, .. } = select_fields(p.fields, &meta, &target)?;
        let client = &target.instance.client;
        let total = client.search_count(&target.model, &domain).await?;
        let cap = self.export_max_records();
        if total > cap {
            return Err(ToolError::invalid(format!(
                "{total} {} records match; an export holds at most {cap} (the server's \
                 export_max_records): narrow the domain, or export in parts (e.g. by date)",
                target.model
            )));
        }
        let page = u64::from(policy.max_records().max(1));
        let names = fields
            .iter()
            .map(odoo_client::FieldName::new)
            .collect::<Result<Vec<_>, _>>()?;
        let mut rows = odoo_client::Rows::from_records("search_read", &names, Vec::new())?;
        let mut offset = 0;
        while offset < total {
            if driver.cancelled() {
                return Err(ToolError::invalid(format!(
                    "export cancelled after {offset} of {total} records; nothing was kept"
                )));
            }
            let query = SearchRead::new(domain.clone())
                .fields(&fields)?
                .order(order.clone())
                .offset(offset)
                .limit(page);
            let batch = client.search_rows(&target.model, &query).await?;
            let got = batch.len() as u64;
            rows.append(batch)?;
            offset += page;
            driver.progress((rows.len() as u64).min(total), total).await;
            if got < page {
                break;
            }
        }
        let clean = crate::render::clean(rows, &meta, policy);
        let columns: Vec<String> = std::iter::once("id".to_owned())
            .chain(clean.fields.iter().cloned())
            .collect();
        let bytes = match format {
            TableFormat::Csv => table_file::csv(&columns, &clean.rows),
            TableFormat::Xlsx => table_file::xlsx(target.model.as_str(), &columns, &clean.rows)
                .map_err(|e| {
                    tracing::error!(error = %e, "could not write an XLSX file");
                    ToolError::invalid("the XLSX file could not be written; try format \"csv\"")
                })?,
        };
        if bytes.len() > MAX_FILE_BYTES {
            return Err(ToolError::invalid(format!(
                "the file would be {} bytes, over this server's {} MiB: export fewer fields or \
                 fewer records",
                bytes.len(),
                MAX_FILE_BYTES / 1024 / 1024
            )));
        }
        let count = clean.rows.len() as u64;
        let size = bytes.len() as u64;
        let name = format!("{}.{}", target.model, format.extension());
        let id = self.exports().insert(ExportFile {
            id: 0,
            instance: target.instance.name.clone(),
            owner: self.caller().owner_key(),
            mime_type: format.mime_type(),
            bytes,
        });
        let uri = OdooUri::Export {
            instance: target.instance.name.clone(),
            id,
        }
        .to_string();
        let text = format!(
            "Exported {count} {} records ({} columns, {size} bytes, {}): read the resource \
             {uri}.",
            target.model,
            columns.len(),
            format.extension()
        );
        let out = ExportRecordsOutput {
            instance: target.instance.name.clone(),
            model: target.model.to_string(),
            records: count,
            fields: columns[1..].to_vec(),
            format: format.extension().to_owned(),
            size,
            uri: uri.clone(),
        };
        let mut result = success(&out, text);
        result.content.push(ContentBlock::resource_link(
            Resource::new(uri, name)
                .with_mime_type(format.mime_type())
                .with_size(size),
        ));
        Ok(result)
    }
}
