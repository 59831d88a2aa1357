//! `export_records`: every matching record (past `max_records`) as CSV or XLSX behind a
//! resource link, progress per page, cancellation stops the paging, secrets never exported,
//! the export cap refuses before reading.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use odoo_mcp::{Instances, OdooServer, Policy};
use rmcp::ClientHandler;
use rmcp::model::{
    CallToolRequest, CallToolRequestParams, ClientRequest, ContentBlock, ProgressNotificationParam,
    ReadResourceRequestParams, ResourceContents,
};
use rmcp::service::{NotificationContext, PeerRequestOptions, RoleClient, RunningService};
use serde_json::{Value, json};

use crate::harness::{Era, connect_with, fails, instance, ok, sim};

/// One progress notification: progress and total.
type Step = (f64, Option<f64>);

/// A client that records the progress notifications it receives.
#[derive(Clone, Default)]
struct Progress(Arc<Mutex<Vec<Step>>>);

impl ClientHandler for Progress {
    async fn on_progress(
        &self,
        params: ProgressNotificationParam,
        _context: NotificationContext<RoleClient>,
    ) {
        if let Ok(mut seen) = self.0.lock() {
            seen.push((params.progress, params.total));
        }
    }
}

impl Progress {
    fn seen(&self) -> Vec<Step> {
        self.0.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

async fn server(sim: &odoo_sim::SimHandle, max_records: u32) -> OdooServer {
    let policy = Policy::builder("demo")
        .max_records(max_records)
        .default_limit(max_records);
    OdooServer::new(Instances::single(instance("demo", sim, policy)))
}

async fn blob(client: &RunningService<RoleClient, Progress>, uri: &str) -> (Vec<u8>, String) {
    let result = client
        .read_resource(ReadResourceRequestParams::new(uri))
        .await
        .unwrap_or_else(|e| panic!("{uri}: {e}"));
    match &result.contents[0] {
        ResourceContents::BlobResourceContents {
            blob, mime_type, ..
        } => (
            base64::engine::general_purpose::STANDARD
                .decode(blob)
                .expect("base64"),
            mime_type.clone().unwrap_or_default(),
        ),
        other => panic!("not a blob: {other:?}"),
    }
}

#[tokio::test]
async fn every_record_is_exported_past_the_page_size_with_progress_in_both_eras() {
    let sim = sim().await;
    for era in [Era::Initialize, Era::Discover] {
        let progress = Progress::default();
        let client = connect_with(server(&sim, 7).await, era, progress.clone()).await;
        let (count, _) = ok(
            &client,
            "count_records",
            json!({"model": "res.partner", "domain": [["is_company", "=", true]]}),
        )
        .await;
        let total = count["count"].as_u64().expect("count");
        assert!(total > 7, "more than one page: {total}");
        let result = crate::harness::call(
            &client,
            "export_records",
            json!({"model": "res.partner", "domain": [["is_company", "=", true]], "fields": ["name", "email", "country_id"]}),
        )
        .await;
        assert_ne!(
            result.is_error,
            Some(true),
            "{}",
            crate::harness::text(&result)
        );
        let out = result.structured_content.clone().expect("structured");
        assert_eq!(out["records"], total);
        let link = result
            .content
            .iter()
            .find_map(|c| match c {
                ContentBlock::ResourceLink(r) => Some(r.uri.clone()),
                _ => None,
            })
            .expect("a resource link");
        assert_eq!(out["uri"], link.as_str());
        let (bytes, mime) = blob(&client, &link).await;
        assert_eq!(mime, "text/csv");
        let text = String::from_utf8(bytes).expect("utf-8");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "id,name,email,country_id");
        assert_eq!(
            lines.len() as u64,
            total + 1,
            "a header and one line per record"
        );
        // Progress came page by page, ending at the total (the era decides whether the
        // notifications reach this client: the 2026-07-28 era has no request-scoped stream
        // over an in-memory pipe).
        tokio::time::sleep(Duration::from_millis(50)).await;
        let seen = progress.seen();
        if era == Era::Initialize {
            assert_eq!(seen.len() as u64, total.div_ceil(7), "{seen:?}");
            assert_eq!(seen.last().map(|s| s.0), Some(total as f64));
            assert!(seen.iter().all(|s| s.1 == Some(total as f64)));
        }
    }
}

#[tokio::test]
async fn xlsx_exports_and_withheld_fields_and_the_cap() {
    let sim = sim().await;
    let progress = Progress::default();
    let client = connect_with(server(&sim, 50).await, Era::Initialize, progress).await;
    let (out, _) = ok(
        &client,
        "export_records",
        json!({"model": "sale.order", "format": "xlsx", "fields": ["name", "partner_id", "amount_total"]}),
    )
    .await;
    let (bytes, mime) = blob(&client, out["uri"].as_str().expect("uri")).await;
    assert!(mime.contains("spreadsheetml"), "{mime}");
    assert!(bytes.starts_with(b"PK"), "a zip archive");
    // Secret fields are never exported.
    let m = fails(
        &client,
        "export_records",
        json!({"model": "res.users", "fields": ["password"]}),
    )
    .await;
    assert!(m.contains("withheld") || m.contains("password"), "{m}");
    // Over the cap: refused with the count, nothing read.
    let capped = server(&sim, 50).await.with_export_max_records(3);
    let client = connect_with(capped, Era::Initialize, Progress::default()).await;
    let m = fails(&client, "export_records", json!({"model": "res.partner"})).await;
    assert!(
        m.contains("at most 3") && m.contains("export_max_records"),
        "{m}"
    );
    let m = fails(
        &client,
        "export_records",
        json!({"model": "res.partner", "format": "pdf"}),
    )
    .await;
    assert!(m.contains("\"csv\""), "{m}");
}

#[tokio::test]
async fn a_cancelled_export_stops_paging() {
    let sim = sim().await;
    let progress = Progress::default();
    let client = connect_with(server(&sim, 1).await, Era::Initialize, progress.clone()).await;
    let (count, _) = ok(&client, "count_records", json!({"model": "res.partner"})).await;
    let total = count["count"].as_u64().expect("count");
    let Value::Object(args) = json!({"model": "res.partner", "fields": ["name"]}) else {
        unreachable!()
    };
    let request = ClientRequest::CallToolRequest(CallToolRequest::new(
        CallToolRequestParams::new("export_records").with_arguments(args),
    ));
    let handle = client
        .peer()
        .send_request_with_option(request, PeerRequestOptions::no_options())
        .await
        .expect("sent");
    for _ in 0..200 {
        if !progress.seen().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    handle.cancel(Some("test".into())).await.expect("cancelled");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let pages = progress.seen().len() as u64;
    assert!(pages >= 1 && pages < total, "{pages} of {total} pages read");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(progress.seen().len() as u64, pages, "paging stopped");
}
