//! The built `files-safely` binary driven by the official MCP Python SDK
//! (`examples/tests/test_examples.py`, class `TestFilesSafely`): path traversal variants,
//! symbolic links and encoded separators, all refused.

#[path = "../../tests/run_pytest.rs"]
mod run_pytest;

#[test]
fn python_sdk_client() {
    run_pytest::python_client_tests("files-safely", env!("CARGO_BIN_EXE_files-safely"), &[]);
}
