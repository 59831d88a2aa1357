//! Which fields an `order` may name (`_order_field_to_sql` → `_field_to_sql` → `Field.to_sql`):
//! columns, and related or inherited fields through the column they reach; anything without a
//! column is Odoo's ValueError, in `search`, `search_read` and `web_search_read` alike.

use super::*;
use crate::engine::registry;

fn ordered(e: &Engine, model: &str, method: &str, order: &str) -> Result<Value, Fault> {
    let body = match method {
        "web_search_read" => json!({"domain": [], "specification": {}, "order": order}),
        _ => json!({"domain": [], "order": order}),
    };
    call_as(e, 2, model, method, body)
}

#[test]
fn a_field_without_a_column_cannot_order() {
    let e = engine();
    for method in ["search", "search_read", "web_search_read"] {
        for (field, order) in [
            ("display_name", "display_name"),
            ("child_ids", "child_ids desc"),
            ("image_128", "name, image_128"),
        ] {
            let f = ordered(&e, "res.partner", method, order).expect_err(order);
            assert_eq!(f.kind, FaultKind::ValueError, "{method} {order}");
            assert_eq!(
                f.message,
                format!("Cannot convert res.partner.{field} to SQL because it is not stored")
            );
        }
    }
}

#[test]
fn an_unknown_field_is_refused_before_a_field_without_a_column() {
    let e = engine();
    let f = ordered(&e, "res.partner", "search", "nope, display_name").unwrap_err();
    assert_eq!(f.message, "Invalid field 'nope' on model 'res.partner'");
}

#[test]
fn inherited_and_related_fields_order_by_the_column_they_reach() {
    let e = engine();
    // product.product's list_price is product.template's (Desk 100, chair 50).
    let asc = ordered(&e, "product.product", "search", "list_price").unwrap();
    assert_eq!(asc, json!([2, 1]));
    let desc = ordered(&e, "product.product", "search", "list_price desc").unwrap();
    assert_eq!(desc, json!([1, 2]));
    // res.users' name is its partner's (admin: Mitchell Admin, reader: Reader User).
    let users = ordered(&e, "res.users", "search", "name desc").unwrap();
    assert_eq!(users, json!([7, 2]));
}

#[test]
fn every_default_order_names_sortable_fields() {
    // A model's own `_order` goes through the same check on every search without `order`.
    for v in [17, 18, 19, 20] {
        let reg = registry::for_version(v);
        for model in reg.models.values() {
            let terms = crate::engine::order::parse(&model.order)
                .unwrap_or_else(|f| panic!("{}: {f:?}", model.name));
            for t in &terms {
                assert!(
                    crate::engine::order::check_sortable(model, t).is_ok(),
                    "{} orders by {} on {v}",
                    model.name,
                    t.field
                );
            }
        }
    }
}

#[test]
fn a_many2one_orders_by_its_raw_id_with_dot_id_and_takes_no_other_property() {
    let e = engine();
    // sale.order partners: 1 → 9, 2 → 19, 3 → 11, 4 → 10.
    let by_id = ordered(&e, "sale.order", "search", "partner_id.id desc").unwrap();
    assert_eq!(by_id, json!([2, 3, 4, 1]));
    let by_name = ordered(&e, "sale.order", "search", "partner_id desc").unwrap();
    assert_eq!(by_name, json!([3, 4, 2, 1]), "the comodel's complete_name");
    let f = ordered(&e, "sale.order", "search", "partner_id.name").unwrap_err();
    assert_eq!(
        (f.kind, f.message.as_str()),
        (
            FaultKind::ValueError,
            "Invalid field property 'name' on sale.order.partner_id"
        )
    );
    // A date part orders by that part: days of month 5, 20, 2, 3.
    let by_day = ordered(&e, "sale.order", "search", "date_order.day_of_month").unwrap();
    assert_eq!(by_day, json!([3, 4, 1, 2]));
    // `:func` is ignored, as `_order_to_sql` ignores it.
    let by_date = ordered(&e, "sale.order", "search", "date_order:month desc").unwrap();
    assert_eq!(by_date, json!([4, 3, 2, 1]));
}
