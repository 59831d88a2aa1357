//! The hostile-input catalogue (`tests/hostile/catalogue.jsonl`, see `generate.py` there) run
//! against the built binary on the simulator: every entry must get a clean answer of its
//! expected class, leak no secret, write nothing forbidden, and leave the server answering.
//!
//! Entries that fail on the current code stay in the catalogue with their correct expectation
//! and are listed in `tests/hostile/known_failing.txt` (one id per line, then an optional
//! `# reason`); a listed entry that passes fails the test ("remove it"), so the list only
//! shrinks. `HOSTILE_WRITE_FAILING=FILE` writes the current failures, with their reasons, to
//! FILE in that format.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Stdio;
use std::time::Duration;

use odoo_sim::{SimConfig, SimHandle};
use serde_json::{Map, Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};

const CATALOGUE: &str = include_str!("../hostile/catalogue.jsonl");
const KNOWN_FAILING: &str = include_str!("../hostile/known_failing.txt");

/// Bound on one answer: a hang fails the entry instead of blocking CI.
const ANSWER_DEADLINE: Duration = Duration::from_secs(30);
/// The cap configured for the run; nested creates must count towards it.
const MAX_RECORDS: usize = 5;
/// Models no tool call may change, writes enabled or not.
const PROTECTED_MODELS: &[&str] = &[
    "res.users",
    "res.groups",
    "res.company",
    "res.users.apikeys",
    "ir.attachment",
    "ir.config_parameter",
    "ir.model",
    "ir.model.fields",
];
/// Planted in `sale.order.access_token` before the run: must never come back.
const PLANTED_TOKEN: &str = "planted-access-token-7f3a9c";

/// One catalogue line.
#[derive(Debug, serde::Deserialize)]
struct Entry {
    id: String,
    #[allow(dead_code)] // read by people and by `generate.py`'s statistics
    class: String,
    writes: bool,
    expect: Outcome,
    tool: Option<String>,
    arguments: Option<Value>,
    raw: Option<Value>,
    #[serde(default)]
    mentions: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
enum Outcome {
    ToolError,
    ProtocolError,
    Ok,
    NoReply,
}

fn catalogue() -> Vec<Entry> {
    CATALOGUE
        .lines()
        .enumerate()
        .map(|(n, line)| {
            serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("catalogue.jsonl line {}: {e}", n + 1))
        })
        .collect()
}

fn known_failing() -> BTreeSet<String> {
    KNOWN_FAILING
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

/// `{"$repeat": s, "times": n}` and `{"$nest": n, "open", "close", "inner"}` inside arguments.
fn expand(value: &Value) -> Value {
    match value {
        Value::Object(map) if map.contains_key("$repeat") => {
            let s = map["$repeat"].as_str().unwrap_or_default();
            let n = map["times"].as_u64().unwrap_or(0) as usize;
            Value::String(s.repeat(n))
        }
        Value::Object(map) if map.contains_key("$nest") => {
            let n = map["$nest"].as_u64().unwrap_or(0) as usize;
            let part = |k: &str| map.get(k).and_then(Value::as_str).unwrap_or_default();
            Value::String(format!(
                "{}{}{}",
                part("open").repeat(n),
                part("inner"),
                part("close").repeat(n)
            ))
        }
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), expand(v))).collect())
        }
        Value::Array(items) => Value::Array(items.iter().map(expand).collect()),
        other => other.clone(),
    }
}

/// The wire text of an entry, and the request id its answer carries.
fn message(entry: &Entry, n: usize) -> (String, Option<Value>) {
    if let Some(tool) = &entry.tool {
        let id = json!(format!("h{n}"));
        let arguments = expand(entry.arguments.as_ref().unwrap_or(&Value::Null));
        let msg = json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
            "params": {"name": tool, "arguments": arguments}});
        return (msg.to_string(), Some(id));
    }
    let text = match entry.raw.as_ref() {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Object(map)) => {
            let part = |k: &str| map.get(k).and_then(Value::as_str).unwrap_or_default();
            let n = map.get("$nest").and_then(Value::as_u64).unwrap_or(0) as usize;
            format!(
                "{}{}{}{}",
                part("prefix"),
                part("open").repeat(n),
                part("close").repeat(n),
                part("suffix")
            )
        }
        other => panic!("{}: neither tool nor raw: {other:?}", entry.id),
    };
    // Shallow messages only: a deep one is never parsed here (serde_json's own depth limit).
    let id = serde_json::from_str::<Value>(&text)
        .ok()
        .and_then(|v| v.get("method").and(v.get("id")).cloned());
    (text, id)
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

/// The binary serving one instance of `target` on stdio, after the `initialize` handshake.
struct Session {
    _child: Child,
    stdin: ChildStdin,
    lines: Lines<BufReader<ChildStdout>>,
    probes: u64,
}

async fn serve(target: &Target, writes: bool, dir: &std::path::Path) -> Session {
    let config = dir.join(format!("hostile-{writes}.toml"));
    let toml = format!(
        "[instances.demo]\nurl = {:?}\ndatabase = {:?}\nusername = \"admin\"\napi_key = {:?}\n\
         read_only = {}\nmax_records = {MAX_RECORDS}\ndefault_limit = {MAX_RECORDS}\n\
         allowed_methods = [\"sale.order:action_confirm\", \"sale.order:read\", \
         \"res.partner:search_read\", \"res.partner:read\", \"crm.lead:*\"]\n",
        target.sim.url(),
        target.sim.database(),
        target.sim.admin_api_key(),
        !writes
    );
    std::fs::write(&config, toml).expect("write config");
    let mut child = Command::new(env!("CARGO_BIN_EXE_odoo-mcp"))
        .env_clear()
        .env("HOME", dir)
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .arg("serve")
        .arg("--config")
        .arg(&config)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("odoo-mcp starts");
    let stdin = child.stdin.take().expect("stdin");
    let lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut s = Session {
        _child: child,
        stdin,
        lines,
        probes: 0,
    };
    let init = json!({"jsonrpc": "2.0", "id": "init", "method": "initialize", "params": {
        "protocolVersion": "2025-11-25", "capabilities": {},
        "clientInfo": {"name": "hostile", "version": "1"}}});
    let replies = s
        .exchange(&init.to_string(), Some(json!("init")))
        .await
        .expect("initialize");
    assert!(
        replies
            .iter()
            .any(|r| r["id"] == "init" && r.get("result").is_some()),
        "{replies:?}"
    );
    s.send(r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)
        .await
        .expect("initialized");
    s
}

impl Session {
    async fn send(&mut self, line: &str) -> Result<(), String> {
        self.stdin
            .write_all(line.as_bytes())
            .await
            .map_err(|e| format!("write: {e}"))?;
        self.stdin
            .write_all(b"\n")
            .await
            .map_err(|e| format!("write: {e}"))?;
        self.stdin.flush().await.map_err(|e| format!("flush: {e}"))
    }

    /// Sends `line`, then a `ping`; returns every message received until the ping is answered
    /// and, when `id` is given, the answer to `id` (or an error with a null id) arrived.
    /// Err when the server dies, hangs or writes something that is not JSON.
    async fn exchange(&mut self, line: &str, id: Option<Value>) -> Result<Vec<Value>, String> {
        self.send(line).await?;
        self.probes += 1;
        let probe = json!(format!("probe-{}", self.probes));
        self.send(&json!({"jsonrpc": "2.0", "id": probe, "method": "ping"}).to_string())
            .await?;
        let mut replies = Vec::new();
        let (mut probed, mut answered) = (false, id.is_none());
        while !(probed && answered) {
            let next = tokio::time::timeout(ANSWER_DEADLINE, self.lines.next_line())
                .await
                .map_err(|_| "no answer within 30 s (hang)".to_owned())?
                .map_err(|e| format!("read: {e}"))?
                .ok_or_else(|| "the server closed stdout (crash or exit)".to_owned())?;
            let value: Value = serde_json::from_str(&next)
                .map_err(|e| format!("stdout carries non-JSON ({e}): {next:.200}"))?;
            if value["id"] == probe {
                probed = true;
                continue;
            }
            if value.get("method").is_some() {
                continue; // a notification or request from the server
            }
            if id.as_ref().is_some_and(|id| value["id"] == *id)
                || (value["id"].is_null() && value.get("error").is_some())
            {
                answered = true;
            }
            replies.push(value);
        }
        Ok(replies)
    }
}

/// What went wrong with one entry in one run, if anything.
fn judge(entry: &Entry, replies: &[Value], secrets: &[String], writes: bool) -> Option<String> {
    let all = serde_json::to_string(replies).unwrap_or_default();
    if let Some(s) = secrets.iter().find(|s| all.contains(s.as_str())) {
        let shown = all.replace(s.as_str(), "[the secret]");
        return Some(format!(
            "leaked a secret ({} chars) in {shown:.300}",
            s.len()
        ));
    }
    let got = match replies.first() {
        None => Outcome::NoReply,
        Some(r) if r.get("error").is_some() => Outcome::ProtocolError,
        Some(r) if r["result"]["isError"] == true => Outcome::ToolError,
        Some(_) => Outcome::Ok,
    };
    // With writes disabled, a write attack is refused before it reaches its target: the
    // write tools are not listed ("tool not found") or the tool says the instance is read-only.
    let refused_read_only =
        !writes && entry.writes && matches!(got, Outcome::ProtocolError | Outcome::ToolError);
    if refused_read_only {
        return None;
    }
    if got != entry.expect {
        return Some(format!(
            "expected {:?}, got {got:?}: {all:.300}",
            entry.expect
        ));
    }
    let text = all.to_lowercase();
    if got == Outcome::ToolError && !text.contains("\"text\"") {
        return Some(format!("an error result without a message: {all:.300}"));
    }
    if let Some(m) = entry
        .mentions
        .iter()
        .find(|m| !text.contains(&m.to_lowercase()))
    {
        return Some(format!("the answer does not mention {m:?}: {all:.300}"));
    }
    None
}

type Snapshot = BTreeMap<String, BTreeMap<i64, Map<String, Value>>>;

fn is_secret_name(field: &str) -> bool {
    let f = field.to_ascii_lowercase();
    ["password", "token", "secret", "api_key", "totp"]
        .iter()
        .any(|w| f.contains(w))
}

/// The forbidden changes between two snapshots of the simulator's database.
fn forbidden_writes(before: &Snapshot, after: &Snapshot, writes: bool) -> Option<String> {
    if before == after {
        return None;
    }
    if !writes {
        let changed: Vec<&String> = after
            .keys()
            .chain(before.keys())
            .filter(|m| before.get(*m) != after.get(*m))
            .collect();
        return Some(format!("writes are disabled, yet {changed:?} changed"));
    }
    let empty = BTreeMap::new();
    let mut problems = Vec::new();
    let mut created = 0;
    for model in before.keys().chain(after.keys()).collect::<BTreeSet<_>>() {
        let (b, a) = (
            before.get(model).unwrap_or(&empty),
            after.get(model).unwrap_or(&empty),
        );
        if b == a {
            continue;
        }
        if PROTECTED_MODELS.contains(&model.as_str()) {
            problems.push(format!("protected model {model} changed"));
        }
        created += a.keys().filter(|id| !b.contains_key(id)).count();
        for (id, row) in a {
            let old = b.get(id);
            for (field, value) in row {
                if is_secret_name(field) && old.and_then(|o| o.get(field)) != Some(value) {
                    problems.push(format!("secret field {model}.{field} of {id} written"));
                }
            }
        }
    }
    if created > MAX_RECORDS {
        problems.push(format!(
            "{created} records created, max_records is {MAX_RECORDS}"
        ));
    }
    (!problems.is_empty()).then(|| problems.join("; "))
}

/// Runs the whole catalogue in one configuration; returns the failures by entry id.
async fn run(entries: &[Entry], writes: bool, failures: &mut BTreeMap<String, Vec<String>>) {
    let dir = std::env::temp_dir().join(format!("odoo-mcp-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut target = target().await;
    let mut server = serve(&target, writes, &dir).await;
    let label = format!("stdio/initialize/writes={writes}");
    for (n, entry) in entries.iter().enumerate() {
        let (line, id) = message(entry, n);
        let before = target.sim.state().snapshot();
        let outcome = server.exchange(&line, id).await;
        let after = target.sim.state().snapshot();
        let mut problem = match &outcome {
            Err(e) => Some(e.clone()),
            Ok(replies) => judge(entry, replies, &target.secrets, writes),
        };
        let forbidden = forbidden_writes(&before, &after, writes);
        if let Some(f) = &forbidden {
            problem = Some(problem.map_or(f.clone(), |p| format!("{p}; {f}")));
        }
        if let Some(p) = problem {
            failures
                .entry(entry.id.clone())
                .or_default()
                .push(format!("[{label}] {p}"));
        }
        let tainted = forbidden.is_some()
            && PROTECTED_MODELS
                .iter()
                .any(|m| before.get(*m) != after.get(*m));
        if outcome.is_err() || tainted {
            // A dead server or a tainted database: start again from a clean one.
            target = self::target().await;
            server = serve(&target, writes, &dir).await;
        }
    }
    // Still answering a normal call afterwards.
    let normal = json!({"jsonrpc": "2.0", "id": "after", "method": "tools/call", "params": {
        "name": "count_records", "arguments": {"model": "res.partner"}}});
    let replies = server
        .exchange(&normal.to_string(), Some(json!("after")))
        .await;
    let replies =
        replies.unwrap_or_else(|e| panic!("[{label}] a normal call after the catalogue: {e}"));
    assert!(
        replies
            .iter()
            .any(|r| r["id"] == "after" && r["result"]["isError"] != true),
        "[{label}] a normal call after the catalogue: {replies:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_catalogue_gets_clean_answers_leaks_nothing_and_writes_nothing_forbidden() {
    let entries = catalogue();
    assert!(
        entries.len() >= 200,
        "the catalogue holds {} entries",
        entries.len()
    );
    let ids: BTreeSet<&str> = entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), entries.len(), "catalogue ids are unique");
    let known = known_failing();
    let stale: Vec<&String> = known.iter().filter(|k| !ids.contains(k.as_str())).collect();
    assert!(
        stale.is_empty(),
        "known_failing.txt names unknown entries: {stale:?}"
    );

    let mut failures = BTreeMap::new();
    for writes in [false, true] {
        run(&entries, writes, &mut failures).await;
    }
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
    let fixed: Vec<&String> = known
        .iter()
        .filter(|id| !failures.contains_key(*id))
        .collect();
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
