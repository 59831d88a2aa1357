//! `complete_activity`: marks an activity done through Odoo's `action_feedback`, which posts
//! the feedback on the record's chatter and closes the activity. A write like the others: dry
//! run and confirmation; the policy must allow writes on the record's model.

use odoo_client::{FieldName, MethodCall, MethodName, ModelName};
use rmcp::handler::server::tool::schema_for_output;
use rmcp::model::CallToolResponse;
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::chatter::{self, ACTIVITY_MODEL};
use super::confirmation::{Approver, WriteOutcome, WriteRequest};
use super::dry_run::{Change, Preview, RecordPreview};
use super::{Parameters, success};
use crate::confirm::WriteKind;
use crate::error::ToolError;
use crate::render;
use crate::server::OdooServer;

/// The tool's name, in `tools/list` and in logs.
pub(crate) const NAME: &str = "complete_activity";

const DESCRIPTION: &str = "Mark an activity done; the feedback is posted on its record. \
Example: {\"id\": 1, \"feedback\": \"Called, they agree.\"}.";

/// Longest feedback, in characters.
const MAX_FEEDBACK_CHARS: usize = 10_000;

super::tool_params! {
    /// Arguments of `complete_activity`.
    pub(crate) struct CompleteActivityParams {
        @instance,
        /// The activity's id (from list_activities).
        pub(crate) id: i64,
        /// Plain text; line breaks kept.
        #[serde(default)]
        #[schemars(with = "String")]
        pub(crate) feedback: Option<String>,
        /// true: preview without completing.
        @dry_run,
        @confirm,
    }
}

super::addressed!(CompleteActivityParams);

/// The result of `complete_activity`.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct CompleteActivityOutput {
    pub(crate) instance: String,
    /// The activity.
    pub(crate) id: i64,
    /// The record it was about.
    pub(crate) model: String,
    pub(crate) res_id: i64,
    /// The message posted on the record (absent when nothing was done).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) message_id: Option<i64>,
    /// A preview instead of the write: a dry run, or a write waiting for confirmation.
    #[serde(flatten)]
    pub(crate) outcome: WriteOutcome,
}

#[tool_router(router = complete_activity_router, vis = "pub(crate)")]
impl OdooServer {
    #[tool(
        title = "Complete an activity",
        description = DESCRIPTION,
        output_schema = schema_for_output::<CompleteActivityOutput>(),
        annotations(
            read_only_hint = false,
            destructive_hint = false,
            idempotent_hint = false,
            open_world_hint = false
        )
    )]
    async fn complete_activity(
        &self,
        approver: Approver,
        Parameters(p): Parameters<CompleteActivityParams>,
    ) -> CallToolResponse {
        super::run_tool(NAME, p, |p| self.run_complete_activity(&approver, p)).await
    }
}

impl OdooServer {
    async fn run_complete_activity(
        &self,
        approver: &Approver,
        p: CompleteActivityParams,
    ) -> Result<CallToolResponse, ToolError> {
        let activities = self.target(p.instance.as_deref(), ACTIVITY_MODEL)?;
        super::validate_ids(&[p.id], 1)?;
        let feedback = chatter::checked_text(
            "feedback",
            p.feedback.as_deref().unwrap_or(""),
            MAX_FEEDBACK_CHARS,
            false,
        )?;
        let fields = [
            "res_model",
            "res_id",
            "res_name",
            "activity_type_id",
            "summary",
        ]
        .into_iter()
        .map(FieldName::new)
        .collect::<Result<Vec<_>, _>>()?;
        let rows = activities
            .instance
            .client
            .read(&activities.model, &[p.id], &fields)
            .await?;
        let Some(row) = rows.first() else {
            return Err(ToolError::invalid(format!(
                "activity #{} does not exist (or is done already): list_activities shows the \
                 open ones",
                p.id
            )));
        };
        let text = |k: &str| {
            row.get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let res_model = text("res_model");
        let res_id = row
            .get("res_id")
            .and_then(Value::as_i64)
            .unwrap_or_default();
        // Completing posts on the record: the policy must allow writes on its model.
        let target = self.write_target(p.instance.as_deref(), &res_model)?;
        let kind = match row.get("activity_type_id") {
            Some(Value::Array(pair)) => pair
                .get(1)
                .and_then(Value::as_str)
                .unwrap_or("Activity")
                .to_owned(),
            _ => "Activity".to_owned(),
        };
        let summary = text("summary");
        let what = if summary.is_empty() {
            kind.clone()
        } else {
            format!("{kind}: {}", render::clean_text(&summary))
        };
        let on = format!(
            "{res_model} #{res_id} ({})",
            render::clean_text(&text("res_name"))
        );
        let operation = json!({"tool": NAME, "instance": target.instance.name,
            "id": p.id, "feedback": feedback});
        let request = WriteRequest {
            kind: WriteKind::Update { records: 1 },
            dry_run: p.dry_run,
            confirm: p.confirm.as_deref(),
            operation,
            summary: format!("Mark activity #{} ({what}) on {on} done.", p.id),
        };
        let out = |message_id, outcome| CompleteActivityOutput {
            instance: target.instance.name.clone(),
            id: p.id,
            model: res_model.clone(),
            res_id,
            message_id,
            outcome,
        };
        if let Some(held) = self.hold_write(approver, &target, request).await? {
            let preview = Preview {
                records: vec![RecordPreview {
                    id: Some(p.id),
                    name: Some(what.clone()),
                    changes: vec![Change::set("feedback", json!(feedback))],
                    ..RecordPreview::default()
                }],
                problems: Vec::new(),
                note: "Nothing was done; call again without dry_run to mark it done (the \
                       activity closes and the feedback is posted on the record)."
                    .to_owned(),
            };
            let headline = format!("would mark activity #{} ({what}) on {on} done.", p.id);
            return Ok(held.result(preview, &headline, &target, |o| out(None, o)));
        }
        let mut kwargs = Map::new();
        if !feedback.is_empty() {
            kwargs.insert("feedback".into(), json!(feedback));
        }
        let call = MethodCall {
            ids: Some(vec![p.id]),
            kwargs,
        };
        let result = activities
            .instance
            .client
            .call(
                &ModelName::new(ACTIVITY_MODEL)?,
                &MethodName::new("action_feedback")?,
                &call,
            )
            .await?;
        let message = chatter::returned_id(&result);
        let text = format!(
            "Marked activity #{} ({what}) on {on} done{}.",
            p.id,
            message.map_or_else(String::new, |m| format!(
                "; posted on its chatter as message {m}"
            ))
        );
        Ok(success(&out(message, WriteOutcome::default()), text).into())
    }
}
