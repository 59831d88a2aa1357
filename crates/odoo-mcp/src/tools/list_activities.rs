//! `list_activities`: open activities (to-dos, calls, meetings, …) as compact rows — the
//! connected user's, a record's, or only the overdue ones — soonest due first, paged.

use odoo_client::{Domain, ModelName, SearchRead};
use rmcp::handler::server::tool::schema_for_output;
use rmcp::model::CallToolResult;
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::chatter::{self, ACTIVITY_MODEL};
use super::{Parameters, success};
use crate::error::ToolError;
use crate::render;
use crate::server::OdooServer;

/// The tool's name, in `tools/list` and in logs.
pub(crate) const NAME: &str = "list_activities";

const DESCRIPTION: &str = "Open activities, soonest first: yours (default), a record's \
or overdue ones. Example: {\"overdue\": true}.";

/// What a hidden name is replaced with.
const HIDDEN: &str = "(hidden by the policy)";

super::tool_params! {
    /// Arguments of `list_activities`.
    pub(crate) struct ListActivitiesParams {
        @instance,
        #[serde(default)]
        #[schemars(with = "String")]
        pub(crate) model: Option<String>,
        #[serde(default)]
        #[schemars(with = "i64")]
        pub(crate) id: Option<i64>,
        #[serde(default, deserialize_with = "super::lenient::opt_bool")]
        #[schemars(with = "bool")]
        pub(crate) mine: Option<bool>,
        #[serde(default, deserialize_with = "super::lenient::opt_bool")]
        #[schemars(with = "bool")]
        pub(crate) overdue: Option<bool>,
        @limit,
        @offset,
    }
}

impl super::Addressed for ListActivitiesParams {
    fn instance(&self) -> Option<&str> {
        self.instance.as_deref()
    }
    fn model(&self) -> Option<&str> {
        self.model.as_deref()
    }
}

/// One activity.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(inline)]
pub(crate) struct ActivityOutput {
    /// The activity's id (for complete_activity).
    pub(crate) id: i64,
    /// Its type: To-Do, Call, Email, Meeting, …
    #[serde(rename = "type")]
    pub(crate) kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) summary: Option<String>,
    /// Due date, `YYYY-MM-DD`.
    pub(crate) due: String,
    /// `overdue`, `today` or `planned` (in the assignee's time zone).
    pub(crate) state: String,
    /// The assignee's name.
    pub(crate) user: String,
    /// The record it is about.
    pub(crate) model: String,
    pub(crate) res_id: i64,
    /// The record's name.
    pub(crate) record: String,
}

/// The result of `list_activities`.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct ListActivitiesOutput {
    pub(crate) instance: String,
    /// Matching activities in all.
    pub(crate) total: u64,
    /// Offset of the next page, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) next_offset: Option<u64>,
    pub(crate) activities: Vec<ActivityOutput>,
}

#[tool_router(router = list_activities_router, vis = "pub(crate)")]
impl OdooServer {
    #[tool(
        title = "List activities",
        description = DESCRIPTION,
        output_schema = schema_for_output::<ListActivitiesOutput>(),
        annotations(read_only_hint = true, idempotent_hint = true, open_world_hint = false)
    )]
    async fn list_activities(
        &self,
        Parameters(p): Parameters<ListActivitiesParams>,
    ) -> CallToolResult {
        super::run_tool(NAME, p, |p| self.run_list_activities(p)).await
    }
}

/// Today's date (UTC), `YYYY-MM-DD`: the bound of "overdue".
fn today() -> String {
    chrono::Utc::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}

impl OdooServer {
    async fn run_list_activities(
        &self,
        p: ListActivitiesParams,
    ) -> Result<CallToolResult, ToolError> {
        let target = self.target(p.instance.as_deref(), ACTIVITY_MODEL)?;
        let policy = &target.instance.policy;
        let client = &target.instance.client;
        let record = match (p.model.as_deref().map(str::trim), p.id) {
            (None | Some(""), None) => None,
            (Some(model), Some(id)) if !model.is_empty() => {
                let model = ModelName::new(model)?;
                policy.check_model(&model)?;
                super::validate_ids(&[id], 1)?;
                Some((model, id))
            }
            _ => {
                return Err(ToolError::invalid(
                    "give both `model` and `id` for a record's activities, or neither for yours",
                ));
            }
        };
        let mine = p.mine.unwrap_or(record.is_none());
        let mut parts = Vec::new();
        if let Some((model, id)) = &record {
            parts.push(Domain::eq("res_model", model.as_str()));
            parts.push(Domain::eq("res_id", *id));
        }
        if mine {
            parts.push(Domain::eq("user_id", chatter::my_uid(client).await?));
        }
        if p.overdue == Some(true) {
            parts.push(Domain::parse(&json!([["date_deadline", "<", today()]]))?);
        }
        let domain = Domain::and(parts);
        let limit = policy.effective_limit(p.limit.map(u64::from));
        let offset = u64::from(p.offset.unwrap_or(0));
        let query = SearchRead::new(domain.clone())
            .fields([
                "activity_type_id",
                "summary",
                "date_deadline",
                "state",
                "user_id",
                "res_model",
                "res_id",
                "res_name",
            ])?
            .limit(u64::from(limit))
            .offset(offset)
            .order(odoo_client::Order::parse("date_deadline asc, id asc")?);
        let activities_model = ModelName::new(ACTIVITY_MODEL)?;
        let rows = client.search_read(&activities_model, &query).await?;
        let total = client.search_count(&activities_model, &domain).await?;
        let users_visible = policy.is_model_visible("res.users");
        let activities: Vec<ActivityOutput> = rows
            .iter()
            .map(|row| activity(row, users_visible, |m| policy.is_model_visible(m)))
            .collect();
        let shown = offset + activities.len() as u64;
        let next_offset = (shown < total).then_some(shown);
        let mut scope = Vec::new();
        if mine {
            scope.push("yours".to_owned());
        }
        if let Some((model, id)) = &record {
            scope.push(format!("on {model} #{id}"));
        }
        if p.overdue == Some(true) {
            scope.push("overdue".to_owned());
        }
        let mut text = format!(
            "{total} open activit{} ({}).",
            if total == 1 { "y" } else { "ies" },
            if scope.is_empty() {
                "all".to_owned()
            } else {
                scope.join(", ")
            }
        );
        if let Some(next) = next_offset {
            text.push_str(&format!(" More: offset {next}."));
        }
        for a in &activities {
            text.push_str(&format!(
                "\n- #{} {} {} [{}] {}{} — {} #{} {} — {}",
                a.id,
                a.due,
                a.kind,
                a.state,
                a.summary
                    .as_deref()
                    .map(render::clean_text)
                    .unwrap_or_default(),
                if a.summary.is_some() {
                    ""
                } else {
                    "(no summary)"
                },
                a.model,
                a.res_id,
                render::clean_text(&a.record),
                render::clean_text(&a.user)
            ));
        }
        let out = ListActivitiesOutput {
            instance: target.instance.name.clone(),
            total,
            next_offset,
            activities,
        };
        Ok(success(&out, text))
    }
}

/// One `mail.activity` row; names of records in models the policy hides are withheld.
fn activity(
    row: &Map<String, Value>,
    users_visible: bool,
    model_visible: impl Fn(&str) -> bool,
) -> ActivityOutput {
    let text = |k: &str| {
        row.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let name_of = |k: &str| match row.get(k) {
        Some(Value::Array(pair)) => pair
            .get(1)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        _ => String::new(),
    };
    let model = text("res_model");
    ActivityOutput {
        id: row.get("id").and_then(Value::as_i64).unwrap_or_default(),
        kind: name_of("activity_type_id"),
        summary: Some(text("summary")).filter(|s| !s.is_empty()),
        due: text("date_deadline"),
        state: text("state"),
        user: if users_visible {
            name_of("user_id")
        } else {
            HIDDEN.to_owned()
        },
        record: if model_visible(&model) {
            text("res_name")
        } else {
            HIDDEN.to_owned()
        },
        res_id: row
            .get("res_id")
            .and_then(Value::as_i64)
            .unwrap_or_default(),
        model,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_become_compact_activities_and_hidden_names_stay_hidden() {
        let row = json!({"id": 4, "activity_type_id": [2, "Call"], "summary": false,
            "date_deadline": "2026-11-20", "state": "overdue", "user_id": [2, "Mitchell Admin"],
            "res_model": "res.partner", "res_id": 9, "res_name": "Acme"});
        let row = row.as_object().cloned().expect("an object");
        let a = activity(&row, true, |_| true);
        assert_eq!((a.kind.as_str(), a.state.as_str()), ("Call", "overdue"));
        assert_eq!(a.summary, None);
        assert_eq!(a.record, "Acme");
        let hidden = activity(&row, false, |m| m != "res.partner");
        assert_eq!(hidden.record, HIDDEN);
        assert_eq!(hidden.user, HIDDEN);
    }
}
