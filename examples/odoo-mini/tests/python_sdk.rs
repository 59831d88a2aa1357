//! The built `odoo-mini` binary driven by the official MCP Python SDK
//! (`examples/tests/test_examples.py`, class `TestOdooMini`), against a simulated Odoo that
//! this test starts and hands over as `ODOO_URL`, `ODOO_DB` and `ODOO_API_KEY` (the read-only
//! user's key).

#[path = "../../tests/run_pytest.rs"]
mod run_pytest;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_sdk_client() {
    let sim = odoo_sim::spawn(odoo_sim::SimConfig::new())
        .await
        .expect("simulator starts");
    let (url, db, key) = (
        sim.url(),
        sim.database().to_owned(),
        sim.reader_api_key().to_owned(),
    );
    // pytest blocks this thread; the simulator keeps serving on the other worker.
    tokio::task::spawn_blocking(move || {
        run_pytest::python_client_tests(
            "odoo-mini",
            env!("CARGO_BIN_EXE_odoo-mini"),
            &[("ODOO_URL", &url), ("ODOO_DB", &db), ("ODOO_API_KEY", &key)],
        );
    })
    .await
    .expect("pytest ran");
}
