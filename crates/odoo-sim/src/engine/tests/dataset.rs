//! The engine over the generated demo company, against the recorded samples.

use super::*;

#[test]
fn demo_dataset_reproduces_recorded_samples() {
    let e = Engine::new(19, crate::dataset::generate(1));
    let r = call_as(
        &e,
        7,
        "res.partner",
        "search_read",
        json!({"domain": [], "fields": ["name"], "limit": 2}),
    )
    .unwrap();
    assert_eq!(
        r,
        json!([{"id": 9, "name": "Acme Corporation"}, {"id": 36, "name": "Addison Olson"}])
    );
    let r = admin(
        &e,
        "res.partner",
        "name_search",
        json!({"name": "Acme", "limit": 5}),
    );
    assert_eq!(
        r,
        json!([
            [9, "Acme Corporation"],
            [36, "Acme Corporation, Addison Olson"],
            [19, "Acme Corporation, Douglas Fletcher"],
            [20, "Acme Corporation, Floyd Steward"]
        ])
    );
    let fields = [
        "name",
        "partner_id",
        "state",
        "amount_total",
        "date_order",
        "order_line",
        "currency_id",
        "user_id",
    ];
    let r = admin(
        &e,
        "sale.order",
        "search_read",
        json!({"domain": [], "fields": fields, "limit": 3, "offset": 2}),
    );
    let ids: Vec<&Value> = r.as_array().unwrap().iter().map(|o| &o["id"]).collect();
    assert_eq!(ids, vec![&json!(22), &json!(21), &json!(16)]);
    assert_eq!(r[0]["user_id"], json!([5, "Marc Demo"]));
    assert_eq!(r[1]["order_line"], json!([45, 46]));
    let r = admin(
        &e,
        "res.partner",
        "search_read",
        json!({"domain": [["is_company", "=", true]], "fields": ["name", "category_id", "child_ids"], "limit": 3, "order": "name desc"}),
    );
    assert_eq!(
        r,
        json!([
            {"id": 8, "name": "Wood Corner", "category_id": [7, 6], "child_ids": [18, 33, 17]},
            {"id": 14, "name": "The Jackson Group", "category_id": [], "child_ids": [30, 29]},
            {"id": 11, "name": "Ready Mat", "category_id": [7, 6], "child_ids": [22, 26, 38, 25, 37, 31, 39]}
        ])
    );
}
