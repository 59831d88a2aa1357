//! Create, write, copy, unlink and method calls, on every protocol.

use odoo_client::{ErrorKind, MethodCall, MethodName};
use serde_json::json;

use crate::support::{fields, model, record, setups};

#[tokio::test]
async fn create_write_copy_unlink_round_trip() {
    let partner = model("res.partner");
    for s in setups().await {
        let c = &s.client;
        let label = &s.label;
        let ids = c
            .create(
                &partner,
                &[
                    record(json!({"name": "IT Alpha"})),
                    record(json!({"name": "IT Beta", "email": "b@example.com"})),
                ],
            )
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(ids.len(), 2, "{label}");
        let rows = c
            .read(&partner, &ids, &fields(&["name", "email"]))
            .await
            .unwrap();
        assert_eq!(rows[0]["name"], json!("IT Alpha"), "{label}");
        assert_eq!(rows[1]["email"], json!("b@example.com"), "{label}");

        c.write(&partner, &ids[..1], &record(json!({"name": "IT Alpha 2"})))
            .await
            .unwrap();
        let rows = c
            .read(&partner, &ids[..1], &fields(&["name"]))
            .await
            .unwrap();
        assert_eq!(rows[0]["name"], json!("IT Alpha 2"), "{label}");

        let copy = c
            .copy(&partner, ids[1], Some(&record(json!({"name": "IT Gamma"}))))
            .await
            .unwrap();
        assert!(!ids.contains(&copy), "{label}");
        let rows = c
            .read(&partner, &[copy], &fields(&["name", "email"]))
            .await
            .unwrap();
        assert_eq!(rows[0]["name"], json!("IT Gamma"), "{label}");
        assert_eq!(rows[0]["email"], json!("b@example.com"), "{label}");

        let mut all = ids.clone();
        all.push(copy);
        c.unlink(&partner, &all).await.unwrap();
        assert!(
            c.read(&partner, &all, &fields(&["name"]))
                .await
                .unwrap()
                .is_empty(),
            "{label}"
        );
    }
}

#[tokio::test]
async fn a_single_create_still_returns_a_list() {
    for s in setups().await {
        let ids = s
            .client
            .create(&model("res.partner"), &[record(json!({"name": "IT One"}))])
            .await
            .unwrap();
        assert_eq!(ids.len(), 1, "{}", s.label);
    }
}

#[tokio::test]
async fn call_runs_public_methods_with_ids_and_kwargs() {
    let partner = model("res.partner");
    for s in setups().await {
        let ids = s
            .client
            .create(&partner, &[record(json!({"name": "IT Called"}))])
            .await
            .unwrap();
        let call = MethodCall {
            ids: Some(ids.clone()),
            kwargs: record(json!({"fields": ["name"]})),
        };
        let result = s
            .client
            .call(&partner, &MethodName::new("read").unwrap(), &call)
            .await
            .unwrap();
        assert_eq!(
            result[0]["name"],
            json!("IT Called"),
            "{}: {result}",
            s.label
        );
        let call = MethodCall {
            ids: None,
            kwargs: record(json!({"domain": [["id", "in", ids]]})),
        };
        let count = s
            .client
            .call(&partner, &MethodName::new("search_count").unwrap(), &call)
            .await
            .unwrap();
        assert_eq!(count, json!(1), "{}", s.label);
    }
}

#[tokio::test]
async fn private_methods_are_refused_before_sending() {
    for s in setups().await {
        let method = MethodName::new("_search").unwrap();
        let e = s
            .client
            .call(&model("res.partner"), &method, &MethodCall::default())
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::AccessDenied, "{}", s.label);
        assert_eq!(
            s.sim.request_count("res.partner", "_search"),
            0,
            "{}",
            s.label
        );
    }
}
