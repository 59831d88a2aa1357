//! The built `prompts-and-completion` binary driven by the official MCP Python SDK
//! (`examples/tests/test_examples.py`, class `TestPromptsAndCompletion`).

#[path = "../../tests/run_pytest.rs"]
mod run_pytest;

#[test]
fn python_sdk_client() {
    run_pytest::python_client_tests(
        "prompts-and-completion",
        env!("CARGO_BIN_EXE_prompts-and-completion"),
        &[],
    );
}
