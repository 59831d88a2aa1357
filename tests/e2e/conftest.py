"""Fixtures for the odoo-mcp end-to-end tests: the built binaries as child processes, and MCP client
sessions from the official Python SDK over {stdio, http} x {initialize (2025-11-25), discover (2026-07-28)}.

Servers are started once per test session; client sessions once per test module and parameter, so the
whole run stays well under the time budget.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from clients import ERAS, Conn, connect_http, connect_stdio
from servers import (
    SIM_ADMIN_API_KEY,
    SIM_DATABASE,
    SIM_READER_API_KEY,
    STARTED,
    ServerProcess,
    StderrLogs,
    base_env,
    odoo_mcp_bin,
    odoo_sim_bin,
    start_demo_http,
    start_serve_http,
    start_sim,
)

TRANSPORTS = ("stdio", "http")
COMBOS = [(t, e) for t in TRANSPORTS for e in ERAS]
COMBO_IDS = [f"{t}-{e}" for t, e in COMBOS]


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


def _require(path: str, what: str) -> str:
    if not os.access(path, os.X_OK):
        pytest.fail(f"{what} not found at {path}: run `cargo build --workspace` first (or set the env var)")
    return path


@pytest.fixture(scope="session")
def mcp_bin() -> str:
    return _require(odoo_mcp_bin(), "odoo-mcp binary (ODOO_MCP_BIN)")


@pytest.fixture(scope="session")
def sim_bin() -> str:
    return _require(odoo_sim_bin(), "odoo-sim binary (ODOO_SIM_BIN)")


@pytest.fixture(scope="session")
def stderr_logs() -> Iterator[StderrLogs]:
    logs = StderrLogs()
    yield logs


@pytest.fixture(scope="session")
def demo_http(mcp_bin: str) -> Iterator[ServerProcess]:
    """`odoo-mcp demo --transport http` (writes enabled)."""
    server = start_demo_http()
    STARTED.append(server)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def demo_ro_http(mcp_bin: str) -> Iterator[ServerProcess]:
    """`odoo-mcp demo --transport http --read-only`."""
    server = start_demo_http("--read-only")
    STARTED.append(server)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def sim(sim_bin: str) -> Iterator[ServerProcess]:
    """The standalone simulator, for `odoo-mcp serve`."""
    server = start_sim()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def config_file(sim: ServerProcess, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two instances on the simulator: `main` (admin key from a file, writes on), `reader` (read-only,
    account.* denied)."""
    workdir = tmp_path_factory.mktemp("serve-config")
    key_file = workdir / "admin.key"
    key_file.write_text(SIM_ADMIN_API_KEY + "\n")
    key_file.chmod(0o600)
    config = workdir / "config.toml"
    config.write_text(
        f"""
default_instance = "main"

[instances.main]
url = "{sim.base_url}"
database = "{SIM_DATABASE}"
api_key_file = "{key_file}"
read_only = false

[instances.reader]
url = "{sim.base_url}"
database = "{SIM_DATABASE}"
username = "reader"
api_key = "{SIM_READER_API_KEY}"
read_only = true
denied_models = ["account.*"]
"""
    )
    return config


@pytest.fixture(scope="session")
def serve_http(config_file: Path) -> Iterator[ServerProcess]:
    """`odoo-mcp serve --transport http --config …` (sessions), logging at debug level."""
    server = start_serve_http("--config", str(config_file), env={"RUST_LOG": "debug"})
    STARTED.append(server)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def serve_stateless(config_file: Path) -> Iterator[ServerProcess]:
    """`odoo-mcp serve --transport http --stateless --config …`."""
    server = start_serve_http("--config", str(config_file), "--stateless")
    STARTED.append(server)
    yield server
    server.stop()


@asynccontextmanager
async def _open(
    request: pytest.FixtureRequest, stderr_logs: StderrLogs, http_server: str, stdio_args: list[str]
) -> AsyncIterator[Conn]:
    transport, era = request.param
    if transport == "stdio":
        log_path = stderr_logs.new(f"{'-'.join(stdio_args)}-{era}")
        with log_path.open("w") as errlog:
            async with connect_stdio(odoo_mcp_bin(), stdio_args, base_env(), era, errlog) as conn:
                yield conn
    else:
        server: ServerProcess = request.getfixturevalue(http_server)
        async with connect_http(server.mcp_url, era) as conn:
            yield conn


@pytest.fixture(scope="module", params=COMBOS, ids=COMBO_IDS)
async def client(request: pytest.FixtureRequest, mcp_bin: str, stderr_logs: StderrLogs) -> AsyncIterator[Conn]:
    """A session with `odoo-mcp demo` (writes enabled), over each transport and era."""
    async with _open(request, stderr_logs, "demo_http", ["demo"]) as conn:
        yield conn


@pytest.fixture(scope="module", params=COMBOS, ids=COMBO_IDS)
async def ro_client(request: pytest.FixtureRequest, mcp_bin: str, stderr_logs: StderrLogs) -> AsyncIterator[Conn]:
    """A session with `odoo-mcp demo --read-only`, over each transport and era."""
    async with _open(request, stderr_logs, "demo_ro_http", ["demo", "--read-only"]) as conn:
        yield conn
