//! The built `hello-stdio` binary driven by the official MCP Python SDK
//! (`examples/tests/test_examples.py`, class `TestHelloStdio`).

#[path = "../../tests/run_pytest.rs"]
mod run_pytest;

#[test]
fn python_sdk_client() {
    run_pytest::python_client_tests("hello-stdio", env!("CARGO_BIN_EXE_hello-stdio"), &[]);
}
