//! Integration tests for odoo-sim.

mod faults;
mod golden;
mod protocol;
mod support;
mod xmlrpc;
