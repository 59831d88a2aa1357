//! Benchmarks of the MCP tool path against direct Odoo calls: latency of `search_records`,
//! `read_records`, `count_records` and `aggregate_records` through the in-process server
//! (rmcp client ↔ `OdooServer` over `tokio::io::duplex`) versus the same calls made with
//! `odoo_client` against the simulator, and the output size of typical tool calls.
//!
//! The Streamable HTTP section (`http.rs`) compares session and stateless mode.
//!
//! Run with `cargo bench -p odoo-mcp`. The target: a tool call costs at most 1.5× the direct call.

use std::error::Error;

use odoo_client::{
    Aggregate, AggregateFunction, Domain, FieldName, GroupBy, ModelName, SearchRead,
};
use odoo_mcp::{Instance, Instances, OdooServer, Policy};
use odoo_sim::{SimConfig, SimHandle};
use rmcp::model::{CallToolRequestParams, CallToolResult, ServerJsonRpcMessage};
use rmcp::service::{RoleClient, RunningService};
use rmcp::{ClientHandler, ServiceExt};
use serde_json::{Map, Value, json};

#[path = "../../odoo-client/benches/support/timing.rs"]
mod timing;

#[path = "tool_path/http.rs"]
mod http;

use timing::{Plan, Summary, header, measure, micros, row};

type BoxError = Box<dyn Error + Send + Sync>;

const LABEL: usize = 50;

/// A client with no capabilities of its own.
#[derive(Debug, Clone, Default)]
struct BenchClient;
impl ClientHandler for BenchClient {}

type McpClient = RunningService<RoleClient, BenchClient>;

fn main() -> Result<(), BoxError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(run())
}

fn odoo(sim: &SimHandle) -> Result<odoo_client::Client, odoo_client::Error> {
    odoo_client::Client::builder(sim.url())
        .database(sim.database())
        .api_key(sim.admin_api_key())
        .build()
}

/// An in-process server on one read-only instance `demo` of `sim`, and a client on it.
async fn connect(sim: &SimHandle) -> Result<McpClient, BoxError> {
    let policy = Policy::builder("demo").build()?;
    let instances = Instances::single(Instance::new("demo", odoo(sim)?, policy));
    let server = OdooServer::new(instances);
    let (server_io, client_io) = tokio::io::duplex(1 << 20);
    tokio::spawn(async move {
        match server.serve(server_io).await {
            Ok(running) => {
                let _ = running.waiting().await;
            }
            Err(e) => eprintln!("the MCP server did not start: {e}"),
        }
    });
    Ok(BenchClient.serve(client_io).await?)
}

/// Calls a tool; a protocol error or a tool error (`is_error`) is an error.
async fn tool(
    client: &McpClient,
    name: &'static str,
    args: &Map<String, Value>,
) -> Result<CallToolResult, BoxError> {
    let params = CallToolRequestParams::new(name).with_arguments(args.clone());
    let result = client.call_tool(params).await?;
    if result.is_error == Some(true) {
        return Err(format!("{name} failed: {}", text(&result)).into());
    }
    Ok(result)
}

fn text(result: &CallToolResult) -> String {
    result
        .content
        .iter()
        .filter_map(|c| c.as_text().map(|t| t.text.as_str()))
        .collect::<Vec<_>>()
        .join("\n")
}

fn object(value: Value) -> Result<Map<String, Value>, BoxError> {
    match value {
        Value::Object(map) => Ok(map),
        other => Err(format!("tool arguments must be an object, got {other}").into()),
    }
}

/// One comparison: the direct call(s) and the tool call.
struct Comparison {
    name: &'static str,
    direct: Vec<(&'static str, Summary)>,
    mcp: Summary,
}

async fn run() -> Result<(), BoxError> {
    let sim = odoo_sim::spawn(SimConfig::new()).await?;
    let direct = odoo(&sim)?;
    let mcp = connect(&sim).await?;
    let plan = Plan::new(50, 1000);

    // What the tool chooses by default: the direct calls ask for the same fields and ids.
    let search_args = object(json!({"model": "res.partner"}))?;
    let first = tool(&mcp, "search_records", &search_args).await?;
    let structured = first.structured_content.clone().unwrap_or_default();
    let fields: Vec<String> = structured["fields"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|f| f.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let ids: Vec<i64> = structured["records"]
        .as_array()
        .map(|a| a.iter().filter_map(|r| r["id"].as_i64()).take(10).collect())
        .unwrap_or_default();
    if fields.is_empty() || ids.len() != 10 {
        return Err(format!("unexpected search_records result: {structured}").into());
    }
    println!(
        "default fields of res.partner ({}): {}",
        fields.len(),
        fields.join(", ")
    );

    let partners = ModelName::new("res.partner")?;
    let orders = ModelName::new("sale.order")?;
    let field_names = fields
        .iter()
        .map(FieldName::new)
        .collect::<Result<Vec<_>, _>>()?;
    let page = SearchRead::new(Domain::default())
        .fields(&fields)?
        .limit(20);
    let all = Domain::default();
    let companies = Domain::parse(&json!([["is_company", "=", true]]))?;
    let by_state = GroupBy {
        groupby: vec!["state".into()],
        aggregates: vec![Aggregate {
            field: FieldName::new("amount_total")?,
            function: AggregateFunction::Sum,
        }],
        limit: Some(200),
        ..GroupBy::default()
    };

    println!("\n{}", header(LABEL));
    let mut comparisons = Vec::new();

    let search_read = measure(plan, || direct.search_read(&partners, &page)).await?;
    show("direct search_read res.partner x20", &search_read);
    let (client, model, query, domain) = (&direct, &partners, &page, &all);
    let with_count = measure(plan, move || async move {
        let rows = client.search_read(model, query).await?;
        let total = client.search_count(model, domain).await?;
        Ok::<_, odoo_client::Error>((rows, total))
    })
    .await?;
    show("direct search_read + search_count", &with_count);
    let search = measure(plan, || tool(&mcp, "search_records", &search_args)).await?;
    show("mcp search_records res.partner (default)", &search);
    comparisons.push(Comparison {
        name: "search",
        direct: vec![("search_read", search_read), ("+ search_count", with_count)],
        mcp: search,
    });

    let read = measure(plan, || direct.read(&partners, &ids, &field_names)).await?;
    show("direct read res.partner 10 ids", &read);
    let read_args = object(json!({"model": "res.partner", "ids": ids}))?;
    let read_tool = measure(plan, || tool(&mcp, "read_records", &read_args)).await?;
    show("mcp read_records res.partner 10 ids", &read_tool);
    comparisons.push(Comparison {
        name: "read",
        direct: vec![("read", read)],
        mcp: read_tool,
    });

    let count = measure(plan, || direct.search_count(&partners, &companies)).await?;
    show("direct search_count res.partner companies", &count);
    let count_args = object(json!({
        "model": "res.partner",
        "domain": [["is_company", "=", true]],
    }))?;
    let count_tool = measure(plan, || tool(&mcp, "count_records", &count_args)).await?;
    show("mcp count_records res.partner companies", &count_tool);
    comparisons.push(Comparison {
        name: "count",
        direct: vec![("search_count", count)],
        mcp: count_tool,
    });

    let group = measure(plan, || direct.read_group(&orders, &by_state)).await?;
    show("direct read_group sale.order by state", &group);
    let aggregate_args = object(json!({
        "model": "sale.order",
        "group_by": ["state"],
        "aggregates": ["amount_total:sum"],
    }))?;
    let aggregate = measure(plan, || tool(&mcp, "aggregate_records", &aggregate_args)).await?;
    show("mcp aggregate_records sale.order by state", &aggregate);
    comparisons.push(Comparison {
        name: "aggregate",
        direct: vec![("read_group", group)],
        mcp: aggregate,
    });

    ratios(&comparisons);
    sizes(&mcp, &ids, &search_args, &aggregate_args).await?;
    codec(&tool(&mcp, "search_records", &search_args).await?, plan).await?;
    println!("\n{}", header(LABEL));
    http::bench(&sim, Plan::new(20, 300)).await?;
    mcp.cancel().await?;
    sim.shutdown().await;
    Ok(())
}

fn show(label: &str, summary: &Summary) {
    println!("{}", row(label, LABEL, summary));
}

fn ratio(a: std::time::Duration, b: std::time::Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(f64::MIN_POSITIVE)
}

/// Tool call ÷ direct call, at the median and at p95.
fn ratios(comparisons: &[Comparison]) {
    println!(
        "\n{:<10} {:<16} {:>12} {:>12} {:>12} {:>12} {:>8} {:>8}",
        "tool path", "direct", "direct med", "direct p95", "mcp med", "mcp p95", "x med", "x p95"
    );
    for c in comparisons {
        for (direct_name, d) in &c.direct {
            println!(
                "{:<10} {:<16} {:>12} {:>12} {:>12} {:>12} {:>8.2} {:>8.2}",
                c.name,
                direct_name,
                micros(d.median),
                micros(d.p95),
                micros(c.mcp.median),
                micros(c.mcp.p95),
                ratio(c.mcp.median, d.median),
                ratio(c.mcp.p95, d.p95)
            );
        }
    }
}

/// Bytes of text content, of structuredContent and of the whole serialised result.
async fn sizes(
    mcp: &McpClient,
    ids: &[i64],
    search_args: &Map<String, Value>,
    aggregate_args: &Map<String, Value>,
) -> Result<(), BoxError> {
    let calls: Vec<(&str, &'static str, Map<String, Value>)> = vec![
        (
            "search_records res.partner default",
            "search_records",
            search_args.clone(),
        ),
        (
            "search_records sale.order default",
            "search_records",
            object(json!({"model": "sale.order"}))?,
        ),
        (
            "read_records res.partner 10 ids",
            "read_records",
            object(json!({"model": "res.partner", "ids": ids}))?,
        ),
        (
            "count_records res.partner companies",
            "count_records",
            object(json!({"model": "res.partner", "domain": [["is_company", "=", true]]}))?,
        ),
        (
            "describe_model res.partner",
            "describe_model",
            object(json!({"model": "res.partner"}))?,
        ),
        ("list_models", "list_models", Map::new()),
        (
            "aggregate_records sale.order by state",
            "aggregate_records",
            aggregate_args.clone(),
        ),
    ];
    println!(
        "\n{:<40} {:>10} {:>8} {:>12} {:>8} {:>10}",
        "output size", "text B", "~tok", "structured B", "~tok", "result B"
    );
    for (label, name, args) in &calls {
        let result = tool(mcp, name, args).await?;
        let text = text(&result).len();
        let structured = result
            .structured_content
            .as_ref()
            .map_or(Ok(0), |v| serde_json::to_string(v).map(|s| s.len()))?;
        let whole = serde_json::to_string(&result)?.len();
        println!(
            "{label:<40} {text:>10} {:>8} {structured:>12} {:>8} {whole:>10}",
            text.div_ceil(4),
            structured.div_ceil(4)
        );
    }
    Ok(())
}

/// What the JSON-RPC layer costs for one default `search_records` result, outside any I/O:
/// serialising the result, and parsing the response line as rmcp's client does (its message
/// enums buffer the input) versus as a plain `serde_json::Value`.
async fn codec(result: &CallToolResult, plan: Plan) -> Result<(), BoxError> {
    let line = serde_json::to_vec(&json!({"jsonrpc": "2.0", "id": 1, "result": result}))?;
    println!(
        "\ncodec of one search_records response ({} bytes)",
        line.len()
    );
    let encode = measure(plan, || std::future::ready(serde_json::to_vec(result))).await?;
    show("serialise CallToolResult", &encode);
    let rmcp = measure(plan, || {
        std::future::ready(serde_json::from_slice::<ServerJsonRpcMessage>(&line))
    })
    .await?;
    show("parse as rmcp ServerJsonRpcMessage", &rmcp);
    let value = measure(plan, || {
        std::future::ready(serde_json::from_slice::<Value>(&line))
    })
    .await?;
    show("parse as serde_json::Value", &value);
    Ok(())
}
