//! The hostile-input catalogue (`tests/hostile/catalogue.jsonl`, see `generate.py` there) run
//! against the built binary on the simulator, over stdio and Streamable HTTP (sessions and
//! `--stateless`), in both protocol eras, writes off and on: every entry must get a clean
//! answer of its expected class, leak no secret (in answers or logs), write nothing forbidden,
//! and leave the server answering.
//!
//! One server process and one simulator serve each of the twelve combinations; a simulator
//! whose protected data an entry changed is replaced before the next entry. Each answer has a
//! deadline, so a hang fails its entry instead of blocking CI.
//!
//! Entries that fail on the current code stay in the catalogue with their correct expectation
//! and are listed in `tests/hostile/known_failing.txt` (one id per line, then an optional
//! `# reason`); a listed entry that passes fails the test ("remove it"), so the list only
//! shrinks. `HOSTILE_WRITE_FAILING=FILE` writes the current failures, with their reasons, to
//! FILE in that format. `HOSTILE_ONLY=stdio|http|http-stateless` runs one transport.

mod catalogue;
mod http;
mod judge;
mod logs;
mod stdio;
mod wire;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::{Duration, Instant};

use odoo_sim::{SimConfig, SimHandle};
use serde_json::{Value, json};

use catalogue::Entry;
use logs::Logs;
use wire::{Era, Wire};

/// Bound on one answer: a hang fails the entry instead of blocking CI.
const ANSWER_DEADLINE: Duration = Duration::from_secs(20);
/// The cap configured for the run; nested creates must count towards it.
const MAX_RECORDS: usize = 5;
/// Planted in `sale.order.access_token` before the run: must never come back.
const PLANTED_TOKEN: &str = "planted-access-token-7f3a9c";

/// How the server is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Transport {
    Stdio,
    Http { stateless: bool },
}

impl Transport {
    fn label(self) -> &'static str {
        match self {
            Transport::Stdio => "stdio",
            Transport::Http { stateless: false } => "http",
            Transport::Http { stateless: true } => "http-stateless",
        }
    }
}

/// One configuration the whole catalogue runs in.
#[derive(Debug, Clone, Copy)]
struct Combo {
    transport: Transport,
    era: Era,
    writes: bool,
}

impl Combo {
    fn label(self) -> String {
        format!(
            "{}/{:?}/writes={}",
            self.transport.label(),
            self.era,
            self.writes
        )
    }
}

/// A simulated Odoo with secrets planted where the oracles look for them.
struct Target {
    sim: SimHandle,
    secrets: Vec<String>,
}

async fn target() -> Target {
    let sim = odoo_sim::spawn(SimConfig::new())
        .await
        .expect("simulator starts");
    let planted = reqwest::Client::new()
        .post(format!("{}/json/2/sale.order/write", sim.url()))
        .bearer_auth(sim.admin_api_key())
        .header("x-odoo-database", sim.database())
        .json(&json!({"ids": [1, 2, 3], "vals": {"access_token": PLANTED_TOKEN}}))
        .send()
        .await
        .expect("plant the token");
    assert!(
        planted.status().is_success(),
        "planting: {}",
        planted.status()
    );
    let secrets = vec![
        sim.admin_api_key().to_owned(),
        sim.reader_api_key().to_owned(),
        PLANTED_TOKEN.to_owned(),
    ];
    Target { sim, secrets }
}

fn write_config(target: &Target, writes: bool, dir: &Path) -> std::path::PathBuf {
    let config = dir.join(format!("hostile-{writes}.toml"));
    let toml = format!(
        "[instances.demo]\nurl = {:?}\ndatabase = {:?}\nusername = \"admin\"\napi_key = {:?}\n\
         read_only = {}\nmax_records = {MAX_RECORDS}\n\
         default_limit = {MAX_RECORDS}\ndenied_models = [\"sale.order.line\"]\n\
         allowed_methods = [\"sale.order:action_confirm\", \"sale.order:read\", \
         \"res.partner:search_read\", \"res.partner:read\", \"crm.lead:*\"]\n",
        target.sim.url(),
        target.sim.database(),
        target.sim.admin_api_key(),
        !writes
    );
    std::fs::write(&config, toml).expect("write config");
    config
}

/// A live server of one combination.
enum Conn {
    Stdio(stdio::StdioConn),
    Http(http::HttpConn),
}

impl Conn {
    async fn start(combo: Combo, target: &Target, dir: &Path) -> (Self, Logs) {
        let config = write_config(target, combo.writes, dir);
        let (logs, mut announced) = Logs::new(target.secrets.clone());
        let conn = match combo.transport {
            Transport::Stdio => {
                Conn::Stdio(stdio::StdioConn::start(&config, dir, combo.era, &logs).await)
            }
            Transport::Http { stateless } => Conn::Http(
                http::HttpConn::start(&config, dir, combo.era, stateless, &logs, &mut announced)
                    .await,
            ),
        };
        (conn, logs)
    }

    async fn exchange(&mut self, wire: &Wire) -> Result<Vec<Value>, String> {
        match self {
            Conn::Stdio(c) => c.exchange(wire).await,
            Conn::Http(c) => c.exchange(wire).await,
        }
    }
}

/// What one combination found: failures by entry id, and the time it took.
struct RunReport {
    failures: BTreeMap<String, Vec<String>>,
    elapsed: Duration,
    slowest: Vec<(Duration, String)>,
}

/// Runs the whole catalogue in one combination.
async fn run(entries: &[Entry], combo: Combo) -> RunReport {
    let started = Instant::now();
    let label = combo.label();
    let dir = std::env::temp_dir().join(format!(
        "odoo-mcp-hostile-{}-{}",
        std::process::id(),
        label.replace(['/', '='], "-")
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut target = target().await;
    let (mut conn, mut logs) = Conn::start(combo, &target, &dir).await;
    let mut failures: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut timings = Vec::new();
    // The data as it was before the entry; taken again only after a writing call arrived.
    let mut before = target.sim.state().snapshot();
    for (n, entry) in entries.iter().enumerate() {
        let wire = Wire::new(catalogue::message(entry, n), combo.era);
        let write_calls = target.sim.state().write_calls();
        let t = Instant::now();
        let outcome = conn.exchange(&wire).await;
        timings.push((t.elapsed(), entry.id.clone()));
        // Snapshots are costly (every row of every model): only after a writing call.
        let after = (target.sim.state().write_calls() != write_calls)
            .then(|| target.sim.state().snapshot());
        let mut problems: Vec<String> = Vec::new();
        match &outcome {
            Err(e) => problems.push(e.clone()),
            Ok(replies) => {
                problems.extend(judge::answer(entry, replies, &target.secrets, combo.writes))
            }
        }
        if let Some(after) = &after {
            problems.extend(judge::forbidden_writes(&before, after, combo.writes));
        }
        let leaks = logs.leaks();
        if !leaks.is_empty() {
            problems.push(format!(
                "a secret in the server's log: {}",
                leaks.join(" | ")
            ));
        }
        if !problems.is_empty() {
            failures
                .entry(entry.id.clone())
                .or_default()
                .push(format!("[{label}] {}", problems.join("; ")));
        }
        let tainted = after.as_ref().is_some_and(|a| judge::tainted(&before, a));
        if outcome.is_err() || tainted || !leaks.is_empty() {
            // A dead server or a tainted database: start again from a clean one.
            target = self::target().await;
            (conn, logs) = Conn::start(combo, &target, &dir).await;
            before = target.sim.state().snapshot();
        } else if let Some(after) = after {
            before = after;
        }
    }
    // Still answering a normal call afterwards.
    let normal = json!({"jsonrpc": "2.0", "id": "after", "method": "tools/call", "params": {
        "name": "count_records", "arguments": {"model": "res.partner"}}});
    let replies = conn
        .exchange(&Wire::request(normal, combo.era))
        .await
        .unwrap_or_else(|e| panic!("[{label}] a normal call after the catalogue: {e}"));
    assert!(
        replies
            .iter()
            .any(|r| r["id"] == "after" && r["result"]["isError"] == false),
        "[{label}] a normal call after the catalogue: {replies:?}"
    );
    timings.sort_by_key(|t| std::cmp::Reverse(t.0));
    timings.truncate(3);
    RunReport {
        failures,
        elapsed: started.elapsed(),
        slowest: timings,
    }
}

fn combos() -> Vec<Combo> {
    let only = std::env::var("HOSTILE_ONLY").ok();
    let transports = [
        Transport::Stdio,
        Transport::Http { stateless: false },
        Transport::Http { stateless: true },
    ];
    let mut combos = Vec::new();
    for transport in transports {
        if only.as_deref().is_some_and(|o| o != transport.label()) {
            continue;
        }
        for era in [Era::Initialize, Era::Modern] {
            for writes in [false, true] {
                combos.push(Combo {
                    transport,
                    era,
                    writes,
                });
            }
        }
    }
    combos
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_catalogue_gets_clean_answers_leaks_nothing_and_writes_nothing_forbidden() {
    let entries = catalogue::entries();
    assert!(
        entries.len() >= 200,
        "the catalogue holds {} entries",
        entries.len()
    );
    let ids: BTreeSet<&str> = entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), entries.len(), "catalogue ids are unique");
    let known = catalogue::known_failing();
    let stale: Vec<&String> = known.iter().filter(|k| !ids.contains(k.as_str())).collect();
    assert!(
        stale.is_empty(),
        "known_failing.txt names unknown entries: {stale:?}"
    );

    let started = Instant::now();
    let mut failures: BTreeMap<String, Vec<String>> = BTreeMap::new();
    // The transports run side by side (most of the time is spent waiting for answers), the
    // combinations of one transport one after the other.
    let lanes =
        combos()
            .into_iter()
            .fold(BTreeMap::<&str, Vec<Combo>>::new(), |mut lanes, combo| {
                lanes
                    .entry(combo.transport.label())
                    .or_default()
                    .push(combo);
                lanes
            });
    let entries = &entries;
    let lanes = lanes.into_values().map(|combos| async move {
        let mut reports = Vec::new();
        for combo in combos {
            reports.push((combo, run(entries, combo).await));
        }
        reports
    });
    for (combo, report) in futures::future::join_all(lanes).await.into_iter().flatten() {
        eprintln!(
            "hostile [{}]: {} entries in {:.1?}, {} failing; slowest {:?}",
            combo.label(),
            entries.len(),
            report.elapsed,
            report.failures.len(),
            report.slowest
        );
        for (id, why) in report.failures {
            failures.entry(id).or_default().extend(why);
        }
    }
    eprintln!("hostile: whole catalogue in {:.1?}", started.elapsed());
    if let Some(path) = std::env::var_os("HOSTILE_WRITE_FAILING") {
        let list: String = failures
            .iter()
            .map(|(id, why)| format!("{id}  # {:.300}\n", why.join(" | ").replace('\n', " ")))
            .collect();
        std::fs::write(path, list).expect("write the failing list");
    }
    let unexpected: Vec<String> = failures
        .iter()
        .filter(|(id, _)| !known.contains(*id))
        .map(|(id, why)| format!("{id}: {}", why.join(" | ")))
        .collect();
    let fixed: Vec<&String> = if std::env::var_os("HOSTILE_ONLY").is_some() {
        Vec::new() // a partial run cannot tell
    } else {
        known
            .iter()
            .filter(|id| !failures.contains_key(*id))
            .collect()
    };
    assert!(
        unexpected.is_empty() && fixed.is_empty(),
        "{} entries fail that are not in known_failing.txt:\n{}\n\n{}",
        unexpected.len(),
        unexpected.join("\n"),
        fixed
            .iter()
            .map(|id| format!("remove {id} from known_failing.txt (it passes now)"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}
