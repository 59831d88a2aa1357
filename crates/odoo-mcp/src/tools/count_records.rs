//! `count_records`: how many records match a domain.

use rmcp::handler::server::tool::schema_for_output;
use rmcp::model::CallToolResult;
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::Serialize;

use super::{Parameters, success};
use crate::error::ToolError;
use crate::server::OdooServer;

/// The tool's name, in `tools/list` and in logs.
pub(crate) const NAME: &str = "count_records";

const DESCRIPTION: &str = "Count the records matching a domain. Example: {\"model\": \
\"res.partner\", \"domain\": [[\"is_company\", \"=\", true]]}.";

super::tool_params! {
    /// Arguments of `count_records`.
    pub(crate) struct CountRecordsParams {
        @instance,
        @model,
        @domain,
    }
}

super::addressed!(CountRecordsParams, model);

/// The result of `count_records`.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct CountRecordsOutput {
    /// The instance queried.
    pub(crate) instance: String,
    /// The model queried.
    pub(crate) model: String,
    /// Number of matching records.
    pub(crate) count: u64,
}

#[tool_router(router = count_records_router, vis = "pub(crate)")]
impl OdooServer {
    #[tool(
        title = "Count records",
        description = DESCRIPTION,
        output_schema = schema_for_output::<CountRecordsOutput>(),
        annotations(read_only_hint = true, idempotent_hint = true, open_world_hint = false)
    )]
    async fn count_records(&self, Parameters(p): Parameters<CountRecordsParams>) -> CallToolResult {
        super::run_tool(NAME, p, |p| self.run_count_records(p)).await
    }
}

impl OdooServer {
    async fn run_count_records(&self, p: CountRecordsParams) -> Result<CallToolResult, ToolError> {
        let target = self.target(p.instance.as_deref(), &p.model)?;
        let domain = self.checked_domain_lazily(&target, p.domain).await?;
        let count = target
            .instance
            .client
            .search_count(&target.model, &domain)
            .await?;
        let text = format!("{}: {count} records match.", target.model);
        let out = CountRecordsOutput {
            instance: target.instance.name.clone(),
            model: target.model.to_string(),
            count,
        };
        Ok(success(&out, text))
    }
}
