//! Tests of what every tool shares: schemas every client can parse, annotations, arguments.

use odoo_client::Domain;
use serde_json::{Value, json};

use super::*;

const BANNED: &[&str] = &["anyOf", "oneOf", "allOf", "$ref", "$defs", "definitions"];

fn banned_keywords(schema: &Value, path: &str, found: &mut Vec<String>) {
    match schema {
        Value::Object(map) => {
            for (k, v) in map {
                // Property names are data, not keywords.
                let is_property_map = path.ends_with("/properties");
                if !is_property_map && BANNED.contains(&k.as_str()) {
                    found.push(format!("{path}/{k}"));
                }
                banned_keywords(v, &format!("{path}/{k}"), found);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                banned_keywords(v, &format!("{path}/{i}"), found);
            }
        }
        _ => {}
    }
}

#[test]
fn every_schema_is_flat_with_an_object_root() {
    let tools = router(true).list_all();
    assert_eq!(tools.len(), CATALOGUE.len());
    let mut found = Vec::new();
    for tool in &tools {
        let input = Value::Object(tool.input_schema.as_ref().clone());
        assert_eq!(input["type"], "object", "{} input root", tool.name);
        banned_keywords(&input, &format!("{}:input", tool.name), &mut found);
        let output = Value::Object(
            tool.output_schema
                .as_ref()
                .expect("output schema")
                .as_ref()
                .clone(),
        );
        assert_eq!(output["type"], "object", "{} output root", tool.name);
        banned_keywords(&output, &format!("{}:output", tool.name), &mut found);
        assert!(tool.title.is_some(), "{} has a title", tool.name);
        assert!(
            !input.to_string().contains("\"default\":null"),
            "{} has null defaults",
            tool.name
        );
        assert!(
            tool.description.as_ref().is_some_and(|d| d.len() > 80),
            "{} described",
            tool.name
        );
    }
    assert!(
        found.is_empty(),
        "keywords some clients cannot parse: {found:#?}"
    );
}

#[test]
fn the_walker_finds_nested_refs() {
    let mut found = Vec::new();
    banned_keywords(
        &json!({"properties": {"a": {"items": {"$ref": "#/x"}}, "anyOf": {}}}),
        "",
        &mut found,
    );
    assert_eq!(found, ["/properties/a/items/$ref"]);
}

#[test]
fn write_tools_are_hidden_unless_enabled() {
    let names: Vec<String> = router(false)
        .list_all()
        .into_iter()
        .map(|t| t.name.into_owned())
        .collect();
    assert_eq!(
        names.len(),
        CATALOGUE.iter().filter(|(_, t)| !t.writes()).count()
    );
    assert!(names.iter().all(|n| !is_write_tool(n)));
}

#[test]
fn annotations_match_what_each_tool_does() {
    for tool in router(true).list_all() {
        let a = tool.annotations.clone().expect("annotations");
        let write = is_write_tool(&tool.name);
        assert_eq!(a.read_only_hint, Some(!write), "{}", tool.name);
        if !write {
            assert_eq!(a.idempotent_hint, Some(true), "{}", tool.name);
        }
        match tool.name.as_ref() {
            "delete_records" | "call_method" => assert_eq!(a.destructive_hint, Some(true)),
            "create_records" | "upload_attachment" | "post_message" | "schedule_activity"
            | "complete_activity" => assert_eq!(a.idempotent_hint, Some(false)),
            "update_records" => assert_eq!(a.idempotent_hint, Some(true)),
            _ => {}
        }
    }
}

#[test]
fn unknown_arguments_are_refused() {
    let err = serde_json::from_value::<search_records::SearchRecordsParams>(
        json!({"model": "res.partner", "filter": []}),
    )
    .unwrap_err();
    assert!(err.to_string().contains("unknown field `filter`"), "{err}");
}

#[test]
fn optional_arguments_accept_null() {
    let p: search_records::SearchRecordsParams =
        serde_json::from_value(json!({"model": "res.partner", "limit": null, "fields": null}))
            .unwrap();
    assert!(p.limit.is_none() && p.fields.is_none());
}

#[test]
fn ids_are_validated() {
    assert!(validate_ids(&[1, 2], 10).is_ok());
    assert!(
        validate_ids(&[], 10)
            .unwrap_err()
            .message()
            .contains("empty")
    );
    assert!(
        validate_ids(&[0], 10)
            .unwrap_err()
            .message()
            .contains("positive")
    );
    assert!(
        validate_ids(&[1, 2, 3], 2)
            .unwrap_err()
            .message()
            .contains("at most 2")
    );
}

#[test]
fn empty_domains_match_everything() {
    assert_eq!(parse_domain(None).unwrap(), Domain::default());
    assert_eq!(parse_domain(Some(vec![])).unwrap(), Domain::default());
    let err = parse_domain(Some(vec![json!(["name", "equals", "x"])])).unwrap_err();
    assert!(
        err.message().contains("prefix notation"),
        "{}",
        err.message()
    );
}

#[test]
fn the_catalogue_names_exactly_the_routed_tools() {
    let mut routed: Vec<String> = router(true)
        .list_all()
        .into_iter()
        .map(|t| t.name.into_owned())
        .collect();
    routed.sort();
    let mut listed: Vec<&str> = CATALOGUE.iter().map(|(n, _)| *n).collect();
    listed.sort_unstable();
    assert_eq!(routed, listed);
}
