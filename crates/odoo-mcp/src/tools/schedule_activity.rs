//! `schedule_activity`: plans an activity on a record through Odoo's `activity_schedule` —
//! its type (a name, or a standard XML id such as `mail.mail_activity_data_todo`, resolved to
//! the type's id; an unknown one gets the list of types), summary, note (plain text made safe
//! HTML), due date and assignee (default: the connected user). A write like the others: dry
//! run and confirmation.

use chrono::NaiveDate;
use odoo_client::{Domain, FieldName, MethodCall, MethodName, ModelName, SearchRead};
use rmcp::handler::server::tool::schema_for_output;
use rmcp::model::CallToolResponse;
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::chatter::{self, ACTIVITY_MODEL, ACTIVITY_TYPE_MODEL};
use super::confirmation::{Approver, WriteOutcome, WriteRequest};
use super::dry_run::{Change, Preview, RecordPreview};
use super::{Parameters, Target, success};
use crate::confirm::WriteKind;
use crate::error::ToolError;
use crate::render;
use crate::server::OdooServer;

/// The tool's name, in `tools/list` and in logs.
pub(crate) const NAME: &str = "schedule_activity";

const DESCRIPTION: &str = "Schedule an activity on a record for you or another user. \
Example: {\"model\": \"crm.lead\", \"id\": 1, \"activity_type\": \"Call\", \"due_date\": \
\"2030-01-15\", \"summary\": \"Discuss the offer\"}.";

/// Longest summary, in characters.
const MAX_SUMMARY_CHARS: usize = 200;
/// Longest note, in characters.
const MAX_NOTE_CHARS: usize = 10_000;
/// Most activity types listed when one is unknown.
const MAX_TYPES: u64 = 50;

/// The standard activity types' XML ids (module `mail`) and their English names: how an XML
/// id is resolved without reading `ir.model.data`, which ordinary users may not.
const STANDARD_TYPES: &[(&str, &str)] = &[
    ("mail.mail_activity_data_todo", "To-Do"),
    ("mail.mail_activity_data_call", "Call"),
    ("mail.mail_activity_data_email", "Email"),
    ("mail.mail_activity_data_meeting", "Meeting"),
    ("mail.mail_activity_data_upload_document", "Upload Document"),
    ("mail.mail_activity_data_warning", "Exception"),
];

super::write_params! {
    /// Arguments of `schedule_activity`.
    pub(crate) struct ScheduleActivityParams {
        model: "Model of the record, e.g. `crm.lead`.",
        dry_run: "true: preview without scheduling.";
        /// The record's id.
        pub(crate) id: i64,
        /// Type name (`To-Do`, `Call`, …) or XML id (`mail.mail_activity_data_todo`); default To-Do.
        #[serde(default)]
        #[schemars(with = "String")]
        pub(crate) activity_type: Option<String>,
        /// Due date, `YYYY-MM-DD`.
        pub(crate) due_date: String,
        #[serde(default)]
        #[schemars(with = "String")]
        pub(crate) summary: Option<String>,
        /// Plain text; line breaks kept.
        #[serde(default)]
        #[schemars(with = "String")]
        pub(crate) note: Option<String>,
        /// Assignee (res.users id); default: you.
        #[serde(default)]
        #[schemars(with = "i64")]
        pub(crate) user_id: Option<i64>,
    }
}

/// The result of `schedule_activity`.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct ScheduleActivityOutput {
    pub(crate) instance: String,
    pub(crate) model: String,
    pub(crate) res_id: i64,
    /// The new activity's id (absent when nothing was scheduled).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) id: Option<i64>,
    /// The activity type's name.
    pub(crate) activity_type: String,
    pub(crate) due_date: String,
    /// The assignee (res.users id).
    pub(crate) user_id: i64,
    /// A preview instead of the write: a dry run, or a write waiting for confirmation.
    #[serde(flatten)]
    pub(crate) outcome: WriteOutcome,
}

#[tool_router(router = schedule_activity_router, vis = "pub(crate)")]
impl OdooServer {
    #[tool(
        title = "Schedule an activity",
        description = DESCRIPTION,
        output_schema = schema_for_output::<ScheduleActivityOutput>(),
        annotations(
            read_only_hint = false,
            destructive_hint = false,
            idempotent_hint = false,
            open_world_hint = false
        )
    )]
    async fn schedule_activity(
        &self,
        approver: Approver,
        Parameters(p): Parameters<ScheduleActivityParams>,
    ) -> CallToolResponse {
        super::run_tool(NAME, p, |p| self.run_schedule_activity(&approver, p)).await
    }
}

/// A due date given as `YYYY-MM-DD`.
pub(crate) fn checked_date(name: &str, text: &str) -> Result<NaiveDate, ToolError> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|_| text.len() == 10)
        .ok_or_else(|| {
            ToolError::invalid(format!(
                "`{name}` {:?} is not a date: use YYYY-MM-DD, e.g. \"2026-12-24\"",
                text.chars().take(40).collect::<String>()
            ))
        })
}

/// The type named by `wanted` (a name, any case, or a standard XML id) among `types`
/// (`(id, name)`).
fn find_type(wanted: &str, types: &[(i64, String)]) -> Option<(i64, String)> {
    let wanted = wanted.trim();
    let name = STANDARD_TYPES
        .iter()
        .find(|(xmlid, _)| *xmlid == wanted)
        .map_or(wanted, |(_, name)| *name);
    types
        .iter()
        .find(|(_, n)| n.eq_ignore_ascii_case(name))
        .cloned()
}

impl OdooServer {
    async fn run_schedule_activity(
        &self,
        approver: &Approver,
        p: ScheduleActivityParams,
    ) -> Result<CallToolResponse, ToolError> {
        let target = self.write_target(p.instance.as_deref(), &p.model)?;
        super::validate_ids(&[p.id], 1)?;
        let policy = &target.instance.policy;
        policy.check_model(&ModelName::new(ACTIVITY_MODEL)?)?;
        policy.check_model(&ModelName::new(ACTIVITY_TYPE_MODEL)?)?;
        let due = checked_date("due_date", &p.due_date)?
            .format("%Y-%m-%d")
            .to_string();
        let summary = chatter::checked_text(
            "summary",
            p.summary.as_deref().unwrap_or(""),
            MAX_SUMMARY_CHARS,
            false,
        )?;
        let note = chatter::checked_text(
            "note",
            p.note.as_deref().unwrap_or(""),
            MAX_NOTE_CHARS,
            false,
        )?;
        if let Some(user) = p.user_id
            && (user <= 0 || user > i64::from(i32::MAX))
        {
            return Err(ToolError::invalid(format!(
                "`user_id` is a user (res.users) id, a positive integer; got {user}"
            )));
        }
        let client = &target.instance.client;
        let (type_id, type_name) = self
            .activity_type(&target, p.activity_type.as_deref().unwrap_or("To-Do"))
            .await?;
        let user = match p.user_id {
            Some(user) => {
                policy.check_model(&ModelName::new("res.users")?)?;
                let found = client
                    .read(
                        &ModelName::new("res.users")?,
                        &[user],
                        &[FieldName::new("display_name")?],
                    )
                    .await?;
                if found.is_empty() {
                    return Err(ToolError::invalid(format!(
                        "`user_id`: no user with id {user}; leave it out to assign the \
                         activity to yourself"
                    )));
                }
                user
            }
            None => chatter::my_uid(client).await?,
        };
        let record = client
            .read(&target.model, &[p.id], &[FieldName::new("display_name")?])
            .await?;
        let Some(record_name) = record.first().map(|r| {
            r.get("display_name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        }) else {
            return Err(ToolError::invalid(format!(
                "{} #{} does not exist or you may not read it: search for the record first",
                target.model, p.id
            )));
        };
        let operation = json!({"tool": NAME, "instance": target.instance.name,
            "model": target.model.as_str(), "id": p.id, "activity_type_id": type_id,
            "due_date": due, "summary": summary, "note": note, "user_id": user});
        let request = WriteRequest {
            kind: WriteKind::Create,
            dry_run: p.dry_run,
            confirm: p.confirm.as_deref(),
            operation,
            summary: format!(
                "Schedule a {type_name} due {due} on {} #{} ({}).",
                target.model,
                p.id,
                render::clean_text(&record_name)
            ),
        };
        let out = |id, outcome| ScheduleActivityOutput {
            instance: target.instance.name.clone(),
            model: target.model.to_string(),
            res_id: p.id,
            id,
            activity_type: type_name.clone(),
            due_date: due.clone(),
            user_id: user,
            outcome,
        };
        if let Some(held) = self.hold_write(approver, &target, request).await? {
            let changes = Change::all_set([
                ("activity_type_id", json!([type_id, type_name])),
                ("date_deadline", json!(due)),
                ("summary", json!(summary)),
                ("note", json!(note)),
                ("user_id", json!(user)),
            ]);
            let preview = Preview {
                records: vec![RecordPreview {
                    changes,
                    ..RecordPreview::default()
                }],
                problems: Vec::new(),
                note: format!(
                    "Nothing was scheduled; call again without dry_run to schedule it on {} \
                     #{} ({}). Odoo lets you schedule only on records you may change.",
                    target.model,
                    p.id,
                    render::clean_text(&record_name)
                ),
            };
            let headline = format!(
                "would schedule a {type_name} due {due} on {} #{}.",
                target.model, p.id
            );
            return Ok(held.result(preview, &headline, &target, |o| out(None, o)));
        }
        let mut kwargs = Map::new();
        kwargs.insert("activity_type_id".into(), json!(type_id));
        kwargs.insert("date_deadline".into(), json!(due));
        kwargs.insert("user_id".into(), json!(user));
        if !summary.is_empty() {
            kwargs.insert("summary".into(), json!(summary));
        }
        if !note.is_empty() {
            kwargs.insert("note".into(), json!(chatter::text_to_html(&note)));
        }
        let call = MethodCall {
            ids: Some(vec![p.id]),
            kwargs,
        };
        let result = client
            .call(&target.model, &MethodName::new("activity_schedule")?, &call)
            .await?;
        let id = chatter::returned_id(&result);
        let text = format!(
            "Scheduled a {type_name} due {due} on {} #{} ({}): activity id {}.",
            target.model,
            p.id,
            render::clean_text(&record_name),
            id.map_or_else(|| "unknown".to_owned(), |i| i.to_string())
        );
        Ok(success(&out(id, WriteOutcome::default()), text).into())
    }

    /// The activity type `wanted` names, or the list of types to choose from.
    async fn activity_type(
        &self,
        target: &Target<'_>,
        wanted: &str,
    ) -> Result<(i64, String), ToolError> {
        let wanted = chatter::checked_text("activity_type", wanted, 100, true)?;
        let query = SearchRead::new(Domain::default())
            .fields(["name"])?
            .limit(MAX_TYPES);
        let rows = target
            .instance
            .client
            .search_read(&ModelName::new(ACTIVITY_TYPE_MODEL)?, &query)
            .await?;
        let types: Vec<(i64, String)> = rows
            .iter()
            .filter_map(|r| Some((r.get("id")?.as_i64()?, r.get("name")?.as_str()?.to_owned())))
            .collect();
        find_type(&wanted, &types).ok_or_else(|| {
            let names: Vec<&str> = types.iter().map(|(_, n)| n.as_str()).collect();
            ToolError::invalid(format!(
                "unknown activity type {:?}; the types are: {}. Give one of these names (or a \
                 standard XML id such as mail.mail_activity_data_todo)",
                wanted.chars().take(60).collect::<String>(),
                names.join(", ")
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_dates_are_iso_dates() {
        assert!(checked_date("due_date", "2026-12-24").is_ok());
        for bad in ["24/12/2026", "2026-13-01", "2026-2-1", "tomorrow", ""] {
            let e = checked_date("due_date", bad).unwrap_err();
            assert!(e.to_string().contains("YYYY-MM-DD"), "{bad}: {e}");
        }
    }

    #[test]
    fn types_are_found_by_name_or_standard_xml_id() {
        let types = vec![(2, "Call".to_owned()), (4, "To-Do".to_owned())];
        assert_eq!(find_type("call", &types), Some((2, "Call".to_owned())));
        assert_eq!(
            find_type("mail.mail_activity_data_todo", &types),
            Some((4, "To-Do".to_owned()))
        );
        assert_eq!(find_type("Lunch", &types), None);
        assert_eq!(find_type("mail.mail_activity_data_meeting", &types), None);
    }
}
