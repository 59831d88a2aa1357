#!/usr/bin/env python3
"""Start-up and idle memory of odoo-mcp (issue 14; documented in BENCHMARKS.md §1).

Spawns `odoo-mcp serve` on stdio N times against one running simulator and reports the median
time from spawn to the `initialize` answer, then, for a few of those processes, what is
resident (`/proc/<pid>/smaps`) after `initialize` and again after `tools/list`: the binary's
own pages (file-backed, clean), the shared libraries, and the anonymous memory (heap, stacks,
the rest), with the thread count. `--demo` measures `odoo-mcp demo` (the simulator inside the
process) the same way. Standard library only; everything on 127.0.0.1; every process started
here is stopped here.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import ADMIN_KEY, INIT, INITIALIZED, ROOT, start_sim, stop  # noqa: E402

KIB = 1024


def mappings(pid: int) -> list[tuple[str, int, int]]:
    """(name, resident KiB, anonymous KiB) per mapping of `/proc/<pid>/smaps`."""
    out: list[list] = []
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            parts = line.split()
            if not parts[0].endswith(":"):
                out.append([parts[5] if len(parts) > 5 else "", 0, 0])
            elif parts[0] == "Rss:":
                out[-1][1] = int(parts[1])
            elif parts[0] == "Anonymous:":
                out[-1][2] = int(parts[1])
    return [tuple(m) for m in out]


def smaps(pid: int) -> dict[str, float]:
    """Resident MiB by kind: file pages of the binary and of the other files (libc, ld.so, …);
    anonymous pages of the heap, of stacks, of file mappings (relocated and written data) and
    of other mappings (thread stacks, allocator arenas); `anon` and `rss` in total."""
    exe = os.readlink(f"/proc/{pid}/exe")
    out = dict.fromkeys(("binary file", "library files", "heap", "stack", "file-mapping anon",
                         "other anon", "anon", "rss"), 0)
    for name, rss, anon in mappings(pid):
        out["rss"] += rss
        out["anon"] += anon
        if name == exe:
            out["binary file"] += rss - anon
        elif name.startswith("/"):
            out["library files"] += rss - anon
        if name == "[heap]":
            out["heap"] += anon
        elif name == "[stack]":
            out["stack"] += anon
        elif name.startswith("/"):
            out["file-mapping anon"] += anon
        else:
            out["other anon"] += anon
    return {k: v / KIB for k, v in out.items()}


def threads(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("Threads:"):
                return int(line.split()[1])
    return 0


class Proc:
    def __init__(self, argv: list[str], env: dict[str, str]):
        self.t0 = time.perf_counter()
        self.p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, env=env, cwd="/tmp")

    def send(self, msg: dict) -> None:
        self.p.stdin.write((json.dumps(msg) + "\n").encode())
        self.p.stdin.flush()

    def recv(self, want_id: int) -> dict:
        while True:
            line = self.p.stdout.readline()
            if not line:
                raise RuntimeError("the server closed stdout")
            msg = json.loads(line)
            if msg.get("id") == want_id:
                return msg

    def close(self) -> None:
        self.p.stdin.close()
        stop(self.p)


def measure(argv: list[str], env: dict[str, str], spawns: int, detailed: int, settle: float) -> dict:
    startup, after_init, after_list = [], [], []
    for i in range(spawns):
        proc = Proc(argv, env)
        try:
            proc.send(INIT)
            msg = proc.recv(0)
            startup.append((time.perf_counter() - proc.t0) * 1000)
            if "result" not in msg:
                raise RuntimeError(f"initialize failed: {msg}")
            proc.send(INITIALIZED)
            if i < detailed:
                time.sleep(settle)
                after_init.append({**smaps(proc.p.pid), "threads": threads(proc.p.pid)})
                proc.send({"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}})
                proc.recv(1)
                time.sleep(settle)
                after_list.append({**smaps(proc.p.pid), "threads": threads(proc.p.pid)})
        finally:
            proc.close()

    def median(rows: list[dict]) -> dict:
        return {k: round(statistics.median(r[k] for r in rows), 2) for k in rows[0]} if rows else {}

    return {
        "argv": argv[1:],
        "spawns": spawns,
        "spawn_to_initialize_ms": {
            "median": round(statistics.median(startup), 2),
            "min": round(min(startup), 2),
            "p90": round(sorted(startup)[int(0.9 * (len(startup) - 1))], 2),
        },
        "resident_mib_after_initialize": median(after_init),
        "resident_mib_after_tools_list": median(after_list),
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--ours", default=str(ROOT / "target/release/odoo-mcp"))
    p.add_argument("--sim", default=str(ROOT / "target/release/odoo-sim"))
    p.add_argument("--spawns", type=int, default=30)
    p.add_argument("--detailed", type=int, default=5, help="spawns whose memory is read")
    p.add_argument("--settle", type=float, default=0.3, help="seconds before reading memory")
    p.add_argument("--scale", type=int, default=2)
    p.add_argument("--demo", action="store_true", help="also measure `odoo-mcp demo`")
    args = p.parse_args()
    args.latencies = "0"
    args.ours, args.sim = str(Path(args.ours).resolve()), str(Path(args.sim).resolve())
    for binary in (args.ours, args.sim):
        if not Path(binary).exists():
            sys.exit(f"{binary} is missing: cargo build --release -p odoo-mcp -p odoo-sim")
    base = {k: v for k, v in os.environ.items() if not k.startswith(("ODOO_", "MCP_", "RUST_LOG"))}
    results = {"when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
               "load_average": os.getloadavg(), "binary": args.ours,
               "binary_bytes": Path(args.ours).stat().st_size}
    sim, port = start_sim(args, 0)
    try:
        env = {**base, "ODOO_URL": f"http://127.0.0.1:{port}", "ODOO_DB": "demo",
               "ODOO_API_KEY": ADMIN_KEY, "RUST_LOG": "warn"}
        results["serve"] = measure([args.ours, "serve"], env, args.spawns, args.detailed,
                                   args.settle)
    finally:
        stop(sim)
    if args.demo:
        results["demo"] = measure([args.ours, "demo"], {**base, "RUST_LOG": "warn"},
                                  max(args.spawns // 3, 3), args.detailed, args.settle)
    results["load_average_after"] = os.getloadavg()
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
