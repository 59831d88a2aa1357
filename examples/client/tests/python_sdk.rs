//! The built `client` binary against a hostile server written with the official MCP Python SDK
//! (`tests/hostile_server.py`; the tests are class `TestClient` in
//! `examples/tests/test_examples.py`).

#[path = "../../tests/run_pytest.rs"]
mod run_pytest;

#[test]
fn python_sdk_server() {
    run_pytest::python_client_tests("client", env!("CARGO_BIN_EXE_client"), &[]);
}
