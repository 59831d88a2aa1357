//! Prompts: listed, built with their arguments, refused without them.

use rmcp::model::GetPromptRequestParams;
use serde_json::json;

use crate::harness::{Era, demo};

fn params(name: &str, args: serde_json::Value) -> GetPromptRequestParams {
    let mut p = GetPromptRequestParams::new(name);
    p.arguments = args.as_object().cloned();
    p
}

fn prompt_text(result: &rmcp::model::GetPromptResult) -> String {
    serde_json::to_value(&result.messages)
        .expect("messages")
        .to_string()
}

#[tokio::test]
async fn prompts_name_the_tools_to_call() {
    let (_sim, client) = demo(Era::Initialize).await;
    let listed = client.list_all_prompts().await.expect("prompts/list");
    let names: Vec<&str> = listed.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        ["explore_model", "customer_overview", "sales_summary"]
    );

    let explore = client
        .get_prompt(params("explore_model", json!({"model": "sale.order"})))
        .await
        .expect("get");
    let text = prompt_text(&explore);
    assert!(
        text.contains("describe_model") && text.contains("sale.order"),
        "{text}"
    );

    let customer = client
        .get_prompt(params("customer_overview", json!({"customer": "Azure"})))
        .await
        .expect("get");
    let text = prompt_text(&customer);
    assert!(
        text.contains("name_search") && text.contains("Azure") && text.contains("account.move"),
        "{text}"
    );

    let sales = client
        .get_prompt(params(
            "sales_summary",
            json!({"start": "2026-01-01", "end": "2026-03-31", "instance": "demo"}),
        ))
        .await
        .expect("get");
    let text = prompt_text(&sales);
    assert!(
        text.contains("date_order:month") && text.contains("2026-03-31 23:59:59"),
        "{text}"
    );
}

#[tokio::test]
async fn prompts_refuse_missing_or_bad_arguments() {
    let (_sim, client) = demo(Era::Discover).await;
    assert!(
        client
            .get_prompt(params("explore_model", json!({})))
            .await
            .is_err()
    );
    assert!(
        client
            .get_prompt(params(
                "sales_summary",
                json!({"start": "last week", "end": "2026-01-01"})
            ))
            .await
            .is_err()
    );
    assert!(
        client
            .get_prompt(params(
                "customer_overview",
                json!({"customer": "x", "instance": "nope"})
            ))
            .await
            .is_err()
    );
    assert!(
        client
            .get_prompt(params("no_such_prompt", json!({})))
            .await
            .is_err()
    );
}
