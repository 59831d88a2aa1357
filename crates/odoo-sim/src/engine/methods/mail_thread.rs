//! The chatter methods of `mail.thread` and `mail.activity.mixin`, on every simulated model
//! that inherits them (the models whose metadata has `message_ids` / `activity_ids`):
//! `message_post` (which subscribes its author and notifies the followers),
//! `message_subscribe` / `message_unsubscribe`, `activity_schedule`, and `mail.activity`'s
//! `action_feedback` / `action_done`, after `addons/mail/models/mail_thread.py`, `mail_activity_mixin.py` and
//! `mail_activity.py` (Odoo 19).
//!
//! Access as Odoo checks it: posting or scheduling on a document needs the document's
//! `_mail_post_access`, which is `write` for every simulated model (Odoo's default; a model
//! that lowers it to `read` would list itself in [`READ_POST_ACCESS`]); completing an
//! activity needs the same, unless the activity is assigned to the caller.

use chrono::{Duration, NaiveDate};
use serde_json::{Map, Value, json};

use super::Call;
use super::mail_followers as followers;
use crate::dataset::activities::xml_id;
use crate::engine::access::Op;
use crate::engine::dates;
use crate::engine::models::mail_activity::today_in;
use crate::engine::records;
use crate::engine::signature::Signature;
use crate::fault::{Fault, FaultKind};
use crate::store::{Database, Row};

/// Models whose `_mail_post_access` is `read` (posting needs only read access).
const READ_POST_ACCESS: &[&str] = &[];

/// The methods of this file, which all change the database.
pub(crate) const METHODS: &[&str] = &[
    "message_post",
    "message_subscribe",
    "message_unsubscribe",
    "activity_schedule",
    "action_feedback",
    "action_done",
];

const fn record_method(
    name: &'static str,
    params: &'static [(&'static str, bool)],
    model: Option<&'static str>,
) -> Signature {
    Signature {
        name,
        record: true,
        params,
        kwargs: false,
        since: 0,
        until: u32::MAX,
        model,
    }
}

/// `message_post(self, *, body='', subject=None, message_type='notification', …)`; the
/// keywords the simulator understands (others are refused).
static MESSAGE_POST: Signature = record_method(
    "message_post",
    &[
        ("body", false),
        ("subject", false),
        ("message_type", false),
        ("email_from", false),
        ("author_id", false),
        ("parent_id", false),
        ("subtype_xmlid", false),
        ("subtype_id", false),
        ("partner_ids", false),
        ("attachment_ids", false),
        ("body_is_html", false),
    ],
    None,
);

/// `activity_schedule(self, act_type_xmlid='', date_deadline=None, summary='', note='',
/// **act_values)`; the `act_values` the simulator understands are listed.
static ACTIVITY_SCHEDULE: Signature = record_method(
    "activity_schedule",
    &[
        ("act_type_xmlid", false),
        ("date_deadline", false),
        ("summary", false),
        ("note", false),
        ("user_id", false),
        ("activity_type_id", false),
    ],
    None,
);

/// `message_subscribe(self, partner_ids=None, subtype_ids=None)`.
static MESSAGE_SUBSCRIBE: Signature = record_method(
    "message_subscribe",
    &[("partner_ids", false), ("subtype_ids", false)],
    None,
);

/// `message_unsubscribe(self, partner_ids=None)`.
static MESSAGE_UNSUBSCRIBE: Signature =
    record_method("message_unsubscribe", &[("partner_ids", false)], None);

/// `mail.activity.action_feedback(self, feedback=False, attachment_ids=None)`.
static ACTION_FEEDBACK: Signature = record_method(
    "action_feedback",
    &[("feedback", false), ("attachment_ids", false)],
    Some("mail.activity"),
);

/// `mail.activity.action_done(self)`.
static ACTION_DONE: Signature = record_method("action_done", &[], Some("mail.activity"));

/// The signature of a chatter method on `model` in `version`, when the model has it.
pub(crate) fn signature(model: &str, method: &str, version: u32) -> Option<&'static Signature> {
    let has = |field: &str| {
        crate::engine::registry::for_version(version)
            .model(model)
            .is_some_and(|m| m.field(field).is_some())
    };
    match method {
        "message_post" if has("message_ids") => Some(&MESSAGE_POST),
        "message_subscribe" if has("message_follower_ids") => Some(&MESSAGE_SUBSCRIBE),
        "message_unsubscribe" if has("message_follower_ids") => Some(&MESSAGE_UNSUBSCRIBE),
        "activity_schedule" if has("activity_ids") => Some(&ACTIVITY_SCHEDULE),
        "action_feedback" if model == "mail.activity" => Some(&ACTION_FEEDBACK),
        "action_done" if model == "mail.activity" => Some(&ACTION_DONE),
        _ => None,
    }
}

/// Runs one of [`METHODS`].
pub(crate) fn run(call: &Call<'_>, db: &mut Database, method: &str) -> Result<Value, Fault> {
    match method {
        "message_post" => message_post(call, db),
        "message_subscribe" => followers::message_subscribe(call, db),
        "message_unsubscribe" => followers::message_unsubscribe(call, db),
        "activity_schedule" => activity_schedule(call, db),
        "action_feedback" => {
            let feedback = call.arg("feedback").and_then(Value::as_str).unwrap_or("");
            complete(call, db, feedback)
        }
        "action_done" => complete(call, db, ""),
        _ => Err(crate::engine::models::unknown_method(call.name(), method)),
    }
}

/// The access a document needs for posting on it.
fn post_access(model: &str) -> Op {
    if READ_POST_ACCESS.contains(&model) {
        Op::Read
    } else {
        Op::Write
    }
}

/// `ensure_one()`.
pub(super) fn ensure_one(call: &Call<'_>) -> Result<i64, Fault> {
    match call.ids.as_slice() {
        [id] => Ok(*id),
        ids => Err(Fault::new(
            FaultKind::ValueError,
            format!(
                "Expected singleton: {}({})",
                call.name(),
                ids.iter()
                    .map(|i| format!("{i},"))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
        )),
    }
}

/// Checks the caller may post on `call.ids` (ACL and record rules of the post access).
fn check_post(call: &Call<'_>, db: &Database) -> Result<(), Fault> {
    let op = post_access(call.name());
    call.check_records(db, op, op)
}

/// A list of ids, or the ValueError `message_post` raises.
fn id_list(value: Option<&Value>, what: &str) -> Result<Vec<i64>, Fault> {
    match value {
        None | Some(Value::Bool(false)) => Ok(Vec::new()),
        Some(Value::Array(items)) if items.iter().all(|i| i.as_i64().is_some()) => {
            Ok(items.iter().filter_map(Value::as_i64).collect())
        }
        Some(other) => Err(Fault::new(
            FaultKind::ValueError,
            format!(
                "Posting a message should receive {what} as a list of IDs (received {})",
                crate::engine::domain::py_repr(other)
            ),
        )),
    }
}

/// The caller's partner and its formatted address.
pub(super) fn author(call: &Call<'_>, db: &Database) -> (Value, Value) {
    let user = records::row(db, "res.users", call.env.uid);
    let partner = user
        .and_then(|u| u.get("partner_id"))
        .and_then(Value::as_i64);
    let email = partner
        .and_then(|p| records::row(db, "res.partner", p))
        .map(|p| {
            let text = |k: &str| p.get(k).and_then(Value::as_str).unwrap_or_default();
            format!("\"{}\" <{}>", text("name"), text("email"))
        });
    (
        partner.map_or(Value::Bool(false), Value::from),
        email.map_or(Value::Bool(false), Value::from),
    )
}

/// `message_post` → the new message's id.
fn message_post(call: &Call<'_>, db: &mut Database) -> Result<Value, Fault> {
    let id = ensure_one(call)?;
    check_post(call, db)?;
    let message_type = call
        .arg("message_type")
        .and_then(Value::as_str)
        .unwrap_or("notification");
    if message_type == "user_notification" {
        return Err(Fault::new(
            FaultKind::ValueError,
            "Use message_notify to send a notification to an user.",
        ));
    }
    let partner_ids = id_list(call.arg("partner_ids"), "partners")?;
    if let Some(missing) = partner_ids
        .iter()
        .find(|p| !records::exists(db, "res.partner", **p))
    {
        return Err(Fault::new(
            FaultKind::MissingError,
            format!(
                "Record does not exist or has been deleted.\n(Record: res.partner({missing},), User: {})",
                call.env.uid
            ),
        ));
    }
    let subtype = match call.arg("subtype_xmlid").and_then(Value::as_str) {
        Some(xmlid) => resolve(xmlid)?,
        None => match call.arg("subtype_id").and_then(Value::as_i64) {
            Some(s) => s,
            None => resolve("mail.mt_note")?,
        },
    };
    let text = call.arg("body").and_then(Value::as_str).unwrap_or("");
    let body = if call.arg("body_is_html").and_then(Value::as_bool) == Some(true) {
        text.to_owned()
    } else {
        escape(text)
    };
    let subject = call.arg("subject").cloned().unwrap_or(Value::Bool(false));
    let message = post(
        call,
        db,
        (call.name(), id),
        json!({"body": body, "message_type": message_type, "subtype_id": subtype,
               "partner_ids": partner_ids, "subject": subject}),
    );
    followers::after_post(
        call,
        db,
        (id, message),
        (message_type, subtype),
        &partner_ids,
    )?;
    Ok(Value::from(message))
}

/// Stores a message on the document `(model, id)` from `values`, by the caller.
fn post(call: &Call<'_>, db: &mut Database, (model, id): (&str, i64), values: Value) -> i64 {
    let (author_id, email_from) = author(call, db);
    let now = dates::now_string();
    let record_name = records::display_name(db, call.reg, model, id);
    let mut row: Row = match values {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    for (k, v) in [
        ("model", Value::from(model)),
        ("res_id", Value::from(id)),
        ("author_id", author_id),
        ("email_from", email_from),
        ("date", Value::from(now.clone())),
        ("record_name", Value::from(record_name)),
        // Hidden from portal users only when asked; a note is internal by its subtype.
        ("is_internal", Value::Bool(false)),
        ("attachment_ids", json!([])),
        ("create_date", Value::from(now.clone())),
        ("write_date", Value::from(now)),
        ("create_uid", Value::from(call.env.uid)),
        ("write_uid", Value::from(call.env.uid)),
    ] {
        row.entry(k.to_owned()).or_insert(v);
    }
    let message = db.insert("mail.message", row);
    if let Some(r) = db.row_mut("mail.message", message) {
        r.insert(
            "message_id".into(),
            Value::from(format!("<{message}.sim@example.com>")),
        );
    }
    message
}

/// An XML id of the dataset, or the ValueError of `env.ref`.
pub(super) fn resolve(xmlid: &str) -> Result<i64, Fault> {
    xml_id(xmlid).ok_or_else(|| {
        Fault::new(
            FaultKind::ValueError,
            format!("External ID not found in the system: {xmlid}"),
        )
    })
}

/// Plain text as Odoo's `escape` makes it (`markupsafe.escape`).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `activity_schedule` → the new activities' ids.
fn activity_schedule(call: &Call<'_>, db: &mut Database) -> Result<Value, Fault> {
    check_post(call, db)?;
    crate::engine::access::check_model(db, call.reg, call.env.uid, "mail.activity", Op::Create)?;
    let type_id = match (
        call.arg("activity_type_id").and_then(Value::as_i64),
        call.arg("act_type_xmlid")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty()),
    ) {
        (Some(id), _) => id,
        (None, Some(xmlid)) => resolve(xmlid)?,
        (None, None) => resolve("mail.mail_activity_data_todo")?,
    };
    let Some(activity_type) = records::row(db, "mail.activity.type", type_id).cloned() else {
        return Err(Fault::new(
            FaultKind::MissingError,
            format!(
                "Record does not exist or has been deleted.\n(Record: mail.activity.type({type_id},), User: {})",
                call.env.uid
            ),
        ));
    };
    let deadline = match call.arg("date_deadline") {
        None | Some(Value::Bool(false)) => {
            let delay = activity_type
                .get("delay_count")
                .and_then(Value::as_i64)
                .unwrap_or(0);
            today_in(&call.tz(db)) + Duration::days(delay)
        }
        Some(Value::String(s)) => parse_deadline(s)?,
        Some(other) => {
            return Err(Fault::new(
                FaultKind::TypeError,
                format!(
                    "strptime() argument 1 must be str, not {}",
                    crate::engine::py_type(other)
                ),
            ));
        }
    };
    let summary = call
        .arg("summary")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(Value::from)
        .or_else(|| activity_type.get("summary").cloned())
        .unwrap_or(Value::Bool(false));
    let note = call
        .arg("note")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(Value::from)
        .or_else(|| activity_type.get("default_note").cloned())
        .unwrap_or(Value::Bool(false));
    let user = call
        .arg("user_id")
        .and_then(Value::as_i64)
        .or_else(|| activity_type.get("default_user_id").and_then(Value::as_i64))
        .unwrap_or(call.env.uid);
    if !records::exists(db, "res.users", user) {
        return Err(Fault::new(
            FaultKind::MissingError,
            format!(
                "Record does not exist or has been deleted.\n(Record: res.users({user},), User: {})",
                call.env.uid
            ),
        ));
    }
    let model_id = db
        .table("ir.model")
        .and_then(|t| {
            t.rows
                .iter()
                .find(|(_, r)| r.get("model").and_then(Value::as_str) == Some(call.name()))
                .map(|(id, _)| *id)
        })
        .unwrap_or(0);
    let activity_model = call
        .reg
        .model("mail.activity")
        .ok_or_else(|| crate::engine::models::unknown_method(call.name(), "activity_schedule"))?;
    let mut ids = Vec::new();
    for res_id in &call.ids {
        let mut vals = Map::new();
        for (k, v) in [
            ("res_model_id", Value::from(model_id)),
            ("res_id", Value::from(*res_id)),
            ("activity_type_id", Value::from(type_id)),
            (
                "date_deadline",
                Value::from(deadline.format("%Y-%m-%d").to_string()),
            ),
            ("summary", summary.clone()),
            ("note", note.clone()),
            ("user_id", Value::from(user)),
        ] {
            vals.insert(k.into(), v);
        }
        ids.push(super::create_one(call, db, activity_model, &vals)?);
    }
    Ok(Value::from(ids))
}

/// A `date_deadline` string, or the ValueError of `fields.Date.to_date`.
fn parse_deadline(s: &str) -> Result<NaiveDate, Fault> {
    dates::parse_date(s).ok_or_else(|| {
        Fault::new(
            FaultKind::ValueError,
            format!("time data '{s}' does not match format '%Y-%m-%d'"),
        )
    })
}

/// `action_feedback` / `action_done` → the id of the message posted on the document.
fn complete(call: &Call<'_>, db: &mut Database, feedback: &str) -> Result<Value, Fault> {
    call.check_records(db, Op::Read, Op::Read)?;
    let mut last = Value::Bool(false);
    for id in call.ids.clone() {
        let Some(row) = records::row(db, "mail.activity", id).cloned() else {
            continue;
        };
        let text = |k: &str| {
            row.get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let model = text("res_model");
        let res_id = row.get("res_id").and_then(Value::as_i64).unwrap_or(0);
        let own = row.get("user_id").and_then(Value::as_i64) == Some(call.env.uid);
        if !own {
            // Someone else's activity: the document's post access decides.
            let Some(doc) = call.reg.model(&model) else {
                continue;
            };
            let on_doc = Call {
                model: doc,
                ids: vec![res_id],
                args: Map::new(),
                ..*call
            };
            check_post(&on_doc, db)?;
        }
        let type_id = row.get("activity_type_id").and_then(Value::as_i64);
        let activity_type =
            type_id.and_then(|t| records::row(db, "mail.activity.type", t).cloned());
        let type_name = activity_type
            .as_ref()
            .and_then(|t| t.get("name").and_then(Value::as_str))
            .unwrap_or("Activity")
            .to_owned();
        let mut body = format!("<p>{} done", escape(&type_name));
        let summary = text("summary");
        if !summary.is_empty() {
            body.push_str(&format!(": {}", escape(&summary)));
        }
        body.push_str("</p>");
        if !feedback.is_empty() {
            body.push_str(&format!(
                "<p>Feedback: {}</p>",
                escape(feedback).replace('\n', "<br>")
            ));
        }
        let subtype = resolve("mail.mt_activities")?;
        let message = post(
            call,
            db,
            (model.as_str(), res_id),
            json!({"body": body, "message_type": "notification", "subtype_id": subtype,
                   "mail_activity_type_id": type_id}),
        );
        last = Value::from(message);
        let keep = activity_type
            .as_ref()
            .and_then(|t| t.get("keep_done").and_then(Value::as_bool))
            .unwrap_or(false);
        if keep {
            let today = today_in(&call.tz(db)).format("%Y-%m-%d").to_string();
            if let Some(r) = db.row_mut("mail.activity", id) {
                r.insert("active".into(), Value::Bool(false));
                r.insert("date_done".into(), Value::from(today));
                r.insert("feedback".into(), Value::from(feedback));
            }
        } else {
            db.remove("mail.activity", id);
        }
    }
    Ok(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_escaped_like_markupsafe() {
        assert_eq!(
            escape("<b>\"Tom\" & 'Jerry'</b>"),
            "&lt;b&gt;&#34;Tom&#34; &amp; &#39;Jerry&#39;&lt;/b&gt;"
        );
    }

    #[test]
    fn deadlines_must_be_iso_dates() {
        assert!(parse_deadline("2026-12-24").is_ok());
        let e = parse_deadline("24/12/2026").unwrap_err();
        assert_eq!(e.kind, FaultKind::ValueError);
        assert!(e.message.contains("%Y-%m-%d"), "{}", e.message);
    }

    #[test]
    fn the_methods_exist_only_on_the_models_that_inherit_them() {
        assert!(signature("res.partner", "message_post", 19).is_some());
        assert!(signature("crm.lead", "activity_schedule", 19).is_some());
        assert!(signature("mail.activity", "action_feedback", 19).is_some());
        assert!(signature("res.partner", "action_feedback", 19).is_none());
        assert!(signature("res.country", "message_post", 19).is_none());
    }
}
