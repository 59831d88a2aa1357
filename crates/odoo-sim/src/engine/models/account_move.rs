//! `account.move` and its lines: journal entries — the journal a move type needs, draft
//! copies, posting (with its `MISC/<year>/<n>` name), reset and cancel, and "posted entries
//! cannot be deleted"; lines go with their entry.

use serde_json::Value;

use super::{Behaviour, SetDefault, Settings, set};
use crate::engine::access::{self, Acl, CompanyRule};
use crate::engine::dates;
use crate::engine::methods::Call;
use crate::engine::records::{self, Required};
use crate::fault::{Fault, FaultKind};
use crate::store::{Database, Row};

pub(super) struct AccountMove;

impl Behaviour for AccountMove {
    fn name(&self) -> &'static str {
        "account.move"
    }
    fn metadata(&self) -> Option<&'static str> {
        Some(include_str!("../../../data/models/account.move.json"))
    }
    fn company_rule(&self) -> CompanyRule {
        CompanyRule::Strict
    }
    fn acl(&self) -> Acl {
        &[
            (access::SALESMAN, "r"),
            (access::INVOICE, "rwcu"),
            (access::ACCOUNT_MANAGER, "rwcu"),
        ]
    }
    fn settings(&self) -> Settings {
        Settings {
            order: "date desc, name desc, invoice_date desc, id desc",
            rec_names_search: &["name", "partner_id.name", "ref"],
            parent: None,
            inherits: None,
        }
    }
    fn defaults(&self, _call: &Call<'_>, _db: &Database, set: &mut SetDefault<'_>) {
        let now = dates::now_string();
        set("move_type", Value::from("entry"));
        set("date", Value::from(now.get(..10).unwrap_or_default()));
        set("name", Value::from("/"));
        set("auto_post", Value::from("no"));
        set("payment_state", Value::from("not_paid"));
    }
    /// `_compute_journal_id`: the company's first journal of the type the move type needs.
    fn before_create(&self, _call: &Call<'_>, db: &Database, own: &mut Row) {
        if !own.get("journal_id").is_none_or(Value::is_null) {
            return;
        }
        let kind = match own.get("move_type").and_then(Value::as_str) {
            Some("out_invoice" | "out_refund" | "out_receipt") => "sale",
            Some("in_invoice" | "in_refund" | "in_receipt") => "purchase",
            _ => "general",
        };
        let company = own.get("company_id").and_then(Value::as_i64);
        if let Some(j) = first_journal(db, kind, company) {
            own.insert("journal_id".into(), Value::from(j));
        }
    }
    /// `invoice_line_ids` is `line_ids` without the tax and payment-term items (Odoo's domain
    /// also keeps sections and notes, which the simulator does not model).
    fn one2many_domain(&self, field: &str) -> Option<(&'static str, Required)> {
        (field == "invoice_line_ids").then_some(("display_type", Required::Text("product")))
    }
    fn copy_values(&self, _row: &Row, vals: &mut Row) {
        vals.insert("name".into(), Value::from("/"));
        vals.insert("state".into(), Value::from("draft"));
    }
    fn actions(&self) -> &'static [&'static str] {
        &["action_post", "button_draft", "button_cancel"]
    }
    fn run_action(&self, call: &Call<'_>, db: &mut Database, method: &str) -> Result<(), Fault> {
        let model = self.name();
        let stored =
            |db: &Database, id: i64, f: &str| records::stored(db, call.reg, call.model, id, f);
        match method {
            "action_post" => {
                if call
                    .ids
                    .iter()
                    .any(|id| stored(db, *id, "state").as_str() != Some("draft"))
                {
                    return Err(Fault::new(
                        FaultKind::UserError,
                        "Only draft journal entries can be posted.",
                    ));
                }
                for id in &call.ids {
                    set(db, model, *id, "state", Value::from("posted"));
                    let is_invoice = stored(db, *id, "move_type")
                        .as_str()
                        .is_some_and(|t| t != "entry");
                    if is_invoice && stored(db, *id, "invoice_date").is_null() {
                        let today = dates::now_string();
                        let today = Value::from(today.get(..10).unwrap_or_default());
                        set(db, model, *id, "invoice_date", today);
                    }
                    let name = stored(db, *id, "name");
                    if name.as_str().is_none_or(|n| n.is_empty() || n == "/") {
                        let date = stored(db, *id, "date");
                        let year = date.as_str().and_then(|d| d.get(..4)).unwrap_or("2026");
                        let name = if is_invoice {
                            next_name(db, &journal_code(db, stored(db, *id, "journal_id")), year)
                        } else {
                            let count = db.table(model).map(|t| t.rows.len()).unwrap_or(0);
                            format!("MISC/{year}/{count:05}")
                        };
                        set(db, model, *id, "name", Value::from(name));
                    }
                    set_lines_state(db, *id, "posted");
                }
            }
            "button_draft" | "button_cancel" => {
                let state = if method == "button_draft" {
                    "draft"
                } else {
                    "cancel"
                };
                for id in &call.ids {
                    set(db, model, *id, "state", Value::from(state));
                    set_lines_state(db, *id, state);
                }
            }
            _ => return Err(super::unknown_method(model, method)),
        }
        Ok(())
    }
    /// `_unlink_forbid_parts_of_chain`.
    /// `partner_id`: `ondelete='restrict'` in `account/models/account_move.py`.
    fn restricts(&self) -> &'static [&'static str] {
        &["partner_id"]
    }
    fn check_unlink(&self, call: &Call<'_>, db: &Database) -> Result<(), Fault> {
        for id in &call.ids {
            if records::stored(db, call.reg, call.model, *id, "state").as_str() == Some("posted") {
                return Err(Fault::new(
                    FaultKind::UserError,
                    "You cannot delete an entry which has been posted once.",
                ));
            }
        }
        Ok(())
    }
}

pub(super) struct AccountMoveLine;

impl Behaviour for AccountMoveLine {
    fn name(&self) -> &'static str {
        "account.move.line"
    }
    fn metadata(&self) -> Option<&'static str> {
        Some(include_str!("../../../data/models/account.move.line.json"))
    }
    fn company_rule(&self) -> CompanyRule {
        CompanyRule::Strict
    }
    fn acl(&self) -> Acl {
        &[
            (access::SALESMAN, "r"),
            (access::INVOICE, "rwcu"),
            (access::ACCOUNT_MANAGER, "rwcu"),
        ]
    }
    fn settings(&self) -> Settings {
        Settings {
            order: "date desc, move_name desc, id",
            rec_names_search: &["name", "move_id.name"],
            parent: None,
            inherits: None,
        }
    }
    fn defaults(&self, _call: &Call<'_>, _db: &Database, set: &mut SetDefault<'_>) {
        set("display_type", Value::from("product"));
    }
    fn cascades(&self) -> &'static [&'static str] {
        &["move_id"]
    }
}

/// The id of the first journal (by sequence, then id) of type `kind` in `company`.
fn first_journal(db: &Database, kind: &str, company: Option<i64>) -> Option<i64> {
    let table = db.table("account.journal")?;
    let mut found: Vec<(i64, i64)> = table
        .rows
        .iter()
        .filter(|(_, r)| r.get("type").and_then(Value::as_str) == Some(kind))
        .filter(|(_, r)| {
            company.is_none() || r.get("company_id").and_then(Value::as_i64) == company
        })
        .map(|(id, r)| (r.get("sequence").and_then(Value::as_i64).unwrap_or(10), *id))
        .collect();
    found.sort_unstable();
    found.first().map(|x| x.1)
}

/// The code of the journal `journal` (`MISC` when unknown).
fn journal_code(db: &Database, journal: Value) -> String {
    journal
        .as_i64()
        .and_then(|j| records::row(db, "account.journal", j))
        .and_then(|j| j.get("code"))
        .and_then(Value::as_str)
        .unwrap_or("MISC")
        .to_owned()
}

/// The next `<code>/<year>/<n>` number of the journal's sequence.
fn next_name(db: &Database, code: &str, year: &str) -> String {
    let prefix = format!("{code}/{year}/");
    let last = db
        .table("account.move")
        .map(|t| {
            t.rows
                .values()
                .filter_map(|r| r.get("name").and_then(Value::as_str))
                .filter_map(|n| n.strip_prefix(&prefix).and_then(|d| d.parse::<i64>().ok()))
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(0);
    format!("{prefix}{:05}", last + 1)
}

/// The entry's journal items follow its state (`parent_state`).
fn set_lines_state(db: &mut Database, id: i64, state: &str) {
    let lines: Vec<i64> = db
        .table("account.move.line")
        .map(|t| {
            t.rows
                .iter()
                .filter(|(_, r)| r.get("move_id").and_then(Value::as_i64) == Some(id))
                .map(|(k, _)| *k)
                .collect()
        })
        .unwrap_or_default();
    for l in lines {
        set(
            db,
            "account.move.line",
            l,
            "parent_state",
            Value::from(state),
        );
    }
}
