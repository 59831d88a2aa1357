//! The follower side of `mail.thread` (Odoo 19 `mail_thread.py`): `message_subscribe`,
//! `message_unsubscribe`, and what `message_post` does after storing a message — subscribing
//! its author and recording the notified partners.
//!
//! The rules: following or leaving a document oneself needs read access to it; adding or
//! removing someone else needs write access. A new follower gets the default subtypes (the
//! internal ones only for internal users' partners) unless `subtype_ids` is given, which
//! also replaces an existing follower's subtypes. Posting a comment (`mail.mt_comment`) by
//! hand subscribes the author; a message notifies the followers of its subtype and the
//! mentioned `partner_ids`, never its author (mentions are notified, not subscribed).

use serde_json::Value;

use super::Call;
use super::mail_thread::{author, resolve};
use crate::engine::access::Op;
use crate::engine::models::mail_followers as model;
use crate::engine::records;
use crate::fault::{Fault, FaultKind};
use crate::store::Database;

/// Message types that never subscribe their author (`author_subscribe` in `message_post`).
const NO_AUTHOR_SUBSCRIBE: &[&str] = &[
    "notification",
    "user_notification",
    "auto_comment",
    "out_of_office",
];

/// `partner_ids` / `subtype_ids` as a list of ids (`None`/`False`: not given).
fn ids_arg(call: &Call<'_>, method: &str, name: &str) -> Result<Option<Vec<i64>>, Fault> {
    match call.arg(name) {
        None | Some(Value::Bool(false)) => Ok(None),
        Some(Value::Array(items)) if items.iter().all(|i| i.as_i64().is_some()) => {
            Ok(Some(items.iter().filter_map(Value::as_i64).collect()))
        }
        Some(other) => Err(Fault::new(
            FaultKind::TypeError,
            format!(
                "{}.{method}: {name} must be a list of record ids, e.g. [7, 12] (received {})",
                call.name(),
                crate::engine::domain::py_repr(other)
            ),
        )),
    }
}

/// The caller's partner id.
fn own_partner(call: &Call<'_>, db: &Database) -> Option<i64> {
    author(call, db).0.as_i64()
}

/// Checks the access changing the followers `partners` needs: read when the caller only
/// changes their own subscription, write otherwise.
fn check_follow_access(call: &Call<'_>, db: &Database, partners: &[i64]) -> Result<(), Fault> {
    let own = own_partner(call, db);
    let op = if partners.iter().all(|p| Some(*p) == own) {
        Op::Read
    } else {
        Op::Write
    };
    call.check_records(db, op, op)
}

/// `message_subscribe(partner_ids=None, subtype_ids=None)` → `True`.
pub(super) fn message_subscribe(call: &Call<'_>, db: &mut Database) -> Result<Value, Fault> {
    let partners = ids_arg(call, "message_subscribe", "partner_ids")?.unwrap_or_default();
    let subtypes = ids_arg(call, "message_subscribe", "subtype_ids")?;
    if partners.is_empty() || call.ids.is_empty() {
        return Ok(Value::Bool(true));
    }
    check_follow_access(call, db, &partners)?;
    if let Some(missing) = subtypes
        .iter()
        .flatten()
        .find(|s| !records::exists(db, "mail.message.subtype", **s))
    {
        return Err(Fault::new(
            FaultKind::MissingError,
            format!(
                "Record does not exist or has been deleted.\n(Record: mail.message.subtype({missing},), User: {})",
                call.env.uid
            ),
        ));
    }
    // Others are subscribed only when they exist and are active (`search([('id', 'in',
    // partner_ids), ('active', '=', True)])`); the caller always.
    let own = own_partner(call, db);
    let mut kept: Vec<i64> = Vec::new();
    for p in partners {
        let active = records::row(db, "res.partner", p)
            .is_some_and(|r| r.get("active").and_then(Value::as_bool) != Some(false));
        if (Some(p) == own || active) && !kept.contains(&p) {
            kept.push(p);
        }
    }
    for res_id in call.ids.clone() {
        for p in &kept {
            model::subscribe(db, call.name(), res_id, *p, subtypes.as_deref());
        }
    }
    Ok(Value::Bool(true))
}

/// `message_unsubscribe(partner_ids=None)` → `True`.
pub(super) fn message_unsubscribe(call: &Call<'_>, db: &mut Database) -> Result<Value, Fault> {
    let partners = ids_arg(call, "message_unsubscribe", "partner_ids")?.unwrap_or_default();
    if partners.is_empty() || call.ids.is_empty() {
        return Ok(Value::Bool(true));
    }
    check_follow_access(call, db, &partners)?;
    for res_id in call.ids.clone() {
        model::unsubscribe(db, call.name(), res_id, &partners);
    }
    Ok(Value::Bool(true))
}

/// After `message_post` stored `message` on record `res_id` of `call`'s model: subscribes
/// the author of a hand-written comment, then records the notified partners (followers of
/// the subtype and mentions, without the author) as the message's `notified_partner_ids`.
pub(super) fn after_post(
    call: &Call<'_>,
    db: &mut Database,
    (res_id, message): (i64, i64),
    (message_type, subtype): (&str, i64),
    mentions: &[i64],
) -> Result<(), Fault> {
    let author = own_partner(call, db);
    let skip = call
        .env
        .context
        .get("mail_post_autofollow_author_skip")
        .is_some_and(|v| !matches!(v, Value::Null | Value::Bool(false)));
    let comment = resolve("mail.mt_comment")?;
    if let Some(author) = author
        && !skip
        && subtype == comment
        && !NO_AUTHOR_SUBSCRIBE.contains(&message_type)
    {
        model::subscribe(db, call.name(), res_id, author, None);
    }
    let mut notified = model::subscribed_to(db, call.name(), res_id, subtype);
    for p in mentions {
        if !notified.contains(p) {
            notified.push(*p);
        }
    }
    notified.retain(|p| Some(*p) != author);
    if let Some(r) = db.row_mut("mail.message", message) {
        r.insert("notified_partner_ids".into(), Value::from(notified));
    }
    Ok(())
}
