//! Helpers: simulators of each version and clients on each protocol, failing loudly.

use odoo_client::{Client, ClientBuilder, FieldName, ModelName, Protocol, ProtocolChoice, Record};
use odoo_sim::{SimConfig, SimHandle};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A simulator of Odoo `major`.
pub(crate) async fn sim(major: u32) -> SimHandle {
    odoo_sim::spawn(SimConfig::new().odoo_version(major))
        .await
        .unwrap_or_else(|e| panic!("the Odoo {major} simulator did not start: {e}"))
}

/// A builder for `sim` with its database and no retry delay surprises.
pub(crate) fn builder(sim: &SimHandle) -> ClientBuilder {
    Client::builder(sim.url()).database(sim.database())
}

/// A client using the admin API key (auto protocol: JSON-2 on 19+).
pub(crate) fn admin_key_client(sim: &SimHandle) -> Client {
    builder(sim)
        .api_key(sim.admin_api_key())
        .build()
        .expect("client")
}

/// A client logging in with a password (auto protocol: JSON-RPC).
pub(crate) fn password_client(sim: &SimHandle, login: &str, password: &str) -> Client {
    builder(sim)
        .login(login)
        .password(password)
        .build()
        .expect("client")
}

/// One way of talking to Odoo that every operation must support.
pub(crate) struct Setup {
    /// e.g. `"json2 on 19"`.
    pub(crate) label: String,
    /// The expected protocol.
    pub(crate) protocol: Protocol,
    /// The simulator (kept alive with the client).
    pub(crate) sim: SimHandle,
    /// The admin's client.
    pub(crate) client: Client,
}

/// JSON-2 on 19 (API key), JSON-RPC on 19 (password), 18 and 17.
pub(crate) async fn setups() -> Vec<Setup> {
    let mut all = Vec::new();
    let s = sim(19).await;
    let client = admin_key_client(&s);
    all.push(Setup {
        label: "json2 on 19".into(),
        protocol: Protocol::Json2,
        sim: s,
        client,
    });
    for major in [19, 18, 17] {
        let s = sim(major).await;
        let client = password_client(&s, "admin", "admin");
        let label = format!("jsonrpc on {major}");
        all.push(Setup {
            label,
            protocol: Protocol::JsonRpc,
            sim: s,
            client,
        });
    }
    all
}

/// A client for `sim` with a forced protocol, logging in as admin with the API key.
pub(crate) fn forced(sim: &SimHandle, choice: ProtocolChoice) -> Client {
    builder(sim)
        .login("admin")
        .api_key(sim.admin_api_key())
        .protocol(choice)
        .build()
        .expect("client")
}

/// A validated model name.
pub(crate) fn model(name: &str) -> ModelName {
    ModelName::new(name).expect("model name")
}

/// Validated field names.
pub(crate) fn fields(names: &[&str]) -> Vec<FieldName> {
    names
        .iter()
        .map(|n| FieldName::new(n).expect("field name"))
        .collect()
}

/// A record from a JSON object.
pub(crate) fn record(value: Value) -> Record {
    value.as_object().cloned().expect("a JSON object")
}

/// A loopback server answering every request with `response` (raw HTTP), until dropped.
pub(crate) async fn raw_server(response: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let response = response.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 65536];
                let _ = stream.read(&mut buf).await;
                let _ = stream.write_all(&response).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    format!("http://{addr}")
}
