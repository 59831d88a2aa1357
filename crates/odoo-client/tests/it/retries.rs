//! Retries: reads survive transient failures; writes are never resent and report an unknown
//! outcome when the request may have been applied.

use std::time::Duration;

use odoo_client::{Client, Domain, ErrorKind, Search};
use odoo_sim::SimHandle;
use serde_json::json;

use crate::support::{admin_key_client, builder, model, password_client, record, sim};

/// A connected JSON-2 (19) and JSON-RPC (17) client: detection is done before faults are
/// armed, so only the operation under test meets them.
async fn connected() -> Vec<(&'static str, SimHandle, Client)> {
    let a = sim(19).await;
    let json2 = admin_key_client(&a);
    json2.server_info().await.expect("JSON-2 detection");
    let b = sim(17).await;
    let rpc = password_client(&b, "admin", "admin");
    rpc.server_info().await.expect("JSON-RPC login");
    vec![("json2", a, json2), ("jsonrpc", b, rpc)]
}

#[tokio::test]
async fn a_read_succeeds_after_a_503() {
    for (label, sim, client) in connected().await {
        sim.faults().fail_next(1, 503);
        let count = client
            .search_count(&model("res.partner"), &Domain::default())
            .await;
        assert!(count.unwrap_or_else(|e| panic!("{label}: {e}")) > 0);
        assert_eq!(
            sim.request_count("res.partner", "search_count"),
            2,
            "{label}"
        );
    }
}

#[tokio::test]
async fn a_read_honours_429_retry_after() {
    for (label, sim, client) in connected().await {
        sim.faults().fail_next(1, 429);
        let ids = client
            .search(
                &model("res.partner"),
                &Search {
                    limit: Some(1),
                    ..Search::default()
                },
            )
            .await;
        assert_eq!(ids.unwrap_or_else(|e| panic!("{label}: {e}")).len(), 1);
        assert_eq!(sim.request_count("res.partner", "search"), 2, "{label}");
    }
}

#[tokio::test]
async fn a_read_gives_up_after_max_retries() {
    for (label, sim, client) in connected().await {
        sim.faults().fail_next(5, 503);
        let e = client
            .search_count(&model("res.partner"), &Domain::default())
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Server, "{label}: {e}");
        assert!(!e.to_string().contains('<'), "{label}: no HTML: {e}");
        assert_eq!(
            sim.request_count("res.partner", "search_count"),
            3,
            "{label}: 1 + 2 retries"
        );
    }
}

#[tokio::test]
async fn a_dropped_write_is_not_resent_and_its_outcome_is_unknown() {
    for (label, sim, client) in connected().await {
        let partner = model("res.partner");
        let ids = client
            .create(&partner, &[record(json!({"name": "IT Dropped"}))])
            .await
            .unwrap();
        sim.faults().drop_next(1);
        let e = client
            .write(&partner, &ids, &record(json!({"name": "IT Dropped 2"})))
            .await
            .unwrap_err();
        assert!(e.is_outcome_unknown(), "{label}: {e:?}");
        assert!(e.is_transport(), "{label}: {e:?}");
        assert!(
            e.to_string().contains("may or may not have been applied"),
            "{label}: {e}"
        );
        assert_eq!(sim.request_count("res.partner", "write"), 1, "{label}");
    }
}

#[tokio::test]
async fn a_write_meeting_a_503_is_not_resent() {
    for (label, sim, client) in connected().await {
        sim.faults().fail_next(1, 503);
        let e = client
            .create(&model("res.partner"), &[record(json!({"name": "IT 503"}))])
            .await
            .unwrap_err();
        assert!(e.is_outcome_unknown(), "{label}: {e:?}");
        assert_eq!(sim.request_count("res.partner", "create"), 1, "{label}");
    }
}

#[tokio::test]
async fn a_rate_limited_write_is_refused_not_unknown() {
    for (label, sim, client) in connected().await {
        sim.faults().fail_next(1, 429);
        let e = client
            .create(&model("res.partner"), &[record(json!({"name": "IT 429"}))])
            .await
            .unwrap_err();
        assert!(!e.is_outcome_unknown(), "{label}: {e:?}");
        assert_eq!(sim.request_count("res.partner", "create"), 1, "{label}");
    }
}

#[tokio::test]
async fn a_hanging_write_times_out_with_an_unknown_outcome() {
    let s = sim(19).await;
    let client = builder(&s)
        .api_key(s.admin_api_key())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    client.server_info().await.unwrap();
    s.faults().hang_next(1);
    let e = client
        .unlink(&model("res.partner"), &[999_999])
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e:?}");
    assert!(e.is_outcome_unknown(), "{e:?}");
    assert_eq!(s.request_count("res.partner", "unlink"), 1);
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let client = Client::builder(addr.to_string())
        .api_key("k")
        .max_retries(0)
        .build()
        .unwrap();
    let e = client.server_info().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Connect, "{e:?}");
    assert!(!e.is_outcome_unknown());
}
