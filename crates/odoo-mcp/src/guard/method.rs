//! `call_method`'s keyword arguments, checked like the other tools' arguments, and its result,
//! filtered like their results.
//!
//! - `ids` may only come from the tool's checked `ids` argument, never from `kwargs`;
//! - `context` may only carry harmless keys (language, time zone, companies);
//! - the keyword arguments Odoo's ORM methods take a domain, fields, an order, a grouping or
//!   values in are checked as `search_records`, `aggregate_records` and the write tools check
//!   them; a `limit` is capped at `max_records`;
//! - in the result, keys that name a secret are removed at any depth and lists are cut at
//!   `max_records` items.

use std::sync::Arc;

use odoo_client::{Domain, ModelName};
use serde_json::{Map, Value};

use super::paths::Purpose;
use super::{Guard, WriteBudget};
use crate::error::ToolError;
use crate::metadata::ModelMeta;
use crate::policy::Policy;

/// Keyword arguments that hold a domain.
const DOMAIN_KWARGS: &[&str] = &["domain", "args", "having"];
/// Keyword arguments that hold field names (a list, or one name).
const FIELD_KWARGS: &[&str] = &["fields", "field_names", "groupby", "aggregates", "order_by"];
/// Keyword arguments that hold an order specification.
const ORDER_KWARGS: &[&str] = &["order", "orderby"];
/// Keyword arguments that hold the values of one record or of several.
const VALUE_KWARGS: &[&str] = &["vals", "values", "vals_list", "default"];
/// Keyword arguments that re-target the call; the tool's `ids` argument does that.
const TARGET_KWARGS: &[&str] = &["ids", "id", "res_id", "active_id", "active_ids"];

/// Result nesting followed when filtering; deeper values are replaced by a note.
const MAX_RESULT_DEPTH: usize = 64;
/// Longest string kept in a result (binary content comes as long base64 strings).
const MAX_RESULT_STRING: usize = 16 * 1024;

impl Guard<'_> {
    /// Checks `kwargs` of a method called on `model`, capping a `limit` in place.
    pub(crate) async fn check_kwargs(
        &self,
        model: &ModelName,
        meta: Arc<ModelMeta>,
        kwargs: &mut Map<String, Value>,
        ids: usize,
    ) -> Result<(), ToolError> {
        let policy = self.policy();
        for key in kwargs.keys() {
            if TARGET_KWARGS.contains(&key.as_str()) {
                return Err(ToolError::invalid(format!(
                    "`{key}` is not accepted in kwargs: the records a method runs on are given \
                     in the `ids` argument, which the server checks"
                )));
            }
        }
        if let Some(context) = kwargs.get("context") {
            let Value::Object(context) = context else {
                return Err(ToolError::invalid(
                    "kwargs.context must be an object, e.g. {\"lang\": \"fr_FR\"}",
                ));
            };
            for key in context.keys() {
                policy.check_context_key(key)?;
            }
        }
        if let Some(limit) = kwargs.get_mut("limit") {
            let max = u64::from(policy.max_records());
            match limit.as_u64() {
                Some(n) if n > 0 && n <= max => {}
                _ => *limit = Value::from(max),
            }
        }
        for (key, value) in kwargs.iter() {
            let key = key.as_str();
            if DOMAIN_KWARGS.contains(&key) {
                let domain = Domain::parse(value)?;
                self.check_domain(model, Arc::clone(&meta), &domain).await?;
            } else if FIELD_KWARGS.contains(&key) {
                for name in names(value) {
                    let purpose = match key {
                        "groupby" => Purpose::Group,
                        "aggregates" => Purpose::Aggregate,
                        _ => Purpose::Read,
                    };
                    self.check_spec(model, Arc::clone(&meta), name, purpose)
                        .await?;
                }
            } else if ORDER_KWARGS.contains(&key) {
                if let Some(order) = value.as_str() {
                    let order = odoo_client::Order::parse(order)?;
                    self.check_order(model, Arc::clone(&meta), &order).await?;
                }
            } else if VALUE_KWARGS.contains(&key) {
                let records: Vec<&Map<String, Value>> = match value {
                    Value::Object(one) => vec![one],
                    Value::Array(many) => many.iter().filter_map(Value::as_object).collect(),
                    _ => Vec::new(),
                };
                let mut budget = WriteBudget::create(policy.max_records(), ids.max(records.len()));
                for values in records {
                    self.check_values(model, Arc::clone(&meta), values, &mut budget)
                        .await?;
                }
            } else if key == "specification" {
                self.check_specification(model, Arc::clone(&meta), value)
                    .await?;
            }
        }
        Ok(())
    }

    /// A `web_read` specification: `{field: {}}` or `{relation: {"fields": {…}}}`, nested.
    async fn check_specification(
        &self,
        model: &ModelName,
        meta: Arc<ModelMeta>,
        spec: &Value,
    ) -> Result<(), ToolError> {
        let mut pending = vec![(model.clone(), meta, spec, 0usize)];
        while let Some((model, meta, spec, depth)) = pending.pop() {
            let Value::Object(fields) = spec else {
                return Err(ToolError::invalid(
                    "kwargs.specification must be an object {field: {}}",
                ));
            };
            if depth > super::paths::MAX_HOPS {
                return Err(ToolError::invalid("kwargs.specification nests too deep"));
            }
            for (name, sub) in fields {
                let resolved = self
                    .resolve_path(&model, Arc::clone(&meta), name, Purpose::Read)
                    .await?;
                if let Some(nested) = sub.get("fields")
                    && let Some(comodel) = resolved.comodel()?
                {
                    let comodel_meta = self.meta(&comodel).await?;
                    pending.push((comodel, comodel_meta, nested, depth + 1));
                }
            }
        }
        Ok(())
    }
}

/// The field names in a kwarg: one string, or the strings of a list.
fn names(value: &Value) -> Vec<&str> {
    match value {
        Value::String(s) => s.split(',').map(str::trim).collect(),
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// What [`filter_result`] removed or cut.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Filtered {
    /// Keys removed because they name a secret.
    pub(crate) removed: Vec<String>,
    /// Whether a list was cut at `max_records` or a long string replaced by its length.
    pub(crate) truncated: bool,
}

/// Removes secret-named keys at any depth and cuts lists at `max_records` items.
pub(crate) fn filter_result(policy: &Policy, value: &mut Value) -> Filtered {
    let mut filtered = Filtered::default();
    let max = policy.max_records() as usize;
    let mut pending: Vec<(&mut Value, usize)> = vec![(value, 0)];
    while let Some((value, depth)) = pending.pop() {
        if depth > MAX_RESULT_DEPTH {
            *value = Value::String("(nested too deep; not shown)".into());
            continue;
        }
        match value {
            Value::Array(items) => {
                if items.len() > max {
                    items.truncate(max);
                    filtered.truncated = true;
                }
                pending.extend(items.iter_mut().map(|v| (v, depth + 1)));
            }
            Value::Object(map) => {
                let secret: Vec<String> = map
                    .keys()
                    .filter(|k| policy.is_secret_name(k))
                    .cloned()
                    .collect();
                for key in secret {
                    map.remove(&key);
                    if !filtered.removed.contains(&key) {
                        filtered.removed.push(key);
                    }
                }
                pending.extend(map.values_mut().map(|v| (v, depth + 1)));
            }
            Value::String(text) if text.len() > MAX_RESULT_STRING => {
                *value = Value::String(format!(
                    "({} characters, not shown: more than {MAX_RESULT_STRING})",
                    text.len()
                ));
                filtered.truncated = true;
            }
            _ => {}
        }
    }
    filtered
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn secret_keys_are_removed_at_any_depth_and_lists_are_cut() {
        let policy = Policy::builder("t")
            .max_records(2)
            .default_limit(2)
            .build()
            .expect("policy");
        let mut value = json!({
            "records": [
                {"id": 1, "name": "a", "password": "x", "lines": [{"access_token": "t"}]},
                {"id": 2, "name": "b"},
                {"id": 3, "name": "c"}
            ],
            "api_key": "k"
        });
        let filtered = filter_result(&policy, &mut value);
        assert_eq!(
            value,
            json!({"records": [{"id": 1, "name": "a", "lines": [{}]}, {"id": 2, "name": "b"}]})
        );
        assert!(filtered.truncated);
        for key in ["password", "access_token", "api_key"] {
            assert!(filtered.removed.iter().any(|k| k == key), "{key}");
        }
    }

    #[test]
    fn field_kwargs_accept_a_list_or_a_comma_separated_string() {
        assert_eq!(names(&json!(["a", "b.c", 3])), vec!["a", "b.c"]);
        assert_eq!(names(&json!("a, b")), vec!["a", "b"]);
        assert!(names(&json!({"a": 1})).is_empty());
    }
}
