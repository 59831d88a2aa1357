//! Integration tests for odoo-mcp.
