//! `post_message`: internal notes and messages to followers as safe HTML, mentions, the
//! policy in front, and never posting twice — a post whose answer was lost is looked for on
//! the record (found, not found, or the check itself failing), with the simulator dropping
//! the connection after or before `message_post` runs.

use serde_json::{Value, json};

use crate::harness::{Client, Era, call, confirmed, demo, fails, ok, records, text};

/// The messages on `model` #`id` as list_messages shows them (newest first).
async fn bodies(client: &Client, model: &str, id: i64) -> Vec<String> {
    let (out, _) = ok(
        client,
        "list_messages",
        json!({"model": model, "id": id, "limit": 50}),
    )
    .await;
    out["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .filter_map(|m| m["body"].as_str().map(str::to_owned))
        .collect()
}

/// A message's subtype name and mentioned partners, read back from Odoo.
async fn subtype_and_partners(client: &Client, id: i64) -> (String, Value) {
    let (out, _) = ok(
        client,
        "read_records",
        json!({"model": "mail.message", "ids": [id], "fields": ["subtype_id", "partner_ids"]}),
    )
    .await;
    let row = &records(&out)[0];
    let subtype = row["subtype_id"][1].as_str().unwrap_or_default().to_owned();
    (subtype, row["partner_ids"].clone())
}

#[tokio::test]
async fn a_note_with_a_mention_and_a_message_to_followers_are_posted_as_plain_text() {
    let (_sim, client) = demo(Era::Discover).await;
    let (out, text) = confirmed(
        &client,
        "post_message",
        json!({"model": "res.partner", "id": 9,
               "body": "Price <b>agreed</b> & signed.\nShip in May.", "mentions": [15]}),
    )
    .await;
    let note = out["message_id"].as_i64().expect("the new message's id");
    assert_eq!(out["kind"], "note");
    assert!(text.contains(&format!("message id {note}")), "{text}");
    let (subtype, partners) = subtype_and_partners(&client, note).await;
    assert_eq!(subtype, "Note");
    assert_eq!(partners, json!([15]));
    // The markup the caller typed is text, not HTML; the line break is kept.
    let shown = bodies(&client, "res.partner", 9).await;
    assert_eq!(shown[0], "Price <b>agreed</b> & signed.\nShip in May.");
    // A note is internal by its subtype (Odoo leaves the message's is_internal false).
    let (listed, _) = ok(
        &client,
        "list_messages",
        json!({"model": "res.partner", "id": 9, "limit": 1}),
    )
    .await;
    assert_eq!(listed["messages"][0]["internal"], true, "{listed}");

    let (out, _) = confirmed(
        &client,
        "post_message",
        json!({"model": "sale.order", "id": 16, "body": "Your order ships Monday.",
               "kind": "message"}),
    )
    .await;
    let message = out["message_id"].as_i64().expect("id");
    assert_eq!(
        subtype_and_partners(&client, message).await.0,
        "Discussions"
    );
    assert_eq!(
        bodies(&client, "sale.order", 16).await[0],
        "Your order ships Monday."
    );
    let (listed, _) = ok(
        &client,
        "list_messages",
        json!({"model": "sale.order", "id": 16, "limit": 1}),
    )
    .await;
    assert_eq!(listed["messages"][0]["internal"], false, "{listed}");
}

#[tokio::test]
async fn a_dry_run_posts_nothing_and_bad_posts_are_refused_with_the_fix() {
    let (sim, client) = demo(Era::Initialize).await;
    let (preview, _) = ok(
        &client,
        "post_message",
        json!({"model": "res.partner", "id": 9, "body": "draft", "dry_run": true}),
    )
    .await;
    assert!(preview["dry_run"].is_object(), "{preview}");
    assert_eq!(sim.request_count("res.partner", "message_post"), 0);
    for (args, expected) in [
        (
            json!({"model": "res.partner", "id": 9, "body": "   "}),
            "empty",
        ),
        (
            json!({"model": "res.partner", "id": 9, "body": "x", "mentions": [999999]}),
            "no contact",
        ),
        (
            json!({"model": "res.partner", "id": 999999, "body": "x"}),
            "does not exist",
        ),
        (
            json!({"model": "ir.config_parameter", "id": 1, "body": "x"}),
            "ir.config_parameter",
        ),
        (
            json!({"model": "res.partner", "id": 9, "body": "x", "kind": "email"}),
            "kind",
        ),
    ] {
        let refused = fails(&client, "post_message", args.clone()).await;
        assert!(refused.contains(expected), "{args}: {refused}");
    }
    assert_eq!(sim.request_count("res.partner", "message_post"), 0);
}

#[tokio::test]
async fn a_post_whose_answer_was_lost_is_found_on_the_record_and_not_sent_again() {
    let (sim, client) = demo(Era::Initialize).await;
    sim.faults().drop_answer_of("message_post", 1);
    let (out, text) = confirmed(
        &client,
        "post_message",
        json!({"model": "res.partner", "id": 9, "body": "Lost answer, kept note."}),
    )
    .await;
    assert_eq!(out["recovered"], true, "{out}");
    let id = out["message_id"].as_i64().expect("the message found");
    assert!(text.contains(&format!("posted (id {id})")), "{text}");
    assert!(text.contains("Do not post it again"), "{text}");
    assert_eq!(
        sim.request_count("res.partner", "message_post"),
        1,
        "sent once"
    );
    let shown = bodies(&client, "res.partner", 9).await;
    let copies = shown
        .iter()
        .filter(|b| *b == "Lost answer, kept note.")
        .count();
    assert_eq!(copies, 1, "{shown:?}");
}

#[tokio::test]
async fn a_post_that_never_ran_is_reported_safe_to_retry() {
    let (sim, client) = demo(Era::Initialize).await;
    sim.faults().drop_call_of("message_post", 1);
    let result = call(
        &client,
        "post_message",
        json!({"model": "res.partner", "id": 9, "body": "Never arrived."}),
    )
    .await;
    let message = text(&result);
    assert_eq!(result.is_error, Some(true), "{message}");
    assert!(message.starts_with("Not posted"), "{message}");
    assert!(message.contains("safe to retry"), "{message}");
    assert!(
        !bodies(&client, "res.partner", 9)
            .await
            .contains(&"Never arrived.".to_owned())
    );
    // Retrying as told posts it once.
    confirmed(
        &client,
        "post_message",
        json!({"model": "res.partner", "id": 9, "body": "Never arrived."}),
    )
    .await;
    let shown = bodies(&client, "res.partner", 9).await;
    assert_eq!(shown.iter().filter(|b| *b == "Never arrived.").count(), 1);
}

#[tokio::test]
async fn when_the_check_fails_too_the_outcome_is_unknown() {
    let (sim, client) = demo(Era::Initialize).await;
    sim.faults().drop_answer_of("message_post", 1);
    // The check starts by asking who this user is: that call is lost as well.
    sim.faults().drop_call_of("context_get", 1);
    let message = fails(
        &client,
        "post_message",
        json!({"model": "res.partner", "id": 9, "body": "Twice lost."}),
    )
    .await;
    assert!(message.starts_with("Unknown"), "{message}");
    assert!(message.contains("before retrying"), "{message}");
    assert_eq!(sim.request_count("res.partner", "message_post"), 1);
}

#[tokio::test]
async fn over_json_rpc_a_lost_answer_is_found_too() {
    for version in [17, 18] {
        let sim = odoo_sim::spawn(odoo_sim::SimConfig::new().odoo_version(version))
            .await
            .expect("sim");
        // 17 and 18 are reached over JSON-RPC, logging in (the API key works as the password).
        let odoo = odoo_client::Client::builder(sim.url())
            .database(sim.database())
            .login("admin")
            .password(sim.admin_api_key())
            .build()
            .expect("client builds");
        let policy = crate::harness::writable("demo").build().expect("policy");
        let instances = odoo_mcp::Instances::single(odoo_mcp::Instance::new("demo", odoo, policy));
        let client =
            crate::harness::connect(odoo_mcp::OdooServer::new(instances), Era::Initialize).await;
        sim.faults().drop_answer_of("message_post", 1);
        let (out, _) = confirmed(
            &client,
            "post_message",
            json!({"model": "sale.order", "id": 16, "body": format!("Odoo {version}")}),
        )
        .await;
        assert_eq!(out["recovered"], true, "Odoo {version}: {out}");
        assert_eq!(sim.request_count("sale.order", "message_post"), 1);
    }
}

#[tokio::test]
async fn an_internal_user_posts_only_where_odoo_lets_them_write() {
    let sim = crate::harness::sim().await;
    let client = odoo_client::Client::builder(sim.url())
        .database(sim.database())
        .api_key(sim.reader_api_key())
        .build()
        .expect("client builds");
    let instance = odoo_mcp::Instance::new(
        "demo",
        client,
        crate::harness::writable("demo").build().expect("policy"),
    );
    let client = crate::harness::connect(
        odoo_mcp::OdooServer::new(odoo_mcp::Instances::single(instance)),
        Era::Initialize,
    )
    .await;
    // The reader reads contacts but may not change them: the dry run says so, Odoo refuses.
    let (preview, _) = ok(
        &client,
        "post_message",
        json!({"model": "res.partner", "id": 9, "body": "hello", "dry_run": true}),
    )
    .await;
    let problems = preview["dry_run"]["problems"].to_string();
    assert!(problems.contains("may not change"), "{preview}");
    let refused = fails(
        &client,
        "post_message",
        json!({"model": "res.partner", "id": 9, "body": "hello"}),
    )
    .await;
    assert!(refused.contains("Access denied by Odoo"), "{refused}");
    assert!(
        !bodies(&client, "res.partner", 9)
            .await
            .contains(&"hello".to_owned())
    );
    // Their own activities: none in the demo data.
    let (mine, _) = ok(&client, "list_activities", json!({})).await;
    assert_eq!(mine["total"], 0, "{mine}");
}

/// The partners following `model` #`id`, as search_records on mail.followers shows them.
async fn follower_partners(client: &Client, model: &str, id: i64) -> Vec<i64> {
    let (out, _) = ok(
        client,
        "search_records",
        json!({"model": "mail.followers", "fields": ["partner_id"],
               "domain": [["res_model", "=", model], ["res_id", "=", id]]}),
    )
    .await;
    let mut ids: Vec<i64> = records(&out)
        .iter()
        .filter_map(|r| r["partner_id"][0].as_i64())
        .collect();
    ids.sort_unstable();
    ids
}

#[tokio::test]
async fn a_message_to_followers_notifies_them_and_makes_its_author_one() {
    let (_sim, client) = demo(Era::Discover).await;
    let before = follower_partners(&client, "sale.order", 16).await;
    assert!(!before.is_empty(), "the demo order has followers");
    let (out, _) = confirmed(
        &client,
        "post_message",
        json!({"model": "sale.order", "id": 16, "body": "Ships Monday.", "kind": "message"}),
    )
    .await;
    let message = out["message_id"].as_i64().expect("id");
    let (read, _) = ok(
        &client,
        "read_records",
        json!({"model": "mail.message", "ids": [message],
               "fields": ["author_id", "notified_partner_ids"]}),
    )
    .await;
    let row = &records(&read)[0];
    let author = row["author_id"][0].as_i64().expect("an author");
    let mut notified: Vec<i64> = row["notified_partner_ids"]
        .as_array()
        .expect("notified partners")
        .iter()
        .filter_map(Value::as_i64)
        .collect();
    notified.sort_unstable();
    let expected: Vec<i64> = before.iter().copied().filter(|p| *p != author).collect();
    assert_eq!(notified, expected, "{read}");
    let mut after = before.clone();
    if !after.contains(&author) {
        after.push(author);
        after.sort_unstable();
    }
    assert_eq!(follower_partners(&client, "sale.order", 16).await, after);
}
