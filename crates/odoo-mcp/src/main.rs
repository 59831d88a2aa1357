//! The `odoo-mcp` binary: parses the command line, sets up logging to stderr, runs the
//! subcommand on a tokio runtime, and exits promptly (even with a stdin read pending).
#![forbid(unsafe_code)]

use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use odoo_mcp::cli::{Cli, Command, TransportKind};
use odoo_mcp::{Env, commands, telemetry};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let env = Env::from_process();
    if let Some(warning) = telemetry::init(
        cli.log_level.as_deref(),
        env.get("RUST_LOG"),
        cli.default_log_filter(),
    ) {
        tracing::warn!("{warning}");
    }
    let runtime = match runtime_for(&cli.subcommand()).enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("odoo-mcp: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = runtime.block_on(commands::run(&cli, &env));
    // A blocking stdin read may still be pending (stdio transport stopped by a signal):
    // do not wait for it.
    runtime.shutdown_timeout(Duration::from_millis(200));
    match outcome {
        Ok(code) => code,
        Err(e) => {
            eprintln!("odoo-mcp: {e}");
            ExitCode::from(2)
        }
    }
}

/// The runtime a subcommand needs. Streamable HTTP serves many clients at once, and `demo`
/// also runs a simulated Odoo server in the process: worker threads, one per core.
/// Everything else (`serve` on stdio: one client, whose requests still run concurrently as
/// tasks; the one-shot commands) runs on the main thread alone, which saves the hops between
/// threads on every call, the worker threads' stacks and their allocator arenas (idle RSS and
/// CPU per call: BENCHMARKS.md).
fn runtime_for(command: &Command) -> tokio::runtime::Builder {
    let threads = match command {
        Command::Serve(args) => args.transport == TransportKind::Http,
        Command::Demo(_) => true,
        _ => false,
    };
    if threads {
        tokio::runtime::Builder::new_multi_thread()
    } else {
        tokio::runtime::Builder::new_current_thread()
    }
}
