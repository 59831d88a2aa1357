//! The size of typical results, printed (run with `--nocapture`): what a model pays in tokens.

use serde_json::json;

use crate::harness::{Era, demo, ok, records};

/// Rough token estimate: ~4 characters per token for English-like text and tab-separated data.
fn approx_tokens(s: &str) -> usize {
    s.len().div_ceil(4)
}

#[tokio::test]
async fn default_partner_search_is_compact() {
    let (_sim, client) = demo(Era::Initialize).await;
    let (structured, text) = ok(&client, "search_records", json!({"model": "res.partner"})).await;
    let rows = records(&structured).len();
    assert_eq!(rows, 20, "default page size");
    let json_len = structured.to_string().len();
    println!("--- default search_records res.partner ({rows} rows) ---\n{text}\n---");
    println!(
        "text: {} bytes (~{} tokens); structuredContent: {} bytes (~{} tokens)",
        text.len(),
        approx_tokens(&text),
        json_len,
        approx_tokens(&structured.to_string())
    );
    // Budget: a default page must stay well under what one all-fields record costs.
    assert!(
        text.len() < 4000,
        "text rendering grew to {} bytes",
        text.len()
    );

    let (so, so_text) = ok(
        &client,
        "search_records",
        json!({"model": "sale.order", "limit": 5}),
    )
    .await;
    println!("--- search_records sale.order limit 5 ---\n{so_text}\n---");
    assert_eq!(so["returned"], 5);
}
