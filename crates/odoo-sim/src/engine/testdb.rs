//! A small in-test database: companies, users (admin, reader), partners with a hierarchy,
//! countries, tags, products, sale orders with lines, journal entries, journals, leads and a
//! lost reason.

use serde_json::{Map, Value, json};

use crate::store::Database;

fn row(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// Builds the fixture.
pub(crate) fn build() -> Database {
    let mut db = Database::default();
    let mut put = |model: &str, v: Value| {
        db.insert(model, row(v));
    };
    put(
        "res.company",
        json!({"id": 1, "name": "YourCompany", "partner_id": 1, "currency_id": 1, "sequence": 10, "active": true}),
    );
    put(
        "res.company",
        json!({"id": 2, "name": "My Company (Chicago)", "partner_id": 4, "currency_id": 1, "sequence": 20, "active": true}),
    );
    put(
        "res.currency",
        json!({"id": 1, "name": "USD", "symbol": "$", "active": true}),
    );
    put(
        "res.currency",
        json!({"id": 2, "name": "EUR", "symbol": "€", "active": true}),
    );
    put(
        "res.country",
        json!({"id": 233, "name": "United States", "code": "US"}),
    );
    put(
        "res.country",
        json!({"id": 21, "name": "Belgium", "code": "BE"}),
    );
    put(
        "res.country",
        json!({"id": 180, "name": "Réunion", "code": "RE"}),
    );
    put(
        "res.partner.category",
        json!({"id": 1, "name": "Vendor", "active": true}),
    );
    put(
        "res.partner.category",
        json!({"id": 2, "name": "Prospects", "parent_id": 1, "active": true}),
    );
    put(
        "res.partner.category",
        json!({"id": 3, "name": "Gold", "active": true}),
    );
    // Partners: 1 YourCompany, 2 OdooBot, 3 Mitchell Admin, 4 Chicago company partner, 5 Reader,
    // 9 Acme (company) with contacts 19, 20, 36 (inactive: 37), 10 Gemini (company 2 only),
    // 11 "azure" lower-case, 12 no email no country.
    let partners = [
        json!({"id": 1, "name": "YourCompany", "complete_name": "YourCompany", "is_company": true, "active": true, "company_id": 1, "country_id": 233, "email": "info@yourcompany.com", "type": "contact"}),
        json!({"id": 2, "name": "OdooBot", "complete_name": "OdooBot", "active": false, "email": "odoobot@example.com", "type": "contact"}),
        json!({"id": 3, "name": "Mitchell Admin", "complete_name": "Mitchell Admin", "active": true, "email": "admin@yourcompany.example.com", "country_id": 233, "tz": "Europe/Brussels", "type": "contact"}),
        json!({"id": 4, "name": "My Company (Chicago)", "complete_name": "My Company (Chicago)", "is_company": true, "active": true, "company_id": 2, "type": "contact"}),
        json!({"id": 5, "name": "Reader User", "complete_name": "Reader User", "active": true, "email": "reader@example.com", "tz": "UTC", "type": "contact"}),
        json!({"id": 9, "name": "Acme Corporation", "complete_name": "Acme Corporation", "is_company": true, "active": true, "country_id": 233, "email": "acme@example.com", "category_id": [3, 1], "customer_rank": 2, "type": "contact", "create_date": "2026-01-10 10:00:00", "ref": "ACME"}),
        json!({"id": 19, "name": "Douglas Fletcher", "complete_name": "Acme Corporation, Douglas Fletcher", "parent_id": 9, "active": true, "country_id": 233, "email": "douglas@acme.example.com", "type": "contact", "create_date": "2026-03-30 21:30:00"}),
        json!({"id": 20, "name": "Floyd Steward", "complete_name": "Acme Corporation, Floyd Steward", "parent_id": 9, "active": true, "country_id": 233, "email": "", "type": "contact", "create_date": "2026-03-31 08:00:00"}),
        json!({"id": 36, "name": "Addison Olson", "complete_name": "Acme Corporation, Addison Olson", "parent_id": 9, "active": true, "country_id": 21, "email": "addison@acme.example.com", "type": "contact", "category_id": [2]}),
        json!({"id": 37, "name": "Old Contact", "complete_name": "Acme Corporation, Old Contact", "parent_id": 9, "active": false, "country_id": 233, "type": "contact"}),
        json!({"id": 10, "name": "Gemini Furniture", "complete_name": "Gemini Furniture", "is_company": true, "active": true, "company_id": 2, "country_id": 21, "email": "gemini@example.com", "type": "contact"}),
        json!({"id": 11, "name": "azure interior", "complete_name": "azure interior", "is_company": true, "active": true, "country_id": 180, "email": "azure_100%@example.com", "type": "contact", "customer_rank": 0}),
        json!({"id": 12, "name": "Zed Nobody", "complete_name": "Zed Nobody", "active": true, "type": "contact"}),
    ];
    for p in partners {
        put("res.partner", p);
    }
    put(
        "res.users",
        json!({"id": 1, "login": "__system__", "partner_id": 2, "active": false, "company_id": 1, "company_ids": [1, 2], "group_ids": [1, 2, 3]}),
    );
    put(
        "res.users",
        json!({"id": 2, "login": "admin", "partner_id": 3, "active": true, "company_id": 1, "company_ids": [1, 2], "group_ids": [1, 2, 3, 5, 7, 10, 11, 13]}),
    );
    put(
        "res.users",
        json!({"id": 7, "login": "reader", "partner_id": 5, "active": true, "company_id": 1, "company_ids": [1], "group_ids": [1]}),
    );
    put(
        "res.groups",
        json!({"id": 1, "name": "Internal User", "full_name": "Role / User"}),
    );
    put(
        "product.template",
        json!({"id": 1, "name": "Desk", "list_price": 100.0, "active": true, "default_code": "DESK"}),
    );
    put(
        "product.template",
        json!({"id": 2, "name": "chair", "list_price": 50.0, "active": true}),
    );
    put(
        "product.product",
        json!({"id": 1, "product_tmpl_id": 1, "default_code": "DESK", "active": true}),
    );
    put(
        "product.product",
        json!({"id": 2, "product_tmpl_id": 2, "active": true}),
    );
    let orders = [
        json!({"id": 1, "name": "S00001", "partner_id": 9, "state": "draft", "amount_total": 100.0, "date_order": "2026-10-05 10:00:00", "company_id": 1, "currency_id": 1, "user_id": 2}),
        json!({"id": 2, "name": "S00002", "partner_id": 19, "state": "sale", "amount_total": 250.5, "date_order": "2026-10-20 10:00:00", "company_id": 1, "currency_id": 1, "user_id": 2}),
        json!({"id": 3, "name": "S00003", "partner_id": 11, "state": "sale", "amount_total": 50.0, "date_order": "2026-11-02 10:00:00", "company_id": 1, "currency_id": 1}),
        json!({"id": 4, "name": "S00004", "partner_id": 10, "state": "sent", "amount_total": 75.0, "date_order": "2026-11-03 10:00:00", "company_id": 2, "currency_id": 1}),
    ];
    for o in orders {
        put("sale.order", o);
    }
    put(
        "sale.order.line",
        json!({"id": 1, "order_id": 1, "product_id": 1, "name": "Desk", "product_uom_qty": 1.0, "price_unit": 100.0, "price_subtotal": 100.0, "price_total": 100.0, "sequence": 10, "state": "draft", "company_id": 1}),
    );
    put(
        "sale.order.line",
        json!({"id": 2, "order_id": 2, "product_id": 1, "name": "Desk", "product_uom_qty": 2.0, "price_unit": 100.0, "price_subtotal": 200.0, "price_total": 200.0, "sequence": 10, "state": "sale", "company_id": 1}),
    );
    put(
        "sale.order.line",
        json!({"id": 3, "order_id": 2, "product_id": 2, "name": "chair", "product_uom_qty": 1.0, "price_unit": 50.5, "price_subtotal": 50.5, "price_total": 50.5, "sequence": 20, "state": "sale", "company_id": 1}),
    );
    put(
        "account.move",
        json!({"id": 1, "name": "INV/2026/00001", "state": "posted", "move_type": "out_invoice", "invoice_date": "2026-10-01", "date": "2026-10-01", "partner_id": 9, "company_id": 1, "currency_id": 1, "amount_total": 100.0}),
    );
    put(
        "account.move",
        json!({"id": 2, "name": "/", "state": "draft", "move_type": "out_invoice", "date": "2026-10-02", "partner_id": 9, "company_id": 1, "currency_id": 1, "amount_total": 0.0}),
    );
    put(
        "account.journal",
        json!({"id": 1, "name": "Customer Invoices", "code": "INV", "type": "sale", "company_id": 1, "sequence": 5}),
    );
    put(
        "account.journal",
        json!({"id": 3, "name": "Miscellaneous Operations", "code": "MISC", "type": "general", "company_id": 1, "sequence": 9}),
    );
    put(
        "account.journal",
        json!({"id": 5, "name": "Bank", "code": "BNK1", "type": "bank", "company_id": 1, "sequence": 10}),
    );
    put(
        "uom.uom",
        json!({"id": 1, "name": "Units", "relative_factor": 1.0, "active": true}),
    );
    put("crm.stage", json!({"id": 1, "name": "New", "sequence": 1}));
    put(
        "crm.lost.reason",
        json!({"id": 1, "name": "Too expensive", "active": true}),
    );
    put(
        "crm.stage",
        json!({"id": 4, "name": "Won", "sequence": 70, "is_won": true}),
    );
    put(
        "crm.lead",
        json!({"id": 1, "name": "Big deal", "partner_id": 9, "type": "opportunity", "active": true, "stage_id": 1, "priority": "2", "company_id": 1}),
    );
    put(
        "crm.lead",
        json!({"id": 2, "name": "Lost deal", "partner_id": 9, "type": "opportunity", "active": false, "stage_id": 1, "priority": "0", "company_id": 1}),
    );
    db
}
