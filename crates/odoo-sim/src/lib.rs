//! A simulator of Odoo's external API.
//!
//! TODO(wire helper): spawn(), SimConfig, SimHandle; module map.
#![forbid(unsafe_code)]

mod dataset;
mod engine;
mod fault;
mod store;
mod wire;
