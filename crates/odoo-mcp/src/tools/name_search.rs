//! `name_search`: records whose display name matches a text (Odoo's `name_search`).

use odoo_client::NameSearch;
use rmcp::handler::server::tool::schema_for_output;
use rmcp::model::CallToolResult;
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::Serialize;

use super::{Parameters, success};
use crate::error::ToolError;
use crate::render;
use crate::server::OdooServer;

/// The tool's name, in `tools/list` and in logs.
pub(crate) const NAME: &str = "name_search";

const DESCRIPTION: &str = "Name to ids, as Odoo's search boxes do. Example: \
{\"model\": \"res.partner\", \"name\": \"azure\"}.";

super::tool_params! {
    /// Arguments of `name_search`.
    pub(crate) struct NameSearchParams {
        @instance,
        @model,
        /// Text to look for (partial, any case).
        pub(crate) name: String,
        /// Extra domain.
        @domain,
        /// Matches at most (default 20).
        @limit,
    }
}

super::addressed!(NameSearchParams, model);

/// One match.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(inline)]
pub(crate) struct NameMatch {
    /// Record id.
    pub(crate) id: i64,
    /// Display name.
    pub(crate) name: String,
}

/// The result of `name_search`.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct NameSearchOutput {
    /// The instance queried.
    pub(crate) instance: String,
    /// The model queried.
    pub(crate) model: String,
    /// The matches, best first.
    pub(crate) matches: Vec<NameMatch>,
}

#[tool_router(router = name_search_router, vis = "pub(crate)")]
impl OdooServer {
    #[tool(
        title = "Find records by name",
        description = DESCRIPTION,
        output_schema = schema_for_output::<NameSearchOutput>(),
        annotations(read_only_hint = true, idempotent_hint = true, open_world_hint = false)
    )]
    async fn name_search(&self, Parameters(p): Parameters<NameSearchParams>) -> CallToolResult {
        super::run_tool(NAME, p, |p| self.run_name_search(p)).await
    }
}

impl OdooServer {
    async fn run_name_search(&self, p: NameSearchParams) -> Result<CallToolResult, ToolError> {
        let target = self.target(p.instance.as_deref(), &p.model)?;
        let limit = target
            .instance
            .policy
            .effective_limit(p.limit.map(u64::from));
        let mut query = NameSearch::new(p.name.trim());
        query.domain = self.checked_domain_lazily(&target, p.domain).await?;
        query.limit = u64::from(limit);
        let found = target
            .instance
            .client
            .name_search(&target.model, &query)
            .await?;
        let matches: Vec<NameMatch> = found
            .into_iter()
            .map(|(id, name)| NameMatch { id, name })
            .collect();
        let mut text = match matches.len() {
            0 => format!("{}: nothing matches {:?}.", target.model, p.name),
            n => format!("{}: {n} matches for {:?}.", target.model, p.name),
        };
        if matches.len() as u64 >= u64::from(limit) {
            text.push_str(&format!(
                " Only the first {limit} are shown: refine the name for others."
            ));
        }
        for m in &matches {
            text.push_str(&format!("\n{}\t{}", m.id, render::clean_text(&m.name)));
        }
        let out = NameSearchOutput {
            instance: target.instance.name.clone(),
            model: target.model.to_string(),
            matches,
        };
        Ok(success(&out, text))
    }
}
