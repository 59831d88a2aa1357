//! Running one tool call: argument errors as results, a span naming the tool, instance and
//! model, and the handler's outcome as a result (with a model-name hint where Odoo knows none).

use rmcp::model::CallToolResult;

use super::finish;
use crate::error::ToolError;

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
        impl $crate::tools::Addressed for $params {
            fn instance(&self) -> Option<&str> {
                self.instance.as_deref()
            }
        }
    };
    ($params:ty, model) => {
        impl $crate::tools::Addressed for $params {
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
