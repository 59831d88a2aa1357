//! The generated demo company: a realistic, deterministic Odoo database (partners, products,
//! sales, invoices, CRM) built around the records of the recorded demo server.
//!
//! [`generate`]`(scale)` always yields the same rows for the same scale. Scale 0 holds only the
//! reference data and the recorded records (sample queries then give the recorded answers:
//! 42 partners visible to the admin, 24 sale orders, …); every unit of scale adds about 65
//! partners, 60 sale orders, 50 journal entries and 40 CRM leads. Dates are relative to a
//! fixed "now" ([`ctx::NOW`]), never to the clock.
//!
//! Storage follows `crate::store`; only stored fields of `data/models/<model>.json` are
//! written (plus `res.groups`, which has no metadata: `{id, name, full_name}`). Both sides of
//! the many2many pairs are filled: `res.partner.category_id` / `res.partner.category.partner_ids`,
//! `res.users.company_ids` / `res.company.user_ids`, `sale.order.line.invoice_lines` /
//! `account.move.line.sale_line_ids`.

mod accounting;
pub(crate) mod activities;
mod core_partners;
mod crm;
mod ctx;
mod extras;
mod followers;
mod invoices;
mod names;
mod partners;
mod products;
mod reference;
mod rng;
mod sales;
mod users;

#[cfg(test)]
mod tests;

use serde_json::Value;

use crate::store::Database;

/// Builds the demo database at `scale` (0: recorded records only; 1: a few hundred records).
#[allow(dead_code)] // called by the wire layer's startup
pub(crate) fn generate(scale: u32) -> Database {
    let mut ctx = ctx::Ctx::new(scale);
    reference::generate(&mut ctx);
    users::generate(&mut ctx);
    partners::generate_tags(&mut ctx);
    core_partners::generate(&mut ctx);
    partners::generate(&mut ctx);
    partners::link_tags(&mut ctx);
    products::generate(&mut ctx);
    accounting::generate(&mut ctx);
    crm::generate_teams(&mut ctx);
    let orders = sales::generate(&mut ctx);
    invoices::generate(&mut ctx, &orders);
    crm::generate_leads(&mut ctx);
    extras::generate(&mut ctx);
    activities::generate(&mut ctx);
    followers::generate(&mut ctx);
    stamp(&mut ctx.db);
    ctx.db
}

/// Gives every row without them the install-time creation and update stamps.
fn stamp(db: &mut Database) {
    for (model, table) in &mut db.tables {
        // `res.groups` has no metadata; `mail.followers` has `_log_access = False`.
        if model == "res.groups" || model == "mail.followers" {
            continue;
        }
        for row in table.rows.values_mut() {
            for (key, value) in [
                ("create_date", Value::from(ctx::INSTALLED)),
                ("write_date", Value::from(ctx::INSTALLED)),
                ("create_uid", Value::from(1)),
                ("write_uid", Value::from(1)),
            ] {
                if row.get(key).is_none_or(Value::is_null) {
                    row.insert(key.to_owned(), value);
                }
            }
        }
    }
}
