//! The chatter methods over the generated demo company: posting notes and messages, the
//! post access an internal user needs, scheduling activities and completing them with
//! feedback.

use super::*;

const READER: i64 = 7;

fn demo() -> Engine {
    Engine::new(19, crate::dataset::generate(1))
}

fn read_one(e: &Engine, model: &str, id: i64, fields: Value) -> Value {
    let rows = admin(e, model, "read", json!({"ids": [id], "fields": fields}));
    rows[0].clone()
}

#[test]
fn a_note_is_posted_escaped_with_the_note_subtype_by_the_caller() {
    let e = demo();
    let id = admin(
        &e,
        "res.partner",
        "message_post",
        json!({"ids": [9], "body": "Price <b>agreed</b> & signed", "message_type": "comment",
               "subtype_xmlid": "mail.mt_note", "partner_ids": [15]}),
    );
    let id = id.as_i64().expect("the message id");
    let m = read_one(
        &e,
        "mail.message",
        id,
        json!([
            "body",
            "model",
            "res_id",
            "subtype_id",
            "author_id",
            "partner_ids",
            "message_type"
        ]),
    );
    assert_eq!(m["body"], "Price &lt;b&gt;agreed&lt;/b&gt; &amp; signed");
    assert_eq!(m["model"], "res.partner");
    assert_eq!(m["res_id"], 9);
    assert_eq!(m["subtype_id"][1], "Note");
    assert_eq!(m["partner_ids"], json!([15]));
    assert_eq!(m["message_type"], "comment");
    let admin_partner =
        read_one(&e, "res.users", 2, json!(["partner_id"]))["partner_id"][0].clone();
    assert_eq!(m["author_id"][0], admin_partner);
}

#[test]
fn html_bodies_are_kept_and_unknown_subtypes_refused() {
    let e = demo();
    let id = admin(
        &e,
        "sale.order",
        "message_post",
        json!({"ids": [16], "body": "<p>a<br>b</p>", "body_is_html": true,
               "subtype_xmlid": "mail.mt_comment", "message_type": "comment"}),
    );
    let m = read_one(
        &e,
        "mail.message",
        id.as_i64().unwrap(),
        json!(["body", "subtype_id"]),
    );
    assert_eq!(m["body"], "<p>a<br>b</p>");
    assert_eq!(m["subtype_id"][1], "Discussions");
    let f = err(
        &e,
        2,
        "sale.order",
        "message_post",
        json!({"ids": [16], "body": "x", "subtype_xmlid": "mail.mt_nope"}),
    );
    assert_eq!(f.kind, FaultKind::ValueError);
    assert!(f.message.contains("mail.mt_nope"), "{}", f.message);
    let f = err(
        &e,
        2,
        "sale.order",
        "message_post",
        json!({"ids": [16, 17], "body": "x"}),
    );
    assert!(f.message.starts_with("Expected singleton"), "{}", f.message);
    let f = err(
        &e,
        2,
        "res.country",
        "message_post",
        json!({"ids": [1], "body": "x"}),
    );
    assert_eq!(f.kind, FaultKind::NotFound, "res.country is no mail.thread");
}

#[test]
fn posting_needs_the_documents_write_access_as_in_odoo() {
    let e = demo();
    // The reader (internal user, no other group) reads contacts but may not change them;
    // Odoo's `_mail_post_access` is `write` for res.partner.
    assert!(
        call_as(
            &e,
            READER,
            "res.partner",
            "read",
            json!({"ids": [9], "fields": ["name"]})
        )
        .is_ok()
    );
    let f = err(
        &e,
        READER,
        "res.partner",
        "message_post",
        json!({"ids": [9], "body": "hi"}),
    );
    assert_eq!(f.kind, FaultKind::AccessError);
    let before = ids(
        &e,
        "mail.message",
        json!([["model", "=", "res.partner"], ["res_id", "=", 9]]),
    );
    assert_eq!(before.len(), 1, "nothing was posted");
}

#[test]
fn demo_activities_have_states_against_today() {
    let e = demo();
    let rows = admin(
        &e,
        "mail.activity",
        "search_read",
        json!({"domain": [], "fields": ["res_model", "res_id", "res_name", "state", "activity_type_id", "user_id"]}),
    );
    let rows = rows.as_array().expect("rows");
    assert_eq!(rows.len(), 4);
    // Ordered by deadline: the two overdue ones first.
    assert_eq!(rows[0]["state"], "overdue");
    assert_eq!(rows[0]["res_name"], "Acme Corporation");
    assert_eq!(rows[0]["activity_type_id"][1], "Call");
    assert_eq!(rows[1]["state"], "overdue");
    assert_eq!(rows[3]["state"], "planned");
}

#[test]
fn an_activity_is_scheduled_then_completed_with_feedback() {
    let e = demo();
    // "Today" is the assignee's: the admin's time zone.
    let tz = read_one(&e, "res.users", 2, json!(["tz"]))["tz"]
        .as_str()
        .unwrap_or("UTC")
        .to_owned();
    let today = crate::engine::models::mail_activity::today_in(&tz)
        .format("%Y-%m-%d")
        .to_string();
    let ids = admin(
        &e,
        "crm.lead",
        "activity_schedule",
        json!({"ids": [1], "act_type_xmlid": "mail.mail_activity_data_call",
               "date_deadline": today, "summary": "Discuss the layout", "user_id": 2}),
    );
    let id = ids[0].as_i64().expect("an activity id");
    let a = read_one(
        &e,
        "mail.activity",
        id,
        json!([
            "state",
            "res_model",
            "res_id",
            "activity_type_id",
            "summary",
            "user_id"
        ]),
    );
    assert_eq!(a["state"], "today");
    assert_eq!(a["res_model"], "crm.lead");
    assert_eq!(a["activity_type_id"][1], "Call");
    let message = admin(
        &e,
        "mail.activity",
        "action_feedback",
        json!({"ids": [id], "feedback": "Agreed on <3 desks>\nsee plan"}),
    );
    let m = read_one(
        &e,
        "mail.message",
        message.as_i64().unwrap(),
        json!(["body", "res_id", "subtype_id"]),
    );
    assert_eq!(m["res_id"], 1);
    assert_eq!(m["subtype_id"][1], "Activities");
    let body = m["body"].as_str().unwrap();
    assert!(body.contains("Call done: Discuss the layout"), "{body}");
    assert!(
        body.contains("Agreed on &lt;3 desks&gt;<br>see plan"),
        "{body}"
    );
    assert!(ids_of(&e, id).is_empty(), "done activities are removed");
}

fn ids_of(e: &Engine, id: i64) -> Vec<i64> {
    ids(e, "mail.activity", json!([["id", "=", id]]))
}

#[test]
fn bad_deadlines_types_and_rights_are_refused() {
    let e = demo();
    let f = err(
        &e,
        2,
        "crm.lead",
        "activity_schedule",
        json!({"ids": [1], "date_deadline": "31/12/2026"}),
    );
    assert_eq!(f.kind, FaultKind::ValueError);
    let f = err(
        &e,
        2,
        "crm.lead",
        "activity_schedule",
        json!({"ids": [1], "act_type_xmlid": "mail.no_such_type"}),
    );
    assert!(f.message.contains("External ID not found"), "{}", f.message);
    // The reader may not change contacts, so may not schedule on them.
    let f = err(
        &e,
        READER,
        "res.partner",
        "activity_schedule",
        json!({"ids": [9]}),
    );
    assert_eq!(f.kind, FaultKind::AccessError);
    // Nor complete someone else's activity on them (activity 1 is the admin's, on partner 9).
    let f = err(
        &e,
        READER,
        "mail.activity",
        "action_feedback",
        json!({"ids": [1]}),
    );
    assert_eq!(f.kind, FaultKind::AccessError);
}
