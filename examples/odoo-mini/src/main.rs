//! odoo-mini: a small MCP server for Odoo on the project's `odoo-client`, with one tool,
//! `search`.
//!
//! The lesson: **least privilege towards the backend.** The model cannot name a model, a field
//! or a method that is not on the list below: [`Model`] is an enum (its JSON schema is an
//! `enum`, and anything else fails to deserialise), each model has a fixed list of fields,
//! the filter is built here from a bounded text (no raw domains), only `search_read` is ever
//! called, and the server logs in as a user that can only read (run it with a read-only API
//! key): Odoo's own access rights are the second wall (that user may not even read
//! `sale.order`, though it is on the list). Whatever the model is tricked into asking, the worst
//! it can get is a page of names.
//!
//! Usage: `ODOO_URL=https://odoo.example.com ODOO_DB=prod ODOO_API_KEY=… odoo-mini`

#![forbid(unsafe_code)]
#![deny(clippy::print_stdout)]

use anyhow::Context;
use odoo_client::domain::Operator;
use odoo_client::{Client, Domain, ModelName, SearchRead};
use rmcp::handler::server::wrapper::{Json, Parameters};
use rmcp::model::{Implementation, ServerCapabilities, ServerConfig};
use rmcp::{ServerHandler, ServiceExt, tool, tool_handler, tool_router};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

const MAX_TEXT_CHARS: usize = 100;
const MAX_LIMIT: u64 = 50;

/// The models the tool may read: the allow-list *is* this type.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
enum Model {
    /// Contacts and companies.
    #[serde(rename = "res.partner")]
    Partner,
    /// Products.
    #[serde(rename = "product.product")]
    Product,
    /// Sales orders.
    #[serde(rename = "sale.order")]
    SaleOrder,
}

impl Model {
    /// The technical name and the only fields returned (no `password`, no `api_key`, no
    /// internal notes: a field not listed here is never read).
    fn spec(self) -> (&'static str, &'static [&'static str]) {
        match self {
            Model::Partner => ("res.partner", &["name", "email", "city", "is_company"]),
            Model::Product => ("product.product", &["name", "default_code", "list_price"]),
            Model::SaleOrder => (
                "sale.order",
                &["name", "partner_id", "amount_total", "state"],
            ),
        }
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct SearchArgs {
    /// Which records: "res.partner", "product.product" or "sale.order".
    model: Model,
    /// Only records whose name contains this text (case-insensitive; at most 100 characters).
    #[serde(default)]
    text: Option<String>,
    /// At most this many records, 1 to 50 (default 10).
    #[serde(default)]
    limit: Option<u64>,
}

#[derive(Debug, Serialize, JsonSchema)]
struct SearchOutput {
    /// The model searched.
    model: String,
    /// The records found, with the model's listed fields only.
    records: Vec<Map<String, Value>>,
}

#[derive(Debug, Clone)]
struct OdooMini {
    odoo: Client,
}

#[tool_router]
impl OdooMini {
    #[tool(
        description = "Search Odoo contacts (res.partner), products (product.product) or sales \
            orders (sale.order) by name. Example: {\"model\": \"res.partner\", \"text\": \"acme\"}.",
        annotations(read_only_hint = true, idempotent_hint = true, open_world_hint = true)
    )]
    async fn search(
        &self,
        Parameters(args): Parameters<SearchArgs>,
    ) -> Result<Json<SearchOutput>, String> {
        let (model, fields) = args.model.spec();
        let limit = args.limit.unwrap_or(10);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(format!("`limit` must be 1 to {MAX_LIMIT}; got {limit}"));
        }
        let domain = match args.text.as_deref().map(str::trim) {
            None | Some("") => Domain::default(),
            Some(text) if text.chars().count() > MAX_TEXT_CHARS => {
                return Err(format!(
                    "`text` must be at most {MAX_TEXT_CHARS} characters"
                ));
            }
            Some(text) => Domain::leaf("name", Operator::Ilike, text),
        };
        let model_name = ModelName::new(model).map_err(|e| e.to_string())?;
        let query = SearchRead::new(domain)
            .fields(fields.iter().copied())
            .map_err(|e| e.to_string())?
            .limit(limit)
            .order(odoo_client::Order::parse("id").map_err(|e| e.to_string())?);
        let records = self
            .odoo
            .search_read(&model_name, &query)
            .await
            .map_err(|e| {
                tracing::warn!(model, error = %e, "search failed");
                format!("Odoo refused or failed: {e}")
            })?;
        Ok(Json(SearchOutput {
            model: model.to_owned(),
            records,
        }))
    }
}

#[tool_handler]
impl ServerHandler for OdooMini {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("odoo-mini", env!("CARGO_PKG_VERSION")))
    }
}

fn odoo_from_env() -> anyhow::Result<Client> {
    let var = |name: &str| std::env::var(name).with_context(|| format!("set {name} (see README)"));
    Client::builder(var("ODOO_URL")?)
        .database(var("ODOO_DB")?)
        .api_key(var("ODOO_API_KEY")?)
        .build()
        .context("the Odoo settings are not usable")
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let server = OdooMini {
        odoo: odoo_from_env()?,
    };
    let running = server.serve(rmcp::transport::stdio()).await?;
    running.waiting().await?;
    Ok(())
}

#[cfg(test)]
mod tests;
