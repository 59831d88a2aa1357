//! PDF reports against the simulator: a web session opened with the password (and opened
//! again when the server forgets it), the clear refusal with an API key alone, and Odoo's
//! answers for records that do not exist or reports that are not there.

use odoo_client::{Domain, ErrorKind, ModelName, Search};

use crate::support::{admin_key_client, password_client, sim};

async fn first_order(client: &odoo_client::Client) -> i64 {
    let search = Search {
        domain: Domain::default(),
        limit: Some(1),
        order: Some(odoo_client::Order::parse("id").expect("order")),
        ..Search::default()
    };
    let ids = client
        .search(
            &ModelName::new("sale.order").expect("a model name"),
            &search,
        )
        .await
        .expect("sale orders");
    ids[0]
}

#[tokio::test]
async fn a_password_login_prints_a_quotation_on_17_and_19_and_logs_in_again_when_dropped() {
    for major in [17, 19] {
        let sim = sim(major).await;
        let client = password_client(&sim, "admin", "admin");
        client.check_report_route().await.expect("reports possible");
        let id = first_order(&client).await;
        let pdf = client
            .report_pdf("sale.report_saleorder", &[id])
            .await
            .unwrap_or_else(|e| panic!("Odoo {major}: {e}"));
        assert!(pdf.starts_with(b"%PDF-"), "Odoo {major}");
        assert!(pdf.ends_with(b"%%EOF\n"));
        sim.state().expire_sessions();
        let again = client
            .report_pdf("sale.report_saleorder", &[id])
            .await
            .expect("a new session after the old one was dropped");
        assert_eq!(again, pdf);
    }
}

#[tokio::test]
async fn an_api_key_alone_is_refused_before_anything_is_sent_and_says_what_to_configure() {
    let sim = sim(19).await;
    let client = admin_key_client(&sim);
    let e = client.check_report_route().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    let e = client
        .report_pdf("sale.report_saleorder", &[1])
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    let text = e.to_string();
    assert!(text.contains("password"), "{text}");
    assert!(!text.contains(sim.admin_api_key()), "{text}");
    assert_eq!(sim.request_count("ir.actions.report", "report_pdf"), 0);
}

#[tokio::test]
async fn missing_records_and_unknown_reports_are_odoo_errors() {
    let sim = sim(19).await;
    let client = password_client(&sim, "admin", "admin");
    let e = client
        .report_pdf("sale.report_saleorder", &[999_999])
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation, "{e}");
    let e = client
        .report_pdf("sale.no_such_report", &[1])
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Server, "{e}");
    let e = client.report_pdf("../web", &[1]).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
}

#[tokio::test]
async fn the_web_login_refuses_an_api_key_as_odoo_does() {
    let sim = sim(19).await;
    let client = odoo_client::Client::builder(sim.url())
        .database(sim.database())
        .login("admin")
        .password(sim.admin_api_key())
        .build()
        .expect("client");
    let e = client
        .report_pdf("sale.report_saleorder", &[1])
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Authentication, "{e}");
    assert!(!e.to_string().contains(sim.admin_api_key()));
}
