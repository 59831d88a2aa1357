//! Attached files: `get_attachment` answers with a resource link (never the bytes), the
//! `odoo://{instance}/attachment/{id}` resource serves the blob with its MIME type, access goes
//! through the record (the policy and the Odoo user), and `upload_attachment` writes like the
//! other write tools (dry run, confirmation) — on Odoo 19 (`datas`) and 20 (`raw`).

use base64::Engine as _;
use odoo_mcp::{Instances, OdooServer, Policy};
use odoo_sim::SimConfig;
use rmcp::model::{ContentBlock, ReadResourceRequestParams, ResourceContents};
use serde_json::{Value, json};

use crate::harness::{
    Client, Era, call, confirmed, connect, demo, fails, instance, ok, text, writable,
};

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// The id of the attachment called `name` on `model` #`id`.
async fn attachment_id(client: &Client, model: &str, id: i64, name: &str) -> Option<i64> {
    let (out, _) = ok(
        client,
        "list_attachments",
        json!({"model": model, "id": id}),
    )
    .await;
    out["attachments"]
        .as_array()
        .expect("attachments")
        .iter()
        .find(|a| a["name"] == name)
        .and_then(|a| a["id"].as_i64())
}

/// The blob and MIME type of a resource.
async fn read_blob(client: &Client, uri: &str) -> (Vec<u8>, Option<String>) {
    let result = client
        .read_resource(ReadResourceRequestParams::new(uri))
        .await
        .unwrap_or_else(|e| panic!("{uri}: {e}"));
    match &result.contents[0] {
        ResourceContents::BlobResourceContents {
            blob, mime_type, ..
        } => (B64.decode(blob).expect("base64 blob"), mime_type.clone()),
        other => panic!("{uri}: not a blob: {other:?}"),
    }
}

/// `get_attachment`'s link URI, checking the result carries no inline content.
async fn link_of(client: &Client, id: i64) -> String {
    let result = call(client, "get_attachment", json!({"id": id})).await;
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
    let serialised = serde_json::to_string(&result).expect("serialise");
    assert!(serialised.len() < 2000, "no inline content: {serialised}");
    let structured = result.structured_content.expect("structured");
    assert_eq!(structured["uri"], links[0].uri.as_str());
    links[0].uri.clone()
}

#[tokio::test]
async fn a_file_is_a_link_and_its_resource_is_the_blob_in_both_eras() {
    for era in [Era::Initialize, Era::Discover] {
        let (_sim, client) = demo(era).await;
        let id = attachment_id(&client, "res.partner", 9, "Acme contract.pdf")
            .await
            .expect("the demo contract");
        let uri = link_of(&client, id).await;
        assert_eq!(uri, format!("odoo://demo/attachment/{id}"));
        let (bytes, mime) = read_blob(&client, &uri).await;
        assert_eq!(mime.as_deref(), Some("application/pdf"));
        assert_eq!(bytes.len(), 48213);
        assert!(bytes.starts_with(b"%PDF-"));
        // ir.attachment itself stays out of reach of the generic tools.
        let m = fails(&client, "search_records", json!({"model": "ir.attachment"})).await;
        assert!(m.contains("ir.attachment"), "{m}");
        // A link is not a file; a missing id says where ids come from.
        let link = attachment_id(&client, "res.partner", 1, "Company website")
            .await
            .expect("the demo link");
        let m = fails(&client, "get_attachment", json!({"id": link})).await;
        assert!(m.contains("is a link"), "{m}");
        let m = fails(&client, "get_attachment", json!({"id": 99999})).await;
        assert!(m.contains("list_attachments"), "{m}");
    }
}

#[tokio::test]
async fn files_of_a_hidden_model_are_refused_as_tool_and_as_resource() {
    let sim = crate::harness::sim().await;
    let admin = Instances::single(instance("demo", &sim, writable("demo")));
    let client = connect(OdooServer::new(admin), Era::Initialize).await;
    let id = attachment_id(&client, "res.partner", 9, "Acme contract.pdf")
        .await
        .expect("contract");
    let hidden = Policy::builder("demo").denied_models(["res.partner"]);
    let client = connect(
        OdooServer::new(Instances::single(instance("demo", &sim, hidden))),
        Era::Initialize,
    )
    .await;
    let m = fails(&client, "get_attachment", json!({"id": id})).await;
    assert!(m.contains("res.partner"), "{m}");
    let err = client
        .read_resource(ReadResourceRequestParams::new(format!(
            "odoo://demo/attachment/{id}"
        )))
        .await
        .expect_err("refused");
    assert!(err.to_string().contains("res.partner"), "{err}");
}

#[tokio::test]
async fn an_upload_previews_then_attaches_and_reads_back_on_19_and_20() {
    for version in [19, 20] {
        let sim = odoo_sim::spawn(SimConfig::new().odoo_version(version))
            .await
            .expect("sim");
        let policy = writable("demo").confirm_writes(odoo_mcp::confirm::ConfirmWrites::Always);
        let instances = Instances::single(instance("demo", &sim, policy));
        let client = connect(OdooServer::new(instances), Era::Initialize).await;
        let content = b"Delivery notes\nline 2\n".repeat(50);
        let args = json!({"model": "res.partner", "id": 9, "name": "notes.txt",
                          "mimetype": "text/plain", "data": B64.encode(&content)});
        let mut dry = args.clone();
        dry["dry_run"] = json!(true);
        let (preview, _) = ok(&client, "upload_attachment", dry).await;
        assert!(
            preview["dry_run"]["problems"]
                .as_array()
                .expect("problems")
                .is_empty()
        );
        assert_eq!(
            attachment_id(&client, "res.partner", 9, "notes.txt").await,
            None
        );
        let (out, _) = confirmed(&client, "upload_attachment", args).await;
        let id = out["id"].as_i64().expect("new id");
        assert_eq!(out["size"], content.len());
        assert_eq!(
            attachment_id(&client, "res.partner", 9, "notes.txt").await,
            Some(id)
        );
        let uri = link_of(&client, id).await;
        let (bytes, mime) = read_blob(&client, &uri).await;
        assert_eq!(bytes, content, "Odoo {version}");
        assert_eq!(mime.as_deref(), Some("text/plain"));
    }
}

#[tokio::test]
async fn bad_uploads_are_refused_with_the_fix() {
    let (_sim, client) = demo(Era::Initialize).await;
    let base = json!({"model": "res.partner", "id": 9, "name": "a.txt", "data": "SGVsbG8="});
    let with = |key: &str, value: Value| {
        let mut a = base.clone();
        a[key] = value;
        a
    };
    let m = fails(
        &client,
        "upload_attachment",
        with("data", json!("not base64!")),
    )
    .await;
    assert!(m.contains("base64"), "{m}");
    let m = fails(&client, "upload_attachment", with("name", json!("a\u{0}b"))).await;
    assert!(m.contains("`name`"), "{m}");
    let m = fails(&client, "upload_attachment", with("mimetype", json!("pdf"))).await;
    assert!(m.contains("application/pdf"), "{m}");
    let huge = "A".repeat(15 * 1024 * 1024);
    let m = fails(&client, "upload_attachment", with("data", json!(huge))).await;
    assert!(m.contains("10 MiB"), "{m}");
    let m = fails(&client, "upload_attachment", with("id", json!(999_999))).await;
    assert!(m.contains("may not change it"), "{m}");
    let m = fails(
        &client,
        "upload_attachment",
        with("model", json!("ir.attachment")),
    )
    .await;
    assert!(m.contains("ir.attachment"), "{m}");
}
