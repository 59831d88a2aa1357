//! Benchmarks of the client against the simulator: the time to `spawn` a simulator at several
//! scales, one client's search_read latency (JSON-2 and JSON-RPC), and the simulator's
//! throughput for JSON-2 search_read with 8 concurrent clients at scale 1 and 10.
//!
//! Run with `cargo bench -p odoo-client` (client and simulator share the machine's cores).

use std::error::Error;
use std::time::{Duration, Instant};

use odoo_client::{Client, Domain, ModelName, ProtocolChoice, SearchRead};
use odoo_sim::{SimConfig, SimHandle};
use tokio::task::JoinSet;

#[path = "support/timing.rs"]
mod timing;

use timing::{Plan, full_run, header, measure, row};

type BoxError = Box<dyn Error + Send + Sync>;

const LABEL: usize = 44;

/// The fields read by the search_read benches (about what `search_records` picks by default).
const FIELDS: &[&str] = &[
    "name",
    "email",
    "phone",
    "is_company",
    "city",
    "country_id",
    "parent_id",
];

/// Concurrent clients of the throughput bench.
const CLIENTS: usize = 8;

fn main() -> Result<(), BoxError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(run())
}

async fn run() -> Result<(), BoxError> {
    println!("{}", header(LABEL));
    spawn_times().await?;
    latency().await?;
    let window = if full_run() {
        Duration::from_secs(4)
    } else {
        Duration::from_millis(200)
    };
    for scale in [1, 10] {
        throughput(scale, window).await?;
    }
    Ok(())
}

/// Time to generate the data and start serving, per scale.
async fn spawn_times() -> Result<(), BoxError> {
    for (scale, iterations) in [(1, 10), (10, 5), (50, 3)] {
        let summary = measure(Plan::new(1, iterations), || {
            odoo_sim::spawn(SimConfig::new().scale(scale))
        })
        .await?;
        println!("{}", row(&format!("spawn scale {scale}"), LABEL, &summary));
    }
    Ok(())
}

fn client(sim: &SimHandle, protocol: ProtocolChoice) -> Result<Client, odoo_client::Error> {
    Client::builder(sim.url())
        .database(sim.database())
        .api_key(sim.admin_api_key())
        .login("admin")
        .protocol(protocol)
        .build()
}

fn partner_page() -> Result<(ModelName, SearchRead), BoxError> {
    let model = ModelName::new("res.partner")?;
    let query = SearchRead::new(Domain::default()).fields(FIELDS)?.limit(20);
    Ok((model, query))
}

/// One client, one call at a time: search_read of 20 partners over each protocol.
async fn latency() -> Result<(), BoxError> {
    let sim = odoo_sim::spawn(SimConfig::new()).await?;
    let (model, query) = partner_page()?;
    for (name, protocol) in [
        ("JSON-2", ProtocolChoice::Json2),
        ("JSON-RPC", ProtocolChoice::JsonRpc),
    ] {
        let client = client(&sim, protocol)?;
        let summary = measure(Plan::new(50, 1000), || client.search_read(&model, &query)).await?;
        let label = format!("search_read res.partner x20 {name}");
        println!("{}", row(&label, LABEL, &summary));
    }
    sim.shutdown().await;
    Ok(())
}

/// Requests per second with `CLIENTS` clients (own connection pools) calling back to back.
async fn throughput(scale: u32, window: Duration) -> Result<(), BoxError> {
    let sim = odoo_sim::spawn(SimConfig::new().scale(scale)).await?;
    let (model, query) = partner_page()?;
    let mut clients = Vec::with_capacity(CLIENTS);
    for _ in 0..CLIENTS {
        let client = client(&sim, ProtocolChoice::Json2)?;
        // Version detection and the first connection happen outside the window.
        client.search_read(&model, &query).await?;
        clients.push(client);
    }
    let start = Instant::now();
    let deadline = start + window;
    let mut tasks = JoinSet::new();
    for client in clients {
        let (model, query) = (model.clone(), query.clone());
        tasks.spawn(async move {
            let mut done: u64 = 0;
            while Instant::now() < deadline {
                client.search_read(&model, &query).await?;
                done += 1;
            }
            Ok::<u64, odoo_client::Error>(done)
        });
    }
    let mut total: u64 = 0;
    while let Some(done) = tasks.join_next().await {
        total += done??;
    }
    let elapsed = start.elapsed().as_secs_f64();
    println!(
        "throughput scale {scale:<3} {CLIENTS} clients JSON-2 search_read x20: {total} requests \
         in {elapsed:.2} s = {:.0} req/s ({:.1} µs/request)",
        total as f64 / elapsed,
        elapsed * 1e6 / total.max(1) as f64
    );
    sim.shutdown().await;
    Ok(())
}
