//! Engine tests over the in-test database (`testdb`), one rule or method per test; tests
//! named `ruleN_…` pin the rule of the same number in domains.md.

use serde_json::{Map, Value, json};

use super::{Args, Engine, Env, testdb};
use crate::fault::{Fault, FaultKind};

fn engine() -> Engine {
    Engine::new(19, testdb::build())
}

fn env(uid: i64, ctx: Value) -> Env {
    Env {
        uid,
        context: ctx.as_object().cloned().unwrap_or_default(),
    }
}

fn named(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}

fn call_as(e: &Engine, uid: i64, model: &str, method: &str, body: Value) -> Result<Value, Fault> {
    let mut named = named(body);
    let ids = named.remove("ids").map(|v| {
        v.as_array()
            .map(|a| a.iter().filter_map(Value::as_i64).collect())
            .unwrap_or_default()
    });
    e.call(&env(uid, json!({})), model, method, Args { ids, named })
}

fn admin(e: &Engine, model: &str, method: &str, body: Value) -> Value {
    call_as(e, 2, model, method, body).unwrap_or_else(|f| panic!("{model}.{method} failed: {f:?}"))
}

/// Ids matching `domain` (as admin, ordered by id).
fn ids_ctx(e: &Engine, model: &str, domain: Value, ctx: Value) -> Vec<i64> {
    let r = e
        .call(
            &env(2, ctx),
            model,
            "search",
            Args {
                ids: None,
                named: named(json!({"domain": domain, "order": "id"})),
            },
        )
        .unwrap_or_else(|f| panic!("search failed: {f:?}"));
    r.as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect()
}

fn ids(e: &Engine, model: &str, domain: Value) -> Vec<i64> {
    ids_ctx(e, model, domain, json!({}))
}

fn err(e: &Engine, uid: i64, model: &str, method: &str, body: Value) -> Fault {
    call_as(e, uid, model, method, body).expect_err("expected a fault")
}

// ---- domains.md §1–§14 ----

#[test]
fn rule1_not_equal_on_many2one_includes_records_without_value() {
    let e = engine();
    assert_eq!(
        ids(&e, "res.partner", json!([["country_id", "!=", 233]])),
        vec![4, 5, 10, 11, 12, 36]
    );
}

#[test]
fn rule1_not_ilike_includes_empty_emails() {
    let e = engine();
    assert_eq!(
        ids(&e, "res.partner", json!([["email", "not ilike", "acme"]])),
        vec![1, 3, 4, 5, 10, 11, 12, 20]
    );
}

#[test]
fn rule1_not_in_is_the_complement_of_in() {
    let e = engine();
    let all = ids(&e, "res.partner", json!([]));
    let pos = ids(&e, "res.partner", json!([["country_id", "in", [21, 180]]]));
    let neg = ids(
        &e,
        "res.partner",
        json!([["country_id", "not in", [21, 180]]]),
    );
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
    let r = ids(
        &e,
        "res.partner",
        json!(["!", ["create_date", "<", "2026-02-01 00:00:00"]]),
    );
    assert!(!r.contains(&9) && r.contains(&12));
}

#[test]
fn rule3_empty_string_equals_false_on_char() {
    let e = engine();
    assert_eq!(
        ids(&e, "res.partner", json!([["email", "=", ""]])),
        vec![4, 12, 20]
    );
    assert_eq!(
        ids(&e, "res.partner", json!([["email", "=", false]])),
        vec![4, 12, 20]
    );
    let set = ids(&e, "res.partner", json!([["email", "!=", false]]));
    assert!(!set.contains(&20) && !set.contains(&4) && set.contains(&9));
}

#[test]
fn rule3_zero_equals_false_on_numbers() {
    let e = engine();
    let a = ids(&e, "res.partner", json!([["customer_rank", "=", false]]));
    let b = ids(&e, "res.partner", json!([["customer_rank", "=", 0]]));
    assert_eq!(a, b);
    assert!(a.contains(&11) && a.contains(&12) && !a.contains(&9));
}

#[test]
fn rule3_inequalities_treat_null_as_falsy_value() {
    let e = engine();
    let r = ids(&e, "res.partner", json!([["email", "<", "b"]]));
    assert!(r.contains(&12) && r.contains(&20) && r.contains(&9) && !r.contains(&10));
    let r = ids(&e, "res.partner", json!([["customer_rank", "<", 1]]));
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
        ids(
            &e,
            "res.partner",
            json!([["country_id", "in", [21, false]]])
        ),
        vec![4, 5, 10, 12, 36]
    );
    assert_eq!(
        ids(
            &e,
            "res.partner",
            json!([["country_id", "not in", [233, false]]])
        ),
        vec![10, 11, 36]
    );
}

#[test]
fn rule4_empty_lists_scalars_and_conditional_equality() {
    let e = engine();
    assert!(ids(&e, "res.partner", json!([["id", "in", []]])).is_empty());
    assert_eq!(
        ids(&e, "res.partner", json!([["id", "not in", []]])).len(),
        11
    );
    assert_eq!(
        ids(&e, "res.partner", json!([["id", "=", [9, 10]]])),
        vec![9, 10]
    );
    assert_eq!(ids(&e, "res.partner", json!([["id", "in", 9]])), vec![9]);
    assert_eq!(
        ids(&e, "res.partner", json!([["country_id", "=?", false]])).len(),
        11
    );
    assert_eq!(
        ids(&e, "res.partner", json!([["country_id", "=?", 21]])),
        vec![10, 36]
    );
    assert_eq!(
        ids(&e, "res.partner", json!([[1, "=", 1], ["id", "=", 9]])),
        vec![9]
    );
    assert!(ids(&e, "res.partner", json!([[0, "=", 1]])).is_empty());
}

#[test]
fn rule5_booleans_false_matches_null_and_active_in_both_disables_filter() {
    let e = engine();
    let r = ids(&e, "res.partner", json!([["is_company", "=", false]]));
    assert_eq!(r, vec![3, 5, 12, 19, 20, 36]);
    assert_eq!(
        ids(&e, "res.partner", json!([["is_company", "!=", true]])),
        r
    );
    let all = ids(&e, "res.partner", json!([["active", "in", [true, false]]]));
    assert!(all.contains(&2) && all.contains(&37));
}

#[test]
fn rule6_like_is_case_sensitive_and_ilike_folds_non_ascii() {
    let e = engine();
    assert!(ids(&e, "res.partner", json!([["name", "like", "acme"]])).is_empty());
    assert_eq!(
        ids(&e, "res.partner", json!([["name", "ilike", "acme"]])),
        vec![9]
    );
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
        ids(&e, "res.partner", json!([["name", "ilike", "d_uglas"]])),
        vec![19]
    );
    assert_eq!(
        ids(
            &e,
            "res.partner",
            json!([["email", "like", "azure\\_100\\%"]])
        ),
        vec![11]
    );
    assert_eq!(
        ids(&e, "res.partner", json!([["name", "=like", "Acme%"]])),
        vec![9]
    );
    assert_eq!(
        ids(
            &e,
            "res.partner",
            json!([["name", "=ilike", "acme corporation"]])
        ),
        vec![9]
    );
}

#[test]
fn rule6_empty_patterns_and_non_text_fields() {
    let e = engine();
    assert_eq!(
        ids(&e, "res.partner", json!([["email", "like", ""]])).len(),
        11
    );
    assert!(ids(&e, "res.partner", json!([["email", "not like", ""]])).is_empty());
    assert_eq!(
        ids(&e, "res.partner", json!([["email", "=like", ""]])),
        vec![4, 12, 20]
    );
    assert_eq!(
        ids(&e, "res.partner", json!([["parent_id", "ilike", ""]])),
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
        ids(
            &e,
            "res.partner",
            json!([["country_id", "in", ["US", "Belgium"]]])
        ),
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
        ids(
            &e,
            "res.partner",
            json!([["category_id", "ilike", "vendor"]])
        ),
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
        ids(&e, "res.partner", json!([["country_id.code", "!=", "US"]])),
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
    assert!(!ids(&e, "res.partner", json!([])).contains(&37));
    assert!(ids_ctx(&e, "res.partner", json!([]), json!({"active_test": false})).contains(&37));
    assert_eq!(
        ids(
            &e,
            "res.partner",
            json!(["|", ["active", "=", false], ["id", "=", 0]])
        ),
        vec![2, 37]
    );
    assert_eq!(
        ids(&e, "res.partner", json!(["!", ["active", "=", true]])),
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
        ids(
            &e,
            "res.partner",
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
        ids(
            &e,
            "res.partner",
            json!([["opportunity_ids", "any", [["name", "ilike", "Lost"]]]])
        )
        .is_empty()
    );
    assert!(ids(&e, "res.partner", json!([["child_ids", "in", [37]]])).is_empty());
    assert_eq!(
        ids(&e, "res.partner", json!([["child_ids", "in", [19]]])),
        vec![9]
    );
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
        ids(&e, "res.partner", json!([["id", "child_of", 9]])),
        vec![9, 19, 20, 36]
    );
    assert_eq!(
        ids(&e, "res.partner", json!([["parent_id", "child_of", 9]])),
        vec![9, 19, 20, 36]
    );
    assert_eq!(
        ids(&e, "res.partner", json!([["id", "parent_of", [19]]])),
        vec![9, 19]
    );
    assert_eq!(
        ids(&e, "res.partner", json!([["category_id", "child_of", 1]])),
        vec![9, 36]
    );
    assert_eq!(
        ids(&e, "res.partner", json!([["id", "child_of", "Acme"]])),
        vec![9, 19, 20, 36]
    );
}

#[test]
fn rule12_datetime_strings_are_utc_seconds() {
    let e = engine();
    assert_eq!(
        ids(
            &e,
            "res.partner",
            json!([["create_date", ">", "2026-03-30 21:30:00"]])
        ),
        vec![20]
    );
    assert_eq!(
        ids(
            &e,
            "res.partner",
            json!([["create_date", "<=", "2026-03-30 21:30:00"]])
        ),
        vec![9, 19]
    );
    assert_eq!(
        ids(
            &e,
            "res.partner",
            json!([["create_date", "=", "2026-03-30 21:30:00"]])
        ),
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

// ---- errors ----

#[test]
fn unknown_field_in_domain_is_value_error_with_odoo_message() {
    let e = engine();
    let f = err(
        &e,
        2,
        "res.partner",
        "search_read",
        json!({"domain": [["no_such_field", "=", 1]], "limit": 3}),
    );
    assert_eq!(f.kind, FaultKind::ValueError);
    assert_eq!(
        f.message,
        "Invalid field res.partner.no_such_field in condition ('no_such_field', '=', 1)"
    );
}

#[test]
fn bad_operator_and_malformed_domains() {
    let e = engine();
    let f = err(
        &e,
        2,
        "res.partner",
        "search_read",
        json!({"domain": [["name", "equals", "x"]], "fields": ["name"]}),
    );
    assert_eq!(
        f.message,
        "Invalid operator in condition ('name', 'equals', 'x')"
    );
    let f = err(
        &e,
        2,
        "res.partner",
        "search",
        json!({"domain": ["|", ["name", "=", "x"]]}),
    );
    assert_eq!(f.kind, FaultKind::ValueError);
    assert!(f.message.starts_with("Domain("));
}

#[test]
fn text_for_integer_column_and_limit_are_invalid_text_representation() {
    let e = engine();
    let f = err(
        &e,
        2,
        "res.partner",
        "search",
        json!({"domain": [["customer_rank", "=", "abc"]]}),
    );
    assert_eq!(f.kind, FaultKind::InvalidTextRepresentation);
    assert!(
        f.message
            .starts_with("invalid input syntax for type integer: \"abc\"")
    );
    let f = err(
        &e,
        2,
        "res.partner",
        "search_read",
        json!({"domain": [], "fields": ["name"], "limit": "ten"}),
    );
    assert_eq!(f.kind, FaultKind::InvalidTextRepresentation);
    assert_eq!(
        f.message,
        "invalid input syntax for type bigint: \"ten\"\nLINE 1: ...\".\"complete_name\" ASC , \"res_partner\".\"id\" DESC  LIMIT 'ten'\n                                                                  ^\n"
    );
}

#[test]
fn unknown_field_in_fields_is_value_error() {
    let e = engine();
    let f = err(
        &e,
        2,
        "res.partner",
        "search_read",
        json!({"domain": [], "fields": ["name", "no_such_field"], "limit": 1}),
    );
    assert_eq!(f.kind, FaultKind::ValueError);
    assert_eq!(f.message, "Invalid field 'no_such_field' on 'res.partner'");
}

#[test]
fn unknown_model_private_and_unknown_methods() {
    let e = engine();
    assert_eq!(
        err(&e, 2, "no.such.model", "search_read", json!({})).kind,
        FaultKind::NotFound
    );
    let f = err(&e, 2, "res.partner", "_search", json!({"domain": []}));
    assert_eq!(f.kind, FaultKind::AccessError);
    assert_eq!(
        f.message,
        "Private methods (such as 'res.partner._search') cannot be called remotely."
    );
    assert_eq!(
        err(
            &e,
            2,
            "res.users",
            "check_access",
            json!({"ids": [2], "operation": "write"})
        )
        .kind,
        FaultKind::AccessError
    );
    assert_eq!(
        err(&e, 2, "res.partner", "exists", json!({"ids": [2]})).kind,
        FaultKind::AccessError
    );
    let f = err(&e, 2, "res.partner", "no_such_method", json!({}));
    assert_eq!(f.kind, FaultKind::NotFound);
    assert_eq!(
        f.message,
        "The method 'res.partner.no_such_method' does not exist"
    );
    assert_eq!(
        err(&e, 2, "res.partner", "action_confirm", json!({"ids": [1]})).kind,
        FaultKind::NotFound
    );
}

#[test]
fn argument_checks_ids_kwargs_and_missing() {
    let e = engine();
    let f = err(
        &e,
        2,
        "res.partner",
        "search_read",
        json!({"ids": [1], "domain": []}),
    );
    assert_eq!(f.kind, FaultKind::Unprocessable);
    assert_eq!(f.message, "cannot call res.partner.search_read with ids");
    let f = err(
        &e,
        2,
        "res.partner",
        "search_read",
        json!({"domain": [], "bogus": 1}),
    );
    assert_eq!(f.kind, FaultKind::TypeError);
    assert_eq!(
        f.message,
        "BaseModel._read_format() got an unexpected keyword argument 'bogus'"
    );
    assert_eq!(
        err(
            &e,
            2,
            "res.partner",
            "search_count",
            json!({"domain": [], "bogus": 1})
        )
        .kind,
        FaultKind::Unprocessable
    );
    assert_eq!(
        err(&e, 2, "res.partner", "search_count", json!({})).kind,
        FaultKind::Unprocessable
    );
    assert_eq!(
        err(&e, 2, "res.partner", "write", json!({"ids": [9]})).kind,
        FaultKind::Unprocessable
    );
}

#[test]
fn version_gates_methods() {
    let e18 = Engine::new(18, testdb::build());
    let f = e18
        .call(
            &env(2, json!({})),
            "sale.order",
            "formatted_read_group",
            Args {
                ids: None,
                named: named(json!({"groupby": ["state"]})),
            },
        )
        .unwrap_err();
    assert_eq!(f.kind, FaultKind::NotFound);
    let r = e18.call(
        &env(2, json!({})),
        "res.partner",
        "exists",
        Args {
            ids: Some(vec![1]),
            named: Map::new(),
        },
    );
    assert_eq!(r.unwrap_err().kind, FaultKind::NotFound);
    let e17 = Engine::new(17, testdb::build());
    let r = e17.call(
        &env(2, json!({})),
        "res.partner",
        "has_access",
        Args {
            ids: Some(vec![1]),
            named: named(json!({"operation": "read"})),
        },
    );
    assert_eq!(r.unwrap_err().kind, FaultKind::NotFound);
}

// ---- reading ----

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

// ---- writing ----

#[test]
fn create_returns_ids_and_applies_defaults() {
    let e = engine();
    let r = admin(
        &e,
        "res.partner",
        "create",
        json!({"vals_list": [{"name": "New One", "parent_id": 9}]}),
    );
    let id = r[0].as_i64().unwrap();
    let rec = admin(
        &e,
        "res.partner",
        "read",
        json!({"ids": [id], "fields": ["active", "type", "display_name", "company_id"]}),
    );
    assert_eq!(rec[0]["active"], json!(true));
    assert_eq!(rec[0]["type"], json!("contact"));
    assert_eq!(rec[0]["display_name"], json!("Acme Corporation, New One"));
    let single = admin(
        &e,
        "res.partner",
        "create",
        json!({"vals_list": {"name": "Single"}}),
    );
    assert!(single.is_i64());
}

#[test]
fn create_validation_errors_match_samples() {
    let e = engine();
    let f = err(
        &e,
        2,
        "res.partner",
        "create",
        json!({"vals_list": [{"email": "x@y.z"}]}),
    );
    assert_eq!(f.kind, FaultKind::ValidationError);
    assert_eq!(
        f.message,
        "The operation cannot be completed: Contacts require a name"
    );
    let f = err(
        &e,
        2,
        "res.partner",
        "create",
        json!({"vals_list": [{"name": "Bad Type", "type": "nonsense"}]}),
    );
    assert_eq!(
        (f.kind, f.message.as_str()),
        (
            FaultKind::ValueError,
            "Wrong value for res.partner.type: 'nonsense'"
        )
    );
    let f = err(
        &e,
        2,
        "res.partner",
        "create",
        json!({"vals_list": [{"name": "x", "parent_id": 999999}]}),
    );
    assert_eq!(f.kind, FaultKind::MissingError);
    assert_eq!(
        f.message,
        "Record does not exist or has been deleted.\n(Record: res.partner(999999,), User: 2)"
    );
    let f = err(
        &e,
        2,
        "res.partner",
        "create",
        json!({"vals_list": [{"name": "x", "nope": 1}]}),
    );
    assert_eq!(f.kind, FaultKind::ValueError);
    let f = err(
        &e,
        2,
        "res.users",
        "create",
        json!({"vals_list": [{"name": "Dup", "login": "admin"}]}),
    );
    assert_eq!(
        f.message,
        "The operation cannot be completed: You can not have two users with the same login!"
    );
    // Nothing was left behind by the failed creations.
    assert_eq!(
        ids(
            &e,
            "res.partner",
            json!([["name", "in", ["x", "Bad Type", "Dup"]]])
        ),
        Vec::<i64>::new()
    );
}

#[test]
fn write_validation_and_missing_records() {
    let e = engine();
    let f = err(
        &e,
        2,
        "res.partner",
        "write",
        json!({"ids": [999999], "vals": {"name": "x"}}),
    );
    assert_eq!(f.kind, FaultKind::MissingError);
    assert_eq!(
        f.message,
        "Record does not exist or has been deleted.\n(Record: res.partner(999999,), User: 2)"
    );
    let f = err(
        &e,
        2,
        "res.partner",
        "write",
        json!({"ids": [9], "vals": {"nope": 1}}),
    );
    assert_eq!(
        (f.kind, f.message.as_str()),
        (FaultKind::KeyError, "'nope'")
    );
    assert_eq!(
        admin(
            &e,
            "res.partner",
            "write",
            json!({"ids": [9], "vals": {"name": "Acme Corp"}})
        ),
        json!(true)
    );
    let r = admin(
        &e,
        "res.partner",
        "read",
        json!({"ids": [19], "fields": ["display_name"]}),
    );
    assert_eq!(r[0]["display_name"], json!("Acme Corp, Douglas Fletcher"));
}

#[test]
fn x2many_commands_on_many2many_and_one2many() {
    let e = engine();
    admin(
        &e,
        "res.partner",
        "write",
        json!({"ids": [12], "vals": {"category_id": [[4, 3], [4, 1]]}}),
    );
    assert_eq!(
        admin(
            &e,
            "res.partner",
            "read",
            json!({"ids": [12], "fields": ["category_id"]})
        )[0]["category_id"],
        json!([3, 1])
    );
    admin(
        &e,
        "res.partner",
        "write",
        json!({"ids": [12], "vals": {"category_id": [[3, 3]]}}),
    );
    assert_eq!(
        admin(
            &e,
            "res.partner",
            "read",
            json!({"ids": [12], "fields": ["category_id"]})
        )[0]["category_id"],
        json!([1])
    );
    admin(
        &e,
        "res.partner",
        "write",
        json!({"ids": [12], "vals": {"category_id": [[6, 0, [2, 3]]]}}),
    );
    assert_eq!(
        admin(
            &e,
            "res.partner",
            "read",
            json!({"ids": [12], "fields": ["category_id"]})
        )[0]["category_id"],
        json!([3, 2])
    );
    admin(
        &e,
        "res.partner",
        "write",
        json!({"ids": [12], "vals": {"category_id": [[5]]}}),
    );
    assert_eq!(
        admin(
            &e,
            "res.partner",
            "read",
            json!({"ids": [12], "fields": ["category_id"]})
        )[0]["category_id"],
        json!([])
    );
    let so = admin(
        &e,
        "sale.order",
        "create",
        json!({"vals_list": [{"partner_id": 9, "order_line": [[0, 0, {"product_id": 1, "product_uom_qty": 3}], [0, 0, {"product_id": 2, "price_unit": 10.0}]]}]}),
    );
    let id = so[0].as_i64().unwrap();
    let r = admin(
        &e,
        "sale.order",
        "read",
        json!({"ids": [id], "fields": ["name", "state", "amount_total", "order_line"]}),
    );
    assert_eq!(r[0]["name"], json!("S00005"));
    assert_eq!(r[0]["state"], json!("draft"));
    assert_eq!(r[0]["amount_total"], json!(310.0));
    assert_eq!(r[0]["order_line"].as_array().unwrap().len(), 2);
}

#[test]
fn unlink_rules() {
    let e = engine();
    let f = err(&e, 2, "sale.order", "unlink", json!({"ids": [2]}));
    assert_eq!(f.kind, FaultKind::UserError);
    assert_eq!(
        f.message,
        "You can not delete a sent quotation or a confirmed sales order. You must first cancel it."
    );
    assert_eq!(
        admin(&e, "sale.order", "unlink", json!({"ids": [1]})),
        json!(true)
    );
    assert!(ids(&e, "sale.order.line", json!([["id", "=", 1]])).is_empty());
    assert_eq!(
        err(&e, 2, "sale.order", "unlink", json!({"ids": [1]})).kind,
        FaultKind::MissingError
    );
}

#[test]
fn copy_returns_new_ids() {
    let e = engine();
    let r = admin(&e, "res.partner", "copy", json!({"ids": [12]}));
    let id = r[0].as_i64().unwrap();
    assert_eq!(
        admin(
            &e,
            "res.partner",
            "read",
            json!({"ids": [id], "fields": ["name"]})
        )[0]["name"],
        json!("Zed Nobody (copy)")
    );
}

#[test]
fn business_actions_change_states() {
    let e = engine();
    assert_eq!(
        admin(&e, "sale.order", "action_confirm", json!({"ids": [1]})),
        json!(true)
    );
    assert_eq!(
        admin(
            &e,
            "sale.order",
            "read",
            json!({"ids": [1], "fields": ["state"]})
        )[0]["state"],
        json!("sale")
    );
    assert_eq!(
        err(&e, 2, "sale.order", "action_confirm", json!({"ids": [1]})).kind,
        FaultKind::UserError
    );
    admin(&e, "sale.order", "action_cancel", json!({"ids": [1]}));
    admin(&e, "sale.order", "action_draft", json!({"ids": [1]}));
    assert_eq!(
        admin(
            &e,
            "sale.order",
            "read",
            json!({"ids": [1], "fields": ["state"]})
        )[0]["state"],
        json!("draft")
    );
    admin(&e, "account.move", "action_post", json!({"ids": [2]}));
    assert_eq!(
        admin(
            &e,
            "account.move",
            "read",
            json!({"ids": [2], "fields": ["state"]})
        )[0]["state"],
        json!("posted")
    );
    admin(&e, "crm.lead", "action_set_lost", json!({"ids": [1]}));
    assert!(ids(&e, "crm.lead", json!([])).is_empty());
    admin(&e, "crm.lead", "action_set_won", json!({"ids": [2]}));
    assert_eq!(
        admin(
            &e,
            "crm.lead",
            "read",
            json!({"ids": [2], "fields": ["stage_id", "active"]})
        )[0],
        json!({"id": 2, "stage_id": [4, "Won"], "active": true})
    );
}

// ---- grouping ----

#[test]
fn formatted_read_group_shape() {
    let e = engine();
    let r = admin(
        &e,
        "sale.order",
        "formatted_read_group",
        json!({"domain": [], "groupby": ["state"], "aggregates": ["amount_total:sum", "__count"]}),
    );
    assert_eq!(
        r,
        json!([
            {"state": "draft", "__extra_domain": [["state", "=", "draft"]], "amount_total:sum": 100.0, "__count": 1},
            {"state": "sale", "__extra_domain": [["state", "=", "sale"]], "amount_total:sum": 300.5, "__count": 2},
            {"state": "sent", "__extra_domain": [["state", "=", "sent"]], "amount_total:sum": 75.0, "__count": 1}
        ])
    );
}

#[test]
fn read_group_shape_and_many2one_groups() {
    let e = engine();
    let r = admin(
        &e,
        "sale.order",
        "read_group",
        json!({"domain": [], "fields": ["amount_total:sum"], "groupby": ["state"]}),
    );
    assert_eq!(
        r[0],
        json!({"state": "draft", "state_count": 1, "amount_total": 100.0, "__domain": [["state", "=", "draft"]]})
    );
    let r = admin(
        &e,
        "sale.order",
        "read_group",
        json!({"domain": [["state", "!=", "cancel"]], "fields": ["amount_total"], "groupby": ["partner_id"]}),
    );
    assert_eq!(r[0]["partner_id"], json!([9, "Acme Corporation"]));
    assert_eq!(
        r[0]["__domain"],
        json!(["&", ["partner_id", "=", 9], ["state", "!=", "cancel"]])
    );
}

#[test]
fn read_group_aliases_key_each_aggregate_by_its_alias() {
    let e = engine();
    let r = admin(
        &e,
        "sale.order",
        "read_group",
        json!({"domain": [], "groupby": ["state"], "lazy": false,
               "fields": ["top:max(amount_total)", "total:sum(amount_total)"]}),
    );
    let draft = &r[0];
    assert_eq!(draft["state"], json!("draft"));
    assert_eq!(draft["top"], json!(100.0));
    assert_eq!(draft["total"], json!(100.0));
    assert!(draft.get("amount_total").is_none(), "{draft}");
}

#[test]
fn grouping_by_period() {
    let e = engine();
    let r = admin(
        &e,
        "sale.order",
        "formatted_read_group",
        json!({"groupby": ["date_order:month"], "aggregates": ["__count"]}),
    );
    assert_eq!(
        r[0]["date_order:month"],
        json!(["2026-10-01 00:00:00", "October 2026"])
    );
    assert_eq!(r[0]["__count"], json!(2));
    let r = admin(
        &e,
        "sale.order",
        "read_group",
        json!({"domain": [], "fields": [], "groupby": ["date_order:month"]}),
    );
    assert_eq!(r[1]["date_order:month"], json!("November 2026"));
    let r = admin(
        &e,
        "account.move",
        "formatted_read_group",
        json!({"groupby": ["invoice_date:year"], "aggregates": ["__count"]}),
    );
    assert_eq!(
        r,
        json!([
            {"invoice_date:year": ["2026-01-01", "2026"], "__extra_domain": ["&", ["invoice_date", ">=", "2026-01-01"], ["invoice_date", "<", "2027-01-01"]], "__count": 1},
            {"invoice_date:year": false, "__extra_domain": [["invoice_date", "=", false]], "__count": 1}
        ])
    );
}

// ---- access rights ----

#[test]
fn reader_acl_errors_match_samples() {
    let e = engine();
    let f = err(
        &e,
        7,
        "ir.config_parameter",
        "search_read",
        json!({"domain": [], "limit": 1}),
    );
    assert_eq!(f.kind, FaultKind::AccessError);
    assert_eq!(
        f.message,
        "You are not allowed to access 'System Parameter' (ir.config_parameter) records.\n\nThis operation is allowed for the following groups:\n\t- Role / Administrator\n\nContact your administrator to request access if necessary."
    );
    let f = err(
        &e,
        7,
        "res.users",
        "write",
        json!({"ids": [2], "vals": {"name": "Hacked"}}),
    );
    assert_eq!(
        f.message,
        "You are not allowed to modify 'User' (res.users) records.\n\nThis operation is allowed for the following groups:\n\t- Access Rights\n\nContact your administrator to request access if necessary."
    );
    assert_eq!(
        err(&e, 7, "sale.order", "search", json!({"domain": []})).kind,
        FaultKind::AccessError
    );
    assert_eq!(
        err(
            &e,
            7,
            "res.partner",
            "create",
            json!({"vals_list": [{"name": "x"}]})
        )
        .kind,
        FaultKind::AccessError
    );
}

#[test]
fn reader_restricted_field_when_reading_all_fields() {
    let e = engine();
    let f = err(
        &e,
        7,
        "res.partner",
        "search_read",
        json!({"domain": [], "limit": 1}),
    );
    assert_eq!(
        f.message,
        "Failed to read field res.partner.rtc_session_ids\nYou are not allowed to access 'Mail RTC session' (discuss.channel.rtc.session) records.\n\nThis operation is allowed for the following groups:\n\t- Role / Administrator\n\nContact your administrator to request access if necessary."
    );
    assert!(
        call_as(
            &e,
            2,
            "res.partner",
            "search_read",
            json!({"domain": [], "limit": 1})
        )
        .is_ok()
    );
}

#[test]
fn record_rules_hide_other_company_records() {
    let e = engine();
    let reader = call_as(
        &e,
        7,
        "res.partner",
        "search",
        json!({"domain": [["is_company", "=", true]], "order": "id"}),
    )
    .unwrap();
    assert_eq!(reader, json!([1, 9, 11]));
    assert_eq!(
        call_as(&e, 7, "res.partner", "search_count", json!({"domain": []})).unwrap(),
        json!(9)
    );
    let f = err(
        &e,
        7,
        "res.partner",
        "read",
        json!({"ids": [10], "fields": ["name"]}),
    );
    assert_eq!(f.kind, FaultKind::AccessError);
    assert!(f.message.starts_with("Uh-oh! Looks like you have stumbled upon some top-secret records.\n\nSorry, Reader User (id=7) doesn't have 'read' access to:\n- Contact (res.partner)"));
    // allowed_company_ids narrows the admin's view.
    let r = e
        .call(
            &env(2, json!({"allowed_company_ids": [1]})),
            "sale.order",
            "search",
            Args {
                ids: None,
                named: named(json!({"domain": []})),
            },
        )
        .unwrap();
    assert!(!r.as_array().unwrap().contains(&json!(4)));
    let f = e.call(
        &env(7, json!({"allowed_company_ids": [2]})),
        "res.partner",
        "search",
        Args {
            ids: None,
            named: named(json!({"domain": []})),
        },
    );
    assert_eq!(f.unwrap_err().kind, FaultKind::AccessError);
}

#[test]
fn has_access_and_check_access_rights() {
    let e = engine();
    assert_eq!(
        admin(
            &e,
            "res.partner",
            "has_access",
            json!({"ids": [1], "operation": "write"})
        ),
        json!(true)
    );
    assert_eq!(
        call_as(
            &e,
            7,
            "res.partner",
            "has_access",
            json!({"ids": [1], "operation": "write"})
        )
        .unwrap(),
        json!(false)
    );
    assert_eq!(
        call_as(
            &e,
            7,
            "res.partner",
            "has_access",
            json!({"ids": [1], "operation": "read"})
        )
        .unwrap(),
        json!(true)
    );
    assert_eq!(
        call_as(
            &e,
            7,
            "res.partner",
            "has_access",
            json!({"ids": [10], "operation": "read"})
        )
        .unwrap(),
        json!(false)
    );
    assert_eq!(
        admin(
            &e,
            "res.partner",
            "check_access_rights",
            json!({"operation": "write", "raise_exception": false})
        ),
        json!(true)
    );
    assert_eq!(
        call_as(
            &e,
            7,
            "res.users",
            "check_access_rights",
            json!({"operation": "write", "raise_exception": false})
        )
        .unwrap(),
        json!(false)
    );
    assert_eq!(
        err(
            &e,
            7,
            "res.users",
            "check_access_rights",
            json!({"operation": "write"})
        )
        .kind,
        FaultKind::AccessError
    );
}

// ---- binding ----

#[test]
fn bind_positional_follows_signatures() {
    let e = engine();
    let a = e
        .bind_positional(
            "res.partner",
            "search_read",
            vec![json!([]), json!(["name"])],
            named(json!({"limit": 1})),
        )
        .unwrap();
    assert_eq!(a.ids, None);
    assert_eq!(
        Value::Object(a.named),
        json!({"domain": [], "fields": ["name"], "limit": 1})
    );
    let a = e
        .bind_positional(
            "res.partner",
            "write",
            vec![json!([9]), json!({"name": "x"})],
            Map::new(),
        )
        .unwrap();
    assert_eq!(a.ids, Some(vec![9]));
    assert_eq!(a.named["vals"], json!({"name": "x"}));
    let a = e
        .bind_positional(
            "sale.order",
            "read_group",
            vec![json!([]), json!(["amount_total:sum"]), json!(["state"])],
            Map::new(),
        )
        .unwrap();
    assert_eq!(a.named["groupby"], json!(["state"]));
    let a = e
        .bind_positional(
            "res.partner",
            "create",
            vec![json!({"name": "Solo"})],
            Map::new(),
        )
        .unwrap();
    assert!(
        e.call(&env(2, json!({})), "res.partner", "create", a)
            .unwrap()
            .is_i64()
    );
    let a = e
        .bind_positional(
            "res.partner",
            "check_access_rights",
            vec![json!("write")],
            named(json!({"raise_exception": false})),
        )
        .unwrap();
    assert_eq!(
        e.call(&env(2, json!({})), "res.partner", "check_access_rights", a)
            .unwrap(),
        json!(true)
    );
    assert_eq!(
        e.bind_positional("res.partner", "_search", vec![], Map::new())
            .unwrap_err()
            .kind,
        FaultKind::AccessError
    );
    assert_eq!(
        e.bind_positional("nope", "search", vec![], Map::new())
            .unwrap_err()
            .kind,
        FaultKind::NotFound
    );
}

#[test]
fn user_id_finds_active_logins_only() {
    let e = engine();
    assert_eq!(e.user_id("admin"), Some(2));
    assert_eq!(e.user_id("__system__"), None);
    assert_eq!(e.user_id("nobody"), None);
}

// ---- against the generated demo company ----

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

// ---- required fields (NOT NULL columns from the metadata) ----

fn not_null_field(f: &Fault) -> String {
    assert_eq!(f.kind, FaultKind::ValidationError, "{f:?}");
    assert!(
        f.message.starts_with(
            "The operation cannot be completed:\n- Create/update: a mandatory field is not set."
        ),
        "{}",
        f.message
    );
    f.message
        .lines()
        .find_map(|l| l.strip_prefix("Field: "))
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn create_enforces_every_required_field_of_the_metadata() {
    let e = engine();
    // res.country: `code` is required and has no default (not in the old hand-picked list).
    let f = err(
        &e,
        2,
        "res.country",
        "create",
        json!({"vals_list": [{"name": "Atlantis"}]}),
    );
    assert_eq!(not_null_field(&f), "Country Code (code)");
    assert!(
        f.message.contains("Model: Country (res.country)"),
        "{}",
        f.message
    );
    let f = err(
        &e,
        2,
        "sale.order",
        "create",
        json!({"vals_list": [{"note": "no customer"}]}),
    );
    assert_eq!(not_null_field(&f), "Customer (partner_id)");
    // A line with neither product nor description: `name` stays NULL.
    let f = err(
        &e,
        2,
        "sale.order.line",
        "create",
        json!({"vals_list": [{"order_id": 1}]}),
    );
    assert_eq!(not_null_field(&f), "Description (name)");
    // The failed create left nothing behind.
    assert!(ids(&e, "res.country", json!([["name", "=", "Atlantis"]])).is_empty());
}

#[test]
fn create_with_the_minimal_values_odoo_accepts() {
    let e = engine();
    for (model, vals) in [
        ("res.partner", json!({"name": "Solo"})),
        ("sale.order", json!({"partner_id": 9})),
        ("crm.lead", json!({"name": "Lead"})),
        ("product.template", json!({"name": "Thing"})),
        ("account.move", json!({"move_type": "out_invoice"})),
        ("account.move", json!({"move_type": "entry"})),
        ("res.partner.category", json!({"name": "Tag"})),
    ] {
        let r = call_as(&e, 2, model, "create", json!({"vals_list": [vals]}));
        assert!(r.is_ok(), "{model}: {r:?}");
    }
    let moves = ids(&e, "account.move", json!([["id", ">", 2]]));
    let read = admin(
        &e,
        "account.move",
        "read",
        json!({"ids": moves, "fields": ["journal_id"]}),
    );
    assert_eq!(read[0]["journal_id"][0], json!(1));
    assert_eq!(read[1]["journal_id"][0], json!(3));
}

#[test]
fn crm_lead_name_is_computed_from_the_partner() {
    let e = engine();
    let id = admin(
        &e,
        "crm.lead",
        "create",
        json!({"vals_list": [{"partner_id": 9}]}),
    );
    let id = id[0].as_i64().unwrap();
    let r = admin(
        &e,
        "crm.lead",
        "read",
        json!({"ids": [id], "fields": ["name"]}),
    );
    let partner = admin(
        &e,
        "res.partner",
        "read",
        json!({"ids": [9], "fields": ["name"]}),
    );
    let expected = format!("{}'s opportunity", partner[0]["name"].as_str().unwrap());
    assert_eq!(r[0]["name"], json!(expected));
    let f = err(
        &e,
        2,
        "crm.lead",
        "create",
        json!({"vals_list": [{"type": "lead"}]}),
    );
    assert_eq!(not_null_field(&f), "Opportunity (name)");
}

#[test]
fn write_false_to_a_required_field_is_refused() {
    let e = engine();
    let f = err(
        &e,
        2,
        "crm.lead",
        "write",
        json!({"ids": [1], "vals": {"name": false}}),
    );
    assert_eq!(not_null_field(&f), "Opportunity (name)");
    // Writing other fields of a record does not re-check unrelated columns.
    admin(
        &e,
        "crm.lead",
        "write",
        json!({"ids": [1], "vals": {"priority": "1"}}),
    );
}

// ---- method signatures per version ----

fn call_v(
    version: u32,
    model: &str,
    method: &str,
    args: Vec<Value>,
    kwargs: Value,
) -> Result<Value, Fault> {
    let e = Engine::new(version, testdb::build());
    let bound = e.bind_positional(model, method, args, named(kwargs))?;
    e.call(&env(2, json!({})), model, method, bound)
}

#[test]
fn name_search_domain_keyword_is_args_up_to_18_and_domain_from_19() {
    let only_9 = json!([["id", "=", 9]]);
    for v in [17, 18] {
        let r = call_v(
            v,
            "res.partner",
            "name_search",
            vec![json!("")],
            json!({"args": only_9, "limit": 5}),
        )
        .unwrap();
        assert_eq!(r.as_array().unwrap().len(), 1, "v{v}: {r}");
        let f = call_v(
            v,
            "res.partner",
            "name_search",
            vec![json!("")],
            json!({"domain": only_9}),
        )
        .unwrap_err();
        assert_eq!(f.kind, FaultKind::Unprocessable, "v{v}: {f:?}");
    }
    let r = call_v(
        19,
        "res.partner",
        "name_search",
        vec![json!("")],
        json!({"domain": only_9}),
    )
    .unwrap();
    assert_eq!(r.as_array().unwrap().len(), 1);
    let f = call_v(
        19,
        "res.partner",
        "name_search",
        vec![json!("")],
        json!({"args": only_9}),
    )
    .unwrap_err();
    assert!(f.message.contains("'args'"), "{f:?}");
    // Positionally, the second argument is the domain in every version.
    for v in [17, 18, 19] {
        let r = call_v(
            v,
            "res.partner",
            "name_search",
            vec![json!(""), only_9.clone()],
            json!({}),
        )
        .unwrap();
        assert_eq!(r.as_array().unwrap().len(), 1, "v{v}");
    }
}

#[test]
fn default_get_argument_is_fields_list_up_to_18_and_fields_from_19() {
    let r = call_v(
        18,
        "crm.lead",
        "default_get",
        vec![],
        json!({"fields_list": ["type"]}),
    )
    .unwrap();
    assert_eq!(r, json!({"type": "opportunity"}));
    assert!(
        call_v(
            18,
            "crm.lead",
            "default_get",
            vec![],
            json!({"fields": ["type"]})
        )
        .is_err()
    );
    let r = call_v(
        19,
        "crm.lead",
        "default_get",
        vec![],
        json!({"fields": ["type"]}),
    )
    .unwrap();
    assert_eq!(r, json!({"type": "opportunity"}));
    assert!(
        call_v(
            19,
            "crm.lead",
            "default_get",
            vec![],
            json!({"fields_list": ["type"]})
        )
        .is_err()
    );
    let r = call_v(
        17,
        "crm.lead",
        "default_get",
        vec![json!(["type"])],
        json!({}),
    )
    .unwrap();
    assert_eq!(r, json!({"type": "opportunity"}));
}

#[test]
fn read_group_lazy_and_search_count_limit_exist_in_every_version() {
    for v in [17, 18, 19] {
        let r = call_v(
            v,
            "res.partner",
            "read_group",
            vec![json!([]), json!(["id:count"]), json!(["is_company"])],
            json!({"lazy": false}),
        );
        assert!(r.is_ok(), "v{v}: {r:?}");
        let n = call_v(
            v,
            "res.partner",
            "search_count",
            vec![json!([])],
            json!({"limit": 2}),
        )
        .unwrap();
        assert_eq!(n, json!(2), "v{v}");
    }
}

// ---- access rights: field groups, implied groups ----

#[test]
fn fields_restricted_by_groups_are_refused_to_other_users() {
    let e = engine();
    // reader (uid 7, Internal User only) may not read `credit` (account groups).
    let f = err(
        &e,
        7,
        "res.partner",
        "read",
        json!({"ids": [9], "fields": ["name", "credit"]}),
    );
    assert_eq!(f.kind, FaultKind::AccessError);
    assert_eq!(
        f.message,
        "You do not have enough rights to access the field \"credit\" on Contact (res.partner). Please contact your system administrator.\n\nOperation: read"
    );
    let f = err(
        &e,
        7,
        "res.partner",
        "write",
        json!({"ids": [9], "vals": {"debit": 1.0}}),
    );
    assert!(
        f.message.starts_with("You are not allowed to modify"),
        "ACL first: {}",
        f.message
    );
    // fields_get hides them from the reader, not from the admin.
    let fg = call_as(
        &e,
        7,
        "res.partner",
        "fields_get",
        json!({"attributes": ["type"]}),
    )
    .unwrap();
    assert!(fg.get("credit").is_none() && fg.get("name").is_some());
    let fg = admin(
        &e,
        "res.partner",
        "fields_get",
        json!({"attributes": ["type"]}),
    );
    assert!(fg.get("credit").is_some());
    // The admin reads them.
    admin(
        &e,
        "res.partner",
        "read",
        json!({"ids": [9], "fields": ["credit"]}),
    );
    // Reading with no field list leaves them out instead of failing on them.
    let r = call_as(&e, 7, "res.partner", "read", json!({"ids": [9]}));
    if let Ok(r) = r {
        assert!(r[0].get("credit").is_none());
    }
}

#[test]
fn manager_groups_imply_user_groups() {
    let mut db = testdb::build();
    // A user with only Sales / Administrator: implied Sales / User and Internal User.
    let mut u = Map::new();
    u.insert("login".into(), json!("boss"));
    u.insert("group_ids".into(), json!([5, 10]));
    u.insert("company_id".into(), json!(1));
    u.insert("company_ids".into(), json!([1]));
    let uid = db.insert("res.users", u);
    let e = Engine::new(19, db);
    let r = call_as(
        &e,
        uid,
        "res.partner",
        "check_access_rights",
        json!({"operation": "read"}),
    );
    assert_eq!(r.unwrap(), json!(true));
    let r = call_as(
        &e,
        uid,
        "crm.lead",
        "check_access_rights",
        json!({"operation": "create"}),
    );
    assert_eq!(r.unwrap(), json!(true));
    let r = call_as(
        &e,
        uid,
        "res.company",
        "check_access_rights",
        json!({"operation": "write", "raise_exception": false}),
    );
    assert_eq!(r.unwrap(), json!(false));
    // May write partners (Contact Creation) but not their account-restricted fields.
    let f = err(
        &e,
        uid,
        "res.partner",
        "write",
        json!({"ids": [9], "vals": {"debit": 1.0}}),
    );
    assert!(f.message.ends_with("Operation: write"), "{}", f.message);
}

#[test]
fn fields_get_serves_help_and_groups_like_the_recording() {
    let e = engine();
    let sample = include_str!(
        "../../../../../shared/odoo-protocol/samples/json2_fields_get_partner_full.json"
    );
    let sample: Value = serde_json::from_str(sample).unwrap();
    let body = &sample["request"]["body"];
    let expected = &sample["response"]["body"];
    let got = admin(&e, "res.partner", "fields_get", body.clone());
    for (name, want) in expected.as_object().unwrap() {
        let Some(have) = got.get(name) else { continue };
        for attr in ["help", "groups", "string", "type"] {
            assert_eq!(have.get(attr), want.get(attr), "{name}.{attr}");
        }
    }
    // Without `attributes`, every described attribute is there: `help`, and `groups` (a
    // `_description_*` attribute that is not None).
    let all = admin(
        &e,
        "res.partner",
        "fields_get",
        json!({"allfields": ["credit"]}),
    );
    assert_eq!(
        all["credit"]["help"],
        json!("Total amount this customer owes you.")
    );
    assert!(all["credit"].get("groups").is_some());
    // res.users shows the texts of the partner fields it inherits.
    let u = admin(
        &e,
        "res.users",
        "fields_get",
        json!({"allfields": ["credit"], "attributes": ["help"]}),
    );
    assert_eq!(
        u["credit"]["help"],
        json!("Total amount this customer owes you.")
    );
}

#[test]
fn context_get_gives_the_calling_users_lang_tz_and_uid() {
    let e = engine();
    for uid in [2, 7] {
        let ctx = e
            .call(
                &env(uid, json!({})),
                "res.users",
                "context_get",
                Args::default(),
            )
            .expect("context_get is public");
        assert_eq!(ctx["uid"], json!(uid));
        assert!(
            ctx.get("lang").is_some() && ctx.get("tz").is_some(),
            "{ctx}"
        );
    }
    let err = e
        .call(
            &env(2, json!({})),
            "res.partner",
            "context_get",
            Args::default(),
        )
        .unwrap_err();
    assert_eq!(err.kind, FaultKind::NotFound);
}

#[test]
fn fields_the_user_may_not_read_are_refused_in_domains_orders_and_groupbys() {
    // Odoo 19 odoo/orm/domains.py `DomainCondition._to_sql` and models.py `_field_to_sql`
    // call `_check_field_access(field, 'read')` for each field a domain, an order, a groupby
    // or an aggregate names. `credit_limit` is restricted to the account groups; reader
    // (uid 7) is an Internal User only.
    let e = engine();
    let refusal = "You do not have enough rights to access the field \"credit_limit\" on Contact (res.partner). Please contact your system administrator.\n\nOperation: read";
    let cases = [
        ("search", json!({"domain": [["credit_limit", ">", 0]]})),
        (
            "search_count",
            json!({"domain": ["|", ["name", "=", "x"], ["credit_limit", "=", 0]]}),
        ),
        (
            "search_read",
            json!({"domain": [], "fields": ["name"], "order": "credit_limit desc"}),
        ),
        (
            "formatted_read_group",
            json!({"domain": [], "groupby": ["credit_limit"], "aggregates": ["__count"]}),
        ),
        (
            "formatted_read_group",
            json!({"domain": [], "groupby": ["is_company"], "aggregates": ["credit_limit:sum"]}),
        ),
    ];
    for (method, body) in cases {
        let f = err(&e, 7, "res.partner", method, body.clone());
        assert_eq!(f.kind, FaultKind::AccessError, "{method} {body}");
        assert_eq!(f.message, refusal, "{method} {body}");
        // The admin, in the account groups, gets an answer.
        admin(&e, "res.partner", method, body);
    }
    // Through a path, the comodel's field is checked as well.
    let f = err(
        &e,
        7,
        "res.users",
        "search",
        json!({"domain": [["partner_id.credit_limit", ">", 0]]}),
    );
    assert_eq!(f.message, refusal);
    // Fields the reader may read still work, and record rules (sudo) never trip it.
    call_as(
        &e,
        7,
        "res.partner",
        "search_read",
        json!({"domain": [["name", "!=", false]], "fields": ["name"], "order": "name"}),
    )
    .unwrap();
}

#[test]
fn billing_users_may_update_but_not_create_sale_orders() {
    // sale/security/ir.model.access.csv: account.group_account_invoice on sale.order and
    // sale.order.line is 1,1,0,0.
    let mut db = testdb::build();
    let mut user = Map::new();
    for (k, v) in [
        ("login", json!("billing")),
        ("partner_id", json!(5)),
        ("active", json!(true)),
        ("company_id", json!(1)),
        ("company_ids", json!([1])),
        ("group_ids", json!([1, 6])),
    ] {
        user.insert(k.into(), v);
    }
    let uid = db.insert("res.users", user);
    let e = Engine::new(19, db);
    let order = call_as(&e, uid, "sale.order", "search", json!({"domain": []})).unwrap();
    let first = order[0].as_i64().unwrap();
    call_as(
        &e,
        uid,
        "sale.order",
        "write",
        json!({"ids": [first], "vals": {"note": "checked"}}),
    )
    .unwrap();
    let f = err(
        &e,
        uid,
        "sale.order",
        "create",
        json!({"vals_list": [{"partner_id": 9}]}),
    );
    assert!(
        f.message.starts_with("You are not allowed to create"),
        "{}",
        f.message
    );
}
