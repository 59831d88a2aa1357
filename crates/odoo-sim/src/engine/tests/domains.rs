//! The search semantics of domains.md §1–§14 (`ruleN_…` pins rule N), ordering and paging.

use super::*;

#[test]
fn rule1_not_equal_on_many2one_includes_records_without_value() {
    let e = engine();
    assert_eq!(
        partners(&e, json!([["country_id", "!=", 233]])),
        vec![4, 5, 10, 11, 12, 36]
    );
}

#[test]
fn rule1_not_ilike_includes_empty_emails() {
    let e = engine();
    assert_eq!(
        partners(&e, json!([["email", "not ilike", "acme"]])),
        vec![1, 3, 4, 5, 10, 11, 12, 20]
    );
}

#[test]
fn rule1_not_in_is_the_complement_of_in() {
    let e = engine();
    let all = partners(&e, json!([]));
    let pos = partners(&e, json!([["country_id", "in", [21, 180]]]));
    let neg = partners(&e, json!([["country_id", "not in", [21, 180]]]));
    assert_eq!(pos.len() + neg.len(), all.len());
    assert!(neg.contains(&12));
}

#[test]
fn rule2_not_operator_is_a_complement_including_nulls() {
    let e = engine();
    let r = ids(
        &e,
        "account.move",
        json!(["!", ["invoice_date", "<", "2026-10-02"]]),
    );
    assert_eq!(r, vec![2]);
    let r = partners(
        &e,
        json!(["!", ["create_date", "<", "2026-02-01 00:00:00"]]),
    );
    assert!(!r.contains(&9) && r.contains(&12));
}

#[test]
fn rule3_empty_string_equals_false_on_char() {
    let e = engine();
    assert_eq!(partners(&e, json!([["email", "=", ""]])), vec![4, 12, 20]);
    assert_eq!(
        partners(&e, json!([["email", "=", false]])),
        vec![4, 12, 20]
    );
    let set = partners(&e, json!([["email", "!=", false]]));
    assert!(!set.contains(&20) && !set.contains(&4) && set.contains(&9));
}

#[test]
fn rule3_zero_equals_false_on_numbers() {
    let e = engine();
    let a = partners(&e, json!([["customer_rank", "=", false]]));
    let b = partners(&e, json!([["customer_rank", "=", 0]]));
    assert_eq!(a, b);
    assert!(a.contains(&11) && a.contains(&12) && !a.contains(&9));
}

#[test]
fn rule3_inequalities_treat_null_as_falsy_value() {
    let e = engine();
    let r = partners(&e, json!([["email", "<", "b"]]));
    assert!(r.contains(&12) && r.contains(&20) && r.contains(&9) && !r.contains(&10));
    let r = partners(&e, json!([["customer_rank", "<", 1]]));
    assert!(r.contains(&12) && !r.contains(&9));
}

#[test]
fn rule3_dates_have_no_falsy_value() {
    let e = engine();
    assert!(ids(&e, "account.move", json!([["invoice_date", "<", false]])).is_empty());
    assert_eq!(
        ids(
            &e,
            "account.move",
            json!([["invoice_date", "<", "2026-12-01"]])
        ),
        vec![1]
    );
}

#[test]
fn rule4_in_with_false_adds_null() {
    let e = engine();
    assert_eq!(
        partners(&e, json!([["country_id", "in", [21, false]]])),
        vec![4, 5, 10, 12, 36]
    );
    assert_eq!(
        partners(&e, json!([["country_id", "not in", [233, false]]])),
        vec![10, 11, 36]
    );
}

#[test]
fn rule4_empty_lists_scalars_and_conditional_equality() {
    let e = engine();
    assert!(partners(&e, json!([["id", "in", []]])).is_empty());
    assert_eq!(partners(&e, json!([["id", "not in", []]])).len(), 11);
    assert_eq!(partners(&e, json!([["id", "=", [9, 10]]])), vec![9, 10]);
    assert_eq!(partners(&e, json!([["id", "in", 9]])), vec![9]);
    assert_eq!(partners(&e, json!([["country_id", "=?", false]])).len(), 11);
    assert_eq!(
        partners(&e, json!([["country_id", "=?", 21]])),
        vec![10, 36]
    );
    assert_eq!(partners(&e, json!([[1, "=", 1], ["id", "=", 9]])), vec![9]);
    assert!(partners(&e, json!([[0, "=", 1]])).is_empty());
}

#[test]
fn rule5_booleans_false_matches_null_and_active_in_both_disables_filter() {
    let e = engine();
    let r = partners(&e, json!([["is_company", "=", false]]));
    assert_eq!(r, vec![3, 5, 12, 19, 20, 36]);
    assert_eq!(partners(&e, json!([["is_company", "!=", true]])), r);
    let all = partners(&e, json!([["active", "in", [true, false]]]));
    assert!(all.contains(&2) && all.contains(&37));
}

#[test]
fn rule6_like_is_case_sensitive_and_ilike_folds_non_ascii() {
    let e = engine();
    assert!(partners(&e, json!([["name", "like", "acme"]])).is_empty());
    assert_eq!(partners(&e, json!([["name", "ilike", "acme"]])), vec![9]);
    assert_eq!(
        ids(&e, "res.country", json!([["name", "ilike", "RÉUNION"]])),
        vec![180]
    );
    assert!(ids(&e, "res.country", json!([["name", "ilike", "reunion"]])).is_empty());
}

#[test]
fn rule6_wildcards_stay_and_backslash_escapes() {
    let e = engine();
    assert_eq!(
        partners(&e, json!([["name", "ilike", "d_uglas"]])),
        vec![19]
    );
    assert_eq!(
        partners(&e, json!([["email", "like", "azure\\_100\\%"]])),
        vec![11]
    );
    assert_eq!(partners(&e, json!([["name", "=like", "Acme%"]])), vec![9]);
    assert_eq!(
        partners(&e, json!([["name", "=ilike", "acme corporation"]])),
        vec![9]
    );
}

#[test]
fn rule6_empty_patterns_and_non_text_fields() {
    let e = engine();
    assert_eq!(partners(&e, json!([["email", "like", ""]])).len(), 11);
    assert!(partners(&e, json!([["email", "not like", ""]])).is_empty());
    assert_eq!(
        partners(&e, json!([["email", "=like", ""]])),
        vec![4, 12, 20]
    );
    assert_eq!(
        partners(&e, json!([["parent_id", "ilike", ""]])),
        vec![19, 20, 36]
    );
    assert_eq!(
        ids(&e, "sale.order", json!([["state", "like", "sal"]])),
        vec![2, 3]
    );
}

#[test]
fn rule7_relational_string_is_a_name_search_on_the_comodel() {
    let e = engine();
    assert_eq!(
        ids(&e, "sale.order", json!([["partner_id", "ilike", "Acme"]])),
        vec![1, 2]
    );
    assert_eq!(
        ids(
            &e,
            "sale.order",
            json!([["partner_id", "ilike", "douglas@acme"]])
        ),
        vec![2]
    );
    assert_eq!(
        partners(&e, json!([["country_id", "in", ["US", "Belgium"]]])),
        vec![1, 3, 9, 10, 19, 20, 36]
    );
    assert_eq!(
        ids(
            &e,
            "sale.order",
            json!([["partner_id", "=", "Acme Corporation"]])
        ),
        vec![1]
    );
    assert!(
        ids(
            &e,
            "sale.order",
            json!([["partner_id", "=", "acme corporation"]])
        )
        .is_empty()
    );
    assert_eq!(
        ids(
            &e,
            "sale.order",
            json!([["partner_id", "!=", "Acme Corporation"]])
        ),
        vec![2, 3, 4]
    );
}

#[test]
fn rule7_tag_name_match_includes_sub_tags() {
    let e = engine();
    assert_eq!(
        partners(&e, json!([["category_id", "ilike", "vendor"]])),
        vec![9, 36]
    );
}

#[test]
fn rule7_inequality_of_relational_with_string_is_type_error() {
    let e = engine();
    let f = err(
        &e,
        2,
        "sale.order",
        "search",
        json!({"domain": [["partner_id", "<", "x"]]}),
    );
    assert_eq!(f.kind, FaultKind::TypeError);
}

#[test]
fn rule8_paths_are_any_before_the_operator() {
    let e = engine();
    assert_eq!(
        ids(
            &e,
            "sale.order",
            json!([["order_line.product_id", "!=", 1]])
        ),
        vec![2]
    );
    assert_eq!(
        ids(
            &e,
            "sale.order",
            json!([["order_line", "not any", [["product_id", "=", 1]]]])
        ),
        vec![3, 4]
    );
    assert_eq!(
        partners(&e, json!([["country_id.code", "!=", "US"]])),
        vec![10, 11, 36]
    );
    assert_eq!(
        ids(
            &e,
            "sale.order",
            json!([["partner_id.country_id.code", "=", "BE"]])
        ),
        vec![4]
    );
}

#[test]
fn rule9_active_filter_and_its_exceptions() {
    let e = engine();
    assert!(!partners(&e, json!([])).contains(&37));
    assert!(ids_ctx(&e, "res.partner", json!([]), json!({"active_test": false})).contains(&37));
    assert_eq!(
        partners(&e, json!(["|", ["active", "=", false], ["id", "=", 0]])),
        vec![2, 37]
    );
    assert_eq!(
        partners(&e, json!(["!", ["active", "=", true]])),
        vec![2, 37]
    );
}

#[test]
fn rule9_many2one_sub_searches_ignore_active_x2many_follow_context() {
    let e = engine();
    assert_eq!(
        ids_ctx(
            &e,
            "res.users",
            json!([["partner_id.name", "=", "OdooBot"]]),
            json!({"active_test": false})
        ),
        vec![1]
    );
    assert!(
        partners(
            &e,
            json!([["child_ids", "any", [["name", "ilike", "Old"]]]])
        )
        .is_empty()
    );
    // child_ids carries `domain=[('active', '=', True)]`: archived contacts never match,
    // whatever the context.
    assert!(
        ids_ctx(
            &e,
            "res.partner",
            json!([["child_ids", "any", [["name", "ilike", "Old"]]]]),
            json!({"active_test": false})
        )
        .is_empty()
    );
    assert!(
        partners(
            &e,
            json!([["opportunity_ids", "any", [["name", "ilike", "Lost"]]]])
        )
        .is_empty()
    );
    assert!(partners(&e, json!([["child_ids", "in", [37]]])).is_empty());
    assert_eq!(partners(&e, json!([["child_ids", "in", [19]]])), vec![9]);
}

#[test]
fn rule10_x2many_read_excludes_inactive_in_comodel_order() {
    let e = engine();
    let r = admin(
        &e,
        "res.partner",
        "read",
        json!({"ids": [9], "fields": ["child_ids", "category_id"]}),
    );
    assert_eq!(
        r,
        json!([{"id": 9, "child_ids": [36, 19, 20], "category_id": [3, 1]}])
    );
}

#[test]
fn rule11_hierarchy_operators() {
    let e = engine();
    assert_eq!(
        partners(&e, json!([["id", "child_of", 9]])),
        vec![9, 19, 20, 36]
    );
    assert_eq!(
        partners(&e, json!([["parent_id", "child_of", 9]])),
        vec![9, 19, 20, 36]
    );
    assert_eq!(
        partners(&e, json!([["id", "parent_of", [19]]])),
        vec![9, 19]
    );
    assert_eq!(
        partners(&e, json!([["category_id", "child_of", 1]])),
        vec![9, 36]
    );
    assert_eq!(
        partners(&e, json!([["id", "child_of", "Acme"]])),
        vec![9, 19, 20, 36]
    );
}

#[test]
fn rule12_datetime_strings_are_utc_seconds() {
    let e = engine();
    assert_eq!(
        partners(&e, json!([["create_date", ">", "2026-03-30 21:30:00"]])),
        vec![20]
    );
    assert_eq!(
        partners(&e, json!([["create_date", "<=", "2026-03-30 21:30:00"]])),
        vec![9, 19]
    );
    assert_eq!(
        partners(&e, json!([["create_date", "=", "2026-03-30 21:30:00"]])),
        vec![19]
    );
}

#[test]
fn rule12_date_only_strings_are_local_midnight() {
    let e = engine();
    // Tokyo midnight of 03-31 is 03-30 15:00 UTC: 19 (21:30 UTC) falls on the 31st there.
    assert_eq!(
        ids_ctx(
            &e,
            "res.partner",
            json!([["create_date", ">=", "2026-03-31"]]),
            json!({"tz": "Asia/Tokyo"})
        ),
        vec![19, 20]
    );
    assert_eq!(
        ids_ctx(
            &e,
            "res.partner",
            json!([["create_date", ">=", "2026-03-31"]]),
            json!({"tz": "UTC"})
        ),
        vec![20]
    );
    // `>` a date means from the next local midnight.
    assert_eq!(
        ids_ctx(
            &e,
            "res.partner",
            json!([["create_date", ">", "2026-03-30"]]),
            json!({"tz": "UTC"})
        ),
        vec![20]
    );
    assert_eq!(
        ids_ctx(
            &e,
            "res.partner",
            json!([["create_date", "<=", "2026-03-30"]]),
            json!({"tz": "UTC"})
        ),
        vec![9, 19]
    );
    let f = err(
        &e,
        2,
        "res.partner",
        "search",
        json!({"domain": [["create_date", ">", "soon"]]}),
    );
    // Odoo 19 parses domain dates itself (`date_utils.parse_date`): text that is no date is
    // its ValueError, not PostgreSQL's.
    assert_eq!(f.kind, FaultKind::ValueError);
    assert_eq!(f.message, "Invalid term 'soon' in expression date: 'soon'");
}

fn search_order(e: &Engine, model: &str, order: &str) -> Vec<i64> {
    let r = admin(e, model, "search", json!({"domain": [], "order": order}));
    r.as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect()
}

#[test]
fn rule13_default_order_and_c_collation() {
    let e = engine();
    let r = admin(&e, "res.partner", "search", json!({"domain": []}));
    // Uppercase before lowercase: "azure interior" sorts last.
    let ids: Vec<i64> = r
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![9, 36, 19, 20, 10, 3, 4, 5, 1, 12, 11]);
}

#[test]
fn rule13_many2one_orders_by_comodel_order_and_desc_reverses() {
    let e = engine();
    assert_eq!(
        search_order(&e, "sale.order", "partner_id"),
        vec![1, 2, 4, 3]
    );
    assert_eq!(
        search_order(&e, "sale.order", "partner_id desc"),
        vec![3, 4, 2, 1]
    );
    assert_eq!(
        search_order(&e, "sale.order", "date_order desc, id desc"),
        vec![4, 3, 2, 1]
    );
}

#[test]
fn rule13_nulls_placement_and_booleans() {
    let e = engine();
    let asc = search_order(&e, "res.partner", "email, id");
    // '' is a value (sorts first), NULLs go last ascending.
    assert_eq!(asc[0], 20);
    assert_eq!(&asc[asc.len() - 2..], &[4, 12]);
    let desc = search_order(&e, "res.partner", "email desc, id");
    assert_eq!(&desc[..2], &[4, 12]);
    let first = search_order(&e, "res.partner", "email asc nulls first, id");
    assert_eq!(&first[..2], &[4, 12]);
    let b = search_order(&e, "res.partner", "is_company desc, id");
    assert_eq!(&b[..5], &[1, 4, 9, 10, 11]);
}

#[test]
fn rule14_paging() {
    let e = engine();
    let page = admin(
        &e,
        "res.partner",
        "search",
        json!({"domain": [], "order": "id", "offset": 2, "limit": 3}),
    );
    assert_eq!(page, json!([4, 5, 9]));
    assert_eq!(
        admin(
            &e,
            "res.partner",
            "search",
            json!({"domain": [], "offset": 100})
        ),
        json!([])
    );
    assert_eq!(
        admin(
            &e,
            "res.partner",
            "search",
            json!({"domain": [], "limit": 0})
        )
        .as_array()
        .unwrap()
        .len(),
        11
    );
}
