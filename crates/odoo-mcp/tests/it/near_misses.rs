//! What language models really send: argument near-misses the server accepts (same answer as
//! the canonical form) and mistakes it answers with an error saying what to send instead.

use serde_json::{Value, json};

use crate::harness::{Era, demo, fails, ok, records};

fn ids_of(out: &Value) -> Vec<i64> {
    records(out)
        .iter()
        .filter_map(|r| r["id"].as_i64())
        .collect()
}

#[tokio::test]
async fn domains_as_strings_and_bare_conditions_match_the_canonical_domain() {
    let (_sim, client) = demo(Era::Initialize).await;
    let base = json!({"model": "res.partner", "fields": ["name"], "order": "id", "limit": 50});
    let search = |domain: Value| {
        let mut args = base.clone();
        args["domain"] = domain;
        args
    };
    let (want, _) = ok(
        &client,
        "search_records",
        search(json!([["is_company", "=", true]])),
    )
    .await;
    assert!(want["total"].as_u64().expect("total") > 0);
    for near_miss in [
        json!("[[\"is_company\", \"=\", true]]"),
        json!("[('is_company', '=', True)]"),
        json!(["is_company", "=", true]),
    ] {
        let (got, _) = ok(&client, "search_records", search(near_miss.clone())).await;
        assert_eq!(ids_of(&got), ids_of(&want), "{near_miss}");
        assert_eq!(got["total"], want["total"], "{near_miss}");
    }
    let (count, _) = ok(
        &client,
        "count_records",
        json!({"model": "res.partner", "domain": "[('is_company','=',True)]"}),
    )
    .await;
    assert_eq!(count["count"], want["total"]);
}

#[tokio::test]
async fn unreadable_domain_strings_say_what_to_send() {
    let (_sim, client) = demo(Era::Initialize).await;
    let msg = fails(
        &client,
        "search_records",
        json!({"model": "res.partner", "domain": "[('date', '>=', context_today())]"}),
    )
    .await;
    assert!(
        msg.starts_with("Invalid argument: search_records: `domain`:")
            && msg.contains("`context_today` at character 17 is not a literal")
            && msg.contains("[[\"name\", \"ilike\", \"acme\"]]"),
        "{msg}"
    );
}

#[tokio::test]
async fn ids_counts_and_field_lists_as_strings_are_accepted() {
    let (_sim, client) = demo(Era::Discover).await;
    let (read, _) = ok(
        &client,
        "read_records",
        json!({"model": "res.partner", "ids": "3", "fields": "name, email"}),
    )
    .await;
    assert_eq!(ids_of(&read), vec![3]);
    assert_eq!(read["fields"], json!(["name", "email"]));
    let (read, _) = ok(
        &client,
        "read_records",
        json!({"model": "res.partner", "ids": 3}),
    )
    .await;
    assert_eq!(ids_of(&read), vec![3]);
    let (page, _) = ok(
        &client,
        "search_records",
        json!({"model": "res.partner", "limit": "2", "offset": "1", "order": "id"}),
    )
    .await;
    assert_eq!(page["returned"], 2);
    assert_eq!(page["offset"], 1);
    assert_eq!(page["next_offset"], 3);
    let (groups, _) = ok(
        &client,
        "aggregate_records",
        json!({"model": "res.partner", "group_by": "is_company"}),
    )
    .await;
    assert_eq!(groups["group_by"], json!(["is_company"]));
}

#[tokio::test]
async fn the_last_page_has_no_next_offset_key() {
    let (_sim, client) = demo(Era::Initialize).await;
    let (page, _) = ok(
        &client,
        "search_records",
        json!({"model": "res.partner", "domain": [["id", "=", 3]]}),
    )
    .await;
    assert_eq!(page["returned"], 1);
    assert!(page.get("next_offset").is_none(), "{page}");
}

#[tokio::test]
async fn unknown_and_malformed_arguments_name_the_allowed_ones() {
    let (_sim, client) = demo(Era::Initialize).await;
    for (wrong, right) in [
        ("filters", "domain"),
        ("where", "domain"),
        ("domain_filter", "domain"),
        ("fields_list", "fields"),
    ] {
        let msg = fails(
            &client,
            "search_records",
            json!({"model": "res.partner", wrong: []}),
        )
        .await;
        assert!(
            msg.contains(&format!("search_records has no argument `{wrong}`"))
                && msg.contains(&format!("Did you mean `{right}`?"))
                && msg.contains(
                    "Arguments: instance, model (required), domain, fields, limit, offset, order."
                ),
            "{msg}"
        );
    }
    let msg = fails(
        &client,
        "search_records",
        json!({"model": "res.partner", "limit": "lots"}),
    )
    .await;
    assert!(
        msg.contains("`limit`: expected a whole number ≥ 0") && msg.contains("Arguments:"),
        "{msg}"
    );
    let msg = fails(&client, "read_records", json!({"ids": [1]})).await;
    assert!(msg.contains("missing argument `model`"), "{msg}");
    let msg = fails(
        &client,
        "read_records",
        json!({"model": "res.partner", "ids": ["three"]}),
    )
    .await;
    assert!(msg.contains("`ids`: record ids are integers"), "{msg}");
}

#[tokio::test]
async fn relational_values_in_read_shape_are_converted_on_write() {
    let (_sim, client) = demo(Era::Initialize).await;
    // A company and two tags, as read returns them.
    let (company, _) = ok(
        &client,
        "search_records",
        json!({"model": "res.partner", "domain": [["is_company", "=", true]], "fields": ["name"], "limit": 1}),
    )
    .await;
    let company = records(&company)[0].clone();
    let company_id = company["id"].as_i64().expect("company id");
    let (tags, _) = ok(
        &client,
        "search_records",
        json!({"model": "res.partner.category", "fields": ["name"], "limit": 2, "order": "id"}),
    )
    .await;
    let tag_ids = ids_of(&tags);
    assert_eq!(tag_ids.len(), 2, "the demo data has tags");

    let (created, _) = ok(
        &client,
        "create_records",
        json!({"model": "res.partner", "records": [{
            "name": "Near Miss Contact",
            "parent_id": {"id": company_id, "name": company["name"]},
            "category_id": tag_ids,
        }]}),
    )
    .await;
    let id = created["ids"][0].as_i64().expect("new id");
    let (read, _) = ok(
        &client,
        "read_records",
        json!({"model": "res.partner", "ids": [id], "fields": ["parent_id", "category_id"]}),
    )
    .await;
    assert_eq!(records(&read)[0]["parent_id"][0], company_id);
    let mut linked: Vec<i64> = records(&read)[0]["category_id"]
        .as_array()
        .expect("tags")
        .iter()
        .filter_map(|t| t.as_i64().or_else(|| t["id"].as_i64()))
        .collect();
    linked.sort_unstable();
    assert_eq!(linked, tag_ids);

    // `[id, name]` for a many2one on update; a list of ids replaces the tags.
    ok(
        &client,
        "update_records",
        json!({"model": "res.partner", "ids": id, "values": {
            "parent_id": [company_id, "whatever"],
            "category_id": [tag_ids[1]],
        }}),
    )
    .await;
    let (read, _) = ok(
        &client,
        "read_records",
        json!({"model": "res.partner", "ids": [id], "fields": ["category_id"]}),
    )
    .await;
    let linked: Vec<i64> = records(&read)[0]["category_id"]
        .as_array()
        .expect("tags")
        .iter()
        .filter_map(|t| t.as_i64().or_else(|| t["id"].as_i64()))
        .collect();
    assert_eq!(linked, vec![tag_ids[1]]);

    let msg = fails(
        &client,
        "update_records",
        json!({"model": "res.partner", "ids": [id], "values": {"parent_id": "Acme"}}),
    )
    .await;
    assert!(
        msg.contains("`parent_id` is a many2one") && msg.contains("name_search"),
        "{msg}"
    );
}
