//! The `odoo-sim` binary: parses the command line, sets up logging, serves until Ctrl-C.
#![forbid(unsafe_code)]

use std::net::SocketAddr;

use anyhow::Context as _;
use clap::Parser;
use odoo_sim::{DEFAULT_ADMIN_API_KEY, DEFAULT_READER_API_KEY, SimConfig};
use tracing_subscriber::EnvFilter;

/// A simulated Odoo server (JSON-2, JSON-RPC, /web/version) over a generated demo company.
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
    out.push_str(&format!(
        "try JSON-RPC:\n  curl -s -X POST {url}/jsonrpc -H 'Content-Type: application/json' \\\n    \
         -d '{{\"jsonrpc\": \"2.0\", \"method\": \"call\", \"id\": 1, \"params\": {{\"service\": \"object\", \
         \"method\": \"execute_kw\", \"args\": [\"{db}\", 2, \"admin\", \"res.partner\", \"search_read\", \
         [[]], {{\"fields\": [\"name\"], \"limit\": 3}}]}}}}'"
    ));
    out
}
