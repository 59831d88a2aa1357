//! `aggregate_records`: counts, sums, averages… per group (Odoo's `read_group`).

use odoo_client::{Aggregate, AggregateFunction, FieldName, GroupBy};
use rmcp::handler::server::tool::schema_for_output;
use rmcp::model::CallToolResult;
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::Serialize;

use super::{Parameters, Target, success, unknown_field};
use crate::error::ToolError;
use crate::metadata::ModelMeta;
use crate::render;
use crate::render::groups::GroupOutput;
use crate::server::OdooServer;

/// The tool's name, in `tools/list` and in logs.
pub(crate) const NAME: &str = "aggregate_records";

const DESCRIPTION: &str = "Totals per group (Odoo read_group): count, sum, avg, min, max; no \
group_by: one group. Example: {\"model\": \"sale.order\", \"group_by\": [\"partner_id\"], \"aggregates\": \
[\"amount_total:sum\"], \"order\": \"amount_total:sum desc\", \"limit\": 5}.";

const GRANULARITIES: &[&str] = &["day", "week", "month", "quarter", "year"];

super::tool_params! {
    /// Arguments of `aggregate_records`.
    pub(crate) struct AggregateRecordsParams {
        @instance,
        @model,
        @domain,
        /// Fields, or dates with a period: `"date_order:month"` (day…year).
        #[serde(default, deserialize_with = "super::lenient::opt_names")]
        #[schemars(with = "Vec<String>")]
        pub(crate) group_by: Option<Vec<String>>,
        /// `"field:function"`, e.g. `"amount_total:sum"`.
        #[serde(default, deserialize_with = "super::lenient::opt_names")]
        #[schemars(with = "Vec<String>")]
        pub(crate) aggregates: Option<Vec<String>>,
        /// Order of the groups, e.g. `"amount_total:sum desc"`.
        @order,
        /// Groups at most (default and cap: max_records).
        @limit,
    }
}

super::addressed!(AggregateRecordsParams, model);

/// The result of `aggregate_records`.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct AggregateRecordsOutput {
    /// The instance queried.
    pub(crate) instance: String,
    /// The model queried.
    pub(crate) model: String,
    /// The group keys used.
    pub(crate) group_by: Vec<String>,
    /// The aggregates computed.
    pub(crate) aggregates: Vec<String>,
    /// True when the group limit was reached (there may be more groups).
    pub(crate) limit_reached: bool,
    /// The groups.
    pub(crate) groups: Vec<GroupOutput>,
}

#[tool_router(router = aggregate_records_router, vis = "pub(crate)")]
impl OdooServer {
    #[tool(
        title = "Aggregate records by group",
        description = DESCRIPTION,
        output_schema = schema_for_output::<AggregateRecordsOutput>(),
        annotations(read_only_hint = true, idempotent_hint = true, open_world_hint = false)
    )]
    async fn aggregate_records(
        &self,
        Parameters(p): Parameters<AggregateRecordsParams>,
    ) -> CallToolResult {
        super::run_tool(NAME, p, |p| self.run_aggregate_records(p)).await
    }
}

/// Checks a field used for grouping or aggregating: it exists and is not secret.
fn check_field(name: &str, meta: &ModelMeta, target: &Target<'_>) -> Result<FieldName, ToolError> {
    let field = FieldName::new(name)?;
    if meta.field(name).is_none() {
        return Err(unknown_field(name, &target.model, meta));
    }
    if render::is_withheld(&target.instance.policy, meta, name) {
        return Err(ToolError::invalid(format!(
            "`{name}` is a secret field: it cannot be grouped or aggregated"
        )));
    }
    Ok(field)
}

fn parse_group_key(key: &str, meta: &ModelMeta, target: &Target<'_>) -> Result<String, ToolError> {
    let key = key.trim();
    let (field, granularity) = match key.split_once(':') {
        Some((f, g)) => (f, Some(g)),
        None => (key, None),
    };
    check_field(field, meta, target)?;
    if let Some(g) = granularity
        && !GRANULARITIES.contains(&g)
    {
        return Err(ToolError::invalid(format!(
            "group_by {key:?}: unknown period {g:?} (use one of {})",
            GRANULARITIES.join(", ")
        )));
    }
    Ok(key.to_owned())
}

fn parse_aggregate(
    spec: &str,
    meta: &ModelMeta,
    target: &Target<'_>,
) -> Result<Aggregate, ToolError> {
    let spec = spec.trim();
    let bad = || {
        ToolError::invalid(format!(
            "aggregate {spec:?} must be \"field:function\" with function sum, avg, min, max, \
             count or count_distinct, e.g. \"amount_total:sum\""
        ))
    };
    let (field, function) = spec.split_once(':').ok_or_else(bad)?;
    let function = match function {
        "sum" => AggregateFunction::Sum,
        "avg" => AggregateFunction::Avg,
        "min" => AggregateFunction::Min,
        "max" => AggregateFunction::Max,
        "count" => AggregateFunction::Count,
        "count_distinct" => AggregateFunction::CountDistinct,
        _ => return Err(bad()),
    };
    Ok(Aggregate {
        field: check_field(field, meta, target)?,
        function,
    })
}

impl OdooServer {
    async fn run_aggregate_records(
        &self,
        p: AggregateRecordsParams,
    ) -> Result<CallToolResult, ToolError> {
        let target = self.target(p.instance.as_deref(), &p.model)?;
        let policy = &target.instance.policy;
        let meta = self.meta(&target).await?;
        let domain = self.checked_domain(&target, &meta, p.domain).await?;
        let groupby = p
            .group_by
            .unwrap_or_default()
            .iter()
            .map(|k| parse_group_key(k, &meta, &target))
            .collect::<Result<Vec<_>, _>>()?;
        let aggregates = p
            .aggregates
            .unwrap_or_default()
            .iter()
            .map(|a| parse_aggregate(a, &meta, &target))
            .collect::<Result<Vec<_>, _>>()?;
        let order = self
            .checked_order(&target, &meta, p.order.as_deref())
            .await?;
        let limit = p
            .limit
            .map_or(policy.max_records(), |l| l.clamp(1, policy.max_records()));
        let query = GroupBy {
            domain,
            groupby: groupby.clone(),
            aggregates: aggregates.clone(),
            order,
            offset: 0,
            limit: Some(u64::from(limit)),
        };
        let groups = target
            .instance
            .client
            .read_group(&target.model, &query)
            .await?;
        let limit_reached = groups.len() as u64 >= u64::from(limit);
        let agg_keys: Vec<String> = aggregates.iter().map(Aggregate::key).collect();
        let groups: Vec<GroupOutput> = groups.into_iter().map(GroupOutput::from).collect();

        let by = if groupby.is_empty() {
            "all records".to_owned()
        } else {
            groupby.join(", ")
        };
        let mut text = format!("{} grouped by {by}: {} groups.", target.model, groups.len());
        if limit_reached {
            text.push_str(&format!(
                " Limit of {limit} groups reached: there may be more."
            ));
        }
        let out = AggregateRecordsOutput {
            instance: target.instance.name.clone(),
            model: target.model.to_string(),
            group_by: groupby,
            aggregates: agg_keys,
            limit_reached,
            groups,
        };
        text.push('\n');
        text.push_str(&render::groups::table(
            &out.group_by,
            &out.aggregates,
            &out.groups,
        ));
        Ok(success(&out, text))
    }
}
