//! Shared by every example's `tests/python_sdk.rs` (included with `#[path]`): runs this
//! example's part of `examples/tests/test_examples.py` — the official MCP Python SDK driving
//! the example's built binary — and fails the Rust test when pytest fails.
//!
//! The Python environment is the repository's `.venv`, the one `crates/odoo-mcp/tests/it/python_sdk.rs`
//! makes from the pinned `tests/e2e/requirements.txt` (same stamp file, so neither reinstalls
//! for the other).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn run(cmd: &mut Command, what: &str) {
    let status = cmd
        .status()
        .unwrap_or_else(|e| panic!("{what}: cannot start: {e}"));
    assert!(status.success(), "{what} failed ({status})");
}

/// Creates `<repo>/.venv` with the pinned requirements unless they are installed already.
fn ensure_venv(root: &Path) -> PathBuf {
    let venv = root.join(".venv");
    let python = venv.join("bin/python");
    if !python.exists() {
        run(
            Command::new("python3").arg("-m").arg("venv").arg(&venv),
            "python3 -m venv .venv (is python3 installed?)",
        );
    }
    let requirements = root.join("tests/e2e/requirements.txt");
    let wanted = std::fs::read_to_string(&requirements).expect("tests/e2e/requirements.txt");
    let stamp = venv.join(".odoo-mcp-requirements");
    if std::fs::read_to_string(&stamp).ok().as_deref() != Some(wanted.as_str()) {
        run(
            Command::new(&python)
                .args([
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                    "-r",
                ])
                .arg(&requirements),
            "pip install -r tests/e2e/requirements.txt (needs access to PyPI)",
        );
        std::fs::write(&stamp, &wanted).expect("write the requirements stamp");
    }
    python
}

/// Runs the pytest tests of `example` (the class `Test<Example>` in `test_examples.py`)
/// against the binary at `bin`, with `extra_env` (e.g. another binary's path) added.
pub(crate) fn python_client_tests(example: &str, bin: &str, extra_env: &[(&str, &str)]) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root");
    let python = ensure_venv(&root);
    let class: String = example
        .split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect();
    let mut cmd = Command::new(&python);
    cmd.args([
        "-m",
        "pytest",
        "examples/tests/test_examples.py",
        "-q",
        "-ra",
    ])
    .args(["-p", "no:cacheprovider", "-k", &format!("Test{class}")])
    .current_dir(&root)
    .env("EXAMPLE_BIN", bin)
    .stdin(Stdio::null());
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    let output = cmd.output().expect("start pytest");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    eprintln!("{stderr}");
    assert!(
        output.status.success(),
        "the Python SDK tests of {example} failed:\n{stdout}\n{stderr}"
    );
}
