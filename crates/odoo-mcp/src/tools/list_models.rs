//! `list_models`: the models of an instance (from `ir.model`, cached), filtered by keyword
//! (technical name, label, or an everyday word of [`crate::model_catalog`]).

use rmcp::handler::server::tool::schema_for_output;
use rmcp::model::CallToolResult;
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::Serialize;

use super::{Parameters, success};
use crate::error::ToolError;
use crate::metadata::{ModelEntry, ModelList};
use crate::server::OdooServer;

/// The tool's name, in `tools/list` and in logs.
pub(crate) const NAME: &str = "list_models";

const DESCRIPTION: &str = "Find the technical model name for a business word: start here, then describe_model. \
Example: {\"keyword\": \"invoice\"} finds account.move.";

/// Default number of models listed.
const DEFAULT_LIMIT: u32 = 100;
/// Most models listed in one call.
const MAX_LIMIT: u32 = 1000;

super::tool_params! {
    /// Arguments of `list_models`.
    pub(crate) struct ListModelsParams {
        @instance,
        /// A word, e.g. `invoice`, `customer`; omit to list all.
        #[serde(default)]
        #[schemars(with = "String")]
        pub(crate) keyword: Option<String>,
        /// Models at most (default 100).
        @limit,
    }
}

super::addressed!(ListModelsParams);

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
    /// The models listed (at most `limit`): those an everyday word of the keyword means
    /// first, then the others by technical name.
    pub(crate) models: Vec<ModelOutput>,
    /// Set when the list is incomplete because the Odoo user may not read `ir.model`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) note: Option<String>,
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

/// Whether a model matches a (lowercase) keyword by technical name or label.
pub(crate) fn matches_keyword(entry: &ModelEntry, keyword: &str) -> bool {
    keyword.is_empty()
        || entry.model.to_lowercase().contains(keyword)
        || entry.name.to_lowercase().contains(keyword)
}

/// The models matching a (lowercase) keyword: those an everyday word of it means (in the
/// word table's order), then those whose name or label contains it.
pub(crate) fn search_models(models: Vec<ModelEntry>, keyword: &str) -> Vec<ModelEntry> {
    let meant = crate::model_catalog::models_for_words(keyword);
    let (mut first, rest): (Vec<ModelEntry>, Vec<ModelEntry>) = models
        .into_iter()
        .filter(|m| meant.contains(&m.model.as_str()) || matches_keyword(m, keyword))
        .partition(|m| meant.contains(&m.model.as_str()));
    first.sort_by_key(|m| meant.iter().position(|x| *x == m.model));
    first.extend(rest);
    first
}

impl OdooServer {
    /// The models of an instance its policy lets the caller see.
    pub(crate) async fn visible_models(
        &self,
        instance: &crate::instance::Instance,
    ) -> Result<ModelList, ToolError> {
        let all = self
            .metadata()
            .models(&instance.name, &instance.client)
            .await?;
        Ok(ModelList {
            entries: all
                .entries
                .iter()
                .filter(|m| instance.policy.is_model_visible(&m.model))
                .cloned()
                .collect(),
            source: all.source,
        })
    }

    async fn run_list_models(&self, p: ListModelsParams) -> Result<CallToolResult, ToolError> {
        let instance = self.instance(p.instance.as_deref())?;
        let keyword = p.keyword.unwrap_or_default().trim().to_lowercase();
        let limit = p.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT) as usize;
        let list = self.visible_models(&instance).await?;
        let note = list.source.note();
        let matching = search_models(list.entries, &keyword);
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
        if let Some(note) = note {
            text.push_str(&format!("\nNote: {note}."));
        }
        let out = ListModelsOutput {
            instance: instance.name.clone(),
            total: total as u64,
            models: shown,
            note: note.map(str::to_owned),
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

    #[test]
    fn everyday_words_find_models_whatever_their_label() {
        let entry = |model: &str, name: &str| ModelEntry {
            model: model.into(),
            name: name.into(),
        };
        let models = vec![
            entry("account.move", "Journal Entry"),
            entry("account.move.line", "Journal Item"),
            entry("res.partner", "Contact"),
            entry("sale.order", "Sales Order"),
        ];
        let found = |k: &str| -> Vec<String> {
            search_models(models.clone(), k)
                .into_iter()
                .map(|m| m.model)
                .collect()
        };
        assert_eq!(found("invoice"), ["account.move", "account.move.line"]);
        assert_eq!(found("customer"), ["res.partner"]);
        assert_eq!(found("quotation"), ["sale.order"]);
        assert_eq!(found("contact"), ["res.partner"]);
        assert!(found("helpdesk").is_empty());
    }
}
