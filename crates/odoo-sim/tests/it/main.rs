//! Integration tests for odoo-sim.

mod faults;
mod golden;
mod protocol;
mod support;
mod versions;
mod xmlrpc;
