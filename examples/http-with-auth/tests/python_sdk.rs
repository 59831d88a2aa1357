//! The built `http-with-auth` binary driven by the official MCP Python SDK and raw HTTP
//! (`examples/tests/test_examples.py`, class `TestHttpWithAuth`): 401, 403, 413 and 429.

#[path = "../../tests/run_pytest.rs"]
mod run_pytest;

#[test]
fn python_sdk_client() {
    run_pytest::python_client_tests("http-with-auth", env!("CARGO_BIN_EXE_http-with-auth"), &[]);
}
