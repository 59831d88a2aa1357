//! The metadata cache keeps each language apart: field labels and selection labels come in the
//! call's `lang`, a French call never gets English labels cached by an earlier call (or the
//! reverse), and each language is fetched from Odoo once.

use serde_json::json;

use crate::harness::{Era, demo, ok};

#[tokio::test]
async fn labels_follow_the_calls_language_and_each_language_is_fetched_once() {
    let (sim, client) = demo(Era::Initialize).await;
    let before = sim.request_count("sale.order", "fields_get");
    let describe = |lang: Option<&str>| {
        let mut args = json!({"model": "sale.order", "keyword": "state"});
        if let Some(lang) = lang {
            args["lang"] = json!(lang);
        }
        let client = &client;
        async move { ok(client, "describe_model", args).await.1 }
    };
    let french = describe(Some("fr_FR")).await;
    assert!(
        french.contains("Statut") && french.contains("Devis"),
        "{french}"
    );
    let english = describe(None).await;
    assert!(
        english.contains("Status") && english.contains("Quotation"),
        "{english}"
    );
    assert!(
        !english.contains("Statut") && !english.contains("Devis"),
        "{english}"
    );
    let french_again = describe(Some("fr_FR")).await;
    assert!(!french_again.contains("Quotation"), "{french_again}");
    assert_eq!(describe(Some("en_US")).await, english);
    assert_eq!(
        sim.request_count("sale.order", "fields_get") - before,
        3,
        "fr_FR, the user's default and en_US once each"
    );
}
