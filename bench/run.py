#!/usr/bin/env python3
"""The side-by-side benchmark of issue 14 (documented in BENCHMARKS.md; never run by CI).

Over the real transports — spawned processes on stdio, Streamable HTTP at C=1 and C=8 — it
measures, against the simulator (odoo-sim) at 0 ms and at an injected latency per Odoo
request: the direct Odoo call (JSON-2 `search_read` from this script), odoo-mcp (session and
stateless HTTP) and the Python peers installed from PyPI into a scratch venv
(`bench/peers.sh`). Per server: p50/p95/p99 latency, calls/s, server CPU per call (from
/proc), idle and loaded RSS, spawn → initialize answered, bytes of text and of
structuredContent, and the size of tools/list. Then a bounded load run of odoo-mcp over HTTP
(C=32, loopback only) with its error count and RSS over time.

Everything talks to 127.0.0.1 only, every loop is bounded in count and time, and every
process started here is stopped here. Standard library only.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADMIN_KEY = "bench-admin-key-0123456789"
MODEL = "res.partner"
THREE_FIELDS = ["name", "email", "phone"]
# What odoo-mcp reads for res.partner when no fields are named: the direct call's counterpart
# of the "default fields" series.
DEFAULT_FIELDS = ["name", "email", "phone", "is_company", "city", "country_id", "user_id",
                  "ref", "parent_id"]
ROWS = 80
TICK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


# ---------------------------------------------------------------- processes and /proc


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its reaped children, in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:15]) / TICK


def rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/statm") as f:
        return int(f.read().split()[1]) * PAGE / (1 << 20)


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_port(port: int, proc: subprocess.Popen, seconds: float = 30) -> float:
    """Seconds until 127.0.0.1:port accepts a connection."""
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        if proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before listening")
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return time.perf_counter() - start
        except OSError:
            time.sleep(0.005)
    raise RuntimeError(f"nothing listens on {port} after {seconds} s")


# ---------------------------------------------------------------- statistics


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


@dataclass
class Run:
    """One measured series."""

    label: str
    times: list[float] = field(default_factory=list)  # seconds per call
    wall: float = 0.0  # seconds for the whole series
    cpu: float = 0.0  # server CPU seconds over the series
    errors: int = 0
    text_bytes: int = 0
    structured_bytes: int = 0

    def row(self) -> dict:
        n = max(len(self.times), 1)
        ms = [t * 1000 for t in self.times] or [0.0]
        return {
            "label": self.label,
            "calls": len(self.times),
            "p50_ms": round(statistics.median(ms), 3),
            "p95_ms": round(pct(ms, 95), 3),
            "p99_ms": round(pct(ms, 99), 3),
            "calls_per_s": round(len(self.times) / self.wall, 1) if self.wall else 0,
            "cpu_ms_per_call": round(self.cpu * 1000 / n, 3),
            "errors": self.errors,
            "text_bytes": self.text_bytes,
            "structured_bytes": self.structured_bytes,
        }


# ---------------------------------------------------------------- the direct Odoo call


def direct(sim_port: int, fields: list[str], calls: int, warmup: int) -> Run:
    conn = http.client.HTTPConnection("127.0.0.1", sim_port)
    body = {"domain": [], "limit": ROWS, "fields": fields}
    payload = json.dumps(body)
    headers = {
        "Content-Type": "application/json",
        "Authorization": f"bearer {ADMIN_KEY}",
        "X-Odoo-Database": "demo",
    }
    run = Run("direct search_read " + ("3 fields" if len(fields) == 3 else "default fields"))
    start = None
    for i in range(warmup + calls):
        if i == warmup:
            start = time.perf_counter()
        t0 = time.perf_counter()
        conn.request("POST", f"/json/2/{MODEL}/search_read", payload, headers)
        resp = conn.getresponse()
        data = resp.read()
        rows = json.loads(data)
        if resp.status != 200 or len(rows) != ROWS:
            run.errors += 1
        if i >= warmup:
            run.times.append(time.perf_counter() - t0)
    run.wall = time.perf_counter() - start
    run.text_bytes = len(data)
    conn.close()
    return run


# ---------------------------------------------------------------- servers


@dataclass
class Server:
    """How to start one MCP server and call its search tool."""

    name: str
    argv: list[str]
    env: dict[str, str]
    http_argv: list[str] | None  # with {port}
    http_path: str = "/mcp"

    def search_args(self, fields: list[str] | None) -> dict:
        args = {"model": MODEL, "limit": ROWS}
        if fields:
            args["fields"] = fields
        return args


def servers(args, sim_port: int) -> list[Server]:
    url = f"http://127.0.0.1:{sim_port}"
    out = []
    ours_env = {"ODOO_URL": url, "ODOO_DB": "demo", "ODOO_API_KEY": ADMIN_KEY, "RUST_LOG": "warn"}
    out.append(
        Server(
            "odoo-mcp",
            [args.ours, "serve"],
            ours_env,
            [args.ours, "serve", "--transport", "http", "--listen", "127.0.0.1:{port}"],
        )
    )
    venv = Path(args.venv)
    if (venv / "bin" / "mcp-server-odoo").exists():
        out.append(
            Server(
                "mcp-server-odoo (PyPI)",
                [str(venv / "bin" / "mcp-server-odoo")],
                {
                    "ODOO_URL": url,
                    "ODOO_DB": "demo",
                    "ODOO_API_KEY": ADMIN_KEY,
                    "ODOO_USER": "admin",
                    "ODOO_YOLO": "read",
                    "ODOO_RPC_TRANSPORT": "json2",
                    "ODOO_MCP_MAX_LIMIT": "200",
                    "ODOO_MCP_LOG_LEVEL": "WARNING",
                },
                [str(venv / "bin" / "mcp-server-odoo"), "--transport", "streamable-http",
                 "--host", "127.0.0.1", "--port", "{port}"],
            )
        )
    if (venv / "bin" / "odoo-mcp").exists():
        out.append(
            Server(
                "odoo-mcp (PyPI)",
                [str(venv / "bin" / "odoo-mcp")],
                {
                    "ODOO_URL": url,
                    "ODOO_DB": "demo",
                    "ODOO_USERNAME": "admin",
                    "ODOO_PASSWORD": ADMIN_KEY,
                    "ODOO_API_KEY": ADMIN_KEY,
                    "ODOO_TRANSPORT": "json2",
                    "ODOO_MCP_LOG_LEVEL": "WARNING",
                    "MCP_LOG_LEVEL": "WARNING",
                },
                [str(venv / "bin" / "odoo-mcp"), "--transport", "streamable-http",
                 "--host", "127.0.0.1", "--port", "{port}"],
            )
        )
    for spec in args.peer_binary:
        name, _, path = spec.partition("=")
        if not path:
            sys.exit(f"--peer-binary {spec!r}: expected NAME=PATH")
        # Another stdio MCP server binary (e.g. odoo-rust-mcp), given the same Odoo settings
        # as ours; over stdio only, called with the same `search_records` arguments.
        out.append(Server(name, [str(Path(path).resolve())], dict(ours_env), None))
    return out


def env_for(server: Server) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ODOO_", "MCP_"))}
    env.update(server.env)
    return env


INIT = {
    "jsonrpc": "2.0",
    "id": 0,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-06-18",
        "capabilities": {},
        "clientInfo": {"name": "odoo-mcp-bench", "version": "1"},
    },
}
INITIALIZED = {"jsonrpc": "2.0", "method": "notifications/initialized"}


def call_msg(i: int, tool: str, arguments: dict) -> dict:
    return {"jsonrpc": "2.0", "id": i, "method": "tools/call",
            "params": {"name": tool, "arguments": arguments}}


def sizes(result: dict) -> tuple[int, int, bool]:
    """Bytes of text content and of structuredContent (compact JSON), and is_error."""
    r = result.get("result", {})
    text = sum(len(c.get("text", "").encode()) for c in r.get("content", []))
    sc = r.get("structuredContent")
    structured = len(json.dumps(sc, separators=(",", ":")).encode()) if sc is not None else 0
    return text, structured, bool(r.get("isError")) or "error" in result


# ---------------------------------------------------------------- stdio


class Stdio:
    def __init__(self, server: Server):
        self.t0 = time.perf_counter()
        self.proc = subprocess.Popen(
            server.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, env=env_for(server), cwd="/tmp",
        )
        self.next_id = 1

    def send(self, msg: dict) -> None:
        self.proc.stdin.write((json.dumps(msg) + "\n").encode())
        self.proc.stdin.flush()

    def recv(self, want_id) -> dict:
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("the server closed stdout")
            msg = json.loads(line)
            if msg.get("id") == want_id:
                return msg

    def request(self, method: str, params: dict) -> dict:
        """One request and its answer, parsed: what a client does, and all that is timed (the
        bytes are counted afterwards, like the direct call's)."""
        i = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        return self.recv(i)

    def initialize(self) -> float:
        self.send(INIT)
        self.recv(0)
        started = time.perf_counter() - self.t0
        self.send(INITIALIZED)
        return started


def stdio_runs(server: Server, calls: int, warmup: int) -> dict:
    s = Stdio(server)
    try:
        startup = s.initialize()
        time.sleep(0.3)
        idle = rss_mib(s.proc.pid)
        tools = s.request("tools/list", {})
        tools_bytes = len(json.dumps(tools.get("result", {}), separators=(",", ":")))
        runs = []
        for label, fields in (("3 fields", THREE_FIELDS), ("default fields", None)):
            args = server.search_args(fields)
            run = Run(f"{server.name} stdio {label}")
            for _ in range(warmup):
                s.request("tools/call", {"name": "search_records", "arguments": args})
            cpu0, start = cpu_seconds(s.proc.pid), time.perf_counter()
            for _ in range(calls):
                t0 = time.perf_counter()
                msg = s.request("tools/call", {"name": "search_records", "arguments": args})
                run.times.append(time.perf_counter() - t0)
                text, structured, error = sizes(msg)
                run.errors += error
            run.wall = time.perf_counter() - start
            run.cpu = cpu_seconds(s.proc.pid) - cpu0
            run.text_bytes, run.structured_bytes = text, structured
            runs.append(run.row())
        return {
            "server": server.name,
            "startup_ms": round(startup * 1000, 1),
            "idle_rss_mib": round(idle, 1),
            "loaded_rss_mib": round(rss_mib(s.proc.pid), 1),
            "tools_list_bytes": tools_bytes,
            "runs": runs,
        }
    finally:
        s.proc.stdin.close()
        stop(s.proc)


# ---------------------------------------------------------------- Streamable HTTP


class HttpClient:
    """One MCP client on its own keep-alive connection (and session, if the server has)."""

    def __init__(self, port: int, path: str):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.path = path
        self.session = None
        self.next_id = 1

    def post(self, msg: dict) -> dict | None:
        headers = {
            "Content-Type": "application/json",
            "Accept": "application/json, text/event-stream",
            "MCP-Protocol-Version": "2025-06-18",
        }
        if self.session:
            headers["Mcp-Session-Id"] = self.session
        self.conn.request("POST", self.path, json.dumps(msg), headers)
        resp = self.conn.getresponse()
        data = resp.read()
        sid = resp.getheader("mcp-session-id")
        if sid:
            self.session = sid
        if resp.status >= 400:
            raise RuntimeError(f"HTTP {resp.status}: {data[:200]!r}")
        if "id" not in msg or not data:
            return None
        if resp.getheader("content-type", "").startswith("text/event-stream"):
            for line in data.decode().splitlines():
                if line.startswith("data:") and line[5:].strip():
                    m = json.loads(line[5:])
                    if m.get("id") == msg["id"]:
                        return m
            raise RuntimeError("no answer in the event stream")
        return json.loads(data)

    def initialize(self) -> None:
        self.post(INIT)
        self.post(INITIALIZED)

    def call(self, tool: str, args: dict) -> dict:
        i = self.next_id
        self.next_id += 1
        return self.post(call_msg(i, tool, args))


def http_series(port, path, args, label, clients, calls_each, warmup, pid) -> Run:
    pool = [HttpClient(port, path) for _ in range(clients)]
    for c in pool:
        c.initialize()
        for _ in range(warmup):
            c.call("search_records", args)
    run = Run(label)
    lock = threading.Lock()
    last = {}

    def work(c: HttpClient):
        mine, errors = [], 0
        for _ in range(calls_each):
            t0 = time.perf_counter()
            try:
                msg = c.call("search_records", args)
                mine.append(time.perf_counter() - t0)  # the bytes are counted untimed
                _, _, error = sizes(msg)
                errors += error
                last["msg"] = msg
            except Exception:  # noqa: BLE001 - counted, the run goes on
                mine.append(time.perf_counter() - t0)
                errors += 1
        with lock:
            run.times.extend(mine)
            run.errors += errors

    cpu0, start = cpu_seconds(pid), time.perf_counter()
    threads = [threading.Thread(target=work, args=(c,)) for c in pool]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    run.wall = time.perf_counter() - start
    run.cpu = cpu_seconds(pid) - cpu0
    if "msg" in last:
        run.text_bytes, run.structured_bytes, _ = sizes(last["msg"])
    for c in pool:
        c.conn.close()
    return run


def http_runs(server: Server, calls: int, warmup: int, stateless: bool) -> dict:
    port = free_port()
    argv = [a.replace("{port}", str(port)) for a in server.http_argv]
    if stateless:
        argv.append("--stateless")
    name = server.name + (" stateless" if stateless else "")
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env_for(server), cwd="/tmp")
    try:
        startup = wait_port(port, proc)
        time.sleep(0.3)
        idle = rss_mib(proc.pid)
        args = server.search_args(THREE_FIELDS)
        runs = [
            http_series(port, server.http_path, args, f"{name} HTTP C=1", 1, calls, warmup,
                        proc.pid).row(),
            http_series(port, server.http_path, args, f"{name} HTTP C=8", 8,
                        max(calls // 4, 20), warmup // 4 + 1, proc.pid).row(),
        ]
        return {"server": name, "listen_ms": round(startup * 1000, 1),
                "idle_rss_mib": round(idle, 1), "loaded_rss_mib": round(rss_mib(proc.pid), 1),
                "runs": runs}
    finally:
        stop(proc)


def load_run(server: Server, seconds: int, clients: int) -> dict:
    """C clients calling back to back for `seconds`; errors and RSS every 5 s."""
    port = free_port()
    argv = [a.replace("{port}", str(port)) for a in server.http_argv]
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env_for(server), cwd="/tmp")
    try:
        wait_port(port, proc)
        args = server.search_args(THREE_FIELDS)
        pool = [HttpClient(port, server.http_path) for _ in range(clients)]
        for c in pool:
            c.initialize()
        deadline = time.perf_counter() + seconds
        counts = {"calls": 0, "errors": 0}
        lock = threading.Lock()

        def work(c):
            n = e = 0
            while time.perf_counter() < deadline:
                try:
                    _, _, error = sizes(c.call("search_records", args))
                    e += error
                except Exception:  # noqa: BLE001 - counted
                    e += 1
                n += 1
            with lock:
                counts["calls"] += n
                counts["errors"] += e

        rss = [round(rss_mib(proc.pid), 1)]
        threads = [threading.Thread(target=work, args=(c,)) for c in pool]
        for t in threads:
            t.start()
        while time.perf_counter() < deadline:
            time.sleep(min(5, max(deadline - time.perf_counter(), 0)))
            rss.append(round(rss_mib(proc.pid), 1))
        for t in threads:
            t.join()
        return {"server": server.name, "clients": clients, "seconds": seconds,
                "calls": counts["calls"], "errors": counts["errors"],
                "calls_per_s": round(counts["calls"] / seconds, 1), "rss_mib_every_5s": rss}
    finally:
        stop(proc)


# ---------------------------------------------------------------- instructions (valgrind)


def instructions_per_call(server: Server, calls: int) -> float | None:
    """Instructions per 3-field search of odoo-mcp on stdio, from two runs under callgrind
    (few and many calls): the difference, divided by the extra calls, leaves start-up out."""
    if not shutil.which("valgrind"):
        return None
    totals = []
    for n in (10, 10 + calls):
        out = Path(f"/tmp/odoo-mcp-bench.callgrind.{os.getpid()}.{n}")
        wrapped = Server(server.name, ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                                       *server.argv], server.env, None)
        s = Stdio(wrapped)
        try:
            s.initialize()
            for _ in range(n):
                s.request("tools/call", {"name": "search_records",
                                         "arguments": server.search_args(THREE_FIELDS)})
        finally:
            s.proc.stdin.close()
            s.proc.wait(120)
        summary = [line for line in out.read_text().splitlines() if line.startswith("summary:")]
        totals.append(int(summary[0].split()[1]))
        out.unlink()
    return (totals[1] - totals[0]) / calls


# ---------------------------------------------------------------- main


def start_sim(args, latency_ms: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    proc = subprocess.Popen(
        [args.sim, "--listen", f"127.0.0.1:{port}", "--scale", str(args.scale),
         "--latency-ms", str(latency_ms)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "ODOO_SIM_ADMIN_API_KEY": ADMIN_KEY},
    )
    wait_port(port, proc)
    return proc, port


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--ours", default=str(ROOT / "target/release/odoo-mcp"))
    p.add_argument("--sim", default=str(ROOT / "target/release/odoo-sim"))
    p.add_argument("--venv", default="/tmp/odoo-mcp-bench-venv",
                   help="scratch venv with the Python peers (bench/peers.sh makes it)")
    p.add_argument("--calls", type=int, default=300)
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument("--scale", type=int, default=2, help="simulator data scale (≥ 80 partners)")
    p.add_argument("--latencies", default="0,5", help="injected ms per Odoo request")
    p.add_argument("--load-seconds", type=int, default=60)
    p.add_argument("--load-clients", type=int, default=32)
    p.add_argument("--peer-binary", action="append", default=[], metavar="NAME=PATH",
                   help="another stdio MCP server binary to measure beside ours (repeatable)")
    p.add_argument("--instructions", action="store_true",
                   help="also count instructions per call under valgrind (slow)")
    p.add_argument("--out", default=str(ROOT / "target/bench-results.json"))
    args = p.parse_args()
    args.ours, args.sim = str(Path(args.ours).resolve()), str(Path(args.sim).resolve())
    for binary in (args.ours, args.sim):
        if not Path(binary).exists():
            sys.exit(f"{binary} is missing: cargo build --release -p odoo-mcp -p odoo-sim")

    results = {"when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "latency": {}}
    for latency in (int(x) for x in args.latencies.split(",")):
        sim, sim_port = start_sim(args, latency)
        calls = args.calls if latency == 0 else max(args.calls // 3, 30)
        section = results["latency"][str(latency)] = {"direct": [], "stdio": [], "http": []}
        try:
            for fields in (THREE_FIELDS, DEFAULT_FIELDS):
                section["direct"].append(direct(sim_port, fields, calls, args.warmup).row())
                print(json.dumps(section["direct"][-1]), file=sys.stderr)
            for server in servers(args, sim_port):
                for what, run in (("stdio", lambda: stdio_runs(server, calls, args.warmup)),
                                  ("http", lambda: http_runs(server, calls, args.warmup, False))):
                    if what == "http" and server.http_argv is None:
                        continue
                    try:
                        section[what].append(run())
                    except Exception as e:  # noqa: BLE001 - a peer that fails is reported
                        section[what].append({"server": server.name, "failed": str(e)})
                    print(json.dumps(section[what][-1]), file=sys.stderr)
                if server.name == "odoo-mcp":
                    section["http"].append(http_runs(server, calls, args.warmup, True))
                    print(json.dumps(section["http"][-1]), file=sys.stderr)
            if latency == 0 and args.instructions:
                ours = servers(args, sim_port)[0]
                results["instructions_per_call"] = instructions_per_call(ours, 100)
                print("instructions per call:", results["instructions_per_call"], file=sys.stderr)
            if latency == 0 and args.load_seconds > 0:
                ours = servers(args, sim_port)[0]
                results["load"] = load_run(ours, args.load_seconds, args.load_clients)
                print(json.dumps(results["load"]), file=sys.stderr)
        finally:
            stop(sim)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=1))
    print(markdown(results))
    return 0


def markdown(results: dict) -> str:
    lines = [f"Run of {results['when']}."]
    for latency, section in results["latency"].items():
        lines += ["", f"### Simulator latency {latency} ms per Odoo request", "",
                  "| series | p50 ms | p95 ms | p99 ms | calls/s | server CPU ms/call | text B | structured B | errors |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for r in section["direct"]:
            lines.append(f"| {r['label']} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} | "
                         f"{r['calls_per_s']} | – | {r['text_bytes']} (JSON) | – | {r['errors']} |")
        for what in ("stdio", "http"):
            for s in section[what]:
                for r in s.get("runs", []):
                    lines.append(
                        f"| {r['label']} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} | "
                        f"{r['calls_per_s']} | {r['cpu_ms_per_call']} | {r['text_bytes']} | "
                        f"{r['structured_bytes']} | {r['errors']} |")
                if "failed" in s:
                    lines.append(f"| {s['server']} {what} | failed: {s['failed'][:80]} |")
        lines += ["", "| server | transport | spawn → ready ms | idle RSS MiB | loaded RSS MiB | tools/list B |",
                  "|---|---|---:|---:|---:|---:|"]
        for what in ("stdio", "http"):
            for s in section[what]:
                if "failed" in s:
                    continue
                ready = s.get("startup_ms", s.get("listen_ms"))
                lines.append(f"| {s['server']} | {what} | {ready} | {s['idle_rss_mib']} | "
                             f"{s['loaded_rss_mib']} | {s.get('tools_list_bytes', '')} |")
    if "instructions_per_call" in results:
        lines += ["", f"Instructions per stdio 3-field search (callgrind): "
                      f"{results['instructions_per_call'] / 1e6:.2f} M"]
    if "load" in results:
        l = results["load"]
        lines += ["", f"Load: {l['server']} HTTP C={l['clients']} for {l['seconds']} s: "
                      f"{l['calls']} calls ({l['calls_per_s']}/s), {l['errors']} errors, "
                      f"RSS MiB every 5 s: {l['rss_mib_every_5s']}"]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
