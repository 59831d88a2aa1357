//! `account.payment.register`: the "Register Payment" wizard — the receivable/payable journal
//! items left to pay of the context's `active_ids` (posted entries only, as Odoo's
//! `default_get` checks), and `action_create_payments`, which creates the payment, lowers the
//! invoices' `amount_residual` and sets their `payment_state`.

use serde_json::{Value, json};

use super::wizard::{call_on, create_from, round2};
use super::{Behaviour, SetDefault, set};
use crate::engine::access::{self, Acl, Op};
use crate::engine::dates;
use crate::engine::methods::Call;
use crate::engine::records;
use crate::engine::registry::{Model, Registry};
use crate::fault::{Fault, FaultKind};
use crate::store::Database;

pub(super) struct AccountPaymentRegister;

const MOVE: &str = "account.move";
const MOVE_LINE: &str = "account.move.line";
const PAYMENT: &str = "account.payment";

impl Behaviour for AccountPaymentRegister {
    fn name(&self) -> &'static str {
        "account.payment.register"
    }
    fn metadata(&self) -> Option<&'static str> {
        Some(include_str!(
            "../../../data/models/account.payment.register.json"
        ))
    }
    // account/security/ir.model.access.csv: billing users run the wizard.
    fn acl(&self) -> Acl {
        &[(access::INVOICE, "rwc"), (access::ACCOUNT_MANAGER, "rwc")]
    }
    fn defaults_to_user_company(&self) -> bool {
        false
    }
    /// `default_get` and the computes that follow from the journal items to pay.
    fn defaults(&self, call: &Call<'_>, db: &Database, set: &mut SetDefault<'_>) {
        set(
            "payment_date",
            Value::from(dates::now_string().get(..10).unwrap_or_default()),
        );
        set("payment_difference_handling", Value::from("open"));
        set("writeoff_label", Value::from("Write-Off"));
        let Ok(lines) = lines_to_pay(call, db) else {
            return;
        };
        let Some(first) = lines.first().and_then(|l| records::row(db, MOVE_LINE, *l)) else {
            return;
        };
        let residual: f64 = lines
            .iter()
            .filter_map(|l| records::row(db, MOVE_LINE, *l))
            .filter_map(|r| r.get("amount_residual").and_then(Value::as_f64))
            .sum();
        let company = first.get("company_id").cloned().unwrap_or(Value::Null);
        let moves: Vec<i64> = moves_of(db, &lines);
        let communication: Vec<String> = moves
            .iter()
            .filter_map(|m| records::row(db, MOVE, *m))
            .filter_map(|r| {
                r.get("payment_reference")
                    .and_then(Value::as_str)
                    .or_else(|| r.get("name").and_then(Value::as_str))
                    .map(str::to_owned)
            })
            .collect();
        set("line_ids", Value::from(lines.clone()));
        set("amount", Value::from(round2(residual.abs())));
        set("source_amount", Value::from(round2(residual.abs())));
        set(
            "source_amount_currency",
            Value::from(round2(residual.abs())),
        );
        set(
            "payment_type",
            Value::from(if residual > 0.0 {
                "inbound"
            } else {
                "outbound"
            }),
        );
        set(
            "partner_type",
            Value::from(if residual > 0.0 {
                "customer"
            } else {
                "supplier"
            }),
        );
        set(
            "partner_id",
            first.get("partner_id").cloned().unwrap_or(Value::Null),
        );
        set("currency_id", Value::from(1));
        set("source_currency_id", Value::from(1));
        set("communication", Value::from(communication.join(" ")));
        set("can_edit_wizard", Value::Bool(moves.len() == 1));
        set("can_group_payments", Value::Bool(moves.len() > 1));
        set("group_payment", Value::Bool(moves.len() > 1));
        if let Some(journal) = company.as_i64().and_then(|c| bank_journal(db, c)) {
            set("journal_id", Value::from(journal));
        }
        set("company_id", company);
    }
    /// Odoo's `default_get` refuses to open the wizard on entries it cannot pay.
    fn constraints(
        &self,
        call: &Call<'_>,
        db: &Database,
        model: &Model,
        id: i64,
    ) -> Result<(), Fault> {
        if !records::related_ids(db, call.reg, model, id, "line_ids").is_empty() {
            return Ok(());
        }
        lines_to_pay(call, db)?;
        Err(user_error(
            "You can't open the register payment wizard without at least one receivable/payable line.",
        ))
    }
    fn computed(
        &self,
        db: &Database,
        reg: &Registry,
        model: &Model,
        id: i64,
        field: &str,
    ) -> Option<Value> {
        match field {
            "payment_difference" => {
                let num = |f: &str| {
                    records::stored(db, reg, model, id, f)
                        .as_f64()
                        .unwrap_or(0.0)
                };
                Some(Value::from(round2(
                    num("source_amount_currency") - num("amount"),
                )))
            }
            "company_currency_id" => Some(json!([1, "USD"])),
            _ => None,
        }
    }
    fn actions(&self) -> &'static [&'static str] {
        &["action_create_payments"]
    }
    fn run_action_value(
        &self,
        call: &Call<'_>,
        db: &mut Database,
        method: &str,
    ) -> Result<Value, Fault> {
        if method != "action_create_payments" {
            return Err(super::unknown_method(self.name(), method));
        }
        let mut payments = Vec::new();
        for wizard in &call.ids {
            payments.push(create_payment(call, db, *wizard)?);
        }
        if call
            .env
            .context
            .get("dont_redirect_to_payments")
            .and_then(Value::as_bool)
            == Some(true)
        {
            return Ok(Value::Bool(true));
        }
        let mut action = json!({
            "name": "Payments",
            "type": "ir.actions.act_window",
            "res_model": PAYMENT,
            "context": {"create": false},
        });
        if let [one] = payments.as_slice() {
            action["view_mode"] = json!("form");
            action["res_id"] = json!(one);
        } else {
            action["view_mode"] = json!("list,form");
            action["domain"] = json!([["id", "in", payments]]);
        }
        Ok(action)
    }
}

fn user_error(message: &str) -> Fault {
    Fault::new(FaultKind::UserError, message)
}

/// The journal items of the context's active records left to pay, as `default_get` selects
/// them, or Odoo's refusal.
fn lines_to_pay(call: &Call<'_>, db: &Database) -> Result<Vec<i64>, Fault> {
    let ctx = &call.env.context;
    let active: Vec<i64> = ctx
        .get("active_ids")
        .and_then(Value::as_array)
        .map(|ids| ids.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_default();
    let lines: Vec<i64> = match ctx.get("active_model").and_then(Value::as_str) {
        Some(MOVE) => db
            .table(MOVE_LINE)
            .map(|t| {
                t.rows
                    .iter()
                    .filter(|(_, r)| {
                        r.get("move_id")
                            .and_then(Value::as_i64)
                            .is_some_and(|m| active.contains(&m))
                    })
                    .map(|(k, _)| *k)
                    .collect()
            })
            .unwrap_or_default(),
        Some(MOVE_LINE) => active
            .into_iter()
            .filter(|l| records::exists(db, MOVE_LINE, *l))
            .collect(),
        _ => {
            return Err(user_error(
                "The register payment wizard should only be called on account.move or account.move.line records.",
            ));
        }
    };
    let mut available = Vec::new();
    for line in lines {
        let Some(row) = records::row(db, MOVE_LINE, line) else {
            continue;
        };
        let move_state = row
            .get("move_id")
            .and_then(Value::as_i64)
            .and_then(|m| records::row(db, MOVE, m))
            .and_then(|m| m.get("state"))
            .and_then(Value::as_str);
        if move_state != Some("posted") {
            return Err(user_error(
                "You can only register payment for posted journal entries.",
            ));
        }
        let receivable = row.get("display_type").and_then(Value::as_str) == Some("payment_term");
        let residual = row
            .get("amount_residual")
            .and_then(Value::as_f64)
            .unwrap_or(0.0);
        if receivable && residual.abs() >= 0.005 {
            available.push(line);
        }
    }
    if available.is_empty() {
        return Err(user_error(
            "You can't register a payment because there is nothing left to pay on the selected journal items.",
        ));
    }
    Ok(available)
}

/// The entries of `lines`, ascending.
fn moves_of(db: &Database, lines: &[i64]) -> Vec<i64> {
    let mut moves: Vec<i64> = lines
        .iter()
        .filter_map(|l| records::row(db, MOVE_LINE, *l))
        .filter_map(|r| r.get("move_id").and_then(Value::as_i64))
        .collect();
    moves.sort_unstable();
    moves.dedup();
    moves
}

/// The company's first bank (else cash) journal, by sequence then id.
fn bank_journal(db: &Database, company: i64) -> Option<i64> {
    let table = db.table("account.journal")?;
    let mut found: Vec<(u8, i64, i64)> = table
        .rows
        .iter()
        .filter(|(_, r)| r.get("company_id").and_then(Value::as_i64) == Some(company))
        .filter_map(|(id, r)| {
            let rank = match r.get("type").and_then(Value::as_str) {
                Some("bank") => 0,
                Some("cash") => 1,
                _ => return None,
            };
            Some((
                rank,
                r.get("sequence").and_then(Value::as_i64).unwrap_or(10),
                *id,
            ))
        })
        .collect();
    found.sort_unstable();
    found.first().map(|x| x.2)
}

/// `_create_payments` of one wizard: one payment for the amount, applied to the entries'
/// receivable/payable items in order; their entries become paid or partially paid.
fn create_payment(call: &Call<'_>, db: &mut Database, wizard: i64) -> Result<i64, Fault> {
    let get = |db: &Database, f: &str| records::stored(db, call.reg, call.model, wizard, f);
    let lines = records::related_ids(db, call.reg, call.model, wizard, "line_ids");
    let moves = moves_of(db, &lines);
    let move_call = call_on(call, MOVE, moves.clone())?;
    move_call.check_records(db, Op::Write, Op::Write)?;
    let amount = get(db, "amount").as_f64().unwrap_or(0.0);
    if amount <= 0.0 {
        return Err(user_error(
            "The amount of a payment must be strictly positive.",
        ));
    }
    let journal = get(db, "journal_id");
    if journal.is_null() {
        return Err(user_error(
            "Please define a payment method line on your payment.",
        ));
    }
    let mut remaining = amount;
    for line in &lines {
        let residual = records::row(db, MOVE_LINE, *line)
            .and_then(|r| r.get("amount_residual"))
            .and_then(Value::as_f64)
            .unwrap_or(0.0);
        let paid = remaining.min(residual.abs());
        remaining -= paid;
        let left = round2(residual.abs() - paid) * residual.signum();
        set(db, MOVE_LINE, *line, "amount_residual", Value::from(left));
        set(
            db,
            MOVE_LINE,
            *line,
            "amount_residual_currency",
            Value::from(left),
        );
        set(db, MOVE_LINE, *line, "reconciled", Value::Bool(left == 0.0));
    }
    let mut all_paid = true;
    for m in &moves {
        let residual: f64 = db
            .table(MOVE_LINE)
            .map(|t| {
                t.rows
                    .values()
                    .filter(|r| r.get("move_id").and_then(Value::as_i64) == Some(*m))
                    .filter(|r| {
                        r.get("display_type").and_then(Value::as_str) == Some("payment_term")
                    })
                    .filter_map(|r| r.get("amount_residual").and_then(Value::as_f64))
                    .sum()
            })
            .unwrap_or(0.0);
        let residual = round2(residual.abs());
        let state = if residual == 0.0 { "paid" } else { "partial" };
        all_paid &= residual == 0.0;
        set(db, MOVE, *m, "amount_residual", Value::from(residual));
        set(
            db,
            MOVE,
            *m,
            "amount_residual_signed",
            Value::from(residual),
        );
        set(db, MOVE, *m, "payment_state", Value::from(state));
    }
    let vals = [
        ("date", get(db, "payment_date")),
        ("amount", Value::from(amount)),
        ("payment_type", get(db, "payment_type")),
        ("partner_type", get(db, "partner_type")),
        ("memo", get(db, "communication")),
        ("journal_id", journal),
        ("company_id", get(db, "company_id")),
        ("currency_id", get(db, "currency_id")),
        ("partner_id", get(db, "partner_id")),
        ("invoice_ids", Value::from(moves)),
        (
            "state",
            Value::from(if all_paid { "paid" } else { "in_process" }),
        ),
        ("is_reconciled", Value::Bool(true)),
    ];
    create_from(call, db, PAYMENT, vals)
}
