//! The tool list a server offers: the configured profile and globs applied to the catalogue,
//! and the schemas made compact — what a model pays for in tokens on every request.
//!
//! Compaction keeps everything a model needs to call a tool (names, types, required
//! arguments, bounds, descriptions) and drops what only costs: the `$schema` dialect (MCP's
//! default is the same 2020-12), `format` annotations such as `int64`, the `instance`
//! argument when only one instance exists (it is still accepted), and — unless
//! `output_schemas` is set — `outputSchema` (results still carry `structuredContent`) and the
//! display `title` (clients show the name instead). `idempotentHint` goes from the read-only
//! tools: MCP gives it a meaning only for tools that write.

use std::sync::Arc;

use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::model::JsonObject;
use serde_json::Value;

use super::{CATALOGUE, Tier};
use crate::config::{ToolProfile, ToolSelection};
use crate::instance::Instances;
use crate::policy::PatternList;
use crate::server::OdooServer;

/// True when `profile` (`None`: the default) offers tools of `tier`.
fn profile_offers(profile: Option<ToolProfile>, tier: Tier) -> bool {
    match profile {
        None | Some(ToolProfile::All) => true,
        Some(ToolProfile::Write) => tier <= Tier::Write,
        Some(ToolProfile::Read) => tier <= Tier::Read,
        Some(ToolProfile::Minimal) => tier == Tier::Minimal,
    }
}

/// The names of the tools `selection` offers for these instances, in catalogue order.
pub(crate) fn selected_names(
    selection: &ToolSelection,
    writes_anywhere: bool,
) -> Vec<&'static str> {
    let globs = |list: &[String]| {
        PatternList::new(list).unwrap_or_else(|e| {
            // The configuration validated them; a library caller may not have.
            tracing::error!(error = %e, "ignoring invalid tool globs");
            PatternList::default()
        })
    };
    let (include, exclude) = (globs(&selection.include), globs(&selection.exclude));
    CATALOGUE
        .iter()
        .filter(|(name, tier)| {
            let wanted =
                profile_offers(selection.profile, *tier) || include.first_match(name).is_some();
            wanted && exclude.first_match(name).is_none() && (writes_anywhere || !tier.writes())
        })
        .map(|(name, _)| *name)
        .collect()
}

/// The tools offered on an instance with `policy` under `selection`: the profile and globs
/// (`writes_anywhere`: some instance allows writes), then what the policy lets run there, in
/// catalogue order. What `odoo-mcp check` lists per instance.
pub(crate) fn offered_tools(
    selection: &ToolSelection,
    policy: &crate::policy::Policy,
    writes_anywhere: bool,
) -> Vec<&'static str> {
    let selected = selected_names(selection, writes_anywhere);
    super::enabled_tools(policy)
        .into_iter()
        .filter(|name| selected.contains(name))
        .collect()
}

/// How `check` names a selection's profile.
pub(crate) fn profile_label(selection: &ToolSelection) -> &'static str {
    match selection.profile {
        None => "default: read, plus writes where allowed",
        Some(ToolProfile::Minimal) => "minimal",
        Some(ToolProfile::Read) => "read",
        Some(ToolProfile::Write) => "write",
        Some(ToolProfile::All) => "all",
    }
}

/// The router of the tools `selection` offers, with compact schemas.
pub(crate) fn selected_router(
    instances: &Instances,
    selection: &ToolSelection,
) -> ToolRouter<OdooServer> {
    let writes = instances.writes_enabled_anywhere();
    let keep = selected_names(selection, writes);
    let mut router = super::router(writes);
    let unwanted: Vec<String> = router
        .map
        .keys()
        .filter(|name| !keep.contains(&name.as_ref()))
        .map(|name| name.to_string())
        .collect();
    for name in unwanted {
        router.remove_route(&name);
    }
    let instance_description = instance_description(instances);
    for route in router.map.values_mut() {
        let mut input: JsonObject = route.attr.input_schema.as_ref().clone();
        compact(&mut input);
        super::context::add_to_schema(&mut input);
        if let Some(Value::Object(props)) = input.get_mut("properties") {
            match &instance_description {
                None => {
                    props.remove("instance");
                }
                Some(text) => {
                    if let Some(Value::Object(prop)) = props.get_mut("instance") {
                        prop.insert("description".into(), Value::String(text.clone()));
                    }
                }
            }
        }
        route.attr.input_schema = Arc::new(input);
        if let Some(hints) = route.attr.annotations.as_mut()
            && hints.read_only_hint == Some(true)
        {
            hints.idempotent_hint = None;
        }
        if !selection.output_schemas {
            route.attr.title = None;
        }
        route.attr.output_schema = if selection.output_schemas {
            route.attr.output_schema.take().map(|schema| {
                let mut schema = schema.as_ref().clone();
                compact(&mut schema);
                Arc::new(schema)
            })
        } else {
            None
        };
    }
    router
}

/// What the `instance` argument says: `None` when there is only one instance (the argument
/// is then left out of the schemas).
fn instance_description(instances: &Instances) -> Option<String> {
    let names: Vec<String> = instances.iter().map(|i| format!("`{}`", i.name)).collect();
    (names.len() > 1).then(|| {
        format!(
            "Odoo instance: one of {} (default `{}`).",
            names.join(", "),
            instances.default_name()
        )
    })
}

/// Removes `$schema` and `format` keywords, at every depth (property maps hold names, not
/// keywords: a property called `format` stays).
fn compact(schema: &mut JsonObject) {
    schema.remove("$schema");
    strip_formats(schema);
}

fn strip_formats(schema: &mut JsonObject) {
    if schema.get("format").is_some_and(Value::is_string) {
        schema.remove("format");
    }
    for (key, value) in schema.iter_mut() {
        match value {
            Value::Object(map) if key == "properties" => {
                for prop in map.values_mut() {
                    if let Value::Object(p) = prop {
                        strip_formats(p);
                    }
                }
            }
            Value::Object(map) => strip_formats(map),
            Value::Array(items) => {
                for item in items {
                    if let Value::Object(map) = item {
                        strip_formats(map);
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn names(profile: Option<ToolProfile>, writes: bool) -> Vec<&'static str> {
        let selection = ToolSelection {
            profile,
            ..ToolSelection::default()
        };
        selected_names(&selection, writes)
    }

    #[test]
    fn profiles_nest_and_writes_need_an_instance_that_allows_them() {
        let minimal = names(Some(ToolProfile::Minimal), true);
        let read = names(Some(ToolProfile::Read), true);
        let write = names(Some(ToolProfile::Write), true);
        let all = names(Some(ToolProfile::All), true);
        assert!(minimal.len() < read.len() && read.len() < write.len() && write.len() < all.len());
        assert!(minimal.iter().all(|t| read.contains(t)));
        assert!(read.iter().all(|t| !super::super::is_write_tool(t)));
        assert!(!write.contains(&"call_method") && all.contains(&"call_method"));
        assert_eq!(names(None, true), all);
        assert_eq!(names(None, false), read);
        assert_eq!(names(Some(ToolProfile::All), false), read);
    }

    #[test]
    fn an_instance_offers_what_the_profile_and_its_policy_both_allow() {
        let read_only = crate::policy::Policy::builder("demo")
            .build()
            .expect("policy");
        let writable = crate::policy::Policy::builder("demo")
            .read_only(false)
            .build()
            .expect("policy");
        let all = ToolSelection::default();
        let offered = offered_tools(&all, &read_only, true);
        assert_eq!(offered, names(Some(ToolProfile::Read), true));
        let offered = offered_tools(&all, &writable, true);
        assert!(offered.contains(&"create_records") && !offered.contains(&"call_method"));
        let minimal = ToolSelection {
            profile: Some(ToolProfile::Minimal),
            ..ToolSelection::default()
        };
        assert_eq!(
            offered_tools(&minimal, &writable, true),
            names(Some(ToolProfile::Minimal), true)
        );
    }

    #[test]
    fn globs_add_and_remove_tools() {
        let selection = ToolSelection {
            profile: Some(ToolProfile::Minimal),
            include: vec!["list_*".into(), "create_records".into()],
            exclude: vec!["count_*".into(), "list_messages".into()],
            output_schemas: false,
        };
        let read_only = selected_names(&selection, false);
        assert!(read_only.contains(&"list_attachments"));
        assert!(!read_only.contains(&"list_messages"));
        assert!(!read_only.contains(&"count_records"));
        assert!(
            !read_only.contains(&"create_records"),
            "writes need an instance"
        );
        assert!(selected_names(&selection, true).contains(&"create_records"));
    }

    #[test]
    fn formats_go_at_every_depth_but_a_property_named_format_stays() {
        let Value::Object(mut schema) = json!({
            "$schema": "x",
            "properties": {
                "format": {"type": "string"},
                "n": {"type": "integer", "format": "int64"},
                "rows": {"type": "array", "items": {"type": "object", "properties": {
                    "id": {"type": "integer", "format": "uint32"}}}}
            }
        }) else {
            unreachable!()
        };
        compact(&mut schema);
        assert_eq!(
            Value::Object(schema),
            json!({"properties": {
                "format": {"type": "string"},
                "n": {"type": "integer"},
                "rows": {"type": "array", "items": {"type": "object", "properties": {
                    "id": {"type": "integer"}}}}
            }})
        );
    }
}
