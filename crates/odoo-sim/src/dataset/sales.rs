//! Sale orders and their lines: the 24 recorded orders (same ids, names, customers and
//! totals as the recording) followed by `60 × scale − 24` generated ones, older than them.

use chrono::{Duration, NaiveDateTime};
use serde_json::{Value, json};

use super::accounting::TAX_PERCENT;
use super::crm::{TEAM_SALES, TEAM_WEBSITE};
use super::ctx::{Ctx, Customer, Product, fmt_date, fmt_datetime, money, percent_of};
use super::users::{COMPANY_CHICAGO, SALES_USERS, USER_ADMIN, USER_DEMO, USER_JOEL};

/// One order line, as the invoice generator needs it.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub(crate) id: i64,
    pub(crate) product: Product,
    pub(crate) qty: i64,
    pub(crate) discount: i64,
    pub(crate) subtotal: i64,
    pub(crate) tax: i64,
    pub(crate) tax_id: Option<i64>,
}

/// One order, as the invoice generator needs it.
#[derive(Debug, Clone)]
pub(crate) struct Order {
    pub(crate) name: String,
    pub(crate) customer: Customer,
    pub(crate) company: i64,
    pub(crate) user: i64,
    pub(crate) team: i64,
    pub(crate) date: NaiveDateTime,
    pub(crate) state: &'static str,
    pub(crate) payment_term: i64,
    pub(crate) lines: Vec<Line>,
    /// Whether the order has been fully invoiced (its invoice exists).
    pub(crate) invoiced: bool,
}

/// (id, customer, state, date_order, salesperson, lines as (product id, quantity)).
type CoreOrder = (
    i64,
    i64,
    &'static str,
    &'static str,
    i64,
    &'static [(i64, i64)],
);

/// The recorded orders: draft 4 (5 470.00), sent 1 (1 740.00), sale 19 (27 660.50), untaxed.
const CORE_ORDERS: &[CoreOrder] = &[
    (
        1,
        15,
        "sale",
        "2026-10-26 09:12:40",
        USER_ADMIN,
        &[(4, 1), (1, 4)],
    ),
    (
        2,
        13,
        "sale",
        "2026-10-27 10:03:11",
        USER_JOEL,
        &[(7, 2), (11, 1)],
    ),
    (
        3,
        8,
        "sale",
        "2026-10-28 11:45:02",
        USER_DEMO,
        &[(5, 1), (13, 5), (28, 3)],
    ),
    (
        4,
        11,
        "sale",
        "2026-10-29 14:20:37",
        USER_DEMO,
        &[(12, 12), (6, 2), (21, 4)],
    ),
    (
        5,
        9,
        "draft",
        "2026-10-30 09:31:05",
        USER_ADMIN,
        &[(5, 2), (1, 4)],
    ),
    (
        6,
        14,
        "sale",
        "2026-10-31 15:02:48",
        USER_ADMIN,
        &[(16, 2), (3, 1)],
    ),
    (
        7,
        15,
        "sale",
        "2026-11-01 10:44:19",
        USER_ADMIN,
        &[(15, 1), (2, 3)],
    ),
    (
        8,
        49,
        "draft",
        "2026-11-02 16:10:55",
        USER_ADMIN,
        &[(9, 1), (13, 2), (2, 1)],
    ),
    (
        9,
        16,
        "sale",
        "2026-11-03 08:57:23",
        USER_JOEL,
        &[(29, 5), (31, 1)],
    ),
    (
        10,
        9,
        "sale",
        "2026-11-04 13:36:09",
        USER_ADMIN,
        &[(19, 1), (24, 4)],
    ),
    (
        11,
        8,
        "sale",
        "2026-11-05 11:18:44",
        USER_DEMO,
        &[(25, 1), (33, 2)],
    ),
    (
        12,
        11,
        "sale",
        "2026-11-06 09:49:30",
        USER_DEMO,
        &[(18, 1), (7, 1)],
    ),
    (
        13,
        13,
        "sale",
        "2026-11-07 14:05:16",
        USER_JOEL,
        &[(32, 1), (26, 4)],
    ),
    (
        14,
        15,
        "sale",
        "2026-11-08 10:27:52",
        USER_ADMIN,
        &[(14, 1)],
    ),
    (
        15,
        14,
        "sale",
        "2026-11-09 15:33:28",
        USER_ADMIN,
        &[(6, 3), (11, 2), (13, 1)],
    ),
    (
        16,
        10,
        "sale",
        "2026-11-22 14:48:24",
        USER_DEMO,
        &[(19, 1), (13, 3)],
    ),
    (
        17,
        9,
        "sale",
        "2026-11-10 09:14:07",
        USER_ADMIN,
        &[(18, 1), (1, 4)],
    ),
    (18, 52, "draft", "2026-11-11 11:52:33", USER_JOEL, &[(3, 2)]),
    (
        19,
        8,
        "sent",
        "2026-11-12 16:25:41",
        USER_DEMO,
        &[(5, 2), (28, 3), (29, 1), (30, 1)],
    ),
    (
        20,
        48,
        "draft",
        "2026-11-13 10:08:14",
        USER_ADMIN,
        &[(5, 1), (7, 1)],
    ),
    (
        21,
        10,
        "sale",
        "2026-11-22 14:49:34",
        USER_DEMO,
        &[(14, 1), (28, 5)],
    ),
    (22, 10, "sale", "2026-11-22 14:49:34", USER_DEMO, &[(16, 5)]),
    (
        23,
        11,
        "sale",
        "2026-11-22 14:49:34",
        USER_DEMO,
        &[(12, 12), (1, 8), (30, 1)],
    ),
    (
        24,
        9,
        "sale",
        "2026-11-22 14:49:34",
        USER_ADMIN,
        &[(17, 50), (8, 10)],
    ),
];

fn parse(at: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(at, "%Y-%m-%d %H:%M:%S").unwrap_or_default()
}

/// Inserts every order and line; returns them for invoicing.
pub(crate) fn generate(ctx: &mut Ctx) -> Vec<Order> {
    let mut orders = Vec::new();
    for &(id, partner, state, date, user, lines) in CORE_ORDERS {
        let customer = ctx
            .pools
            .customers
            .iter()
            .find(|c| c.id == partner)
            .cloned()
            .unwrap_or(Customer {
                id: partner,
                company: None,
                invoice: partner,
                delivery: partner,
                name: String::new(),
            });
        let lines: Vec<(Product, i64, i64)> = lines
            .iter()
            .filter_map(|&(product, qty)| {
                ctx.pools
                    .products
                    .iter()
                    .find(|p| p.id == product)
                    .map(|p| (p.clone(), qty, 0))
            })
            .collect();
        let invoiced = state == "sale" && (id % 3 != 0);
        let order = Spec {
            id: Some(id),
            customer,
            company: 1,
            user,
            team: TEAM_SALES,
            date: parse(date),
            state,
            taxed: false,
            invoiced,
            lines,
        };
        orders.push(insert_order(ctx, order));
    }
    let extra = ctx.scaled(60).saturating_sub(CORE_ORDERS.len());
    for _ in 0..extra {
        if let Some(spec) = random_order(ctx) {
            orders.push(insert_order(ctx, spec));
        }
    }
    orders
}

/// An order before insertion.
struct Spec {
    id: Option<i64>,
    customer: Customer,
    company: i64,
    user: i64,
    team: i64,
    date: NaiveDateTime,
    state: &'static str,
    taxed: bool,
    invoiced: bool,
    /// (product, quantity, discount %).
    lines: Vec<(Product, i64, i64)>,
}

fn random_order(ctx: &mut Ctx) -> Option<Spec> {
    let index = ctx.rng.index(ctx.pools.customers.len());
    let customer = ctx.pools.customers.get(index)?.clone();
    let company = customer.company.unwrap_or(if ctx.rng.chance(10) {
        COMPANY_CHICAGO
    } else {
        1
    });
    let state = ctx
        .rng
        .weighted(&[("sale", 60), ("draft", 14), ("sent", 10), ("cancel", 16)])?;
    let sellable = ctx
        .pools
        .products
        .iter()
        .filter(|p| p.sale_ok && p.price_cents > 0)
        .count();
    let mut lines = Vec::new();
    for _ in 0..ctx.rng.range(1, 5) {
        let pick = ctx.rng.index(sellable);
        let product = ctx
            .pools
            .products
            .iter()
            .filter(|p| p.sale_ok && p.price_cents > 0)
            .nth(pick)?
            .clone();
        let qty = if product.price_cents < 2000 {
            ctx.rng.range(5, 60)
        } else {
            ctx.rng.range(1, 8)
        };
        let discount = ctx
            .rng
            .weighted(&[(0, 80), (5, 8), (10, 7), (15, 3), (20, 2)])
            .unwrap_or(0);
        lines.push((product, qty, discount));
    }
    Some(Spec {
        id: None,
        user: ctx.rng.pick(SALES_USERS).copied().unwrap_or(USER_ADMIN),
        team: if ctx.rng.chance(75) {
            TEAM_SALES
        } else {
            TEAM_WEBSITE
        },
        date: ctx.past_datetime(28, 545),
        taxed: true,
        invoiced: state == "sale" && ctx.rng.chance(80),
        customer,
        company,
        state,
        lines,
    })
}

fn insert_order(ctx: &mut Ctx, spec: Spec) -> Order {
    let books = ctx.books(spec.company);
    let tax_id = spec.taxed.then_some(books.sale_tax);
    let payment_term = if ctx.rng.chance(50) {
        1
    } else {
        ctx.rng.range(2, 6)
    };
    let confirmed = spec.state == "sale";
    let reference = ctx
        .rng
        .chance(25)
        .then(|| format!("PO-{}", ctx.rng.range(1000, 9999)));
    let id = ctx.insert(
        "sale.order",
        json!({
            "id": spec.id, "partner_id": spec.customer.id, "partner_invoice_id": spec.customer.invoice,
            "partner_shipping_id": spec.customer.delivery, "state": spec.state,
            "date_order": fmt_datetime(spec.date), "validity_date": fmt_date((spec.date + Duration::days(30)).date()),
            "user_id": spec.user, "team_id": spec.team, "company_id": spec.company, "currency_id": 1,
            "currency_rate": 1.0, "payment_term_id": payment_term, "picking_policy": "direct",
            "warehouse_id": spec.company, "require_signature": true, "require_payment": false,
            "prepayment_percent": 1.0, "locked": false, "client_order_ref": reference,
            "create_date": fmt_datetime(spec.date), "write_date": fmt_datetime(spec.date),
            "create_uid": spec.user, "write_uid": spec.user,
        }),
    );
    let name = format!("S{id:05}");
    let mut lines = Vec::new();
    let (mut untaxed, mut taxes) = (0, 0);
    let mut any_to_invoice = false;
    let mut delivered_qty = std::collections::BTreeMap::new();
    for (index, (product, qty, discount)) in spec.lines.into_iter().enumerate() {
        let gross = product.price_cents * qty;
        let subtotal = gross - percent_of(gross, discount);
        let tax = if tax_id.is_some() {
            percent_of(subtotal, TAX_PERCENT)
        } else {
            0
        };
        untaxed += subtotal;
        taxes += tax;
        let delivered = if confirmed && (spec.invoiced || product.service || ctx.rng.chance(50)) {
            qty
        } else {
            0
        };
        let invoiced_qty = if spec.invoiced { qty } else { 0 };
        let to_invoice = if confirmed {
            (if product.service { qty } else { delivered }) - invoiced_qty
        } else {
            0
        };
        any_to_invoice |= to_invoice > 0;
        let status = if !confirmed {
            "no"
        } else if spec.invoiced {
            "invoiced"
        } else if to_invoice > 0 {
            "to invoice"
        } else {
            "no"
        };
        let unit_net = if qty == 0 { 0 } else { subtotal / qty };
        let line_id = ctx.insert(
            "sale.order.line",
            json!({
                "order_id": id, "sequence": 10 * (index + 1), "name": product.line_name(), "product_id": product.id,
                "product_uom_qty": qty as f64, "product_uom_id": product.uom, "price_unit": money(product.price_cents),
                "discount": discount as f64, "tax_ids": tax_id.into_iter().collect::<Vec<_>>(),
                "price_subtotal": money(subtotal), "price_tax": money(tax), "price_total": money(subtotal + tax),
                "price_reduce_taxexcl": money(unit_net), "price_reduce_taxinc": money(unit_net + percent_of(unit_net, if tax_id.is_some() { TAX_PERCENT } else { 0 })),
                "state": spec.state, "company_id": spec.company, "currency_id": 1, "order_partner_id": spec.customer.id,
                "salesman_id": spec.user, "customer_lead": 0.0, "qty_delivered": delivered as f64,
                "qty_delivered_method": if product.service { "manual" } else { "stock_move" },
                "qty_invoiced": invoiced_qty as f64, "qty_to_invoice": to_invoice as f64, "invoice_status": status,
                "untaxed_amount_invoiced": money(if spec.invoiced { subtotal } else { 0 }),
                "untaxed_amount_to_invoice": money(if spec.invoiced || !confirmed { 0 } else { subtotal }),
                "is_downpayment": false, "is_expense": false, "is_optional": false, "display_type": null,
                "warehouse_id": spec.company, "invoice_lines": [],
                "create_date": fmt_datetime(spec.date), "write_date": fmt_datetime(spec.date),
            }),
        );
        delivered_qty.insert(line_id, delivered);
        lines.push(Line {
            id: line_id,
            product,
            qty,
            discount,
            subtotal,
            tax,
            tax_id,
        });
    }
    let status = if !confirmed {
        "no"
    } else if spec.invoiced {
        "invoiced"
    } else if any_to_invoice {
        "to invoice"
    } else {
        "no"
    };
    let goods: Vec<&Line> = lines.iter().filter(|l| !l.product.service).collect();
    let delivered = goods
        .iter()
        .filter(|l| delivered_qty.get(&l.id).copied().unwrap_or(0) >= l.qty)
        .count();
    let delivery = match (confirmed, goods.len(), delivered) {
        (false, _, _) | (_, 0, _) => Value::Null,
        (true, total, done) if done == total => Value::from("full"),
        (true, _, 0) => Value::from("pending"),
        _ => Value::from("partial"),
    };
    if let Some(row) = ctx.db.table_mut("sale.order").rows.get_mut(&id) {
        for (key, value) in [
            ("name", Value::from(name.clone())),
            ("amount_untaxed", money(untaxed)),
            ("amount_tax", money(taxes)),
            ("amount_total", money(untaxed + taxes)),
            ("invoice_status", Value::from(status)),
            ("delivery_status", delivery),
        ] {
            row.insert(key.to_owned(), value);
        }
    }
    Order {
        name,
        customer: spec.customer,
        company: spec.company,
        user: spec.user,
        team: spec.team,
        date: spec.date,
        state: spec.state,
        payment_term,
        lines,
        invoiced: spec.invoiced,
    }
}
