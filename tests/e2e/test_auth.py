"""Bearer-token authentication of `/mcp` over HTTP (MCP_AUTH_TOKEN): without the right token a client
gets HTTP 401 with a `WWW-Authenticate: Bearer` challenge and learns nothing; with it, the official SDK
works as usual. Listening beyond loopback without a token refuses to start."""

from __future__ import annotations

import json
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from clients import connect_http
from servers import STARTED, ServerProcess, base_env, free_port, odoo_mcp_bin, start_process, start_serve_http
from test_http import INITIALIZE

TOKEN = "e2e-bearer-token-0123456789abcdef"


@pytest.fixture(scope="module")
def auth_http(config_file: Path) -> Iterator[ServerProcess]:
    """`odoo-mcp serve --transport http` with MCP_AUTH_TOKEN set."""
    server = start_serve_http("--config", str(config_file), env={"MCP_AUTH_TOKEN": TOKEN, "RUST_LOG": "debug"})
    STARTED.append(server)
    yield server
    server.stop()


def post(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    req = urllib.request.Request(
        url,
        data=INITIALIZE,
        method="POST",
        headers={"Content-Type": "application/json", "Accept": "application/json, text/event-stream", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode()


def assert_refused(status: int, headers: dict[str, str], body: str) -> str:
    assert status == 401, f"expected HTTP 401, got {status}: {body}"
    challenge = headers.get("WWW-Authenticate") or headers.get("www-authenticate") or ""
    assert challenge.startswith("Bearer "), f"missing Bearer challenge: {headers}"
    error = json.loads(body)
    assert error["jsonrpc"] == "2.0" and error["error"]["message"] == "unauthorized", body
    assert TOKEN not in body and "sim-admin" not in body, body
    return challenge


def test_no_token_is_401_with_a_bearer_challenge(auth_http: ServerProcess) -> None:
    challenge = assert_refused(*post(auth_http.mcp_url))
    assert 'realm="odoo-mcp"' in challenge, challenge


def test_wrong_token_is_401_invalid_token(auth_http: ServerProcess) -> None:
    challenge = assert_refused(*post(auth_http.mcp_url, {"Authorization": "Bearer wrong-token-0123456789abcdef"}))
    assert 'error="invalid_token"' in challenge, challenge


def test_token_in_the_query_string_is_refused(auth_http: ServerProcess) -> None:
    challenge = assert_refused(
        *post(f"{auth_http.mcp_url}?access_token={TOKEN}", {"Authorization": f"Bearer {TOKEN}"})
    )
    assert 'error="invalid_request"' in challenge, challenge


def test_healthz_needs_no_token_and_names_nothing(auth_http: ServerProcess) -> None:
    with urllib.request.urlopen(f"{auth_http.base_url}/healthz", timeout=10) as resp:
        assert resp.status == 200
        assert json.loads(resp.read()) == {"status": "ok"}


def test_readyz_details_only_with_the_token(auth_http: ServerProcess) -> None:
    with urllib.request.urlopen(f"{auth_http.base_url}/readyz", timeout=10) as resp:
        anonymous = json.loads(resp.read())
    assert anonymous == {"status": "ok"}, anonymous
    req = urllib.request.Request(f"{auth_http.base_url}/readyz", headers={"Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        detailed = json.loads(resp.read())
    assert set(detailed["instances"]) == {"main", "reader"}, detailed


async def test_the_sdk_client_with_the_token_calls_tools(auth_http: ServerProcess) -> None:
    async with connect_http(auth_http.mcp_url, "initialize", {"Authorization": f"Bearer {TOKEN}"}) as conn:
        tools = await conn.session.list_tools()
        assert any(t.name == "search_records" for t in tools.tools)
        await conn.ok("count_records", {"model": "res.partner"})


def test_the_token_never_reaches_the_log(auth_http: ServerProcess) -> None:
    post(auth_http.mcp_url, {"Authorization": "Bearer wrong-token-0123456789abcdef"})
    log = auth_http.stderr_path.read_text()
    assert TOKEN not in log
    assert "wrong-token-0123456789abcdef" not in log


def test_non_loopback_without_token_refuses_to_start(config_file: Path) -> None:
    port = free_port()
    args = [odoo_mcp_bin(), "serve", "--transport", "http", "--listen", f"0.0.0.0:{port}", "--config", str(config_file)]
    done = subprocess.run(args, env=base_env(), capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
    assert done.returncode != 0, f"started without authentication on 0.0.0.0: {done.stderr}"
    assert "MCP_AUTH_TOKEN" in done.stderr and "--allow-unauthenticated" in done.stderr, done.stderr


def test_allow_unauthenticated_starts_and_warns(config_file: Path) -> None:
    port = free_port()
    args = [odoo_mcp_bin(), "serve", "--transport", "http", "--listen", f"0.0.0.0:{port}", "--config", str(config_file)]
    server = start_process("serve-open", [*args, "--allow-unauthenticated"], base_env(), port)
    try:
        server.wait_http("/healthz")
        assert "WITHOUT authentication" in server.stderr_path.read_text()
    finally:
        server.stop()
