//! Argument checks the tools share: domains, field lists (with the closest names for an
//! unknown field) and record ids.

use odoo_client::{Domain, FieldName, ModelName};
use serde_json::Value;

use super::Target;
use crate::error::ToolError;
use crate::metadata::ModelMeta;
use crate::render;

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
