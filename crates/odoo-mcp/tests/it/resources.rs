//! Resources, resource templates and completion.

use rmcp::model::{CompletionContext, ReadResourceRequestParams, ResourceContents};

use crate::harness::{Client, Era, demo};

async fn read_text(client: &Client, uri: &str) -> String {
    let result = client
        .read_resource(ReadResourceRequestParams::new(uri))
        .await
        .unwrap_or_else(|e| panic!("{uri}: {e}"));
    match &result.contents[0] {
        ResourceContents::TextResourceContents { text, .. } => text.clone(),
        other => panic!("{uri}: not text: {other:?}"),
    }
}

#[tokio::test]
async fn resources_and_templates_are_listed_and_read() {
    for era in [Era::Initialize, Era::Discover] {
        let (_sim, client) = demo(era).await;
        let resources = client.list_all_resources().await.expect("resources/list");
        assert_eq!(
            resources.iter().map(|r| r.uri.as_str()).collect::<Vec<_>>(),
            ["odoo://demo/models"]
        );
        let templates = client
            .list_all_resource_templates()
            .await
            .expect("templates");
        let uris: Vec<&str> = templates.iter().map(|t| t.uri_template.as_str()).collect();
        assert_eq!(
            uris,
            [
                "odoo://{instance}/models",
                "odoo://{instance}/{model}/fields",
                "odoo://{instance}/{model}/{id}",
                "odoo://{instance}/export/{id}",
                "odoo://{instance}/attachment/{id}",
                "odoo://{instance}/report/{report}/{ids}"
            ]
        );

        let models = read_text(&client, "odoo://demo/models").await;
        assert!(models.contains("\nres.partner\t"), "{models}");
        let fields = read_text(&client, "odoo://demo/sale.order/fields").await;
        assert!(
            fields.contains("partner_id\tmany2one→res.partner"),
            "{fields}"
        );
        assert!(
            !fields.contains("access_token"),
            "secret fields are not described"
        );
        let record = read_text(&client, "odoo://demo/res.partner/1").await;
        assert!(record.starts_with("res.partner #1\nid: 1\n"), "{record}");
    }
}

#[tokio::test]
async fn unknown_resources_are_not_found_errors() {
    let (_sim, client) = demo(Era::Initialize).await;
    for uri in [
        "odoo://nowhere/models",
        "odoo://demo/res.partner/99999999",
        "odoo://demo/ir.config_parameter/fields",
        "https://example.com/",
    ] {
        let err = client
            .read_resource(ReadResourceRequestParams::new(uri))
            .await;
        assert!(err.is_err(), "{uri} should fail");
    }
}

#[tokio::test]
async fn completion_offers_instances_and_models() {
    let (_sim, client) = demo(Era::Initialize).await;
    let instances = client
        .complete_resource_simple("odoo://{instance}/models", "instance", "de")
        .await
        .expect("complete");
    assert_eq!(instances, ["demo"]);
    let models = client
        .complete_resource_argument(
            "odoo://{instance}/{model}/fields",
            "model",
            "sale.",
            Some(CompletionContext::with_arguments(
                [("instance".to_owned(), "demo".to_owned())].into(),
            )),
        )
        .await
        .expect("complete");
    assert!(
        models.values.iter().any(|m| m == "sale.order"),
        "{models:?}"
    );
    assert!(models.values.iter().all(|m| m.starts_with("sale.")));
    assert!(models.values.len() <= 100);
    let from_prompt = client
        .complete_prompt_simple("explore_model", "model", "res.part")
        .await
        .expect("complete");
    assert!(
        from_prompt.iter().any(|m| m == "res.partner"),
        "{from_prompt:?}"
    );
    let none = client
        .complete_prompt_simple("explore_model", "model", "ir.config_param")
        .await
        .expect("complete");
    assert!(none.is_empty(), "denied models are not offered: {none:?}");
}
