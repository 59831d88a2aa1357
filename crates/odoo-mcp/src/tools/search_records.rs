//! `search_records`: records matching a domain, one page at a time, with the total count.

use crate::field_type::FieldType;
use std::fmt::Write as _;

use rmcp::handler::server::tool::schema_for_output;
use rmcp::model::CallToolResult;
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

use super::{FieldSelection, Parameters, select_fields, success_with_records};
use crate::error::ToolError;
use crate::render;
use crate::server::OdooServer;

/// The tool's name, in `tools/list` and in logs.
pub(crate) const NAME: &str = "search_records";

const DESCRIPTION: &str = "Search a model with a domain: one page of records and the total. \
Example: {\"model\": \"sale.order\", \
\"domain\": [[\"state\", \"=\", \"sale\"]], \"order\": \"date_order desc\", \"limit\": \
10}.";

/// Counting stops at this many matches: `total` is then a lower bound (`total_at_least`),
/// which keeps paging a large table cheap. Paging itself goes on past it.
const COUNT_LIMIT: u64 = 10_000;

super::tool_params! {
    /// Arguments of `search_records`.
    pub(crate) struct SearchRecordsParams {
        @instance,
        @model,
        /// Domain, e.g. `[["is_company", "=", true]]`; omit for all records.
        @domain,
        @fields,
        /// Page size (default 20, at most max_records).
        @limit,
        @offset,
        /// E.g. `"date_order desc, id"`.
        @order,
    }
}

super::addressed!(SearchRecordsParams, model);

/// The result of `search_records`.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct SearchRecordsOutput {
    /// The instance queried.
    pub(crate) instance: String,
    /// The model queried.
    pub(crate) model: String,
    /// Matching records in total, over all pages (a lower bound when `total_at_least`).
    pub(crate) total: u64,
    /// Present (true) when counting stopped at 10,000 matches: `total` is then a lower bound.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) total_at_least: bool,
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
    #[schemars(description = concat!("The records, one array each: `id`, then a value per entry of `fields`, in that order; many2one values are `[id, name]`, empty values null. ", crate::render::datetimes_note!()))]
    pub(crate) rows: Vec<Vec<Value>>,
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

        let mut query = odoo_client::SearchRead::new(domain)
            .fields(&fields)?
            .limit(u64::from(limit))
            .offset(offset);
        if let Some(order) = order {
            query = query.order(order);
        }
        let many2one = fields
            .iter()
            .filter(|f| {
                meta.field(f)
                    .is_some_and(|i| i.ftype == FieldType::Many2one)
            })
            .map(odoo_client::FieldName::new)
            .collect::<Result<_, _>>()?;
        let page = odoo_client::SearchPage {
            query,
            many2one,
            count_limit: Some(COUNT_LIMIT),
        };
        // One request on Odoo 17+ (the page and the count together); see odoo_client::paging.
        let odoo_client::Page { rows, total } = target
            .instance
            .client
            .search_page(&target.model, &page)
            .await?;
        let returned = rows.len() as u64;
        let total_at_least = !total.is_exact();
        let total = total.value();
        let mut clean = render::clean(rows, &meta, policy);
        let removed_fields = super::merge_removed(removed, std::mem::take(&mut clean.removed));
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
                "{}: records {}-{} of {}{total}.",
                target.model,
                offset + 1,
                offset + returned,
                if total_at_least { "at least " } else { "" },
            )
        };
        if let Some(next) = next_offset {
            let _ = write!(text, " Next page: offset={next}.");
        }
        if capped {
            let _ = write!(
                text,
                " (limit capped at {limit}, the server's max_records; 0 means no limit.)"
            );
        }
        super::push_field_notes(&mut text, defaulted, &removed_fields);
        if returned > 0 {
            text.push('\n');
            text.push_str(&render::table(&clean));
            text.push_str(render::datetime_note(clean.has_datetime));
        }
        let out = SearchRecordsOutput {
            instance: target.instance.name.clone(),
            model: target.model.to_string(),
            total,
            total_at_least,
            offset,
            returned,
            next_offset,
            fields: clean.fields,
            removed_fields,
            rows: Vec::new(),
        };
        Ok(success_with_records(&out, clean.rows, text))
    }
}
