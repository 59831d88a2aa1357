//! The faults of bad calls: unknown fields, models and methods, bad operators, argument checks, version gates.

use super::*;

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

#[test]
fn an_order_outside_odoos_grammar_is_a_user_error_and_an_unknown_field_a_value_error() {
    let e = engine();
    for order in ["name; DROP TABLE res_partner", "name sideways", "name,"] {
        let f = err(
            &e,
            2,
            "res.partner",
            "search",
            json!({"domain": [], "order": order}),
        );
        assert_eq!(f.kind, FaultKind::UserError, "{order}");
        assert!(f.message.contains(&format!("({order})")), "{}", f.message);
    }
    let f = err(
        &e,
        2,
        "res.partner",
        "search",
        json!({"domain": [], "order": "nope desc"}),
    );
    assert_eq!(f.kind, FaultKind::ValueError);
    // Odoo 17 and 18 take a quoted name as the name; 19's regex_order refuses it.
    let quoted = err(
        &e,
        2,
        "res.partner",
        "search",
        json!({"domain": [], "order": "\"name\" desc", "limit": 2}),
    );
    assert_eq!(quoted.kind, FaultKind::UserError);
    let e18 = Engine::new(18, testdb::build());
    let quoted = admin(
        &e18,
        "res.partner",
        "search",
        json!({"domain": [], "order": "\"name\" desc", "limit": 2}),
    );
    let plain = admin(
        &e18,
        "res.partner",
        "search",
        json!({"domain": [], "order": "name desc", "limit": 2}),
    );
    assert_eq!(quoted, plain);
}

#[test]
fn a_negative_limit_or_offset_is_postgresqls_error_after_the_domain_is_checked() {
    let e = engine();
    for method in ["search", "search_read", "search_count"] {
        let f = err(
            &e,
            2,
            "res.partner",
            method,
            json!({"domain": [], "limit": -1}),
        );
        assert_eq!(f.kind, FaultKind::InvalidRowCountInLimitClause, "{method}");
        assert_eq!(f.message, "LIMIT must not be negative\n");
    }
    let f = err(
        &e,
        2,
        "res.partner",
        "search",
        json!({"domain": [], "offset": -5}),
    );
    assert_eq!(f.kind, FaultKind::InvalidRowCountInResultOffsetClause);
    let f = err(
        &e,
        2,
        "res.partner",
        "search",
        json!({"domain": [["nope", "=", 1]], "limit": -1}),
    );
    assert_eq!(f.kind, FaultKind::ValueError, "the domain fails first");
    let all = admin(
        &e,
        "res.partner",
        "search_count",
        json!({"domain": [], "limit": 0}),
    );
    let unlimited = admin(&e, "res.partner", "search_count", json!({"domain": []}));
    assert_eq!(all, unlimited, "limit 0 means no limit");
}
