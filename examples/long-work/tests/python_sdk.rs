//! The built `long-work` binary driven by the official MCP Python SDK
//! (`examples/tests/test_examples.py`, class `TestLongWork`): progress, cancellation, the
//! concurrency cap.

#[path = "../../tests/run_pytest.rs"]
mod run_pytest;

#[test]
fn python_sdk_client() {
    run_pytest::python_client_tests("long-work", env!("CARGO_BIN_EXE_long-work"), &[]);
}
