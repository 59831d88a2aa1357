//! Partner tags and the generated partners around the recorded ones: companies with their
//! contacts (invoice and delivery addresses among them) and private individuals.

use serde_json::{Value, json};

use super::ctx::{Ctx, Customer};
use super::names::{
    COMPANY_HEADS, COMPANY_TAILS, FIRST_NAMES, FUNCTIONS, LAST_NAMES, REGIONS, Region,
    company_suffix,
};
use super::users::{COMPANY_CHICAGO, COMPANY_MAIN, SALES_USERS};

/// (id, name, parent, color, active): "Services" > "Consulting" > "IT Services" is three deep.
const TAGS: &[(i64, &str, Option<i64>, i64, bool)] = &[
    (1, "Services", None, 7, true),
    (2, "Consulting", Some(1), 5, true),
    (3, "Training", Some(1), 4, true),
    (4, "Vendor", None, 2, true),
    (5, "Prospect", None, 3, true),
    (6, "Office Supplies", None, 8, true),
    (7, "Desk Manufacturers", None, 10, true),
    (8, "Partner", None, 1, true),
    (9, "Gold", Some(8), 2, true),
    (10, "Silver", Some(8), 3, true),
    (11, "Bronze", Some(8), 4, true),
    (12, "Employee", None, 4, true),
    (13, "Retired", None, 0, false),
    (14, "IT Services", Some(2), 5, true),
];

/// Tags generated partners may carry.
const PICKABLE_TAGS: &[i64] = &[1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 14];

/// Inserts the partner tags, with `parent_path` and `partner_ids` consistent with the partners.
pub(crate) fn generate_tags(ctx: &mut Ctx) {
    for &(id, name, parent, color, active) in TAGS {
        ctx.insert(
            "res.partner.category",
            json!({"id": id, "name": name, "parent_id": parent, "color": color, "active": active,
                   "parent_path": tag_path(id), "partner_ids": []}),
        );
    }
}

fn tag_path(id: i64) -> String {
    let mut chain = vec![id];
    let mut current = id;
    while let Some(parent) = TAGS.iter().find(|t| t.0 == current).and_then(|t| t.2) {
        chain.push(parent);
        current = parent;
    }
    chain.iter().rev().map(|i| format!("{i}/")).collect()
}

/// Fills each tag's `partner_ids` (the other side of `res.partner.category_id`).
pub(crate) fn link_tags(ctx: &mut Ctx) {
    let mut links: Vec<(i64, i64)> = Vec::new();
    if let Some(table) = ctx.db.table("res.partner") {
        for (id, partner) in &table.rows {
            for tag in partner
                .get("category_id")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(tag) = tag.as_i64() {
                    links.push((tag, *id));
                }
            }
        }
    }
    let tags = ctx.db.table_mut("res.partner.category");
    for (tag, partner) in links {
        if let Some(Value::Array(ids)) = tags
            .rows
            .get_mut(&tag)
            .and_then(|row| row.get_mut("partner_ids"))
        {
            ids.push(Value::from(partner));
        }
    }
}

/// ASCII-folds a name into an email/URL-friendly slug.
pub(crate) fn slug(name: &str, sep: char) -> String {
    let mut out = String::new();
    for ch in name.chars() {
        let folded = match ch {
            'é' | 'è' | 'ê' | 'É' => 'e',
            'ü' | 'ú' => 'u',
            'ö' | 'ó' => 'o',
            'ä' | 'á' | 'à' => 'a',
            'ç' => 'c',
            'ß' => 's',
            other => other,
        };
        if folded.is_ascii_alphanumeric() {
            out.push(folded.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with(sep) && (folded == ' ' || folded == '-') {
            out.push(sep);
        }
    }
    out.trim_end_matches(sep).to_owned()
}

/// An address drawn from a region.
struct Address {
    region: &'static Region,
    street: String,
    city: &'static str,
    zip: &'static str,
    state: Option<&'static str>,
}

fn address(ctx: &mut Ctx) -> Option<Address> {
    let weights: Vec<(usize, u64)> = REGIONS
        .iter()
        .enumerate()
        .map(|(i, r)| (i, r.weight))
        .collect();
    let region = REGIONS.get(ctx.rng.weighted(&weights)?)?;
    let city_index = ctx.rng.index(region.cities.len());
    let (city, zip) = *region.cities.get(city_index)?;
    let state = region
        .states
        .get(city_index % region.states.len().max(1))
        .copied();
    let street = format!(
        "{} {}",
        ctx.rng.range(1, 999),
        ctx.rng
            .pick(region.streets)
            .copied()
            .unwrap_or("Main Street")
    );
    Some(Address {
        region,
        street,
        city,
        zip,
        state,
    })
}

fn phone_number(ctx: &mut Ctx, region: Option<&Region>) -> String {
    let prefix = region.map_or("+1", |r| r.phone);
    format!(
        "{prefix} {:03} {:03} {:04}",
        ctx.rng.range(200, 989),
        ctx.rng.range(100, 999),
        ctx.rng.range(0, 9999)
    )
}

fn person_name(ctx: &mut Ctx) -> String {
    let first = ctx.rng.pick(FIRST_NAMES).copied().unwrap_or("Paul");
    let last = ctx.rng.pick(LAST_NAMES).copied().unwrap_or("Martin");
    format!("{first} {last}")
}

fn tags(ctx: &mut Ctx) -> Vec<i64> {
    let count = ctx
        .rng
        .weighted(&[(0usize, 50), (1, 35), (2, 15)])
        .unwrap_or(0);
    let mut picked: Vec<i64> = Vec::new();
    for _ in 0..count {
        if let Some(tag) = ctx
            .rng
            .pick(PICKABLE_TAGS)
            .copied()
            .filter(|t| !picked.contains(t))
        {
            picked.push(tag);
        }
    }
    picked
}

fn company_of(ctx: &mut Ctx) -> Option<i64> {
    ctx.rng
        .weighted(&[
            (None, 80),
            (Some(COMPANY_MAIN), 10),
            (Some(COMPANY_CHICAGO), 10),
        ])
        .flatten()
}

fn maybe<T>(ctx: &mut Ctx, percent: u64, value: T) -> Option<T> {
    ctx.rng.chance(percent).then_some(value)
}

/// Inserts `10 × scale` companies with 1–4 contacts each and `30 × scale` individuals.
pub(crate) fn generate(ctx: &mut Ctx) {
    let combos = COMPANY_HEADS.len() * COMPANY_TAILS.len();
    for i in 0..ctx.scaled(10) {
        let k = (i * 7 + 3) % combos;
        let head = COMPANY_HEADS
            .get(k % COMPANY_HEADS.len())
            .copied()
            .unwrap_or("Global");
        let tail = COMPANY_TAILS
            .get(k / COMPANY_HEADS.len())
            .copied()
            .unwrap_or("Works");
        generate_company(ctx, head, tail, i / combos);
    }
    for _ in 0..ctx.scaled(30) {
        generate_individual(ctx);
    }
}

fn generate_company(ctx: &mut Ctx, head: &str, tail: &str, round: usize) {
    let addr = if ctx.rng.chance(95) {
        address(ctx)
    } else {
        None
    };
    let country = addr.as_ref().map_or("", |a| a.region.country);
    let mut name = format!("{head} {tail}{}", company_suffix(country));
    if round > 0 {
        name = format!("{name} {}", round + 1);
    }
    let domain = format!("{}.example.com", slug(&format!("{head} {tail}"), '-'));
    let company_id = company_of(ctx);
    let active = ctx.rng.chance(95);
    let customer_rank = if ctx.rng.chance(85) {
        ctx.rng.range(1, 6)
    } else {
        0
    };
    let supplier_rank = if ctx.rng.chance(25) {
        ctx.rng.range(1, 3)
    } else {
        0
    };
    let email = maybe(ctx, 90, format!("info@{domain}"));
    let phone = if ctx.rng.chance(85) {
        Some(phone_number(ctx, addr.as_ref().map(|a| a.region)))
    } else {
        None
    };
    let vat = if ctx.rng.chance(40) && !country.is_empty() {
        Some(format!("{country}{:09}", ctx.rng.below(1_000_000_000)))
    } else {
        None
    };
    let website = maybe(ctx, 60, format!("https://www.{domain}"));
    let comment = maybe(
        ctx,
        20,
        "<p>Key account: prefers quotes by email, pays on time.</p>",
    );
    let term = if ctx.rng.chance(30) {
        Some(ctx.rng.range(1, 6))
    } else {
        None
    };
    let tags = tags(ctx);
    let salesperson = if ctx.rng.chance(60) {
        ctx.rng.pick(SALES_USERS).copied()
    } else {
        None
    };
    let base = ctx.db.table("res.partner").map_or(0, |t| t.rows.len());
    let reference = maybe(ctx, 50, format!("C{:05}", base + 1));
    let row = partner_row(ctx, &name, addr.as_ref(), company_id);
    let id = ctx.insert("res.partner", row);
    let extra = json!({
        "is_company": true, "active": active, "email": email, "email_normalized": email, "phone": phone,
        "vat": vat, "website": website, "comment": comment, "ref": reference, "customer_rank": customer_rank,
        "supplier_rank": supplier_rank, "category_id": tags, "user_id": salesperson,
        "property_payment_term_id": term, "commercial_partner_id": id, "commercial_company_name": name,
    });
    merge(ctx, id, extra);

    let mut invoice = id;
    let mut delivery = id;
    for n in 0..ctx.rng.range(1, 4) {
        let kind = if n == 0 {
            "contact"
        } else {
            ctx.rng
                .weighted(&[
                    ("contact", 60),
                    ("invoice", 20),
                    ("delivery", 15),
                    ("other", 5),
                ])
                .unwrap_or("contact")
        };
        let person = person_name(ctx);
        let contact_active = active && ctx.rng.chance(95);
        let email = maybe(ctx, 85, format!("{}@{domain}", slug(&person, '.')));
        let phone = if ctx.rng.chance(50) {
            Some(phone_number(ctx, addr.as_ref().map(|a| a.region)))
        } else {
            None
        };
        let function = ctx.rng.pick(FUNCTIONS).copied();
        let mut row = partner_row(ctx, &person, addr.as_ref(), company_id);
        if let Value::Object(map) = &mut row {
            for (key, value) in [
                ("parent_id", Value::from(id)),
                ("complete_name", Value::from(format!("{name}, {person}"))),
                ("type", Value::from(kind)),
                ("active", Value::from(contact_active)),
                ("email", email.clone().map_or(Value::Null, Value::from)),
                ("email_normalized", email.map_or(Value::Null, Value::from)),
                ("phone", phone.map_or(Value::Null, Value::from)),
                ("function", function.map_or(Value::Null, Value::from)),
                ("commercial_partner_id", Value::from(id)),
                ("commercial_company_name", Value::from(name.clone())),
                ("customer_rank", Value::from(customer_rank.min(1))),
                ("user_id", salesperson.map_or(Value::Null, Value::from)),
            ] {
                map.insert(key.to_owned(), value);
            }
        }
        let contact = ctx.insert("res.partner", row);
        if contact_active && kind == "invoice" && invoice == id {
            invoice = contact;
        }
        if contact_active && kind == "delivery" && delivery == id {
            delivery = contact;
        }
    }
    let customer = Customer {
        id,
        company: company_id,
        invoice,
        delivery,
        name,
    };
    if active && supplier_rank > 0 {
        ctx.pools.vendors.push(customer.clone());
    }
    if active && customer_rank > 0 {
        ctx.pools.customers.push(customer);
    }
}

fn generate_individual(ctx: &mut Ctx) {
    let addr = if ctx.rng.chance(95) {
        address(ctx)
    } else {
        None
    };
    let name = person_name(ctx);
    let company_id = company_of(ctx);
    let active = ctx.rng.chance(92);
    let customer_rank = if ctx.rng.chance(70) { 1 } else { 0 };
    let number = ctx.rng.range(10, 99);
    let email = maybe(ctx, 85, format!("{}{number}@example.com", slug(&name, '.')));
    let phone = if ctx.rng.chance(80) {
        Some(phone_number(ctx, addr.as_ref().map(|a| a.region)))
    } else {
        None
    };
    let tags = tags(ctx);
    let mut row = partner_row(ctx, &name, addr.as_ref(), company_id);
    if let Value::Object(map) = &mut row {
        for (key, value) in [
            ("active", Value::from(active)),
            ("email", email.clone().map_or(Value::Null, Value::from)),
            ("email_normalized", email.map_or(Value::Null, Value::from)),
            ("phone", phone.map_or(Value::Null, Value::from)),
            ("customer_rank", Value::from(customer_rank)),
            ("category_id", Value::from(tags)),
        ] {
            map.insert(key.to_owned(), value);
        }
    }
    let id = ctx.insert("res.partner", row);
    merge(ctx, id, json!({"commercial_partner_id": id}));
    if active && customer_rank > 0 {
        ctx.pools.customers.push(Customer {
            id,
            company: company_id,
            invoice: id,
            delivery: id,
            name,
        });
    }
}

/// The fields every generated partner has; callers add or override the rest.
fn partner_row(
    ctx: &mut Ctx,
    name: &str,
    addr: Option<&Address>,
    company_id: Option<i64>,
) -> Value {
    let country = addr.map_or(Value::Null, |a| ctx.country(a.region.country));
    let state = addr
        .and_then(|a| a.state.map(|s| ctx.state(a.region.country, s)))
        .unwrap_or(Value::Null);
    json!({
        "name": name, "complete_name": name, "parent_id": null, "is_company": false, "type": "contact", "active": true,
        "street": addr.map(|a| a.street.clone()), "city": addr.map(|a| a.city), "zip": addr.map(|a| a.zip),
        "state_id": state, "country_id": country, "company_id": company_id, "lang": "en_US",
        "tz": addr.map_or("Europe/Brussels", |a| a.region.tz), "customer_rank": 0, "supplier_rank": 0,
        "category_id": [], "partner_share": true, "employee": false, "autopost_bills": "ask", "color": 0,
    })
}

fn merge(ctx: &mut Ctx, id: i64, extra: Value) {
    if let (Some(row), Value::Object(extra)) =
        (ctx.db.table_mut("res.partner").rows.get_mut(&id), extra)
    {
        row.extend(extra);
    }
}
