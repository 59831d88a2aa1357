//! Reading: `search_read`, `read`, `web_search_read`, delegated fields, `fields_get`, `default_get`.

use super::*;

#[test]
fn search_read_values_as_read() {
    let e = engine();
    let r = admin(
        &e,
        "sale.order",
        "search_read",
        json!({"domain": [["id", "=", 2]], "fields": ["name", "partner_id", "order_line", "amount_total", "note", "state"]}),
    );
    assert_eq!(
        r,
        json!([{"id": 2, "name": "S00002", "partner_id": [19, "Acme Corporation, Douglas Fletcher"], "order_line": [2, 3], "amount_total": 250.5, "note": false, "state": "sale"}])
    );
    let r = admin(
        &e,
        "res.partner",
        "read",
        json!({"ids": [12], "fields": ["email", "parent_id", "customer_rank", "is_company", "category_id"]}),
    );
    assert_eq!(
        r,
        json!([{"id": 12, "email": false, "parent_id": false, "customer_rank": 0, "is_company": false, "category_id": []}])
    );
}

#[test]
fn read_of_missing_ids_skips_them() {
    let e = engine();
    assert_eq!(
        admin(
            &e,
            "res.partner",
            "read",
            json!({"ids": [999999], "fields": ["name"]})
        ),
        json!([])
    );
    assert_eq!(
        admin(
            &e,
            "res.partner",
            "read",
            json!({"ids": [999999, 9], "fields": ["name"]})
        ),
        json!([{"id": 9, "name": "Acme Corporation"}])
    );
}

#[test]
fn inherited_fields_read_and_search_through_the_parent() {
    let e = engine();
    let r = admin(
        &e,
        "res.users",
        "read",
        json!({"ids": [7], "fields": ["name", "login", "email"]}),
    );
    assert_eq!(
        r,
        json!([{"id": 7, "name": "Reader User", "login": "reader", "email": "reader@example.com"}])
    );
    assert_eq!(
        ids(&e, "res.users", json!([["name", "ilike", "mitchell"]])),
        vec![2]
    );
    assert_eq!(
        admin(&e, "res.users", "search", json!({"domain": []})),
        json!([2, 7])
    );
}

#[test]
fn search_count_and_name_search() {
    let e = engine();
    assert_eq!(
        admin(
            &e,
            "res.partner",
            "search_count",
            json!({"domain": [["is_company", "=", true]]})
        ),
        json!(5)
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
}

#[test]
fn web_search_read_nested_specification() {
    let e = engine();
    let r = admin(
        &e,
        "res.partner",
        "web_search_read",
        json!({"domain": [["is_company", "=", true]], "specification": {"name": {}, "country_id": {"fields": {"code": {}, "display_name": {}}}, "child_ids": {"fields": {"name": {}}}}, "limit": 1}),
    );
    assert_eq!(
        r,
        json!({"length": 5, "records": [{"id": 9, "name": "Acme Corporation", "country_id": {"id": 233, "code": "US", "display_name": "United States"}, "child_ids": [{"id": 36, "name": "Addison Olson"}, {"id": 19, "name": "Douglas Fletcher"}, {"id": 20, "name": "Floyd Steward"}]}]})
    );
}

#[test]
fn fields_get_filters_attributes_sorted() {
    let e = engine();
    let r = admin(
        &e,
        "res.partner",
        "fields_get",
        json!({"allfields": ["name", "email"], "attributes": ["string", "type", "required"]}),
    );
    assert_eq!(
        r,
        json!({"email": {"required": false, "string": "Email", "type": "char"}, "name": {"required": false, "string": "Name", "type": "char"}})
    );
    let keys: Vec<String> = r["name"].as_object().unwrap().keys().cloned().collect();
    assert_eq!(keys, vec!["required", "string", "type"]);
}

#[test]
fn ir_model_is_searchable() {
    let e = engine();
    let r = admin(
        &e,
        "ir.model",
        "search_read",
        json!({"domain": [["model", "=", "sale.order"]], "fields": ["model", "name", "transient"]}),
    );
    assert_eq!(r[0]["name"], json!("Sales Order"));
    assert_eq!(r[0]["transient"], json!(false));
    let n = admin(
        &e,
        "ir.model.fields",
        "search_count",
        json!({"domain": [["model", "=", "res.partner"], ["name", "=", "email"]]}),
    );
    assert_eq!(n, json!(1));
}

#[test]
fn default_get_matches_sample() {
    let e = engine();
    let r = admin(
        &e,
        "res.partner",
        "default_get",
        json!({"fields": ["is_company", "active", "lang", "type"]}),
    );
    assert_eq!(
        r,
        json!({"is_company": false, "active": true, "lang": "en_US", "type": "contact"})
    );
}

#[test]
fn load_other_than_classic_read_gives_many2one_ids() {
    let e = engine();
    let pair = admin(
        &e,
        "sale.order",
        "read",
        json!({"ids": [2], "fields": ["partner_id", "name"]}),
    );
    assert!(pair[0]["partner_id"].is_array(), "{pair}");
    let parent = pair[0]["partner_id"][0].clone();
    for load in [Value::Null, json!("_classic_write"), json!("")] {
        let r = admin(
            &e,
            "sale.order",
            "read",
            json!({"ids": [2], "fields": ["partner_id", "name"], "load": load}),
        );
        assert_eq!(r[0]["partner_id"], parent, "load {load}: {r}");
        assert_eq!(r[0]["name"], pair[0]["name"]);
        let s = admin(
            &e,
            "sale.order",
            "search_read",
            json!({"domain": [["id", "=", 2]], "fields": ["partner_id"], "load": load}),
        );
        assert_eq!(s[0]["partner_id"], parent, "search_read load {load}: {s}");
    }
    let classic = admin(
        &e,
        "sale.order",
        "read",
        json!({"ids": [2], "fields": ["partner_id"], "load": "_classic_read"}),
    );
    assert_eq!(classic[0]["partner_id"], pair[0]["partner_id"]);
}
