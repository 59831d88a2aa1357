//! The MCP tools, one per file (parameters, handler, tests), their catalogue and router; and
//! what they share, each in its own file: `target` (instance, model, guarded arguments),
//! `schema` (hand-written schemas), `checks` (argument checks), `results` (building results),
//! `runner` (one call: span, errors), `params` (the parameters several tools share). Everything
//! shared is re-exported here.
//!
//! Read tools: `search_records`, `read_records`, `count_records`, `aggregate_records`,
//! `name_search`, `list_models`, `describe_model`, `check_access`, `list_messages`,
//! `list_attachments`, `get_attachment`, `export_records`, `list_activities`, `get_report`. Write
//! tools (listed only when some instance allows writes): `create_records`, `update_records`,
//! `delete_records`, `upload_attachment`, `run_wizard`, `post_message`, `schedule_activity`,
//! `complete_activity`, `call_method`. Which of them `tools/list` offers: `profile.rs`.

mod aggregate_records;
mod args;
mod call_method;
mod chatter;
mod check_access;
mod checks;
mod complete_activity;
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
mod get_report;
mod lenient;
mod list_activities;
mod list_attachments;
mod list_messages;
mod list_models;
mod name_search;
mod params;
mod post_message;
mod profile;
mod read_records;
mod results;
mod run_wizard;
mod runner;
mod schedule_activity;
mod schema;
mod search_records;
mod target;
mod update_records;
mod upload_attachment;
mod values;
mod write_params;

pub(crate) use args::Parameters;
pub(crate) use context::{
    current as current_context, scoped as in_call_context, take as take_context,
};
pub(crate) use describe_model::describe_field_lines;
pub(crate) use profile::{offered_tools, profile_label, selected_router};

pub(crate) use checks::{FieldSelection, parse_domain, select_fields, unknown_field, validate_ids};
pub(crate) use params::tool_params;
pub(crate) use results::{finish, merge_removed, push_field_notes, success, success_with_records};
pub(crate) use runner::{Addressed, addressed, run_tool};
pub(crate) use schema::{AnyValue, DomainItem, drop_null_defaults};
pub(crate) use target::Target;
pub(crate) use write_params::write_params;

use rmcp::handler::server::router::tool::ToolRouter;

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
    (list_activities::NAME, Tier::Read),
    (get_report::NAME, Tier::Read),
    (create_records::NAME, Tier::Write),
    (update_records::NAME, Tier::Write),
    (delete_records::NAME, Tier::Write),
    (upload_attachment::NAME, Tier::Write),
    (run_wizard::NAME, Tier::Write),
    (post_message::NAME, Tier::Write),
    (schedule_activity::NAME, Tier::Write),
    (complete_activity::NAME, Tier::Write),
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

/// The tool that prints PDF reports: `check` says when the credentials cannot.
pub(crate) const GET_REPORT: &str = get_report::NAME;

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
        + OdooServer::export_records_router()
        + OdooServer::list_activities_router()
        + OdooServer::get_report_router();
    if with_writes {
        router = router
            + OdooServer::create_records_router()
            + OdooServer::update_records_router()
            + OdooServer::delete_records_router()
            + OdooServer::upload_attachment_router()
            + OdooServer::run_wizard_router()
            + OdooServer::post_message_router()
            + OdooServer::schedule_activity_router()
            + OdooServer::complete_activity_router()
            + OdooServer::call_method_router();
    }
    router
}

#[cfg(test)]
mod tests;
