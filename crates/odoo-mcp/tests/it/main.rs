//! Integration tests for odoo-mcp.

// mcp-tools (F2): in-process round trips through OdooServer.
mod boundary;
mod chatter;
mod confirmation;
mod dry_run;
mod eras;
mod golden;
mod harness;
mod hostile;
mod internal_user;
mod multi_instance;
mod near_misses;
mod policy;
mod prompts;
mod read_tools;
mod resources;
mod token_budget;
mod write_tools;

// mcp-shell (F1): the binary's commands and the HTTP app.
mod python_sdk;
mod shell;
