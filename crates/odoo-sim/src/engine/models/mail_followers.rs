//! `mail.followers`: who follows a document (`res_model`/`res_id`) and for which message
//! subtypes, after `addons/mail/models/mail_followers.py` (Odoo 19). Internal users read
//! followers; they are changed through the thread methods (`message_subscribe`,
//! `message_unsubscribe`, `message_post` subscribing its author) and the document's life
//! ([`after_create`], [`after_write`], [`document_removed`]: the creator and a tracked
//! `user_id` follow, a deleted document's followers go), which call the helpers here. A document's `message_follower_ids` and `message_partner_ids` are answered by
//! [`document_partners`] and the one2many rule of `records::related_ids`.

use serde_json::Value;

use super::Behaviour;
use crate::engine::access::{self, Acl};
use crate::engine::records;
use crate::engine::registry::{Model, Registry};
use crate::store::Database;

const MODEL: &str = "mail.followers";

/// The models whose `user_id` is declared with `tracking=`: setting it subscribes the
/// user's partner (`_message_auto_subscribe_fields`' default `['user_id']`).
const TRACKED_USER_ID: &[&str] = &["crm.lead", "sale.order"];

pub(super) struct MailFollowers;

impl Behaviour for MailFollowers {
    fn name(&self) -> &'static str {
        MODEL
    }
    fn metadata(&self) -> Option<&'static str> {
        Some(include_str!("../../../data/models/mail.followers.json"))
    }
    fn acl(&self) -> Acl {
        // Read for internal users; changes go through the thread methods (as superuser in
        // Odoo), so only administrators write directly.
        &[(access::USER, "r"), (access::SYSTEM, "rwcu")]
    }
    fn cascades(&self) -> &'static [&'static str] {
        &["partner_id"]
    }
    /// `name`, `email` and `is_active`: related to the partner.
    fn computed(
        &self,
        db: &Database,
        reg: &Registry,
        model: &Model,
        id: i64,
        field: &str,
    ) -> Option<Value> {
        let partner_field = match field {
            "name" => "name",
            "email" => "email",
            "is_active" => "active",
            _ => return None,
        };
        let partner = records::m2o_id(db, reg, model, id, "partner_id")
            .and_then(|p| records::row(db, "res.partner", p));
        Some(match (partner, partner_field) {
            (Some(p), "active") => {
                Value::Bool(p.get("active").and_then(Value::as_bool) != Some(false))
            }
            (Some(p), f) => p
                .get(f)
                .filter(|v| !v.is_null())
                .cloned()
                .unwrap_or(Value::Bool(false)),
            (None, "active") => Value::Bool(false),
            (None, _) => Value::Bool(false),
        })
    }
    /// `_rec_name = 'partner_id'`: the partner's name.
    fn display_name(
        &self,
        db: &Database,
        reg: &Registry,
        model: &Model,
        id: i64,
    ) -> Option<String> {
        let partner = records::m2o_id(db, reg, model, id, "partner_id")?;
        Some(records::display_name(db, reg, "res.partner", partner))
    }
}

/// One follower of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Follower {
    pub(crate) id: i64,
    pub(crate) partner: i64,
    pub(crate) subtypes: Vec<i64>,
}

/// The followers of the document `model`/`res_id`, by id.
pub(crate) fn followers(db: &Database, model: &str, res_id: i64) -> Vec<Follower> {
    let Some(table) = db.table(MODEL) else {
        return Vec::new();
    };
    table
        .rows
        .iter()
        .filter(|(_, r)| {
            r.get("res_model").and_then(Value::as_str) == Some(model)
                && r.get("res_id").and_then(Value::as_i64) == Some(res_id)
        })
        .filter_map(|(id, r)| {
            Some(Follower {
                id: *id,
                partner: r.get("partner_id").and_then(Value::as_i64)?,
                subtypes: r
                    .get("subtype_ids")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(Value::as_i64).collect())
                    .unwrap_or_default(),
            })
        })
        .collect()
}

/// `message_partner_ids`: the partners following the document, by follower id.
pub(crate) fn document_partners(db: &Database, model: &str, res_id: i64) -> Vec<i64> {
    followers(db, model, res_id)
        .into_iter()
        .map(|f| f.partner)
        .collect()
}

/// The partners following `model`/`res_id` for `subtype` (the recipients of a message of that
/// subtype, before mentions and the author's exclusion).
pub(crate) fn subscribed_to(db: &Database, model: &str, res_id: i64, subtype: i64) -> Vec<i64> {
    followers(db, model, res_id)
        .into_iter()
        .filter(|f| f.subtypes.contains(&subtype))
        .map(|f| f.partner)
        .collect()
}

/// Whether `partner` is the partner of an internal (non-share) user.
fn is_internal_partner(db: &Database, partner: i64) -> bool {
    db.table("res.users").is_some_and(|t| {
        t.rows.iter().any(|(uid, r)| {
            r.get("partner_id").and_then(Value::as_i64) == Some(partner)
                && access::is_internal(db, *uid)
        })
    })
}

/// `_default_subtypes` for `partner` on `model`: the visible subtypes marked `default` that
/// apply to every model or to `model`, without the internal ones for a partner who is not
/// an internal user (`customer_ids` in `_insert_followers`).
pub(crate) fn default_subtypes(db: &Database, model: &str, partner: i64) -> Vec<i64> {
    let internal = is_internal_partner(db, partner);
    let Some(table) = db.table("mail.message.subtype") else {
        return Vec::new();
    };
    let flag = |r: &crate::store::Row, k: &str| r.get(k).and_then(Value::as_bool) == Some(true);
    table
        .rows
        .iter()
        .filter(|(_, r)| !flag(r, "hidden") && flag(r, "default"))
        .filter(|(_, r)| match r.get("res_model") {
            None | Some(Value::Null | Value::Bool(false)) => true,
            Some(m) => m.as_str() == Some(model),
        })
        .filter(|(_, r)| internal || !flag(r, "internal"))
        .map(|(id, _)| *id)
        .collect()
}

/// `_insert_followers` for one partner: a new follower with `subtypes` (the partner's default
/// subtypes when `None`); an existing follower keeps its subtypes when `None` is given
/// (`existing_policy='skip'`) and gets `subtypes` otherwise (`'replace'`).
pub(crate) fn subscribe(
    db: &mut Database,
    model: &str,
    res_id: i64,
    partner: i64,
    subtypes: Option<&[i64]>,
) {
    let existing = followers(db, model, res_id)
        .into_iter()
        .find(|f| f.partner == partner);
    match (existing, subtypes) {
        (Some(_), None) => {}
        (Some(f), Some(s)) => {
            if let Some(r) = db.row_mut(MODEL, f.id) {
                r.insert("subtype_ids".into(), Value::from(s.to_vec()));
            }
        }
        (None, s) => {
            let subtypes = s.map_or_else(|| default_subtypes(db, model, partner), <[i64]>::to_vec);
            let mut row = crate::store::Row::new();
            row.insert("res_model".into(), Value::from(model));
            row.insert("res_id".into(), Value::from(res_id));
            row.insert("partner_id".into(), Value::from(partner));
            row.insert("subtype_ids".into(), Value::from(subtypes));
            db.insert(MODEL, row);
        }
    }
}

/// Removes `partners` from the followers of `model`/`res_id`.
pub(crate) fn unsubscribe(db: &mut Database, model: &str, res_id: i64, partners: &[i64]) {
    for f in followers(db, model, res_id) {
        if partners.contains(&f.partner) {
            db.remove(MODEL, f.id);
        }
    }
}

/// Whether records of `model` have followers (it inherits `mail.thread`).
fn is_thread(model: &Model) -> bool {
    // An `_inherits` child (res.users) reaches its parent's followers; it has none itself.
    model
        .field("message_follower_ids")
        .is_some_and(|f| f.inherited_via.is_none())
}

/// The partner of user `uid`.
fn user_partner(db: &Database, uid: i64) -> Option<i64> {
    records::row(db, "res.users", uid).and_then(|u| u.get("partner_id").and_then(Value::as_i64))
}

/// Subscribes the partner of the user in `user_id` when `model` tracks it.
fn follow_assigned_user(db: &mut Database, model: &Model, id: i64, user: Option<&Value>) {
    if !TRACKED_USER_ID.contains(&model.name.as_str()) {
        return;
    }
    if let Some(partner) = user
        .and_then(Value::as_i64)
        .and_then(|u| user_partner(db, u))
    {
        subscribe(db, &model.name, id, partner, None);
    }
}

/// `mail.thread.create`: the creator follows the new record (unless the context has
/// `mail_create_nosubscribe`), and so does the assigned user of a tracked `user_id`.
pub(crate) fn after_create(
    db: &mut Database,
    model: &Model,
    id: i64,
    uid: i64,
    context: &serde_json::Map<String, Value>,
) {
    if !is_thread(model) {
        return;
    }
    let skip = context
        .get("mail_create_nosubscribe")
        .is_some_and(|v| !matches!(v, Value::Null | Value::Bool(false)));
    if !skip && let Some(partner) = user_partner(db, uid) {
        subscribe(db, &model.name, id, partner, None);
    }
    let user = records::row(db, &model.name, id).and_then(|r| r.get("user_id").cloned());
    follow_assigned_user(db, model, id, user.as_ref());
}

/// `mail.thread.write`: a newly assigned user of a tracked `user_id` follows.
pub(crate) fn after_write(db: &mut Database, model: &Model, id: i64, written: &crate::store::Row) {
    if is_thread(model) {
        follow_assigned_user(db, model, id, written.get("user_id"));
    }
}

/// `mail.thread.unlink`: the followers of deleted documents go with them.
pub(crate) fn document_removed(db: &mut Database, model: &Model, ids: &[i64]) {
    if !is_thread(model) {
        return;
    }
    for id in ids {
        let all = document_partners(db, &model.name, *id);
        unsubscribe(db, &model.name, *id, &all);
    }
}
