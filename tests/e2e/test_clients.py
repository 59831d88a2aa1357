"""Named HTTP clients (`[server.clients.<name>]`) with the official SDK: a restricted client sees only its
tools and instances and is refused the rest; two clients mapped to two Odoo users see what Odoo lets each
see; a client over its rate gets HTTP 429 with Retry-After; every call leaves one audit line; /metrics needs
a token; a client at its session cap (`max_sessions_per_client`) is told why, others still connect."""

from __future__ import annotations

import hashlib
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from clients import connect_http
from servers import SIM_ADMIN_API_KEY, SIM_DATABASE, SIM_READER_API_KEY, STARTED, ServerProcess, start_serve_http
from test_http import INITIALIZE

ADMIN = "e2e-admin-token-0123456789abcdef"
ALICE = "e2e-alice-token-0123456789abcdef"
READER = "e2e-reader-token-0123456789abcdef"
LIMITED = "e2e-limited-token-0123456789abcdef"
BOB = "e2e-bob-token-0123456789abcdef0123"
CAROL = "e2e-carol-token-0123456789abcdef012"


@pytest.fixture(scope="module")
def team(sim: ServerProcess, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerProcess, Path]]:
    """The server with named clients and an audit file; returns it and the audit file."""
    workdir = tmp_path_factory.mktemp("team")
    (workdir / "admin.key").write_text(SIM_ADMIN_API_KEY + "\n")
    (workdir / "reader.key").write_text(SIM_READER_API_KEY + "\n")
    (workdir / "alice.token").write_text(ALICE + "\n")
    audit = workdir / "audit.jsonl"
    digest = lambda token: hashlib.sha256(token.encode()).hexdigest()  # noqa: E731
    config = workdir / "config.toml"
    config.write_text(
        f"""
default_instance = "main"

[server]
rate_limit_burst = 20

[server.audit]
path = "audit.jsonl"

[server.clients.alice]
token_file = "alice.token"
instances = ["main"]
tools = ["search_records", "count_records"]
read_only = true

[server.clients.reader]
token_sha256 = "{digest(READER)}"
[server.clients.reader.odoo.main]
api_key_file = "reader.key"

[server.clients.bob]
token_sha256 = "{digest(BOB)}"

[server.clients.carol]
token_sha256 = "{digest(CAROL)}"

[server.clients.limited]
token_sha256 = "{digest(LIMITED)}"
rate_limit_per_minute = 1

[instances.main]
url = "{sim.base_url}"
database = "{SIM_DATABASE}"
api_key_file = "admin.key"
read_only = false

[instances.other]
url = "{sim.base_url}"
database = "{SIM_DATABASE}"
api_key_file = "admin.key"
"""
    )
    server = start_serve_http("--config", str(config), env={"MCP_AUTH_TOKEN": ADMIN})
    STARTED.append(server)
    yield server, audit
    server.stop()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def post(url: str, token: str) -> tuple[int, dict[str, str]]:
    req = urllib.request.Request(
        url,
        data=INITIALIZE,
        method="POST",
        headers={"Content-Type": "application/json", "Accept": "application/json, text/event-stream", **bearer(token)},
    )
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            resp.read()
            return resp.status, dict(resp.headers)
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers)


async def test_a_restricted_client_sees_only_its_tools_and_instances(team: tuple[ServerProcess, Path]) -> None:
    server, _ = team
    async with connect_http(server.mcp_url, "initialize", bearer(ALICE)) as alice:
        tools = sorted(t.name for t in (await alice.session.list_tools()).tools)
        assert tools == ["count_records", "search_records"], tools
        described = next(t for t in (await alice.session.list_tools()).tools if t.name == "count_records")
        assert "other" not in json.dumps(described.input_schema), "another client's instance is named"
        await alice.ok("count_records", {"model": "res.partner"})
        refused = await alice.err("read_records", {"model": "res.partner", "ids": [1]})
        assert "not available to client `alice`" in refused, refused
        hidden = await alice.err("count_records", {"model": "res.partner", "instance": "other"})
        assert "unknown instance" in hidden, hidden
    async with connect_http(server.mcp_url, "initialize", bearer(ADMIN)) as admin:
        tools = {t.name for t in (await admin.session.list_tools()).tools}
        assert {"read_records", "create_records"} <= tools, tools
        await admin.ok("count_records", {"model": "res.partner", "instance": "other"})


async def test_two_clients_on_two_odoo_users_see_what_odoo_lets_each_see(team: tuple[ServerProcess, Path]) -> None:
    server, _ = team
    async with connect_http(server.mcp_url, "initialize", bearer(ADMIN)) as admin:
        await admin.ok("count_records", {"model": "sale.order"})
    async with connect_http(server.mcp_url, "initialize", bearer(READER)) as reader:
        denied = await reader.err("count_records", {"model": "sale.order"})
        assert "Access denied by Odoo" in denied, denied
        await reader.ok("count_records", {"model": "res.partner"})


def test_the_rate_limit_answers_429_with_retry_after(team: tuple[ServerProcess, Path]) -> None:
    server, audit = team
    statuses = [post(server.mcp_url, LIMITED) for _ in range(25)]
    limited = [headers for status, headers in statuses if status == 429]
    assert limited, [s for s, _ in statuses]
    retry = limited[0].get("Retry-After") or limited[0].get("retry-after")
    assert retry is not None and int(retry) >= 1, limited[0]
    assert post(server.mcp_url, ADMIN)[0] != 429, "other clients are not held up"
    lines = [json.loads(line) for line in audit.read_text().splitlines()]
    assert any(l["outcome"] == "refused:rate_limit" and l.get("client") == "limited" for l in lines)


async def test_every_call_leaves_one_audit_line_without_secrets(team: tuple[ServerProcess, Path]) -> None:
    server, audit = team
    before = len(audit.read_text().splitlines()) if audit.exists() else 0
    async with connect_http(server.mcp_url, "initialize", bearer(ADMIN)) as admin:
        await admin.ok("count_records", {"model": "res.partner"})
        await admin.err("update_records", {"model": "res.partner", "ids": [1], "values": {"name": "X"}, "instance": "other"})
    lines = [json.loads(line) for line in audit.read_text().splitlines()[before:]]
    calls = [l for l in lines if l["event"] == "tool_call"]
    assert [(l["tool"], l["outcome"]) for l in calls] == [
        ("count_records", "ok"),
        ("update_records", "refused:read_only"),
    ], calls
    assert all(l["client"] == "default" for l in calls), calls
    assert calls[1]["access"] == "write" and calls[1]["ids"] == [1], calls[1]
    text = audit.read_text()
    for secret in (ADMIN, ALICE, READER, LIMITED, SIM_ADMIN_API_KEY, SIM_READER_API_KEY):
        assert secret not in text


def test_metrics_need_a_token(team: tuple[ServerProcess, Path]) -> None:
    server, _ = team
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{server.base_url}/metrics", timeout=10)
    assert refused.value.code == 401
    req = urllib.request.Request(f"{server.base_url}/metrics", headers=bearer(ADMIN))
    with urllib.request.urlopen(req, timeout=10) as resp:
        text = resp.read().decode()
    assert "odoo_mcp_tool_calls_total" in text, text
    assert 'odoo_mcp_odoo_request_duration_seconds_count{outcome="ok"}' in text, text


async def test_a_confirmation_token_is_refused_to_another_client(team: tuple[ServerProcess, Path]) -> None:
    """The token is bound to the client it was issued to: bob replaying carol's token writes nothing.
    (Two clients of their own, so that the rate budget the other tests spent does not count.)"""
    server, _ = team
    async with connect_http(server.mcp_url, "initialize", bearer(CAROL)) as carol:
        created = await carol.ok("create_records", {"model": "res.partner", "records": [{"name": "E2E replay"}]})
        pid = created.structured_content["ids"][0]
        delete = {"model": "res.partner", "ids": [pid]}
        first = await carol.call("delete_records", delete)
        assert first.is_error, "deleted without confirmation"
        token = first.structured_content["confirmation"]["token"]
        async with connect_http(server.mcp_url, "initialize", bearer(BOB)) as bob:
            replayed = await bob.err("delete_records", {**delete, "confirm": token})
            assert "different operation" in replayed, replayed
        still = await carol.ok("count_records", {"model": "res.partner", "domain": [["id", "=", pid]]})
        assert still.structured_content["count"] == 1, "the replayed token deleted the record"
        await carol.ok("delete_records", {**delete, "confirm": token})


@pytest.fixture(scope="module")
def capped(sim: ServerProcess, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """A server where one client holds at most two sessions."""
    workdir = tmp_path_factory.mktemp("capped")
    (workdir / "admin.key").write_text(SIM_ADMIN_API_KEY + "\n")
    digest = lambda token: hashlib.sha256(token.encode()).hexdigest()  # noqa: E731
    config = workdir / "config.toml"
    config.write_text(
        f"""
[server]
max_sessions_per_client = 2

[server.clients.alice]
token_sha256 = "{digest(ALICE)}"

[server.clients.bob]
token_sha256 = "{digest(BOB)}"

[instances.main]
url = "{sim.base_url}"
database = "{SIM_DATABASE}"
api_key_file = "admin.key"
"""
    )
    server = start_serve_http("--config", str(config))
    STARTED.append(server)
    yield server
    server.stop()


async def test_a_client_at_its_session_cap_is_told_why_and_others_connect(capped: ServerProcess) -> None:
    """The SDK shows the server's reason; leaving a session (the SDK's DELETE) frees its room."""
    url = capped.mcp_url
    async with connect_http(url, "initialize", bearer(ALICE)) as first:
        async with connect_http(url, "initialize", bearer(ALICE)):
            with pytest.raises(Exception) as refused:
                async with connect_http(url, "initialize", bearer(ALICE)):
                    pass
            reasons = " ".join(str(e) for e in leaves(refused.value))
            assert "max_sessions_per_client" in reasons and "DELETE" in reasons, reasons
            async with connect_http(url, "initialize", bearer(BOB)) as bob:
                await bob.ok("count_records", {"model": "res.partner"})
            await first.ok("count_records", {"model": "res.partner"})
        async with connect_http(url, "initialize", bearer(ALICE)) as again:
            await again.ok("count_records", {"model": "res.partner"})


def leaves(error: BaseException) -> Iterator[BaseException]:
    """The exceptions inside (nested) exception groups, or `error` itself."""
    inner = getattr(error, "exceptions", None)
    if inner is None:
        yield error
        return
    for e in inner:
        yield from leaves(e)
