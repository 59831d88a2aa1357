//! The MCP server handler: [`OdooServer`] answers tools, resources, resource templates,
//! prompts and completions for every configured Odoo instance, in both protocol eras
//! (2025-11-25 `initialize` and 2026-07-28 `server/discover`).
//!
//! Handlers are async and independent: no lock is held around an Odoo call, so concurrent
//! requests run concurrently.

use std::sync::{Arc, OnceLock};

use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::tool::ToolCallContext;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, CompleteRequestParams, CompleteResult,
    ContentBlock, GetPromptRequestParams, GetPromptResponse, Implementation, ListPromptsResult,
    ListResourceTemplatesResult, ListResourcesResult, ListToolsResult, NumberOrString,
    PaginatedRequestParams, ReadResourceRequestParams, ReadResourceResponse, ServerCapabilities,
    ServerConfig, Tool,
};
use rmcp::service::{RequestContext, serve_directly};
use rmcp::{ErrorData, RoleServer, ServerHandler};
use serde_json::Value;

use crate::audit::AuditLog;
use crate::caller::Caller;
use crate::config::ToolSelection;
use crate::confirm::token::ConfirmationKey;
use crate::connection::{self, ConnectionGate};
use crate::instance::{Instance, Instances};
use crate::limits::CallLimits;
use crate::metadata::MetadataCache;
use crate::{prompts, resources, tools};

/// What the server tells the model when it connects.
const INSTRUCTIONS: &str = "Odoo ERP access. Start with list_models (find a model by keyword, \
e.g. \"invoice\" → account.move) and describe_model (its fields), then search_records. \
Domains are JSON arrays in Odoo prefix notation: [[\"state\", \"=\", \"sale\"], \
[\"amount_total\", \">\", 1000]] (conditions are ANDed; put \"|\" before two conditions for OR). \
Results are paged: when a result says more records exist, call again with the offset it gives. \
Use count_records and aggregate_records for totals instead of reading many records. \
Every tool also takes company_id (act as that company), lang (e.g. \"fr_FR\") and tz (e.g. \
\"Europe/Paris\"). Many2one values read as {id, name} and are written as an id. Write tools take dry_run=true to \
preview, and when an answer asks for a person's confirmation, repeat the call with its token \
as confirm once the person agreed.";

/// What one client sees: its instances (narrowed policies, its own Odoo logins), their field
/// metadata (per Odoo user: field access differs between users) and its tools.
///
/// The tool router is built on first use (`tools/list`, a call), not when the server starts:
/// generating and compacting every tool's schema is most of start-up's work, and `initialize`
/// needs none of it (BENCHMARKS.md §1, start-up).
struct View {
    instances: Instances,
    metadata: MetadataCache,
    /// The tools a client with restrictions may see; `None`: every selected tool.
    tool_globs: Option<crate::caller::ToolGlobs>,
    tool_router: OnceLock<ToolRouter<OdooServer>>,
}

impl View {
    fn new(instances: Instances, tool_globs: Option<&crate::caller::ToolGlobs>) -> Self {
        Self {
            instances,
            metadata: MetadataCache::default(),
            tool_globs: tool_globs.cloned(),
            tool_router: OnceLock::new(),
        }
    }

    /// The router of this view's tools under `selection`, built on the first call.
    fn tool_router(&self, selection: &ToolSelection) -> &ToolRouter<OdooServer> {
        self.tool_router.get_or_init(|| {
            let mut tool_router = tools::selected_router(&self.instances, selection);
            if let Some(globs) = &self.tool_globs {
                let refused: Vec<String> = tool_router
                    .map
                    .keys()
                    .filter(|name| !globs.matches(name))
                    .map(|name| name.to_string())
                    .collect();
                for name in refused {
                    tool_router.remove_route(&name);
                }
            }
            tool_router
        })
    }
}

struct Inner {
    /// What unrestricted callers see.
    root: View,
    /// What each configured client with restrictions or its own Odoo logins sees.
    views: Vec<(String, View)>,
    confirmation_key: ConfirmationKey,
    connections: ConnectionGate,
    audit: AuditLog,
    limits: CallLimits,
    metrics: crate::metrics::Metrics,
    exports: resources::ExportStore,
    export_max_records: u64,
    /// Tool calls running as MCP tasks (`export_records` for clients that declared tasks).
    tasks: crate::tasks::Tasks,
    /// The tools offered (profile, globs, output schemas), for every view.
    selection: ToolSelection,
}

/// The MCP server for a set of Odoo instances. Cloning is cheap (an `Arc`).
///
/// A handle serves one [`Caller`]: the handler methods find the request's caller in its
/// context and answer through [`OdooServer::for_caller`], whose tools see that caller's
/// instances, policies and tools only.
#[derive(Clone)]
pub struct OdooServer {
    inner: Arc<Inner>,
    /// Index into `views`; `None`: the root view.
    view: Option<usize>,
    caller: Caller,
}

impl std::fmt::Debug for OdooServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OdooServer")
            .field("instances", self.instances())
            .field("caller", &self.caller.name())
            .finish_non_exhaustive()
    }
}

/// A caller has restrictions but no view was built for it.
#[derive(Debug, thiserror::Error)]
#[error("client `{0}` has restrictions this server was not configured for")]
pub(crate) struct NoView(String);

impl OdooServer {
    /// A server for these instances. The write tools are offered only when at least one
    /// instance's policy enables writes; each call is still checked against its instance.
    pub fn new(instances: Instances) -> Self {
        Self::with_tools(instances, &ToolSelection::default())
    }

    /// A server offering the tools `selection` picks (profile, globs, output schemas); the
    /// write tools still only when some instance allows writes.
    pub fn with_tools(instances: Instances, selection: &ToolSelection) -> Self {
        Self {
            inner: Arc::new(Inner {
                root: View::new(instances, None),
                views: Vec::new(),
                confirmation_key: ConfirmationKey::random(),
                connections: ConnectionGate::default(),
                audit: AuditLog::off(),
                limits: CallLimits::default(),
                metrics: crate::metrics::Metrics::default(),
                exports: resources::ExportStore::default(),
                export_max_records: crate::config::DEFAULT_EXPORT_MAX_RECORDS,
                tasks: crate::tasks::Tasks::default(),
                selection: selection.clone(),
            }),
            view: None,
            caller: Caller::local(),
        }
    }

    /// The same server with a view per named client that has restrictions or its own Odoo
    /// logins: only its instances (each policy narrowed, its own Odoo user where configured)
    /// and its tools. Call it before cloning the server.
    pub fn with_clients(mut self, config: &crate::Config) -> Result<Self, crate::InstancesError> {
        let mut views = Vec::new();
        for client in &config.server.auth.clients {
            if client.restrictions.is_unrestricted() && client.odoo.is_empty() {
                continue;
            }
            let instances = client_instances(self.instances(), config, client)?;
            views.push((
                client.name.clone(),
                View::new(instances, client.restrictions.tools.as_ref()),
            ));
        }
        match Arc::get_mut(&mut self.inner) {
            Some(inner) => inner.views = views,
            None => tracing::error!("clients were set on a shared server; ignored"),
        }
        Ok(self)
    }

    /// The same server signing confirmation tokens with `key` (a configured secret, shared by
    /// replicas) instead of a random one made at start.
    /// Call it before cloning the server: clones made earlier keep the old key.
    pub fn with_confirmation_key(mut self, key: ConfirmationKey) -> Self {
        match Arc::get_mut(&mut self.inner) {
            Some(inner) => inner.confirmation_key = key,
            None => tracing::error!("the confirmation key was set on a shared server; ignored"),
        }
        self
    }

    /// The same server re-checking an instance whose connection check failed `first` after the
    /// failure (default 10 s, doubling each time up to 5 min). Call it before cloning.
    pub fn with_connection_recheck(mut self, first: std::time::Duration) -> Self {
        match Arc::get_mut(&mut self.inner) {
            Some(inner) => inner.connections = ConnectionGate::new(first),
            None => tracing::error!("the re-check delay was set on a shared server; ignored"),
        }
        self
    }

    /// The same server letting `export_records` export up to `max` records per call.
    /// Call it before cloning the server: clones made earlier keep the old cap.
    pub fn with_export_max_records(mut self, max: u64) -> Self {
        match Arc::get_mut(&mut self.inner) {
            Some(inner) => inner.export_max_records = max,
            None => tracing::error!("the export cap was set on a shared server; ignored"),
        }
        self
    }

    /// The same server writing an audit line per tool call to `audit`. Call it before
    /// cloning the server.
    pub fn with_audit(mut self, audit: AuditLog) -> Self {
        match Arc::get_mut(&mut self.inner) {
            Some(inner) => inner.audit = audit,
            None => tracing::error!("the audit log was set on a shared server; ignored"),
        }
        self
    }

    /// Starts the connection check of every instance in the background (`serve`): problems are
    /// logged, and a configuration error is returned by the instance's tool calls until a
    /// re-check passes.
    pub fn check_connections_at_startup(&self) {
        connection::check_at_startup(self.instances(), &self.inner.connections);
    }

    /// [`check_connections_at_startup`](Self::check_connections_at_startup), waiting for the
    /// outcomes.
    pub async fn check_connections(&self) {
        connection::check_all(self.instances(), &self.inner.connections).await;
    }

    /// The tool result refusing a call whose instance failed its connection check, if it did
    /// (the instance as the server has it, whoever calls: the check is of the shared login).
    pub(crate) async fn connection_refusal(
        &self,
        request: &CallToolRequestParams,
    ) -> Option<CallToolResult> {
        let name = request
            .arguments
            .as_ref()
            .and_then(|a| a.get("instance"))
            .and_then(Value::as_str);
        let instance = self.instances().get(name).ok()?;
        let message = self.inner.connections.admit(instance).await.err()?;
        Some(CallToolResult::error(vec![ContentBlock::text(message)]))
    }

    /// The same server with the concurrency and time limits of `config`. Call it before
    /// cloning the server.
    pub fn with_limits(mut self, config: &crate::config::ServerConfig) -> Self {
        let limits = CallLimits::new(&config.limits, &config.auth.clients);
        match Arc::get_mut(&mut self.inner) {
            Some(inner) => inner.limits = limits,
            None => tracing::error!("limits were set on a shared server; ignored"),
        }
        self
    }

    /// The metrics.
    pub(crate) fn metrics(&self) -> &crate::metrics::Metrics {
        &self.inner.metrics
    }

    /// The limits of tool calls.
    pub(crate) fn limits(&self) -> &CallLimits {
        &self.inner.limits
    }

    /// The audit log.
    pub(crate) fn audit(&self) -> &AuditLog {
        &self.inner.audit
    }

    /// Whether `instance` exists but is hidden from this handle's caller.
    pub(crate) fn instance_hidden(&self, instance: &str) -> bool {
        self.inner.root.instances.get(Some(instance)).is_ok()
            && self.instances().get(Some(instance)).is_err()
    }

    /// This server as `caller` sees it: its view when it has one, the whole server when it is
    /// unrestricted. A restricted caller without a view (not configured) is refused.
    pub(crate) fn for_caller(&self, caller: Caller) -> Result<Self, NoView> {
        let view = self
            .inner
            .views
            .iter()
            .position(|(name, _)| name == caller.name());
        // An OAuth caller's scopes are enforced on each request's body by the HTTP layer; it
        // needs no configured view.
        if view.is_none()
            && !caller.restrictions().is_unrestricted()
            && caller.kind() != crate::caller::CallerKind::OAuth
        {
            return Err(NoView(caller.name().to_owned()));
        }
        Ok(Self {
            inner: Arc::clone(&self.inner),
            view,
            caller,
        })
    }

    fn current(&self) -> &View {
        match self.view.and_then(|i| self.inner.views.get(i)) {
            Some((_, view)) => view,
            None => &self.inner.root,
        }
    }

    /// The caller this handle serves.
    pub(crate) fn caller(&self) -> &Caller {
        &self.caller
    }

    /// The tools `tools/list` returns, sorted by name.
    pub fn tools(&self) -> Vec<Tool> {
        self.tool_router().list_all()
    }

    /// Whether the server has tool `name` for some caller.
    pub(crate) fn tool_exists(&self, name: &str) -> bool {
        self.inner
            .root
            .tool_router(&self.inner.selection)
            .has_route(name)
    }

    pub(crate) fn tool_router(&self) -> &ToolRouter<OdooServer> {
        self.current().tool_router(&self.inner.selection)
    }

    /// Runs one tool outside of an MCP session (for `odoo-mcp call`): the same argument
    /// parsing, policy checks and rendering as `tools/call`. An unknown tool or malformed
    /// arguments give `Err`; failures the model should see give `Ok` with `is_error`.
    pub async fn call_tool_by_name(
        &self,
        name: &str,
        arguments: serde_json::Map<String, Value>,
    ) -> Result<CallToolResult, ErrorData> {
        if self.tool_router().get(name).is_none() {
            let known: Vec<String> = self
                .tools()
                .into_iter()
                .map(|t| t.name.into_owned())
                .collect();
            let hint = crate::suggest::did_you_mean(name, known.iter().map(String::as_str));
            return Err(ErrorData::invalid_params(
                format!(
                    "unknown tool {name:?}.{hint} Tools: {} (`odoo-mcp tools` shows their arguments)",
                    known.join(", ")
                ),
                None,
            ));
        }
        // rmcp's router wants a request context, whose peer only a running service can make:
        // run this server on an unused in-memory pipe for the duration of the call.
        let (pipe, _other_end) = tokio::io::duplex(64);
        let running = serve_directly(self.clone(), pipe, None);
        let context = RequestContext::new(NumberOrString::Number(0), running.peer().clone());
        let params = CallToolRequestParams::new(name.to_owned()).with_arguments(arguments);
        let outcome = self.call_in_context(params, context).await;
        running.cancellation_token().cancel();
        match outcome? {
            CallToolResponse::Complete(mut result) => {
                crate::audit::take_mark(&mut result);
                Ok(result)
            }
            _ => Err(ErrorData::internal_error("the tool did not complete", None)),
        }
    }

    /// Runs a tool call with its context arguments (`company_id`, `lang`, `tz`) taken out of
    /// its arguments and applied to the instance's client for the call.
    pub(crate) async fn call_in_context(
        &self,
        mut request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let call_context = match tools::take_context(request.arguments.as_mut()) {
            Ok(c) => c,
            Err(e) => return Ok(CallToolResponse::Complete(e.into_result())),
        };
        let call = self
            .tool_router()
            .call(ToolCallContext::new(self, request, context));
        tools::in_call_context(call_context, call).await
    }

    pub(crate) fn instances(&self) -> &Instances {
        &self.current().instances
    }

    pub(crate) fn metadata(&self) -> &MetadataCache {
        &self.current().metadata
    }

    pub(crate) fn exports(&self) -> &resources::ExportStore {
        &self.inner.exports
    }

    pub(crate) fn export_max_records(&self) -> u64 {
        self.inner.export_max_records
    }

    /// The tool calls running as MCP tasks.
    pub(crate) fn tasks(&self) -> &crate::tasks::Tasks {
        &self.inner.tasks
    }

    pub(crate) fn confirmation_key(&self) -> &ConfirmationKey {
        &self.inner.confirmation_key
    }
}

/// The instances `client` may use: narrowed policies, its own Odoo logins where configured.
fn client_instances(
    all: &Instances,
    config: &crate::Config,
    client: &crate::config::ClientConfig,
) -> Result<Instances, crate::InstancesError> {
    let restrictions = &client.restrictions;
    let mut list = Vec::new();
    for instance in all.iter() {
        if !restrictions.allows_instance(&instance.name) {
            continue;
        }
        let policy = instance
            .policy
            .narrowed_for(&client.name, restrictions)
            .map_err(|source| crate::InstancesError::ClientPolicy {
                name: instance.name.clone(),
                client: client.name.clone(),
                source,
            })?;
        let login = client.odoo.iter().find(|l| l.instance == instance.name);
        let odoo =
            match (login, config.instance(&instance.name)) {
                (Some(login), Some(ic)) => login.apply(ic).build_client().map_err(|source| {
                    crate::InstancesError::Client {
                        name: format!("{} (client {})", instance.name, client.name),
                        source,
                    }
                })?,
                _ => instance.client.clone(),
            };
        list.push(Instance::new(instance.name.clone(), odoo, policy));
    }
    let default = if restrictions.allows_instance(all.default_name()) {
        all.default_name().to_owned()
    } else {
        list.first().map(|i| i.name.clone()).unwrap_or_default()
    };
    Instances::new(list, &default)
}

impl OdooServer {
    /// This server as the caller of `context` sees it.
    pub(crate) fn view_of(&self, context: &RequestContext<RoleServer>) -> Result<Self, ErrorData> {
        self.for_caller(Caller::of(context)).map_err(|e| {
            tracing::warn!(error = %e, "refused a caller without a view");
            ErrorData::invalid_request(e.to_string(), None)
        })
    }
}

impl ServerHandler for OdooServer {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_resources()
                .enable_prompts()
                .enable_completions()
                .enable_tasks()
                .build(),
        )
        .with_server_info(
            Implementation::new("odoo-mcp", env!("CARGO_PKG_VERSION"))
                .with_title("Odoo MCP server"),
        )
        .with_instructions(INSTRUCTIONS)
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        crate::dispatch::call_tool(self, request, context).await
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        let server = self.view_of(&context)?;
        let mut tools = server.tools();
        if server.caller().restrictions().read_only {
            tools.retain(|t| !tools::is_write_tool(&t.name));
        }
        let mut result = ListToolsResult::with_all_items(tools);
        if context
            .protocol_version()
            .is_some_and(|v| v >= rmcp::model::ProtocolVersion::V_2026_07_28)
        {
            // The list depends on who asks once clients are restricted.
            result.ttl_ms = Some(0);
            result.cache_scope = Some(if self.inner.views.is_empty() {
                rmcp::model::CacheScope::Public
            } else {
                rmcp::model::CacheScope::Private
            });
        }
        Ok(result)
    }

    async fn get_task(
        &self,
        request: rmcp::model::GetTaskParams,
        context: RequestContext<RoleServer>,
    ) -> Result<rmcp::model::GetTaskResult, ErrorData> {
        let task = self
            .inner
            .tasks
            .get(&Caller::of(&context), &request.task_id)?;
        Ok(rmcp::model::GetTaskResult::new(task))
    }

    async fn update_task(
        &self,
        request: rmcp::model::UpdateTaskParams,
        context: RequestContext<RoleServer>,
    ) -> Result<(), ErrorData> {
        self.inner.tasks.update(
            &Caller::of(&context),
            &request.task_id,
            request.input_responses,
        )
    }

    async fn cancel_task(
        &self,
        request: rmcp::model::CancelTaskParams,
        context: RequestContext<RoleServer>,
    ) -> Result<(), ErrorData> {
        self.inner
            .tasks
            .cancel(&Caller::of(&context), &request.task_id)
    }

    async fn on_custom_request(
        &self,
        request: rmcp::model::CustomRequest,
        _context: RequestContext<RoleServer>,
    ) -> Result<rmcp::model::CustomResult, ErrorData> {
        Err(crate::malformed::refusal(&request))
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        self.tool_router().get(name).cloned()
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        let server = self.view_of(&context)?;
        Ok(ListResourcesResult::with_all_items(resources::list(
            &server,
        )))
    }

    async fn list_resource_templates(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourceTemplatesResult, ErrorData> {
        Ok(ListResourceTemplatesResult::with_all_items(
            resources::templates(),
        ))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        let server = self.view_of(&context)?;
        Ok(resources::read(&server, &request.uri).await?.into())
    }

    async fn complete(
        &self,
        request: CompleteRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CompleteResult, ErrorData> {
        let server = self.view_of(&context)?;
        Ok(CompleteResult::new(
            resources::complete(&server, &request).await,
        ))
    }

    async fn list_prompts(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListPromptsResult, ErrorData> {
        Ok(ListPromptsResult::with_all_items(prompts::list()))
    }

    async fn get_prompt(
        &self,
        request: GetPromptRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<GetPromptResponse, ErrorData> {
        let server = self.view_of(&context)?;
        Ok(prompts::get(&server, &request)?.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tool_router_is_built_on_first_use_not_at_start() {
        let server = OdooServer::new(crate::demo::offline_instances().expect("demo instance"));
        assert!(
            server.inner.root.tool_router.get().is_none(),
            "the router (every tool's schema) was built before anyone asked for it"
        );
        let names: Vec<String> = server
            .tools()
            .into_iter()
            .map(|t| t.name.into_owned())
            .collect();
        assert!(names.iter().any(|n| n == "search_records"), "{names:?}");
        assert!(server.inner.root.tool_router.get().is_some());
    }
}
