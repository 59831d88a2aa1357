//! Protocol behaviour: authentication, status codes, envelopes, versions.

use serde_json::{Value, json};

use crate::support::{Answer, client, json2, json2_as, jsonrpc, sim};

const JSON_UTF8: &str = "application/json; charset=utf-8";
const HTML_UTF8: &str = "text/html; charset=utf-8";

async fn post_raw(url: String, headers: &[(&str, &str)], body: &str) -> Answer {
    let mut request = client().post(url).body(body.to_owned());
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    Answer::read(request.send().await.expect("answered")).await
}

// ---- JSON-2: authentication -------------------------------------------------------------

#[tokio::test]
async fn json2_without_authorization_is_401_with_bearer_challenge() {
    let sim = sim(19).await;
    let url = format!("{}/json/2/res.partner/search_read", sim.url());
    let a = post_raw(url, &[("Content-Type", "application/json")], "{}").await;
    assert_eq!(a.status, 401);
    assert_eq!(a.header("www-authenticate").map(str::trim), Some("Bearer"));
    assert_eq!(a.header("content-type"), Some(JSON_UTF8));
    assert_eq!(a.error_name(), Some("werkzeug.exceptions.Unauthorized"));
    assert_eq!(
        a.body["message"],
        "User not authenticated, use an API Key with a Bearer Authorization header."
    );
    assert_eq!(a.body["arguments"][1], 401);
}

#[tokio::test]
async fn json2_wrong_key_or_password_as_key_is_invalid_apikey() {
    let sim = sim(19).await;
    for key in ["0123456789abcdef", "admin", "sim-admin-api-key-but-longer"] {
        let a = json2_as(
            &sim,
            key,
            "res.partner",
            "search_count",
            json!({"domain": []}),
        )
        .await;
        assert_eq!(a.status, 401, "key {key:?}");
        assert_eq!(a.body["message"], "Invalid apikey");
        assert!(a.header("www-authenticate").is_some());
    }
}

#[tokio::test]
async fn json2_other_scheme_is_not_authenticated() {
    let sim = sim(19).await;
    let url = format!("{}/json/2/res.partner/search_read", sim.url());
    let basic = format!("Basic {}", sim.admin_api_key());
    let a = post_raw(
        url,
        &[
            ("Content-Type", "application/json"),
            ("Authorization", &basic),
        ],
        "{}",
    )
    .await;
    assert_eq!(a.status, 401);
    assert!(
        a.body["message"]
            .as_str()
            .unwrap()
            .starts_with("User not authenticated")
    );
}

// ---- JSON-2: routing, database, content type, body ---------------------------------------

#[tokio::test]
async fn json2_unknown_database_header_is_an_html_404() {
    let sim = sim(19).await;
    let auth = format!("bearer {}", sim.admin_api_key());
    let url = format!("{}/json/2/res.partner/search_read", sim.url());
    let headers = [
        ("Content-Type", "application/json"),
        ("Authorization", auth.as_str()),
        ("X-Odoo-Database", "nodb"),
    ];
    let a = post_raw(url, &headers, "{}").await;
    assert_eq!(a.status, 404);
    assert_eq!(a.header("content-type"), Some(HTML_UTF8));
    assert!(a.body.as_str().unwrap().contains("No database is selected"));
}

#[tokio::test]
async fn json2_without_json_content_type_is_an_html_415() {
    let sim = sim(19).await;
    let auth = format!("bearer {}", sim.admin_api_key());
    let url = format!("{}/json/2/res.partner/search_read", sim.url());
    let a = post_raw(
        url,
        &[
            ("Authorization", auth.as_str()),
            ("Content-Type", "text/plain"),
        ],
        "{}",
    )
    .await;
    assert_eq!(a.status, 415);
    assert_eq!(a.header("content-type"), Some(HTML_UTF8));
    assert!(
        a.body
            .as_str()
            .unwrap()
            .contains("415 Unsupported Media Type")
    );
}

#[tokio::test]
async fn json2_malformed_json_is_a_400_bad_request() {
    let sim = sim(19).await;
    let auth = format!("bearer {}", sim.admin_api_key());
    let url = format!("{}/json/2/res.partner/search_read", sim.url());
    let headers = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/json"),
    ];
    let a = post_raw(url, &headers, "{\"domain\": [], ").await;
    assert_eq!(a.status, 400);
    assert_eq!(a.error_name(), Some("werkzeug.exceptions.BadRequest"));
    assert_eq!(
        a.body["message"],
        "could not parse the body as json: Expecting property name enclosed in double quotes: line 1 column 16 (char 15)"
    );
}

#[tokio::test]
async fn json2_get_and_model_only_paths_are_json_404s() {
    let sim = sim(19).await;
    let a = Answer::read(
        client()
            .get(format!("{}/json/2/res.partner/search_read", sim.url()))
            .bearer_auth(sim.admin_api_key())
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (a.status, a.error_name()),
        (404, Some("werkzeug.exceptions.NotFound"))
    );
    assert_eq!(
        a.body["message"],
        "Did you mean POST /json/2/<model>/<method>?"
    );
    let a = json2(&sim, "res.partner", "", json!({})).await;
    assert_eq!(
        (a.status, a.error_name()),
        (404, Some("werkzeug.exceptions.NotFound"))
    );
    assert_eq!(a.header("content-type"), Some(JSON_UTF8));
    // The prefix itself is Odoo's catch-all JSON-2 route too.
    for path in ["/json/2", "/json/2/"] {
        let a = post_raw(
            format!("{}{path}", sim.url()),
            &[("content-type", "application/json")],
            "{}",
        )
        .await;
        assert_eq!(
            (a.status, a.error_name(), a.header("content-type")),
            (404, Some("werkzeug.exceptions.NotFound"), Some(JSON_UTF8)),
            "{path}"
        );
    }
}

#[tokio::test]
async fn arguments_of_the_wrong_json_type_raise_what_python_raises() {
    let sim = sim(19).await;
    // JSON-2: `with_context(context)` is `dict(context)`.
    let a = json2(
        &sim,
        "res.partner",
        "search_count",
        json!({"domain": [], "context": "fr"}),
    )
    .await;
    assert_eq!(
        (a.status, a.error_name()),
        (500, Some("builtins.ValueError"))
    );
    let a = json2(
        &sim,
        "res.partner",
        "search_count",
        json!({"domain": [], "context": 3}),
    )
    .await;
    assert_eq!(
        (a.status, a.error_name()),
        (500, Some("builtins.TypeError"))
    );
    let a = json2(
        &sim,
        "res.partner",
        "search_count",
        json!({"domain": [], "context": [["lang", "en_US"]]}),
    )
    .await;
    assert_eq!(a.status, 200, "a list of pairs is a mapping: {:?}", a.body);
    // JSON-RPC: `execute(..., **kw or {})`, then `call_kw`'s `with_context(context or {})`.
    let args = |kwargs: Value| {
        json!([
            sim.database(),
            2,
            sim.admin_api_key(),
            "res.partner",
            "search_count",
            [[]],
            kwargs
        ])
    };
    let a = jsonrpc(&sim, "object", "execute_kw", args(json!(["x"]))).await;
    assert_eq!(
        a.body["error"]["data"]["name"], "builtins.TypeError",
        "{:?}",
        a.body
    );
    assert!(
        a.body["error"]["data"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("must be a mapping, not list"),
        "{:?}",
        a.body
    );
    let a = jsonrpc(&sim, "object", "execute_kw", args(json!({"context": "x"}))).await;
    assert_eq!(
        a.body["error"]["data"]["name"], "builtins.ValueError",
        "{:?}",
        a.body
    );
    let a = jsonrpc(
        &sim,
        "object",
        "execute_kw",
        args(json!({"context": false})),
    )
    .await;
    assert!(
        a.body["result"].is_number(),
        "a falsy context is none: {:?}",
        a.body
    );
    // An unparsable date in a domain is Odoo 19's ValueError, a 500.
    let a = json2(
        &sim,
        "sale.order",
        "search_count",
        json!({"domain": [["date_order", ">=", "someday"]]}),
    )
    .await;
    assert_eq!(
        (a.status, a.error_name()),
        (500, Some("builtins.ValueError"))
    );
    let a = json2(
        &sim,
        "sale.order",
        "search_count",
        json!({"domain": [["date_order", "<", "today +1d"]]}),
    )
    .await;
    assert_eq!(a.status, 200, "relative dates are dates: {:?}", a.body);
}

#[tokio::test]
async fn json2_is_not_served_before_19() {
    for version in [17, 18] {
        let sim = sim(version).await;
        let a = json2(&sim, "res.partner", "search_count", json!({"domain": []})).await;
        assert_eq!(a.status, 404, "Odoo {version}");
        assert_eq!(a.header("content-type"), Some(HTML_UTF8), "Odoo {version}");
    }
}

#[tokio::test]
async fn unknown_paths_are_html_404s() {
    let sim = sim(19).await;
    let a = Answer::read(
        client()
            .get(format!("{}/nope", sim.url()))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((a.status, a.header("content-type")), (404, Some(HTML_UTF8)));
}

// ---- versions ------------------------------------------------------------------------------

#[tokio::test]
async fn web_version_and_common_version_follow_the_version() {
    for version in [17, 18, 19, 20] {
        let sim = sim(version).await;
        let a = Answer::read(
            client()
                .get(format!("{}/web/version", sim.url()))
                .send()
                .await
                .unwrap(),
        )
        .await;
        let serie = format!("{version}.0");
        if version >= 19 {
            assert_eq!(a.status, 200);
            assert_eq!(a.header("content-type"), Some(JSON_UTF8));
            assert_eq!(
                a.body,
                json!({"version_info": [version, 0, 0, "final", 0, ""], "version": serie})
            );
        } else {
            // Odoo 17 and 18 have no `/web/version`: their HTML 404 page.
            assert_eq!((a.status, a.header("content-type")), (404, Some(HTML_UTF8)));
        }
        // The web client's version route answers on every version, in a JSON-RPC envelope.
        let info = Answer::read(
            client()
                .post(format!("{}/web/webclient/version_info", sim.url()))
                .json(&json!({"jsonrpc": "2.0", "method": "call", "id": 5, "params": {}}))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(info.status, 200);
        assert_eq!(info.body["id"], 5);
        assert_eq!(info.body["result"]["server_version_info"][0], version);
        let a = jsonrpc(&sim, "common", "version", json!([])).await;
        assert_eq!(
            a.body,
            json!({"jsonrpc": "2.0", "id": 1, "result": {"server_version": serie,
                "server_version_info": [version, 0, 0, "final", 0, ""], "server_serie": serie,
                "protocol_version": 1}})
        );
    }
}

#[tokio::test]
async fn unsupported_versions_are_refused() {
    let err = odoo_sim::spawn(odoo_sim::SimConfig::new().odoo_version(16))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    assert!(err.to_string().contains("16"));
}

#[tokio::test]
async fn jsonrpc_error_code_is_200_before_19_and_0_from_19() {
    for (version, code) in [(17, 200), (18, 200), (19, 0), (20, 0)] {
        let sim = sim(version).await;
        let args = json!(["nodb", 2, "admin", "res.partner", "search_read", [[]], {"limit": 3}]);
        let a = jsonrpc(&sim, "object", "execute_kw", args).await;
        assert_eq!(a.status, 200);
        assert_eq!(a.body["error"]["code"], code, "Odoo {version}");
        assert_eq!(a.body["error"]["message"], "Odoo Server Error");
    }
}

// ---- JSON-RPC envelopes --------------------------------------------------------------------

#[tokio::test]
async fn jsonrpc_unknown_database_is_an_operational_error() {
    let sim = sim(19).await;
    let args = json!(["nodb", 2, "admin", "res.partner", "search_read", [[]], {"limit": 3}]);
    let a = jsonrpc(&sim, "object", "execute_kw", args).await;
    assert_eq!(a.error_name(), Some("psycopg2.OperationalError"));
    let message = a.body["error"]["data"]["message"].as_str().unwrap();
    assert!(
        message.contains("database \"nodb\" does not exist"),
        "{message}"
    );
}

#[tokio::test]
async fn jsonrpc_short_execute_kw_is_a_value_error() {
    let sim = sim(19).await;
    let a = jsonrpc(&sim, "object", "execute_kw", json!(["demo", 2])).await;
    assert_eq!(a.error_name(), Some("builtins.ValueError"));
    assert_eq!(
        a.body["error"]["data"]["message"],
        "not enough values to unpack (expected at least 5, got 2)"
    );
}

#[tokio::test]
async fn jsonrpc_login_with_a_bad_password_is_false_not_an_error() {
    let sim = sim(19).await;
    let a = jsonrpc(&sim, "common", "login", json!(["demo", "admin", "wrong"])).await;
    assert_eq!(a.body, json!({"jsonrpc": "2.0", "id": 1, "result": false}));
    let a = jsonrpc(
        &sim,
        "common",
        "authenticate",
        json!(["demo", "reader", "admin", {}]),
    )
    .await;
    assert_eq!(a.body["result"], false);
}

#[tokio::test]
async fn jsonrpc_db_list_names_the_database() {
    let sim = odoo_sim::spawn(odoo_sim::SimConfig::new().database("acme"))
        .await
        .unwrap();
    let a = jsonrpc(&sim, "db", "list", json!([])).await;
    assert_eq!(a.body["result"], json!(["acme"]));
}

#[tokio::test]
async fn jsonrpc_echoes_the_request_id_and_reports_bad_json() {
    let sim = sim(19).await;
    let body = json!({"jsonrpc": "2.0", "method": "call", "id": "abc",
        "params": {"service": "common", "method": "version", "args": []}});
    let a = Answer::read(
        client()
            .post(format!("{}/jsonrpc", sim.url()))
            .json(&body)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(a.body["id"], "abc");
    let a = post_raw(
        format!("{}/jsonrpc", sim.url()),
        &[("Content-Type", "application/json")],
        "{oops",
    )
    .await;
    assert_eq!(a.status, 200);
    assert_eq!(a.body["id"], Value::Null);
    assert_eq!(a.error_name(), Some("werkzeug.exceptions.BadRequest"));
}

#[tokio::test]
async fn jsonrpc_db_service_is_gone_in_20() {
    let sim = sim(20).await;
    let a = jsonrpc(&sim, "db", "list", json!([])).await;
    assert_eq!(
        a.body["error"]["data"]["name"], "builtins.KeyError",
        "{:?}",
        a.body
    );
    let sim19 = self::sim(19).await;
    let a = jsonrpc(&sim19, "db", "list", json!([])).await;
    assert!(a.body["result"].is_array(), "{:?}", a.body);
}

#[tokio::test]
async fn jsonrpc_unknown_service_is_an_error() {
    let sim = sim(19).await;
    let a = jsonrpc(&sim, "nope", "version", json!([])).await;
    assert_eq!(a.status, 200);
    assert!(a.body["error"]["data"]["name"].is_string());
}

// ---- in-process router and secrets ---------------------------------------------------------

#[tokio::test]
async fn the_router_serves_without_a_socket() {
    use tower::ServiceExt as _;
    let state = odoo_sim::SimState::new(&odoo_sim::SimConfig::new()).unwrap();
    let request = http::Request::get("/web/version")
        .body(axum::body::Body::empty())
        .unwrap();
    let response = odoo_sim::router(state).oneshot(request).await.unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn debug_output_never_shows_api_keys() {
    let config = odoo_sim::SimConfig::new()
        .admin_api_key("k-admin-secret")
        .reader_api_key("k-reader-secret");
    let sim = odoo_sim::spawn(config.clone()).await.unwrap();
    for shown in [
        format!("{config:?}"),
        format!("{sim:?}"),
        format!("{:?}", sim.state()),
    ] {
        assert!(
            !shown.contains("k-admin-secret") && !shown.contains("k-reader-secret"),
            "{shown}"
        );
    }
}

// ---- through the engine ----------------------------------------------------------------------

#[tokio::test]
async fn json2_admin_and_reader_keys_reach_the_engine() {
    let sim = sim(19).await;
    let a = json2(
        &sim,
        "res.partner",
        "search_read",
        json!({"domain": [], "fields": ["name"], "limit": 2}),
    )
    .await;
    assert_eq!(a.status, 200, "{:?}", a.body);
    assert_eq!(a.body.as_array().map(Vec::len), Some(2));
    let a = json2_as(
        &sim,
        sim.reader_api_key(),
        "res.partner",
        "search_count",
        json!({"domain": []}),
    )
    .await;
    assert_eq!(a.status, 200, "{:?}", a.body);
    assert!(a.body.as_u64().is_some_and(|n| n > 0));
    let capitalized = format!("Bearer {}", sim.admin_api_key());
    let url = format!("{}/json/2/res.partner/search_count", sim.url());
    let a = post_raw(
        url,
        &[
            ("Content-Type", "application/json"),
            ("Authorization", &capitalized),
        ],
        "{\"domain\": []}",
    )
    .await;
    assert_eq!(a.status, 200);
}

#[tokio::test]
async fn json2_faults_map_to_statuses() {
    let sim = sim(19).await;
    let cases = [
        (
            "res.partner",
            "_search",
            json!({"domain": []}),
            403,
            "odoo.exceptions.AccessError",
        ),
        (
            "no.such.model",
            "search_read",
            json!({"domain": []}),
            404,
            "werkzeug.exceptions.NotFound",
        ),
        (
            "res.partner",
            "no_such_method",
            json!({}),
            404,
            "werkzeug.exceptions.NotFound",
        ),
        (
            "res.partner",
            "search_read",
            json!({"ids": [1], "domain": []}),
            422,
            "werkzeug.exceptions.UnprocessableEntity",
        ),
        (
            "res.partner",
            "write",
            json!({"ids": [999999], "vals": {"name": "x"}}),
            404,
            "odoo.exceptions.MissingError",
        ),
        (
            "res.partner",
            "create",
            json!({"vals_list": [{"email": "x@y.z"}]}),
            422,
            "odoo.exceptions.ValidationError",
        ),
        (
            "res.partner",
            "search_read",
            json!({"domain": [["name", "equals", "x"]]}),
            500,
            "builtins.ValueError",
        ),
        (
            "res.partner",
            "search_read",
            json!({"domain": [], "bogus": 1}),
            500,
            "builtins.TypeError",
        ),
    ];
    for (model, method, body, status, name) in cases {
        let a = json2(&sim, model, method, body).await;
        assert_eq!(
            (a.status, a.error_name()),
            (status, Some(name)),
            "{model}.{method}: {}",
            a.body
        );
        for key in ["name", "message", "arguments", "context", "debug"] {
            assert!(a.body.get(key).is_some(), "{model}.{method} lacks {key}");
        }
    }
    let a = json2_as(
        &sim,
        sim.reader_api_key(),
        "res.users",
        "write",
        json!({"ids": [2], "vals": {"name": "H"}}),
    )
    .await;
    assert_eq!(
        (a.status, a.error_name()),
        (403, Some("odoo.exceptions.AccessError"))
    );
}

#[tokio::test]
async fn json2_array_body_means_no_arguments_and_context_is_passed() {
    let sim = sim(19).await;
    let a = json2(&sim, "res.partner", "search_count", json!([])).await;
    assert_eq!(a.status, 422, "search_count without a domain: {}", a.body);
    let active = json2(&sim, "res.partner", "search_count", json!({"domain": []})).await;
    let all = json2(
        &sim,
        "res.partner",
        "search_count",
        json!({"domain": [], "context": {"active_test": false}}),
    )
    .await;
    let (active, all) = (active.body.as_u64().unwrap(), all.body.as_u64().unwrap());
    assert!(
        all > active,
        "active_test=false in the body's context shows archived records ({all} vs {active})"
    );
}

#[tokio::test]
async fn jsonrpc_login_and_execute_kw_accept_password_or_api_key() {
    let sim = sim(19).await;
    let a = jsonrpc(&sim, "common", "login", json!(["demo", "admin", "admin"])).await;
    assert_eq!(a.body["result"], 2);
    let a = jsonrpc(
        &sim,
        "common",
        "login",
        json!(["demo", "reader", sim.reader_api_key()]),
    )
    .await;
    assert_eq!(a.body["result"], 7);
    let a = jsonrpc(
        &sim,
        "common",
        "authenticate",
        json!(["demo", "admin", "admin", {}]),
    )
    .await;
    assert_eq!(a.body["result"], 2);
    for secret in ["reader", sim.reader_api_key()] {
        let args = json!(["demo", 7, secret, "res.partner", "search_read", [[]], {"fields": ["name"], "limit": 2}]);
        let a = jsonrpc(&sim, "object", "execute_kw", args).await;
        assert_eq!(
            a.body["result"].as_array().map(Vec::len),
            Some(2),
            "{}",
            a.body
        );
    }
    let args = json!([
        "demo",
        7,
        sim.admin_api_key(),
        "res.partner",
        "search_count",
        [[]]
    ]);
    let a = jsonrpc(&sim, "object", "execute_kw", args).await;
    assert_eq!(
        a.error_name(),
        Some("odoo.exceptions.AccessDenied"),
        "another user's key"
    );
    let args = json!(["demo", 2, "wrong", "res.partner", "search_count", [[]]]);
    let a = jsonrpc(&sim, "object", "execute_kw", args).await;
    assert_eq!(a.error_name(), Some("odoo.exceptions.AccessDenied"));
    assert_eq!(a.body["error"]["data"]["message"], "Access Denied");
}

#[tokio::test]
async fn jsonrpc_unknown_model_and_method_are_translated() {
    let sim = sim(19).await;
    let args = json!(["demo", 2, "admin", "no.such.model", "search_read", [[]], {"limit": 3}]);
    let a = jsonrpc(&sim, "object", "execute_kw", args).await;
    assert_eq!(a.error_name(), Some("odoo.exceptions.UserError"));
    assert_eq!(
        a.body["error"]["data"]["message"],
        "Object no.such.model doesn't exist"
    );
    let args = json!(["demo", 2, "admin", "res.partner", "no_such_method", [[]]]);
    let a = jsonrpc(&sim, "object", "execute_kw", args).await;
    assert_eq!(a.error_name(), Some("builtins.AttributeError"));
    assert_eq!(
        a.body["error"]["data"]["message"],
        "The method 'res.partner.no_such_method' does not exist"
    );
}

#[tokio::test]
async fn odoo_18_has_read_group_but_not_formatted_read_group() {
    let sim = sim(18).await;
    let args = json!([
        "demo",
        2,
        "admin",
        "sale.order",
        "read_group",
        [[], ["amount_total:sum"], ["state"]],
        {}
    ]);
    let a = jsonrpc(&sim, "object", "execute_kw", args).await;
    assert!(a.body["result"].is_array(), "{}", a.body);
    let args = json!([
        "demo",
        2,
        "admin",
        "sale.order",
        "formatted_read_group",
        [[], ["state"], ["__count"]]
    ]);
    let a = jsonrpc(&sim, "object", "execute_kw", args).await;
    assert_eq!(a.body["error"]["code"], 200);
    assert_eq!(
        a.error_name(),
        Some("builtins.AttributeError"),
        "{}",
        a.body
    );
}

#[tokio::test]
async fn json2_answers_a_created_record_with_its_ids_where_jsonrpc_gives_the_id() {
    let sim = sim(19).await;
    let one = json2(
        &sim,
        "res.partner",
        "create",
        json!({"vals_list": {"name": "One"}}),
    )
    .await;
    assert!(
        one.body
            .as_array()
            .is_some_and(|ids| ids.len() == 1 && ids[0].is_i64()),
        "JSON-2 returns result.ids: {}",
        one.body
    );
    let args = json!(["demo", 2, "admin", "res.partner", "create", [{"name": "Two"}]]);
    let rpc = jsonrpc(&sim, "object", "execute_kw", args).await;
    assert!(rpc.body["result"].is_i64(), "{}", rpc.body);
}
