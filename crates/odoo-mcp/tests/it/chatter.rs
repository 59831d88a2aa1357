//! A record's chatter and attached files, without file contents.

use serde_json::json;

use crate::harness::{Era, demo, fails, ok};

#[tokio::test]
async fn messages_come_newest_first_as_plain_text() {
    let (_sim, client) = demo(Era::Discover).await;
    let (out, text) = ok(
        &client,
        "list_messages",
        json!({"model": "sale.order", "id": 16}),
    )
    .await;
    let bodies: Vec<&str> = out["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .filter_map(|m| m["body"].as_str())
        .collect();
    assert!(bodies.contains(&"Customer confirmed by phone."), "{out}");
    assert!(!text.contains("<p>"), "HTML is converted: {text}");
    let refused = fails(
        &client,
        "list_messages",
        json!({"model": "ir.config_parameter", "id": 1}),
    )
    .await;
    assert!(
        refused.contains("builtin_deny") || refused.contains("built-in deny"),
        "{refused}"
    );
}

#[tokio::test]
async fn attachments_are_listed_without_their_content() {
    let (_sim, client) = demo(Era::Initialize).await;
    let (out, text) = ok(
        &client,
        "list_attachments",
        json!({"model": "res.partner", "id": 9}),
    )
    .await;
    assert_eq!(out["attachments"][0]["name"], "Acme contract.pdf");
    assert_eq!(out["attachments"][0]["size"], 48213);
    assert!(!out.to_string().contains("datas"), "{out}");
    assert!(text.contains("application/pdf"), "{text}");
    // ir.attachment itself stays denied to the generic tools.
    let refused = fails(&client, "search_records", json!({"model": "ir.attachment"})).await;
    assert!(refused.contains("ir.attachment"), "{refused}");
}

#[tokio::test]
async fn authors_are_hidden_where_contacts_are_not_readable() {
    let sim = crate::harness::sim().await;
    let policy = odoo_mcp::Policy::builder("p").allowed_models(["sale.order", "mail.message"]);
    let client = crate::harness::connect(
        odoo_mcp::OdooServer::new(odoo_mcp::Instances::single(crate::harness::instance(
            "p", &sim, policy,
        ))),
        Era::Initialize,
    )
    .await;
    let (out, _) = ok(
        &client,
        "list_messages",
        json!({"model": "sale.order", "id": 16}),
    )
    .await;
    let authors: Vec<&str> = out["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .filter_map(|m| m["author"].as_str())
        .collect();
    assert!(!authors.is_empty());
    assert!(
        authors.iter().all(|a| *a == "(hidden by the policy)"),
        "{authors:?}"
    );
}
