//! The fixed security setup agreed with the engine: companies, groups and users (ids are part
//! of the contract — the engine's access rules key on them).

use serde_json::json;

use super::ctx::Ctx;

/// The main company (San Francisco).
pub(crate) const COMPANY_MAIN: i64 = 1;
/// The second company (Chicago).
pub(crate) const COMPANY_CHICAGO: i64 = 2;
/// Mitchell Admin.
pub(crate) const USER_ADMIN: i64 = 2;
/// Marc Demo, salesman.
pub(crate) const USER_DEMO: i64 = 5;
/// Joel Willis, salesman.
pub(crate) const USER_JOEL: i64 = 6;
/// The salespeople orders, leads and partners are assigned to.
pub(crate) const SALES_USERS: &[i64] = &[USER_ADMIN, USER_DEMO, USER_JOEL];

/// (id, name, full name) of `res.groups`.
const GROUPS: &[(i64, &str, &str)] = &[
    (1, "Internal User", "Internal User"),
    (2, "Settings", "Administration / Settings"),
    (3, "Access Rights", "Administration / Access Rights"),
    (
        4,
        "User: Own Documents Only",
        "Sales / User: Own Documents Only",
    ),
    (5, "Administrator", "Sales / Administrator"),
    (6, "Billing", "Invoicing / Billing"),
    (
        7,
        "Billing Administrator",
        "Invoicing / Billing Administrator",
    ),
    (8, "Portal", "Portal"),
    (9, "Public", "Public"),
    (10, "Contact Creation", "Contact Creation"),
    (11, "Technical Features", "Technical Features"),
    (12, "User", "Inventory / User"),
    (13, "Administrator", "Inventory / Administrator"),
];

/// (id, login, partner, active, company, companies, groups, share).
type UserSpec = (
    i64,
    &'static str,
    i64,
    bool,
    i64,
    &'static [i64],
    &'static [i64],
    bool,
);

const USERS: &[UserSpec] = &[
    (1, "__system__", 2, false, 1, &[1, 2], &[1, 2, 3], false),
    (
        USER_ADMIN,
        "admin",
        3,
        true,
        1,
        &[1, 2],
        &[1, 2, 3, 5, 7, 10, 11, 13],
        false,
    ),
    (3, "default", 5, false, 1, &[1], &[1], false),
    (4, "public", 4, false, 1, &[1], &[9], true),
    (USER_DEMO, "demo", 6, true, 1, &[1], &[1, 4, 10, 12], false),
    (
        USER_JOEL,
        "joel",
        41,
        true,
        1,
        &[1, 2],
        &[1, 4, 10, 12],
        false,
    ),
    (7, "reader", 42, true, 1, &[1], &[1], false),
];

/// Inserts `res.groups`, `res.company` and `res.users` (their partners live in `core_partners`).
pub(crate) fn generate(ctx: &mut Ctx) {
    for &(id, name, full_name) in GROUPS {
        ctx.insert(
            "res.groups",
            json!({"id": id, "name": name, "full_name": full_name}),
        );
    }
    let companies = [
        (
            COMPANY_MAIN,
            "My Company (San Francisco)",
            1,
            0,
            "info@yourcompany.com",
            "+1 555-555-5556",
            vec![1, 2, 3, 4, 5, 6, 7],
        ),
        (
            COMPANY_CHICAGO,
            "My Company (Chicago)",
            7,
            10,
            "chicago@yourcompany.com",
            "+1 312-555-0134",
            vec![1, 2, 6],
        ),
    ];
    for (id, name, partner, sequence, email, phone, users) in companies {
        ctx.insert(
            "res.company",
            json!({"id": id, "name": name, "partner_id": partner, "currency_id": 1, "sequence": sequence,
                   "email": email, "phone": phone, "active": true, "parent_id": null, "parent_path": format!("{id}/"),
                   "account_fiscal_country_id": ctx.country("US"), "account_price_include": "tax_excluded",
                   "cost_method": "standard", "fiscalyear_last_day": 31, "fiscalyear_last_month": "12",
                   "horizon_days": 365.0, "inventory_period": "manual", "layout_background": "Blank",
                   "security_lead": 0.0, "quotation_validity_days": 30, "chart_template": "generic_coa",
                   "tax_calculation_rounding_method": "round_per_line", "user_ids": users,
                   "portal_confirmation_sign": true, "portal_confirmation_pay": false,
                   "primary_color": "#000000", "secondary_color": "#875A7B"}),
        );
    }
    for &(id, login, partner, active, company, companies, groups, share) in USERS {
        let signature = format!("<div>{}</div>", user_display(login));
        ctx.insert(
            "res.users",
            json!({"id": id, "login": login, "partner_id": partner, "active": active, "company_id": company,
                   "company_ids": companies, "group_ids": groups, "share": share, "notification_type": "email",
                   "signature": signature, "tour_enabled": false,
                   "sale_team_id": if groups.contains(&4) || groups.contains(&5) { Some(1) } else { None }}),
        );
    }
}

/// The display name of a user of [`USERS`] (their partner's name).
fn user_display(login: &str) -> &'static str {
    match login {
        "__system__" => "OdooBot",
        "admin" => "Mitchell Admin",
        "default" => "Default User Template",
        "public" => "Public user",
        "demo" => "Marc Demo",
        "joel" => "Joel Willis",
        _ => "Reader User",
    }
}
