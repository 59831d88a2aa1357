//! The read tools against the simulator at every Odoo version it claims (17–20): each
//! tool succeeds, the protocol is detected (JSON-RPC with a login before 19, JSON-2 with a
//! key from 19), and grouping by a date period answers the same shape on every version.

use odoo_mcp::{Instance, Instances, OdooServer};
use odoo_sim::{SimConfig, SimHandle};
use serde_json::{Value, json};

use crate::harness::{Client, Era, confirmed, connect, ok, records, writable};

/// The versions the simulator claims and the MCP server supports.
const VERSIONS: [u32; 4] = [17, 18, 19, 20];

/// A simulator of `version` and a client on a server over it. Odoo 17/18 have no JSON-2:
/// the instance logs in (the API key works as the password), as a real 17/18 user does.
async fn on_version(version: u32) -> (SimHandle, Client) {
    let sim = odoo_sim::spawn(SimConfig::new().odoo_version(version))
        .await
        .expect("simulator starts");
    let builder = odoo_client::Client::builder(sim.url()).database(sim.database());
    let builder = if version >= 19 {
        builder.api_key(sim.admin_api_key())
    } else {
        builder.login("admin").password(sim.admin_api_key())
    };
    let client = builder.build().expect("client builds");
    let policy = writable("demo").build().expect("policy builds");
    let instances = Instances::single(Instance::new("demo", client, policy));
    let client = connect(OdooServer::new(instances), Era::Initialize).await;
    (sim, client)
}

/// The JSON type of every value in `v`, recursively (objects keep their keys): two answers
/// with the same shape have the same skeleton.
fn skeleton(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            Value::Object(m.iter().map(|(k, v)| (k.clone(), skeleton(v))).collect())
        }
        Value::Array(items) => Value::Array(items.iter().take(1).map(skeleton).collect()),
        Value::String(_) => json!("string"),
        Value::Number(_) => json!("number"),
        Value::Bool(_) => json!("bool"),
        Value::Null => json!("null"),
    }
}

#[tokio::test]
async fn every_read_tool_answers_alike_on_17_to_20() {
    let mut month_shapes = Vec::new();
    for version in VERSIONS {
        let (sim, client) = on_version(version).await;
        let (count, _) = ok(&client, "count_records", json!({"model": "res.partner"})).await;
        assert!(
            count["count"].as_u64().is_some_and(|c| c > 0),
            "{version}: {count}"
        );
        let (found, _) = ok(
            &client,
            "search_records",
            json!({"model": "res.partner", "fields": ["name"], "limit": 3}),
        )
        .await;
        assert_eq!(found["returned"], 3, "{version}: {found}");
        let id = records(&found)[0]["id"].as_i64().expect("an id");
        let (read, _) = ok(
            &client,
            "read_records",
            json!({"model": "res.partner", "ids": [id], "fields": ["name"]}),
        )
        .await;
        assert_eq!(records(&read)[0]["id"], id, "{version}: {read}");
        let (names, _) = ok(
            &client,
            "name_search",
            json!({"model": "res.partner", "name": "a"}),
        )
        .await;
        assert!(names.to_string().contains("\"id\""), "{version}: {names}");
        let (models, _) = ok(&client, "list_models", json!({"keyword": "partner"})).await;
        assert!(
            models.to_string().contains("res.partner"),
            "{version}: {models}"
        );
        let (described, _) = ok(&client, "describe_model", json!({"model": "sale.order"})).await;
        assert!(
            described.to_string().contains("date_order"),
            "{version}: {described}"
        );
        ok(
            &client,
            "check_access",
            json!({"model": "res.partner", "operation": "read"}),
        )
        .await;
        ok(
            &client,
            "list_messages",
            json!({"model": "res.partner", "id": id}),
        )
        .await;

        let (by_state, _) = ok(
            &client,
            "aggregate_records",
            json!({"model": "sale.order", "group_by": ["state"], "aggregates": ["amount_total:sum"]}),
        )
        .await;
        let groups = by_state["groups"].as_array().expect("groups");
        assert!(
            groups
                .iter()
                .all(|g| g["aggregates"]["amount_total:sum"].is_number()),
            "{version}: {by_state}"
        );

        let (by_month, text) = ok(
            &client,
            "aggregate_records",
            json!({"model": "sale.order", "group_by": ["date_order:month"], "domain": [["state", "=", "sale"]]}),
        )
        .await;
        let key = &by_month["groups"][0]["keys"]["date_order:month"];
        assert!(
            key["value"].is_string() && key["label"].is_string(),
            "{version}: a month group is {{value, label}}: {by_month}"
        );
        assert!(!text.contains('['), "{version}: labels in text: {text}");
        month_shapes.push((version, skeleton(&by_month)));
        // The client groups with the call each version has: `read_group` up to 18,
        // `formatted_read_group` from 19 (20 has no `read_group` any more).
        let (used, unused) = if version >= 19 {
            ("formatted_read_group", "read_group")
        } else {
            ("read_group", "formatted_read_group")
        };
        assert!(sim.request_count("sale.order", used) >= 2, "{version}");
        assert_eq!(sim.request_count("sale.order", unused), 0, "{version}");
    }
    let (_, first) = &month_shapes[0];
    for (version, shape) in &month_shapes {
        assert_eq!(
            shape, first,
            "aggregate_records on {version} has another shape"
        );
    }
}

#[tokio::test]
async fn every_write_tool_succeeds_on_17_to_20() {
    for version in VERSIONS {
        let (_sim, client) = on_version(version).await;
        let (created, _) = ok(
            &client,
            "create_records",
            json!({"model": "res.partner", "records": [{"name": format!("Version {version}")}]}),
        )
        .await;
        let id = created["ids"][0].as_i64().expect("a created id");
        ok(
            &client,
            "update_records",
            json!({"model": "res.partner", "ids": [id], "values": {"phone": "+32 2 555 01 01"}}),
        )
        .await;
        let (read, _) = ok(
            &client,
            "read_records",
            json!({"model": "res.partner", "ids": [id], "fields": ["phone"]}),
        )
        .await;
        assert_eq!(records(&read)[0]["phone"], "+32 2 555 01 01", "{version}");
        let (drafts, _) = ok(
            &client,
            "search_records",
            json!({"model": "sale.order", "domain": [["state", "=", "draft"]], "fields": ["name"], "limit": 1}),
        )
        .await;
        let order = records(&drafts)[0]["id"].as_i64().expect("a draft order");
        confirmed(
            &client,
            "call_method",
            json!({"model": "sale.order", "method": "action_confirm", "ids": [order]}),
        )
        .await;
        let (after, _) = ok(
            &client,
            "read_records",
            json!({"model": "sale.order", "ids": [order], "fields": ["state"]}),
        )
        .await;
        assert_eq!(records(&after)[0]["state"], "sale", "{version}");
        confirmed(
            &client,
            "delete_records",
            json!({"model": "res.partner", "ids": [id]}),
        )
        .await;
        let (gone, _) = ok(
            &client,
            "read_records",
            json!({"model": "res.partner", "ids": [id], "fields": ["name"]}),
        )
        .await;
        assert_eq!(gone["missing_ids"], json!([id]), "{version}");
    }
}
