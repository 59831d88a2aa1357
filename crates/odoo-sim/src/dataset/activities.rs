//! Chatter reference data and demo activities: the message subtypes and activity types with
//! their XML ids (the simulator's `ir.model.data` for them: the one table `env.ref` reads),
//! and a few activities on demo partners, leads and orders — two overdue, one due far ahead,
//! whatever day the simulator runs (their dates are fixed, around the data set's "now").

use serde_json::json;

use super::ctx::Ctx;
use super::users::{USER_ADMIN, USER_DEMO};

/// `(xml id, model, id)` of the records the chatter methods find by XML id.
const XML_IDS: &[(&str, &str, i64)] = &[
    ("mail.mt_comment", "mail.message.subtype", 1),
    ("mail.mt_note", "mail.message.subtype", 2),
    ("mail.mt_activities", "mail.message.subtype", 3),
    ("mail.mail_activity_data_email", "mail.activity.type", 1),
    ("mail.mail_activity_data_call", "mail.activity.type", 2),
    ("mail.mail_activity_data_meeting", "mail.activity.type", 3),
    ("mail.mail_activity_data_todo", "mail.activity.type", 4),
];

/// The id of the record with XML id `xmlid`, as `env.ref(xmlid).id`.
pub(crate) fn xml_id(xmlid: &str) -> Option<i64> {
    XML_IDS
        .iter()
        .find(|(x, _, _)| *x == xmlid)
        .map(|(_, _, id)| *id)
}

/// `ir.model` ids of the documents the demo activities are on (`_ir_model.json`).
const IR_MODEL_PARTNER: i64 = 90;
const IR_MODEL_LEAD: i64 = 534;
const IR_MODEL_ORDER: i64 = 621;

/// Inserts the subtypes, the activity types and the demo activities.
pub(crate) fn generate(ctx: &mut Ctx) {
    // Odoo's data: notes and activities are internal and not followed by default.
    for (id, name, internal, default) in [
        (1, "Discussions", false, true),
        (2, "Note", true, false),
        (3, "Activities", true, false),
    ] {
        ctx.insert(
            "mail.message.subtype",
            json!({"id": id, "name": name, "internal": internal, "sequence": id, "default": default,
                   "hidden": false}),
        );
    }
    for (id, name, icon, category, delay, sequence) in [
        (1, "Email", "fa-envelope", "default", 2, 5),
        (2, "Call", "fa-phone", "phonecall", 2, 6),
        (3, "Meeting", "fa-users", "meeting", 0, 3),
        (4, "To-Do", "fa-check", "default", 5, 12),
    ] {
        ctx.insert(
            "mail.activity.type",
            json!({"id": id, "name": name, "icon": icon, "category": category, "delay_count": delay,
                   "delay_unit": "days", "delay_from": "previous_activity", "sequence": sequence,
                   "active": true, "summary": null, "default_user_id": null, "default_note": null,
                   "keep_done": false, "chaining_type": "suggest", "decoration_type": null,
                   "res_model": null}),
        );
    }
    // (res_model_id, res_model, res_id, type, summary, deadline, user)
    let activities = [
        (
            IR_MODEL_PARTNER,
            "res.partner",
            9,
            2,
            "Call back about volume pricing",
            "2026-11-20",
            USER_ADMIN,
        ),
        (
            IR_MODEL_ORDER,
            "sale.order",
            16,
            1,
            "Send the signed quotation",
            "2026-11-25",
            USER_ADMIN,
        ),
        (
            IR_MODEL_LEAD,
            "crm.lead",
            1,
            3,
            "Office layout review",
            "2027-06-15",
            USER_ADMIN,
        ),
        (
            IR_MODEL_PARTNER,
            "res.partner",
            15,
            4,
            "Update the purchasing contact",
            "2027-06-30",
            USER_DEMO,
        ),
    ];
    for (model_id, model, res_id, type_id, summary, deadline, user) in activities {
        // Scale 0 has no leads: an activity needs its document.
        let Some(name) = ctx
            .db
            .table(model)
            .and_then(|t| t.rows.get(&res_id))
            .map(|r| {
                r.get("name")
                    .cloned()
                    .unwrap_or(serde_json::Value::Bool(false))
            })
        else {
            continue;
        };
        ctx.insert(
            "mail.activity",
            json!({"res_model_id": model_id, "res_model": model, "res_id": res_id,
                   "res_name": name,
                   "activity_type_id": type_id, "summary": summary, "note": null,
                   "date_deadline": deadline, "date_done": null, "automated": false,
                   "user_id": user, "request_partner_id": null, "active": true,
                   "feedback": null}),
        );
    }
}
