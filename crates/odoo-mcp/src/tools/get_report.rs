//! `get_report`: a record's PDF report (quotation, invoice, delivery slip, …) as a
//! `resource_link` to `odoo://{instance}/report/{report}/{ids}` — never the PDF inline (the
//! client reads the resource when it needs the bytes). The model, the report and the records
//! are checked here and again when the resource is read (`resources/report.rs`).

use rmcp::handler::server::tool::schema_for_output;
use rmcp::model::{CallToolResult, ContentBlock};
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::Serialize;

use super::{Parameters, success};
use crate::error::ToolError;
use crate::resources::PDF_MIME_TYPE;
use crate::server::OdooServer;

/// The tool's name, in `tools/list` and in logs.
pub(crate) const NAME: &str = "get_report";

const DESCRIPTION: &str = "A PDF report of records as a resource link. Example: {\"model\": \
\"sale.order\", \"ids\": [7]}.";

super::tool_params! {
    /// Arguments of `get_report`.
    pub(crate) struct GetReportParams {
        @instance,
        @model,
        @ids,
        /// E.g. `invoice` (default: the model's usual one).
        #[serde(default)]
        #[schemars(with = "String")]
        pub(crate) report: Option<String>,
    }
}

super::addressed!(GetReportParams, model);

/// The result of `get_report`.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct GetReportOutput {
    pub(crate) instance: String,
    pub(crate) model: String,
    pub(crate) ids: Vec<i64>,
    /// The report's short name, e.g. `quotation`.
    pub(crate) report: String,
    /// Odoo's technical name, e.g. `sale.report_saleorder`.
    pub(crate) report_name: String,
    pub(crate) title: String,
    /// The records' names.
    pub(crate) names: Vec<String>,
    /// `application/pdf`.
    pub(crate) mimetype: String,
    /// The resource holding the PDF (`resources/read`).
    pub(crate) uri: String,
}

#[tool_router(router = get_report_router, vis = "pub(crate)")]
impl OdooServer {
    #[tool(
        title = "Get a PDF report",
        description = DESCRIPTION,
        output_schema = schema_for_output::<GetReportOutput>(),
        annotations(read_only_hint = true, idempotent_hint = true, open_world_hint = false)
    )]
    async fn get_report(&self, Parameters(p): Parameters<GetReportParams>) -> CallToolResult {
        super::run_tool(NAME, p, |p| self.run_get_report(p)).await
    }
}

impl OdooServer {
    async fn run_get_report(&self, p: GetReportParams) -> Result<CallToolResult, ToolError> {
        let instance = self.instance(p.instance.as_deref())?;
        let doc = self
            .checked_report(&instance, &p.model, &p.ids, p.report.as_deref())
            .await?;
        let uri = doc.uri(&instance.name);
        let names: Vec<String> = doc
            .names
            .iter()
            .map(|n| crate::render::clean_text(n))
            .collect();
        let text = format!(
            "{} of {} {}: read the resource {uri} for the PDF.",
            doc.report.title,
            doc.model,
            names.join(", ")
        );
        let out = GetReportOutput {
            instance: instance.name.clone(),
            model: doc.model.to_string(),
            ids: doc.ids.clone(),
            report: doc.report.key.to_owned(),
            report_name: doc.report.report_name.to_owned(),
            title: doc.report.title.to_owned(),
            names,
            mimetype: PDF_MIME_TYPE.to_owned(),
            uri,
        };
        let mut result = success(&out, text);
        result
            .content
            .push(ContentBlock::resource_link(doc.link(&instance.name)));
        Ok(result)
    }
}
