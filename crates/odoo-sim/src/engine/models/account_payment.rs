//! `account.payment`: customer and vendor payments — the `P<journal code>/<year>/<n>` name of
//! a payment that is not a draft, and "only draft or cancelled payments can be deleted".

use serde_json::Value;

use super::{Behaviour, SetDefault, Settings};
use crate::engine::access::{self, Acl, CompanyRule};
use crate::engine::dates;
use crate::engine::methods::Call;
use crate::engine::records;
use crate::fault::{Fault, FaultKind};
use crate::store::{Database, Row};

pub(super) struct AccountPayment;

impl Behaviour for AccountPayment {
    fn name(&self) -> &'static str {
        "account.payment"
    }
    fn metadata(&self) -> Option<&'static str> {
        Some(include_str!("../../../data/models/account.payment.json"))
    }
    fn company_rule(&self) -> CompanyRule {
        CompanyRule::Strict
    }
    fn acl(&self) -> Acl {
        &[(access::INVOICE, "rwcu"), (access::ACCOUNT_MANAGER, "rwcu")]
    }
    fn settings(&self) -> Settings {
        Settings {
            order: "date desc, name desc",
            rec_names_search: &["name"],
            parent: None,
            inherits: None,
        }
    }
    fn defaults(&self, _call: &Call<'_>, _db: &Database, set: &mut SetDefault<'_>) {
        set(
            "date",
            Value::from(dates::now_string().get(..10).unwrap_or_default()),
        );
        set("payment_type", Value::from("inbound"));
        set("partner_type", Value::from("customer"));
        set("is_reconciled", Value::Bool(false));
        set("is_matched", Value::Bool(false));
    }
    /// The journal's payment sequence for a payment created past the draft state.
    fn before_create(&self, _call: &Call<'_>, db: &Database, own: &mut Row) {
        let draft = own.get("state").and_then(Value::as_str) == Some("draft");
        if draft
            || own
                .get("name")
                .is_some_and(|n| n.as_str().is_some_and(|n| !n.is_empty()))
        {
            return;
        }
        let code = own
            .get("journal_id")
            .and_then(Value::as_i64)
            .and_then(|j| records::row(db, "account.journal", j))
            .and_then(|j| j.get("code"))
            .and_then(Value::as_str)
            .unwrap_or("BNK1")
            .to_owned();
        let year = own
            .get("date")
            .and_then(Value::as_str)
            .and_then(|d| d.get(..4))
            .unwrap_or("2026")
            .to_owned();
        let prefix = format!("P{code}/{year}/");
        let next = db
            .table(self.name())
            .map(|t| {
                t.rows
                    .values()
                    .filter_map(|r| r.get("name").and_then(Value::as_str))
                    .filter_map(|n| n.strip_prefix(&prefix).and_then(|d| d.parse::<i64>().ok()))
                    .max()
                    .unwrap_or(0)
            })
            .unwrap_or(0)
            + 1;
        own.insert("name".into(), Value::from(format!("{prefix}{next:05}")));
    }
    /// `_unlink_if_draft_or_cancelled` (wording of account.payment's `unlink`).
    fn check_unlink(&self, call: &Call<'_>, db: &Database) -> Result<(), Fault> {
        for id in &call.ids {
            let state = records::stored(db, call.reg, call.model, *id, "state");
            if !matches!(state.as_str(), Some("draft" | "canceled") | None) {
                return Err(Fault::new(
                    FaultKind::UserError,
                    "You cannot delete a payment that is already posted.",
                ));
            }
        }
        Ok(())
    }
}
