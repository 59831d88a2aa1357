//! First-connection mistakes, each with the guidance the error gives: a wrong database (on
//! both protocols), a redirect, a closed port, an answer above the size cap.

use odoo_client::{Client, Domain, ErrorKind};

use crate::support::{model, raw_server, sim};

#[tokio::test]
async fn a_wrong_database_lists_the_databases_on_both_protocols() {
    let s = sim(19).await;
    let json2 = Client::builder(s.url())
        .database("Nodb")
        .api_key(s.admin_api_key())
        .build()
        .expect("client");
    let rpc = Client::builder(s.url())
        .database("Nodb")
        .login("admin")
        .password("admin")
        .build()
        .expect("client");
    for client in [json2, rpc] {
        let e = client
            .search_count(&model("res.partner"), &Domain::default())
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UnknownDatabase, "{e}");
        assert!(e.is_configuration());
        let text = e.to_string();
        assert!(
            text.contains("\"Nodb\" does not exist")
                && text.contains(&format!("the server has: {}", s.database()))
                && text.contains("case-sensitive"),
            "{text}"
        );
    }
}

#[tokio::test]
async fn a_redirect_is_reported_with_its_target_and_not_followed() {
    let url = raw_server(
        b"HTTP/1.1 301 Moved Permanently\r\nLocation: https://odoo.example.com/web/version\r\n\
          Content-Length: 0\r\nConnection: close\r\n\r\n"
            .to_vec(),
    )
    .await;
    let client = Client::builder(url)
        .api_key("0123456789abcdef0123456789abcdef01234567")
        .build()
        .expect("client");
    let e = client.ping().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Redirected, "{e}");
    assert!(
        e.to_string().starts_with(
            "the server redirects to https://odoo.example.com (HTTP 301): use that URL"
        ),
        "{e}"
    );
}

#[tokio::test]
async fn a_closed_port_is_a_configuration_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    let client = Client::builder(format!("http://{addr}"))
        .api_key("k")
        .max_retries(0)
        .build()
        .expect("client");
    let e = client.server_info().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Connect, "{e}");
    assert!(e.is_configuration(), "{e}");
}

#[tokio::test]
async fn an_answer_above_the_cap_is_refused() {
    let body = format!("{{\"version\": \"{}\"}}", "x".repeat(8192));
    let response = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{body}"
    );
    let url = raw_server(response.into_bytes()).await;
    let client = Client::builder(url)
        .api_key("k")
        .max_response_bytes(4096)
        .build()
        .expect("client");
    let e = client.ping().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::ResponseTooLarge, "{e}");
    assert!(e.to_string().contains("max_response_bytes"), "{e}");
}
