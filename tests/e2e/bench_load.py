"""Load bench (not part of CI): N concurrent authenticated clients of the official MCP SDK over Streamable
HTTP on loopback, each calling tools back to back for a fixed time against `odoo-mcp serve` on the
simulator. Reports calls, errors, p50/p99 latency and the server's RSS before and after.

    cargo build --workspace --bins            # or --release and ODOO_MCP_BIN=target/release/odoo-mcp
    .venv/bin/python tests/e2e/bench_load.py  # --clients 32 --seconds 60

Each client is a named client with its own token (`[server.clients.bench-<i>]`); the rate limit is off
(`rate_limit_per_minute = 0`) so that the bench measures the server, not the limiter. Bounded: a fixed
number of clients, one call in flight each, a fixed duration.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from clients import connect_http  # noqa: E402
from servers import SIM_ADMIN_API_KEY, SIM_DATABASE, start_serve_http, start_sim  # noqa: E402

CALLS = [
    ("count_records", {"model": "res.partner"}),
    ("search_records", {"model": "res.partner", "limit": 5}),
    ("read_records", {"model": "res.partner", "ids": [1, 2, 3]}),
]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def token(i: int) -> str:
    return f"bench-token-{i:04d}-0123456789abcdef"


async def client(url: str, i: int, deadline: float, latencies: list[float], errors: list[str]) -> None:
    async with connect_http(url, "initialize", {"Authorization": f"Bearer {token(i)}"}) as conn:
        n = i
        while time.monotonic() < deadline:
            name, args = CALLS[n % len(CALLS)]
            n += 1
            started = time.perf_counter()
            try:
                result = await conn.session.call_tool(name, args)
                if result.is_error:
                    errors.append(f"{name}: tool error")
            except Exception as e:  # noqa: BLE001 - every failure counts as an error
                errors.append(f"{name}: {e!r}")
            latencies.append(time.perf_counter() - started)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60.0)
    opts = parser.parse_args()

    sim = start_sim()
    workdir = Path(tempfile.mkdtemp(prefix="odoo-mcp-bench-"))
    (workdir / "admin.key").write_text(SIM_ADMIN_API_KEY)
    clients = "\n".join(
        f'[server.clients.bench-{i}]\ntoken_sha256 = "{hashlib.sha256(token(i).encode()).hexdigest()}"\n'
        for i in range(opts.clients)
    )
    config = workdir / "config.toml"
    config.write_text(
        f"""
[server]
rate_limit_per_minute = 0
{clients}
[instances.main]
url = "{sim.base_url}"
database = "{SIM_DATABASE}"
api_key_file = "admin.key"
"""
    )
    server = start_serve_http("--config", str(config))
    try:
        # Warm-up: one client, one call of each kind.
        async with connect_http(server.mcp_url, "initialize", {"Authorization": f"Bearer {token(0)}"}) as conn:
            for name, args in CALLS:
                await conn.ok(name, args)
        rss_before = rss_kib(server.proc.pid)
        latencies: list[float] = []
        errors: list[str] = []
        deadline = time.monotonic() + opts.seconds
        started = time.monotonic()
        await asyncio.gather(
            *(client(server.mcp_url, i, deadline, latencies, errors) for i in range(opts.clients))
        )
        elapsed = time.monotonic() - started
        rss_after = rss_kib(server.proc.pid)
        latencies.sort()
        q = statistics.quantiles(latencies, n=100)
        report = {
            "clients": opts.clients,
            "seconds": round(elapsed, 1),
            "calls": len(latencies),
            "errors": len(errors),
            "calls_per_second": round(len(latencies) / elapsed, 1),
            "p50_ms": round(q[49] * 1000, 1),
            "p99_ms": round(q[98] * 1000, 1),
            "max_ms": round(latencies[-1] * 1000, 1),
            "rss_before_mib": round(rss_before / 1024, 1),
            "rss_after_mib": round(rss_after / 1024, 1),
            "first_errors": errors[:5],
        }
        print(json.dumps(report, indent=2))
    finally:
        server.stop()
        sim.stop()


if __name__ == "__main__":
    asyncio.run(main())
