//! One `tools/call`, around the tool itself: find the caller, refuse a tool its restrictions
//! do not allow, run the tool in the caller's view of the server.

use rmcp::handler::server::tool::ToolCallContext;
use rmcp::model::{CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer};

use crate::server::OdooServer;

/// Answers `tools/call` on `root` for the caller of `context`.
pub(crate) async fn call_tool(
    root: &OdooServer,
    request: CallToolRequestParams,
    context: RequestContext<RoleServer>,
) -> Result<CallToolResponse, ErrorData> {
    let server = root.view_of(&context)?;
    let tool = request.name.to_string();
    if let Some(refusal) = refuse_tool(&server, &tool) {
        return Ok(CallToolResponse::Complete(refusal));
    }
    let router = server.tool_router();
    router
        .call(ToolCallContext::new(&server, request, context))
        .await
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
        "Refused: tool `{tool}` is not available to client `{name}` ({why}). Use one of the          tools tools/list returns; an administrator can change [server.clients.{name}]."
    ))]))
}
