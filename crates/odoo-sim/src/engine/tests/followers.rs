//! Followers over the generated demo company: who follows the demo documents, the
//! `message_follower_ids` / `message_partner_ids` fields in reads and domains, subscribing
//! and unsubscribing with the access Odoo asks for, and what `message_post` does to them.

use std::collections::BTreeSet;

use super::*;

/// An internal user with no group beyond `base.group_user` (reads contacts, changes none).
const READER: i64 = 7;
/// Marc Demo, salesman (`dataset::users`).
const USER_DEMO: i64 = 5;
const COMMENT: i64 = 1;
const NOTE: i64 = 2;

fn demo() -> Engine {
    Engine::new(19, crate::dataset::generate(1))
}

fn read_one(e: &Engine, model: &str, id: i64, fields: Value) -> Value {
    admin(e, model, "read", json!({"ids": [id], "fields": fields}))[0].clone()
}

fn id_set(v: &Value) -> BTreeSet<i64> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_default()
}

fn partner_of_user(e: &Engine, uid: i64) -> i64 {
    read_one(e, "res.users", uid, json!(["partner_id"]))["partner_id"][0]
        .as_i64()
        .expect("the user's partner")
}

fn partners_following(e: &Engine, model: &str, id: i64) -> BTreeSet<i64> {
    id_set(&read_one(e, model, id, json!(["message_partner_ids"]))["message_partner_ids"])
}

/// The first record of `model` matching `domain` (by id).
fn first(e: &Engine, model: &str, domain: Value) -> i64 {
    ids(e, model, domain)[0]
}

#[test]
fn a_confirmed_order_is_followed_by_its_salesperson_and_customer() {
    let e = demo();
    let order = first(
        &e,
        "sale.order",
        json!([["state", "=", "sale"], ["user_id", "!=", false]]),
    );
    let row = read_one(
        &e,
        "sale.order",
        order,
        json!(["user_id", "partner_id", "message_follower_ids"]),
    );
    let salesperson = partner_of_user(&e, row["user_id"][0].as_i64().expect("a salesperson"));
    let customer = row["partner_id"][0].as_i64().expect("a customer");
    assert_eq!(
        partners_following(&e, "sale.order", order),
        BTreeSet::from([salesperson, customer])
    );
    // The follower records say the same, and belong to this order only.
    let followers = admin(
        &e,
        "mail.followers",
        "read",
        json!({"ids": row["message_follower_ids"], "fields": ["res_model", "res_id", "partner_id", "name"]}),
    );
    let followers = followers.as_array().expect("rows");
    assert_eq!(followers.len(), 2);
    for f in followers {
        assert_eq!(f["res_model"], "sale.order");
        assert_eq!(f["res_id"], order);
        let partner = f["partner_id"][0].as_i64().expect("a partner");
        let name = read_one(&e, "res.partner", partner, json!(["name"]))["name"].clone();
        assert_eq!(f["name"], name, "name is the partner's (related)");
    }
}

#[test]
fn a_document_lists_only_its_own_models_followers() {
    let e = demo();
    // A lead and an order with the same id, followed by different salespeople.
    let lead_ids: BTreeSet<i64> = ids(&e, "crm.lead", json!([])).into_iter().collect();
    let order = ids(&e, "sale.order", json!([]))
        .into_iter()
        .find(|o| lead_ids.contains(o))
        .expect("an id shared by a lead and an order");
    let lead_followers = id_set(
        &read_one(&e, "crm.lead", order, json!(["message_follower_ids"]))["message_follower_ids"],
    );
    let order_followers = id_set(
        &read_one(&e, "sale.order", order, json!(["message_follower_ids"]))["message_follower_ids"],
    );
    assert!(!order_followers.is_empty());
    assert!(lead_followers.is_disjoint(&order_followers));
}

#[test]
fn documents_are_searched_by_their_followers() {
    let e = demo();
    let order = first(&e, "sale.order", json!([["state", "=", "sale"]]));
    let customer =
        read_one(&e, "sale.order", order, json!(["partner_id"]))["partner_id"][0].clone();
    // Independently: the confirmed orders of that customer (customers follow only those).
    let expected = ids(
        &e,
        "sale.order",
        json!([["state", "=", "sale"], ["partner_id", "=", customer]]),
    );
    assert!(expected.contains(&order));
    assert_eq!(
        ids(
            &e,
            "sale.order",
            json!([["message_partner_ids", "in", [customer]]])
        ),
        expected
    );
    assert_eq!(
        ids(
            &e,
            "sale.order",
            json!([["message_follower_ids.partner_id", "=", customer]])
        ),
        expected
    );
    // And the follower records themselves.
    let rows = ids(
        &e,
        "mail.followers",
        json!([
            ["res_model", "=", "sale.order"],
            ["partner_id", "=", customer]
        ]),
    );
    assert_eq!(rows.len(), expected.len());
}

#[test]
fn posting_a_comment_subscribes_the_author_and_notifies_the_followers() {
    let e = demo();
    let demo_partner = partner_of_user(&e, USER_DEMO);
    let admin_partner = partner_of_user(&e, 2);
    let lead = first(&e, "crm.lead", json!([["user_id", "=", USER_DEMO]]));
    assert_eq!(
        partners_following(&e, "crm.lead", lead),
        BTreeSet::from([demo_partner])
    );
    let mention = 15;
    let message = admin(
        &e,
        "crm.lead",
        "message_post",
        json!({"ids": [lead], "body": "Quote sent", "message_type": "comment",
               "subtype_xmlid": "mail.mt_comment", "partner_ids": [mention]}),
    );
    let m = read_one(
        &e,
        "mail.message",
        message.as_i64().expect("id"),
        json!(["notified_partner_ids", "partner_ids"]),
    );
    assert_eq!(
        id_set(&m["notified_partner_ids"]),
        BTreeSet::from([demo_partner, mention])
    );
    assert_eq!(id_set(&m["partner_ids"]), BTreeSet::from([mention]));
    // The author now follows; the mentioned partner does not.
    assert_eq!(
        partners_following(&e, "crm.lead", lead),
        BTreeSet::from([demo_partner, admin_partner])
    );
    // A second comment by the demo user notifies the admin (a follower now), not its author.
    let message = call_as(
        &e,
        USER_DEMO,
        "crm.lead",
        "message_post",
        json!({"ids": [lead], "body": "Thanks", "message_type": "comment",
               "subtype_xmlid": "mail.mt_comment"}),
    )
    .expect("the salesperson posts on their lead");
    let m = read_one(
        &e,
        "mail.message",
        message.as_i64().expect("id"),
        json!(["notified_partner_ids"]),
    );
    assert_eq!(
        id_set(&m["notified_partner_ids"]),
        BTreeSet::from([admin_partner])
    );
}

#[test]
fn a_note_notifies_only_its_mentions_and_subscribes_nobody() {
    let e = demo();
    let lead = first(&e, "crm.lead", json!([["user_id", "=", USER_DEMO]]));
    let before = partners_following(&e, "crm.lead", lead);
    let message = admin(
        &e,
        "crm.lead",
        "message_post",
        json!({"ids": [lead], "body": "internal", "message_type": "comment",
               "subtype_xmlid": "mail.mt_note", "partner_ids": [15]}),
    );
    let m = read_one(
        &e,
        "mail.message",
        message.as_i64().expect("id"),
        json!(["notified_partner_ids", "subtype_id"]),
    );
    assert_eq!(m["subtype_id"][0], NOTE);
    assert_eq!(id_set(&m["notified_partner_ids"]), BTreeSet::from([15]));
    assert_eq!(partners_following(&e, "crm.lead", lead), before);
}

#[test]
fn subscribing_gives_default_subtypes_and_an_explicit_list_replaces_them() {
    let e = demo();
    let partner = first(
        &e,
        "res.partner",
        json!([["message_follower_ids", "=", false]]),
    );
    // A default subtype that is internal: followed by internal users only.
    let internal = admin(
        &e,
        "mail.message.subtype",
        "create",
        json!({"vals_list": [{"name": "Stage changed", "internal": true, "default": true}]}),
    );
    let internal = internal[0].as_i64().or(internal.as_i64()).expect("id");
    let admin_partner = partner_of_user(&e, 2);
    let customer = 15;
    let ok = admin(
        &e,
        "res.partner",
        "message_subscribe",
        json!({"ids": [partner], "partner_ids": [customer, admin_partner]}),
    );
    assert_eq!(ok, true);
    let subtypes_of = |p: i64| {
        let f = ids(
            &e,
            "mail.followers",
            json!([
                ["res_model", "=", "res.partner"],
                ["res_id", "=", partner],
                ["partner_id", "=", p]
            ]),
        );
        assert_eq!(f.len(), 1, "one follower record per partner");
        id_set(&read_one(&e, "mail.followers", f[0], json!(["subtype_ids"]))["subtype_ids"])
    };
    assert_eq!(
        subtypes_of(admin_partner),
        BTreeSet::from([COMMENT, internal])
    );
    assert_eq!(subtypes_of(customer), BTreeSet::from([COMMENT]));
    // Subscribing again without subtypes keeps them; with subtypes replaces them.
    admin(
        &e,
        "res.partner",
        "message_subscribe",
        json!({"ids": [partner], "partner_ids": [customer]}),
    );
    assert_eq!(subtypes_of(customer), BTreeSet::from([COMMENT]));
    admin(
        &e,
        "res.partner",
        "message_subscribe",
        json!({"ids": [partner], "partner_ids": [customer], "subtype_ids": [NOTE]}),
    );
    assert_eq!(subtypes_of(customer), BTreeSet::from([NOTE]));
    admin(
        &e,
        "res.partner",
        "message_unsubscribe",
        json!({"ids": [partner], "partner_ids": [customer]}),
    );
    assert_eq!(
        partners_following(&e, "res.partner", partner),
        BTreeSet::from([admin_partner])
    );
}

#[test]
fn following_oneself_needs_read_access_and_others_write_access() {
    let e = demo();
    let own = partner_of_user(&e, READER);
    let partner = 9;
    assert_eq!(
        call_as(
            &e,
            READER,
            "res.partner",
            "message_subscribe",
            json!({"ids": [partner], "partner_ids": [own]})
        )
        .expect("following a readable contact"),
        true
    );
    assert!(partners_following(&e, "res.partner", partner).contains(&own));
    let f = err(
        &e,
        READER,
        "res.partner",
        "message_subscribe",
        json!({"ids": [partner], "partner_ids": [15]}),
    );
    assert_eq!(f.kind, FaultKind::AccessError);
    let f = err(
        &e,
        READER,
        "res.partner",
        "message_unsubscribe",
        json!({"ids": [partner], "partner_ids": [own, 15]}),
    );
    assert_eq!(f.kind, FaultKind::AccessError);
    call_as(
        &e,
        READER,
        "res.partner",
        "message_unsubscribe",
        json!({"ids": [partner], "partner_ids": [own]}),
    )
    .expect("leaving a readable contact");
    assert!(!partners_following(&e, "res.partner", partner).contains(&own));
    // Followers are read, not written, by internal users.
    let rows = call_as(
        &e,
        READER,
        "mail.followers",
        "search_read",
        json!({"domain": [["res_id", "=", partner]], "fields": ["partner_id"]}),
    )
    .expect("internal users read followers");
    assert!(rows.as_array().is_some_and(|r| !r.is_empty()));
    let f = err(
        &e,
        READER,
        "mail.followers",
        "create",
        json!({"vals_list": [{"res_model": "res.partner", "res_id": partner, "partner_id": own}]}),
    );
    assert_eq!(f.kind, FaultKind::AccessError);
}

#[test]
fn bad_partner_lists_are_refused_with_the_expected_shape() {
    let e = demo();
    let f = err(
        &e,
        2,
        "res.partner",
        "message_subscribe",
        json!({"ids": [9], "partner_ids": "15"}),
    );
    assert_eq!(f.kind, FaultKind::TypeError);
    assert!(
        f.message
            .contains("partner_ids must be a list of record ids"),
        "{}",
        f.message
    );
    let f = err(
        &e,
        2,
        "res.partner",
        "message_subscribe",
        json!({"ids": [9], "partner_ids": [15], "subtype_ids": [999]}),
    );
    assert_eq!(f.kind, FaultKind::MissingError);
    let f = err(
        &e,
        2,
        "res.country",
        "message_subscribe",
        json!({"ids": [1], "partner_ids": [15]}),
    );
    assert_eq!(f.kind, FaultKind::NotFound, "res.country is no mail.thread");
}

#[test]
fn the_creator_and_the_assigned_salesperson_follow_a_new_lead_until_it_is_deleted() {
    let e = demo();
    let admin_partner = partner_of_user(&e, 2);
    let demo_partner = partner_of_user(&e, USER_DEMO);
    let joel_partner = partner_of_user(&e, 6);
    let lead = admin(
        &e,
        "crm.lead",
        "create",
        json!({"vals_list": [{"name": "Followed lead", "user_id": USER_DEMO}]}),
    );
    let lead = lead[0].as_i64().or(lead.as_i64()).expect("id");
    assert_eq!(
        partners_following(&e, "crm.lead", lead),
        BTreeSet::from([admin_partner, demo_partner])
    );
    // Reassigning subscribes the new salesperson; the former one stays.
    admin(
        &e,
        "crm.lead",
        "write",
        json!({"ids": [lead], "vals": {"user_id": 6}}),
    );
    assert_eq!(
        partners_following(&e, "crm.lead", lead),
        BTreeSet::from([admin_partner, demo_partner, joel_partner])
    );
    admin(&e, "crm.lead", "unlink", json!({"ids": [lead]}));
    assert!(
        ids(
            &e,
            "mail.followers",
            json!([["res_model", "=", "crm.lead"], ["res_id", "=", lead]])
        )
        .is_empty(),
        "a deleted lead's followers go with it"
    );
    // `mail_create_nosubscribe` keeps the creator out; a contact has no tracked salesperson.
    let partner = e
        .call(
            &env(2, json!({"mail_create_nosubscribe": true})),
            "res.partner",
            "create",
            Args {
                ids: None,
                named: named(json!({"vals_list": [{"name": "Quiet", "user_id": 2}]})),
            },
        )
        .expect("created");
    let partner = partner[0].as_i64().or(partner.as_i64()).expect("id");
    assert!(partners_following(&e, "res.partner", partner).is_empty());
}

#[test]
fn confirming_an_order_makes_its_customer_a_follower() {
    let e = demo();
    let order = first(&e, "sale.order", json!([["state", "=", "draft"]]));
    let customer = read_one(&e, "sale.order", order, json!(["partner_id"]))["partner_id"][0]
        .as_i64()
        .expect("a customer");
    assert!(!partners_following(&e, "sale.order", order).contains(&customer));
    admin(&e, "sale.order", "action_confirm", json!({"ids": [order]}));
    assert!(partners_following(&e, "sale.order", order).contains(&customer));
}
