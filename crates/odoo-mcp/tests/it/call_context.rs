//! The context arguments every tool takes (`company_id`, `lang`, `tz`) and the instance's
//! defaults: a company narrows what Odoo shows, a company the user is not in is refused, bad
//! values are refused before any call.

use odoo_client::Context;
use odoo_mcp::{Instance, Instances, OdooServer, Policy};
use serde_json::json;

use crate::harness::{Era, connect, demo, fails, ok, records, sim};

async fn count(client: &crate::harness::Client, extra: serde_json::Value) -> u64 {
    let mut args = json!({"model": "sale.order"});
    args.as_object_mut()
        .expect("object")
        .extend(extra.as_object().expect("object").clone());
    let (out, _) = ok(client, "count_records", args).await;
    out["count"].as_u64().expect("count")
}

#[tokio::test]
async fn a_company_shows_only_its_records_in_both_eras() {
    for era in [Era::Initialize, Era::Discover] {
        let (_sim, client) = demo(era).await;
        let all = count(&client, json!({})).await;
        let first = count(&client, json!({"company_id": 1})).await;
        let second = count(&client, json!({"company_id": "2"})).await;
        assert!(second > 0 && first > 0, "{first} + {second} of {all}");
        assert_eq!(first + second, all, "each order belongs to one company");
        let (out, _) = ok(
            &client,
            "search_records",
            json!({"model": "sale.order", "company_id": 2, "fields": ["company_id"], "limit": 200}),
        )
        .await;
        let records = records(&out);
        assert_eq!(records.len() as u64, second);
        assert!(
            records.iter().all(|r| r["company_id"][0] == 2),
            "{records:?}"
        );
        let m = fails(
            &client,
            "count_records",
            json!({"model": "sale.order", "company_id": 99}),
        )
        .await;
        assert!(m.to_lowercase().contains("compan"), "{m}");
    }
}

#[tokio::test]
async fn bad_context_values_are_refused_with_the_fix() {
    let (_sim, client) = demo(Era::Initialize).await;
    let m = fails(
        &client,
        "count_records",
        json!({"model": "sale.order", "lang": "French"}),
    )
    .await;
    assert!(m.contains("lang") && m.contains("fr_FR"), "{m}");
    let m = fails(
        &client,
        "count_records",
        json!({"model": "sale.order", "tz": "../../etc"}),
    )
    .await;
    assert!(m.contains("tz") && m.contains("Europe/Paris"), "{m}");
    let m = fails(&client, "list_models", json!({"company_id": [1, 2]})).await;
    assert!(m.contains("company_id") && m.contains("integer"), "{m}");
    ok(
        &client,
        "count_records",
        json!({"model": "sale.order", "lang": "fr_FR", "tz": "Europe/Paris"}),
    )
    .await;
}

#[tokio::test]
async fn the_instance_default_company_applies_and_a_call_overrides_it() {
    let sim = sim().await;
    let client = odoo_client::Client::builder(sim.url())
        .database(sim.database())
        .api_key(sim.admin_api_key())
        .context(Context::new().companies(&[2]))
        .build()
        .expect("client");
    let policy = Policy::builder("demo").build().expect("policy");
    let server = OdooServer::new(Instances::single(Instance::new("demo", client, policy)));
    let client = connect(server, Era::Discover).await;
    let default = count(&client, json!({})).await;
    let second = count(&client, json!({"company_id": 2})).await;
    let first = count(&client, json!({"company_id": 1})).await;
    assert_eq!(default, second);
    assert_ne!(first, second);
}
