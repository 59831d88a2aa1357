//! Integration tests for odoo-sim.

mod faults;
mod golden;
mod protocol;
mod sessions;
mod support;
mod versions;
mod xmlrpc;
