//! The MCP tools, one per file (parameters, handler, tests), and what they share: resolving
//! the instance and model, parsing domains and field lists, and building results.
//!
//! Read tools: `search_records`, `read_records`, `count_records`, `aggregate_records`,
//! `name_search`, `list_models`, `describe_model`, `check_access`, `list_messages`,
//! `list_attachments`, `get_attachment`, `export_records`. Write tools (listed only when some instance allows
//! writes): `create_records`, `update_records`, `delete_records`, `upload_attachment`,
//! `call_method`. Which of them `tools/list` offers: `profile.rs`.

mod aggregate_records;
mod args;
mod call_method;
mod check_access;
mod confirmation;
mod context;
mod count_records;
mod create_records;
mod delete_records;
mod describe_model;
mod domain_text;
mod dry_run;
mod export_records;
#[cfg(test)]
mod fuzz;
mod get_attachment;
mod lenient;
mod list_attachments;
mod list_messages;
mod list_models;
mod name_search;
mod profile;
mod read_records;
mod search_records;
mod update_records;
mod upload_attachment;
mod values;

use std::sync::Arc;

pub(crate) use args::Parameters;
pub(crate) use context::{scoped as in_call_context, take as take_context};
pub(crate) use describe_model::describe_field_lines;
pub(crate) use profile::selected_router;

use odoo_client::{Domain, FieldName, ModelName};
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::model::{CallToolResult, ContentBlock};
use serde::Serialize;
use serde_json::Value;

use crate::error::ToolError;
use crate::guard::Guard;
use crate::instance::Instance;
use crate::metadata::ModelMeta;
use crate::render;
use crate::server::OdooServer;

/// How far into the profiles a tool goes: each profile offers the tiers up to its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Tier {
    /// In every profile.
    Minimal,
    /// Reads; in `read` and up.
    Read,
    /// Changes data; in `write` and up, where some instance allows writes.
    Write,
    /// Runs business methods (`call_method`); in `all` only, where some instance allows writes.
    Method,
}

impl Tier {
    /// True for the tiers that change data.
    pub(crate) fn writes(self) -> bool {
        self >= Tier::Write
    }
}

/// Every tool, by name (each tool's `NAME`), with its tier, in catalogue order.
pub(crate) const CATALOGUE: &[(&str, Tier)] = &[
    (list_models::NAME, Tier::Minimal),
    (describe_model::NAME, Tier::Minimal),
    (search_records::NAME, Tier::Minimal),
    (count_records::NAME, Tier::Minimal),
    (read_records::NAME, Tier::Read),
    (aggregate_records::NAME, Tier::Read),
    (name_search::NAME, Tier::Read),
    (check_access::NAME, Tier::Read),
    (list_messages::NAME, Tier::Read),
    (list_attachments::NAME, Tier::Read),
    (get_attachment::NAME, Tier::Read),
    (export_records::NAME, Tier::Read),
    (create_records::NAME, Tier::Write),
    (update_records::NAME, Tier::Write),
    (delete_records::NAME, Tier::Write),
    (upload_attachment::NAME, Tier::Write),
    (call_method::NAME, Tier::Method),
];

/// True when `name` is a tool that changes data.
pub(crate) fn is_write_tool(name: &str) -> bool {
    CATALOGUE.iter().any(|(n, t)| *n == name && t.writes())
}

/// True when `name` is a known tool that only reads (an unknown name is not).
pub(crate) fn is_read_tool(name: &str) -> bool {
    CATALOGUE.iter().any(|(n, t)| *n == name && !t.writes())
}

/// The tool that calls business methods: usable only where `allowed_methods` names some.
pub(crate) const CALL_METHOD: &str = call_method::NAME;

/// The tools usable on an instance with this policy, in catalogue order.
pub(crate) fn enabled_tools(policy: &crate::policy::Policy) -> Vec<&'static str> {
    CATALOGUE
        .iter()
        .filter(|(name, tier)| {
            !tier.writes()
                || (!policy.read_only()
                    && (*name != CALL_METHOD || !policy.allowed_methods().is_empty()))
        })
        .map(|(name, _)| *name)
        .collect()
}

/// Every tool's route; the write tools only when `with_writes`.
pub(crate) fn router(with_writes: bool) -> ToolRouter<OdooServer> {
    let mut router = OdooServer::search_records_router()
        + OdooServer::read_records_router()
        + OdooServer::count_records_router()
        + OdooServer::aggregate_records_router()
        + OdooServer::name_search_router()
        + OdooServer::list_models_router()
        + OdooServer::describe_model_router()
        + OdooServer::check_access_router()
        + OdooServer::list_messages_router()
        + OdooServer::list_attachments_router()
        + OdooServer::get_attachment_router()
        + OdooServer::export_records_router();
    if with_writes {
        router = router
            + OdooServer::create_records_router()
            + OdooServer::update_records_router()
            + OdooServer::delete_records_router()
            + OdooServer::upload_attachment_router()
            + OdooServer::call_method_router();
    }
    router
}

/// The instance and model a tool call is about, after the policy allowed the model.
pub(crate) struct Target<'a> {
    /// The instance, its client carrying the call's context arguments.
    pub(crate) instance: std::borrow::Cow<'a, Instance>,
    pub(crate) model: ModelName,
}

impl OdooServer {
    /// Resolves `instance` and `model` and checks the policy lets the model be read.
    pub(crate) fn target(
        &self,
        instance: Option<&str>,
        model: &str,
    ) -> Result<Target<'_>, ToolError> {
        let instance = self.instance(instance)?;
        let model = ModelName::new(model.trim())?;
        instance.policy.check_model(&model)?;
        Ok(Target { instance, model })
    }

    /// Resolves `instance` and `model` and checks the policy lets records of the model be
    /// created, changed or deleted (read-only mode first).
    pub(crate) fn write_target(
        &self,
        instance: Option<&str>,
        model: &str,
    ) -> Result<Target<'_>, ToolError> {
        let instance = self.instance(instance)?;
        let model = ModelName::new(model.trim())?;
        instance.policy.check_write(&model)?;
        Ok(Target { instance, model })
    }

    /// The guard that checks the names inside a call on `target`'s instance.
    pub(crate) fn guard<'t>(&'t self, target: &'t Target<'_>) -> Guard<'t> {
        Guard::new(&target.instance, self.metadata())
    }

    /// Parses a domain argument and checks every path in it against the policy.
    pub(crate) async fn checked_domain(
        &self,
        target: &Target<'_>,
        meta: &Arc<ModelMeta>,
        domain: Option<Vec<Value>>,
    ) -> Result<Domain, ToolError> {
        let domain = parse_domain(domain)?;
        self.guard(target)
            .check_domain(&target.model, Arc::clone(meta), &domain)
            .await?;
        Ok(domain)
    }

    /// Like [`Self::checked_domain`], fetching the model's metadata only when there is a
    /// domain to check.
    pub(crate) async fn checked_domain_lazily(
        &self,
        target: &Target<'_>,
        domain: Option<Vec<Value>>,
    ) -> Result<Domain, ToolError> {
        match domain.filter(|d| !d.is_empty()) {
            None => Ok(Domain::default()),
            Some(items) => {
                let meta = self.meta(target).await?;
                self.checked_domain(target, &meta, Some(items)).await
            }
        }
    }

    /// Validates an `order` argument (blank = none) and checks its paths against the policy.
    pub(crate) async fn checked_order(
        &self,
        target: &Target<'_>,
        meta: &Arc<ModelMeta>,
        order: Option<&str>,
    ) -> Result<Option<String>, ToolError> {
        let Some(order) = order.filter(|o| !o.trim().is_empty()) else {
            return Ok(None);
        };
        let order = validate_order(order)?;
        self.guard(target)
            .check_order(&target.model, Arc::clone(meta), &order)
            .await?;
        Ok(Some(order))
    }

    /// The model's field metadata (cached).
    pub(crate) async fn meta(&self, target: &Target<'_>) -> Result<Arc<ModelMeta>, ToolError> {
        Ok(self
            .metadata()
            .model(
                &target.instance.name,
                &target.instance.client,
                &target.model,
            )
            .await?)
    }
}

/// One element of a domain, for schemas only: an operator (`"|"`, `"&"`, `"!"`) or a
/// condition `[field, operator, value]`. Written by hand: a generated schema for a JSON value
/// is `true`, which some clients reject.
pub(crate) struct DomainItem;

impl schemars::JsonSchema for DomainItem {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DomainItem".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        // No `type`: an item is an array or a string, and a `type` list is less portable
        // (no anyOf either: some clients reject it). The length keywords each apply to one
        // of the two: an operator is one character, a condition three items.
        schemars::json_schema!({
            "minLength": 1,
            "maxLength": 1,
            "minItems": 3,
            "maxItems": 3,
            "description": "\"|\", \"&\", \"!\" or [field, operator, value]"
        })
    }
}

/// Any JSON value, for schemas only (`{}`: a generated schema would be `true`, which some
/// clients reject).
pub(crate) struct AnyValue;

impl schemars::JsonSchema for AnyValue {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "AnyValue".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({})
    }
}

/// Removes the `"default": null` schemars writes for optional arguments: `null` is not a
/// valid value of their declared type, and strict schema linters flag it.
pub(crate) fn drop_null_defaults(schema: &mut schemars::Schema) {
    if let Some(Value::Object(props)) = schema.get_mut("properties") {
        for prop in props.values_mut() {
            if let Value::Object(p) = prop
                && p.get("default") == Some(&Value::Null)
            {
                p.remove("default");
            }
        }
    }
}

/// Parses a domain argument (a JSON array in prefix notation; empty = every record).
pub(crate) fn parse_domain(domain: Option<Vec<Value>>) -> Result<Domain, ToolError> {
    match domain {
        None => Ok(Domain::default()),
        Some(items) if items.is_empty() => Ok(Domain::default()),
        Some(items) => Ok(Domain::parse(&Value::Array(items))?),
    }
}

/// The fields to read: the caller's list (validated against the model, secret fields removed
/// and reported) or the default set.
#[derive(Debug)]
pub(crate) struct FieldSelection {
    pub(crate) fields: Vec<String>,
    /// Secret fields the caller asked for, which are never returned.
    pub(crate) removed: Vec<String>,
    /// True when the default set was used.
    pub(crate) defaulted: bool,
}

pub(crate) fn select_fields(
    requested: Option<Vec<String>>,
    meta: &ModelMeta,
    target: &Target<'_>,
) -> Result<FieldSelection, ToolError> {
    let policy = &target.instance.policy;
    let requested = requested.unwrap_or_default();
    if requested.is_empty() {
        return Ok(FieldSelection {
            fields: render::default_fields(meta, policy),
            removed: Vec::new(),
            defaulted: true,
        });
    }
    let mut fields = Vec::new();
    let mut removed = Vec::new();
    for name in requested {
        let name = name.trim().to_owned();
        FieldName::new(&name)?;
        if meta.field(&name).is_none() {
            return Err(unknown_field(&name, &target.model, meta));
        }
        if render::is_withheld(policy, meta, &name) {
            removed.push(name);
        } else if name != "id" && !fields.contains(&name) {
            fields.push(name);
        }
    }
    if fields.is_empty() && !removed.is_empty() {
        return Err(ToolError::invalid(format!(
            "every field asked for is withheld by this server (a secret, or a relation into a \
             model the policy hides): {}. Ask for other fields, or omit `fields` for the \
             default set",
            removed.join(", ")
        )));
    }
    Ok(FieldSelection {
        fields,
        removed,
        defaulted: false,
    })
}

/// "unknown field" with close names, so the model can correct itself without a round trip.
pub(crate) fn unknown_field(name: &str, model: &ModelName, meta: &ModelMeta) -> ToolError {
    let stem = name.trim_end_matches("_id").trim_end_matches("_ids");
    let close: Vec<&str> = meta
        .fields
        .keys()
        .filter(|k| !stem.is_empty() && (k.contains(stem) || stem.contains(k.as_str())))
        .map(String::as_str)
        .take(8)
        .collect();
    let hint = if close.is_empty() {
        String::new()
    } else {
        format!(" Similar fields: {}.", close.join(", "))
    };
    ToolError::invalid(format!(
        "model {model} has no field `{name}`.{hint} Use describe_model to list its fields."
    ))
}

/// Checks an Odoo `order` specification: comma-separated `field [asc|desc]`.
pub(crate) fn validate_order(order: &str) -> Result<String, ToolError> {
    let bad = || {
        ToolError::invalid(format!(
            "order {order:?} is not valid: use comma-separated `field asc` or `field desc`, \
             e.g. \"date_order desc, id\""
        ))
    };
    let mut parts = Vec::new();
    for part in order.split(',') {
        let words: Vec<&str> = part.split_whitespace().collect();
        let (field, rest) = words.split_first().ok_or_else(bad)?;
        let field_ok = field.split(['.', ':']).all(|p| FieldName::new(p).is_ok());
        let rest_ok = match rest {
            [] => true,
            [dir] => matches!(dir.to_ascii_lowercase().as_str(), "asc" | "desc"),
            [dir, nulls, pos] => {
                matches!(dir.to_ascii_lowercase().as_str(), "asc" | "desc")
                    && nulls.eq_ignore_ascii_case("nulls")
                    && matches!(pos.to_ascii_lowercase().as_str(), "first" | "last")
            }
            _ => false,
        };
        if !field_ok || !rest_ok {
            return Err(bad());
        }
        parts.push(words.join(" "));
    }
    Ok(parts.join(", "))
}

/// Checks a list of record ids: not empty, positive, at most `max`.
pub(crate) fn validate_ids(ids: &[i64], max: u32) -> Result<(), ToolError> {
    if ids.is_empty() {
        return Err(ToolError::invalid(
            "`ids` is empty: give at least one record id",
        ));
    }
    if let Some(bad) = ids.iter().find(|id| **id <= 0) {
        return Err(ToolError::invalid(format!(
            "record ids are positive integers, got {bad}"
        )));
    }
    if ids.len() > max as usize {
        return Err(ToolError::invalid(format!(
            "{} ids given; at most {max} per call (the server's max_records): split the call",
            ids.len()
        )));
    }
    Ok(())
}

/// A successful result: `structured` as `structuredContent`, `text` as the text content.
pub(crate) fn success<T: Serialize>(structured: &T, text: String) -> CallToolResult {
    match serde_json::to_value(structured) {
        Ok(value) => structured_result(value, text),
        Err(e) => serialisation_failed(&e),
    }
}

/// Like [`success`], with the record `rows` moved (not copied) into the structured content as
/// its `rows` key: `structured` should carry an empty `rows` list, which this replaces.
pub(crate) fn success_with_records<T: Serialize>(
    structured: &T,
    rows: Vec<Vec<Value>>,
    text: String,
) -> CallToolResult {
    match serde_json::to_value(structured) {
        Ok(Value::Object(mut map)) => {
            let rows = rows.into_iter().map(Value::Array).collect();
            map.insert("rows".to_owned(), Value::Array(rows));
            structured_result(Value::Object(map), text)
        }
        Ok(_) => {
            tracing::error!("a tool result did not serialise to an object");
            ToolError::invalid("internal error: the result could not be serialised").into_result()
        }
        Err(e) => serialisation_failed(&e),
    }
}

fn structured_result(value: Value, text: String) -> CallToolResult {
    let mut result = CallToolResult::success(vec![ContentBlock::text(text)]);
    result.structured_content = Some(value);
    result
}

fn serialisation_failed(e: &serde_json::Error) -> CallToolResult {
    tracing::error!(error = %e, "could not serialise a tool result");
    ToolError::invalid("internal error: the result could not be serialised").into_result()
}

/// What a tool's arguments say about where the call goes (for the log span).
pub(crate) trait Addressed {
    /// The `instance` argument.
    fn instance(&self) -> Option<&str>;
    /// The `model` argument, for tools that take one.
    fn model(&self) -> Option<&str> {
        None
    }
}

/// Implements [`Addressed`] for a parameter struct with an `instance: Option<String>` field
/// and, with `model`, a `model: String` field.
macro_rules! addressed {
    ($params:ty) => {
        impl super::Addressed for $params {
            fn instance(&self) -> Option<&str> {
                self.instance.as_deref()
            }
        }
    };
    ($params:ty, model) => {
        impl super::Addressed for $params {
            fn instance(&self) -> Option<&str> {
                self.instance.as_deref()
            }
            fn model(&self) -> Option<&str> {
                Some(&self.model)
            }
        }
    };
}
pub(crate) use addressed;

/// Runs one tool call: malformed arguments become an error result, the handler runs in a span
/// naming the tool, instance and model, and its failure becomes an error result.
pub(crate) async fn run_tool<P, F, Fut, R>(
    name: &'static str,
    params: Result<P, ToolError>,
    handler: F,
) -> R
where
    P: Addressed,
    F: FnOnce(P) -> Fut,
    Fut: std::future::Future<Output = Result<R, ToolError>>,
    R: From<CallToolResult>,
{
    let params = match params {
        Ok(params) => params,
        Err(e) => return e.into_result().into(),
    };
    let span = tool_span(name, params.instance(), params.model());
    let model = params.model().map(str::to_owned);
    let outcome = tracing::Instrument::instrument(handler(params), span).await;
    match (outcome, model) {
        (Err(e), Some(model)) if e.is_odoo_not_found() => {
            let hint = crate::suggest::did_you_mean(
                &model,
                crate::model_catalog::COMMON_MODELS.iter().copied(),
            );
            e.into_result_with(&hint).into()
        }
        (outcome, _) => finish(outcome),
    }
}

/// The span of one tool call: tool, instance and model as fields.
pub(crate) fn tool_span(
    tool: &'static str,
    instance: Option<&str>,
    model: Option<&str>,
) -> tracing::Span {
    tracing::info_span!(
        "tool",
        tool,
        instance = instance.unwrap_or("(default)"),
        model = model.unwrap_or("")
    )
}

/// The tool result of a handler's outcome (logged at debug level).
pub(crate) fn finish<R: From<CallToolResult>>(outcome: Result<R, ToolError>) -> R {
    match outcome {
        Ok(result) => {
            tracing::debug!("tool call succeeded");
            result
        }
        Err(e) => e.into_result().into(),
    }
}

#[cfg(test)]
mod tests;

/// The secret fields refused when selecting fields and those stripped from the rows, once each.
pub(crate) fn merge_removed(mut removed: Vec<String>, stripped: Vec<String>) -> Vec<String> {
    for field in stripped {
        if !removed.contains(&field) {
            removed.push(field);
        }
    }
    removed
}

/// The notes on a record listing's fields: default set used, secret fields left out.
pub(crate) fn push_field_notes(text: &mut String, defaulted: bool, removed: &[String]) {
    if defaulted {
        text.push_str(" Default fields; pass `fields` for others.");
    }
    if !removed.is_empty() {
        text.push_str(&format!(
            " Secret fields are never returned: {}.",
            removed.join(", ")
        ));
    }
}
