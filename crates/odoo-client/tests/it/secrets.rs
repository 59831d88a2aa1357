//! Secrets never appear in errors, Debug output or logs (captured at TRACE level).

use std::io::Write;
use std::sync::{Arc, Mutex};

use odoo_client::{Client, Domain, ProtocolChoice, SearchRead};
use odoo_sim::SimConfig;
use tracing_subscriber::fmt::MakeWriter;

use crate::support::model;

const ADMIN_KEY: &str = "it-admin-key-7f3a9c1e5b";
const WRONG_KEY: &str = "it-wrong-key-2d8e6f4a0c";
const WRONG_PASSWORD: &str = "it-wrong-pass-9b1d3f5h7";

/// A log sink shared with the test.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Buffer {
    type Writer = Buffer;
    fn make_writer(&'a self) -> Buffer {
        self.clone()
    }
}

#[tokio::test]
async fn keys_and_passwords_never_leak() {
    let buffer = Buffer::default();
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter("odoo_client=trace,reqwest=trace,hyper=trace,h2=trace")
        .with_writer(buffer.clone())
        .with_ansi(false)
        .finish();
    // Global, not scoped: a scoped subscriber misses callsites whose interest other test
    // threads cached first. Every test's client logs then land here, which only widens the check.
    tracing::subscriber::set_global_default(subscriber).expect("the only global subscriber");

    let sim = odoo_sim::spawn(SimConfig::new().odoo_version(19).admin_api_key(ADMIN_KEY))
        .await
        .unwrap();
    let partner = model("res.partner");
    let query = SearchRead::new(Domain::default())
        .fields(["name"])
        .unwrap()
        .limit(1);
    let builder = || Client::builder(sim.url()).database(sim.database());
    let clients = [
        builder().api_key(WRONG_KEY).build().unwrap(),
        builder().api_key(ADMIN_KEY).build().unwrap(),
        builder()
            .login("admin")
            .password(WRONG_PASSWORD)
            .build()
            .unwrap(),
        builder()
            .login("admin")
            .api_key(ADMIN_KEY)
            .protocol(ProtocolChoice::JsonRpc)
            .build()
            .unwrap(),
        builder()
            .login("admin")
            .api_key(WRONG_KEY)
            .protocol(ProtocolChoice::JsonRpc)
            .build()
            .unwrap(),
    ];
    let mut seen = String::new();
    let mut failures = 0;
    for client in &clients {
        seen.push_str(&format!("{client:?}\n"));
        match client.search_read(&partner, &query).await {
            Ok(rows) => assert_eq!(rows.len(), 1),
            Err(e) => {
                failures += 1;
                assert!(e.is_authentication(), "{e:?}");
                seen.push_str(&format!("{e}\n{e:?}\n"));
            }
        }
        seen.push_str(&format!("{client:?}\n"));
    }
    assert_eq!(failures, 3, "the wrong credentials must fail");
    let logs = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("search_read"), "requests are logged: {logs}");
    for secret in [ADMIN_KEY, WRONG_KEY, WRONG_PASSWORD] {
        assert!(
            !seen.contains(secret),
            "{secret} leaked in errors/Debug: {seen}"
        );
        assert!(!logs.contains(secret), "{secret} leaked in logs");
    }
}
