//! Integration tests for odoo-mcp.

// mcp-tools (F2): in-process round trips through OdooServer.
mod harness;
mod token_budget;
