//! Runs the end-to-end suite in `tests/e2e` — the official MCP Python SDK client driving the
//! built `odoo-mcp` and `odoo-sim` binaries over stdio and Streamable HTTP, in both protocol
//! eras — as part of `cargo test`, so that the README's one test command runs every test.
//!
//! The Python environment lives in `<repo>/.venv`; it is created with `python3 -m venv` and the
//! pinned `tests/e2e/requirements.txt` is installed when the requirements changed since the last
//! install (a stamp file records them).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

fn run(cmd: &mut Command, what: &str) {
    let status = cmd
        .status()
        .unwrap_or_else(|e| panic!("{what}: cannot start: {e}"));
    assert!(status.success(), "{what} failed ({status})");
}

/// Creates `.venv` and installs the pinned requirements unless they are already installed.
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

#[test]
fn python_sdk_end_to_end_suite_passes() {
    let root = repo_root();
    let mcp_bin = PathBuf::from(env!("CARGO_BIN_EXE_odoo-mcp"));
    let sim_bin = mcp_bin.with_file_name("odoo-sim");
    assert!(
        sim_bin.exists(),
        "{} is missing: run the workspace's tests (`cargo test --workspace`), which build it",
        sim_bin.display()
    );
    let python = ensure_venv(&root);
    let output = Command::new(&python)
        .args(["-m", "pytest", "tests/e2e", "-q", "-p", "no:cacheprovider"])
        .current_dir(&root)
        .env("ODOO_MCP_BIN", &mcp_bin)
        .env("ODOO_SIM_BIN", &sim_bin)
        .stdin(Stdio::null())
        .output()
        .expect("start pytest");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    // Echo pytest's report so that `cargo test -- --nocapture` (and failures) show it.
    println!("{stdout}");
    eprintln!("{stderr}");
    assert!(
        output.status.success(),
        "the Python SDK end-to-end suite failed:\n{stdout}\n{stderr}"
    );
}
