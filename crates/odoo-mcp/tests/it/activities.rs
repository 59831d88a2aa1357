//! Activities: listing (mine, a record's, overdue), scheduling with a type by name or XML
//! id, completing with feedback (gone from the list, the feedback on the record's chatter),
//! and the refusals — a denied model, a bad date, an unknown type, someone else's rights.

use serde_json::{Value, json};

use crate::harness::{Client, Era, confirmed, demo, fails, ok};

/// The ids of the activities `args` lists.
async fn listed(client: &Client, args: Value) -> Vec<i64> {
    let (out, _) = ok(client, "list_activities", args).await;
    out["activities"]
        .as_array()
        .expect("activities")
        .iter()
        .filter_map(|a| a["id"].as_i64())
        .collect()
}

#[tokio::test]
async fn mine_and_overdue_are_listed_compactly_soonest_first() {
    let (_sim, client) = demo(Era::Discover).await;
    let (out, text) = ok(&client, "list_activities", json!({})).await;
    // The demo admin has three open activities; the demo user's fourth is not theirs.
    assert_eq!(out["total"], 3, "{out}");
    let first = &out["activities"][0];
    assert_eq!(first["type"], "Call");
    assert_eq!(first["state"], "overdue");
    assert_eq!(first["model"], "res.partner");
    assert_eq!(first["record"], "Acme Corporation");
    assert!(
        text.contains("Call [overdue] Call back about volume pricing"),
        "{text}"
    );
    let (overdue, _) = ok(&client, "list_activities", json!({"overdue": true})).await;
    assert_eq!(overdue["total"], 2);
    assert!(
        overdue["activities"]
            .as_array()
            .expect("activities")
            .iter()
            .all(|a| a["state"] == "overdue")
    );
    let (paged, _) = ok(&client, "list_activities", json!({"limit": 1})).await;
    assert_eq!(paged["next_offset"], 1);
    // Everyone's, on one record.
    let (record, _) = ok(
        &client,
        "list_activities",
        json!({"model": "res.partner", "id": 15}),
    )
    .await;
    assert_eq!(record["total"], 1);
    assert_eq!(record["activities"][0]["type"], "To-Do");
}

#[tokio::test]
async fn an_activity_is_scheduled_then_completed_with_feedback() {
    let (_sim, client) = demo(Era::Initialize).await;
    let (out, text) = confirmed(
        &client,
        "schedule_activity",
        json!({"model": "crm.lead", "id": 1, "activity_type": "mail.mail_activity_data_call",
               "due_date": "2031-03-02", "summary": "Discuss the layout",
               "note": "Bring <the> plans\nand prices"}),
    )
    .await;
    let id = out["id"].as_i64().expect("the activity id");
    assert_eq!(out["activity_type"], "Call");
    assert!(text.contains("Scheduled a Call due 2031-03-02"), "{text}");
    assert!(
        listed(&client, json!({"model": "crm.lead", "id": 1}))
            .await
            .contains(&id)
    );
    assert!(
        listed(&client, json!({})).await.contains(&id),
        "assigned to me"
    );
    assert!(
        !listed(&client, json!({"overdue": true}))
            .await
            .contains(&id)
    );
    let (done, text) = confirmed(
        &client,
        "complete_activity",
        json!({"id": id, "feedback": "They agree.\nSend the contract."}),
    )
    .await;
    assert!(done["message_id"].as_i64().is_some(), "{done}");
    assert!(text.contains("done"), "{text}");
    assert!(
        !listed(&client, json!({"model": "crm.lead", "id": 1}))
            .await
            .contains(&id)
    );
    let (messages, _) = ok(
        &client,
        "list_messages",
        json!({"model": "crm.lead", "id": 1}),
    )
    .await;
    let newest = messages["messages"][0]["body"].as_str().expect("a body");
    assert!(newest.contains("Call done: Discuss the layout"), "{newest}");
    assert!(
        newest.contains("They agree.\nSend the contract."),
        "{newest}"
    );
    // Done is done.
    let again = fails(&client, "complete_activity", json!({"id": id})).await;
    assert!(again.contains("list_activities"), "{again}");
}

#[tokio::test]
async fn types_by_name_dry_runs_and_refusals() {
    let (sim, client) = demo(Era::Initialize).await;
    let (preview, _) = ok(
        &client,
        "schedule_activity",
        json!({"model": "res.partner", "id": 9, "activity_type": "meeting",
               "due_date": "2031-01-01", "dry_run": true}),
    )
    .await;
    assert!(preview["dry_run"].is_object(), "{preview}");
    assert_eq!(preview["activity_type"], "Meeting");
    assert_eq!(sim.request_count("res.partner", "activity_schedule"), 0);
    let unknown = fails(
        &client,
        "schedule_activity",
        json!({"model": "res.partner", "id": 9, "activity_type": "Lunch", "due_date": "2031-01-01"}),
    )
    .await;
    assert!(unknown.contains("unknown activity type"), "{unknown}");
    for name in ["To-Do", "Call", "Email", "Meeting"] {
        assert!(unknown.contains(name), "{unknown}");
    }
    for bad in ["31/12/2026", "2026-02-30", "next week"] {
        let refused = fails(
            &client,
            "schedule_activity",
            json!({"model": "res.partner", "id": 9, "due_date": bad}),
        )
        .await;
        assert!(refused.contains("YYYY-MM-DD"), "{bad}: {refused}");
    }
    let denied = fails(
        &client,
        "schedule_activity",
        json!({"model": "ir.config_parameter", "id": 1, "due_date": "2031-01-01"}),
    )
    .await;
    assert!(denied.contains("ir.config_parameter"), "{denied}");
    let half = fails(&client, "list_activities", json!({"model": "res.partner"})).await;
    assert!(half.contains("both"), "{half}");
    assert_eq!(sim.request_count("res.partner", "activity_schedule"), 0);
}
