//! Integration tests for odoo-client.

mod connection;
mod errors;
mod reads;
mod reports;
mod retries;
mod secrets;
mod support;
mod versions;
mod writes;
