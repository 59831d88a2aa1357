//! `list_messages`: a record's chatter (messages and internal notes), newest first, paged,
//! bodies as plain text.

use odoo_client::{Domain, ModelName, SearchRead};
use rmcp::handler::server::tool::schema_for_output;
use rmcp::model::CallToolResult;
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

use super::{Parameters, success};
use crate::error::ToolError;
use crate::render;
use crate::server::OdooServer;

/// The tool's name, in `tools/list` and in logs.
pub(crate) const NAME: &str = "list_messages";

const DESCRIPTION: &str = "A record's chatter, newest first, as plain text; paged. \
Example: {\"model\": \"sale.order\", \"id\": 16}.";

/// The model that holds messages.
const MESSAGE_MODEL: &str = "mail.message";

/// Message subtypes (whether a message is an internal note).
const SUBTYPE_MODEL: &str = "mail.message.subtype";

/// Longest body shown, in characters.
const MAX_BODY_CHARS: usize = 2000;

super::tool_params! {
    /// Arguments of `list_messages`.
    pub(crate) struct ListMessagesParams {
        @instance,
        @model,
        pub(crate) id: i64,
        /// Page size.
        @limit,
        @offset,
    }
}

super::addressed!(ListMessagesParams, model);

/// One message.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(inline)]
pub(crate) struct MessageOutput {
    pub(crate) id: i64,
    /// When it was posted (UTC, `YYYY-MM-DD HH:MM:SS`).
    pub(crate) date: String,
    /// Its author's name.
    pub(crate) author: String,
    /// `comment`, `email`, `notification`, …
    pub(crate) message_type: String,
    /// True for an internal note (not sent to followers outside the company).
    pub(crate) internal: bool,
    /// Subject, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) subject: Option<String>,
    /// The body as plain text.
    pub(crate) body: String,
}

/// The result of `list_messages`.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct ListMessagesOutput {
    pub(crate) instance: String,
    pub(crate) model: String,
    pub(crate) id: i64,
    /// Messages on the record in all.
    pub(crate) total: u64,
    /// Offset of the next page, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) next_offset: Option<u64>,
    /// The messages, newest first.
    pub(crate) messages: Vec<MessageOutput>,
}

#[tool_router(router = list_messages_router, vis = "pub(crate)")]
impl OdooServer {
    #[tool(
        title = "List a record's messages",
        description = DESCRIPTION,
        output_schema = schema_for_output::<ListMessagesOutput>(),
        annotations(read_only_hint = true, idempotent_hint = true, open_world_hint = false)
    )]
    async fn list_messages(&self, Parameters(p): Parameters<ListMessagesParams>) -> CallToolResult {
        super::run_tool(NAME, p, |p| self.run_list_messages(p)).await
    }
}

impl OdooServer {
    async fn run_list_messages(&self, p: ListMessagesParams) -> Result<CallToolResult, ToolError> {
        let target = self.target(p.instance.as_deref(), &p.model)?;
        super::validate_ids(&[p.id], 1)?;
        let policy = &target.instance.policy;
        let messages_model = ModelName::new(MESSAGE_MODEL)?;
        policy.check_model(&messages_model)?;
        let limit = policy.effective_limit(p.limit.map(u64::from));
        let offset = u64::from(p.offset.unwrap_or(0));
        let domain = Domain::and([
            Domain::eq("model", target.model.as_str()),
            Domain::eq("res_id", p.id),
        ]);
        let query = SearchRead::new(domain.clone())
            .fields([
                "date",
                "author_id",
                "email_from",
                "message_type",
                "is_internal",
                "subtype_id",
                "subject",
                "body",
            ])?
            .limit(u64::from(limit))
            .offset(offset)
            .order(odoo_client::Order::parse("date desc, id desc")?);
        let client = &target.instance.client;
        let rows = client.search_read(&messages_model, &query).await?;
        let total = client.search_count(&messages_model, &domain).await?;
        // Authors are contacts: their names are shown only where contacts may be read.
        let authors_visible = policy.is_model_visible("res.partner");
        let internal_subtypes = internal_subtypes(client, policy, &rows).await;
        let messages: Vec<MessageOutput> = rows
            .iter()
            .map(|row| {
                let mut m = message(row, authors_visible);
                m.internal |= subtype_of(row).is_some_and(|s| internal_subtypes.contains(&s));
                m
            })
            .collect();
        let shown = offset + messages.len() as u64;
        let next_offset = (shown < total).then_some(shown);
        let mut text = format!(
            "{} #{}: {} message{} in all",
            target.model,
            p.id,
            total,
            if total == 1 { "" } else { "s" }
        );
        if !messages.is_empty() {
            text.push_str(&format!(", {}-{} shown (newest first).", offset + 1, shown));
        } else {
            text.push('.');
        }
        if let Some(next) = next_offset {
            text.push_str(&format!(" More: offset {next}."));
        }
        for m in &messages {
            text.push_str(&format!(
                "\n- {} {}{} ({}): {}",
                m.date,
                m.author,
                if m.internal { " [internal note]" } else { "" },
                m.message_type,
                render::clean_text(&m.body)
            ));
        }
        let out = ListMessagesOutput {
            instance: target.instance.name.clone(),
            model: target.model.to_string(),
            id: p.id,
            total,
            next_offset,
            messages,
        };
        Ok(success(&out, text))
    }
}

/// The id of a message's subtype.
fn subtype_of(row: &serde_json::Map<String, Value>) -> Option<i64> {
    match row.get("subtype_id") {
        Some(Value::Array(pair)) => pair.first().and_then(Value::as_i64),
        _ => None,
    }
}

/// The internal subtypes among the rows' (Odoo's notes: `mail.mt_note` is internal, and a
/// note posted with `message_post` has `is_internal` false). Unknown when the subtypes cannot
/// be read: the messages' own `is_internal` decides then.
async fn internal_subtypes(
    client: &odoo_client::Client,
    policy: &crate::policy::Policy,
    rows: &[serde_json::Map<String, Value>],
) -> Vec<i64> {
    let mut ids: Vec<i64> = rows.iter().filter_map(subtype_of).collect();
    ids.sort_unstable();
    ids.dedup();
    let Ok(subtypes) = ModelName::new(SUBTYPE_MODEL) else {
        return Vec::new();
    };
    if ids.is_empty() || policy.check_model(&subtypes).is_err() {
        return Vec::new();
    }
    let Ok(internal) = odoo_client::FieldName::new("internal") else {
        return Vec::new();
    };
    match client.read(&subtypes, &ids, &[internal]).await {
        Ok(found) => found
            .iter()
            .filter(|r| r.get("internal").and_then(Value::as_bool) == Some(true))
            .filter_map(|r| r.get("id").and_then(Value::as_i64))
            .collect(),
        Err(e) => {
            tracing::debug!(error = %e, "message subtypes unreadable");
            Vec::new()
        }
    }
}

/// One `mail.message` row as a message.
fn message(row: &serde_json::Map<String, Value>, authors_visible: bool) -> MessageOutput {
    let text = |k: &str| row.get(k).and_then(Value::as_str).unwrap_or_default();
    let author = match row.get("author_id") {
        _ if !authors_visible => "(hidden by the policy)",
        Some(Value::Array(pair)) => pair.get(1).and_then(Value::as_str).unwrap_or_default(),
        _ => text("email_from"),
    };
    let body = cut(render::html::html_to_text(text("body")));
    MessageOutput {
        id: row.get("id").and_then(Value::as_i64).unwrap_or_default(),
        date: text("date").to_owned(),
        author: author.to_owned(),
        message_type: text("message_type").to_owned(),
        internal: row
            .get("is_internal")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        subject: Some(cut(text("subject").to_owned())).filter(|s| !s.is_empty()),
        body,
    }
}

/// A text cut at [`MAX_BODY_CHARS`] characters.
fn cut(text: String) -> String {
    if text.chars().count() <= MAX_BODY_CHARS {
        return text;
    }
    text.chars().take(MAX_BODY_CHARS).collect::<String>() + "…"
}
