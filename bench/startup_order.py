#!/usr/bin/env python3
"""Which functions of odoo-mcp run at start-up, in the order they first run (issue 14; idle RSS;
BENCHMARKS.md "Start-up and idle memory").

Runs the release binary under Valgrind's lackey tool (`--trace-superblocks`) against a
simulator: spawn → `initialize` → idle, then `tools/list` and one 3-field search. It maps each
executed address to its input section in lld's link map (`bench/linkmap.py`) and prints:

- how many 4 KiB pages and 64 KiB windows of the binary's code each phase touches, as linked and
  as they would be if those functions were placed together;
- with `--write FILE`, the functions in first-run order, start-up first, in the format of
  lld's `--symbol-ordering-file` (one symbol a line).

    cargo build --release --locked -p odoo-mcp --bin odoo-mcp --no-default-features
    python3 bench/startup_order.py [--write crates/odoo-mcp/startup-order.txt]
    cargo build --release --locked -p odoo-mcp -p odoo-sim          # default features (demo)
    python3 bench/startup_order.py --write crates/odoo-mcp/startup-order.txt --append
    cargo build --release --locked -p odoo-mcp --bin odoo-mcp --no-default-features

`crates/odoo-mcp/build.rs` has lld write the map of that build (the newest
`target/release/build/odoo-mcp-*/out/odoo-mcp.map` is the default `--map`). Use the map of the
very build you trace: the symbol names carry hashes of the compiler flags (`cargo rustc` with
extra flags gives other names than `cargo build`). Regenerate the order file after a toolchain or
dependency update: a name lld no longer finds is skipped, and the layout drifts back toward the
unordered one. Needs valgrind. Everything on 127.0.0.1; every process started here is stopped here.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from linkmap import parse, section_at  # noqa: E402
from run import ADMIN_KEY, INIT, INITIALIZED, ROOT, THREE_FIELDS, start_sim, stop  # noqa: E402

SMALL, WINDOW = 4096, 65536  # a page; the kernel's fault-around window (16 pages)


def base_address(pid: int, binary: str) -> int:
    """Where the binary's first page is mapped in the traced process."""
    real = os.path.realpath(binary)
    with open(f"/proc/{pid}/maps") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 6 and parts[5] == real and int(parts[2], 16) == 0:
                return int(parts[0].split("-")[0], 16)
    raise RuntimeError(f"{real} is not mapped in process {pid}")


def trace(binary: str, env: dict[str, str], log: str, settle: float) -> tuple[int, list[int]]:
    """Runs the phases under lackey; returns the base address and the byte offsets of the log
    where each phase ends."""
    argv = ["valgrind", "--tool=lackey", "--trace-superblocks=yes", "--vex-guest-chase=no",
            f"--log-file={log}", binary, "serve"]
    p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, env=env, cwd="/tmp")

    def send(msg: dict) -> None:
        p.stdin.write((json.dumps(msg) + "\n").encode())
        p.stdin.flush()

    def recv(want: int) -> dict:
        while True:
            line = p.stdout.readline()
            if not line:
                raise RuntimeError("the server closed stdout")
            msg = json.loads(line)
            if msg.get("id") == want:
                return msg

    marks = []
    try:
        send(INIT)
        if "result" not in recv(0):
            raise RuntimeError("initialize failed")
        send(INITIALIZED)
        time.sleep(settle)
        base = base_address(p.pid, binary)
        marks.append(os.path.getsize(log))
        send({"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}})
        recv(1)
        send({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {
            "name": "search_records",
            "arguments": {"model": "res.partner", "fields": THREE_FIELDS, "limit": 80}}})
        recv(2)
        time.sleep(settle)
    finally:
        p.stdin.close()
        stop(p)
    marks.append(os.path.getsize(log))
    return base, marks


def first_runs(log: str, base: int, marks: list[int], span: int) -> list[list[int]]:
    """The binary-relative addresses of superblocks in first-run order, per phase."""
    seen: set[int] = set()
    phases: list[list[int]] = [[] for _ in marks]
    with open(log, "rb") as f:
        phase = 0
        for line in f:
            while phase < len(marks) - 1 and f.tell() > marks[phase]:
                phase += 1
            if not line.startswith(b"SB "):
                continue
            addr = int(line[3:], 16) - base
            if 0 <= addr < span and addr not in seen:
                seen.add(addr)
                phases[phase].append(addr)
    return phases


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    maps = sorted(ROOT.glob("target/release/build/odoo-mcp-*/out/odoo-mcp.map"),
                  key=lambda m: m.stat().st_mtime)
    p.add_argument("--map", default=str(maps[-1]) if maps else None,
                   help="lld's map of the binary (-Wl,-Map=FILE; default: the newest release build's)")
    p.add_argument("--ours", default=str(ROOT / "target/release/odoo-mcp"))
    p.add_argument("--sim", default=str(ROOT / "target/release/odoo-sim"))
    p.add_argument("--scale", type=int, default=2)
    p.add_argument("--settle", type=float, default=2.0, help="seconds of idling per phase")
    p.add_argument("--write", help="write the symbol ordering file here")
    p.add_argument("--append", action="store_true",
                   help="keep the names already in the --write file first and add this build's "
                        "after them: one file for the production and the default-features build, "
                        "whose names differ (features are part of the hashes)")
    args = p.parse_args()
    if not args.map:
        sys.exit("no link map: build the release binary first (crates/odoo-mcp/build.rs writes it)")
    sections = [s for s in parse(args.map) if s.out == ".text"]
    starts = [s.vma for s in sections]
    span = max(s.vma + s.size for s in sections)
    base_env = {k: v for k, v in os.environ.items()
                if not k.startswith(("ODOO_", "MCP_", "RUST_LOG"))}
    sim, port = start_sim(args, 0)
    with tempfile.TemporaryDirectory() as tmp:
        log = f"{tmp}/lackey.log"
        try:
            env = {**base_env, "ODOO_URL": f"http://127.0.0.1:{port}", "ODOO_DB": "demo",
                   "ODOO_API_KEY": ADMIN_KEY, "RUST_LOG": "warn"}
            base, marks = trace(args.ours, env, log, args.settle)
        finally:
            stop(sim)
        phases = first_runs(log, base, marks, span)

    order, placed, seen = [], 0, set()
    names = ("spawn → initialize → idle", "tools/list and one search")
    report = {}
    for name, addrs in zip(names, phases):
        secs = []
        for a in addrs:
            s = section_at(sections, starts, a)
            if s is not None and id(s) not in seen:
                seen.add(id(s))
                secs.append(s)
        pages = {a // SMALL for a in addrs}
        windows = {a // WINDOW for a in addrs}
        size = sum(s.size for s in secs)
        placed += size
        order += [sym for s in secs if (sym := s.symbol())]
        report[name] = {"functions": len(secs), "bytes": size,
                        "pages as linked": len(pages), "64K windows as linked": len(windows),
                        "pages if grouped": -(-size // SMALL),
                        "64K windows if grouped (cumulative)": -(-placed // WINDOW),
                        "unnamed (.text of an asm object)": sum(1 for s in secs
                                                                if s.symbol() is None)}
    report["64K windows of .text"] = -(-(span - starts[0]) // WINDOW)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    if args.write:
        kept = Path(args.write).read_text().split() if args.append else []
        known = set(kept)
        order = kept + [sym for sym in order if sym not in known]
        Path(args.write).write_text("".join(f"{sym}\n" for sym in order))
        print(f"{len(order)} symbols written to {args.write}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
