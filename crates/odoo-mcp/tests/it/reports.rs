//! PDF reports: `get_report` answers with a resource link (never the bytes), the
//! `odoo://{instance}/report/{report}/{ids}` resource serves the PDF, Odoo is reached through
//! a web session opened with the instance's login and password, and an instance configured
//! with an API key alone gets an error that says why and what to configure. The model must be
//! allowed, the report one of the model's, the ids valid and readable.

use base64::Engine as _;
use odoo_mcp::{Instance, Instances, OdooServer, Policy};
use odoo_sim::SimHandle;
use rmcp::model::{ContentBlock, ReadResourceRequestParams, ResourceContents};
use serde_json::{Value, json};

use crate::harness::{Client, Era, call, connect, demo, fails, ok, records, text};

/// An instance `demo` on `sim` logged in with admin's login and password (JSON-RPC).
fn password_instance(sim: &SimHandle, policy: odoo_mcp::policy::PolicyBuilder) -> Instance {
    let client = odoo_client::Client::builder(sim.url())
        .database(sim.database())
        .login("admin")
        .password("admin")
        .build()
        .expect("client builds");
    Instance::new("demo", client, policy.build().expect("policy builds"))
}

async fn password_client(sim: &SimHandle, era: Era) -> Client {
    let instances = Instances::single(password_instance(sim, Policy::builder("demo")));
    connect(OdooServer::new(instances), era).await
}

async fn first_order(client: &Client) -> (i64, String) {
    let (out, _) = ok(
        client,
        "search_records",
        json!({"model": "sale.order", "fields": ["name"], "order": "id", "limit": 1}),
    )
    .await;
    let record = &records(&out)[0];
    (
        record["id"].as_i64().expect("an id"),
        record["name"].as_str().expect("a name").to_owned(),
    )
}

async fn read_pdf(client: &Client, uri: &str) -> Result<(Vec<u8>, Option<String>), String> {
    let result = client
        .read_resource(ReadResourceRequestParams::new(uri))
        .await
        .map_err(|e| e.to_string())?;
    match &result.contents[0] {
        ResourceContents::BlobResourceContents {
            blob, mime_type, ..
        } => Ok((
            base64::engine::general_purpose::STANDARD
                .decode(blob)
                .expect("base64 blob"),
            mime_type.clone(),
        )),
        other => panic!("{uri}: not a blob: {other:?}"),
    }
}

#[tokio::test]
async fn a_quotation_is_a_link_and_its_resource_is_the_pdf_in_both_eras() {
    let sim = crate::harness::sim().await;
    for era in [Era::Initialize, Era::Discover] {
        let client = password_client(&sim, era).await;
        let (id, name) = first_order(&client).await;
        let result = call(
            &client,
            "get_report",
            json!({"model": "sale.order", "ids": [id]}),
        )
        .await;
        assert_ne!(result.is_error, Some(true), "{}", text(&result));
        let links: Vec<&rmcp::model::Resource> = result
            .content
            .iter()
            .filter_map(|c| match c {
                ContentBlock::ResourceLink(r) => Some(r),
                _ => None,
            })
            .collect();
        assert_eq!(links.len(), 1, "one resource_link: {:?}", result.content);
        let uri = links[0].uri.clone();
        assert_eq!(
            uri,
            format!("odoo://demo/report/sale.report_saleorder/{id}")
        );
        assert_eq!(links[0].mime_type.as_deref(), Some("application/pdf"));
        assert!(links[0].name.contains(&name), "{}", links[0].name);
        let structured = result.structured_content.clone().expect("structured");
        assert_eq!(structured["uri"], uri.as_str());
        assert_eq!(structured["report"], "quotation");
        assert!(
            serde_json::to_string(&result).expect("json").len() < 2000,
            "no inline PDF"
        );
        let (pdf, mime) = read_pdf(&client, &uri).await.expect("the PDF");
        assert_eq!(mime.as_deref(), Some("application/pdf"));
        assert!(pdf.starts_with(b"%PDF-") && pdf.ends_with(b"%%EOF\n"));
        assert!(
            String::from_utf8_lossy(&pdf).contains(&name),
            "the PDF names the order"
        );
    }
    assert!(sim.request_count("ir.actions.report", "report_pdf") >= 2);
}

#[tokio::test]
async fn with_an_api_key_alone_the_error_says_why_and_what_to_configure() {
    let (sim, client) = demo(Era::Initialize).await;
    let m = fails(
        &client,
        "get_report",
        json!({"model": "sale.order", "ids": [1]}),
    )
    .await;
    assert!(m.contains("web session"), "{m}");
    assert!(m.contains("password"), "{m}");
    assert!(m.contains("list_attachments"), "{m}");
    assert!(!m.contains(sim.admin_api_key()));
    let e = read_pdf(&client, "odoo://demo/report/sale.report_saleorder/1")
        .await
        .expect_err("refused");
    assert!(e.contains("password"), "{e}");
    assert_eq!(sim.request_count("ir.actions.report", "report_pdf"), 0);
}

#[tokio::test]
async fn hidden_models_bad_ids_and_reports_of_other_models_are_refused() {
    let sim = crate::harness::sim().await;
    let hidden = Policy::builder("demo").denied_models(["sale.order"]);
    let client = connect(
        OdooServer::new(Instances::single(password_instance(&sim, hidden))),
        Era::Initialize,
    )
    .await;
    let m = fails(
        &client,
        "get_report",
        json!({"model": "sale.order", "ids": [1]}),
    )
    .await;
    assert!(m.contains("sale.order"), "{m}");
    let e = read_pdf(&client, "odoo://demo/report/sale.report_saleorder/1")
        .await
        .expect_err("refused");
    assert!(e.contains("sale.order"), "{e}");

    let client = password_client(&sim, Era::Initialize).await;
    let m = fails(
        &client,
        "get_report",
        json!({"model": "sale.order", "ids": [999999]}),
    )
    .await;
    assert!(m.contains("999999") && m.contains("search_records"), "{m}");
    for bad in [json!([]), json!([0]), json!([-3])] {
        let m = fails(
            &client,
            "get_report",
            json!({"model": "sale.order", "ids": bad}),
        )
        .await;
        assert!(m.contains("ids") || m.contains("positive"), "{m}");
    }
    let m = fails(
        &client,
        "get_report",
        json!({"model": "sale.order", "ids": [1], "report": "invoice"}),
    )
    .await;
    assert!(m.contains("account.move") && m.contains("quotation"), "{m}");
    let m = fails(
        &client,
        "get_report",
        json!({"model": "res.partner", "ids": [1]}),
    )
    .await;
    assert!(m.contains("no report of res.partner"), "{m}");
    let e = read_pdf(&client, "odoo://demo/report/base.report_secret/1")
        .await
        .expect_err("unknown report");
    assert!(e.contains("unknown report"), "{e}");
    assert_eq!(sim.request_count("ir.actions.report", "report_pdf"), 0);
}

#[tokio::test]
async fn an_invoice_prints_with_its_report() {
    let sim = crate::harness::sim().await;
    let client = password_client(&sim, Era::Initialize).await;
    let (out, _) = ok(
        &client,
        "search_records",
        json!({"model": "account.move", "domain": [["move_type", "=", "out_invoice"]], "limit": 2}),
    )
    .await;
    let ids: Vec<Value> = records(&out).iter().map(|r| r["id"].clone()).collect();
    assert_eq!(ids.len(), 2);
    let (out, _) = ok(
        &client,
        "get_report",
        json!({"model": "account.move", "ids": ids, "report": "invoice"}),
    )
    .await;
    let uri = out["uri"].as_str().expect("uri").to_owned();
    assert!(uri.starts_with("odoo://demo/report/account.report_invoice_with_payments/"));
    let (pdf, _) = read_pdf(&client, &uri).await.expect("the PDF");
    assert!(pdf.starts_with(b"%PDF-"));
}
