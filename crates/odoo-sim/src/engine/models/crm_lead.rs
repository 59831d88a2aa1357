//! `crm.lead`: leads and opportunities — first stage, `<partner>'s opportunity` names,
//! `(copy)` names, the customer's email and phone on create and on a partner change
//! (onchange), and the won/lost actions.

use serde_json::Value;

use super::{Behaviour, SetDefault, Settings, Warning, set};
use crate::engine::access::{self, Acl, CompanyRule};
use crate::engine::dates;
use crate::engine::methods::Call;
use crate::engine::records;
use crate::engine::registry::Model;
use crate::fault::Fault;
use crate::store::{Database, Row};

pub(super) struct CrmLead;

/// What a lead takes from its customer: the email and phone (`_compute_email_from`,
/// `_compute_phone`) when the partner has them, and "<partner>'s opportunity" as the name
/// when it has none (`_compute_name`).
fn partner_values(
    call: &Call<'_>,
    db: &Database,
    partner: i64,
    unnamed: bool,
) -> Vec<(&'static str, Value)> {
    let Some(pm) = call.reg.model("res.partner") else {
        return Vec::new();
    };
    let mut values = Vec::new();
    for (mine, theirs) in [("email_from", "email"), ("phone", "phone")] {
        let v = records::stored(db, call.reg, pm, partner, theirs);
        if v.as_str().is_some_and(|s| !s.is_empty()) {
            values.push((mine, v));
        }
    }
    let name = records::stored(db, call.reg, pm, partner, "name");
    if unnamed && let Some(n) = name.as_str().filter(|n| !n.is_empty()) {
        values.push(("name", Value::from(format!("{n}'s opportunity"))));
    }
    values
}

impl Behaviour for CrmLead {
    fn name(&self) -> &'static str {
        "crm.lead"
    }
    fn metadata(&self) -> Option<&'static str> {
        Some(include_str!("../../../data/models/crm.lead.json"))
    }
    fn company_rule(&self) -> CompanyRule {
        CompanyRule::AllowShared
    }
    fn personal_field(&self) -> Option<&'static str> {
        Some("user_id")
    }
    fn acl(&self) -> Acl {
        &[(access::SALESMAN, "rwcu"), (access::SALE_MANAGER, "rwcu")]
    }
    fn settings(&self) -> Settings {
        Settings {
            order: "priority desc, id desc",
            rec_names_search: &["name", "email_from", "contact_name", "partner_name"],
            parent: None,
            inherits: None,
        }
    }
    fn defaults(&self, call: &Call<'_>, db: &Database, set: &mut SetDefault<'_>) {
        set("type", Value::from("opportunity"));
        set("priority", Value::from("0"));
        set("user_id", Value::from(call.env.uid));
        set("probability", Value::from(10.0));
        let stage = db.table("crm.stage").and_then(|t| {
            t.rows
                .iter()
                .map(|(id, r)| (r.get("sequence").and_then(Value::as_i64).unwrap_or(0), *id))
                .min()
                .map(|x| x.1)
        });
        if let Some(stage) = stage {
            set("stage_id", Value::from(stage));
        }
    }
    /// What the lead takes from its customer (see [`partner_values`]), unless given.
    fn before_create(&self, call: &Call<'_>, db: &Database, own: &mut Row) {
        let Some(p) = own.get("partner_id").and_then(Value::as_i64) else {
            return;
        };
        let unnamed = own
            .get("name")
            .is_none_or(|n| n.as_str().is_none_or(str::is_empty));
        for (field, value) in partner_values(call, db, p, unnamed) {
            if own
                .get(field)
                .is_none_or(|v| v.as_str().is_none_or(str::is_empty))
            {
                own.insert(field.into(), value);
            }
        }
    }
    /// A new customer: its email and phone (`_compute_email_from`, `_compute_phone`), and the
    /// name when empty (`_compute_name`).
    fn onchange(
        &self,
        call: &Call<'_>,
        db: &mut Database,
        model: &Model,
        id: i64,
        changed: &[String],
    ) -> Option<Warning> {
        if !changed.iter().any(|f| f == "partner_id") {
            return None;
        }
        let p = records::m2o_id(db, call.reg, model, id, "partner_id")?;
        let unnamed = records::stored(db, call.reg, model, id, "name")
            .as_str()
            .is_none_or(str::is_empty);
        let values = partner_values(call, db, p, unnamed);
        for (field, value) in values {
            if !changed.iter().any(|c| c == field) {
                set(db, self.name(), id, field, value);
            }
        }
        None
    }
    fn copy_values(&self, row: &Row, vals: &mut Row) {
        super::res_partner::copy_name(row, vals);
    }
    fn actions(&self) -> &'static [&'static str] {
        &["action_set_won", "action_set_lost"]
    }
    fn run_action(&self, call: &Call<'_>, db: &mut Database, method: &str) -> Result<(), Fault> {
        let model = self.name();
        let (won, probability) = match method {
            "action_set_won" => (true, 100.0),
            "action_set_lost" => (false, 0.0),
            _ => return Err(super::unknown_method(model, method)),
        };
        let won_stage = db.table("crm.stage").and_then(|t| {
            t.rows
                .iter()
                .find(|(_, r)| r.get("is_won").and_then(Value::as_bool) == Some(true))
                .map(|(k, _)| *k)
        });
        for id in &call.ids {
            set(db, model, *id, "active", Value::Bool(won));
            set(db, model, *id, "probability", Value::from(probability));
            let status = if won { "won" } else { "lost" };
            set(db, model, *id, "won_status", Value::from(status));
            set(
                db,
                model,
                *id,
                "date_closed",
                Value::from(dates::now_string()),
            );
            if won && let Some(s) = won_stage {
                set(db, model, *id, "stage_id", Value::from(s));
            }
        }
        Ok(())
    }
}
