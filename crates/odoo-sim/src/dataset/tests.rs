//! Checks of the generated dataset against the model metadata, the engine contract and the
//! recorded demo server.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde_json::{Map, Value};

use super::generate;
use crate::store::{Database, Row};

fn scale0() -> &'static Database {
    static DB: OnceLock<Database> = OnceLock::new();
    DB.get_or_init(|| generate(0))
}

fn scale1() -> &'static Database {
    static DB: OnceLock<Database> = OnceLock::new();
    DB.get_or_init(|| generate(1))
}

fn scale2() -> &'static Database {
    static DB: OnceLock<Database> = OnceLock::new();
    DB.get_or_init(|| generate(2))
}

/// The `fields_get` metadata of `model`, if the simulator has it.
fn meta(model: &str) -> Option<Map<String, Value>> {
    let path = format!("{}/data/models/{model}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).ok()?;
    match serde_json::from_str(&text).ok()? {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

fn rows<'a>(db: &'a Database, model: &str) -> Vec<(i64, &'a Row)> {
    db.table(model)
        .map(|t| t.rows.iter().map(|(id, row)| (*id, row)).collect())
        .unwrap_or_default()
}

fn get<'a>(db: &'a Database, model: &str, id: i64) -> &'a Row {
    db.table(model)
        .and_then(|t| t.rows.get(&id))
        .unwrap_or_else(|| panic!("{model} {id} missing"))
}

fn s<'a>(row: &'a Row, field: &str) -> &'a str {
    row.get(field).and_then(Value::as_str).unwrap_or("")
}

fn i(row: &Row, field: &str) -> Option<i64> {
    row.get(field).and_then(Value::as_i64)
}

fn f(row: &Row, field: &str) -> f64 {
    row.get(field).and_then(Value::as_f64).unwrap_or(0.0)
}

fn active(row: &Row) -> bool {
    row.get("active").and_then(Value::as_bool) != Some(false)
}

fn cents(value: f64) -> i64 {
    (value * 100.0).round() as i64
}

/// Partners the admin sees by default: active, shared or of company 1.
fn admin_partners(db: &Database) -> Vec<(i64, &Row)> {
    rows(db, "res.partner")
        .into_iter()
        .filter(|(_, r)| active(r) && matches!(i(r, "company_id"), None | Some(1)))
        .collect()
}

/// Sorted like Odoo's `complete_name, id desc` in the C collation.
fn by_complete_name(mut partners: Vec<(i64, &Row)>) -> Vec<i64> {
    partners.sort_by(|a, b| {
        s(a.1, "complete_name")
            .cmp(s(b.1, "complete_name"))
            .then(b.0.cmp(&a.0))
    });
    partners.into_iter().map(|p| p.0).collect()
}

#[test]
fn same_scale_gives_identical_data() {
    let again = generate(1);
    let first = scale1();
    assert_eq!(
        first.tables.keys().collect::<Vec<_>>(),
        again.tables.keys().collect::<Vec<_>>()
    );
    for (model, table) in &first.tables {
        let other = again.table(model).map(|t| &t.rows);
        assert_eq!(Some(&table.rows), other, "{model} differs between runs");
    }
}

#[test]
fn every_field_is_a_stored_field_of_the_model() {
    for db in [scale0(), scale1()] {
        for (model, table) in &db.tables {
            if model == "res.groups" {
                for row in table.rows.values() {
                    assert!(
                        row.keys()
                            .all(|k| ["id", "name", "full_name"].contains(&k.as_str())),
                        "{row:?}"
                    );
                }
                continue;
            }
            let fields = meta(model).unwrap_or_else(|| panic!("no metadata for {model}"));
            for (id, row) in &table.rows {
                for key in row.keys() {
                    let stored = fields
                        .get(key)
                        .and_then(|f| f.get("store"))
                        .and_then(Value::as_bool);
                    assert_eq!(
                        stored,
                        Some(true),
                        "{model} {id}: {key} is not a stored field"
                    );
                    let kind = fields
                        .get(key)
                        .and_then(|f| f.get("type"))
                        .and_then(Value::as_str);
                    assert_ne!(
                        kind,
                        Some("one2many"),
                        "{model} {id}: one2many {key} must not be stored"
                    );
                }
            }
        }
    }
}

#[test]
fn values_have_the_types_of_their_fields() {
    let db = scale1();
    for (model, table) in &db.tables {
        let Some(fields) = meta(model) else { continue };
        for (id, row) in &table.rows {
            for (key, value) in row {
                let kind = fields
                    .get(key)
                    .and_then(|f| f.get("type"))
                    .and_then(Value::as_str)
                    .unwrap_or("");
                if value.is_null() {
                    continue;
                }
                let ok = match kind {
                    "char" | "text" | "html" | "selection" => value.is_string(),
                    "integer" | "many2one" | "many2one_reference" => value.is_i64(),
                    "float" | "monetary" => value.is_number(),
                    "boolean" => value.is_boolean(),
                    "many2many" => value
                        .as_array()
                        .is_some_and(|a| a.iter().all(Value::is_i64)),
                    "date" => value
                        .as_str()
                        .is_some_and(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok()),
                    "datetime" => value.as_str().is_some_and(|d| {
                        chrono::NaiveDateTime::parse_from_str(d, "%Y-%m-%d %H:%M:%S").is_ok()
                    }),
                    _ => true,
                };
                assert!(ok, "{model} {id}: {key} = {value} is not a {kind}");
            }
        }
    }
}

#[test]
fn selection_values_are_among_the_field_choices() {
    let db = scale1();
    for (model, table) in &db.tables {
        let Some(fields) = meta(model) else { continue };
        for (key, field) in &fields {
            let Some(choices) = field.get("selection").and_then(Value::as_array) else {
                continue;
            };
            if field.get("type").and_then(Value::as_str) != Some("selection") {
                continue;
            }
            let allowed: BTreeSet<&str> = choices
                .iter()
                .filter_map(|c| c.get(0).and_then(Value::as_str))
                .collect();
            for (id, row) in &table.rows {
                if let Some(value) = row.get(key).and_then(Value::as_str) {
                    assert!(
                        allowed.contains(value),
                        "{model} {id}: {key} = {value:?} not in {allowed:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn relational_values_point_to_existing_rows() {
    let db = scale1();
    for (model, table) in &db.tables {
        let Some(fields) = meta(model) else { continue };
        for (id, row) in &table.rows {
            for (key, value) in row {
                let field = fields.get(key);
                let kind = field.and_then(|f| f.get("type")).and_then(Value::as_str);
                let relation = field
                    .and_then(|f| f.get("relation"))
                    .and_then(Value::as_str)
                    .unwrap_or("");
                let targets: Vec<i64> = match kind {
                    Some("many2one") => value.as_i64().into_iter().collect(),
                    Some("many2many") => value
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_i64)
                        .collect(),
                    _ => continue,
                };
                // `ir.model` is filled by the engine from `_ir_model.json`, not by the data set.
                if relation == "ir.model" {
                    continue;
                }
                for target in targets {
                    let exists = db
                        .table(relation)
                        .is_some_and(|t| t.rows.contains_key(&target));
                    assert!(
                        exists,
                        "{model} {id}: {key} -> {relation} {target} does not exist"
                    );
                }
            }
        }
    }
}

#[test]
fn required_fields_are_set_unless_their_comodel_is_not_simulated() {
    let db = scale1();
    for (model, table) in &db.tables {
        let Some(fields) = meta(model) else { continue };
        for (key, field) in &fields {
            let required = field.get("required").and_then(Value::as_bool) == Some(true);
            let stored = field.get("store").and_then(Value::as_bool) == Some(true);
            let relation = field.get("relation").and_then(Value::as_str);
            let kind = field.get("type").and_then(Value::as_str).unwrap_or("");
            if !required
                || !stored
                || kind == "one2many"
                || key == "id"
                || relation.is_some_and(|r| db.table(r).is_none())
            {
                continue;
            }
            for (id, row) in &table.rows {
                assert!(
                    row.get(key).is_some_and(|v| !v.is_null()),
                    "{model} {id}: required {key} is empty"
                );
            }
        }
    }
}

#[test]
fn users_groups_and_companies_follow_the_contract() {
    let db = scale0();
    let group_names: Vec<(i64, &str)> = rows(db, "res.groups")
        .iter()
        .map(|(id, r)| (*id, s(r, "full_name")))
        .collect();
    assert_eq!(group_names.len(), 13);
    assert!(group_names.contains(&(2, "Administration / Settings")));
    assert!(group_names.contains(&(13, "Inventory / Administrator")));
    let groups = |user: i64| -> Vec<i64> {
        get(db, "res.users", user)
            .get("group_ids")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_i64)
            .collect()
    };
    let admin = get(db, "res.users", 2);
    assert_eq!(
        (
            s(admin, "login"),
            i(admin, "partner_id"),
            i(admin, "company_id")
        ),
        ("admin", Some(3), Some(1))
    );
    assert_eq!(groups(2), vec![1, 2, 3, 5, 7, 10, 11, 13]);
    assert_eq!(groups(5), vec![1, 4, 10, 12]);
    assert_eq!(groups(7), vec![1]);
    assert_eq!(s(get(db, "res.users", 7), "login"), "reader");
    assert_eq!(
        get(db, "res.users", 7).get("company_ids"),
        Some(&serde_json::json!([1]))
    );
    assert_eq!(
        s(
            get(db, "res.partner", i(admin, "partner_id").unwrap_or(0)),
            "tz"
        ),
        "Europe/Brussels"
    );
    for (id, login) in [(1, "__system__"), (3, "default"), (4, "public")] {
        let user = get(db, "res.users", id);
        assert_eq!((s(user, "login"), active(user)), (login, false));
    }
    assert_eq!(i(get(db, "res.users", 1), "partner_id"), Some(2));
    assert_eq!(s(get(db, "res.company", 2), "name"), "My Company (Chicago)");
    assert_eq!(i(get(db, "res.company", 1), "partner_id"), Some(1));
    for (id, user) in rows(db, "res.users") {
        let partner = i(user, "partner_id").unwrap_or(0);
        assert!(
            db.table("res.partner")
                .is_some_and(|t| t.rows.contains_key(&partner)),
            "user {id} has no partner"
        );
        let companies = user
            .get("company_ids")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        assert!(
            companies.contains(&Value::from(i(user, "company_id").unwrap_or(0))),
            "user {id}"
        );
    }
}

#[test]
fn scale_zero_reproduces_the_recorded_partner_counts_and_order() {
    let db = scale0();
    let visible = admin_partners(db);
    assert_eq!(visible.len(), 42);
    assert_eq!(
        visible
            .iter()
            .filter(|(_, r)| r.get("is_company") == Some(&Value::Bool(true)))
            .count(),
        12
    );
    let read = get(db, "res.partner", 1);
    assert_eq!(
        (s(read, "name"), s(read, "email")),
        ("My Company (San Francisco)", "info@yourcompany.com")
    );
    assert_eq!(s(get(db, "res.partner", 3), "email"), "admin@example.com");
}

#[test]
fn generated_partners_keep_the_recorded_first_pages() {
    for db in [scale0(), scale1(), scale2()] {
        let visible = admin_partners(db);
        assert_eq!(by_complete_name(visible.clone())[..4], [9, 36, 19, 20]);
        let us = db
            .table("res.country")
            .and_then(|t| t.rows.iter().find(|(_, r)| s(r, "code") == "US"))
            .map(|(id, _)| *id);
        assert_eq!(us, Some(233));
        let companies: Vec<(i64, &Row)> = visible
            .into_iter()
            .filter(|(_, r)| r.get("is_company") == Some(&Value::Bool(true)))
            .collect();
        assert_eq!(by_complete_name(companies.clone())[..2], [9, 15]);
        let mut by_name_desc = companies;
        by_name_desc.sort_by(|a, b| s(b.1, "name").cmp(s(a.1, "name")));
        let first: Vec<i64> = by_name_desc.iter().take(3).map(|p| p.0).collect();
        assert_eq!(first, [8, 14, 11]);
        let acme: Vec<i64> = rows(db, "res.partner")
            .into_iter()
            .filter(|(_, r)| {
                active(r)
                    && ["complete_name", "email", "ref", "vat"]
                        .iter()
                        .any(|k| s(r, k).to_lowercase().contains("acme"))
            })
            .map(|p| p.0)
            .collect();
        assert_eq!(
            acme,
            [9, 19, 20, 36],
            "name_search('Acme') must stay the recorded four"
        );
    }
}

#[test]
fn recorded_children_are_in_place() {
    let db = scale0();
    let children = |parent: i64| -> BTreeSet<i64> {
        rows(db, "res.partner")
            .into_iter()
            .filter(|(_, r)| i(r, "parent_id") == Some(parent) && active(r))
            .map(|p| p.0)
            .collect()
    };
    assert_eq!(children(9), BTreeSet::from([19, 20, 36]));
    assert_eq!(children(15), BTreeSet::from([27, 28, 34]));
    assert_eq!(children(11), BTreeSet::from([22, 25, 26, 31, 37, 38, 39]));
    assert_eq!(
        get(db, "res.partner", 8).get("category_id"),
        Some(&serde_json::json!([7, 6]))
    );
    assert_eq!(
        s(get(db, "res.partner", 36), "email"),
        "addison.olson28@example.com"
    );
}

#[test]
fn contacts_have_parent_comma_name_as_complete_name() {
    let db = scale1();
    let mut contacts = 0;
    for (id, row) in rows(db, "res.partner") {
        match i(row, "parent_id") {
            Some(parent) => {
                contacts += 1;
                let expected = format!(
                    "{}, {}",
                    s(get(db, "res.partner", parent), "name"),
                    s(row, "name")
                );
                assert_eq!(s(row, "complete_name"), expected, "partner {id}");
                assert_eq!(
                    i(row, "commercial_partner_id"),
                    Some(parent),
                    "partner {id}"
                );
            }
            None => assert_eq!(s(row, "complete_name"), s(row, "name"), "partner {id}"),
        }
    }
    assert!(contacts > 40);
}

#[test]
fn partners_include_nulls_archives_and_both_companies() {
    let db = scale1();
    let partners = rows(db, "res.partner");
    assert!(partners.len() > 100, "{} partners", partners.len());
    let count = |pred: &dyn Fn(&Row) -> bool| partners.iter().filter(|(_, r)| pred(r)).count();
    assert!(count(&|r| active(r) && r.get("email").is_none_or(Value::is_null)) >= 3);
    assert!(count(&|r| active(r) && r.get("phone").is_none_or(Value::is_null)) >= 3);
    assert!(count(&|r| active(r) && r.get("country_id").is_none_or(Value::is_null)) >= 1);
    assert!(count(&|r| !active(r)) >= 5);
    assert!(count(&|r| i(r, "company_id") == Some(2)) >= 3);
    assert!(
        count(&|r| s(r, "type") == "invoice") >= 1 && count(&|r| s(r, "type") == "delivery") >= 1
    );
    assert!(count(&|r| r.get("is_company") == Some(&Value::Bool(true))) >= 20);
}

#[test]
fn tag_hierarchy_and_both_sides_of_tag_links_agree() {
    let db = scale1();
    let consulting = get(db, "res.partner.category", 14);
    assert_eq!(s(consulting, "parent_path"), "1/2/14/");
    let mut from_partners: BTreeMap<i64, BTreeSet<i64>> = BTreeMap::new();
    for (id, row) in rows(db, "res.partner") {
        for tag in row
            .get("category_id")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_i64)
        {
            from_partners.entry(tag).or_default().insert(id);
        }
    }
    for (tag, row) in rows(db, "res.partner.category") {
        let listed: BTreeSet<i64> = row
            .get("partner_ids")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_i64)
            .collect();
        assert_eq!(
            listed,
            from_partners.remove(&tag).unwrap_or_default(),
            "tag {tag}"
        );
    }
}

#[test]
fn recorded_sale_orders_group_like_the_recording() {
    let db = scale0();
    let mut groups: BTreeMap<String, (usize, i64)> = BTreeMap::new();
    for (_, order) in rows(db, "sale.order") {
        let entry = groups.entry(s(order, "state").to_owned()).or_default();
        entry.0 += 1;
        entry.1 += cents(f(order, "amount_total"));
    }
    let expected = BTreeMap::from([
        ("draft".to_owned(), (4, 547_000)),
        ("sale".to_owned(), (19, 2_766_050)),
        ("sent".to_owned(), (1, 174_000)),
    ]);
    assert_eq!(groups, expected);
    let lines_of = |order: i64| -> Vec<i64> {
        rows(db, "sale.order.line")
            .into_iter()
            .filter(|(_, l)| i(l, "order_id") == Some(order))
            .map(|l| l.0)
            .collect()
    };
    assert_eq!(lines_of(16), [34, 35]);
    assert_eq!(lines_of(21), [45, 46]);
    assert_eq!(lines_of(22), [47]);
    let order = get(db, "sale.order", 22);
    assert_eq!(
        (
            s(order, "name"),
            i(order, "partner_id"),
            i(order, "user_id"),
            f(order, "amount_total")
        ),
        ("S00022", Some(10), Some(5), 1475.0)
    );
    assert_eq!(s(order, "date_order"), "2026-11-22 14:49:34");
}

#[test]
fn generated_orders_keep_the_recorded_ordering() {
    for db in [scale0(), scale1()] {
        let mut orders = rows(db, "sale.order");
        orders.sort_by(|a, b| {
            s(b.1, "date_order")
                .cmp(s(a.1, "date_order"))
                .then(b.0.cmp(&a.0))
        });
        let ids: Vec<i64> = orders.iter().map(|o| o.0).collect();
        assert_eq!(ids[2..5], [22, 21, 16]);
        let big: BTreeSet<i64> = rows(db, "sale.order.line")
            .into_iter()
            .filter(|(_, l)| f(l, "product_uom_qty") > 5.0)
            .filter_map(|(_, l)| i(l, "order_id"))
            .collect();
        let first: Vec<i64> = ids
            .iter()
            .copied()
            .filter(|id| big.contains(id))
            .take(3)
            .collect();
        assert_eq!(first, [24, 23, 4]);
    }
}

#[test]
fn order_amounts_match_their_lines() {
    let db = scale1();
    let mut sums: BTreeMap<i64, (i64, i64)> = BTreeMap::new();
    for (id, line) in rows(db, "sale.order.line") {
        let gross = f(line, "product_uom_qty")
            * f(line, "price_unit")
            * (1.0 - f(line, "discount") / 100.0);
        assert_eq!(cents(gross), cents(f(line, "price_subtotal")), "line {id}");
        assert_eq!(
            cents(f(line, "price_subtotal")) + cents(f(line, "price_tax")),
            cents(f(line, "price_total")),
            "line {id}"
        );
        let entry = sums.entry(i(line, "order_id").unwrap_or(0)).or_default();
        entry.0 += cents(f(line, "price_subtotal"));
        entry.1 += cents(f(line, "price_tax"));
    }
    for (id, order) in rows(db, "sale.order") {
        let (untaxed, tax) = sums.get(&id).copied().unwrap_or_default();
        assert!(untaxed > 0, "order {id} has no lines");
        assert_eq!(cents(f(order, "amount_untaxed")), untaxed, "order {id}");
        assert_eq!(cents(f(order, "amount_tax")), tax, "order {id}");
        assert_eq!(cents(f(order, "amount_total")), untaxed + tax, "order {id}");
        assert_eq!(s(order, "name"), format!("S{id:05}"));
    }
}

#[test]
fn invoices_are_balanced_and_consistent() {
    let db = scale1();
    let moves = rows(db, "account.move");
    assert!(moves.len() >= 35, "{} moves", moves.len());
    let mut per_move: BTreeMap<i64, (i64, i64, i64)> = BTreeMap::new();
    for (_, line) in rows(db, "account.move.line") {
        let entry = per_move.entry(i(line, "move_id").unwrap_or(0)).or_default();
        entry.0 += cents(f(line, "debit"));
        entry.1 += cents(f(line, "credit"));
        if s(line, "display_type") == "product" {
            entry.2 += cents(f(line, "price_subtotal"));
        }
    }
    let mut names = BTreeSet::new();
    for (id, mv) in &moves {
        let (debit, credit, untaxed) = per_move.get(id).copied().unwrap_or_default();
        assert_eq!(debit, credit, "move {id} unbalanced");
        assert_eq!(debit, cents(f(mv, "amount_total")), "move {id}");
        assert_eq!(untaxed, cents(f(mv, "amount_untaxed")), "move {id}");
        assert_eq!(
            cents(f(mv, "amount_untaxed")) + cents(f(mv, "amount_tax")),
            cents(f(mv, "amount_total"))
        );
        let (total, residual) = (f(mv, "amount_total"), f(mv, "amount_residual"));
        assert!(
            (0.0..=total).contains(&residual),
            "move {id}: residual {residual} of {total}"
        );
        if matches!(s(mv, "payment_state"), "paid" | "in_payment" | "reversed") {
            assert_eq!(residual, 0.0, "move {id}");
        }
        if s(mv, "state") == "draft" {
            assert_eq!(s(mv, "name"), "/");
        } else {
            assert!(
                names.insert((i(mv, "journal_id"), s(mv, "name").to_owned())),
                "duplicate name {}",
                s(mv, "name")
            );
            assert!(s(mv, "invoice_date") <= "2026-11-22");
        }
    }
    let kinds: BTreeSet<&str> = moves.iter().map(|(_, m)| s(m, "move_type")).collect();
    assert_eq!(
        kinds,
        BTreeSet::from(["in_invoice", "out_invoice", "out_refund"])
    );
    let states: BTreeSet<&str> = moves.iter().map(|(_, m)| s(m, "payment_state")).collect();
    assert!(
        states.is_superset(&BTreeSet::from(["not_paid", "paid", "partial"])),
        "{states:?}"
    );
    let first = moves
        .iter()
        .find(|(_, m)| s(m, "name").starts_with("INV/"))
        .map(|(_, m)| s(m, "invoice_origin"));
    assert!(first.is_some_and(|o| o.starts_with('S')));
}

#[test]
fn order_lines_and_invoice_lines_link_both_ways() {
    let db = scale1();
    let mut from_sale = BTreeSet::new();
    for (id, line) in rows(db, "sale.order.line") {
        for link in line
            .get("invoice_lines")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_i64)
        {
            from_sale.insert((id, link));
        }
    }
    let mut from_invoice = BTreeSet::new();
    for (id, line) in rows(db, "account.move.line") {
        for link in line
            .get("sale_line_ids")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_i64)
        {
            from_invoice.insert((link, id));
        }
    }
    assert!(!from_sale.is_empty());
    assert_eq!(from_sale, from_invoice);
}

#[test]
fn leads_cover_the_pipeline() {
    let db = scale1();
    let leads = rows(db, "crm.lead");
    assert_eq!(leads.len(), 40);
    for (id, lead) in &leads {
        if !active(lead) {
            assert_eq!(
                (f(lead, "probability"), s(lead, "won_status")),
                (0.0, "lost"),
                "lead {id}"
            );
        }
        if i(lead, "stage_id") == Some(4) {
            assert_eq!(f(lead, "probability"), 100.0, "lead {id}");
        }
    }
    assert!(
        leads.iter().any(|(_, l)| s(l, "type") == "lead") && leads.iter().any(|(_, l)| !active(l))
    );
    assert!(
        leads
            .iter()
            .any(|(_, l)| l.get("partner_id").is_none_or(Value::is_null))
    );
}

#[test]
fn products_and_reference_data_are_complete() {
    let db = scale0();
    let products = rows(db, "product.product");
    assert!(products.len() >= 40);
    for (id, product) in &products {
        assert_eq!(i(product, "product_tmpl_id"), Some(*id));
    }
    assert!(products.iter().any(|(_, p)| !active(p)));
    let active_currencies: Vec<&str> = rows(db, "res.currency")
        .into_iter()
        .filter(|(_, c)| active(c))
        .map(|(_, c)| s(c, "name"))
        .collect();
    assert_eq!(active_currencies, ["USD", "EUR"]);
    let codes: BTreeSet<&str> = rows(db, "res.country")
        .into_iter()
        .map(|(_, c)| s(c, "code"))
        .collect();
    for code in ["BE", "US", "FR", "DE", "GB", "NL", "ES", "IT", "IN", "CA"] {
        assert!(codes.contains(code), "{code}");
    }
    assert!(rows(db, "res.country.state").len() >= 20);
    assert_eq!(
        s(get(db, "product.category", 4), "complete_name"),
        "All / Saleable / Office Furniture"
    );
}

#[test]
fn scale_multiplies_the_big_models() {
    let (one, two) = (scale1(), scale2());
    let count = |db: &Database, model: &str| rows(db, model).len();
    assert_eq!(count(one, "sale.order"), 60);
    assert_eq!(count(two, "sale.order"), 120);
    assert_eq!(count(two, "crm.lead"), 2 * count(one, "crm.lead"));
    assert!(count(two, "res.partner") > count(one, "res.partner") + 50);
    assert!(count(two, "account.move") > count(one, "account.move") + 25);
    assert_eq!(count(one, "res.users"), count(two, "res.users"));
    assert_eq!(count(scale0(), "sale.order"), 24);
}

#[test]
fn no_date_lies_in_the_future() {
    let db = scale1();
    for (model, table) in &db.tables {
        let Some(fields) = meta(model) else { continue };
        for (id, row) in &table.rows {
            for key in [
                "create_date",
                "write_date",
                "date_order",
                "invoice_date",
                "date",
                "date_closed",
            ] {
                let is_stamp = fields
                    .get(key)
                    .and_then(|f| f.get("type"))
                    .and_then(Value::as_str)
                    .is_some_and(|t| t.starts_with("date"));
                if let (true, Some(value)) = (is_stamp, row.get(key).and_then(Value::as_str)) {
                    assert!(value <= super::ctx::NOW, "{model} {id}: {key} = {value}");
                }
            }
        }
    }
}
