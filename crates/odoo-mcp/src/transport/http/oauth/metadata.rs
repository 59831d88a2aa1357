//! The RFC 9728 protected resource metadata: what clients fetch to learn which authorization
//! server issues tokens for this server and which scopes exist. Served at
//! `/.well-known/oauth-protected-resource` and at the path-suffixed form
//! (`/.well-known/oauth-protected-resource/mcp`, or the audience's own path), without
//! authentication; its URL is named in every 401 challenge (`resource_metadata`).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use url::Url;

use crate::config::OAuthConfig;

/// The well-known path prefix (RFC 9728 §3).
pub(crate) const WELL_KNOWN: &str = "/.well-known/oauth-protected-resource";

/// The document and where it is published.
#[derive(Debug)]
pub(crate) struct ResourceMetadata {
    document: Value,
    url: String,
    suffixes: Vec<String>,
    scope_hint: String,
}

impl ResourceMetadata {
    /// The metadata of `config`'s resource.
    pub(crate) fn new(config: &OAuthConfig) -> Self {
        let document = json!({
            "resource": config.audience,
            "authorization_servers": [config.issuer],
            "scopes_supported": config.scopes_supported(),
            "bearer_methods_supported": ["header"],
            "resource_name": "Odoo MCP server",
        });
        // The audience was validated as a URL; its path (without a trailing slash) is the
        // suffix clients derive from the resource.
        let path = Url::parse(&config.audience)
            .map(|u| u.path().trim_end_matches('/').to_owned())
            .unwrap_or_default();
        let origin = Url::parse(&config.audience)
            .map(|u| u.origin().ascii_serialization())
            .unwrap_or_default();
        let mut suffixes = vec![String::new(), "/mcp".to_owned()];
        if !suffixes.contains(&path) {
            suffixes.push(path.clone());
        }
        let mut hint = config.required_scopes.clone();
        hint.push(config.scope_read.clone());
        Self {
            document,
            url: format!("{origin}{WELL_KNOWN}{path}"),
            suffixes,
            scope_hint: hint.join(" "),
        }
    }

    /// The URL of the document, as the audience's origin publishes it.
    pub(crate) fn url(&self) -> &str {
        &self.url
    }

    /// The scopes a client should ask for first (`scope` of the 401 challenge).
    pub(crate) fn scope_hint(&self) -> &str {
        &self.scope_hint
    }

    fn response(&self, suffix: &str) -> Response {
        if !self.suffixes.iter().any(|s| s == suffix) {
            return StatusCode::NOT_FOUND.into_response();
        }
        let mut response = axum::Json(self.document.clone()).into_response();
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=3600"),
        );
        response
    }
}

/// `GET /.well-known/oauth-protected-resource`.
pub(crate) async fn serve_root(State(meta): State<Arc<ResourceMetadata>>) -> Response {
    meta.response("")
}

/// `GET /.well-known/oauth-protected-resource/{*path}`: the path-suffixed forms.
pub(crate) async fn serve_suffixed(
    State(meta): State<Arc<ResourceMetadata>>,
    Path(rest): Path<String>,
) -> Response {
    meta.response(&format!("/{}", rest.trim_end_matches('/')))
}

#[cfg(test)]
mod tests {
    use super::super::test_issuer::config_for;
    use super::*;

    #[tokio::test]
    async fn the_document_names_the_resource_issuer_and_scopes() {
        let mut config = config_for("https://login.example.com");
        config.audience = "https://mcp.example.com/odoo/mcp".to_owned();
        config.required_scopes = vec!["mcp".to_owned()];
        let meta = ResourceMetadata::new(&config);
        assert_eq!(
            meta.url(),
            "https://mcp.example.com/.well-known/oauth-protected-resource/odoo/mcp"
        );
        assert_eq!(meta.scope_hint(), "mcp odoo.read");
        for suffix in ["", "/mcp", "/odoo/mcp"] {
            let response = meta.response(suffix);
            assert_eq!(response.status(), StatusCode::OK, "{suffix}");
            let body = axum::body::to_bytes(response.into_body(), 4096)
                .await
                .expect("body");
            let doc: Value = serde_json::from_slice(&body).expect("JSON");
            assert_eq!(doc["resource"], "https://mcp.example.com/odoo/mcp");
            assert_eq!(
                doc["authorization_servers"],
                json!(["https://login.example.com"])
            );
            assert_eq!(
                doc["scopes_supported"],
                json!(["odoo.read", "odoo.write", "mcp"])
            );
            assert_eq!(doc["bearer_methods_supported"], json!(["header"]));
        }
        assert_eq!(meta.response("/other").status(), StatusCode::NOT_FOUND);
    }
}
