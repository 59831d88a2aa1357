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

    assert!(
        json_len * 2 <= text.len() * 3,
        "structuredContent ({json_len} B) is more than 1.5× the text ({} B)",
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

/// The token budget: the default 80-row partner page within 8 KB of text, its structured
/// content within 1.5× that, and every many2one id still given once per column.
#[tokio::test]
async fn eighty_default_partner_rows_fit_in_8_kb() {
    let (_sim, client) = demo(Era::Initialize).await;
    let (structured, text) = ok(
        &client,
        "search_records",
        json!({"model": "res.partner", "limit": 80}),
    )
    .await;
    let rows = records(&structured);
    assert_eq!(rows.len(), 80, "the demo data has 80 partners");
    let json_len = structured.to_string().len();
    println!("80 rows: text {} B, structured {json_len} B", text.len());
    assert!(text.len() <= 8192, "text grew to {} bytes", text.len());
    assert!(
        json_len * 2 <= text.len() * 3,
        "structuredContent ({json_len} B) is more than 1.5× the text ({} B)",
        text.len()
    );
    for row in &rows {
        if let Some(country) = row["country_id"][0].as_i64() {
            assert!(
                text.contains(&format!(" #{country}")),
                "country {country} has no id in the text:\n{text}"
            );
        }
    }
}
