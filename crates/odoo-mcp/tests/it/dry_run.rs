//! `dry_run: true` on the write tools: the preview says what would change and what Odoo would
//! refuse, and nothing is written.

use serde_json::json;

use crate::harness::{Era, demo, ok, records};

fn writes(sim: &odoo_sim::SimHandle) -> u64 {
    ["create", "write", "unlink", "action_confirm"]
        .iter()
        .map(|m| sim.request_count("res.partner", m) + sim.request_count("sale.order", m))
        .sum()
}

#[tokio::test]
async fn an_update_preview_shows_current_and_new_values_and_writes_nothing() {
    let (sim, client) = demo(Era::Initialize).await;
    let (before, _) = ok(
        &client,
        "read_records",
        json!({"model": "res.partner", "ids": [1], "fields": ["phone"]}),
    )
    .await;
    let (out, text) = ok(
        &client,
        "update_records",
        json!({"model": "res.partner", "ids": [1, 99999], "values": {"phone": "+32 2 555 00 00"}, "dry_run": true}),
    )
    .await;
    let change = &out["dry_run"]["records"][0]["changes"][0];
    assert_eq!(change["field"], "phone");
    assert_eq!(change["current"], records(&before)[0]["phone"]);
    assert_eq!(change["new"], "+32 2 555 00 00");
    assert!(
        text.starts_with("Dry run: would change 2 res.partner records."),
        "{text}"
    );
    assert!(text.contains("99999"), "a missing id is named: {text}");
    assert!(text.contains("Nothing was written"), "{text}");
    assert_eq!(writes(&sim), 0);
}

#[tokio::test]
async fn a_create_preview_names_what_odoo_would_refuse() {
    let (sim, client) = demo(Era::Discover).await;
    let (out, text) = ok(
        &client,
        "create_records",
        json!({"model": "sale.order", "records": [{"partner_id": 999999, "picking_policy": "nonsense"}], "dry_run": true}),
    )
    .await;
    assert_eq!(out["ids"], json!([]));
    let problems = out["dry_run"]["problems"].to_string();
    assert!(
        problems.contains("partner_id") && problems.contains("999999"),
        "{problems}"
    );
    assert!(problems.contains("nonsense"), "{problems}");
    assert!(text.contains("Odoo would refuse it"), "{text}");
    // Odoo's onchange refuses these values too: the preview still answers, and says why
    // the consequences are missing.
    let note = out["dry_run"]["note"].as_str().unwrap_or_default();
    assert!(note.contains("not shown: onchange failed ("), "{note}");
    assert!(
        out["dry_run"]["records"][0].get("consequences").is_none(),
        "{out}"
    );
    assert_eq!(writes(&sim), 0);
}

#[tokio::test]
async fn delete_and_method_previews_list_the_records_and_their_state() {
    let (sim, client) = demo(Era::Initialize).await;
    let (orders, _) = ok(
        &client,
        "search_records",
        json!({"model": "sale.order", "domain": [["state", "=", "sale"]], "fields": ["name"], "limit": 1}),
    )
    .await;
    let id = records(&orders)[0]["id"]
        .as_i64()
        .expect("a confirmed order");
    let (out, text) = ok(
        &client,
        "delete_records",
        json!({"model": "sale.order", "ids": [id], "dry_run": true}),
    )
    .await;
    assert_eq!(out["dry_run"]["records"][0]["state"], "sale");
    assert!(text.contains("cancel it first"), "{text}");
    let (out, text) = ok(
        &client,
        "call_method",
        json!({"model": "sale.order", "method": "action_confirm", "ids": [id], "dry_run": true}),
    )
    .await;
    assert_eq!(out["result"], json!(null));
    assert!(
        text.starts_with("Dry run: would call sale.order.action_confirm on 1 record."),
        "{text}"
    );
    assert_eq!(writes(&sim), 0);
}

/// A simulator of `version` (19: JSON-2 with a key; 18: JSON-RPC with a login) and a client
/// on a writable server over it, with `policy` tweaks.
async fn on_version(
    version: u32,
    tweak: impl FnOnce(odoo_mcp::policy::PolicyBuilder) -> odoo_mcp::policy::PolicyBuilder,
) -> (odoo_sim::SimHandle, crate::harness::Client) {
    let sim = odoo_sim::spawn(odoo_sim::SimConfig::new().odoo_version(version))
        .await
        .expect("simulator starts");
    let builder = odoo_client::Client::builder(sim.url()).database(sim.database());
    let builder = if version >= 19 {
        builder.api_key(sim.admin_api_key())
    } else {
        builder.login("admin").password(sim.admin_api_key())
    };
    let policy = tweak(crate::harness::writable("demo"))
        .build()
        .expect("policy builds");
    let instance = odoo_mcp::Instance::new("demo", builder.build().expect("client"), policy);
    let server = odoo_mcp::OdooServer::new(odoo_mcp::Instances::single(instance));
    let client = crate::harness::connect(server, Era::Initialize).await;
    (sim, client)
}

/// A draft order (id, amount_total) and a product with a price (id, list_price).
async fn order_and_product(client: &crate::harness::Client) -> (i64, f64, i64, f64) {
    let (orders, _) = ok(
        client,
        "search_records",
        json!({"model": "sale.order", "domain": [["state", "=", "draft"]], "fields": ["amount_total"], "limit": 1}),
    )
    .await;
    let order = &records(&orders)[0];
    let (products, _) = ok(
        client,
        "search_records",
        json!({"model": "product.product", "domain": [["list_price", ">", 0]], "fields": ["list_price"], "limit": 1}),
    )
    .await;
    let product = &records(&products)[0];
    (
        order["id"].as_i64().expect("a draft order"),
        order["amount_total"].as_f64().unwrap_or(0.0),
        product["id"].as_i64().expect("a product with a price"),
        product["list_price"].as_f64().expect("a price"),
    )
}

#[tokio::test]
async fn a_new_order_line_shows_its_price_and_the_order_total_on_both_protocols() {
    for version in [18, 19] {
        let (sim, client) = on_version(version, |p| p).await;
        let (order, total, product, price) = order_and_product(&client).await;
        let (out, text) = ok(
            &client,
            "create_records",
            json!({"model": "sale.order.line", "records": [{"order_id": order, "product_id": product, "product_uom_qty": 2}], "dry_run": true}),
        )
        .await;
        let consequences = &out["dry_run"]["records"][0]["consequences"];
        assert_eq!(
            consequences["price_unit"]["new"],
            json!(price),
            "{version}: {out}"
        );
        assert!(consequences["price_unit"].get("current").is_none());
        // The unit comes from the product too (a relation, shown with its name).
        assert!(
            consequences["product_uom_id"]["new"]["name"].is_string(),
            "{out}"
        );
        // What onchange fills is not reported missing.
        assert_eq!(out["dry_run"]["problems"], json!([]), "{version}: {out}");
        let order_total = &consequences["order_id.amount_total"];
        assert_eq!(order_total["current"], json!(total), "{version}: {out}");
        assert_eq!(
            order_total["new"],
            json!(total + 2.0 * price),
            "{version}: {out}"
        );
        assert!(text.contains("would also change: "), "{text}");
        assert!(
            text.contains(&format!("price_unit: → {price}")),
            "{version}: {text}"
        );
        assert!(text.contains("order_id.amount_total: "), "{text}");
        assert_eq!(sim.request_count("sale.order.line", "create"), 0);
        let (after, _) = ok(
            &client,
            "read_records",
            json!({"model": "sale.order", "ids": [order], "fields": ["amount_total"]}),
        )
        .await;
        assert_eq!(records(&after)[0]["amount_total"], json!(total), "written");
    }
}

#[tokio::test]
async fn an_update_shows_consequences_with_their_current_values() {
    let (sim, client) = demo(Era::Discover).await;
    let (lines, _) = ok(
        &client,
        "search_records",
        json!({"model": "sale.order.line", "domain": [["state", "=", "draft"]], "fields": ["price_subtotal", "price_unit", "product_uom_qty"], "limit": 1}),
    )
    .await;
    let line = &records(&lines)[0];
    let id = line["id"].as_i64().expect("a draft line");
    let qty = line["product_uom_qty"].as_f64().expect("a quantity");
    let price = line["price_unit"].as_f64().expect("a price");
    let (out, text) = ok(
        &client,
        "update_records",
        json!({"model": "sale.order.line", "ids": [id], "values": {"product_uom_qty": qty + 1.0}, "dry_run": true}),
    )
    .await;
    let subtotal = &out["dry_run"]["records"][0]["consequences"]["price_subtotal"];
    assert_eq!(subtotal["current"], line["price_subtotal"], "{out}");
    assert_eq!(subtotal["new"], json!((qty + 1.0) * price), "{out}");
    assert!(text.contains("price_subtotal: "), "{text}");
    assert_eq!(sim.request_count("sale.order.line", "write"), 0);
}

#[tokio::test]
async fn withheld_fields_never_appear_among_consequences() {
    // uom.uom hidden: the line's unit (a relation into it) is withheld; its price is not.
    let (_sim, client) = on_version(19, |p| p.denied_models(["uom.uom"])).await;
    let (order, _, product, price) = order_and_product(&client).await;
    let (out, text) = ok(
        &client,
        "create_records",
        json!({"model": "sale.order.line", "records": [{"order_id": order, "product_id": product}], "dry_run": true}),
    )
    .await;
    let consequences = &out["dry_run"]["records"][0]["consequences"];
    assert_eq!(consequences["price_unit"]["new"], json!(price), "{out}");
    assert!(consequences.get("product_uom_id").is_none(), "{out}");
    assert!(!text.contains("product_uom_id"), "{text}");
}

#[tokio::test]
async fn a_customer_change_shows_the_new_addresses_and_odoo_s_warning() {
    let (sim, client) = demo(Era::Initialize).await;
    let (orders, _) = ok(
        &client,
        "search_records",
        json!({"model": "sale.order", "domain": [["state", "=", "draft"]], "fields": ["partner_id", "partner_invoice_id"], "limit": 1}),
    )
    .await;
    let order = &records(&orders)[0];
    let current_partner = order["partner_id"][0].as_i64().expect("a customer");
    let (partners, _) = ok(
        &client,
        "search_records",
        json!({"model": "res.partner", "domain": [["is_company", "=", true], ["id", "!=", current_partner], ["child_ids", "=", false]], "fields": ["name"], "limit": 1}),
    )
    .await;
    let partner = &records(&partners)[0];
    let pid = partner["id"].as_i64().expect("another company");
    ok(
        &client,
        "update_records",
        json!({"model": "res.partner", "ids": [pid], "values": {"sale_warn_msg": "Pays late"}}),
    )
    .await;
    let (out, text) = ok(
        &client,
        "update_records",
        json!({"model": "sale.order", "ids": [order["id"]], "values": {"partner_id": pid}, "dry_run": true}),
    )
    .await;
    let record = &out["dry_run"]["records"][0];
    let invoice = &record["consequences"]["partner_invoice_id"];
    assert_eq!(
        invoice["current"]["id"], order["partner_invoice_id"][0],
        "{out}"
    );
    assert_eq!(invoice["new"]["id"], json!(pid), "{out}");
    let warning = format!(
        "Warning for {}: Pays late",
        partner["name"].as_str().unwrap_or_default()
    );
    assert_eq!(record["warning"], json!(warning), "{out}");
    assert!(
        text.contains(&format!("Odoo would warn: {warning}")),
        "{text}"
    );
    assert_eq!(sim.request_count("sale.order", "write"), 0);
}
