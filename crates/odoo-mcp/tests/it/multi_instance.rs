//! Several instances behind one server: the `instance` argument routes each call.

use odoo_mcp::{Instances, OdooServer};
use serde_json::json;

use crate::harness::{Era, connect, fails, instance, ok, sim, writable};

#[tokio::test]
async fn the_instance_argument_routes_calls() {
    let (a, b) = (sim().await, sim().await);
    let instances = Instances::new(
        vec![
            instance("alpha", &a, writable("alpha")),
            instance("beta", &b, writable("beta")),
        ],
        "alpha",
    )
    .expect("instances");
    let server = OdooServer::new(instances);
    let schema = server
        .tools()
        .into_iter()
        .find(|t| t.name == "search_records")
        .expect("tool")
        .input_schema;
    let described = schema["properties"]["instance"]["description"]
        .as_str()
        .expect("described")
        .to_owned();
    assert!(
        described.contains("`alpha`, `beta`") && described.contains("default `alpha`"),
        "{described}"
    );

    let client = connect(server, Era::Discover).await;
    ok(
        &client,
        "create_records",
        json!({"instance": "beta", "model": "res.partner", "records": [{"name": "Only On Beta"}]}),
    )
    .await;
    let domain = json!([["name", "=", "Only On Beta"]]);
    let (on_beta, _) = ok(
        &client,
        "count_records",
        json!({"instance": "beta", "model": "res.partner", "domain": domain}),
    )
    .await;
    let (on_alpha, _) = ok(
        &client,
        "count_records",
        json!({"model": "res.partner", "domain": domain}),
    )
    .await;
    assert_eq!(on_beta["count"], 1);
    assert_eq!(on_alpha["count"], 0, "the default instance is alpha");
    assert_eq!(on_alpha["instance"], "alpha");
    assert_eq!(b.request_count("res.partner", "create"), 1);
    assert_eq!(a.request_count("res.partner", "create"), 0);

    let msg = fails(
        &client,
        "count_records",
        json!({"instance": "gamma", "model": "res.partner"}),
    )
    .await;
    assert!(
        msg.contains("gamma") && msg.contains("alpha") && msg.contains("beta"),
        "{msg}"
    );
}

/// A slow Odoo must not hold up calls to another one: the fast instance answers while the
/// slow call is still waiting on its server (checked by completion order, not by timing).
#[tokio::test]
async fn a_slow_instance_does_not_block_another() {
    let (slow, fast) = (sim().await, sim().await);
    let instances = Instances::new(
        vec![
            instance("slow", &slow, writable("slow")),
            instance("fast", &fast, writable("fast")),
        ],
        "fast",
    )
    .expect("instances");
    let client = std::sync::Arc::new(connect(OdooServer::new(instances), Era::Initialize).await);
    // Warm both instances (version detection, metadata) before slowing one down.
    for name in ["slow", "fast"] {
        ok(
            &client,
            "count_records",
            json!({"instance": name, "model": "res.partner"}),
        )
        .await;
    }
    slow.faults()
        .set_latency(std::time::Duration::from_secs(20));
    let pending = {
        let client = client.clone();
        tokio::spawn(async move {
            ok(
                &client,
                "count_records",
                json!({"instance": "slow", "model": "res.partner"}),
            )
            .await
        })
    };
    tokio::task::yield_now().await;
    for _ in 0..3 {
        let (out, _) = ok(
            &client,
            "count_records",
            json!({"instance": "fast", "model": "res.partner"}),
        )
        .await;
        assert!(out["count"].as_u64().is_some_and(|c| c > 0));
    }
    assert!(
        !pending.is_finished(),
        "the slow call should still be waiting on its server"
    );
    pending.abort();
}
