//! The `odoo-mcp` binary.
#![forbid(unsafe_code)]
fn main() {}
