//! Grouping: `read_group` and `formatted_read_group` shapes, aliases and periods.

use super::*;

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

#[test]
fn an_aggregate_postgresql_lacks_for_the_column_type_is_its_error() {
    let e = engine();
    for (spec, sql) in [
        ("name:sum", "sum(character varying)"),
        ("date_order:avg", "avg(timestamp without time zone)"),
        ("amount_total:bool_and", "bool_and(numeric)"),
    ] {
        let f = err(
            &e,
            2,
            "sale.order",
            "formatted_read_group",
            json!({"domain": [], "groupby": ["state"], "aggregates": [spec]}),
        );
        assert_eq!(f.kind, FaultKind::UndefinedFunction, "{spec}");
        assert!(
            f.message
                .starts_with(&format!("function {sql} does not exist\n")),
            "{}",
            f.message
        );
    }
    for spec in [
        "name:max",
        "name:count_distinct",
        "amount_total:avg",
        "partner_id:count",
    ] {
        admin(
            &e,
            "sale.order",
            "formatted_read_group",
            json!({"domain": [], "groupby": ["state"], "aggregates": [spec]}),
        );
    }
}
