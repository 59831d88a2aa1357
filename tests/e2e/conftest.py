"""Fixtures for the odoo-mcp end-to-end tests: the built binaries as child processes, and MCP client
sessions from the official Python SDK over {stdio, http} x {initialize (2025-11-25), discover (2026-07-28)}.

Servers are started once per test session; client sessions once per test module and parameter, so the
whole run stays well under the time budget.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from clients import ERAS, Conn, assert_no_secret, connect_http, connect_stdio
from servers import ServerProcess, base_env, odoo_mcp_bin, odoo_sim_bin, start_demo_http, start_sim

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


class StderrLogs:
    """Files that captured the stderr of every stdio server spawned by the tests (checked for secrets)."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="odoo-mcp-e2e-stdio-"))
        self.paths: list[Path] = []

    def new(self, label: str) -> Path:
        path = self.dir / f"{len(self.paths):03d}-{label}.stderr.log"
        self.paths.append(path)
        return path


@pytest.fixture(scope="session")
def stderr_logs() -> Iterator[StderrLogs]:
    logs = StderrLogs()
    yield logs
    for path in logs.paths:
        if path.exists():
            assert_no_secret(f"the stderr of a stdio server ({path})", path.read_text(errors="replace"))


def _assert_logs_clean(server: ServerProcess) -> None:
    """After a server ran all the tests' calls, its logs must not contain any API key."""
    assert_no_secret(f"the stderr of `{' '.join(server.args[1:])}`", server.stderr_text())
    assert_no_secret(f"the stdout of `{' '.join(server.args[1:])}`", server.stdout_text())


@pytest.fixture(scope="session")
def demo_http(mcp_bin: str) -> Iterator[ServerProcess]:
    """`odoo-mcp demo --transport http` (writes enabled)."""
    server = start_demo_http()
    yield server
    server.stop()
    _assert_logs_clean(server)


@pytest.fixture(scope="session")
def demo_ro_http(mcp_bin: str) -> Iterator[ServerProcess]:
    """`odoo-mcp demo --transport http --read-only`."""
    server = start_demo_http("--read-only")
    yield server
    server.stop()
    _assert_logs_clean(server)


@pytest.fixture(scope="session")
def sim(sim_bin: str) -> Iterator[ServerProcess]:
    """The standalone simulator, for `odoo-mcp serve`."""
    server = start_sim()
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
