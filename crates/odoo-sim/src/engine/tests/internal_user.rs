//! What an ordinary internal user (`reader`, uid 7: `base.group_user` only) meets: `ir.model`
//! refused, the web client's `ir.model` helpers, and access checked through relational paths.

use serde_json::{Value, json};

use crate::engine::{Args, Engine, Env, testdb};
use crate::fault::{Fault, FaultKind};

const READER: i64 = 7;
const ADMIN: i64 = 2;

fn call(uid: i64, model: &str, method: &str, body: Value) -> Result<Value, Fault> {
    let e = Engine::new(19, testdb::build());
    let env = Env {
        uid,
        context: serde_json::Map::new(),
    };
    let named = body.as_object().cloned().unwrap_or_default();
    e.call(&env, model, method, Args { ids: None, named })
}

#[test]
fn an_internal_user_may_not_read_ir_model() {
    let f = call(
        READER,
        "ir.model",
        "search_read",
        json!({"domain": [], "fields": ["model"]}),
    )
    .expect_err("ir.model is refused");
    assert_eq!(f.kind, FaultKind::AccessError);
    assert_eq!(
        f.message,
        "You are not allowed to access 'Models' (ir.model) records.\n\nThis operation is allowed for the following groups:\n\t- Role / Administrator\n\nContact your administrator to request access if necessary."
    );
    assert!(call(ADMIN, "ir.model", "search_count", json!({"domain": []})).is_ok());
}

#[test]
fn display_name_for_answers_missing_and_unreadable_models_alike() {
    let out = call(
        READER,
        "ir.model",
        "display_name_for",
        json!({"models": ["res.partner", "sale.order", "no.such.model"]}),
    )
    .expect("display_name_for is public");
    assert_eq!(
        out,
        json!([
            {"model": "res.partner", "display_name": "Contact"},
            {"model": "sale.order", "display_name": "sale.order"},
            {"model": "no.such.model", "display_name": "no.such.model"},
        ])
    );
    let admin = call(
        ADMIN,
        "ir.model",
        "display_name_for",
        json!({"models": ["sale.order"]}),
    )
    .expect("display_name_for is public");
    assert_eq!(
        admin,
        json!([{"model": "sale.order", "display_name": "Sales Order"}])
    );
}

#[test]
fn get_available_models_lists_only_readable_models() {
    let out = call(READER, "ir.model", "get_available_models", json!({})).expect("public");
    let models: Vec<&str> = out
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|r| r["model"].as_str())
        .collect();
    assert!(models.contains(&"res.partner"), "{models:?}");
    assert!(!models.contains(&"sale.order"), "{models:?}");
    assert!(!models.contains(&"ir.model"), "{models:?}");
}

#[test]
fn a_path_through_an_unreadable_model_is_its_access_error() {
    let f = call(
        READER,
        "res.partner",
        "search",
        json!({"domain": [["sale_order_ids.amount_total", ">", 100]]}),
    )
    .expect_err("sale.order is not readable");
    assert_eq!(f.kind, FaultKind::AccessError);
    assert!(
        f.message
            .starts_with("You are not allowed to access 'Sales Order' (sale.order) records."),
        "{}",
        f.message
    );
    // The same domain works for a user with sales rights.
    assert!(
        call(
            ADMIN,
            "res.partner",
            "search",
            json!({"domain": [["sale_order_ids.amount_total", ">", 100]]}),
        )
        .is_ok()
    );
    // A path through a readable model still works for the reader.
    assert!(
        call(
            READER,
            "res.partner",
            "search",
            json!({"domain": [["country_id.code", "=", "US"]]}),
        )
        .is_ok()
    );
}

#[test]
fn group_protected_fields_are_hidden_and_refused() {
    let fields = call(
        READER,
        "res.partner",
        "fields_get",
        json!({"attributes": ["type"]}),
    )
    .expect("fields_get");
    assert!(fields.get("name").is_some());
    assert!(fields.get("credit").is_none(), "credit is accounting-only");
    let f = call(
        READER,
        "res.partner",
        "search",
        json!({"domain": [["credit", ">", 0]]}),
    )
    .expect_err("credit is refused in a domain");
    assert_eq!(f.kind, FaultKind::AccessError);
    assert!(f.message.contains("credit"), "{}", f.message);
    let admin = call(
        ADMIN,
        "res.partner",
        "fields_get",
        json!({"attributes": ["type"]}),
    )
    .expect("fields_get");
    assert!(admin.get("credit").is_some());
}

#[test]
fn reading_an_x2many_needs_read_access_to_its_comodel() {
    for (method, body) in [
        (
            "search_read",
            json!({"domain": [], "fields": ["name", "sale_order_ids"], "limit": 1}),
        ),
        (
            "web_search_read",
            json!({"domain": [], "specification": {"name": {}, "sale_order_ids": {}}, "limit": 1}),
        ),
    ] {
        let f = call(READER, "res.partner", method, body).expect_err("sale.order is not readable");
        assert_eq!(f.kind, FaultKind::AccessError, "{method}");
        assert!(
            f.message.starts_with(
                "Failed to read field res.partner.sale_order_ids\nYou are not allowed to access 'Sales Order' (sale.order) records."
            ),
            "{method}: {}",
            f.message
        );
    }
    // A readable comodel, a many2one to an unreadable one, and the administrator: no error.
    let ok = call(
        READER,
        "res.partner",
        "search_read",
        json!({"domain": [], "fields": ["category_id", "child_ids", "user_id"], "limit": 1}),
    );
    assert!(ok.is_ok(), "{ok:?}");
    let admin = call(
        ADMIN,
        "res.partner",
        "search_read",
        json!({"domain": [], "fields": ["sale_order_ids", "invoice_ids"], "limit": 1}),
    );
    assert!(admin.is_ok(), "{admin:?}");
    // Reading every field still fails first on the field Odoo reads first.
    let all = call(
        READER,
        "res.partner",
        "search_read",
        json!({"domain": [], "limit": 1}),
    )
    .expect_err("every field");
    assert!(
        all.message
            .starts_with("Failed to read field res.partner.rtc_session_ids"),
        "{}",
        all.message
    );
}

#[test]
fn any_condition_on_an_x2many_checks_the_comodel() {
    for domain in [
        json!([["invoice_ids", "in", [1]]]),
        json!([["invoice_ids", "!=", false]]),
        json!([["invoice_ids.amount_total", ">", 0]]),
    ] {
        let f = call(
            READER,
            "res.partner",
            "search_count",
            json!({"domain": domain.clone()}),
        )
        .expect_err("account.move is not readable");
        assert_eq!(f.kind, FaultKind::AccessError, "{domain}");
        assert!(f.message.contains("(account.move)"), "{}", f.message);
    }
    let ok = call(
        READER,
        "res.partner",
        "search_count",
        json!({"domain": [["category_id", "!=", false]]}),
    );
    assert!(ok.is_ok(), "{ok:?}");
}
