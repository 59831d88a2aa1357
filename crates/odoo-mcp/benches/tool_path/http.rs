//! The Streamable HTTP transport: the same `count_records` call over loopback HTTP in session
//! mode (SSE responses) and in stateless mode (JSON responses), and their ratio. Session mode
//! once stalled ~44 ms per call (Nagle's algorithm meeting delayed ACKs on the small SSE
//! writes); the ratio staying near 1 is the regression check.

use odoo_mcp::config::ServerConfig;
use odoo_mcp::transport::http::{HttpState, run};
use odoo_mcp::{Instance, Instances, OdooServer, Policy};
use odoo_sim::SimHandle;
use rmcp::ServiceExt;
use serde_json::json;

use super::{BenchClient, BoxError, McpClient, object, odoo, ratio, show, tool};
use crate::timing::{Plan, Summary, measure, micros};

/// A server on `127.0.0.1:0` in the given mode, a client on it, and the switch that stops it.
async fn serve(
    sim: &SimHandle,
    stateless: bool,
) -> Result<(McpClient, tokio::sync::oneshot::Sender<()>), BoxError> {
    let policy = Policy::builder("demo").build()?;
    let instances = Instances::single(Instance::new("demo", odoo(sim)?, policy));
    let config = ServerConfig {
        stateless,
        ..ServerConfig::default()
    };
    let state = HttpState::new(OdooServer::new(instances), &config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/mcp", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(run(listener, state, async move {
        let _ = stopped.await;
    }));
    let transport = rmcp::transport::StreamableHttpClientTransport::from_uri(url);
    Ok((BenchClient.serve(transport).await?, stop))
}

/// Measures `count_records` over HTTP in both modes and prints session ÷ stateless.
pub(crate) async fn bench(sim: &SimHandle, plan: Plan) -> Result<(), BoxError> {
    let args = object(json!({
        "model": "res.partner",
        "domain": [["is_company", "=", true]],
    }))?;
    let mut results: Vec<(&str, Summary)> = Vec::new();
    for (label, stateless) in [("session", false), ("stateless", true)] {
        let (client, stop) = serve(sim, stateless).await?;
        let summary = measure(plan, || tool(&client, "count_records", &args)).await?;
        show(&format!("http {label} count_records"), &summary);
        results.push((label, summary));
        client.cancel().await?;
        let _ = stop.send(());
    }
    if let [(_, session), (_, stateless)] = results.as_slice() {
        println!(
            "\nhttp session ÷ stateless: median {} / {} = {:.2}, p95 {} / {} = {:.2} (goal ≤ 1.10)",
            micros(session.median),
            micros(stateless.median),
            ratio(session.median, stateless.median),
            micros(session.p95),
            micros(stateless.p95),
            ratio(session.p95, stateless.p95),
        );
    }
    Ok(())
}
