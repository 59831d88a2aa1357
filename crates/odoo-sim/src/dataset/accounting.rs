//! The accounting setup: journals, taxes and payment terms of both companies.

use serde_json::json;

use super::ctx::{Books, Ctx};
use super::users::{COMPANY_CHICAGO, COMPANY_MAIN};

/// (id, name, code, type, company, sequence).
const JOURNALS: &[(i64, &str, &str, &str, i64, i64)] = &[
    (1, "Customer Invoices", "INV", "sale", COMPANY_MAIN, 5),
    (2, "Vendor Bills", "BILL", "purchase", COMPANY_MAIN, 6),
    (
        3,
        "Miscellaneous Operations",
        "MISC",
        "general",
        COMPANY_MAIN,
        9,
    ),
    (4, "Exchange Difference", "EXCH", "general", COMPANY_MAIN, 9),
    (5, "Bank", "BNK1", "bank", COMPANY_MAIN, 10),
    (6, "Cash", "CSH1", "cash", COMPANY_MAIN, 10),
    (7, "Customer Invoices", "INV", "sale", COMPANY_CHICAGO, 5),
    (8, "Vendor Bills", "BILL", "purchase", COMPANY_CHICAGO, 6),
    (9, "Bank", "BNK1", "bank", COMPANY_CHICAGO, 10),
];

/// (id, name, type, amount %, company, sequence).
const TAXES: &[(i64, &str, &str, f64, i64, i64)] = &[
    (1, "15%", "sale", 15.0, COMPANY_MAIN, 1),
    (2, "15%", "purchase", 15.0, COMPANY_MAIN, 1),
    (3, "0% Exempt", "sale", 0.0, COMPANY_MAIN, 2),
    (4, "15%", "sale", 15.0, COMPANY_CHICAGO, 1),
    (5, "15%", "purchase", 15.0, COMPANY_CHICAGO, 1),
];

/// The rate of every tax this dataset uses on lines, in percent.
pub(crate) const TAX_PERCENT: i64 = 15;

/// (id, name, days until due).
const PAYMENT_TERMS: &[(i64, &str, i64)] = &[
    (1, "Immediate Payment", 0),
    (2, "15 Days", 15),
    (3, "21 Days", 21),
    (4, "30 Days", 30),
    (5, "45 Days", 45),
    (6, "End of Following Month", 45),
];

/// Inserts journals, taxes and payment terms, and registers each company's books.
pub(crate) fn generate(ctx: &mut Ctx) {
    for &(id, name, code, kind, company, sequence) in JOURNALS {
        ctx.insert(
            "account.journal",
            json!({"id": id, "name": name, "code": code, "type": kind, "company_id": company, "sequence": sequence,
                   "active": true, "currency_id": null, "invoice_reference_model": "odoo",
                   "invoice_reference_type": "invoice", "refund_sequence": kind == "sale" || kind == "purchase",
                   "show_on_dashboard": true, "color": 0, "restrict_mode_hash_table": false,
                   "payment_sequence": kind == "bank" || kind == "cash"}),
        );
    }
    let us = ctx.country("US");
    for &(id, name, kind, amount, company, sequence) in TAXES {
        ctx.insert(
            "account.tax",
            json!({"id": id, "name": name, "type_tax_use": kind, "amount_type": "percent", "amount": amount,
                   "company_id": company, "country_id": us, "sequence": sequence, "active": true,
                   "price_include_override": "tax_excluded", "include_base_amount": false, "is_base_affected": true,
                   "tax_exigibility": "on_invoice", "invoice_label": name, "analytic": false,
                   "description": format!("<p>{name} {kind} tax</p>"), "tax_scope": null,
                   "children_tax_ids": []}),
        );
    }
    for &(id, name, days) in PAYMENT_TERMS {
        ctx.insert(
            "account.payment.term",
            json!({"id": id, "name": name, "sequence": 10 + id, "active": true, "company_id": null,
                   "display_on_invoice": true, "early_discount": false, "discount_days": 10,
                   "discount_percentage": 2.0, "early_pay_discount_computation": "included",
                   "note": format!("<p>Payment terms: {name}</p>")}),
        );
        ctx.pools.payment_terms.push((id, days));
    }
    ctx.pools.books.insert(
        COMPANY_MAIN,
        Books {
            sale_journal: 1,
            purchase_journal: 2,
            sale_tax: 1,
            purchase_tax: 2,
        },
    );
    ctx.pools.books.insert(
        COMPANY_CHICAGO,
        Books {
            sale_journal: 7,
            purchase_journal: 8,
            sale_tax: 4,
            purchase_tax: 5,
        },
    );
}
