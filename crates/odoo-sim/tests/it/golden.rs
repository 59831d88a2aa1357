//! Golden wire tests: replays the real Odoo 19 recordings in `shared/odoo-protocol/samples`
//! against a simulator and compares status, headers and the body (exactly where the body does
//! not depend on data, by shape otherwise).
//!
//! The samples directory is `$ODOO_PROTOCOL_SAMPLES`, or `../../../shared/odoo-protocol/samples`
//! from this crate.

use std::path::PathBuf;

use serde_json::{Map, Value};

use crate::support::{Answer, client, sim};

/// Samples deliberately not replayed, with the reason (none at the moment).
const NOT_REPLAYED: &[(&str, &str)] = &[];

/// XML-RPC samples whose answer depends on the data or on a traceback's chain: compared with
/// [`crate::xmlrpc::xml_shape_diff`] (same markup, values masked) instead of byte for byte.
const XML_SHAPE_ONLY: &[&str] = &[
    "xmlrpc_execute_kw_search_read.json",
    "xmlrpc_fault_bad_field.json",
];

/// Objects keyed by record ids (which differ between the recorded database and the generated
/// one): each served entry must have the shape of the first recorded entry.
const ID_KEYED: &[(&str, &str)] = &[(
    "web_session_authenticate.json",
    "/result/user_companies/allowed_companies",
)];

/// Replaces the id-keyed object at `pointer` with `{"<id>": its first entry}`.
fn collapse_id_keyed(body: &mut Value, pointer: &str) {
    if let Some(Value::Object(map)) = body.pointer_mut(pointer) {
        let first = map.values().next().cloned();
        map.clear();
        if let Some(first) = first {
            map.insert("<id>".to_owned(), first);
        }
    }
}

/// Samples whose whole body must be equal: it does not depend on the generated data.
const EXACT: &[&str] = &[
    "json2_check_access_rights.json",
    "json2_default_get.json",
    "json2_fields_get.json",
    "json2_has_access.json",
    "json2_read_missing_record_returns_empty.json",
    "json2_unlink.json",
    "json2_write.json",
    "jsonrpc_check_access_rights.json",
    "jsonrpc_common_authenticate.json",
    "jsonrpc_common_login.json",
    "jsonrpc_common_login_apikey.json",
    "jsonrpc_common_login_badpass.json",
    "jsonrpc_common_version.json",
    "jsonrpc_db_list.json",
    "jsonrpc_read_missing_record_returns_empty.json",
    "web_version.json",
];

/// `fields_get` samples recorded on a database without crm/calendar: every recorded field
/// must be served, with every attribute except these (`help` and `groups` are served by the
/// engine's tables, so none is omitted any more).
const FIELDS_SUBSET: &[&str] = &[
    "json2_fields_get_partner_full.json",
    "jsonrpc_fields_get_sale_order.json",
];
const OMITTED_ATTRIBUTES: &[&str] = &[];

/// Samples recorded before crm/calendar were installed: records may carry more fields.
const WITHOUT_CRM: &[&str] = &["json2_empty_body_search_read_all_fields.json"];

/// Error samples whose message depends on the implementation (a parser's wording, SQL text):
/// only the exception name (and the message prefix given) is compared.
const LOOSE_MESSAGE: &[(&str, &str)] = &[
    (
        "json2_error_invalid_json.json",
        "could not parse the body as json: ",
    ),
    (
        "json2_error_limit_string.json",
        "invalid input syntax for type bigint",
    ),
];

fn samples_dir() -> PathBuf {
    std::env::var_os("ODOO_PROTOCOL_SAMPLES").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/odoo-protocol/samples"),
        PathBuf::from,
    )
}

/// Replaces the key placeholders of the recordings with the simulator's keys.
fn fill(value: &Value, admin: &str, reader: &str) -> Value {
    match value {
        Value::String(s) => Value::String(
            s.replace("<admin API key>", admin)
                .replace("<reader API key>", reader),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| fill(v, admin, reader)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), fill(v, admin, reader)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Compares the shape of `actual` with `expected`: same keys, same JSON types, recursively
/// (arrays element by element up to the shorter one). `false` matches any non-boolean: it is
/// Odoo's empty value for many2one, char and date fields, so which one appears depends on data.
fn shape_diff(path: &str, expected: &Value, actual: &Value, out: &mut Vec<String>) {
    shape_diff_with(path, expected, actual, false, out);
}

/// [`shape_diff`], where `extra_ok` accepts keys the recording lacks.
fn shape_diff_with(
    path: &str,
    expected: &Value,
    actual: &Value,
    extra_ok: bool,
    out: &mut Vec<String>,
) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            let missing: Vec<&String> = e.keys().filter(|k| !a.contains_key(*k)).collect();
            let extra: Vec<&String> = a.keys().filter(|k| !e.contains_key(*k)).collect();
            if !missing.is_empty() {
                out.push(format!("{path}: missing keys {missing:?}"));
            }
            if !extra.is_empty() && !extra_ok {
                out.push(format!("{path}: unexpected keys {extra:?}"));
            }
            for (k, ev) in e {
                if let Some(av) = a.get(k) {
                    shape_diff_with(&format!("{path}.{k}"), ev, av, extra_ok, out);
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                // The recordings cut long lists with a "... N more records trimmed ..." string.
                if ev
                    .as_str()
                    .is_some_and(|t| t.starts_with("... ") && t.contains("trimmed"))
                {
                    break;
                }
                shape_diff_with(&format!("{path}[{i}]"), ev, av, extra_ok, out);
            }
        }
        (Value::Bool(false), a) if !a.is_boolean() => {}
        (e, Value::Bool(false)) if !e.is_boolean() => {}
        (e, a) if kind(e) == kind(a) => {}
        (e, a) => out.push(format!(
            "{path}: expected {} ({}), got {} ({})",
            kind(e),
            short(e),
            kind(a),
            short(a)
        )),
    }
}

/// Every recorded field is served with the recorded attributes (except [`OMITTED_ATTRIBUTES`]).
fn fields_subset_diff(expected: &Value, actual: &Value, out: &mut Vec<String>) {
    let (Some(want), Some(got)) = (expected.as_object(), actual.as_object()) else {
        out.push(format!(
            "fields_get: expected an object, got {}",
            short(actual)
        ));
        return;
    };
    for (field, attributes) in want {
        let Some(served) = got.get(field) else {
            out.push(format!("fields_get: field {field} is not served"));
            continue;
        };
        let mut trimmed = attributes.clone();
        if let Some(map) = trimmed.as_object_mut() {
            map.retain(|k, _| !OMITTED_ATTRIBUTES.contains(&k.as_str()));
        }
        let mut served = served.clone();
        if let Some(map) = served.as_object_mut() {
            map.retain(|k, _| !OMITTED_ATTRIBUTES.contains(&k.as_str()));
        }
        shape_diff(&format!("fields_get.{field}"), &trimmed, &served, out);
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 80 {
        format!("{}…", s.chars().take(80).collect::<String>())
    } else {
        s
    }
}

/// The exception object of an error answer (JSON-2 body or JSON-RPC `error.data`).
fn exception(body: &Value) -> Option<&Map<String, Value>> {
    let e = body.pointer("/error/data").unwrap_or(body);
    e.as_object()
        .filter(|m| m.contains_key("name") && m.contains_key("debug"))
}

/// Replays one sample; returns the differences found.
async fn replay(sim: &odoo_sim::SimHandle, file: &str, sample: &Value) -> Vec<String> {
    let sample = fill(sample, sim.admin_api_key(), sim.reader_api_key());
    let request = &sample["request"];
    let expected = &sample["response"];
    let method =
        reqwest::Method::from_bytes(request["method"].as_str().unwrap_or("POST").as_bytes())
            .unwrap_or(reqwest::Method::POST);
    let url = format!("{}{}", sim.url(), request["path"].as_str().unwrap_or("/"));
    let mut builder = client().request(method, url);
    for (name, value) in request["headers"].as_object().into_iter().flatten() {
        builder = builder.header(name.as_str(), value.as_str().unwrap_or(""));
    }
    builder = match &request["body"] {
        Value::String(raw) => builder.body(raw.clone()),
        body => builder.body(body.to_string()),
    };
    let answer = match builder.send().await {
        Ok(response) => Answer::read(response).await,
        Err(e) => return vec![format!("no answer: {e}")],
    };
    let mut diffs = Vec::new();
    let want_status = expected["status"].as_u64().unwrap_or(0);
    if u64::from(answer.status) != want_status {
        diffs.push(format!(
            "status: expected {want_status}, got {}",
            answer.status
        ));
    }
    for (name, value) in expected["headers"].as_object().into_iter().flatten() {
        let want = value.as_str().unwrap_or("").trim();
        let got = answer.header(name).map(str::trim);
        if got != Some(want) {
            diffs.push(format!("header {name}: expected {want:?}, got {got:?}"));
        }
    }
    let want_body = &expected["body"];
    if let (Some(want), Some(got)) = (
        want_body.as_str().filter(|b| b.starts_with("<?xml")),
        answer.body.as_str(),
    ) {
        if XML_SHAPE_ONLY.contains(&file) {
            diffs.extend(crate::xmlrpc::xml_shape_diff(want, got));
        } else if want != got {
            diffs.push(format!(
                "XML body differs:\n  expected {want:?}\n  got      {got:?}"
            ));
        }
        return diffs;
    }
    if let Value::String(html) = want_body {
        let prefix = html
            .split("... (HTML page trimmed) ...")
            .next()
            .unwrap_or("")
            .trim_end();
        let got = answer.body.as_str().unwrap_or("");
        if !got.starts_with(prefix) {
            diffs.push(format!(
                "HTML body: expected to start with {prefix:?}, got {:?}",
                short(&answer.body)
            ));
        }
        return diffs;
    }
    if EXACT.contains(&file) {
        if answer.body != *want_body {
            diffs.push(format!(
                "body differs:\n  expected {}\n  got      {}",
                short(want_body),
                short(&answer.body)
            ));
        }
        return diffs;
    }
    if FIELDS_SUBSET.contains(&file) {
        let want = want_body.get("result").unwrap_or(want_body);
        let got = answer.body.get("result").unwrap_or(&answer.body);
        fields_subset_diff(want, got, &mut diffs);
        return diffs;
    }
    let extra_ok = WITHOUT_CRM.contains(&file);
    let (mut want_shape, mut got_shape) = (want_body.clone(), answer.body.clone());
    for (_, pointer) in ID_KEYED.iter().filter(|(f, _)| *f == file) {
        collapse_id_keyed(&mut want_shape, pointer);
        collapse_id_keyed(&mut got_shape, pointer);
    }
    shape_diff_with("body", &want_shape, &got_shape, extra_ok, &mut diffs);
    if let (Some(want), Some(got)) = (exception(want_body), exception(&answer.body)) {
        if want.get("name") != got.get("name") {
            diffs.push(format!(
                "exception name: expected {:?}, got {:?}",
                want.get("name"),
                got.get("name")
            ));
        }
        let want_message = want.get("message").and_then(Value::as_str).unwrap_or("");
        let got_message = got.get("message").and_then(Value::as_str).unwrap_or("");
        let loose = LOOSE_MESSAGE
            .iter()
            .find(|(f, _)| *f == file)
            .map(|(_, prefix)| *prefix);
        let message_ok = match loose {
            Some(prefix) => got_message.starts_with(prefix),
            None => got_message == want_message,
        };
        if !message_ok {
            diffs.push(format!(
                "message: expected {want_message:?}, got {got_message:?}"
            ));
        }
    }
    if let Some(code) = want_body.pointer("/error/code")
        && answer.body.pointer("/error/code") != Some(code)
    {
        let got = answer.body.pointer("/error/code");
        diffs.push(format!("error code: expected {code}, got {got:?}"));
    }
    diffs
}

#[tokio::test]
async fn the_recorded_exchanges_replay_identically() {
    let dir = samples_dir();
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("the samples at {} are readable: {e}", dir.display()))
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".json"))
        .collect();
    files.sort();
    assert!(
        files.len() > 50,
        "expected the recordings in {}",
        dir.display()
    );
    let sim = sim(19).await;
    let mut failures = Vec::new();
    let mut replayed = 0;
    for file in &files {
        if NOT_REPLAYED
            .iter()
            .any(|(prefix, _)| file.starts_with(prefix))
        {
            continue;
        }
        let text = std::fs::read_to_string(dir.join(file)).expect("readable sample");
        let sample: Value = serde_json::from_str(&text).expect("a JSON sample");
        let diffs = replay(&sim, file, &sample).await;
        replayed += 1;
        if !diffs.is_empty() {
            failures.push(format!("{file}:\n    {}", diffs.join("\n    ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {replayed} replayed samples differ from the recordings:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn shape_comparison_reports_keys_and_types() {
    use serde_json::json;
    let mut out = Vec::new();
    shape_diff(
        "b",
        &json!({"a": 1, "b": [{"x": "s"}]}),
        &json!({"a": 2, "b": [{"x": "t"}, {"y": 1}]}),
        &mut out,
    );
    assert!(out.is_empty(), "{out:?}");
    shape_diff(
        "b",
        &json!({"a": 1, "m": false}),
        &json!({"a": "1", "m": [1, "x"], "z": 0}),
        &mut out,
    );
    assert_eq!(out.len(), 2, "{out:?}");
}
