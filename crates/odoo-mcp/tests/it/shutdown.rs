//! Graceful shutdown of `serve --transport http`, as a platform sees it: the built binary
//! against a simulated Odoo made slow, stopped with SIGTERM (the `kill` command) while a call
//! is in flight.

use std::process::Stdio;
use std::time::{Duration, Instant};

use odoo_sim::SimHandle;
use serde_json::json;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::harness;

/// A `serve --transport http --stateless` process and its stderr, collected as it comes.
struct Served {
    child: Child,
    url: String,
    stderr: tokio::sync::watch::Receiver<String>,
    collector: tokio::task::JoinHandle<()>,
    _config: tempfile::NamedTempFile,
}

/// Starts the binary on a free port against `sim` with `[server] shutdown_grace_seconds`.
async fn serve(sim: &SimHandle, grace_seconds: u64) -> Served {
    let mut config = tempfile::NamedTempFile::new().expect("temp config");
    std::io::Write::write_all(
        &mut config,
        format!("[server]\nshutdown_grace_seconds = {grace_seconds}\n").as_bytes(),
    )
    .expect("config written");
    let mut child = Command::new(env!("CARGO_BIN_EXE_odoo-mcp"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("ODOO_URL", sim.url())
        .env("ODOO_DB", sim.database())
        .env("ODOO_API_KEY", sim.admin_api_key())
        .args(["serve", "--transport", "http", "--stateless"])
        .args(["--listen", "127.0.0.1:0", "--config"])
        .arg(config.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("odoo-mcp starts");
    let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let (tx, stderr) = tokio::sync::watch::channel(String::new());
    let url = tokio::time::timeout(Duration::from_secs(60), async {
        while let Ok(Some(line)) = lines.next_line().await {
            tx.send_modify(|s| {
                s.push_str(&line);
                s.push('\n');
            });
            if let Some(start) = line
                .contains("serving MCP over Streamable HTTP")
                .then(|| line.find("http://127.0.0.1:"))
                .flatten()
            {
                let url: String = line[start..]
                    .chars()
                    .take_while(|c| !c.is_whitespace())
                    .collect();
                return url;
            }
        }
        panic!("odoo-mcp exited before listening: {}", *tx.borrow());
    })
    .await
    .expect("odoo-mcp listens in time");
    let collector = tokio::spawn(async move {
        while let Ok(Some(line)) = lines.next_line().await {
            tx.send_modify(|s| {
                s.push_str(&line);
                s.push('\n');
            });
        }
    });
    Served {
        child,
        url,
        stderr,
        collector,
        _config: config,
    }
}

/// Sends SIGTERM to the process with the `kill` command.
fn terminate(child: &Child) {
    let pid = child.id().expect("still running");
    let status = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success(), "kill -TERM {pid}");
}

/// Waits for the process to exit; returns its code, how long it took and its whole stderr.
async fn exit(served: &mut Served, deadline: Duration) -> (Option<i32>, Duration, String) {
    let started = Instant::now();
    let status = tokio::time::timeout(deadline, served.child.wait())
        .await
        .expect("the process exits in time")
        .expect("wait");
    let took = started.elapsed();
    let _ = tokio::time::timeout(Duration::from_secs(5), &mut served.collector).await;
    (status.code(), took, served.stderr.borrow().clone())
}

/// A client connected to `served` with a first call made (the instance is logged in).
async fn warm_client(served: &Served) -> harness::Client {
    let client = crate::shell::http_client(&served.url, harness::Era::Discover).await;
    harness::ok(&client, "count_records", json!({"model": "res.partner"})).await;
    client
}

/// Starts a `count_records` call in a task.
fn start_call(
    client: harness::Client,
) -> tokio::task::JoinHandle<Result<rmcp::model::CallToolResult, rmcp::ServiceError>> {
    tokio::spawn(async move {
        let args = json!({"model": "res.partner"});
        let params = rmcp::model::CallToolRequestParams::new("count_records")
            .with_arguments(args.as_object().cloned().unwrap_or_default());
        client.call_tool(params).await
    })
}

#[tokio::test]
async fn sigterm_lets_the_call_in_flight_finish_then_exits_0() {
    let sim = harness::sim().await;
    let mut served = serve(&sim, 20).await;
    let client = warm_client(&served).await;
    sim.faults().set_latency(Duration::from_secs(2));
    let call = start_call(client);
    tokio::time::sleep(Duration::from_millis(500)).await;
    terminate(&served.child);
    // New connections are refused while the call drains.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let healthz = served.url.replace("/mcp", "/healthz");
    let refused = reqwest::Client::new()
        .get(&healthz)
        .timeout(Duration::from_secs(1))
        .send()
        .await;
    assert!(refused.is_err(), "served after SIGTERM: {refused:?}");
    let result = call
        .await
        .expect("the call task")
        .expect("the call in flight is answered");
    assert_ne!(
        result.is_error,
        Some(true),
        "the call in flight completed: {}",
        harness::text(&result)
    );
    let (code, took, stderr) = exit(&mut served, Duration::from_secs(15)).await;
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        took < Duration::from_secs(5),
        "exited {took:?} after the call"
    );
    assert!(stderr.contains("every call in flight finished"), "{stderr}");
}

#[tokio::test]
async fn sigterm_exits_1_when_the_grace_expires() {
    let sim = harness::sim().await;
    let mut served = serve(&sim, 1).await;
    let client = warm_client(&served).await;
    sim.faults().set_latency(Duration::from_secs(30));
    let call = start_call(client);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let started = Instant::now();
    terminate(&served.child);
    let (code, _, stderr) = exit(&mut served, Duration::from_secs(15)).await;
    let took = started.elapsed();
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        took >= Duration::from_secs(1) && took < Duration::from_secs(5),
        "a 1 s grace, exited after {took:?}"
    );
    assert!(
        stderr.contains("shutdown grace expired") && stderr.contains("abandoned=1"),
        "{stderr}"
    );
    call.abort();
    sim.faults().set_latency(Duration::ZERO);
}

#[tokio::test]
async fn a_second_signal_exits_at_once() {
    let sim = harness::sim().await;
    let mut served = serve(&sim, 60).await;
    let client = warm_client(&served).await;
    sim.faults().set_latency(Duration::from_secs(30));
    let call = start_call(client);
    tokio::time::sleep(Duration::from_millis(500)).await;
    terminate(&served.child);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let started = Instant::now();
    terminate(&served.child);
    let (code, _, stderr) = exit(&mut served, Duration::from_secs(15)).await;
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "the second signal waited {:?}",
        started.elapsed()
    );
    assert!(stderr.contains("second signal"), "{stderr}");
    call.abort();
    sim.faults().set_latency(Duration::ZERO);
}
