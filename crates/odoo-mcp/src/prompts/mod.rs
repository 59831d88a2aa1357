//! MCP prompts: ready-made tasks that tell the model exactly which tools to call with which
//! arguments — `explore_model`, `customer_overview` and `sales_summary`.

mod customer_overview;
mod explore_model;
mod sales_summary;

use rmcp::ErrorData;
use rmcp::model::{
    GetPromptRequestParams, GetPromptResult, Prompt, PromptArgument, PromptMessage, Role,
};
use serde_json::Value;

use crate::server::OdooServer;

/// The prompt names (for completion).
pub(crate) const NAMES: &[&str] = &["explore_model", "customer_overview", "sales_summary"];

fn arg(name: &str, description: &str, required: bool) -> PromptArgument {
    PromptArgument::new(name)
        .with_description(description)
        .with_required(required)
}

fn instance_arg() -> PromptArgument {
    arg(
        "instance",
        "Odoo instance to use (optional; the default instance when omitted).",
        false,
    )
}

/// The prompts `prompts/list` returns.
pub(crate) fn list() -> Vec<Prompt> {
    vec![
        Prompt::new(
            "explore_model",
            Some("Learn what an Odoo model holds: its fields, size, states and sample records."),
            Some(vec![arg("model", "Technical model name, e.g. sale.order.", true), instance_arg()]),
        )
        .with_title("Explore an Odoo model"),
        Prompt::new(
            "customer_overview",
            Some("Summarise one customer: contact details, orders, revenue and unpaid invoices."),
            Some(vec![
                arg("customer", "The customer's name, or part of it.", true),
                instance_arg(),
            ]),
        )
        .with_title("Customer overview"),
        Prompt::new(
            "sales_summary",
            Some("Sales over a period: totals, trend by month, top customers, products and salespeople."),
            Some(vec![
                arg("start", "First day of the period, YYYY-MM-DD.", true),
                arg("end", "Last day of the period, YYYY-MM-DD.", true),
                instance_arg(),
            ]),
        )
        .with_title("Sales summary"),
    ]
}

/// Arguments of a prompt call, with the errors a client gets for missing or bad ones.
pub(crate) struct Args<'a> {
    prompt: &'a str,
    map: Option<&'a serde_json::Map<String, Value>>,
}

impl Args<'_> {
    /// A string argument, trimmed; `None` when absent or empty.
    pub(crate) fn optional(&self, name: &str) -> Option<String> {
        let value = self.map?.get(name)?;
        let text = match value {
            Value::String(s) => s.trim().to_owned(),
            Value::Null => return None,
            other => other.to_string(),
        };
        (!text.is_empty()).then_some(text)
    }

    /// A required string argument.
    pub(crate) fn required(&self, name: &str) -> Result<String, ErrorData> {
        self.optional(name).ok_or_else(|| {
            ErrorData::invalid_params(
                format!("prompt {} needs the argument `{name}`", self.prompt),
                None,
            )
        })
    }

    /// ` (instance: `x`)` for tool calls, or nothing for the default instance.
    pub(crate) fn instance_json(&self) -> String {
        match self.optional("instance") {
            Some(i) => format!(", \"instance\": {}", Value::String(i)),
            None => String::new(),
        }
    }
}

/// Builds a prompt's messages.
pub(crate) fn get(
    server: &OdooServer,
    request: &GetPromptRequestParams,
) -> Result<GetPromptResult, ErrorData> {
    let args = Args {
        prompt: &request.name,
        map: request.arguments.as_ref(),
    };
    if let Some(instance) = args.optional("instance") {
        server
            .instances()
            .get(Some(&instance))
            .map_err(|e| ErrorData::invalid_params(e.to_string(), None))?;
    }
    let (description, text) = match request.name.as_str() {
        "explore_model" => explore_model::build(&args)?,
        "customer_overview" => customer_overview::build(&args)?,
        "sales_summary" => sales_summary::build(&args)?,
        other => {
            return Err(ErrorData::invalid_params(
                format!("unknown prompt {other:?}; prompts: {}", NAMES.join(", ")),
                None,
            ));
        }
    };
    Ok(
        GetPromptResult::new(vec![PromptMessage::new_text(Role::User, text)])
            .with_description(description),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn args(v: Value) -> serde_json::Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn every_listed_prompt_builds() {
        let map = args(
            json!({"model": "sale.order", "customer": "Azure", "start": "2026-01-01", "end": "2026-03-31"}),
        );
        for p in list() {
            let a = Args {
                prompt: &p.name,
                map: Some(&map),
            };
            let built = match p.name.as_str() {
                "explore_model" => explore_model::build(&a),
                "customer_overview" => customer_overview::build(&a),
                "sales_summary" => sales_summary::build(&a),
                other => panic!("unlisted prompt {other}"),
            };
            let (_, text) = built.unwrap();
            assert!(
                text.contains("aggregate_records") || text.contains("describe_model"),
                "{text}"
            );
        }
        assert_eq!(list().len(), NAMES.len());
    }

    #[test]
    fn missing_arguments_are_invalid_params() {
        let map = args(json!({}));
        let a = Args {
            prompt: "explore_model",
            map: Some(&map),
        };
        let err = explore_model::build(&a).unwrap_err();
        assert!(err.message.contains("`model`"), "{}", err.message);
    }

    #[test]
    fn instance_is_passed_on_to_tool_calls() {
        let map = args(json!({"model": "res.partner", "instance": "prod"}));
        let a = Args {
            prompt: "explore_model",
            map: Some(&map),
        };
        let (_, text) = explore_model::build(&a).unwrap();
        assert!(
            text.contains(r#"{"model": "res.partner", "instance": "prod"}"#),
            "{text}"
        );
    }
}
