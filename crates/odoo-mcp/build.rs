//! Build script: links the release `odoo-mcp` binary with its start-up functions side by side.
//!
//! `startup-order.txt` lists the functions that run from spawn to an answered `initialize`,
//! then those of `tools/list` and a search, in the order they first run (written by
//! `bench/startup_order.py`). lld places them first in `.text`, so start-up touches a few
//! dozen 64 KiB windows of the binary instead of over a hundred, and the kernel maps fewer
//! of its pages: idle RSS (issue 14; BENCHMARKS.md "Start-up and idle memory").
//!
//! Only for release builds on x86_64 Linux, where rustc links with its own lld by default.
//! The link map goes to `target/release/build/odoo-mcp-*/out/odoo-mcp.map`.
//! A name the linker does not find (another rustc, other dependency versions) is skipped
//! silently: the binary is the same, laid out as without the file. Set
//! `ODOO_MCP_NO_STARTUP_ORDER=1` when linking with a linker that lacks
//! `--symbol-ordering-file` (GNU ld).

use std::env;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=startup-order.txt");
    println!("cargo:rerun-if-env-changed=ODOO_MCP_NO_STARTUP_ORDER");
    let release = env::var("PROFILE").is_ok_and(|p| p == "release");
    let lld_target = env::var("TARGET").is_ok_and(|t| t == "x86_64-unknown-linux-gnu");
    // A build that picks its own linker (`-C linker=…`, `-C link-arg=-fuse-ld=…`, or opts out of
    // the bundled lld) may not understand the option.
    let own_linker = env::var("CARGO_ENCODED_RUSTFLAGS")
        .is_ok_and(|f| f.contains("linker") || f.contains("fuse-ld"))
        || env::vars().any(|(k, _)| k.starts_with("CARGO_TARGET_") && k.ends_with("_LINKER"));
    let opted_out = env::var_os("ODOO_MCP_NO_STARTUP_ORDER").is_some();
    if !release || !lld_target || own_linker || opted_out || !bundled_lld() {
        return;
    }
    let Ok(dir) = env::var("CARGO_MANIFEST_DIR") else {
        return;
    };
    let order = Path::new(&dir).join("startup-order.txt");
    if order.is_file() {
        println!(
            "cargo:rustc-link-arg-bin=odoo-mcp=-Wl,--symbol-ordering-file={}",
            order.display()
        );
        println!("cargo:rustc-link-arg-bin=odoo-mcp=-Wl,--no-warn-symbol-ordering");
        // The link map names the functions at each address of the (stripped) binary:
        // `bench/startup_order.py` needs it to write the order file again, and
        // `bench/linkmap.py` to tell the bytes per crate. Symbol names carry hashes of the
        // compiler flags, so only a map of this very build matches it.
        if let Ok(out) = env::var("OUT_DIR") {
            let map = Path::new(&out).join("odoo-mcp.map");
            println!(
                "cargo:rustc-link-arg-bin=odoo-mcp=-Wl,-Map={}",
                map.display()
            );
        }
    }
}

/// Whether this rustc ships its own lld (`gcc-ld/ld.lld` in its sysroot), which the official
/// x86_64 Linux toolchains link with by default (Rust ≥ 1.90; the workspace needs 1.95). A
/// distribution's rustc built without it links with the system's linker, which may not know
/// `--symbol-ordering-file`: the build then goes on without the order.
fn bundled_lld() -> bool {
    let rustc = env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let Ok(out) = std::process::Command::new(rustc)
        .args(["--print", "sysroot"])
        .output()
    else {
        return false;
    };
    let sysroot = String::from_utf8_lossy(&out.stdout);
    Path::new(sysroot.trim())
        .join("lib/rustlib/x86_64-unknown-linux-gnu/bin/gcc-ld/ld.lld")
        .is_file()
}
