//! `onchange` (Odoo 17+): what a form shows after a change — product and partner
//! consequences, order totals from new lines, Odoo's errors, and nothing ever written.

use super::*;

fn onchange(e: &Engine, model: &str, body: Value) -> Value {
    admin(e, model, "onchange", body)
}

/// The lines of order 1 and its stored amounts: what must not move.
fn order_state(e: &Engine) -> (Value, Value) {
    let lines = admin(
        e,
        "sale.order.line",
        "search_read",
        json!({"domain": [], "fields": ["name", "price_unit", "order_id"]}),
    );
    let order = admin(
        e,
        "sale.order",
        "read",
        json!({"ids": [1], "fields": ["amount_total", "partner_id", "partner_invoice_id"]}),
    );
    (lines, order)
}

#[test]
fn a_product_on_a_new_line_brings_its_name_price_and_subtotal() {
    let e = engine();
    let before = order_state(&e);
    let r = onchange(
        &e,
        "sale.order.line",
        json!({
            "values": {"order_id": 1, "product_id": 2, "product_uom_qty": 3},
            "field_names": ["order_id", "product_id", "product_uom_qty"],
            "fields_spec": {"name": {}, "price_unit": {}, "price_subtotal": {},
                            "product_id": {}, "product_uom_qty": {}, "discount": {}},
        }),
    );
    let value = &r["value"];
    assert_eq!(value["name"], json!("chair"));
    assert_eq!(value["price_unit"], json!(50.0));
    assert_eq!(value["price_subtotal"], json!(150.0));
    // The fields the caller set, and the ones nothing changed, are not repeated.
    for same in ["product_id", "product_uom_qty", "discount"] {
        assert!(value.get(same).is_none(), "{same} returned: {r}");
    }
    assert!(r.get("warning").is_none());
    assert_eq!(order_state(&e), before, "onchange wrote something");
}

#[test]
fn a_price_given_with_the_product_is_kept() {
    let e = engine();
    let r = onchange(
        &e,
        "sale.order.line",
        json!({
            "values": {"order_id": 1, "product_id": 2, "price_unit": 7.5},
            "field_names": ["order_id", "product_id", "price_unit"],
            "fields_spec": {"name": {}, "price_unit": {}, "price_subtotal": {}},
        }),
    );
    assert_eq!(r["value"]["name"], json!("chair"));
    assert!(r["value"].get("price_unit").is_none(), "{r}");
    assert_eq!(r["value"]["price_subtotal"], json!(7.5));
}

#[test]
fn a_new_line_in_an_order_changes_its_totals() {
    let e = engine();
    let before = order_state(&e);
    let r = onchange(
        &e,
        "sale.order",
        json!({
            "ids": [1],
            "values": {"order_line": [[0, 0, {"product_id": 2, "product_uom_qty": 2}]]},
            "field_names": ["order_line"],
            "fields_spec": {"amount_total": {}, "amount_untaxed": {}, "name": {},
                            "order_line": {"fields": {"price_unit": {}, "name": {}}}},
        }),
    );
    assert_eq!(r["value"]["amount_total"], json!(200.0));
    assert_eq!(r["value"]["amount_untaxed"], json!(200.0));
    assert!(r["value"].get("name").is_none());
    assert_eq!(order_state(&e), before, "onchange wrote something");
    // The new line's id was not used up.
    let created = admin(
        &e,
        "sale.order.line",
        "create",
        json!({"vals_list": [{"order_id": 1, "product_id": 1}]}),
    );
    assert_eq!(created, json!([4]));
}

#[test]
fn a_customer_change_brings_addresses_and_the_sale_warning() {
    let e = engine();
    let before = order_state(&e);
    admin(
        &e,
        "res.partner",
        "write",
        json!({"ids": [11], "vals": {"sale_warn_msg": "Pays late"}}),
    );
    let r = onchange(
        &e,
        "sale.order",
        json!({
            "ids": [1],
            "values": {"partner_id": 11},
            "field_names": ["partner_id"],
            "fields_spec": {"partner_id": {}, "partner_invoice_id": {"fields": {"display_name": {}}},
                            "partner_shipping_id": {}, "amount_total": {}},
        }),
    );
    assert_eq!(
        r["value"]["partner_invoice_id"],
        json!({"id": 11, "display_name": "azure interior"})
    );
    assert_eq!(r["value"]["partner_shipping_id"], json!(11));
    assert!(r["value"].get("partner_id").is_none());
    assert!(r["value"].get("amount_total").is_none());
    assert_eq!(
        r["warning"],
        json!({"title": "Warning for azure interior", "message": "Pays late", "type": "dialog"})
    );
    assert_eq!(order_state(&e), before, "onchange wrote something");
}

#[test]
fn a_partner_on_a_new_lead_brings_email_and_name() {
    let e = engine();
    let r = onchange(
        &e,
        "crm.lead",
        json!({
            "values": {"partner_id": 9},
            "field_names": ["partner_id"],
            "fields_spec": {"email_from": {}, "name": {}, "partner_id": {}},
        }),
    );
    assert_eq!(r["value"]["email_from"], json!("acme@example.com"));
    assert_eq!(r["value"]["name"], json!("Acme Corporation's opportunity"));
}

#[test]
fn unknown_fields_are_refused_as_odoo_does() {
    let e = engine();
    let f = err(
        &e,
        2,
        "sale.order.line",
        "onchange",
        json!({"values": {"nope": 1}, "field_names": [], "fields_spec": {"name": {}}}),
    );
    assert_eq!(
        (f.kind, f.message.as_str()),
        (
            FaultKind::ValueError,
            "Invalid field 'nope' on model 'sale.order.line'"
        )
    );
    let f = err(
        &e,
        2,
        "sale.order",
        "onchange",
        json!({"ids": [1], "values": {}, "field_names": ["partner_id"], "fields_spec": {"bogus": {}}}),
    );
    assert_eq!(f.message, "Invalid field 'bogus' on model 'sale.order'");
    // An onchange on a field the model does not have answers nothing.
    let r = onchange(
        &e,
        "sale.order",
        json!({"ids": [1], "values": {"nope": 1}, "field_names": ["nope"], "fields_spec": {}}),
    );
    assert_eq!(r, json!({}));
}

#[test]
fn missing_records_fail_and_an_onchange_is_not_a_write() {
    let e = engine();
    let f = err(
        &e,
        2,
        "sale.order",
        "onchange",
        json!({"ids": [999], "values": {}, "field_names": [], "fields_spec": {}}),
    );
    assert_eq!(f.kind, FaultKind::MissingError);
    let write_calls = e.write_calls.load(std::sync::atomic::Ordering::SeqCst);
    onchange(
        &e,
        "sale.order",
        json!({"ids": [1], "values": {"partner_id": 10}, "field_names": ["partner_id"], "fields_spec": {}}),
    );
    assert_eq!(
        e.write_calls.load(std::sync::atomic::Ordering::SeqCst),
        write_calls,
        "onchange counted as a write"
    );
}

#[test]
fn what_onchange_previews_is_what_create_stores() {
    let e = engine();
    let cases = [
        (
            "sale.order.line",
            json!({"order_id": 1, "product_id": 2, "product_uom_qty": 2}),
            json!({"name": {}, "price_unit": {}, "price_subtotal": {}, "tax_ids": {},
                   "product_uom_id": {}}),
        ),
        (
            "sale.order",
            json!({"partner_id": 11}),
            json!({"partner_invoice_id": {}, "partner_shipping_id": {}, "payment_term_id": {}}),
        ),
        (
            "crm.lead",
            json!({"partner_id": 9}),
            json!({"email_from": {}, "phone": {}, "name": {}}),
        ),
    ];
    for (model, values, spec) in cases {
        let names: Vec<&String> = values.as_object().unwrap().keys().collect();
        let preview = onchange(
            &e,
            model,
            json!({"values": values, "field_names": names, "fields_spec": spec}),
        );
        let created = admin(&e, model, "create", json!({"vals_list": [values]}));
        let fields: Vec<&String> = spec.as_object().unwrap().keys().collect();
        let stored = admin(
            &e,
            model,
            "web_read",
            json!({"ids": created, "specification": spec}),
        );
        for f in fields {
            if let Some(v) = preview["value"].get(f) {
                assert_eq!(&stored[0][f], v, "{model}.{f}: {preview}");
            }
        }
        assert!(
            !preview["value"].as_object().unwrap().is_empty(),
            "{model}: no consequence previewed"
        );
    }
}
