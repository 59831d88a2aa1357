//! Demo followers, as Odoo's auto-subscription leaves them: each lead and sale order is
//! followed by its salesperson's partner, a confirmed order also by its customer, and the
//! two demo partners with activities by the administrator. Internal users follow with the
//! default subtypes (Discussions); customers too (the default subtypes are not internal).

use serde_json::{Value, json};

use super::ctx::Ctx;
use super::users::USER_ADMIN;

/// `mail.mt_comment`, the one default subtype of the demo data.
const SUBTYPE_COMMENT: i64 = 1;

/// Inserts the followers of the demo partners, leads and orders.
pub(crate) fn generate(ctx: &mut Ctx) {
    let partner_of = |ctx: &Ctx, uid: i64| {
        ctx.db
            .table("res.users")
            .and_then(|t| t.rows.get(&uid))
            .and_then(|r| r.get("partner_id").and_then(Value::as_i64))
    };
    let mut follows: Vec<(&str, i64, i64)> = Vec::new();
    if let Some(admin) = partner_of(ctx, USER_ADMIN) {
        for partner in [9, 15] {
            if ctx
                .db
                .table("res.partner")
                .is_some_and(|t| t.rows.contains_key(&partner))
            {
                follows.push(("res.partner", partner, admin));
            }
        }
    }
    for model in ["crm.lead", "sale.order"] {
        let rows: Vec<(i64, Option<i64>, Option<i64>, bool)> = ctx
            .db
            .table(model)
            .map(|t| {
                t.rows
                    .iter()
                    .map(|(id, r)| {
                        (
                            *id,
                            r.get("user_id").and_then(Value::as_i64),
                            r.get("partner_id").and_then(Value::as_i64),
                            r.get("state").and_then(Value::as_str) == Some("sale"),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        for (id, user, customer, confirmed) in rows {
            if let Some(p) = user.and_then(|u| partner_of(ctx, u)) {
                follows.push((model, id, p));
            }
            if model == "sale.order"
                && confirmed
                && let Some(c) = customer
                && !follows.contains(&(model, id, c))
            {
                follows.push((model, id, c));
            }
        }
    }
    for (model, res_id, partner) in follows {
        ctx.insert(
            "mail.followers",
            json!({"res_model": model, "res_id": res_id, "partner_id": partner,
                   "subtype_ids": [SUBTYPE_COMMENT]}),
        );
    }
}
