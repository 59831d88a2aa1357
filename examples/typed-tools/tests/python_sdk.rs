//! The built `typed-tools` binary driven by the official MCP Python SDK
//! (`examples/tests/test_examples.py`, class `TestTypedTools`).

#[path = "../../tests/run_pytest.rs"]
mod run_pytest;

#[test]
fn python_sdk_client() {
    run_pytest::python_client_tests("typed-tools", env!("CARGO_BIN_EXE_typed-tools"), &[]);
}
