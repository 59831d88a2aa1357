//! Journal entries: customer invoices for invoiced orders (with a few cancelled ones), full
//! refunds of some of them, and vendor bills, each with balanced `account.move.line` rows.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::{Value, json};

use super::accounting::TAX_PERCENT;
use super::ctx::{Ctx, Customer, Product, fmt_date, money, now, percent_of, plus_days};
use super::sales::Order;
use super::users::USER_ADMIN;

/// One invoice line before insertion.
struct LineSpec {
    product: Product,
    qty: i64,
    price: i64,
    discount: i64,
    subtotal: i64,
    tax: i64,
    tax_id: Option<i64>,
    sale_line: Option<i64>,
}

/// One move before insertion.
struct MoveSpec {
    kind: &'static str,
    state: &'static str,
    payment_state: &'static str,
    partner: Customer,
    company: i64,
    journal: i64,
    date: NaiveDate,
    due: NaiveDate,
    origin: Option<String>,
    user: i64,
    team: Option<i64>,
    payment_term: i64,
    lines: Vec<LineSpec>,
    /// Index (in the spec list) of the invoice this one reverses.
    reverses: Option<usize>,
    vendor_ref: Option<String>,
    residual: i64,
    name: String,
}

impl MoveSpec {
    fn untaxed(&self) -> i64 {
        self.lines.iter().map(|l| l.subtotal).sum()
    }
    fn tax(&self) -> i64 {
        self.lines.iter().map(|l| l.tax).sum()
    }
    fn total(&self) -> i64 {
        self.untaxed() + self.tax()
    }
    /// +1 when the partner owes us (customer invoice, vendor refund), −1 otherwise.
    fn sign(&self) -> i64 {
        if matches!(self.kind, "out_invoice" | "in_refund") {
            1
        } else {
            -1
        }
    }
    fn prefix(&self) -> &'static str {
        match self.kind {
            "out_refund" => "RINV",
            "in_invoice" => "BILL",
            "in_refund" => "RBILL",
            _ => "INV",
        }
    }
}

fn today() -> NaiveDate {
    now().date()
}

fn term_days(ctx: &Ctx, term: i64) -> i64 {
    ctx.pools
        .payment_terms
        .iter()
        .find(|t| t.0 == term)
        .map_or(0, |t| t.1)
}

/// Inserts the moves and their lines, and links order lines to their invoice lines.
pub(crate) fn generate(ctx: &mut Ctx, orders: &[Order]) {
    let mut specs = Vec::new();
    for order in orders {
        let cancelled = order.state == "cancel" && ctx.rng.chance(20);
        if order.invoiced || cancelled {
            let state = if cancelled {
                "cancel"
            } else if ctx.rng.chance(10) {
                "draft"
            } else {
                "posted"
            };
            specs.push(from_order(ctx, order, state));
        }
    }
    add_refunds(ctx, &mut specs);
    for _ in 0..ctx.scaled(12) {
        if let Some(bill) = vendor_bill(ctx) {
            specs.push(bill);
        }
    }
    assign_names(&mut specs);
    let mut ids: Vec<i64> = Vec::with_capacity(specs.len());
    let mut sale_links: Vec<(i64, i64)> = Vec::new();
    for spec in &specs {
        let reversed = spec.reverses.and_then(|i| {
            ids.get(i)
                .copied()
                .map(|id| (id, specs.get(i).map_or(String::new(), |s| s.name.clone())))
        });
        let (id, links) = insert_move(ctx, spec, reversed);
        ids.push(id);
        sale_links.extend(links);
    }
    let table = ctx.db.table_mut("sale.order.line");
    for (sale_line, move_line) in sale_links {
        if let Some(Value::Array(links)) = table
            .rows
            .get_mut(&sale_line)
            .and_then(|row| row.get_mut("invoice_lines"))
        {
            links.push(Value::from(move_line));
        }
    }
}

fn payment_state(ctx: &mut Ctx, date: NaiveDate) -> &'static str {
    let recent = (today() - date).num_days() < 30;
    let weights: &[(&'static str, u64)] = if recent {
        &[
            ("not_paid", 60),
            ("paid", 20),
            ("in_payment", 10),
            ("partial", 10),
        ]
    } else {
        &[
            ("paid", 75),
            ("partial", 10),
            ("not_paid", 10),
            ("in_payment", 5),
        ]
    };
    ctx.rng.weighted(weights).unwrap_or("not_paid")
}

fn residual_for(ctx: &mut Ctx, state: &str, payment_state: &str, total: i64) -> i64 {
    match (state, payment_state) {
        ("posted", "paid" | "in_payment" | "reversed") => 0,
        ("posted", "partial") => percent_of(total, ctx.rng.range(30, 70)),
        _ => total,
    }
}

fn from_order(ctx: &mut Ctx, order: &Order, state: &'static str) -> MoveSpec {
    let date = plus_days(order.date.date(), ctx.rng.range(0, 5)).min(today());
    let due = plus_days(date, term_days(ctx, order.payment_term));
    let payment_state = if state == "posted" {
        payment_state(ctx, date)
    } else {
        "not_paid"
    };
    let lines: Vec<LineSpec> = order
        .lines
        .iter()
        .map(|l| LineSpec {
            product: l.product.clone(),
            qty: l.qty,
            price: l.product.price_cents,
            discount: l.discount,
            subtotal: l.subtotal,
            tax: l.tax,
            tax_id: l.tax_id,
            sale_line: Some(l.id),
        })
        .collect();
    let mut spec = MoveSpec {
        kind: "out_invoice",
        state,
        payment_state,
        partner: order.customer.clone(),
        company: order.company,
        journal: ctx.books(order.company).sale_journal,
        date,
        due,
        origin: Some(order.name.clone()),
        user: order.user,
        team: Some(order.team),
        payment_term: order.payment_term,
        lines,
        reverses: None,
        vendor_ref: None,
        residual: 0,
        name: String::new(),
    };
    spec.residual = residual_for(ctx, state, payment_state, spec.total());
    spec
}

/// Fully refunds `4 × scale` unpaid posted invoices: the invoice becomes "reversed".
fn add_refunds(ctx: &mut Ctx, specs: &mut Vec<MoveSpec>) {
    let candidates: Vec<usize> = specs
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            s.kind == "out_invoice"
                && s.state == "posted"
                && s.payment_state == "not_paid"
                && s.date < plus_days(today(), -10)
        })
        .map(|(i, _)| i)
        .collect();
    let wanted = ctx.scaled(4).min(candidates.len());
    let step = candidates.len().checked_div(wanted).unwrap_or(1);
    for index in candidates.into_iter().step_by(step.max(1)).take(wanted) {
        let Some(invoice) = specs.get_mut(index) else {
            continue;
        };
        invoice.payment_state = "reversed";
        invoice.residual = 0;
        let date = plus_days(invoice.date, 7).min(today());
        let lines = invoice
            .lines
            .iter()
            .map(|l| LineSpec {
                product: l.product.clone(),
                sale_line: None,
                ..*l
            })
            .collect();
        let refund = MoveSpec {
            kind: "out_refund",
            state: "posted",
            payment_state: "paid",
            partner: invoice.partner.clone(),
            company: invoice.company,
            journal: invoice.journal,
            date,
            due: date,
            origin: invoice.origin.clone(),
            user: invoice.user,
            team: invoice.team,
            payment_term: 1,
            lines,
            reverses: Some(index),
            vendor_ref: None,
            residual: 0,
            name: String::new(),
        };
        specs.push(refund);
    }
}

fn vendor_bill(ctx: &mut Ctx) -> Option<MoveSpec> {
    let vendor = ctx
        .pools
        .vendors
        .get(ctx.rng.index(ctx.pools.vendors.len()))?
        .clone();
    let company = vendor.company.unwrap_or(1);
    let books = ctx.books(company);
    let count = ctx
        .pools
        .products
        .iter()
        .filter(|p| p.purchase_ok && p.cost_cents > 0)
        .count();
    let mut lines = Vec::new();
    for _ in 0..ctx.rng.range(1, 3) {
        let pick = ctx.rng.index(count);
        let product = ctx
            .pools
            .products
            .iter()
            .filter(|p| p.purchase_ok && p.cost_cents > 0)
            .nth(pick)?
            .clone();
        let qty = ctx.rng.range(1, 20);
        let subtotal = product.cost_cents * qty;
        let tax = percent_of(subtotal, TAX_PERCENT);
        lines.push(LineSpec {
            price: product.cost_cents,
            product,
            qty,
            discount: 0,
            subtotal,
            tax,
            tax_id: Some(books.purchase_tax),
            sale_line: None,
        });
    }
    let date = ctx.past_datetime(1, 540).date();
    let term = ctx.rng.range(1, 6);
    let due = plus_days(date, term_days(ctx, term));
    let state = if ctx.rng.chance(85) {
        "posted"
    } else {
        "draft"
    };
    let payment_state = if state == "posted" {
        payment_state(ctx, date)
    } else {
        "not_paid"
    };
    let vendor_ref = Some(format!("INV-{}", ctx.rng.range(10000, 99999)));
    let mut spec = MoveSpec {
        kind: "in_invoice",
        state,
        payment_state,
        partner: vendor,
        company,
        journal: books.purchase_journal,
        date,
        due,
        origin: None,
        user: USER_ADMIN,
        team: None,
        payment_term: term,
        lines,
        reverses: None,
        vendor_ref,
        residual: 0,
        name: String::new(),
    };
    spec.residual = residual_for(ctx, state, payment_state, spec.total());
    Some(spec)
}

/// Numbers posted and cancelled moves per journal and year, in date order; drafts get "/".
fn assign_names(specs: &mut [MoveSpec]) {
    let mut order: Vec<usize> = (0..specs.len()).collect();
    order.sort_by_key(|&i| specs.get(i).map(|s| (s.date, i)));
    let mut counters: BTreeMap<(&'static str, i64, String), i64> = BTreeMap::new();
    for index in order {
        let Some(spec) = specs.get_mut(index) else {
            continue;
        };
        if spec.state == "draft" {
            spec.name = "/".to_owned();
            continue;
        }
        let year = spec.date.format("%Y").to_string();
        let counter = counters
            .entry((spec.prefix(), spec.journal, year.clone()))
            .or_insert(0);
        *counter += 1;
        spec.name = format!("{}/{year}/{:05}", spec.prefix(), counter);
    }
}

/// Inserts one move and its lines; returns its id and the (sale line, invoice line) links.
fn insert_move(
    ctx: &mut Ctx,
    spec: &MoveSpec,
    reversed: Option<(i64, String)>,
) -> (i64, Vec<(i64, i64)>) {
    let sign = spec.sign();
    let (untaxed, tax, total) = (spec.untaxed(), spec.tax(), spec.total());
    // Signed amounts: positive for what increases receivables, as Odoo shows them.
    let signed = if spec.kind.starts_with("out") {
        if spec.kind == "out_invoice" { 1 } else { -1 }
    } else if spec.kind == "in_refund" {
        1
    } else {
        -1
    };
    let posted = spec.state != "draft";
    let name_value = if posted {
        Value::from(spec.name.clone())
    } else {
        Value::from("/")
    };
    let sequence = spec
        .name
        .rsplit('/')
        .next()
        .and_then(|n| n.parse::<i64>().ok());
    let prefix = sequence.map(|_| format!("{}/{}/", spec.prefix(), spec.date.format("%Y")));
    let reference = match (&reversed, &spec.vendor_ref) {
        (Some((_, name)), _) => Some(format!("Reversal of: {name}")),
        (None, Some(vendor_ref)) => Some(vendor_ref.clone()),
        _ => None,
    };
    let sent = spec.kind == "out_invoice" && spec.state == "posted" && ctx.rng.chance(70);
    let id = ctx.insert(
        "account.move",
        json!({
            "name": name_value, "move_type": spec.kind, "state": spec.state, "payment_state": spec.payment_state,
            "partner_id": spec.partner.id, "commercial_partner_id": spec.partner.id,
            "partner_shipping_id": if spec.kind.starts_with("out") { Some(spec.partner.delivery) } else { None },
            "invoice_partner_display_name": spec.partner.name, "company_id": spec.company, "journal_id": spec.journal,
            "currency_id": 1, "date": fmt_date(spec.date), "invoice_date": fmt_date(spec.date),
            "invoice_date_due": fmt_date(spec.due), "invoice_origin": spec.origin, "invoice_user_id": spec.user,
            "team_id": spec.team, "invoice_payment_term_id": spec.payment_term, "ref": reference,
            "payment_reference": if posted && spec.kind.starts_with("out") { Some(spec.name.clone()) } else { None },
        }),
    );
    let amounts = json!({
            "amount_untaxed": money(untaxed), "amount_tax": money(tax), "amount_total": money(total),
            "amount_residual": money(spec.residual),
            "amount_untaxed_signed": money(signed * untaxed), "amount_tax_signed": money(signed * tax),
            "amount_total_signed": money(signed * total), "amount_residual_signed": money(signed * spec.residual),
            "amount_total_in_currency_signed": money(signed * total), "amount_untaxed_in_currency_signed": money(signed * untaxed),
            "reversed_entry_id": reversed.as_ref().map(|r| r.0), "auto_post": "no", "posted_before": posted,
            "is_move_sent": sent, "sequence_prefix": prefix, "sequence_number": sequence, "invoice_currency_rate": 1.0,
            "checked": spec.state == "posted", "made_sequence_gap": false, "always_tax_exigible": false,
            "create_date": format!("{} 09:00:00", fmt_date(spec.date)), "write_date": format!("{} 09:00:00", fmt_date(spec.date)),
            "create_uid": spec.user, "write_uid": spec.user,
    });
    if let (Some(row), Value::Object(amounts)) =
        (ctx.db.table_mut("account.move").rows.get_mut(&id), amounts)
    {
        row.extend(amounts);
    }
    let mut links = Vec::new();
    let common = json!({
        "move_id": id, "move_name": spec.name, "partner_id": spec.partner.id, "date": fmt_date(spec.date),
        "invoice_date": fmt_date(spec.date), "journal_id": spec.journal, "company_id": spec.company,
        "currency_id": 1, "company_currency_id": 1, "parent_state": spec.state, "reconciled": false,
        "amount_residual": 0.0, "amount_residual_currency": 0.0, "tax_ids": [], "sale_line_ids": [],
    });
    let mut sequence = 10;
    for line in &spec.lines {
        let balance = -sign * line.subtotal;
        let extra = json!({
            "display_type": "product", "name": line.product.line_name(), "product_id": line.product.id,
            "product_uom_id": line.product.uom, "quantity": line.qty as f64, "price_unit": money(line.price),
            "discount": line.discount as f64, "tax_ids": line.tax_id.into_iter().collect::<Vec<_>>(),
            "price_subtotal": money(line.subtotal), "price_total": money(line.subtotal + line.tax),
            "sale_line_ids": line.sale_line.into_iter().collect::<Vec<_>>(), "sequence": sequence,
        });
        let line_id = insert_line(ctx, &common, extra, balance);
        if let Some(sale_line) = line.sale_line {
            links.push((sale_line, line_id));
        }
        sequence += 1;
    }
    let taxed: Vec<i64> = spec.lines.iter().filter_map(|l| l.tax_id).collect();
    if let (Some(tax_id), true) = (taxed.first(), tax != 0) {
        let extra = json!({
            "display_type": "tax", "name": "15%", "tax_line_id": tax_id, "tax_base_amount": money(untaxed),
            "quantity": 0.0, "price_unit": 0.0, "price_subtotal": 0.0, "price_total": 0.0, "sequence": sequence,
        });
        insert_line(ctx, &common, extra, -sign * tax);
    }
    let extra = json!({
        "display_type": "payment_term", "name": if posted { spec.name.clone() } else { String::new() },
        "date_maturity": fmt_date(spec.due), "quantity": 0.0, "price_unit": 0.0, "price_subtotal": 0.0,
        "price_total": 0.0, "amount_residual": money(sign * spec.residual),
        "amount_residual_currency": money(sign * spec.residual),
        "reconciled": spec.state == "posted" && spec.residual == 0, "sequence": sequence + 1,
    });
    insert_line(ctx, &common, extra, sign * total);
    (id, links)
}

fn insert_line(ctx: &mut Ctx, common: &Value, extra: Value, balance: i64) -> i64 {
    let mut row = common.clone();
    if let (Value::Object(row), Value::Object(extra)) = (&mut row, extra) {
        row.extend(extra);
        row.insert("balance".into(), money(balance));
        row.insert("amount_currency".into(), money(balance));
        row.insert("debit".into(), money(balance.max(0)));
        row.insert("credit".into(), money((-balance).max(0)));
    }
    ctx.insert("account.move.line", row)
}
