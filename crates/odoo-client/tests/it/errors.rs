//! Every error kind, as Odoo (the simulator) reports it, on both protocols.

use odoo_client::{Client, Domain, ErrorKind, MethodCall, MethodName, SearchRead};
use serde_json::json;

use crate::support::{builder, model, password_client, record, setups, sim};

/// Odoo 19 clients on both protocols, as the reader (no rights on users).
async fn readers() -> Vec<(&'static str, odoo_sim::SimHandle, Client)> {
    let a = sim(19).await;
    let json2 = builder(&a)
        .api_key(a.reader_api_key())
        .build()
        .expect("client");
    let b = sim(17).await;
    let rpc = password_client(&b, "reader", "reader");
    vec![("json2 on 19", a, json2), ("jsonrpc on 17", b, rpc)]
}

#[tokio::test]
async fn a_bad_api_key_is_an_authentication_error() {
    let s = sim(19).await;
    let client = builder(&s).api_key("not-the-right-key").build().unwrap();
    let query = SearchRead::new(Domain::default())
        .fields(["name"])
        .unwrap()
        .limit(1);
    let e = client
        .search_read(&model("res.partner"), &query)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Authentication, "{e}");
    assert!(e.is_authentication());
}

#[tokio::test]
async fn a_bad_password_names_the_user_and_database() {
    let s = sim(17).await;
    let client = password_client(&s, "admin", "wrong-password");
    let e = client.server_info().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Authentication, "{e}");
    assert_eq!(
        e.to_string(),
        format!(
            "login or password/API key refused for user admin on database {}",
            s.database()
        )
    );
}

#[tokio::test]
async fn a_reader_writing_users_is_denied() {
    for (label, _sim, client) in readers().await {
        let e = client
            .write(
                &model("res.users"),
                &[2],
                &record(json!({"name": "Hacked"})),
            )
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::AccessDenied, "{label}: {e}");
        assert!(e.is_access_denied());
        assert!(!e.is_outcome_unknown(), "{label}");
    }
}

#[tokio::test]
async fn the_reader_may_not_write_users() {
    for (label, _sim, client) in readers().await {
        let allowed = client
            .check_access(&model("res.users"), odoo_client::Operation::Write, None)
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        assert!(!allowed, "{label}");
    }
}

#[tokio::test]
async fn writing_a_missing_record_is_a_missing_record_error() {
    for s in setups().await {
        let e = s
            .client
            .write(
                &model("res.partner"),
                &[999_999],
                &record(json!({"name": "x"})),
            )
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MissingRecord, "{}: {e}", s.label);
    }
}

#[tokio::test]
async fn creating_a_partner_without_name_is_a_validation_error() {
    for s in setups().await {
        let e = s
            .client
            .create(&model("res.partner"), &[record(json!({"email": "x@y.z"}))])
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Validation, "{}: {e}", s.label);
        assert!(
            e.to_string().contains("name"),
            "{}: Odoo's message is kept: {e}",
            s.label
        );
    }
}

#[tokio::test]
async fn an_unknown_model_is_not_found() {
    for s in setups().await {
        let e = s
            .client
            .search_count(&model("no.such.model"), &Domain::default())
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NotFound, "{}: {e}", s.label);
    }
}

#[tokio::test]
async fn an_unknown_method_is_not_found() {
    for s in setups().await {
        let method = MethodName::new("no_such_method").unwrap();
        let e = s
            .client
            .call(&model("res.partner"), &method, &MethodCall::default())
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NotFound, "{}: {e}", s.label);
    }
}

#[tokio::test]
async fn a_bad_operator_is_a_server_error_without_traceback() {
    for s in setups().await {
        let call = MethodCall {
            ids: None,
            kwargs: record(
                json!({"domain": [["name", "equals", "x"]], "fields": ["name"], "limit": 1}),
            ),
        };
        let method = MethodName::new("search_read").unwrap();
        let e = s
            .client
            .call(&model("res.partner"), &method, &call)
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Server, "{}: {e}", s.label);
        assert!(e.to_string().contains("equals"), "{}: {e}", s.label);
        let text = format!("{e} {e:?}");
        assert!(
            !text.contains("Traceback") && !text.contains("File \""),
            "{}: {text}",
            s.label
        );
    }
}

#[tokio::test]
async fn a_string_limit_never_shows_sql() {
    for s in setups().await {
        let call = MethodCall {
            ids: None,
            kwargs: record(json!({"domain": [], "fields": ["name"], "limit": "ten"})),
        };
        let method = MethodName::new("search_read").unwrap();
        let e = s
            .client
            .call(&model("res.partner"), &method, &call)
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Server, "{}: {e}", s.label);
        let text = format!("{e} {e:?}").to_ascii_uppercase();
        for sql in ["LIMIT", "SELECT", "BIGINT", "LINE 1"] {
            assert!(!text.contains(sql), "{}: {text}", s.label);
        }
    }
}

#[tokio::test]
async fn an_unknown_database_is_reported_without_html() {
    let s = sim(19).await;
    let client = odoo_client::Client::builder(s.url())
        .database("nodb")
        .api_key(s.admin_api_key())
        .build()
        .unwrap();
    let e = client
        .search_count(&model("res.partner"), &Domain::default())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnknownDatabase, "{e}");
    assert!(!e.to_string().contains('<'), "{e}");
}
