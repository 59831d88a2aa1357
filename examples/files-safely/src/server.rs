//! The MCP side: every file of the folder as a resource, a resource template `files:///{path}`
//! whose `path` argument completes, and reads that go through `paths.rs`.

use std::sync::Arc;

use rmcp::model::{
    CompleteRequestParams, CompleteResult, CompletionInfo, Implementation,
    ListResourceTemplatesResult, ListResourcesResult, PaginatedRequestParams,
    ReadResourceRequestParams, ReadResourceResponse, ReadResourceResult, Reference, Resource,
    ResourceContents, ResourceTemplate, ServerCapabilities, ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler};

use crate::paths::Root;
use crate::uri;

/// The server for one shared folder. Cheap to clone.
#[derive(Debug, Clone)]
pub(crate) struct FilesServer {
    root: Arc<Root>,
}

impl FilesServer {
    pub(crate) fn new(root: Root) -> Self {
        Self {
            root: Arc::new(root),
        }
    }
}

impl ServerHandler for FilesServer {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_resources()
                .enable_completions()
                .build(),
        )
        .with_server_info(Implementation::new(
            "files-safely",
            env!("CARGO_PKG_VERSION"),
        ))
        .with_instructions("Read-only access to one folder: files:///<relative path>.")
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        let resources = self
            .root
            .list()
            .into_iter()
            .map(|path| Resource::new(uri::to_uri(&path), path).with_mime_type("text/plain"))
            .collect();
        Ok(ListResourcesResult::with_all_items(resources))
    }

    async fn list_resource_templates(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourceTemplatesResult, ErrorData> {
        let template = ResourceTemplate::new(uri::TEMPLATE, "file")
            .with_description("A text file in the shared folder, by its relative path.")
            .with_mime_type("text/plain");
        Ok(ListResourceTemplatesResult::with_all_items(vec![template]))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        let text = uri::path_of(&request.uri).and_then(|path| self.root.read_text(&path));
        match text {
            Ok(text) => {
                Ok(ReadResourceResult::new(vec![ResourceContents::text(text, request.uri)]).into())
            }
            Err(refusal) => {
                // The log gets the URI (bounded); the client gets the reason only.
                let shown: String = request.uri.chars().take(200).collect();
                tracing::warn!(uri = %shown, %refusal, "read refused");
                Err(ErrorData::resource_not_found(refusal.to_string(), None))
            }
        }
    }

    /// Completes `path` of `files:///{path}`: the listed files starting with what was typed.
    async fn complete(
        &self,
        request: CompleteRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CompleteResult, ErrorData> {
        let ours = matches!(&request.r#ref, Reference::Resource(r) if r.uri == uri::TEMPLATE);
        if !ours || request.argument.name != "path" {
            return Ok(CompleteResult::new(CompletionInfo::default()));
        }
        let typed = &request.argument.value;
        let matches: Vec<String> = self
            .root
            .list()
            .into_iter()
            .filter(|p| p.starts_with(typed.as_str()))
            .collect();
        let total = matches.len();
        let shown: Vec<String> = matches
            .into_iter()
            .take(CompletionInfo::MAX_VALUES)
            .collect();
        let more = total > shown.len();
        let info = CompletionInfo::with_pagination(shown, u32::try_from(total).ok(), more)
            .unwrap_or_default();
        Ok(CompleteResult::new(info))
    }
}
