//! The `odoo-sim` binary.
#![forbid(unsafe_code)]
fn main() {}
