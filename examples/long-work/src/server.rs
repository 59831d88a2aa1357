//! The MCP side: the tool `count_primes`, called either plainly (the reply comes when the job
//! is done; progress notifications meanwhile if the client asked; `notifications/cancelled`
//! stops it) or as an MCP task when the client declares the tasks extension (the reply is a
//! task id at once; the client polls `tasks/get` and may `tasks/cancel`).

use std::sync::Arc;

use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::tool::ToolCallContext;
use rmcp::handler::server::wrapper::{Json, Parameters};
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, CancelTaskParams, ContentBlock,
    CreateTaskResult, GetTaskParams, GetTaskResult, Implementation, ListToolsResult,
    PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool, UpdateTaskParams,
};
use rmcp::service::RequestContext;
use rmcp::task_manager::{TaskExit, TaskManager, TaskOptions};
use rmcp::{ErrorData, RoleServer, ServerHandler, tool, tool_router};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::job::{JobError, Limits, Progress};

/// How long a finished task's result is kept for `tasks/get`.
const TASK_TTL_MS: u64 = 60_000;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CountArgs {
    /// Count the primes below this number: 2 to 50000000.
    below: u64,
}

/// The result of `count_primes`.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct Count {
    /// The bound, as given.
    below: u64,
    /// How many primes are below it.
    primes: u64,
}

/// The server. Cheap to clone.
#[derive(Clone)]
pub(crate) struct LongWork {
    limits: Arc<Limits>,
    tasks: TaskManager,
    tool_router: ToolRouter<Self>,
}

#[tool_router]
impl LongWork {
    pub(crate) fn new(limits: Limits) -> Self {
        Self {
            limits: Arc::new(limits),
            tasks: TaskManager::new(),
            tool_router: Self::tool_router(),
        }
    }

    /// The plain call. `context` brings the progress token, the peer to notify, and the
    /// cancellation token (`context.ct`) that rmcp cancels on `notifications/cancelled`.
    #[tool(
        description = "Count the prime numbers below `below` (2 to 50000000). Slow for large \
            numbers: reports progress when asked, stops when cancelled, and runs as an MCP task \
            for clients that support tasks.",
        annotations(read_only_hint = true, idempotent_hint = true, open_world_hint = false)
    )]
    async fn count_primes(
        &self,
        Parameters(args): Parameters<CountArgs>,
        context: RequestContext<RoleServer>,
    ) -> Result<Json<Count>, String> {
        let job = self.limits.admit(args.below).map_err(|e| e.to_string())?;
        let progress = Progress::of(&context);
        match job.run(progress, context.ct.cancelled()).await {
            Ok(primes) => Ok(Json(Count {
                below: args.below,
                primes,
            })),
            Err(e) => {
                tracing::info!(below = args.below, outcome = %e, "count_primes stopped");
                Err(e.to_string())
            }
        }
    }
}

impl LongWork {
    /// Starts `count_primes` as a task: admitted (or refused) now, run in the background.
    fn start_task(&self, request: &CallToolRequestParams) -> CallToolResponse {
        let refuse =
            |message: String| CallToolResult::error(vec![ContentBlock::text(message)]).into();
        let arguments = serde_json::Value::Object(request.arguments.clone().unwrap_or_default());
        let args: CountArgs = match serde_json::from_value(arguments) {
            Ok(args) => args,
            Err(e) => return refuse(format!("invalid arguments: {e}")),
        };
        let job = match self.limits.admit(args.below) {
            Ok(job) => job,
            Err(e) => return refuse(e.to_string()),
        };
        let options = TaskOptions::new()
            .with_ttl_ms(TASK_TTL_MS)
            .with_poll_interval_ms(200);
        let below = args.below;
        let task = self.tasks.spawn(options, move |ctx| {
            Box::pin(async move {
                match job.run(None, ctx.cancelled()).await {
                    Ok(primes) => {
                        let value = serde_json::json!({ "below": below, "primes": primes });
                        Ok(CallToolResult::structured(value))
                    }
                    Err(JobError::Cancelled) => Err(TaskExit::Cancelled),
                    Err(e) => Ok(CallToolResult::error(vec![ContentBlock::text(
                        e.to_string(),
                    )])),
                }
            })
        });
        CallToolResponse::Task(CreateTaskResult::new(task))
    }
}

impl ServerHandler for LongWork {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_tasks()
                .build(),
        )
        .with_server_info(Implementation::new("long-work", env!("CARGO_PKG_VERSION")))
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(self.tool_router.list_all()))
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        self.tool_router.get(name).cloned()
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let wants_task = context
            .client_capabilities()
            .is_some_and(|caps| caps.supports_tasks());
        if wants_task && request.name == "count_primes" {
            return Ok(self.start_task(&request));
        }
        self.tool_router
            .call(ToolCallContext::new(self, request, context))
            .await
    }

    async fn get_task(
        &self,
        request: GetTaskParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<GetTaskResult, ErrorData> {
        Ok(GetTaskResult::new(self.tasks.get_task(&request.task_id)?))
    }

    async fn update_task(
        &self,
        request: UpdateTaskParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<(), ErrorData> {
        self.tasks
            .update_task(&request.task_id, request.input_responses)
    }

    async fn cancel_task(
        &self,
        request: CancelTaskParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<(), ErrorData> {
        self.tasks.cancel_task(&request.task_id)
    }
}
