//! A new user's first connection: each common mistake gets its fix named, both in
//! the `check`/`call` commands and in the tool result a model reads.

use serde_json::json;

use crate::harness::{self, Era};
use crate::shell::{odoo_mcp, odoo_mcp_on, run};

#[tokio::test]
async fn a_misspelt_model_gets_did_you_mean_in_the_tool_result() {
    let (_sim, client) = harness::demo(Era::Discover).await;
    let text = harness::fails(&client, "count_records", json!({"model": "res.partnr"})).await;
    assert!(
        text.starts_with("Not found in Odoo:") && text.ends_with("Did you mean `res.partner`?"),
        "{text}"
    );
    let text = harness::fails(&client, "count_records", json!({"model": "x.unheard.of"})).await;
    assert!(
        !text.contains("Did you mean"),
        "no far-fetched guess: {text}"
    );
}

#[tokio::test]
async fn call_suggests_the_tool_meant_and_prints_one_clean_message() {
    let sim = harness::sim().await;
    let out = run(
        &mut odoo_mcp_on(&sim, sim.admin_api_key()),
        &[
            "call",
            "search_record",
            "--args",
            r#"{"model": "res.partner"}"#,
        ],
    )
    .await;
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.starts_with(
            "odoo-mcp: unknown tool \"search_record\". Did you mean `search_records`? Tools: "
        ),
        "{}",
        out.stderr
    );
    assert_eq!(out.stdout, "");

    // A failing call: the tool's message only, no log line or error structure before it.
    let out = run(
        &mut odoo_mcp_on(&sim, sim.admin_api_key()),
        &[
            "call",
            "count_records",
            "--args",
            r#"{"model": "res.partnr"}"#,
        ],
    )
    .await;
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.starts_with("count_records: Not found in Odoo:")
            && out
                .stderr
                .trim_end()
                .ends_with("Did you mean `res.partner`?"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stderr.trim_end().lines().count(), 1, "{}", out.stderr);
}

#[tokio::test]
async fn call_and_check_without_configuration_say_how_to_configure_and_offer_the_demo() {
    for command in [&["check"][..], &["call", "count_records"][..]] {
        let out = run(&mut odoo_mcp(), command).await;
        assert_eq!(out.code, 2, "{command:?}: {}", out.stderr);
        let line = out.stderr.trim_end();
        assert!(
            line.starts_with(
                "odoo-mcp: no Odoo instance is configured: set ODOO_URL with ODOO_API_KEY"
            ) && line.ends_with("try `odoo-mcp demo` to use a simulated Odoo"),
            "{command:?}: {line}"
        );
        assert_eq!(line.lines().count(), 1, "{command:?}: {line}");
    }
}

#[tokio::test]
async fn check_names_every_misspelt_key_with_the_key_meant() {
    let mut file = tempfile::NamedTempFile::new().expect("temp config");
    std::io::Write::write_all(
        &mut file,
        b"[server]\nlisen = \"127.0.0.1:8787\"\n[instances.prod]\nurl = \"https://odoo.example.com\"\napi_kye = \"k\"\n",
    )
    .expect("written");
    let config = file.path().to_str().expect("utf-8 path").to_owned();
    let out = run(&mut odoo_mcp(), &["check", "--config", &config]).await;
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(
        out.stderr.trim_end(),
        format!(
            "odoo-mcp: 2 unknown keys in {config}: `lisen` in [server] (did you mean `listen`?); \
             `api_kye` in [instances.prod] (did you mean `api_key`?). Correct or remove each; \
             docs/configuration.md lists every key"
        )
    );

    let mut cmd = odoo_mcp();
    cmd.env(
        "ODOO_INSTANCES",
        r#"{"prod": {"url": "https://odoo.example.com", "apikey": "k", "databse": "prod"}}"#,
    );
    let out = run(&mut cmd, &["check"]).await;
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .starts_with("odoo-mcp: unknown key `databse` in instance `prod` of ODOO_INSTANCES (did you mean `database`?)"),
        "{}",
        out.stderr
    );
}

#[tokio::test]
async fn a_wrong_port_found_at_start_is_returned_until_fixed_and_rechecked_with_a_back_off() {
    const KEY: &str = "first-connection-key-0123456789";
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    let client = odoo_client::Client::builder(format!("http://{addr}"))
        .database("firstconn")
        .api_key(KEY)
        .max_retries(0)
        .build()
        .expect("client");
    let instance = odoo_mcp::Instance::new(
        "main",
        client,
        odoo_mcp::Policy::builder("main").build().expect("policy"),
    );
    let audit = crate::audit::Lines::default();
    let server = odoo_mcp::OdooServer::new(odoo_mcp::Instances::single(instance))
        .with_connection_recheck(std::time::Duration::from_secs(6))
        .with_audit(odoo_mcp::audit::AuditLog::to_writer(
            Box::new(audit.clone()),
            false,
        ));
    server.check_connections().await;
    let client = harness::connect(server, Era::Discover).await;
    let args = json!({"model": "res.partner"});
    let text = harness::fails(&client, "count_records", args.clone()).await;
    assert!(
        text.starts_with("Could not reach Odoo:")
            && text.contains("This is a configuration problem of this MCP server (the Odoo url: scheme, host or port)")
            && text.contains("Found by the connection check of instance `main`")
            && !text.contains("try again later"),
        "{text}"
    );
    // The refusal is audited like any other refused call.
    let lines = audit.parsed();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["tool"], "count_records");
    assert_eq!(lines[0]["outcome"], "refused:connection");

    // The administrator starts Odoo on that port: until the back-off passes, Odoo is not asked.
    // (The back-off is long enough that a loaded machine spawning the simulator stays within it.)
    let sim = odoo_sim::spawn(
        odoo_sim::SimConfig::new()
            .listen(addr)
            .database("firstconn")
            .admin_api_key(KEY),
    )
    .await
    .expect("simulator on the configured port");
    let again = harness::fails(&client, "count_records", args.clone()).await;
    assert!(again.contains("Found by the connection check"), "{again}");
    assert_eq!(sim.request_count("res.partner", "search_count"), 0);
    assert_eq!(
        sim.request_count("res.users", "search_count"),
        0,
        "no re-check yet"
    );

    tokio::time::sleep(std::time::Duration::from_millis(6100)).await;
    let (count, _) = harness::ok(&client, "count_records", args).await;
    assert!(count["count"].as_u64().is_some_and(|n| n > 0), "{count}");
    assert_eq!(
        sim.request_count("res.users", "search_count"),
        1,
        "one re-check"
    );
}

#[tokio::test]
async fn datetimes_are_said_to_be_utc_in_the_schema_and_the_text() {
    const NOTE: &str = "Datetimes are UTC (\"YYYY-MM-DD HH:MM:SS\", as Odoo stores them; convert for the user's time zone); dates have no time zone.";
    // Output schemas are in tools/list only with `output_schemas = true`.
    let sim = harness::sim().await;
    let selection = odoo_mcp::config::ToolSelection {
        output_schemas: true,
        ..Default::default()
    };
    let server = odoo_mcp::OdooServer::with_tools(
        odoo_mcp::Instances::single(harness::instance("demo", &sim, harness::writable("demo"))),
        &selection,
    );
    let client = harness::connect(server, Era::Discover).await;
    let tools = client.list_all_tools().await.expect("tools/list");
    for name in ["search_records", "read_records"] {
        let tool = tools.iter().find(|t| t.name == name).expect(name);
        let schema = serde_json::to_string(&tool.output_schema).expect("schema");
        assert!(
            schema.contains(&NOTE.replace('"', "\\\"")),
            "{name}: {schema}"
        );
    }
    let (_, text) = harness::ok(
        &client,
        "search_records",
        json!({"model": "sale.order", "fields": ["name", "date_order"], "limit": 2}),
    )
    .await;
    assert!(text.ends_with(&format!("\n{NOTE}")), "{text}");
    let (_, text) = harness::ok(
        &client,
        "search_records",
        json!({"model": "res.partner", "fields": ["name"], "limit": 2}),
    )
    .await;
    assert!(
        !text.contains("Datetimes"),
        "no note without a datetime: {text}"
    );
}
