//! The odoo-mcp server library.
#![forbid(unsafe_code)]
