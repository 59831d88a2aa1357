//! Integration tests for odoo-sim.
