//! The context arguments every tool takes — `company_id`, `lang`, `tz` — taken out of a call's
//! arguments before the tool parses its own, and applied to the instance's client (over the
//! instance's configured defaults) for the duration of the call.

use std::borrow::Cow;
use std::future::Future;

use rmcp::model::JsonObject;
use serde_json::{Map, Value, json};

use crate::context::CallContext;
use crate::error::ToolError;
use crate::instance::Instance;
use crate::server::OdooServer;

tokio::task_local! {
    /// The context arguments of the tool call running in this task.
    static CALL_CONTEXT: CallContext;
}

/// Takes the context arguments out of `arguments` and checks them.
pub(crate) fn take(arguments: Option<&mut Map<String, Value>>) -> Result<CallContext, ToolError> {
    let Some(arguments) = arguments else {
        return Ok(CallContext::default());
    };
    let company_id = match arguments.remove("company_id") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) if n.as_i64().is_some() => n.as_i64(),
        Some(Value::String(s)) if s.trim().parse::<i64>().is_ok() => s.trim().parse().ok(),
        Some(other) => {
            return Err(ToolError::invalid(format!(
                "`company_id`: expected a company id (an integer, e.g. 1), got {}",
                crate::render::compact_json(&other, 40)
            )));
        }
    };
    let mut text = |key: &str| match arguments.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(ToolError::invalid(format!(
            "`{key}`: expected a string, got {}",
            crate::render::compact_json(&other, 40)
        ))),
    };
    let lang = text("lang")?;
    let tz = text("tz")?;
    CallContext::new(company_id, lang, tz).map_err(ToolError::invalid)
}

/// The context arguments of the call running in this task (none outside a call), for work the
/// call hands to another task (an MCP task).
pub(crate) fn current() -> CallContext {
    CALL_CONTEXT.try_with(Clone::clone).unwrap_or_default()
}

/// Runs `call` with `context` as the call's context.
pub(crate) async fn scoped<F: Future>(context: CallContext, call: F) -> F::Output {
    CALL_CONTEXT.scope(context, call).await
}

/// Adds the context arguments to a tool's input schema (described once, in the server
/// instructions).
pub(crate) fn add_to_schema(schema: &mut JsonObject) {
    if let Some(Value::Object(props)) = schema.get_mut("properties") {
        props.insert(
            "company_id".into(),
            json!({"type": "integer", "minimum": 1}),
        );
        props.insert("lang".into(), json!({"type": "string"}));
        props.insert("tz".into(), json!({"type": "string"}));
    }
}

impl OdooServer {
    /// The instance called `name` (the default for `None`), its client carrying the call's
    /// context arguments over the instance's defaults.
    pub(crate) fn instance(&self, name: Option<&str>) -> Result<Cow<'_, Instance>, ToolError> {
        let instance = self.instances().get(name)?;
        let context = CALL_CONTEXT
            .try_with(|c| (!c.is_empty()).then(|| c.apply(instance.client.context())))
            .ok()
            .flatten();
        Ok(match context {
            None => Cow::Borrowed(instance),
            Some(context) => {
                let mut owned = instance.clone();
                owned.client = instance.client.with_context(context);
                Cow::Owned(owned)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => unreachable!(),
        }
    }

    #[test]
    fn context_arguments_are_taken_out_and_checked() {
        let mut a = args(json!({"model": "res.partner", "company_id": "2", "lang": "fr_FR"}));
        let c = take(Some(&mut a)).unwrap();
        assert_eq!(c.company_id, Some(2));
        assert_eq!(c.lang.as_deref(), Some("fr_FR"));
        assert_eq!(a, args(json!({"model": "res.partner"})));
        let mut a = args(json!({"company_id": [1, 2]}));
        let e = take(Some(&mut a)).unwrap_err().message();
        assert!(e.contains("`company_id`") && e.contains("integer"), "{e}");
        let mut a = args(json!({"tz": 3}));
        assert!(take(Some(&mut a)).unwrap_err().message().contains("`tz`"));
        let mut a = args(json!({"lang": "klingon"}));
        assert!(take(Some(&mut a)).unwrap_err().message().contains("fr_FR"));
    }
}
