//! Tool profiles: the size of `tools/list` per profile (printed with `--nocapture`, budgets
//! asserted), and every example a tool description gives, run against the simulator.

use odoo_mcp::config::{ToolProfile, ToolSelection};
use odoo_mcp::{Instances, OdooServer, Policy};
use serde_json::{Value, json};

use crate::harness::{Era, confirmed, connect, instance, sim, writable};

/// Bytes of the `tools/list` result (compact JSON, as sent on the wire).
fn list_bytes(server: &OdooServer) -> usize {
    json!({ "tools": server.tools() }).to_string().len()
}

#[tokio::test]
async fn tool_lists_fit_their_budgets() {
    let sim = sim().await;
    let read_only = || Instances::single(instance("demo", &sim, Policy::builder("demo")));
    let writes = || Instances::single(instance("demo", &sim, writable("demo")));
    let with = |profile: Option<ToolProfile>, output_schemas: bool| ToolSelection {
        profile,
        output_schemas,
        ..ToolSelection::default()
    };
    let mut rows = Vec::new();
    for (label, instances, selection) in [
        ("minimal", writes(), with(Some(ToolProfile::Minimal), false)),
        ("read (default, read-only)", read_only(), with(None, false)),
        ("write", writes(), with(Some(ToolProfile::Write), false)),
        ("all (default, writes)", writes(), with(None, false)),
        ("all + output_schemas", writes(), with(None, true)),
    ] {
        let server = OdooServer::with_tools(instances, &selection);
        rows.push((label, server.tools().len(), list_bytes(&server)));
    }
    for (label, tools, bytes) in &rows {
        println!("tools/list {label}: {tools} tools, {bytes} bytes");
    }
    let minimal = rows[0].2;
    let read = rows[1].2;
    assert!(minimal <= 4 * 1024, "minimal profile: {minimal} bytes");
    assert!(read <= 10 * 1024, "default read profile: {read} bytes");
    assert!(
        rows[4].2 > rows[3].2,
        "output schemas are declared when asked for"
    );
    // The single instance is implicit: no `instance` argument in the schemas.
    let server = OdooServer::with_tools(read_only(), &with(None, false));
    assert!(server.tools().iter().all(|t| {
        t.input_schema
            .get("properties")
            .and_then(|p| p.get("instance"))
            .is_none()
    }));
}

/// The JSON objects following "Example:" in a description.
fn examples(description: &str) -> Vec<Value> {
    let mut found = Vec::new();
    for (i, _) in description.match_indices("Example") {
        let rest = &description[i..];
        let Some(start) = rest.find('{') else {
            continue;
        };
        let mut stream = serde_json::Deserializer::from_str(&rest[start..]).into_iter::<Value>();
        if let Some(Ok(value)) = stream.next() {
            found.push(value);
        }
    }
    found
}

#[tokio::test]
async fn every_example_in_a_description_works() {
    let sim = sim().await;
    // The API key for the calls, and a password too: PDF reports need a web session.
    let odoo = odoo_client::Client::builder(sim.url())
        .database(sim.database())
        .api_key(sim.admin_api_key())
        .login("admin")
        .password("admin")
        .build()
        .expect("client builds");
    let policy = writable("demo").build().expect("policy builds");
    let server = OdooServer::with_tools(
        Instances::single(odoo_mcp::Instance::new("demo", odoo, policy)),
        &ToolSelection::default(),
    );
    let tools = server.tools();
    let client = connect(server, Era::Initialize).await;
    let mut ran = 0;
    for tool in &tools {
        let description = tool.description.as_deref().unwrap_or_default();
        let found = examples(description);
        assert!(
            !found.is_empty() || !description.contains("Example"),
            "{}: an example that is not JSON: {description}",
            tool.name
        );
        for example in found {
            confirmed(&client, &tool.name, example).await;
            ran += 1;
        }
    }
    assert!(
        ran >= tools.len(),
        "{ran} examples for {} tools",
        tools.len()
    );
}
