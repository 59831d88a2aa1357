//! `list_models`: the models of an instance (from `ir.model`, cached), filtered by keyword.

use rmcp::handler::server::tool::schema_for_output;
use rmcp::model::CallToolResult;
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Parameters, success};
use crate::error::ToolError;
use crate::metadata::ModelEntry;
use crate::server::OdooServer;

/// The tool's name, in `tools/list` and in logs.
pub(crate) const NAME: &str = "list_models";

const DESCRIPTION: &str = "List the Odoo models (tables) this server may access, with their \
labels: start here to find the technical model name for a business concept. Filter with a \
keyword matched against the technical name and the label, e.g. {\"keyword\": \"invoice\"} \
finds account.move; {\"keyword\": \"sale\"} finds sale.order and sale.order.line. Then use \
describe_model for the fields.";

/// Default number of models listed.
const DEFAULT_LIMIT: u32 = 100;
/// Most models listed in one call.
const MAX_LIMIT: u32 = 1000;

/// Arguments of `list_models`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = super::drop_null_defaults)]
pub(crate) struct ListModelsParams {
    /// Odoo instance to use (optional; default instance when omitted).
    #[serde(default)]
    #[schemars(with = "String")]
    pub(crate) instance: Option<String>,
    /// Case-insensitive text matched against the technical name and the label, e.g.
    /// `partner`, `invoice`, `stock`. Omit to list all models.
    #[serde(default)]
    #[schemars(with = "String")]
    pub(crate) keyword: Option<String>,
    /// At most this many models (default 100).
    #[serde(default, deserialize_with = "super::lenient::opt_u32")]
    #[schemars(with = "u32")]
    pub(crate) limit: Option<u32>,
}

impl super::Addressed for ListModelsParams {
    fn instance(&self) -> Option<&str> {
        self.instance.as_deref()
    }
}

/// One model.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(inline)]
pub(crate) struct ModelOutput {
    /// Technical name, e.g. `res.partner`.
    pub(crate) model: String,
    /// Label, e.g. `Contact`.
    pub(crate) name: String,
}

/// The result of `list_models`.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct ListModelsOutput {
    /// The instance queried.
    pub(crate) instance: String,
    /// Models matching the keyword, in total.
    pub(crate) total: u64,
    /// The models listed (at most `limit`), sorted by technical name.
    pub(crate) models: Vec<ModelOutput>,
}

#[tool_router(router = list_models_router, vis = "pub(crate)")]
impl OdooServer {
    #[tool(
        title = "List models",
        description = DESCRIPTION,
        output_schema = schema_for_output::<ListModelsOutput>(),
        annotations(read_only_hint = true, idempotent_hint = true, open_world_hint = false)
    )]
    async fn list_models(&self, Parameters(p): Parameters<ListModelsParams>) -> CallToolResult {
        super::run_tool(NAME, p, |p| self.run_list_models(p)).await
    }
}

/// Whether a model matches a (lowercase) keyword.
pub(crate) fn matches_keyword(entry: &ModelEntry, keyword: &str) -> bool {
    keyword.is_empty()
        || entry.model.to_lowercase().contains(keyword)
        || entry.name.to_lowercase().contains(keyword)
}

impl OdooServer {
    /// The models of an instance its policy lets the caller see.
    pub(crate) async fn visible_models(
        &self,
        instance: &crate::instance::Instance,
    ) -> Result<Vec<ModelEntry>, ToolError> {
        let all = self
            .metadata()
            .models(&instance.name, &instance.client)
            .await?;
        Ok(all
            .iter()
            .filter(|m| instance.policy.is_model_visible(&m.model))
            .cloned()
            .collect())
    }

    async fn run_list_models(&self, p: ListModelsParams) -> Result<CallToolResult, ToolError> {
        let instance = self.instances().get(p.instance.as_deref())?;
        let keyword = p.keyword.unwrap_or_default().trim().to_lowercase();
        let limit = p.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT) as usize;
        let matching: Vec<ModelEntry> = self
            .visible_models(instance)
            .await?
            .into_iter()
            .filter(|m| matches_keyword(m, &keyword))
            .collect();
        let total = matching.len();
        let shown: Vec<ModelOutput> = matching
            .into_iter()
            .take(limit)
            .map(|m| ModelOutput {
                model: m.model,
                name: m.name,
            })
            .collect();
        let filter = if keyword.is_empty() {
            String::new()
        } else {
            format!(" matching {keyword:?}")
        };
        let mut text = format!("{total} models{filter}");
        if shown.len() < total {
            text.push_str(&format!(
                " (first {} shown: use a keyword, or a larger limit)",
                shown.len()
            ));
        }
        text.push(':');
        if total == 0 {
            text = format!(
                "No model{filter}. Try a shorter or English keyword (e.g. \"partner\", \"invoice\", \"product\")."
            );
        }
        for m in &shown {
            text.push_str(&format!("\n{}\t{}", m.model, m.name));
        }
        let out = ListModelsOutput {
            instance: instance.name.clone(),
            total: total as u64,
            models: shown,
        };
        Ok(success(&out, text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyword_matches_name_or_label() {
        let m = ModelEntry {
            model: "account.move".into(),
            name: "Journal Entry / Invoice".into(),
        };
        assert!(matches_keyword(&m, "invoice"));
        assert!(matches_keyword(&m, "account"));
        assert!(matches_keyword(&m, ""));
        assert!(!matches_keyword(&m, "partner"));
    }
}
