"""`odoo-mcp serve` against a separately started `odoo-sim`: configured by environment variables (stdio), and
by a TOML file with two instances over Streamable HTTP, with sessions and `--stateless`."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest

from clients import ERAS, Conn, assert_no_secret, connect_http, connect_stdio, text_of
from results import READ_TOOLS, WRITE_TOOLS, created_ids, total_of
from servers import SIM_ADMIN_API_KEY, SIM_DATABASE, ServerProcess, StderrLogs, base_env, odoo_mcp_bin

# --- configured by environment variables, over stdio -----------------------------------------------------


@pytest.fixture(scope="module", params=ERAS)
async def env_client(request: pytest.FixtureRequest, sim: ServerProcess, stderr_logs: StderrLogs) -> AsyncIterator[Conn]:
    """`odoo-mcp serve` on stdio configured only by ODOO_URL/ODOO_DB/ODOO_API_KEY, logging at debug level."""
    env = base_env(
        {"ODOO_URL": sim.base_url, "ODOO_DB": SIM_DATABASE, "ODOO_API_KEY": SIM_ADMIN_API_KEY, "RUST_LOG": "debug"}
    )
    with stderr_logs.new(f"serve-env-debug-{request.param}").open("w") as errlog:
        async with connect_stdio(odoo_mcp_bin(), ["serve"], env, request.param, errlog) as conn:
            yield conn


async def test_env_configured_serve_reads_and_is_read_only_by_default(env_client: Conn) -> None:
    names = {t.name for t in (await env_client.session.list_tools()).tools}
    assert READ_TOOLS <= names, READ_TOOLS - names
    assert not (WRITE_TOOLS & names), f"writes are off by default, yet listed: {sorted(WRITE_TOOLS & names)}"
    result = await env_client.ok("search_records", {"model": "res.partner", "domain": [["is_company", "=", True]]})
    assert total_of(result) > 0
    count = await env_client.ok("count_records", {"model": "sale.order"})
    assert count.structured_content


# --- configured by a TOML file with two instances, over HTTP --------------------------------------------


MODES = [(m, e) for m in ("sessions", "stateless") for e in ERAS]


@pytest.fixture(scope="module", params=MODES, ids=[f"{m}-{e}" for m, e in MODES])
async def cfg_client(request: pytest.FixtureRequest) -> AsyncIterator[Conn]:
    mode, era = request.param
    server: ServerProcess = request.getfixturevalue("serve_http" if mode == "sessions" else "serve_stateless")
    async with connect_http(server.mcp_url, era) as conn:
        conn.transport = f"http-{mode}"
        yield conn


async def test_readyz_reports_both_instances(serve_http: ServerProcess) -> None:
    import urllib.request

    with urllib.request.urlopen(serve_http.base_url + "/readyz", timeout=5) as resp:
        assert resp.status == 200
        body = resp.read().decode()
    assert "main" in body and "reader" in body, body
    assert_no_secret("/readyz", body)


async def test_config_lists_write_tools_when_one_instance_writes(cfg_client: Conn) -> None:
    names = {t.name for t in (await cfg_client.session.list_tools()).tools}
    assert READ_TOOLS | WRITE_TOOLS <= names, (READ_TOOLS | WRITE_TOOLS) - names


async def test_default_and_named_instances_read(cfg_client: Conn) -> None:
    main = await cfg_client.ok("search_records", {"model": "res.partner", "limit": 3})
    assert total_of(main) > 0
    reader = await cfg_client.ok("search_records", {"model": "res.partner", "limit": 3, "instance": "reader"})
    assert total_of(reader) > 0


async def test_read_only_instance_refuses_writes(cfg_client: Conn) -> None:
    name = f"E2E reader must not create {cfg_client.transport} {cfg_client.era}"
    message = await cfg_client.err(
        "create_records", {"model": "res.partner", "records": [{"name": name}], "instance": "reader"}
    )
    low = message.lower()
    assert "read_only" in low or "read-only" in low or "read only" in low, message
    assert "reader" in message, f"the refusal does not name the instance: {message}"
    found = await cfg_client.ok("search_records", {"model": "res.partner", "domain": [["name", "=", name]]})
    assert total_of(found) == 0


async def test_writable_instance_writes(cfg_client: Conn) -> None:
    name = f"E2E main create {cfg_client.transport} {cfg_client.era}"
    ids = created_ids(await cfg_client.ok("create_records", {"model": "res.partner", "records": [{"name": name}]}))
    found = await cfg_client.ok("search_records", {"model": "res.partner", "domain": [["name", "=", name]]})
    assert total_of(found) == 1
    await cfg_client.confirmed("delete_records", {"model": "res.partner", "ids": ids})


async def test_configured_denied_models_refuse_with_the_pattern(cfg_client: Conn) -> None:
    message = await cfg_client.err("search_records", {"model": "account.move", "instance": "reader"})
    assert "account.*" in message, f"the refusal does not name the denied_models pattern: {message}"
    ok = await cfg_client.ok("count_records", {"model": "account.move"})
    assert ok.structured_content is not None


async def test_unknown_instance_lists_configured_ones(cfg_client: Conn) -> None:
    message = await cfg_client.err("count_records", {"model": "res.partner", "instance": "prod"})
    assert "prod" in message and "main" in message and "reader" in message, message


async def test_resources_per_instance(cfg_client: Conn) -> None:
    uris = {str(r.uri) for r in (await cfg_client.session.list_resources()).resources}
    assert {"odoo://main/models", "odoo://reader/models"} <= uris, uris
    text = text_of(await cfg_client.session.read_resource("odoo://reader/res.partner/fields"))
    assert "email" in text, text[:500]


async def test_stateless_serves_many_independent_requests(cfg_client: Conn) -> None:
    for limit in (1, 2, 3):
        result = await cfg_client.ok("search_records", {"model": "res.partner", "limit": limit})
        assert len(result.structured_content["rows"]) == limit, json.dumps(result.structured_content)[:500]
