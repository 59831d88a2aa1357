//! One `tools/call`, around the tool itself: find the caller, refuse a tool its restrictions
//! do not allow, refuse a call to an instance whose connection check failed, run the tool in
//! the caller's view of the server, and write the audit line (every call, refused and failed
//! ones included).

use std::time::Instant;

use rmcp::model::{CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer};

use crate::audit::{CallRecord, Outcome, RefusedBy};
use crate::server::OdooServer;

/// Answers `tools/call` on `root` for the caller of `context`.
///
/// The call's future is boxed: rmcp spawns a task per request, and tokio copies the task's
/// future several times when it spawns it and once more when it finishes. Unboxed, every
/// tool's nested state (tens of kilobytes) would be copied each time; boxed, only a pointer
/// is (BENCHMARKS.md §1).
pub(crate) fn call_tool<'a>(
    root: &'a OdooServer,
    request: CallToolRequestParams,
    context: RequestContext<RoleServer>,
) -> std::pin::Pin<Box<dyn Future<Output = Result<CallToolResponse, ErrorData>> + Send + 'a>> {
    Box::pin(answer(root, request, context))
}

async fn answer(
    root: &OdooServer,
    request: CallToolRequestParams,
    context: RequestContext<RoleServer>,
) -> Result<CallToolResponse, ErrorData> {
    let server = root.view_of(&context)?;
    let started = Instant::now();
    let tool = request.name.to_string();
    let write = crate::tools::is_write_tool(&tool);
    let audit = server.audit().clone();
    let record = audit.is_enabled().then(|| {
        CallRecord::start(
            server.caller(),
            context.id.to_string(),
            &tool,
            request.arguments.as_ref(),
            server.instances().default_name(),
            write,
        )
    });
    let arguments = audit.values().then(|| request.arguments.clone()).flatten();
    let named_instance = request
        .arguments
        .as_ref()
        .and_then(|a| a.get("instance"))
        .and_then(|v| v.as_str())
        .map(str::to_owned);

    let (response, mut outcome) = match refuse_tool(&server, &tool) {
        Some(refusal) => (
            Ok(CallToolResponse::Complete(refusal)),
            Outcome::Refused(RefusedBy::Tools),
        ),
        None => match root.connection_refusal(&request).await {
            Some(refusal) => (
                Ok(CallToolResponse::Complete(refusal)),
                Outcome::Refused(RefusedBy::Connection),
            ),
            None => run_limited(&server, &tool, write, request, context).await,
        },
    };
    if outcome == Outcome::ToolError
        && named_instance.is_some_and(|name| server.instance_hidden(&name))
    {
        outcome = Outcome::Refused(RefusedBy::Instances);
    }
    server
        .metrics()
        .tool_call(&tool, &outcome.label(), started.elapsed());
    if let Some(record) = record {
        let structured = match &response {
            Ok(CallToolResponse::Complete(result)) => result.structured_content.as_ref(),
            _ => None,
        };
        let mut record = record.finish(&outcome, structured, started.elapsed());
        if let Ok(instance) = server.instances().get(None) {
            record = record.with_values(arguments.as_ref(), &instance.policy);
        }
        audit.write(&record);
    }
    response
}

/// Runs the tool within the caller's concurrency limit and the call timeout.
async fn run_limited(
    server: &OdooServer,
    tool: &str,
    write: bool,
    request: CallToolRequestParams,
    context: RequestContext<RoleServer>,
) -> (Result<CallToolResponse, ErrorData>, Outcome) {
    let limits = server.limits();
    let deadline = tokio::time::Instant::now() + limits.timeout();
    let seconds = limits.timeout().as_secs();
    let caller = server.caller().name();
    let slot = tokio::time::timeout_at(deadline, limits.slot(caller)).await;
    let Ok(Some(_slot)) = slot else {
        let busy = CallToolResult::error(vec![ContentBlock::text(format!(
            "Refused: the server is busy (client `{caller}` or all clients together have the \
             most tool calls running at once that the server allows, and none finished within \
             {seconds} s). Nothing was done; try again shortly, with fewer calls in parallel."
        ))]);
        return (
            Ok(CallToolResponse::Complete(busy)),
            Outcome::Refused(RefusedBy::Concurrency),
        );
    };
    let call = server.call_in_context(request, context);
    match tokio::time::timeout_at(deadline, call).await {
        Ok(Ok(CallToolResponse::Complete(mut result))) => {
            let outcome = crate::audit::take_mark(&mut result);
            (Ok(CallToolResponse::Complete(result)), outcome)
        }
        Ok(Ok(other)) => (Ok(other), Outcome::Ok),
        Ok(Err(e)) => (Err(e), Outcome::ToolError),
        Err(_elapsed) => {
            tracing::warn!(tool, write, seconds, "a tool call timed out");
            let (message, outcome) = if write {
                (
                    format!(
                        "No answer within {seconds} s: the change may or may not have been \
                         applied in Odoo. Check the records (search_records or read_records) \
                         before trying again; the server does not retry it."
                    ),
                    Outcome::Unknown,
                )
            } else {
                (
                    format!(
                        "{tool} did not finish within {seconds} s and was abandoned: narrow \
                         the request (a tighter domain, fewer fields, a smaller limit) or try \
                         again later."
                    ),
                    Outcome::ToolError,
                )
            };
            let result = CallToolResult::error(vec![ContentBlock::text(message)]);
            (Ok(CallToolResponse::Complete(result)), outcome)
        }
    }
}

/// A tool the server has but the caller's view leaves out (its `tools` globs, or a write tool
/// for a read-only client): an error result naming the rule, so the model stops trying. A tool
/// that does not exist at all stays rmcp's "tool not found".
fn refuse_tool(server: &OdooServer, tool: &str) -> Option<CallToolResult> {
    if server.tool_router().has_route(tool) || !server.tool_exists(tool) {
        return None;
    }
    let caller = server.caller();
    let name = caller.name();
    let why = match &caller.restrictions().tools {
        Some(globs) if !globs.matches(tool) => {
            format!("its tools are {}", globs.texts().join(", "))
        }
        _ => "it may not write on its instances".to_owned(),
    };
    Some(CallToolResult::error(vec![ContentBlock::text(format!(
        "Refused: tool `{tool}` is not available to client `{name}` ({why}). Use one of the \
         tools tools/list returns; an administrator can change [server.clients.{name}]."
    ))]))
}
