//! `post_message`: posts on a record's chatter through Odoo's `message_post` — an internal
//! note (subtype `mail.mt_note`) or a message to the record's followers (`mail.mt_comment`),
//! plain text made safe HTML, optionally mentioning contacts. The sanctioned route to
//! `message_post`, which `call_method` refuses.
//!
//! Never sent twice: `message_post` is not idempotent, so the Odoo client never resends it.
//! When its outcome is unknown (a timeout or a connection dropped after sending), the tool
//! looks for the message — on that record, by this user, newer than the last message seen
//! before posting, with the same text — and says "posted (id N)", "not posted: safe to retry"
//! or "unknown: check the chatter before retrying".

use odoo_client::{Domain, FieldName, MethodCall, MethodName, ModelName, Operation, SearchRead};
use rmcp::handler::server::tool::schema_for_output;
use rmcp::model::{CallToolResponse, CallToolResult, ContentBlock};
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::chatter::{self, MESSAGE_MODEL};
use super::confirmation::{Approver, WriteOutcome, WriteRequest};
use super::dry_run::{Change, Preview, RecordPreview};
use super::{Parameters, Target, success};
use crate::audit::Outcome;
use crate::confirm::WriteKind;
use crate::error::ToolError;
use crate::render;
use crate::server::OdooServer;

/// The tool's name, in `tools/list` and in logs.
pub(crate) const NAME: &str = "post_message";

const DESCRIPTION: &str = "Post plain text on a record's chatter: an internal note (default) \
or a message to its followers, optionally mentioning contacts. Never sent twice: an unknown \
outcome is checked. Example: {\"model\": \"res.partner\", \"id\": 9, \"body\": \"Called: \
they agree.\"}";

/// Longest body accepted, in characters.
const MAX_BODY_CHARS: usize = 20_000;
/// Most contacts mentioned in one post.
const MAX_MENTIONS: usize = 20;
/// How many of the newest messages the outcome check compares.
const LOOKUP_LIMIT: u64 = 20;

/// Internal note or message to followers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[schemars(inline)]
pub(crate) enum MessageKind {
    // An internal note: employees only, nobody notified but the mentioned. (Plain comments:
    // documented variants would make the schema a `oneOf`, which some clients reject.)
    #[default]
    Note,
    // A message to the record's followers (they are notified, e-mail included).
    Message,
}

impl MessageKind {
    /// The message subtype's XML id.
    fn subtype(self) -> &'static str {
        match self {
            MessageKind::Note => "mail.mt_note",
            MessageKind::Message => "mail.mt_comment",
        }
    }
    fn label(self) -> &'static str {
        match self {
            MessageKind::Note => "internal note",
            MessageKind::Message => "message to followers",
        }
    }
}

super::write_params! {
    /// Arguments of `post_message`.
    pub(crate) struct PostMessageParams {
        model: "Model of the record, e.g. `sale.order`.",
        dry_run: "true: preview without posting.";
        /// The record's id.
        pub(crate) id: i64,
        /// The text (plain; line breaks kept).
        pub(crate) body: String,
        /// `note` (internal, default) or `message` (to followers).
        #[serde(default)]
        #[schemars(with = "MessageKind")]
        pub(crate) kind: Option<MessageKind>,
        /// Contacts (res.partner ids) to mention and notify.
        #[serde(default)]
        #[schemars(with = "Vec<i64>")]
        pub(crate) mentions: Option<Vec<i64>>,
    }
}

/// The result of `post_message`.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct PostMessageOutput {
    pub(crate) instance: String,
    pub(crate) model: String,
    /// The record posted on.
    pub(crate) res_id: i64,
    pub(crate) kind: MessageKind,
    /// The new message's id (absent when nothing was posted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) message_id: Option<i64>,
    /// True when Odoo's answer was lost and the message was found on the record afterwards.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) recovered: bool,
    /// A preview instead of the post: a dry run, or a post waiting for confirmation.
    #[serde(flatten)]
    pub(crate) outcome: WriteOutcome,
}

#[tool_router(router = post_message_router, vis = "pub(crate)")]
impl OdooServer {
    #[tool(
        title = "Post on a record's chatter",
        description = DESCRIPTION,
        output_schema = schema_for_output::<PostMessageOutput>(),
        annotations(
            read_only_hint = false,
            destructive_hint = false,
            idempotent_hint = false,
            open_world_hint = true
        )
    )]
    async fn post_message(
        &self,
        approver: Approver,
        Parameters(p): Parameters<PostMessageParams>,
    ) -> CallToolResponse {
        super::run_tool(NAME, p, |p| self.run_post_message(&approver, p)).await
    }
}

/// What the outcome check found after an answer was lost.
#[derive(Debug, PartialEq, Eq)]
enum Lookup {
    /// The message is on the record.
    Posted(i64),
    /// No such message: it was not posted.
    Absent,
}

/// The checked mentions: positive, distinct, at most [`MAX_MENTIONS`].
fn checked_mentions(mentions: Option<Vec<i64>>) -> Result<Vec<i64>, ToolError> {
    let mut out: Vec<i64> = Vec::new();
    for id in mentions.unwrap_or_default() {
        if id <= 0 || id > i64::from(i32::MAX) {
            return Err(ToolError::invalid(format!(
                "`mentions` holds contact (res.partner) ids, positive integers; got {id}"
            )));
        }
        if !out.contains(&id) {
            out.push(id);
        }
    }
    if out.len() > MAX_MENTIONS {
        return Err(ToolError::invalid(format!(
            "{} contacts mentioned; at most {MAX_MENTIONS} per post",
            out.len()
        )));
    }
    Ok(out)
}

impl OdooServer {
    async fn run_post_message(
        &self,
        approver: &Approver,
        p: PostMessageParams,
    ) -> Result<CallToolResponse, ToolError> {
        let target = self.write_target(p.instance.as_deref(), &p.model)?;
        super::validate_ids(&[p.id], 1)?;
        let policy = &target.instance.policy;
        let messages = ModelName::new(MESSAGE_MODEL)?;
        policy.check_model(&messages)?;
        let body = chatter::checked_text("body", &p.body, MAX_BODY_CHARS, true)?;
        let kind = p.kind.unwrap_or_default();
        let mentions = checked_mentions(p.mentions)?;
        let client = &target.instance.client;
        let name_field = [FieldName::new("display_name")?];
        if !mentions.is_empty() {
            let partners = ModelName::new("res.partner")?;
            policy.check_model(&partners)?;
            let found: Vec<i64> = client
                .read(&partners, &mentions, &name_field)
                .await?
                .iter()
                .filter_map(|r| r.get("id").and_then(Value::as_i64))
                .collect();
            let missing: Vec<String> = mentions
                .iter()
                .filter(|m| !found.contains(m))
                .map(i64::to_string)
                .collect();
            if !missing.is_empty() {
                return Err(ToolError::invalid(format!(
                    "`mentions`: no contact (res.partner) with id {}; find contacts with \
                     name_search on res.partner",
                    missing.join(", ")
                )));
            }
        }
        let record = client.read(&target.model, &[p.id], &name_field).await?;
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
            "model": target.model.as_str(), "id": p.id, "kind": kind, "body": body,
            "mentions": mentions});
        let summary = format!(
            "Post an {} on {} #{} ({}).",
            kind.label(),
            target.model,
            p.id,
            render::clean_text(&record_name)
        );
        let request = WriteRequest {
            kind: WriteKind::Create,
            dry_run: p.dry_run,
            confirm: p.confirm.as_deref(),
            operation,
            summary,
        };
        let out = |message_id, recovered, outcome| PostMessageOutput {
            instance: target.instance.name.clone(),
            model: target.model.to_string(),
            res_id: p.id,
            kind,
            message_id,
            recovered,
            outcome,
        };
        if let Some(held) = self.hold_write(approver, &target, request).await? {
            let writable = client
                .check_access(&target.model, Operation::Write, Some(&[p.id]))
                .await?;
            let mut problems = Vec::new();
            if !writable {
                problems.push(format!(
                    "you may not change {} #{}: Odoo lets you post only on records you may \
                     change (unless the model allows posting with read access)",
                    target.model, p.id
                ));
            }
            let changes = Change::all_set([
                ("kind", json!(kind)),
                ("body", json!(body)),
                ("mentions", json!(mentions)),
            ]);
            let preview = Preview {
                records: vec![RecordPreview {
                    id: Some(p.id),
                    name: Some(record_name),
                    changes,
                    ..RecordPreview::default()
                }],
                problems,
                note: "Nothing was posted; call again without dry_run to post.".to_owned(),
            };
            let headline = format!(
                "would post an {} on {} #{}.",
                kind.label(),
                target.model,
                p.id
            );
            return Ok(held.result(preview, &headline, &target, |o| out(None, false, o)));
        }
        let html = chatter::text_to_html(&body);
        let before = self.last_message(&target, p.id).await?;
        let mut kwargs = Map::new();
        kwargs.insert("body".into(), json!(html));
        kwargs.insert("body_is_html".into(), json!(true));
        kwargs.insert("message_type".into(), json!("comment"));
        kwargs.insert("subtype_xmlid".into(), json!(kind.subtype()));
        if !mentions.is_empty() {
            kwargs.insert("partner_ids".into(), json!(mentions));
        }
        let call = MethodCall {
            ids: Some(vec![p.id]),
            kwargs,
        };
        let posted = client
            .call(&target.model, &MethodName::new("message_post")?, &call)
            .await;
        let where_ = format!("{} #{}", target.model, p.id);
        match posted {
            Ok(value) => {
                let id = chatter::returned_id(&value);
                let text = format!(
                    "Posted an {} on {where_}: message id {}.",
                    kind.label(),
                    id.map_or_else(|| "unknown".to_owned(), |i| i.to_string())
                );
                Ok(success(&out(id, false, WriteOutcome::default()), text).into())
            }
            Err(e) if e.is_outcome_unknown() => {
                tracing::warn!(kind = ?e.kind(), "message_post: no answer; checking the chatter");
                match self.find_posted(&target, p.id, before, &html).await {
                    Ok(Lookup::Posted(id)) => {
                        let text = format!(
                            "Odoo's answer was lost, but the {} is on {where_}: posted (id \
                             {id}). Do not post it again.",
                            kind.label()
                        );
                        Ok(success(&out(Some(id), true, WriteOutcome::default()), text).into())
                    }
                    Ok(Lookup::Absent) => Ok(failed(
                        format!(
                            "Not posted: Odoo's answer was lost, and {where_} has no such \
                             message — it is safe to retry."
                        ),
                        &Outcome::OdooError,
                    )),
                    Err(check) => {
                        tracing::warn!(error = %check, "message_post: the outcome check failed");
                        Ok(failed(
                            format!(
                                "Unknown: the post was sent but Odoo's answer was lost, and the \
                                 chatter could not be checked. Check the chatter of {where_} \
                                 (list_messages) before retrying, so that it is not posted \
                                 twice."
                            ),
                            &Outcome::Unknown,
                        ))
                    }
                }
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The id of the newest message on the record, before posting.
    async fn last_message(&self, target: &Target<'_>, id: i64) -> Result<Option<i64>, ToolError> {
        let query = SearchRead::new(on_record(target, id))
            .fields(["id"])?
            .order(odoo_client::Order::parse("id desc")?)
            .limit(1);
        let rows = target
            .instance
            .client
            .search_read(&ModelName::new(MESSAGE_MODEL)?, &query)
            .await?;
        Ok(rows
            .first()
            .and_then(|r| r.get("id"))
            .and_then(Value::as_i64))
    }

    /// Looks for the message a post whose answer was lost would have made.
    async fn find_posted(
        &self,
        target: &Target<'_>,
        id: i64,
        before: Option<i64>,
        html: &str,
    ) -> Result<Lookup, ToolError> {
        let client = &target.instance.client;
        let mut domain = on_record(target, id);
        if let Some(before) = before {
            domain = domain.and_with(Domain::parse(&json!([["id", ">", before]]))?);
        }
        if let Some(partner) = chatter::my_partner(client).await? {
            domain = domain.and_with(Domain::eq("author_id", partner));
        }
        let query = SearchRead::new(domain)
            .fields(["body"])?
            .order(odoo_client::Order::parse("id desc")?)
            .limit(LOOKUP_LIMIT);
        let rows = client
            .search_read(&ModelName::new(MESSAGE_MODEL)?, &query)
            .await?;
        let wanted = chatter::normalised(&render::html::html_to_text(html));
        let found = rows.iter().find(|r| {
            let body = r.get("body").and_then(Value::as_str).unwrap_or_default();
            chatter::normalised(&render::html::html_to_text(body)) == wanted
        });
        Ok(
            match found.and_then(|r| r.get("id")).and_then(Value::as_i64) {
                Some(id) => Lookup::Posted(id),
                None => Lookup::Absent,
            },
        )
    }
}

/// A failed post's result: `message` for the caller, `outcome` for the audit log.
fn failed(message: String, outcome: &Outcome) -> CallToolResponse {
    let mut result = CallToolResult::error(vec![ContentBlock::text(message)]);
    crate::audit::mark(&mut result, outcome);
    result.into()
}

/// The messages of one record.
fn on_record(target: &Target<'_>, id: i64) -> Domain {
    Domain::and([
        Domain::eq("model", target.model.as_str()),
        Domain::eq("res_id", id),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_are_checked_and_deduplicated() {
        assert_eq!(checked_mentions(Some(vec![3, 3, 9])).unwrap(), vec![3, 9]);
        assert!(checked_mentions(Some(vec![0])).is_err());
        assert!(checked_mentions(Some(vec![1 << 40])).is_err());
        let many = checked_mentions(Some((1..=21).collect())).unwrap_err();
        assert!(many.to_string().contains("at most 20"), "{many}");
        assert!(checked_mentions(None).unwrap().is_empty());
    }

    #[test]
    fn kinds_pick_odoo_subtypes() {
        assert_eq!(MessageKind::default().subtype(), "mail.mt_note");
        assert_eq!(MessageKind::Message.subtype(), "mail.mt_comment");
    }
}
