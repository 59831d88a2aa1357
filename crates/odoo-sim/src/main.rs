//! The `odoo-sim` binary: parses the command line, sets up logging, serves until Ctrl-C.
#![forbid(unsafe_code)]

use std::net::SocketAddr;

use anyhow::Context as _;
use clap::Parser;
use odoo_sim::{DEFAULT_ADMIN_API_KEY, DEFAULT_READER_API_KEY, SimConfig};
use tracing_subscriber::EnvFilter;

/// A simulated Odoo server (JSON-2, JSON-RPC, XML-RPC, /web/version) over a generated demo company.
#[derive(Debug, Parser)]
#[command(name = "odoo-sim", version)]
struct Cli {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8069")]
    listen: SocketAddr,
    /// Odoo major version to simulate (17, 18, 19, 20; JSON-2 only on 19+).
    #[arg(long, default_value_t = 19)]
    odoo_version: u32,
    /// Multiplies the generated records.
    #[arg(long, default_value_t = 1)]
    scale: u32,
    /// Database name.
    #[arg(long, default_value = "demo")]
    database: String,
    /// The admin user's API key.
    #[arg(long, env = "ODOO_SIM_ADMIN_API_KEY", default_value = DEFAULT_ADMIN_API_KEY, hide_env_values = true)]
    admin_api_key: String,
    /// The reader user's API key.
    #[arg(long, env = "ODOO_SIM_READER_API_KEY", default_value = DEFAULT_READER_API_KEY, hide_env_values = true)]
    reader_api_key: String,
    /// Fault injection: milliseconds added before every answer.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    latency_ms: u64,
    /// Fault injection: the fraction of calls (0.0–1.0) that fail with --error-status.
    #[arg(long, value_name = "RATE", default_value_t = 0.0, value_parser = parse_rate)]
    error_rate: f64,
    /// Fault injection: the HTTP status of injected failures (500, or 503 like a proxy).
    #[arg(long, value_name = "STATUS", default_value_t = 503)]
    error_status: u16,
}

fn parse_rate(text: &str) -> Result<f64, String> {
    let rate: f64 = text
        .parse()
        .map_err(|_| format!("{text:?} is not a number"))?;
    if (0.0..=1.0).contains(&rate) {
        Ok(rate)
    } else {
        Err(format!("{rate} is not between 0.0 and 1.0"))
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let config = SimConfig::new()
        .odoo_version(cli.odoo_version)
        .scale(cli.scale)
        .database(cli.database.clone())
        .admin_api_key(cli.admin_api_key.clone())
        .reader_api_key(cli.reader_api_key.clone())
        .listen(cli.listen);
    let sim = odoo_sim::spawn(config)
        .await
        .with_context(|| format!("starting on {}", cli.listen))?;
    if cli.latency_ms > 0 {
        sim.faults()
            .set_latency(std::time::Duration::from_millis(cli.latency_ms));
    }
    if cli.error_rate > 0.0 {
        sim.faults()
            .set_error_rate(cli.error_rate, cli.error_status);
    }
    eprintln!("{}", banner(&cli, &sim.url()));
    tokio::signal::ctrl_c()
        .await
        .context("waiting for Ctrl-C")?;
    eprintln!("odoo-sim: stopping");
    sim.shutdown().await;
    Ok(())
}

/// What is running and how to call it: printed once at start-up (the keys are the demo ones,
/// printed on purpose so the examples work as shown).
fn banner(cli: &Cli, url: &str) -> String {
    let db = &cli.database;
    let key = &cli.admin_api_key;
    let mut out = format!(
        "odoo-sim: simulated Odoo {}.0 at {url}, database {db:?} (scale {})\n\
         users: admin / password \"admin\" / API key \"{key}\" (uid 2)\n       \
         reader / password \"reader\" / API key \"{}\" (uid 7)\n",
        cli.odoo_version, cli.scale, cli.reader_api_key
    );
    if cli.odoo_version >= 19 {
        out.push_str(&format!(
            "try JSON-2:\n  curl -s -X POST {url}/json/2/res.partner/search_read \\\n    \
             -H 'Authorization: bearer {key}' -H 'Content-Type: application/json' \\\n    \
             -H 'X-Odoo-Database: {db}' -d '{{\"domain\": [], \"fields\": [\"name\"], \"limit\": 3}}'\n"
        ));
    }
    if cli.latency_ms > 0 || cli.error_rate > 0.0 {
        out.push_str(&format!(
            "faults: +{} ms per call, {:.0}% of calls answer HTTP {}\n",
            cli.latency_ms,
            cli.error_rate * 100.0,
            cli.error_status
        ));
    }
    out.push_str(&format!(
        "try JSON-RPC:\n  curl -s -X POST {url}/jsonrpc -H 'Content-Type: application/json' \\\n    \
         -d '{{\"jsonrpc\": \"2.0\", \"method\": \"call\", \"id\": 1, \"params\": {{\"service\": \"object\", \
         \"method\": \"execute_kw\", \"args\": [\"{db}\", 2, \"admin\", \"res.partner\", \"search_read\", \
         [[]], {{\"fields\": [\"name\"], \"limit\": 3}}]}}}}'"
    ));
    out
}
