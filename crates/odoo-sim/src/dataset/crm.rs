//! The CRM: sales teams, pipeline stages, lost reasons and `40 × scale` leads and opportunities, some won,
//! some lost (archived, probability 0).

use chrono::Duration;
use serde_json::{Value, json};

use super::ctx::{Ctx, fmt_date, fmt_datetime, money, now, plus_days};
use super::names::{FIRST_NAMES, LAST_NAMES};
use super::partners::slug;
use super::users::{SALES_USERS, USER_ADMIN};

/// The "Sales" team.
pub(crate) const TEAM_SALES: i64 = 1;
/// The "Website" team.
pub(crate) const TEAM_WEBSITE: i64 = 2;

/// (id, name, sequence, probability, is won, folded).
const STAGES: &[(i64, &str, i64, i64, bool, bool)] = &[
    (1, "New", 1, 10, false, false),
    (2, "Qualified", 2, 30, false, false),
    (3, "Proposition", 3, 60, false, false),
    (4, "Won", 70, 100, true, false),
];

const SUBJECTS: &[&str] = &[
    "Office furniture for new branch",
    "Ergonomic chairs",
    "Meeting room design",
    "Open space refit",
    "Quote for 20 desks",
    "Interior design consulting",
    "Reception area makeover",
    "Storage solutions",
    "Annual maintenance contract",
    "Conference tables",
    "Home office kits",
    "Acoustic panels",
];

/// The CRM tags of Odoo's demo data (`crm.tag`, ids from 1).
const TAGS: &[&str] = &[
    "Product",
    "Software",
    "Services",
    "Information",
    "Design",
    "Training",
    "Consulting",
    "Other",
];

/// The lost reasons of Odoo's data (`crm.lost.reason`, ids from 1).
pub(crate) const LOST_REASONS: &[&str] = &[
    "Too expensive",
    "We don't have people/skills",
    "Not enough stock",
];

/// The tags of the `n`-th lead: one or two, spread over the tags without drawing from the
/// generator (so the rest of the data set does not change with them).
fn lead_tags(n: usize) -> Vec<usize> {
    let first = n % TAGS.len() + 1;
    if n.is_multiple_of(3) {
        vec![first, (n + 3) % TAGS.len() + 1]
    } else {
        vec![first]
    }
}

/// Inserts the two sales teams, the pipeline stages and the tags.
pub(crate) fn generate_teams(ctx: &mut Ctx) {
    for (id, name, leader, sequence, leads) in [
        (TEAM_SALES, "Sales", USER_ADMIN, 10, true),
        (TEAM_WEBSITE, "Website", 5, 20, false),
    ] {
        ctx.insert(
            "crm.team",
            json!({"id": id, "name": name, "user_id": leader, "sequence": sequence, "active": true, "company_id": null,
                   "use_leads": leads, "use_opportunities": true, "color": id, "invoiced_target": 25000.0 * id as f64,
                   "assignment_optout": false, "favorite_user_ids": [leader]}),
        );
    }
    for (i, name) in TAGS.iter().enumerate() {
        ctx.insert(
            "crm.tag",
            json!({"id": i + 1, "name": name, "color": (i % 11) + 1}),
        );
    }
    for (i, name) in LOST_REASONS.iter().enumerate() {
        ctx.insert(
            "crm.lost.reason",
            json!({"id": i + 1, "name": name, "active": true}),
        );
    }
    for &(id, name, sequence, _, won, fold) in STAGES {
        ctx.insert(
            "crm.stage",
            json!({"id": id, "name": name, "sequence": sequence, "is_won": won, "fold": fold, "team_ids": [],
                   "requirements": if won { Value::Null } else { Value::from(format!("Checklist for {name}")) },
                   "rotting_threshold_days": 0, "color": 0}),
        );
    }
}

/// Inserts `40 × scale` leads and opportunities.
pub(crate) fn generate_leads(ctx: &mut Ctx) {
    for n in 0..ctx.scaled(40) {
        let opportunity = ctx.rng.chance(70);
        let stage = if opportunity {
            ctx.rng
                .weighted(&[(1usize, 25), (2, 25), (3, 25), (4, 25)])
                .unwrap_or(1)
        } else {
            1
        };
        let &(stage_id, _, _, stage_probability, won, _) =
            STAGES.get(stage - 1).unwrap_or(&STAGES[0]);
        let lost = !won && ctx.rng.chance(15);
        let customer = if ctx.rng.chance(60) {
            ctx.pools
                .customers
                .get(ctx.rng.index(ctx.pools.customers.len()))
                .cloned()
        } else {
            None
        };
        let first = ctx.rng.pick(FIRST_NAMES).copied().unwrap_or("Paul");
        let last = ctx.rng.pick(LAST_NAMES).copied().unwrap_or("Martin");
        let contact = format!("{first} {last}");
        let email = ctx
            .rng
            .chance(85)
            .then(|| format!("{}@example.com", slug(&contact, '.')));
        let phone = ctx
            .rng
            .chance(60)
            .then(|| format!("+1 555 {:04}", ctx.rng.range(0, 9999)));
        let subject = ctx
            .rng
            .pick(SUBJECTS)
            .copied()
            .unwrap_or("Office furniture");
        let name = match &customer {
            Some(c) => format!("{}: {subject}", c.name),
            None => subject.to_owned(),
        };
        let revenue = ctx.rng.range(5, 400) * 10000;
        let probability = if lost { 0 } else { stage_probability };
        let created = ctx.past_datetime(1, 540);
        let deadline = ctx
            .rng
            .chance(70)
            .then(|| fmt_date(plus_days(created.date(), ctx.rng.range(14, 120))));
        let close_after = Duration::days(ctx.rng.range(5, 60));
        let closed = (won || lost).then(|| fmt_datetime((created + close_after).min(now())));
        let priority = ctx
            .rng
            .weighted(&[("0", 40), ("1", 30), ("2", 20), ("3", 10)])
            .unwrap_or("0");
        let user = ctx.rng.pick(SALES_USERS).copied();
        let team = if ctx.rng.chance(70) {
            TEAM_SALES
        } else {
            TEAM_WEBSITE
        };
        let description = ctx.rng.chance(40).then_some(
            "<p>Met at the trade fair; wants a quote before the end of the quarter.</p>",
        );
        ctx.insert(
            "crm.lead",
            json!({
                "name": name, "type": if opportunity { "opportunity" } else { "lead" }, "stage_id": stage_id,
                "active": !lost, "probability": probability as f64, "automated_probability": probability as f64,
                "expected_revenue": money(revenue), "prorated_revenue": money(revenue * probability / 100),
                "partner_id": customer.as_ref().map(|c| c.id), "partner_name": customer.as_ref().map(|c| c.name.clone()),
                "contact_name": contact, "email_from": email, "email_normalized": email, "phone": phone,
                "user_id": user, "team_id": team,
                "company_id": customer.as_ref().and_then(|c| c.company).unwrap_or(1), "priority": priority,
                "date_deadline": deadline, "date_closed": closed, "date_open": user.map(|_| fmt_datetime(created)),
                "date_last_stage_update": fmt_datetime(created),
                "won_status": if won { "won" } else if lost { "lost" } else { "pending" },
                "lost_reason_id": lost.then_some(n % LOST_REASONS.len() + 1),
                "description": description,
                "color": 0, "message_bounce": 0, "iap_enrich_done": false, "tag_ids": lead_tags(n),
                "create_date": fmt_datetime(created), "write_date": fmt_datetime(created),
            }),
        );
    }
}
