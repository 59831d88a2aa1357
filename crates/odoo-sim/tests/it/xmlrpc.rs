//! XML-RPC (`/xmlrpc/2/*`, legacy `/xmlrpc/*`) and the web session login, seen from HTTP
//! clients — including Python's own `xmlrpc.client`, a real client we did not write.

use serde_json::{Value, json};

use crate::support::{Answer, client, jsonrpc, sim};

/// Replaces the text of every `<string>`, `<int>` and `<name>` element with a placeholder, so
/// two answers compare by markup alone.
fn mask_values(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    'scan: while !rest.is_empty() {
        for tag in ["string", "int", "name"] {
            let open = format!("<{tag}>");
            let close = format!("</{tag}>");
            if let Some(after) = rest.strip_prefix(open.as_str())
                && let Some(end) = after.find(close.as_str())
            {
                out.push_str(&open);
                out.push('…');
                out.push_str(&close);
                rest = &after[end + close.len()..];
                continue 'scan;
            }
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            out.push(c);
        }
        rest = chars.as_str();
    }
    out
}

/// The text of the `<value>` following `<name>{member}</name>` in a fault.
fn fault_member<'a>(xml: &'a str, member: &str) -> Option<&'a str> {
    let marker = format!("<name>{member}</name>\n<value>");
    let start = xml.find(&marker)? + marker.len();
    let end = xml[start..].find("</value>\n</member>")?;
    Some(&xml[start..start + end])
}

/// The last non-empty line of a `<string>…</string>` value.
fn last_line(text: &str) -> &str {
    text.strip_suffix("</string>")
        .unwrap_or(text)
        .trim_end_matches('\n')
        .rsplit('\n')
        .next()
        .unwrap_or("")
}

/// Differences between two XML-RPC answers whose values depend on the data: the markup must be
/// the same once values are masked; a fault must have the same code and, for code 1 (a
/// traceback), the same final exception line; any other fault the same message.
pub(crate) fn xml_shape_diff(want: &str, got: &str) -> Vec<String> {
    let mut diffs = Vec::new();
    let (want_masked, got_masked) = (mask_values(want), mask_values(got));
    if want_masked != got_masked {
        diffs.push(format!(
            "XML markup differs:\n  expected {want_masked:?}\n  got      {got_masked:?}"
        ));
    }
    let want_code = fault_member(want, "faultCode");
    if want_code != fault_member(got, "faultCode") {
        diffs.push(format!(
            "faultCode: expected {want_code:?}, got {:?}",
            fault_member(got, "faultCode")
        ));
    }
    if let (Some(w), Some(g)) = (
        fault_member(want, "faultString"),
        fault_member(got, "faultString"),
    ) {
        let same = if want_code == Some("<int>1</int>") {
            g.contains("Traceback (most recent call last):") && last_line(w) == last_line(g)
        } else {
            w == g
        };
        if !same {
            diffs.push(format!("faultString: expected {w:?}, got {g:?}"));
        }
    }
    diffs
}

/// `POST` an XML body to `path`.
async fn post_xml(sim: &odoo_sim::SimHandle, path: &str, body: &str) -> Answer {
    let response = client()
        .post(format!("{}{path}", sim.url()))
        .header("Content-Type", "text/xml")
        .body(body.to_owned())
        .send()
        .await
        .expect("the call is answered");
    Answer::read(response).await
}

fn method_call(method: &str, params: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?><methodCall><methodName>{method}</methodName><params>{params}</params></methodCall>"
    )
}

fn param_strings(values: &[&str]) -> String {
    values
        .iter()
        .map(|v| format!("<param><value><string>{v}</string></value></param>"))
        .collect()
}

/// Runs `script` with python3, the simulator's URL as `sys.argv[1]`; returns its stdout as JSON.
async fn python(sim: &odoo_sim::SimHandle, script: &str) -> Value {
    let output = tokio::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(sim.url())
        .output()
        .await
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("python prints JSON")
}

const PYTHON_CLIENT: &str = r#"
import json, sys, xmlrpc.client
url = sys.argv[1]
common = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/common")
models = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/object", allow_none=True)
out = {"version": common.version()}
uid = common.authenticate("demo", "admin", "admin", {})
out["uid"] = uid
out["bad_login"] = common.login("demo", "admin", "wrong")
out["rows"] = models.execute_kw("demo", uid, "admin", "res.partner", "search_read",
    [[["is_company", "=", True]]], {"fields": ["name", "country_id"], "limit": 5, "order": "id"})
out["count"] = models.execute_kw("demo", uid, "admin", "res.partner", "search_count", [[]])
new_id = models.execute_kw("demo", uid, "admin", "res.partner", "create",
    [{"name": "A & B <C> \u00e9", "comment": None}])
out["created"] = models.execute_kw("demo", uid, "admin", "res.partner", "read",
    [[new_id]], {"fields": ["name"]})
faults = {}
for label, call in [
    ("bad_password", lambda: models.execute_kw("demo", uid, "wrong", "res.partner", "search_count", [[]])),
    ("no_model", lambda: models.execute_kw("demo", uid, "admin", "no.such.model", "search", [[]])),
    ("reader_write", lambda: models.execute_kw("demo", 7, "reader", "res.users", "write", [[2], {"name": "x"}])),
    ("bad_operator", lambda: models.execute_kw("demo", uid, "admin", "res.partner", "search", [[["name", "~~", 1]]])),
]:
    try:
        call()
        faults[label] = None
    except xmlrpc.client.Fault as f:
        faults[label] = [f.faultCode, f.faultString]
out["faults"] = faults
print(json.dumps(out))
"#;

#[tokio::test]
async fn pythons_xmlrpc_client_reads_the_same_data_as_jsonrpc() {
    let sim = sim(19).await;
    let out = python(&sim, PYTHON_CLIENT).await;
    assert_eq!(out["version"]["server_version"], json!("19.0"));
    assert_eq!(out["uid"], json!(2));
    assert_eq!(out["bad_login"], json!(false));

    let via_json = jsonrpc(
        &sim,
        "object",
        "execute_kw",
        json!(["demo", 2, "admin", "res.partner", "search_read",
            [[["is_company", "=", true]]], {"fields": ["name", "country_id"], "limit": 5, "order": "id"}]),
    )
    .await;
    let rows = &out["rows"];
    assert_eq!(rows.as_array().map(Vec::len), Some(5), "{rows}");
    assert_eq!(
        *rows, via_json.body["result"],
        "XML-RPC and JSON-RPC disagree"
    );
    assert!(out["count"].as_i64().is_some_and(|n| n > 5));
    assert_eq!(
        out["created"][0]["name"],
        json!("A & B <C> é"),
        "markup characters and non-ASCII text survive the round trip"
    );

    let faults = &out["faults"];
    assert_eq!(faults["bad_password"], json!([3, "Access Denied"]));
    assert_eq!(
        faults["no_model"],
        json!([2, "Object no.such.model doesn't exist"])
    );
    assert_eq!(faults["reader_write"][0], json!(4));
    assert!(
        faults["reader_write"][1]
            .as_str()
            .is_some_and(|m| m.starts_with("You are not allowed to modify 'User' (res.users)"))
    );
    assert_eq!(faults["bad_operator"][0], json!(1));
    assert!(
        faults["bad_operator"][1]
            .as_str()
            .is_some_and(|t| t.starts_with("Traceback") && t.contains("ValueError")),
        "{}",
        faults["bad_operator"]
    );
}

#[tokio::test]
async fn every_version_serves_xmlrpc() {
    for version in [17, 18, 19, 20] {
        let sim = sim(version).await;
        let answer = post_xml(&sim, "/xmlrpc/2/common", &method_call("version", "")).await;
        assert_eq!(answer.status, 200);
        assert_eq!(
            answer.header("content-type"),
            Some("text/xml; charset=utf-8")
        );
        let body = answer.body.as_str().unwrap_or("");
        assert!(
            body.contains(&format!("<string>{version}.0</string>")),
            "{version}: {body}"
        );
        let uid = post_xml(
            &sim,
            "/xmlrpc/common",
            &method_call("login", &param_strings(&["demo", "reader", "reader"])),
        )
        .await;
        assert!(
            uid.body.as_str().unwrap_or("").contains("<int>7</int>"),
            "{version}: {:?}",
            uid.body
        );
    }
}

#[tokio::test]
async fn malformed_bodies_and_unknown_services_are_faults() {
    let sim = sim(19).await;
    let answer = post_xml(&sim, "/xmlrpc/2/object", "<methodCall><oops>").await;
    assert_eq!(answer.status, 200);
    let body = answer.body.as_str().unwrap_or("");
    assert!(
        body.contains("<name>faultCode</name>\n<value><int>1</int></value>"),
        "{body}"
    );
    assert!(body.contains("ExpatError"), "{body}");

    let answer = post_xml(&sim, "/xmlrpc/2/nosuch", &method_call("version", "")).await;
    let body = answer.body.as_str().unwrap_or("");
    assert!(
        body.contains("<int>1</int>") && body.contains("KeyError: 'nosuch'"),
        "{body}"
    );

    let bad_int = method_call(
        "execute_kw",
        "<param><value><string>demo</string></value></param><param><value><int>two</int></value></param>",
    );
    let body = post_xml(&sim, "/xmlrpc/2/object", &bad_int).await.body;
    assert!(
        body.as_str()
            .unwrap_or("")
            .contains("ValueError: invalid literal for int()"),
        "{body:?}"
    );

    let legacy = post_xml(&sim, "/xmlrpc/object", "not xml").await;
    let body = legacy.body.as_str().unwrap_or("");
    assert!(
        body.contains("<name>faultCode</name>\n<value><string>"),
        "the legacy route answers string codes: {body}"
    );
}

#[tokio::test]
async fn calls_are_counted_and_faults_injected_like_jsonrpc() {
    let sim = sim(19).await;
    let search = method_call(
        "execute_kw",
        &format!(
            "{}<param><value><array><data><value><array><data></data></array></value></data></array></value></param>",
            param_strings(&["demo"])
                + "<param><value><int>2</int></value></param>"
                + &param_strings(&["admin", "res.partner", "search_count"])
        ),
    );
    let answer = post_xml(&sim, "/xmlrpc/2/object", &search).await;
    assert!(
        answer.body.as_str().unwrap_or("").contains("<params>"),
        "{:?}",
        answer.body
    );
    assert_eq!(sim.request_count("res.partner", "search_count"), 1);

    sim.faults().fail_next(1, 503);
    let failed = post_xml(&sim, "/xmlrpc/2/object", &search).await;
    assert_eq!(failed.status, 503);
    assert_eq!(sim.request_count("res.partner", "search_count"), 2);
    let again = post_xml(&sim, "/xmlrpc/2/object", &search).await;
    assert_eq!(again.status, 200);
}

async fn session_login(sim: &odoo_sim::SimHandle, db: &str, login: &str, password: &str) -> Answer {
    let body = json!({"jsonrpc": "2.0", "method": "call", "id": 3,
        "params": {"db": db, "login": login, "password": password}});
    let response = client()
        .post(format!("{}/web/session/authenticate", sim.url()))
        .json(&body)
        .send()
        .await
        .expect("the call is answered");
    Answer::read(response).await
}

#[tokio::test]
async fn web_session_login_sets_a_cookie_and_describes_the_user() {
    let sim = sim(19).await;
    let admin = session_login(&sim, "demo", "admin", "admin").await;
    assert_eq!(admin.status, 200);
    let cookie = admin.header("set-cookie").unwrap_or("");
    assert!(
        cookie.starts_with("session_id=") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    let info = &admin.body["result"];
    assert_eq!(admin.body["id"], json!(3));
    assert_eq!(info["uid"], json!(2));
    assert_eq!(info["username"], json!("admin"));
    assert_eq!(info["name"], json!("Mitchell Admin"));
    assert_eq!(info["is_admin"], json!(true));
    assert_eq!(info["user_context"]["uid"], json!(2));
    assert!(
        info["user_companies"]["allowed_companies"]["1"]["name"]
            .as_str()
            .is_some_and(|n| n.contains("San Francisco"))
    );

    let reader = session_login(&sim, "demo", "reader", "reader").await;
    assert_eq!(reader.body["result"]["uid"], json!(7));
    assert_eq!(reader.body["result"]["is_admin"], json!(false));
    // The web login is interactive: Odoo accepts API keys only for RPC logins.
    let by_key = session_login(&sim, "demo", "reader", sim.reader_api_key()).await;
    assert_eq!(by_key.error_name(), Some("odoo.exceptions.AccessDenied"));
    assert_eq!(by_key.header("set-cookie"), None);

    let bad = session_login(&sim, "demo", "admin", "wrong").await;
    assert_eq!(bad.error_name(), Some("odoo.exceptions.AccessDenied"));
    assert_eq!(bad.header("set-cookie"), None);
    let no_db = session_login(&sim, "nodb", "admin", "admin").await;
    assert_eq!(no_db.error_name(), Some("odoo.exceptions.AccessError"));
}

#[test]
fn masking_ignores_values_but_not_markup() {
    let a = "<value><struct>\n<member>\n<name>id</name>\n<value><int>9</int></value>\n</member>\n</struct></value>\n";
    let b = "<value><struct>\n<member>\n<name>nm</name>\n<value><int>36</int></value>\n</member>\n</struct></value>\n";
    assert_eq!(mask_values(a), mask_values(b));
    let fault = |code: &str, text: &str| {
        format!(
            "<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>{code}</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>{text}</string></value>\n</member>\n</struct></value>\n</fault>\n"
        )
    };
    assert!(xml_shape_diff(&fault("2", "m"), &fault("2", "m")).is_empty());
    assert_eq!(xml_shape_diff(&fault("2", "m"), &fault("4", "m")).len(), 1);
    assert_eq!(
        xml_shape_diff(&fault("2", "m"), &fault("2", "other")).len(),
        1
    );
    let trace = |line: &str| format!("Traceback (most recent call last):\n  ...\n{line}\n");
    assert!(
        xml_shape_diff(
            &fault("1", &trace("ValueError: x")),
            &fault("1", &trace("ValueError: x"))
        )
        .is_empty()
    );
    assert_eq!(
        xml_shape_diff(
            &fault("1", &trace("ValueError: x")),
            &fault("1", &trace("KeyError: x"))
        )
        .len(),
        1
    );
    assert_ne!(
        mask_values(a),
        mask_values(&a.replace("<int>", "<i4>").replace("</int>", "</i4>"))
    );
}
