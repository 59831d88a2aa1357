//! An ordinary internal user (the simulator's `reader`: `base.group_user` only), who may not
//! read `ir.model`: `list_models`, the models resource and `check` still work and say what
//! the user cannot do.

use std::process::Stdio;
use std::time::Duration;

use odoo_mcp::policy::PolicyBuilder;
use odoo_mcp::{Instance, Instances, OdooServer, Policy};
use odoo_sim::SimHandle;
use rmcp::model::{ReadResourceRequestParams, ResourceContents};
use serde_json::json;
use tokio::process::Command;

use crate::harness::{self, Client, Era};

/// An instance on `sim`, logged in as the internal user `reader`.
fn reader_instance(sim: &SimHandle, policy: PolicyBuilder) -> Instance {
    let client = odoo_client::Client::builder(sim.url())
        .database(sim.database())
        .api_key(sim.reader_api_key())
        .build()
        .expect("client builds");
    Instance::new("demo", client, policy.build().expect("policy builds"))
}

async fn reader_client(sim: &SimHandle) -> Client {
    let instances = Instances::single(reader_instance(sim, Policy::builder("demo")));
    harness::connect(OdooServer::new(instances), Era::Initialize).await
}

fn model_names(out: &serde_json::Value) -> Vec<String> {
    out["models"]
        .as_array()
        .expect("a models array")
        .iter()
        .filter_map(|m| m["model"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn list_models_works_for_a_user_who_may_not_read_ir_model() {
    let sim = harness::sim().await;
    let client = reader_client(&sim).await;
    let (out, text) = harness::ok(&client, "list_models", json!({})).await;
    let names = model_names(&out);
    assert!(names.iter().any(|m| m == "res.partner"), "{names:?}");
    // The reader has no sales rights: sale.order is not offered.
    assert!(!names.iter().any(|m| m == "sale.order"), "{names:?}");
    assert!(
        out["note"].as_str().is_some_and(|n| n.contains("ir.model")),
        "{out}"
    );
    assert!(text.contains("may not read ir.model"), "{text}");
}

#[tokio::test]
async fn everyday_words_find_the_models_users_mean() {
    let sim = harness::sim().await;
    let instances = Instances::single(harness::instance("demo", &sim, Policy::builder("demo")));
    let client = harness::connect(OdooServer::new(instances), Era::Initialize).await;
    for (keyword, first) in [
        ("invoice", "account.move"),
        ("customer", "res.partner"),
        ("quotation", "sale.order"),
        ("opportunity", "crm.lead"),
    ] {
        let (out, text) = harness::ok(&client, "list_models", json!({"keyword": keyword})).await;
        assert_eq!(
            model_names(&out).first().map(String::as_str),
            Some(first),
            "{keyword}: {text}"
        );
        // An admin reads ir.model: the list is complete and says nothing about limits.
        assert!(out.get("note").is_none(), "{out}");
    }
    // The description's own example.
    let (out, text) = harness::ok(&client, "list_models", json!({"keyword": "sale"})).await;
    let names = model_names(&out);
    for m in ["sale.order", "sale.order.line"] {
        assert!(names.iter().any(|n| n == m), "sale: {text}");
    }
}

#[tokio::test]
async fn the_models_resource_works_for_an_internal_user() {
    let sim = harness::sim().await;
    let client = reader_client(&sim).await;
    let result = client
        .read_resource(ReadResourceRequestParams::new("odoo://demo/models"))
        .await
        .expect("the models resource reads");
    let text: String = result
        .contents
        .iter()
        .filter_map(|c| match c {
            ResourceContents::TextResourceContents { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert!(text.contains("res.partner"), "{text}");
    assert!(text.contains("may not read ir.model"), "{text}");
}

#[tokio::test]
async fn check_warns_that_the_user_cannot_read_ir_model() {
    let sim = harness::sim().await;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_odoo-mcp"));
    cmd.env_clear()
        .env("HOME", std::env::temp_dir().join("odoo-mcp-it-no-home"))
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("ODOO_URL", sim.url())
        .env("ODOO_DB", sim.database())
        .env("ODOO_USERNAME", "reader")
        .env("ODOO_API_KEY", sim.reader_api_key())
        .arg("check")
        .stdin(Stdio::null())
        .kill_on_drop(true);
    let out = tokio::time::timeout(Duration::from_secs(60), cmd.output())
        .await
        .expect("check finishes in time")
        .expect("check runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("login reader"), "{stdout}");
    assert!(stdout.contains("cannot read ir.model"), "{stdout}");
}
