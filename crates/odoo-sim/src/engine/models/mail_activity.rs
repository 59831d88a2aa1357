//! `mail.activity`: a to-do on a document (`res_model`/`res_id`) for a user, due on a date —
//! its state (overdue/today/planned, in the assignee's time zone), its document's name, and
//! Odoo's access rule: reading follows the document, changing needs the document's post
//! access unless the activity is the user's own. Scheduling and completing are the thread
//! methods in `engine/methods/mail_thread.rs`.

use chrono::{Duration, NaiveDate};
use serde_json::Value;

use super::{Behaviour, SetDefault, Settings};
use crate::engine::access::{self, Acl};
use crate::engine::dates;
use crate::engine::methods::Call;
use crate::engine::records;
use crate::engine::registry::{Model, Registry};
use crate::store::{Database, Row};

pub(super) struct MailActivity;

impl Behaviour for MailActivity {
    fn name(&self) -> &'static str {
        "mail.activity"
    }
    fn metadata(&self) -> Option<&'static str> {
        Some(include_str!("../../../data/models/mail.activity.json"))
    }
    fn acl(&self) -> Acl {
        // mail/security/ir.model.access.csv: `access_mail_activity_all` (internal users).
        &[(access::USER, "rwcu")]
    }
    fn settings(&self) -> Settings {
        Settings {
            order: "date_deadline ASC, id ASC",
            ..Settings::DEFAULT
        }
    }
    fn defaults(&self, call: &Call<'_>, _db: &Database, set: &mut SetDefault<'_>) {
        set("user_id", Value::from(call.env.uid));
        set("automated", Value::Bool(false));
    }
    /// `res_model` (related to `res_model_id.model`) and `res_name` (the document's name).
    fn before_create(&self, call: &Call<'_>, db: &Database, own: &mut Row) {
        let model_name = own
            .get("res_model_id")
            .and_then(Value::as_i64)
            .and_then(|id| records::row(db, "ir.model", id))
            .and_then(|r| r.get("model").and_then(Value::as_str))
            .map(str::to_owned);
        let Some(model_name) = model_name else {
            return;
        };
        if let Some(res_id) = own.get("res_id").and_then(Value::as_i64)
            && call.reg.model(&model_name).is_some()
        {
            let name = records::display_name(db, call.reg, &model_name, res_id);
            own.insert("res_name".into(), Value::from(name));
        }
        own.insert("res_model".into(), Value::from(model_name));
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
            "state" => Some(Value::from(state(db, reg, model, id))),
            "can_write" => Some(Value::Bool(true)),
            "activity_category" => {
                let category = reg.model("mail.activity.type").and_then(|t| {
                    let type_id = records::m2o_id(db, reg, model, id, "activity_type_id")?;
                    Some(records::stored(db, reg, t, type_id, "category"))
                });
                Some(category.unwrap_or(Value::Bool(false)))
            }
            _ => None,
        }
    }
    fn display_name(
        &self,
        db: &Database,
        reg: &Registry,
        model: &Model,
        id: i64,
    ) -> Option<String> {
        // `_compute_display_name`: the summary, else the activity type's name.
        let summary = records::stored(db, reg, model, id, "summary");
        if let Some(s) = summary.as_str().filter(|s| !s.is_empty()) {
            return Some(s.to_owned());
        }
        let type_id = records::m2o_id(db, reg, model, id, "activity_type_id")?;
        Some(records::display_name(
            db,
            reg,
            "mail.activity.type",
            type_id,
        ))
    }
}

/// `_compute_state`: done when it has a done date, else the deadline against today in the
/// assignee's time zone (UTC when they have none).
fn state(db: &Database, reg: &Registry, model: &Model, id: i64) -> &'static str {
    if records::stored(db, reg, model, id, "date_done")
        .as_str()
        .is_some_and(|d| !d.is_empty())
    {
        return "done";
    }
    let Some(deadline) = records::stored(db, reg, model, id, "date_deadline")
        .as_str()
        .and_then(dates::parse_date)
    else {
        return "planned";
    };
    let tz = records::m2o_id(db, reg, model, id, "user_id")
        .and_then(|uid| {
            let users = reg.model("res.users")?;
            records::stored(db, reg, users, uid, "tz")
                .as_str()
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "UTC".to_owned());
    state_on(deadline, today_in(&tz))
}

/// Today's date in `tz`.
pub(crate) fn today_in(tz: &str) -> NaiveDate {
    let now = chrono::Utc::now().naive_utc();
    (now + Duration::minutes(dates::offset_minutes(tz, now))).date()
}

/// The state of an activity due on `deadline` when it is `today`.
fn state_on(deadline: NaiveDate, today: NaiveDate) -> &'static str {
    match deadline.cmp(&today) {
        std::cmp::Ordering::Less => "overdue",
        std::cmp::Ordering::Equal => "today",
        std::cmp::Ordering::Greater => "planned",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_compares_the_deadline_with_today() {
        let d = |s: &str| dates::parse_date(s).expect("date");
        assert_eq!(state_on(d("2026-12-01"), d("2026-12-06")), "overdue");
        assert_eq!(state_on(d("2026-12-06"), d("2026-12-06")), "today");
        assert_eq!(state_on(d("2026-12-07"), d("2026-12-06")), "planned");
    }
}
