//! `search_records`: records matching a domain, one page at a time, with the total count.

use rmcp::handler::server::tool::schema_for_output;
use rmcp::model::CallToolResult;
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{DomainItem, FieldSelection, Parameters, select_fields, success_with_records};
use crate::error::ToolError;
use crate::render;
use crate::server::OdooServer;

/// The tool's name, in `tools/list` and in logs.
pub(crate) const NAME: &str = "search_records";

const DESCRIPTION: &str = "Search records of an Odoo model with a domain filter and get one \
page of them plus the total count. Use this to list or find records (use read_records when \
you already have ids, count_records or aggregate_records for totals). Without `fields`, a \
small useful set is returned (name, state, partner, dates, amounts…); describe_model lists \
all fields. Example: {\"model\": \"sale.order\", \"domain\": [[\"state\", \"=\", \"sale\"]], \
\"order\": \"date_order desc\", \"limit\": 10}. Paging: the result gives next_offset; call \
again with that offset for the next page.";

/// Arguments of `search_records`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = super::drop_null_defaults)]
pub(crate) struct SearchRecordsParams {
    /// Odoo instance to use (optional; default instance when omitted).
    #[serde(default)]
    #[schemars(with = "String")]
    pub(crate) instance: Option<String>,
    /// Technical model name, e.g. `res.partner`, `sale.order`, `account.move`.
    pub(crate) model: String,
    /// Filter in Odoo prefix notation: a list of conditions `[field, operator, value]`
    /// (ANDed), with `"|"`, `"&"`, `"!"` as prefix operators. Example:
    /// `[["is_company", "=", true], "|", ["city", "ilike", "paris"], ["city", "ilike", "lyon"]]`.
    /// A single condition may be given as is. Omit or `[]` for all records.
    #[serde(default, deserialize_with = "super::lenient::opt_domain")]
    #[schemars(with = "Vec<DomainItem>")]
    pub(crate) domain: Option<Vec<Value>>,
    /// Fields to return (`id` always comes back). Omit for a small default set.
    #[serde(default, deserialize_with = "super::lenient::opt_names")]
    #[schemars(with = "Vec<String>")]
    pub(crate) fields: Option<Vec<String>>,
    /// Page size (default 20; capped by the server's max_records, usually 200).
    #[serde(default, deserialize_with = "super::lenient::opt_u32")]
    #[schemars(with = "u32")]
    pub(crate) limit: Option<u32>,
    /// Records to skip: use the `next_offset` of the previous page.
    #[serde(default, deserialize_with = "super::lenient::opt_u32")]
    #[schemars(with = "u32")]
    pub(crate) offset: Option<u32>,
    /// Sort order, e.g. `"date_order desc, id"` (default: the model's order).
    #[serde(default)]
    #[schemars(with = "String")]
    pub(crate) order: Option<String>,
}

super::addressed!(SearchRecordsParams, model);

/// The result of `search_records`.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct SearchRecordsOutput {
    /// The instance queried.
    pub(crate) instance: String,
    /// The model queried.
    pub(crate) model: String,
    /// Matching records in total, over all pages.
    pub(crate) total: u64,
    /// Records skipped before this page.
    pub(crate) offset: u64,
    /// Records in this page.
    pub(crate) returned: u64,
    /// Offset of the next page; absent when this page is the last.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "u64")]
    pub(crate) next_offset: Option<u64>,
    /// The fields returned besides `id`.
    pub(crate) fields: Vec<String>,
    /// Secret fields that were asked for but are never returned.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) removed_fields: Vec<String>,
    /// The records: `id` and the fields; many2one values are `{id, name}`, empty values null.
    pub(crate) records: Vec<Map<String, Value>>,
}

#[tool_router(router = search_records_router, vis = "pub(crate)")]
impl OdooServer {
    #[tool(
        title = "Search records",
        description = DESCRIPTION,
        output_schema = schema_for_output::<SearchRecordsOutput>(),
        annotations(read_only_hint = true, idempotent_hint = true, open_world_hint = false)
    )]
    async fn search_records(
        &self,
        Parameters(p): Parameters<SearchRecordsParams>,
    ) -> CallToolResult {
        super::run_tool(NAME, p, |p| self.run_search_records(p)).await
    }
}

impl OdooServer {
    async fn run_search_records(
        &self,
        p: SearchRecordsParams,
    ) -> Result<CallToolResult, ToolError> {
        let target = self.target(p.instance.as_deref(), &p.model)?;
        let policy = &target.instance.policy;
        let meta = self.meta(&target).await?;
        let domain = self.checked_domain(&target, &meta, p.domain).await?;
        let order = self
            .checked_order(&target, &meta, p.order.as_deref())
            .await?;
        let FieldSelection {
            fields,
            removed,
            defaulted,
        } = select_fields(p.fields, &meta, &target)?;
        let limit = policy.effective_limit(p.limit.map(u64::from));
        // `limit: 0` means "no limit" in Odoo: the cap.
        let capped = p.limit.is_some_and(|l| l == 0 || l > limit);
        let offset = u64::from(p.offset.unwrap_or(0));

        let mut query = odoo_client::SearchRead::new(domain.clone())
            .fields(&fields)?
            .limit(u64::from(limit))
            .offset(offset);
        if let Some(order) = order {
            query = query.order(order);
        }
        let client = &target.instance.client;
        // The page and the total are asked for at once, so the call takes as long as the
        // slower of the two, not their sum. A short, non-empty page (or an empty first page)
        // is the end of the result: the total follows from it, and the count is dropped
        // (cancelled) if it is still running.
        let read = client.search_read(&target.model, &query);
        let count = client.search_count(&target.model, &domain);
        tokio::pin!(read, count);
        let (rows, counted) = tokio::select! {
            biased;
            rows = &mut read => (rows?, None),
            total = &mut count => ((&mut read).await?, Some(total)),
        };
        let returned = rows.len() as u64;
        let page_is_last = returned < u64::from(limit) && (returned > 0 || offset == 0);
        let total = if page_is_last {
            offset + returned
        } else {
            match counted {
                Some(total) => total?,
                None => count.await?,
            }
        };
        let clean = render::clean(rows, &fields, &meta, policy);
        let removed_fields = super::merge_removed(removed, clean.removed);
        let next_offset = (offset + returned < total && returned > 0).then_some(offset + returned);

        let mut text = if returned == 0 {
            if total > 0 {
                format!(
                    "{}: no records at offset {offset} ({total} in total).",
                    target.model
                )
            } else {
                format!("{}: no records match.", target.model)
            }
        } else {
            format!(
                "{}: records {}-{} of {total}.",
                target.model,
                offset + 1,
                offset + returned
            )
        };
        if let Some(next) = next_offset {
            text.push_str(&format!(" More: call again with offset={next}."));
        }
        if capped {
            text.push_str(&format!(
                " (limit capped at {limit}, the server's max_records; 0 means no limit.)"
            ));
        }
        super::push_field_notes(&mut text, defaulted, &removed_fields);
        if returned > 0 {
            text.push('\n');
            text.push_str(&render::table(&clean.records, &fields));
        }
        let out = SearchRecordsOutput {
            instance: target.instance.name.clone(),
            model: target.model.to_string(),
            total,
            offset,
            returned,
            next_offset,
            fields,
            removed_fields,
            records: Vec::new(),
        };
        Ok(success_with_records(&out, clean.records, text))
    }
}
