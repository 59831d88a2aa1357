//! What the simulated versions answer differently: Odoo 20's removals (`read_group`,
//! `ir.attachment.datas`), the `rpc` scope Odoo 20 requires of API keys, and the interactive
//! login that never takes an API key.

use odoo_sim::SimConfig;
use serde_json::json;

use crate::support::{Answer, client, json2, json2_as, jsonrpc, sim};

#[tokio::test]
async fn read_group_is_gone_in_20_and_formatted_read_group_replaces_it() {
    let body = json!({"domain": [], "fields": ["amount_total:sum"], "groupby": ["state"]});
    let on19 = json2(&sim(19).await, "sale.order", "read_group", body.clone()).await;
    assert_eq!(on19.status, 200, "{}", on19.body);
    let sim20 = sim(20).await;
    let on20 = json2(&sim20, "sale.order", "read_group", body).await;
    assert_eq!(on20.status, 404, "{}", on20.body);
    assert_eq!(
        on20.body["message"],
        "The method 'sale.order.read_group' does not exist"
    );
    let args = json!([
        "demo",
        2,
        "admin",
        "sale.order",
        "read_group",
        [[], ["amount_total:sum"], ["state"]]
    ]);
    let rpc = jsonrpc(&sim20, "object", "execute_kw", args).await;
    assert_eq!(
        rpc.error_name(),
        Some("builtins.AttributeError"),
        "{}",
        rpc.body
    );
    let grouped = json2(
        &sim20,
        "sale.order",
        "formatted_read_group",
        json!({"domain": [], "groupby": ["state"], "aggregates": ["amount_total:sum"]}),
    )
    .await;
    assert_eq!(grouped.status, 200, "{}", grouped.body);
    assert!(
        grouped.body[0]["amount_total:sum"].is_number(),
        "{}",
        grouped.body
    );
}

#[tokio::test]
async fn odoo_20_keeps_attachment_content_in_raw_not_datas() {
    let content = "aGVsbG8="; // "hello"
    for (version, field, other) in [(19, "datas", None), (20, "raw", Some("datas"))] {
        let sim = sim(version).await;
        let made = json2(
            &sim,
            "ir.attachment",
            "create",
            json!({"vals_list": [{"name": "a.txt", field: content}]}),
        )
        .await;
        assert_eq!(made.status, 200, "{version}: {}", made.body);
        let read = json2(
            &sim,
            "ir.attachment",
            "read",
            json!({"ids": made.body, "fields": [field, "file_size"]}),
        )
        .await;
        assert_eq!(read.body[0][field], content, "{version}: {}", read.body);
        assert_eq!(read.body[0]["file_size"], 5);
        if let Some(old) = other {
            let refused = json2(
                &sim,
                "ir.attachment",
                "search_read",
                json!({"domain": [], "fields": [old], "limit": 1}),
            )
            .await;
            assert_eq!(refused.status, 500, "{}", refused.body);
            assert_eq!(
                refused.body["message"],
                "Invalid field 'datas' on 'ir.attachment'"
            );
            let described = json2(&sim, "ir.attachment", "fields_get", json!({})).await;
            assert!(described.body.get("datas").is_none());
            assert!(described.body.get("raw").is_some());
        }
    }
}

#[tokio::test]
async fn odoo_20_requires_the_rpc_scope_on_api_keys() {
    for version in [19, 20] {
        let sim = odoo_sim::spawn(
            SimConfig::new()
                .odoo_version(version)
                .unscoped_api_keys(true),
        )
        .await
        .expect("the simulator starts");
        let key = sim.admin_api_key().to_owned();
        let bearer = json2_as(
            &sim,
            &key,
            "res.partner",
            "search_count",
            json!({"domain": []}),
        )
        .await;
        let login = jsonrpc(&sim, "common", "login", json!(["demo", "admin", key])).await;
        let args = json!(["demo", 2, key, "res.partner", "search_count", [[]]]);
        let call = jsonrpc(&sim, "object", "execute_kw", args).await;
        if version == 19 {
            assert_eq!(
                bearer.status, 200,
                "a key without scope counts as rpc on 19"
            );
            assert_eq!(login.body["result"], 2);
            assert!(call.body["result"].is_number(), "{}", call.body);
        } else {
            assert_eq!(bearer.status, 401, "{}", bearer.body);
            assert_eq!(login.body["result"], false, "{}", login.body);
            assert_eq!(call.error_name(), Some("odoo.exceptions.AccessDenied"));
            let by_password =
                jsonrpc(&sim, "common", "login", json!(["demo", "admin", "admin"])).await;
            assert_eq!(by_password.body["result"], 2, "passwords still log in");
        }
    }
    let scoped = sim(20).await;
    let ok = json2(
        &scoped,
        "res.partner",
        "search_count",
        json!({"domain": []}),
    )
    .await;
    assert_eq!(ok.status, 200, "an rpc-scoped key works on 20");
}

#[tokio::test]
async fn the_browser_login_refuses_api_keys() {
    let sim = sim(19).await;
    let login = |password: String| {
        let body = json!({"jsonrpc": "2.0", "method": "call", "id": 1,
            "params": {"db": "demo", "login": "admin", "password": password}});
        let url = format!("{}/web/session/authenticate", sim.url());
        async move {
            Answer::read(
                client()
                    .post(url)
                    .json(&body)
                    .send()
                    .await
                    .expect("answered"),
            )
            .await
        }
    };
    let by_key = login(sim.admin_api_key().to_owned()).await;
    assert_eq!(
        by_key.error_name(),
        Some("odoo.exceptions.AccessDenied"),
        "{}",
        by_key.body
    );
    assert!(by_key.header("set-cookie").is_none());
    let by_password = login("admin".to_owned()).await;
    assert_eq!(by_password.body["result"]["uid"], 2, "{}", by_password.body);
}
