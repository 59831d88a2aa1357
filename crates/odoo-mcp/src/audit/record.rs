//! The two kinds of audit line: [`CallRecord`] (a tool call) and [`RefusedRequest`] (an HTTP
//! request refused before it reached a tool). Field by field in `docs/audit.md`.

use serde::Serialize;
use serde_json::{Map, Value};

use super::{Outcome, RefusedBy};
use crate::caller::Caller;
use crate::policy::Policy;

/// At most this many record ids are written per line (`ids_count` has the total).
const MAX_IDS: usize = 100;

/// The arguments that hold field values (written only with `values = true`).
const VALUE_ARGUMENTS: &[&str] = &["values", "records", "domain", "args", "kwargs"];

/// One tool call.
#[derive(Debug, Serialize)]
pub(crate) struct CallRecord {
    time: String,
    event: &'static str,
    request_id: String,
    client: String,
    client_kind: &'static str,
    tool: String,
    instance: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    model: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ids: Option<Vec<i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ids_count: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    records: Option<u64>,
    access: &'static str,
    outcome: String,
    duration_ms: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    values: Option<Value>,
}

impl CallRecord {
    /// The line of a call of `tool` by `caller` with `arguments`, before it runs.
    pub(crate) fn start(
        caller: &Caller,
        request_id: String,
        tool: &str,
        arguments: Option<&Map<String, Value>>,
        default_instance: &str,
        write: bool,
    ) -> Self {
        let arg = |key: &str| arguments.and_then(|a| a.get(key));
        let text = |key: &str| arg(key).and_then(Value::as_str).map(|s| truncate(s, 128));
        // `run_wizard` names its model `wizard` and its records `active_ids`.
        let ids: Option<Vec<i64>> = arg("ids")
            .or_else(|| arg("active_ids"))
            .and_then(Value::as_array)
            .map(|ids| {
                ids.iter()
                    .filter_map(|v| v.as_i64().or_else(|| v.as_str()?.trim().parse().ok()))
                    .collect()
            });
        let ids_count = ids.as_ref().map(Vec::len);
        Self {
            time: super::now(),
            event: "tool_call",
            request_id,
            client: caller.name().to_owned(),
            client_kind: caller.kind().as_str(),
            tool: truncate(tool, 64),
            instance: text("instance").unwrap_or_else(|| default_instance.to_owned()),
            model: text("model").or_else(|| text("wizard")),
            ids: ids.map(|mut ids| {
                ids.truncate(MAX_IDS);
                ids
            }),
            ids_count,
            records: None,
            access: if write { "write" } else { "read" },
            outcome: String::new(),
            duration_ms: 0,
            values: None,
        }
    }

    /// Fills in how the call ended; `structured` is the result's structured content.
    pub(crate) fn finish(
        mut self,
        outcome: &Outcome,
        structured: Option<&Value>,
        duration: std::time::Duration,
    ) -> Self {
        self.outcome = outcome.label();
        self.duration_ms = u64::try_from(duration.as_millis()).unwrap_or(u64::MAX);
        self.records = structured.and_then(record_count);
        if self.ids.is_none()
            && let Some(created) = structured
                .and_then(|s| s.get("ids"))
                .and_then(Value::as_array)
        {
            let ids: Vec<i64> = created.iter().filter_map(Value::as_i64).collect();
            self.ids_count = Some(ids.len());
            self.ids = Some(ids.into_iter().take(MAX_IDS).collect());
        }
        self
    }

    /// Adds the call's value arguments, every secret field removed (`values = true`).
    pub(crate) fn with_values(
        mut self,
        arguments: Option<&Map<String, Value>>,
        policy: &Policy,
    ) -> Self {
        let Some(arguments) = arguments else {
            return self;
        };
        let mut values = Map::new();
        for key in VALUE_ARGUMENTS {
            if let Some(v) = arguments.get(*key) {
                values.insert((*key).to_owned(), without_secrets(v, policy, 0));
            }
        }
        if !values.is_empty() {
            self.values = Some(Value::Object(values));
        }
        self
    }
}

/// How many records a result holds: `count`, else the length of `records`, `rows`, `ids` or
/// `groups`.
fn record_count(structured: &Value) -> Option<u64> {
    if let Some(n) = structured.get("count").and_then(Value::as_u64) {
        return Some(n);
    }
    ["records", "rows", "ids", "groups"]
        .iter()
        .find_map(|k| structured.get(*k).and_then(Value::as_array))
        .map(|a| a.len() as u64)
}

/// `value` with every object key that names a secret field removed, and every condition of a
/// domain on such a field replaced by `"[removed]"` (depth-capped).
fn without_secrets(value: &Value, policy: &Policy, depth: usize) -> Value {
    if depth > 16 {
        return Value::String("[too deep]".to_owned());
    }
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| !policy.is_secret_name(k))
                .map(|(k, v)| (k.clone(), without_secrets(v, policy, depth + 1)))
                .collect(),
        ),
        Value::Array(items) => {
            let is_secret_condition = items.len() == 3
                && items[0]
                    .as_str()
                    .is_some_and(|path| path.split('.').any(|p| policy.is_secret_name(p)));
            if is_secret_condition {
                Value::String("[removed]".to_owned())
            } else {
                Value::Array(
                    items
                        .iter()
                        .map(|v| without_secrets(v, policy, depth + 1))
                        .collect(),
                )
            }
        }
        other => other.clone(),
    }
}

fn truncate(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// An HTTP request refused before any tool ran (authentication, rate limit, …).
#[derive(Debug, Serialize)]
pub(crate) struct RefusedRequest {
    time: String,
    event: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    client: Option<String>,
    method: String,
    path: String,
    outcome: String,
}

impl RefusedRequest {
    /// A request to `path` refused by `by`; `client` when it was identified.
    pub(crate) fn new(client: Option<&str>, method: &str, path: &str, by: RefusedBy) -> Self {
        Self {
            time: super::now(),
            event: "request_refused",
            client: client.map(str::to_owned),
            method: truncate(method, 16),
            path: truncate(path, 128),
            outcome: Outcome::Refused(by).label(),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn secrets_never_reach_a_line_even_with_values() {
        let policy = Policy::builder("prod").build().expect("policy");
        let args = json!({
            "model": "res.partner",
            "ids": [3, 4],
            "values": {"name": "Acme", "password": "hunter2", "api_key": "k-123"},
            "domain": [["api_key", "=", "k-456"], ["name", "=", "x"]],
        });
        let args = args.as_object().expect("object");
        let record = CallRecord::start(
            &Caller::local(),
            "1".into(),
            "update_records",
            Some(args),
            "prod",
            true,
        )
        .finish(&Outcome::Ok, None, std::time::Duration::from_millis(3))
        .with_values(Some(args), &policy);
        let line = serde_json::to_string(&record).expect("json");
        for secret in ["hunter2", "k-123", "k-456"] {
            assert!(!line.contains(secret), "{line}");
        }
        assert!(line.contains("Acme"), "{line}");
        assert!(line.contains(r#""ids":[3,4]"#), "{line}");
        assert!(line.contains(r#""access":"write""#), "{line}");
    }

    #[test]
    fn a_wizard_run_is_logged_with_its_wizard_and_active_ids() {
        let args = json!({"wizard": "crm.lead.lost", "action": "action_lost_reason_apply",
                          "active_ids": [7, 8], "values": {"lost_reason_id": 1}});
        let record = CallRecord::start(
            &Caller::local(),
            "1".into(),
            "run_wizard",
            args.as_object(),
            "prod",
            true,
        );
        let line = serde_json::to_string(&record).expect("json");
        assert!(line.contains(r#""model":"crm.lead.lost""#), "{line}");
        assert!(line.contains(r#""ids":[7,8]"#), "{line}");
    }

    #[test]
    fn without_values_a_line_has_no_field_values() {
        let args = json!({"model": "res.partner", "values": {"name": "Acme"}});
        let record = CallRecord::start(
            &Caller::local(),
            "1".into(),
            "create_records",
            args.as_object(),
            "prod",
            true,
        )
        .finish(
            &Outcome::OdooError,
            Some(&json!({"ids": [9]})),
            std::time::Duration::ZERO,
        );
        let line = serde_json::to_string(&record).expect("json");
        assert!(!line.contains("Acme"), "{line}");
        assert!(line.contains(r#""outcome":"odoo_error""#), "{line}");
        assert!(line.contains(r#""ids":[9]"#), "{line}");
    }
}
