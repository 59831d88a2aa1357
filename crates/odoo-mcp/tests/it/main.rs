//! Integration tests for odoo-mcp.

// mcp-tools (F2): in-process round trips through OdooServer.
mod activities;
mod attachments;
mod audit;
mod boundary;
mod call_context;
mod chatter;
mod chatter_writes;
mod clients;
mod confirmation;
mod dry_run;
mod eras;
mod export_tasks;
mod exports;
mod golden;
mod harness;
mod hostile;
mod internal_user;
mod limits;
mod metadata_lang;
mod multi_instance;
mod near_misses;
mod policy;
mod prompts;
mod read_tools;
mod reports;
mod resources;
mod token_budget;
mod tool_profiles;
mod versions;
mod wizards;
mod write_tools;

// mcp-shell (F1): the binary's commands and the HTTP app.
mod first_connection;
mod oauth;
mod python_sdk;
mod shell;
mod shutdown;

// hostile2: the endpoints beside the tool arguments (tasks, MRTR rounds, HTTP edges).
mod hostile_http;
mod hostile_mrtr;
mod hostile_tasks;

// leftovers: per-client caps on HTTP sessions.
mod session_caps;
