//! Version detection and protocol choice against simulators of several Odoo versions.

use odoo_client::{Client, Domain, ErrorKind, Onchange, Protocol, ProtocolChoice};

use crate::support::{admin_key_client, builder, forced, model, password_client, raw_server, sim};

#[tokio::test]
async fn auto_detection_picks_json2_on_19_and_20_with_a_key() {
    for major in [19, 20] {
        let s = sim(major).await;
        let info = admin_key_client(&s).server_info().await.unwrap();
        assert_eq!(info.version.major, major);
        assert_eq!(info.protocol, Protocol::Json2, "Odoo {major}");
    }
}

#[tokio::test]
async fn auto_detection_picks_jsonrpc_before_19_even_with_a_key() {
    for major in [17, 18] {
        let s = sim(major).await;
        let client = builder(&s)
            .login("admin")
            .api_key(s.admin_api_key())
            .build()
            .unwrap();
        let info = client
            .server_info()
            .await
            .unwrap_or_else(|e| panic!("Odoo {major}: {e}"));
        assert_eq!(info.version.major, major);
        assert_eq!(info.protocol, Protocol::JsonRpc, "Odoo {major}");
        assert_eq!(info.uid, Some(2));
        let n = client
            .search_count(&model("res.partner"), &Domain::default())
            .await
            .unwrap();
        assert!(n > 0);
    }
}

#[tokio::test]
async fn a_key_without_login_cannot_reach_an_old_server() {
    let s = sim(17).await;
    let e = admin_key_client(&s).server_info().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
    assert!(e.to_string().contains("login"), "{e}");
}

#[tokio::test]
async fn a_password_on_19_uses_jsonrpc() {
    let s = sim(19).await;
    let info = password_client(&s, "reader", "reader")
        .server_info()
        .await
        .unwrap();
    assert_eq!((info.protocol, info.uid), (Protocol::JsonRpc, Some(7)));
}

#[tokio::test]
async fn the_protocol_can_be_forced() {
    let s = sim(19).await;
    for (choice, protocol) in [
        (ProtocolChoice::JsonRpc, Protocol::JsonRpc),
        (ProtocolChoice::Json2, Protocol::Json2),
    ] {
        let client = forced(&s, choice);
        assert_eq!(client.server_info().await.unwrap().protocol, protocol);
        assert!(
            client
                .search_count(&model("res.partner"), &Domain::default())
                .await
                .unwrap()
                > 0
        );
    }
    let old = sim(18).await;
    let e = forced(&old, ProtocolChoice::Json2)
        .server_info()
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
}

#[tokio::test]
async fn an_assumed_version_skips_detection() {
    let s = sim(19).await;
    let client = builder(&s)
        .api_key(s.admin_api_key())
        .assume_version(19)
        .build()
        .unwrap();
    let info = client.server_info().await.unwrap();
    assert_eq!((info.version.major, info.protocol), (19, Protocol::Json2));
    assert!(
        client
            .search_count(&model("res.partner"), &Domain::default())
            .await
            .unwrap()
            > 0
    );
}

#[tokio::test]
async fn clones_share_the_session_and_contexts_are_per_handle() {
    let s = sim(19).await;
    let client = admin_key_client(&s);
    let french = client.with_context(odoo_client::Context::new().lang("fr_FR"));
    assert_eq!(
        client.server_info().await.unwrap(),
        french.server_info().await.unwrap()
    );
    assert!(client.context().is_empty());
    assert_eq!(french.context().0["lang"], "fr_FR");
    assert!(
        french
            .search_count(&model("res.partner"), &Domain::default())
            .await
            .unwrap()
            > 0
    );
    let c: Client = french.clone();
    assert_eq!(c.url(), s.url());
}

#[tokio::test]
async fn onchange_is_refused_before_sending_on_a_version_without_it() {
    // One canned answer serves the three steps: `/web/version` (16.0), `common.authenticate`
    // (uid 2) — and would answer an onchange with 2, which is not what the client returns.
    let body = r#"{"jsonrpc": "2.0", "id": 1, "result": 2, "version": "16.0", "version_info": [16, 0, 0, "final", 0, ""]}"#;
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let url = raw_server(response.into_bytes()).await;
    let client = Client::builder(url)
        .database("old")
        .login("admin")
        .password("admin")
        .build()
        .unwrap();
    assert_eq!(client.server_info().await.unwrap().version.major, 16);
    let values = serde_json::json!({"partner_id": 1})
        .as_object()
        .cloned()
        .unwrap();
    let e = client
        .onchange(&model("sale.order"), &Onchange::new(values).unwrap())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unsupported, "{e}");
    assert!(e.to_string().contains("16.0"), "{e}");
}
