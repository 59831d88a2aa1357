//! Integration tests for odoo-client.
