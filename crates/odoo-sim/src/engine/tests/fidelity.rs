//! Fidelity to Odoo 19 over the generated demo data: the full `fields_get` description,
//! computed non-stored contact fields, `read_group`'s `__range`, `default_get`, CRM tags.

use serde_json::{Map, Value, json};

use crate::engine::{Args, Engine, Env};

fn engine(version: u32) -> Engine {
    Engine::new(version, crate::dataset::generate(1))
}

fn admin(e: &Engine, model: &str, method: &str, ids: Option<Vec<i64>>, body: Value) -> Value {
    let named: Map<String, Value> = body.as_object().cloned().unwrap_or_default();
    let env = Env {
        uid: 2,
        context: Map::new(),
    };
    e.call(&env, model, method, Args { ids, named })
        .unwrap_or_else(|f| panic!("{model}.{method} failed: {f:?}"))
}

#[test]
fn fields_get_without_attributes_describes_each_field_fully() {
    let e = engine(19);
    let all = admin(&e, "sale.order", "fields_get", None, json!({}));
    let partner = &all["partner_id"];
    for attr in [
        "name",
        "type",
        "string",
        "store",
        "readonly",
        "required",
        "depends",
        "domain",
        "context",
        "exportable",
        "manual",
        "searchable",
        "sortable",
        "groupable",
        "relation",
    ] {
        assert!(
            partner.get(attr).is_some(),
            "partner_id lacks {attr}: {partner}"
        );
    }
    assert_eq!(partner["name"], "partner_id");
    assert_eq!(
        all["locked"]["help"], "Locked orders cannot be modified.",
        "sale's own help"
    );
    let lead = admin(
        &e,
        "crm.lead",
        "fields_get",
        None,
        json!({"allfields": ["message_needaction"]}),
    );
    assert!(
        lead["message_needaction"]["help"].is_string(),
        "mail.thread's help: {lead}"
    );
    // With `attributes`, only those.
    let some = admin(
        &e,
        "sale.order",
        "fields_get",
        None,
        json!({"allfields": ["name"], "attributes": ["type"]}),
    );
    assert_eq!(some, json!({"name": {"type": "char"}}));
}

#[test]
fn contacts_read_their_computed_fields_with_real_types() {
    let e = engine(19);
    let rows = admin(
        &e,
        "res.partner",
        "search_read",
        None,
        json!({"domain": [["is_company", "=", true]], "fields": [], "limit": 40}),
    );
    let rows = rows.as_array().expect("rows");
    assert!(rows.iter().all(|r| r["available_peppol_eas"].is_array()));
    assert!(
        rows.iter()
            .all(|r| r["fiscal_country_group_codes"].is_array())
    );
    // A customer with orders has statistics; their count is the contact's order count.
    let with_orders = rows
        .iter()
        .find(|r| r["sale_order_count"].as_i64().is_some_and(|n| n > 0))
        .expect("a company with orders");
    let stats = with_orders["application_statistics"]
        .as_array()
        .expect("statistics");
    let sales = stats
        .iter()
        .find(|s| s["label"] == "Sale Orders")
        .expect("a sales entry");
    assert_eq!(sales["value"], with_orders["sale_order_count"]);
    // A contact without documents has none: false, as Odoo reads an empty json.
    assert!(
        rows.iter()
            .filter(|r| r["sale_order_count"] == 0
                && r["account_move_count"] == 0
                && r["supplier_invoice_count"] == 0)
            .all(|r| r["application_statistics"] == false)
    );
}

#[test]
fn read_group_by_a_period_carries_its_range_on_every_version() {
    for version in [17, 18, 19] {
        let e = engine(version);
        let groups = admin(
            &e,
            "sale.order",
            "read_group",
            None,
            json!({"domain": [], "fields": ["amount_total:sum"], "groupby": ["date_order:month"], "lazy": false}),
        );
        let groups = groups.as_array().expect("groups");
        assert!(!groups.is_empty());
        for g in groups {
            let label = g["date_order:month"].as_str().expect("a label");
            let range = &g["__range"]["date_order:month"];
            let from = range["from"].as_str().expect("from");
            let to = range["to"].as_str().expect("to");
            assert!(from < to, "{g}");
            // The group's domain is the same period.
            assert!(g["__domain"].to_string().contains(from), "{g}");
            assert!(!label.is_empty());
        }
    }
    // Grouping by something else has no range.
    let e = engine(19);
    let by_state = admin(
        &e,
        "sale.order",
        "read_group",
        None,
        json!({"domain": [], "fields": [], "groupby": ["state"]}),
    );
    assert!(by_state[0].get("__range").is_none(), "{by_state}");
}

#[test]
fn default_get_returns_only_default_values() {
    let e = engine(19);
    let d = admin(
        &e,
        "sale.order",
        "default_get",
        None,
        json!({"fields": ["state", "currency_id", "date_order", "amount_total"]}),
    );
    let mut keys: Vec<&String> = d.as_object().expect("defaults").keys().collect();
    keys.sort();
    assert_eq!(
        keys,
        ["date_order", "state"],
        "currency is computed, not a default: {d}"
    );
    // A created order still gets its currency.
    let partner = admin(
        &e,
        "res.partner",
        "search",
        None,
        json!({"domain": [], "limit": 1}),
    );
    let id = admin(
        &e,
        "sale.order",
        "create",
        None,
        json!({"vals_list": [{"partner_id": partner[0]}]}),
    );
    let row = admin(
        &e,
        "sale.order",
        "read",
        Some(vec![id[0].as_i64().expect("id")]),
        json!({"fields": ["currency_id"]}),
    );
    assert!(row[0]["currency_id"].is_array(), "{row}");
}

#[test]
fn crm_leads_carry_tags() {
    let e = engine(19);
    let leads = admin(
        &e,
        "crm.lead",
        "search_read",
        None,
        json!({"domain": [], "fields": ["tag_ids"], "context": {"active_test": false}}),
    );
    let leads = leads.as_array().expect("leads");
    assert!(
        leads
            .iter()
            .all(|l| l["tag_ids"].as_array().is_some_and(|t| !t.is_empty()))
    );
    let tags = admin(
        &e,
        "crm.tag",
        "search_read",
        None,
        json!({"domain": [], "fields": ["name"]}),
    );
    assert!(tags.to_string().contains("Consulting"), "{tags}");
}

#[test]
fn help_texts_follow_odoos_field_definitions() {
    let e = engine(19);
    let help = |model: &str, field: &str| {
        admin(
            &e,
            model,
            "fields_get",
            None,
            json!({"allfields": [field], "attributes": ["help", "string"]}),
        )[field]
            .get("help")
            .cloned()
    };
    assert_eq!(
        help("crm.lead", "tag_ids"),
        Some(json!(
            "Classify and analyze your lead/opportunity categories like: Training, Service"
        ))
    );
    assert_eq!(
        help("sale.order", "locked"),
        Some(json!("Locked orders cannot be modified."))
    );
    assert_eq!(
        help("sale.order.line", "display_type"),
        Some(json!("Technical field for UX purpose."))
    );
    assert_eq!(
        help("account.move", "invoice_origin"),
        Some(json!("The document(s) that generated the invoice."))
    );
    // Mixins carry their texts to every model using them (mail.thread, utm.mixin).
    assert_eq!(
        help("crm.lead", "message_needaction"),
        help("res.partner", "message_needaction")
    );
    assert_eq!(
        help("sale.order", "campaign_id"),
        help("account.move", "campaign_id")
    );
    assert!(help("sale.order", "campaign_id").is_some());
    // res.users shows res.partner's texts on the fields it inherits.
    assert_eq!(help("res.users", "tz"), help("res.partner", "tz"));
    // A field without `help=` has none.
    assert_eq!(help("crm.lead", "name"), None);
    assert_eq!(help("crm.lead", "vat"), None);
    let full = admin(&e, "crm.lead", "fields_get", None, json!({}));
    assert!(
        full["date_deadline"]["help"].is_string(),
        "{}",
        full["date_deadline"]
    );
}
