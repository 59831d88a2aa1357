//! The order of groups (`_read_group_orderby`): groupbys (many2one by the comodel's
//! `_order`), aggregates computed for the order alone, and Odoo's errors for anything else;
//! `read_group`'s `orderby` rewritten onto annotated specs first.

use super::*;

fn formatted(e: &Engine, groupby: &str, order: &str) -> Result<Value, Fault> {
    call_as(
        e,
        2,
        "sale.order",
        "formatted_read_group",
        json!({"domain": [], "groupby": [groupby], "aggregates": ["__count"], "order": order}),
    )
}

fn column(rows: &Value, key: &str) -> Vec<Value> {
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| match &r[key] {
            Value::Array(pair) => pair[0].clone(),
            other => other.clone(),
        })
        .collect()
}

#[test]
fn many2one_groups_follow_the_comodel_order_both_ways() {
    let e = engine();
    // res.partner orders by complete_name (C collation): "Acme Corporation" (9) < "Acme
    // Corporation, Douglas Fletcher" (19) < "Gemini Furniture" (10) < "azure interior" (11).
    let asc = formatted(&e, "partner_id", "").unwrap();
    assert_eq!(
        column(&asc, "partner_id"),
        vec![json!(9), json!(19), json!(10), json!(11)]
    );
    let desc = formatted(&e, "partner_id", "partner_id desc").unwrap();
    assert_eq!(
        column(&desc, "partner_id"),
        vec![json!(11), json!(10), json!(19), json!(9)]
    );
    let legacy = admin(
        &e,
        "sale.order",
        "read_group",
        json!({"domain": [], "fields": [], "groupby": ["partner_id"], "orderby": "partner_id desc"}),
    );
    assert_eq!(
        column(&legacy, "partner_id"),
        vec![json!(11), json!(10), json!(19), json!(9)]
    );
}

#[test]
fn an_aggregate_orders_even_when_not_asked_for() {
    let e = engine();
    // Sums: draft 100, sale 300.5, sent 75.
    let r = formatted(&e, "state", "amount_total:sum desc").unwrap();
    assert_eq!(
        column(&r, "state"),
        vec![json!("sale"), json!("draft"), json!("sent")]
    );
    assert!(
        r[0].get("amount_total:sum").is_none(),
        "not in the answer: {r}"
    );
    let r = formatted(&e, "state", "__count desc, state desc").unwrap();
    assert_eq!(
        column(&r, "state"),
        vec![json!("sale"), json!("sent"), json!("draft")]
    );
    // read_group names aggregates and the count by their keys.
    let legacy = |orderby: &str| {
        admin(
            &e,
            "sale.order",
            "read_group",
            json!({"domain": [], "fields": ["amount_total"], "groupby": ["state"], "orderby": orderby}),
        )
    };
    assert_eq!(
        column(&legacy("amount_total"), "state"),
        vec![json!("sent"), json!("draft"), json!("sale")]
    );
    assert_eq!(
        column(&legacy("state_count desc, state"), "state"),
        vec![json!("sale"), json!("draft"), json!("sent")]
    );
}

#[test]
fn a_term_that_is_neither_groupby_nor_aggregate_is_refused() {
    let e = engine();
    let f = formatted(&e, "state", "state, name").unwrap_err();
    assert_eq!(f.kind, FaultKind::ValueError);
    assert_eq!(
        f.message,
        "Order term ' name' is not a valid aggregate nor valid groupby"
    );
    let f = formatted(&e, "state", "amount_total:median").unwrap_err();
    assert_eq!(
        f.message,
        "Order term 'amount_total:median' is not a valid aggregate nor valid groupby"
    );
    let f = formatted(&e, "state", "state sideways").unwrap_err();
    assert_eq!(
        f.message,
        "Invalid order 'state sideways' for _read_group()"
    );
    // read_group strips and rejoins its terms before Odoo checks them.
    let f = call_as(
        &e,
        2,
        "sale.order",
        "read_group",
        json!({"domain": [], "fields": [], "groupby": ["state"], "orderby": "state,  name desc"}),
    )
    .unwrap_err();
    assert_eq!(
        f.message,
        "Order term 'name desc' is not a valid aggregate nor valid groupby"
    );
}

#[test]
fn a_date_groupby_orders_by_its_period() {
    let e = engine();
    let r = admin(
        &e,
        "sale.order",
        "read_group",
        json!({"domain": [], "fields": [], "groupby": ["date_order"], "orderby": "date_order desc"}),
    );
    assert_eq!(
        column(&r, "date_order"),
        vec![json!("November 2026"), json!("October 2026")]
    );
}
