//! Access rights: ACLs, record rules, fields restricted by groups, `has_access`, group implication.

use super::*;

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
        "../../../../../../shared/odoo-protocol/samples/json2_fields_get_partner_full.json"
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
