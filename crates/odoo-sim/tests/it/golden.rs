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

/// XML-RPC samples whose answer depends on the generated data: compared with
/// [`crate::xmlrpc::xml_shape_diff`] (same markup, values masked) instead of byte for byte.
const XML_SHAPE_ONLY: &[&str] = &["xmlrpc_execute_kw_search_read.json"];

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

/// Samples whose whole body must be equal: it does not depend on the generated data (the
/// partners read here are the reference records the dataset reproduces: the company, the
/// admin, and the first partner by name). Error bodies are compared exactly too, see
/// [`LOOSE_MESSAGE`].
const EXACT: &[&str] = &[
    "json2_check_access_rights.json",
    "json2_context_lang.json",
    "json2_default_get.json",
    "json2_fields_get.json",
    "json2_has_access.json",
    "json2_no_db_header.json",
    "json2_read_missing_record_returns_empty.json",
    "json2_read_with_ids.json",
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

/// The fields crm and calendar add to a model, which the recordings of [`FIELDS_GET_WITHOUT_CRM`]
/// and [`RECORDS_WITHOUT_CRM`] lack (made before those modules were installed) and the
/// simulator serves: `crates/odoo-sim/data/models/<model>.json` minus the recorded fields.
const CRM_ONLY_FIELDS: &[(&str, &[&str])] = &[
    (
        "res.partner",
        &[
            "activity_calendar_event_id",
            "calendar_last_notif_ack",
            "meeting_count",
            "meeting_ids",
            "opportunity_count",
            "opportunity_ids",
        ],
    ),
    (
        "sale.order",
        &["activity_calendar_event_id", "opportunity_id"],
    ),
];

/// `fields_get` samples recorded without crm/calendar, with their model: the served fields must
/// be exactly the recorded ones plus [`CRM_ONLY_FIELDS`], each recorded field with exactly the
/// recorded attributes.
const FIELDS_GET_WITHOUT_CRM: &[(&str, &str)] = &[
    ("json2_fields_get_partner_full.json", "res.partner"),
    ("jsonrpc_fields_get_sale_order.json", "sale.order"),
];

/// Record lists recorded without crm/calendar, with their model: each served record must have
/// exactly the recorded keys plus [`CRM_ONLY_FIELDS`], and each value the JSON type Odoo gives
/// its field's type (see [`fits_field_type`]); the values themselves are generated data.
const RECORDS_WITHOUT_CRM: &[(&str, &str)] = &[(
    "json2_empty_body_search_read_all_fields.json",
    "res.partner",
)];

/// Samples compared by shape (same keys, same JSON types) because the answer depends on the
/// generated data or on the installed modules, with the reason.
const SHAPE_ONLY: &[(&str, &str)] = &[
    ("json2_bearer_capitalized.json", "generated partners"),
    ("json2_copy.json", "the id of the new record"),
    ("json2_create.json", "the id of the new record"),
    (
        "json2_create_partner_vals_list.json",
        "the ids of the new records",
    ),
    (
        "json2_formatted_read_group.json",
        "groups of generated orders",
    ),
    (
        "json2_ir_model_search_read.json",
        "ir.model ids and order depend on the installed modules",
    ),
    ("json2_name_search.json", "generated partners"),
    (
        "json2_read_group_deprecated.json",
        "groups of generated orders",
    ),
    ("json2_reader_search_read.json", "generated partners"),
    ("json2_search_count.json", "count of generated records"),
    (
        "json2_search_count_reader.json",
        "count of generated records",
    ),
    ("json2_search_read.json", "generated partners"),
    (
        "json2_search_read_any_operator.json",
        "generated order lines",
    ),
    ("json2_search_read_dotted_path.json", "generated partners"),
    (
        "json2_search_read_partner_relations.json",
        "generated partners",
    ),
    (
        "json2_search_read_sale_order.json",
        "generated orders; date_order is relative to today",
    ),
    ("json2_web_search_read.json", "generated partners"),
    (
        "jsonrpc_execute_kw_read_group_sale.json",
        "groups of generated orders",
    ),
    (
        "jsonrpc_execute_kw_search_count.json",
        "count of generated records",
    ),
    ("jsonrpc_execute_kw_search_read.json", "generated partners"),
    (
        "jsonrpc_execute_kw_search_read_apikey.json",
        "generated partners",
    ),
    (
        "jsonrpc_formatted_read_group.json",
        "groups of generated orders",
    ),
    ("jsonrpc_name_search.json", "generated partners"),
    (
        "jsonrpc_reader_apikey_as_password.json",
        "generated partners",
    ),
    (
        "jsonrpc_search_count_reader.json",
        "count of generated records",
    ),
    ("jsonrpc_search_read_relations.json", "generated partners"),
    (
        "web_session_authenticate.json",
        "registry hash, user_settings id and company ids of the recorded database",
    ),
];

/// Error samples whose message depends on the implementation (SQL text and the caret under it
/// in the traceback): only the exception name and the message prefix given are compared. Every
/// other error body (name, message, arguments, context, debug; the JSON-RPC envelope) must be
/// equal.
const LOOSE_MESSAGE: &[(&str, &str)] = &[(
    "json2_error_limit_string.json",
    "invalid input syntax for type bigint",
)];

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
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            let missing: Vec<&String> = e.keys().filter(|k| !a.contains_key(*k)).collect();
            let extra: Vec<&String> = a.keys().filter(|k| !e.contains_key(*k)).collect();
            if !missing.is_empty() {
                out.push(format!("{path}: missing keys {missing:?}"));
            }
            if !extra.is_empty() {
                out.push(format!("{path}: unexpected keys {extra:?}"));
            }
            for (k, ev) in e {
                if let Some(av) = a.get(k) {
                    shape_diff(&format!("{path}.{k}"), ev, av, out);
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
                shape_diff(&format!("{path}[{i}]"), ev, av, out);
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

/// The fields of `model` that the crm/calendar-less recordings lack.
fn crm_only(model: &str) -> &'static [&'static str] {
    CRM_ONLY_FIELDS
        .iter()
        .find(|(m, _)| *m == model)
        .map_or(&[], |(_, fields)| *fields)
}

/// Reports keys of `served` that are neither recorded nor crm-only, and recorded keys missing.
fn key_set_diff(
    path: &str,
    recorded: &Map<String, Value>,
    served: &Map<String, Value>,
    model: &str,
    out: &mut Vec<String>,
) {
    let crm = crm_only(model);
    let missing: Vec<&String> = recorded
        .keys()
        .filter(|k| !served.contains_key(*k))
        .collect();
    let extra: Vec<&String> = served
        .keys()
        .filter(|k| !crm.contains(&k.as_str()) && !recorded.contains_key(*k))
        .collect();
    let crm_missing: Vec<&&str> = crm.iter().filter(|k| !served.contains_key(**k)).collect();
    if !missing.is_empty() {
        out.push(format!("{path}: missing keys {missing:?}"));
    }
    if !extra.is_empty() {
        out.push(format!("{path}: unexpected keys {extra:?}"));
    }
    if !crm_missing.is_empty() {
        out.push(format!(
            "{path}: crm/calendar keys not served {crm_missing:?}"
        ));
    }
}

/// `fields_get` of `model`: exactly the recorded fields plus the crm-only ones, each recorded
/// field with exactly the recorded attributes.
fn fields_get_diff(model: &str, expected: &Value, actual: &Value, out: &mut Vec<String>) {
    let (Some(want), Some(got)) = (expected.as_object(), actual.as_object()) else {
        out.push(format!(
            "fields_get: expected an object, got {}",
            short(actual)
        ));
        return;
    };
    key_set_diff("fields_get", want, got, model, out);
    for (field, attributes) in want {
        if let Some(served) = got.get(field)
            && served != attributes
        {
            out.push(format!(
                "fields_get.{field}: expected {}, got {}",
                short(attributes),
                short(served)
            ));
        }
    }
}

/// The Odoo type of each field of `model`, from the simulator's model metadata.
fn field_types(model: &str) -> Map<String, Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("data/models/{model}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{} is readable: {e}", path.display()));
    let fields: Map<String, Value> = serde_json::from_str(&text).expect("model metadata");
    fields
        .into_iter()
        .map(|(name, attrs)| (name, attrs["type"].clone()))
        .collect()
}

/// Whether `value` has the JSON type Odoo 19 gives a field of type `ftype` in `read`: `false`
/// for empty scalars and many2one, integers for integer, floats (`0.0`) for float/monetary,
/// `[id, name]` for many2one, id lists for x2many. Never `null`.
fn fits_field_type(ftype: &str, value: &Value) -> bool {
    let empty = value == &Value::Bool(false);
    match ftype {
        "integer" => value.is_i64() || value.is_u64(),
        "float" | "monetary" => value.is_f64(),
        "boolean" => value.is_boolean(),
        "char" | "text" | "html" | "selection" | "date" | "datetime" | "binary" => {
            empty || value.is_string()
        }
        "many2one" => {
            empty
                || value
                    .as_array()
                    .is_some_and(|pair| pair.len() == 2 && pair[0].is_u64() && pair[1].is_string())
        }
        "one2many" | "many2many" => value
            .as_array()
            .is_some_and(|ids| ids.iter().all(Value::is_u64)),
        "properties" => value.is_array(),
        "json" => empty || value.is_array() || value.is_object(),
        _ => !value.is_null(),
    }
}

/// Records of `model` recorded without crm/calendar: exact key sets and per-field JSON types.
fn records_diff(model: &str, expected: &Value, actual: &Value, out: &mut Vec<String>) {
    let types = field_types(model);
    let (Some(want), Some(got)) = (expected.as_array(), actual.as_array()) else {
        out.push(format!("records: expected a list, got {}", short(actual)));
        return;
    };
    let recorded: Vec<&Map<String, Value>> = want.iter().filter_map(Value::as_object).collect();
    let Some(keys) = recorded.first() else {
        out.push("records: the recording has no record".to_owned());
        return;
    };
    if got.is_empty() {
        out.push("records: none served".to_owned());
    }
    let check = |path: String, record: &Map<String, Value>, out: &mut Vec<String>| {
        for (field, value) in record {
            let ftype = types.get(field).and_then(Value::as_str).unwrap_or("");
            if !fits_field_type(ftype, value) {
                out.push(format!(
                    "{path}.{field}: {ftype} field holds {}",
                    short(value)
                ));
            }
        }
    };
    // The rule must hold for the recording itself, or it is not Odoo's.
    for (i, record) in recorded.iter().enumerate() {
        check(format!("recording[{i}]"), record, out);
    }
    for (i, record) in got.iter().enumerate() {
        let Some(record) = record.as_object() else {
            out.push(format!("body[{i}]: not an object: {}", short(record)));
            continue;
        };
        key_set_diff(&format!("body[{i}]"), keys, record, model, out);
        check(format!("body[{i}]"), record, out);
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
    let loose = LOOSE_MESSAGE
        .iter()
        .find(|(f, _)| *f == file)
        .map(|(_, prefix)| *prefix);
    let is_error = exception(want_body).is_some();
    if EXACT.contains(&file) || (is_error && loose.is_none()) {
        if answer.body != *want_body {
            diffs.push(format!(
                "body differs:\n  expected {}\n  got      {}",
                short(want_body),
                short(&answer.body)
            ));
        }
        return diffs;
    }
    if let Some((_, model)) = FIELDS_GET_WITHOUT_CRM.iter().find(|(f, _)| *f == file) {
        let want = want_body.get("result").unwrap_or(want_body);
        let got = answer.body.get("result").unwrap_or(&answer.body);
        fields_get_diff(model, want, got, &mut diffs);
        let (mut want_rest, mut got_rest) = (want_body.clone(), answer.body.clone());
        for rest in [&mut want_rest, &mut got_rest] {
            if let Some(map) = rest.as_object_mut() {
                map.remove("result");
            }
        }
        if want_body.get("result").is_some() && want_rest != got_rest {
            diffs.push(format!("envelope: expected {want_rest}, got {got_rest}"));
        }
        return diffs;
    }
    if let Some((_, model)) = RECORDS_WITHOUT_CRM.iter().find(|(f, _)| *f == file) {
        records_diff(model, want_body, &answer.body, &mut diffs);
        return diffs;
    }
    if !is_error && !SHAPE_ONLY.iter().any(|(f, _)| *f == file) {
        diffs.push("not classified: add it to EXACT or SHAPE_ONLY (with the reason)".to_owned());
    }
    let (mut want_shape, mut got_shape) = (want_body.clone(), answer.body.clone());
    for (_, pointer) in ID_KEYED.iter().filter(|(f, _)| *f == file) {
        collapse_id_keyed(&mut want_shape, pointer);
        collapse_id_keyed(&mut got_shape, pointer);
    }
    shape_diff("body", &want_shape, &got_shape, &mut diffs);
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
        let mut diffs = replay(&sim, file, &sample).await;
        replayed += 1;
        if !diffs.is_empty() {
            let more = diffs.len().saturating_sub(12);
            diffs.truncate(12);
            if more > 0 {
                diffs.push(format!("… and {more} more"));
            }
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

#[test]
fn the_crm_only_lists_are_the_model_metadata_minus_the_recordings() {
    let dir = samples_dir();
    for (file, model) in FIELDS_GET_WITHOUT_CRM.iter().chain(RECORDS_WITHOUT_CRM) {
        let text = std::fs::read_to_string(dir.join(file)).expect("readable sample");
        let sample: Value = serde_json::from_str(&text).expect("a JSON sample");
        let body = &sample["response"]["body"];
        let recorded = body
            .get("result")
            .or_else(|| body.get(0))
            .unwrap_or(body)
            .as_object()
            .expect("recorded fields");
        let served = field_types(model);
        let mut extra: Vec<&str> = served
            .keys()
            .filter(|k| !recorded.contains_key(*k))
            .map(String::as_str)
            .collect();
        extra.sort_unstable();
        let mut listed = crm_only(model).to_vec();
        listed.sort_unstable();
        assert_eq!(extra, listed, "{file}: fields the recording lacks");
        let unknown: Vec<&String> = recorded
            .keys()
            .filter(|k| !served.contains_key(*k))
            .collect();
        assert!(unknown.is_empty(), "{file}: not in the model: {unknown:?}");
    }
}

#[test]
fn field_type_rules_accept_odoo_values_and_reject_others() {
    use serde_json::json;
    let fits = [
        ("integer", json!(3)),
        ("float", json!(0.0)),
        ("monetary", json!(12.5)),
        ("char", json!(false)),
        ("date", json!("2026-01-01")),
        ("many2one", json!([1, "USD"])),
        ("many2one", json!(false)),
        ("one2many", json!([])),
        ("many2many", json!([4, 5])),
        ("properties", json!([])),
        ("json", json!(["x"])),
    ];
    for (ftype, value) in &fits {
        assert!(fits_field_type(ftype, value), "{ftype} {value}");
    }
    let misfits = [
        ("integer", json!(false)),
        ("float", json!(0)),
        ("char", json!(null)),
        ("many2one", json!(1)),
        ("many2one", json!([1])),
        ("one2many", json!(false)),
        ("properties", json!(false)),
        ("boolean", json!(0)),
    ];
    for (ftype, value) in &misfits {
        assert!(!fits_field_type(ftype, value), "{ftype} {value}");
    }
}
