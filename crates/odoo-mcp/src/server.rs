//! The MCP server handler: [`OdooServer`] answers tools, resources, resource templates,
//! prompts and completions for every configured Odoo instance, in both protocol eras
//! (2025-11-25 `initialize` and 2026-07-28 `server/discover`).
//!
//! Handlers are async and independent: no lock is held around an Odoo call, so concurrent
//! requests run concurrently.

use std::sync::Arc;

use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::tool::ToolCallContext;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, CompleteRequestParams, CompleteResult,
    GetPromptRequestParams, GetPromptResponse, Implementation, JsonObject, ListPromptsResult,
    ListResourceTemplatesResult, ListResourcesResult, NumberOrString, PaginatedRequestParams,
    ReadResourceRequestParams, ReadResourceResponse, ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::{RequestContext, serve_directly};
use rmcp::{ErrorData, RoleServer, ServerHandler, tool_handler};
use serde_json::Value;

use crate::confirm::token::ConfirmationKey;
use crate::instance::Instances;
use crate::metadata::MetadataCache;
use crate::{prompts, resources, tools};

/// What the server tells the model when it connects.
const INSTRUCTIONS: &str = "Odoo ERP access. Start with list_models (find a model by keyword, \
e.g. \"invoice\" → account.move) and describe_model (its fields), then search_records. \
Domains are JSON arrays in Odoo prefix notation: [[\"state\", \"=\", \"sale\"], \
[\"amount_total\", \">\", 1000]] (conditions are ANDed; put \"|\" before two conditions for OR). \
Results are paged: when a result says more records exist, call again with the offset it gives. \
Use count_records and aggregate_records for totals instead of reading many records. \
Many2one values read as {id, name}.";

struct Inner {
    instances: Instances,
    metadata: MetadataCache,
    tool_router: ToolRouter<OdooServer>,
    confirmation_key: ConfirmationKey,
}

/// The MCP server for a set of Odoo instances. Cloning is cheap (an `Arc`).
#[derive(Clone)]
pub struct OdooServer {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for OdooServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OdooServer")
            .field("instances", &self.inner.instances)
            .finish_non_exhaustive()
    }
}

impl OdooServer {
    /// A server for these instances. The write tools are offered only when at least one
    /// instance's policy enables writes; each call is still checked against its instance.
    pub fn new(instances: Instances) -> Self {
        let mut tool_router = tools::router(instances.writes_enabled_anywhere());
        describe_instances(&mut tool_router, &instances);
        Self {
            inner: Arc::new(Inner {
                instances,
                metadata: MetadataCache::default(),
                tool_router,
                confirmation_key: ConfirmationKey::random(),
            }),
        }
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

    /// The tools `tools/list` returns, sorted by name.
    pub fn tools(&self) -> Vec<Tool> {
        self.inner.tool_router.list_all()
    }

    /// Runs one tool outside of an MCP session (for `odoo-mcp call`): the same argument
    /// parsing, policy checks and rendering as `tools/call`. An unknown tool or malformed
    /// arguments give `Err`; failures the model should see give `Ok` with `is_error`.
    pub async fn call_tool_by_name(
        &self,
        name: &str,
        arguments: serde_json::Map<String, Value>,
    ) -> Result<CallToolResult, ErrorData> {
        if self.inner.tool_router.get(name).is_none() {
            let known: Vec<String> = self
                .tools()
                .into_iter()
                .map(|t| t.name.into_owned())
                .collect();
            return Err(ErrorData::invalid_params(
                format!("unknown tool {name:?}; tools: {}", known.join(", ")),
                None,
            ));
        }
        // rmcp's router wants a request context, whose peer only a running service can make:
        // run this server on an unused in-memory pipe for the duration of the call.
        let (pipe, _other_end) = tokio::io::duplex(64);
        let running = serve_directly(self.clone(), pipe, None);
        let context = RequestContext::new(NumberOrString::Number(0), running.peer().clone());
        let params = CallToolRequestParams::new(name.to_owned()).with_arguments(arguments);
        let outcome = self
            .inner
            .tool_router
            .call(ToolCallContext::new(self, params, context))
            .await;
        running.cancellation_token().cancel();
        match outcome? {
            CallToolResponse::Complete(result) => Ok(result),
            _ => Err(ErrorData::internal_error("the tool did not complete", None)),
        }
    }

    pub(crate) fn instances(&self) -> &Instances {
        &self.inner.instances
    }

    pub(crate) fn metadata(&self) -> &MetadataCache {
        &self.inner.metadata
    }

    pub(crate) fn confirmation_key(&self) -> &ConfirmationKey {
        &self.inner.confirmation_key
    }
}

/// Says in every tool's `instance` argument which instances exist and which is the default.
fn describe_instances(router: &mut ToolRouter<OdooServer>, instances: &Instances) {
    let names: Vec<String> = instances.iter().map(|i| format!("`{}`", i.name)).collect();
    let description = if names.len() == 1 {
        format!(
            "Odoo instance to use. Optional: the only configured instance is {}.",
            names.join("")
        )
    } else {
        format!(
            "Odoo instance to use: one of {}. Optional: defaults to `{}`.",
            names.join(", "),
            instances.default_name()
        )
    };
    for route in router.map.values_mut() {
        let mut schema: JsonObject = route.attr.input_schema.as_ref().clone();
        if let Some(Value::Object(prop)) = schema
            .get_mut("properties")
            .and_then(|p| p.get_mut("instance"))
        {
            prop.insert("description".into(), Value::String(description.clone()));
            route.attr.input_schema = Arc::new(schema);
        }
    }
}

#[tool_handler(router = self.inner.tool_router)]
impl ServerHandler for OdooServer {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_resources()
                .enable_prompts()
                .enable_completions()
                .build(),
        )
        .with_server_info(
            Implementation::new("odoo-mcp", env!("CARGO_PKG_VERSION"))
                .with_title("Odoo MCP server"),
        )
        .with_instructions(INSTRUCTIONS)
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        Ok(ListResourcesResult::with_all_items(resources::list(self)))
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
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        Ok(resources::read(self, &request.uri).await?.into())
    }

    async fn complete(
        &self,
        request: CompleteRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CompleteResult, ErrorData> {
        Ok(CompleteResult::new(
            resources::complete(self, &request).await,
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
        _context: RequestContext<RoleServer>,
    ) -> Result<GetPromptResponse, ErrorData> {
        Ok(prompts::get(self, &request)?.into())
    }
}
