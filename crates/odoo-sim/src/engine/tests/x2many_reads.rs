//! What an x2many read lists (`One2many.read` / `Many2many.read` search the comodel): only the
//! lines the reader may see under the comodel's record rules; inactive lines dropped unless
//! the context says `active_test: false` (which `search_read` ignores); and the `web_read`
//! specification of relations (`fields`, `order`, `limit`, `context`).

use super::*;

fn read_ctx(e: &Engine, uid: i64, ctx: Value, method: &str, body: Value) -> Value {
    let mut named = named(body);
    let ids = named.remove("ids").map(|v| {
        v.as_array()
            .map(|a| a.iter().filter_map(Value::as_i64).collect())
            .unwrap_or_default()
    });
    e.call(&env(uid, ctx), "res.partner", method, Args { ids, named })
        .unwrap_or_else(|f| panic!("{method} failed: {f:?}"))
}

/// Moves Gemini Furniture (company 2, which the reader may not see) under Acme.
fn gemini_under_acme(e: &Engine) {
    admin(
        e,
        "res.partner",
        "write",
        json!({"ids": [10], "vals": {"parent_id": 9}}),
    );
}

#[test]
fn an_x2many_lists_only_the_lines_the_reader_may_see() {
    let e = engine();
    gemini_under_acme(&e);
    let children = |uid: i64| {
        let r = call_as(
            &e,
            uid,
            "res.partner",
            "read",
            json!({"ids": [9], "fields": ["child_ids"]}),
        )
        .unwrap();
        let mut ids: Vec<i64> = r[0]["child_ids"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_i64)
            .collect();
        ids.sort_unstable();
        ids
    };
    assert_eq!(
        children(2),
        vec![10, 19, 20, 36],
        "admin sees both companies"
    );
    assert_eq!(
        children(7),
        vec![19, 20, 36],
        "the reader's company rule hides 10"
    );
    // The same through search_read and web_read.
    let r = call_as(
        &e,
        7,
        "res.partner",
        "search_read",
        json!({"domain": [["id", "=", 9]], "fields": ["child_ids"]}),
    )
    .unwrap();
    assert!(!r[0]["child_ids"].as_array().unwrap().contains(&json!(10)));
    let r = call_as(
        &e,
        7,
        "res.partner",
        "web_read",
        json!({"ids": [9], "specification": {"child_ids": {"fields": {"name": {}}}}}),
    )
    .unwrap();
    let names: Vec<&str> = r[0]["child_ids"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert!(!names.contains(&"Gemini Furniture"), "{names:?}");
    assert_eq!(names.len(), 3);
}

#[test]
fn inactive_lines_follow_the_context_except_in_search_read() {
    let e = engine();
    admin(
        &e,
        "res.partner.category",
        "write",
        json!({"ids": [3], "vals": {"active": false}}),
    );
    let body = json!({"ids": [9], "fields": ["category_id"]});
    let plain = read_ctx(&e, 2, json!({}), "read", body.clone());
    assert_eq!(plain[0]["category_id"], json!([1]));
    let all = read_ctx(&e, 2, json!({"active_test": false}), "read", body);
    assert_eq!(all[0]["category_id"], json!([3, 1]));
    let sr = read_ctx(
        &e,
        2,
        json!({"active_test": false}),
        "search_read",
        json!({"domain": [["id", "=", 9]], "fields": ["category_id"]}),
    );
    assert_eq!(
        sr[0]["category_id"],
        json!([1]),
        "search_read drops active_test"
    );
}

#[test]
fn web_read_orders_and_limits_x2many_lines() {
    let e = engine();
    let r = admin(
        &e,
        "res.partner",
        "web_read",
        json!({"ids": [9], "specification": {
            "child_ids": {"fields": {"name": {}}, "order": "name desc", "limit": 2},
        }}),
    );
    // Floyd, Douglas, Addison by name descending; only the first two are read.
    assert_eq!(
        r[0]["child_ids"],
        json!([{"id": 20, "name": "Floyd Steward"}, {"id": 19, "name": "Douglas Fletcher"}, {"id": 36}])
    );
    let ids_only = admin(
        &e,
        "res.partner",
        "web_read",
        json!({"ids": [9], "specification": {"child_ids": {"order": "id"}}}),
    );
    assert_eq!(ids_only[0]["child_ids"], json!([19, 20, 36]));
    let bad = err(
        &e,
        2,
        "res.partner",
        "web_read",
        json!({"ids": [9], "specification": {"child_ids": {"order": "display_name"}}}),
    );
    assert_eq!(
        bad.message,
        "Cannot convert res.partner.display_name to SQL because it is not stored"
    );
}

#[test]
fn web_read_many2one_specs() {
    let e = engine();
    let spec = |s: Value| {
        admin(
            &e,
            "sale.order",
            "web_read",
            json!({"ids": [2], "specification": {"partner_id": s}}),
        )[0]["partner_id"]
            .clone()
    };
    assert_eq!(spec(json!({})), json!(19));
    assert_eq!(spec(json!({"fields": {}})), json!({"id": 19}));
    assert_eq!(
        spec(json!({"fields": {"display_name": {}}})),
        json!({"id": 19, "display_name": "Acme Corporation, Douglas Fletcher"})
    );
    assert_eq!(
        spec(json!({"fields": {"email": {}, "parent_id": {"fields": {"name": {}}}}})),
        json!({"id": 19, "email": "douglas@acme.example.com", "parent_id": {"id": 9, "name": "Acme Corporation"}})
    );
}

#[test]
fn web_read_of_ids_only_reads_nothing() {
    let e = engine();
    // Odoo answers `{"id": n}` per id without reading, so without any check either.
    let r = call_as(
        &e,
        7,
        "res.partner",
        "web_read",
        json!({"ids": [10, 999999], "specification": {}}),
    )
    .unwrap();
    assert_eq!(r, json!([{"id": 10}, {"id": 999999}]));
    let f = err(
        &e,
        7,
        "res.partner",
        "web_read",
        json!({"ids": [10], "specification": {"name": {}}}),
    );
    assert_eq!(f.kind, FaultKind::AccessError);
}
