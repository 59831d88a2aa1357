//! Build script of `odoo-mcp`: one link setting of the binary. On Linux with glibc 2.36 or
//! later, the binary's relative relocations are packed (`-z pack-relative-relocs`, DT_RELR): a
//! bitmap of a few KB replaces `.rela.dyn`, 454 KB less in the release build (BENCHMARKS.md,
//! "Release binary size"). A glibc older than 2.36 refuses to load such a binary, so the flag is
//! only given for a native build whose own glibc (`ldd --version`) is new enough.

use std::process::Command;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let native_gnu_linux = var("TARGET") == var("HOST")
        && var("CARGO_CFG_TARGET_OS") == "linux"
        && var("CARGO_CFG_TARGET_ENV") == "gnu";
    if native_gnu_linux && glibc_at_least((2, 36)) {
        println!("cargo::rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// Whether `ldd --version` reports glibc `wanted` (major, minor) or later; false when it
/// cannot tell. Its first line ends with the version: `ldd (Debian GLIBC 2.36-9) 2.36`,
/// `ldd (GNU libc) 2.40`.
fn glibc_at_least(wanted: (u32, u32)) -> bool {
    let Ok(output) = Command::new("ldd").arg("--version").output() else {
        return false;
    };
    let text = String::from_utf8_lossy(&output.stdout);
    let Some(first) = text.lines().next() else {
        return false;
    };
    if !(first.contains("GLIBC") || first.contains("GNU libc")) {
        return false;
    }
    let mut numbers = first
        .split_whitespace()
        .last()
        .unwrap_or_default()
        .split('.')
        .map(str::parse::<u32>);
    match (numbers.next(), numbers.next()) {
        (Some(Ok(major)), Some(Ok(minor))) => (major, minor) >= wanted,
        _ => false,
    }
}
