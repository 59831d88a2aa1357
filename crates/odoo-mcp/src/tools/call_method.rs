//! `call_method`: calls a public business method (`action_confirm`, `action_post`, …) allowed
//! by the instance's policy.

use odoo_client::{MethodCall, MethodName, ModelName};
use rmcp::handler::server::tool::schema_for_output;
use rmcp::model::CallToolResponse;
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Map, Value};

use super::confirmation::{Approver, WriteOutcome, WriteRequest};
use super::{Parameters, Target, success, validate_ids};
use crate::confirm::WriteKind;
use crate::error::ToolError;
use crate::guard::filter_result;
use crate::render;
use crate::server::OdooServer;

/// The tool's name, in `tools/list` and in logs.
pub(crate) const NAME: &str = "call_method";

const DESCRIPTION: &str = "Call a business method allowed by the server policy (allowed_methods), e.g. a workflow \
button: `action_confirm` on sale.order, `action_post` on account.move. `ids`: the \
records it runs on; `kwargs`: named arguments. Example: {\"model\": \"sale.order\", \
\"method\": \"action_confirm\", \"ids\": [5]}.";

/// Longest method result shown as text.
const MAX_RESULT_CHARS: usize = 2000;

super::write_params! {
    /// Arguments of `call_method`.
    pub(crate) struct CallMethodParams {
        model: "Model, e.g. `sale.order`.";
        pub(crate) method: String,
        /// Records it runs on (omit for a model-level method).
        #[serde(default, deserialize_with = "super::lenient::opt_ids")]
        #[schemars(with = "Vec<i64>")]
        pub(crate) ids: Option<Vec<i64>>,
        /// Named arguments.
        #[serde(default)]
        #[schemars(with = "Map<String, Value>")]
        pub(crate) kwargs: Option<Map<String, Value>>,
    }
}

/// The result of `call_method`.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct CallMethodOutput {
    /// The instance called.
    pub(crate) instance: String,
    /// The model.
    pub(crate) model: String,
    /// The method called.
    pub(crate) method: String,
    /// What the method returned (often `true`, or an action description).
    #[schemars(with = "super::AnyValue")]
    pub(crate) result: Value,
    /// A preview instead of the write: a dry run, or a write waiting for confirmation.
    #[serde(flatten)]
    pub(crate) outcome: WriteOutcome,
}

#[tool_router(router = call_method_router, vis = "pub(crate)")]
impl OdooServer {
    #[tool(
        title = "Call a business method",
        description = DESCRIPTION,
        output_schema = schema_for_output::<CallMethodOutput>(),
        annotations(
            read_only_hint = false,
            destructive_hint = true,
            idempotent_hint = false,
            open_world_hint = true
        )
    )]
    async fn call_method(
        &self,
        approver: Approver,
        Parameters(p): Parameters<CallMethodParams>,
    ) -> CallToolResponse {
        super::run_tool(NAME, p, |p| self.run_call_method(&approver, p)).await
    }
}

impl OdooServer {
    async fn run_call_method(
        &self,
        approver: &Approver,
        p: CallMethodParams,
    ) -> Result<CallToolResponse, ToolError> {
        let instance = self.instance(p.instance.as_deref())?;
        let model = ModelName::new(p.model.trim())?;
        let method = MethodName::new(p.method.trim())?;
        instance.policy.check_method(&model, &method)?;
        if let Some(ids) = &p.ids {
            validate_ids(ids, instance.policy.max_records())?;
        }
        let target = Target {
            instance,
            model: model.clone(),
        };
        let instance = &target.instance;
        let mut kwargs = p.kwargs.unwrap_or_default();
        if !kwargs.is_empty() {
            let meta = self.meta(&target).await?;
            let ids = p.ids.as_ref().map_or(0, Vec::len);
            self.guard(&target)
                .check_kwargs(&model, meta, &mut kwargs, ids)
                .await?;
        }
        let operation = serde_json::json!({"tool": NAME, "instance": target.instance.name, "model": model.as_str(), "method": method.as_str(), "ids": p.ids, "kwargs": kwargs});
        let summary = format!(
            "Run {model}.{method}{}.",
            p.ids
                .as_ref()
                .map(|ids| format!(" on ids {}", render::id_summary(ids)))
                .unwrap_or_default()
        );
        let request = WriteRequest {
            kind: WriteKind::CallMethod,
            dry_run: p.dry_run,
            confirm: p.confirm.as_deref(),
            operation,
            summary,
        };
        if let Some(held) = self.hold_write(approver, &target, request).await? {
            let meta = self.meta(&target).await?;
            let ids = p.ids.clone().unwrap_or_default();
            let preview = self.preview_records(&target, &meta, &ids, false).await?;
            let on = if ids.is_empty() {
                "on the model".to_owned()
            } else {
                format!(
                    "on {} record{}",
                    ids.len(),
                    if ids.len() == 1 { "" } else { "s" }
                )
            };
            let headline = format!("would call {model}.{method} {on}.");
            let out = |outcome| CallMethodOutput {
                instance: instance.name.clone(),
                model: model.to_string(),
                method: method.to_string(),
                result: Value::Null,
                outcome,
            };
            return Ok(held.result(preview, &headline, &target, out));
        }
        let call = MethodCall {
            ids: p.ids.clone(),
            kwargs,
        };
        let mut result = instance.client.call(&model, &method, &call).await?;
        let filtered = filter_result(&instance.policy, &mut result);
        let on = match &p.ids {
            Some(ids) => format!(" on ids {}", render::id_summary(ids)),
            None => String::new(),
        };
        let mut text = format!(
            "{model}.{method}{on} done. Result: {}",
            render::compact_json(&result, MAX_RESULT_CHARS)
        );
        if !filtered.removed.is_empty() {
            text.push_str(&format!(
                " Secret keys removed from the result: {}.",
                filtered.removed.join(", ")
            ));
        }
        if filtered.truncated {
            text.push_str(&format!(
                " Lists in the result were cut at max_records = {} items, long strings replaced by \
                 their length.",
                instance.policy.max_records()
            ));
        }
        let out = CallMethodOutput {
            instance: instance.name.clone(),
            model: model.to_string(),
            method: method.to_string(),
            result,
            outcome: WriteOutcome::default(),
        };
        Ok(success(&out, text).into())
    }
}
