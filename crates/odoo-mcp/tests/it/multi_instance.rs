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
        described.contains("`alpha`, `beta`") && described.contains("defaults to `alpha`"),
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
