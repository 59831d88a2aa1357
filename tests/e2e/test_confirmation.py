"""Confirmation of writes by a person, through the official Python SDK client: elicitation (accepted,
declined) in the 2025-11-25 era, the same through an `input_required` answer in the 2026-07-28 era, and
the confirmation token for a client that cannot ask (valid, altered, expired). The demo's instance uses the
default `confirm_writes = "destructive"`. A token replayed by another client: test_clients.py."""

from __future__ import annotations

import asyncio
from typing import Any

import mcp.types as types
from mcp import StdioServerParameters
from mcp.client import Client

from clients import connect_stdio, structured, text_of
from servers import base_env, odoo_mcp_bin


def person(approves: bool, asked: list[str]) -> Any:
    async def answer(context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
        asked.append(getattr(params, "message", ""))
        return types.ElicitResult(action="accept", content={"approve": approves})

    return answer


async def _new_partner(conn: Any, name: str) -> int:
    created = structured(await conn.ok("create_records", {"model": "res.partner", "records": [{"name": name}]}))
    return created["ids"][0]


async def _exists(conn: Any, pid: int) -> bool:
    found = structured(await conn.ok("count_records", {"model": "res.partner", "domain": [["id", "=", pid]]}))
    return found["count"] == 1


async def test_elicitation_accepted_writes_and_declined_does_not(tmp_path: Any) -> None:
    for approves in (False, True):
        asked: list[str] = []
        with (tmp_path / f"stderr-{approves}.log").open("w") as errlog:
            async with connect_stdio(
                odoo_mcp_bin(), ["demo"], base_env(), "initialize", errlog, elicitation_callback=person(approves, asked)
            ) as conn:
                pid = await _new_partner(conn, f"E2E elicitation {approves}")
                result = await conn.call("delete_records", {"model": "res.partner", "ids": [pid]})
                assert asked and "Delete 1 res.partner" in asked[0], asked
                assert bool(result.is_error) is (not approves), text_of(result)
                assert await _exists(conn, pid) is (not approves)


async def test_token_flow_in_the_modern_era(tmp_path: Any) -> None:
    with (tmp_path / "stderr.log").open("w") as errlog:
        async with connect_stdio(odoo_mcp_bin(), ["demo"], base_env(), "discover", errlog) as conn:
            pid = await _new_partner(conn, "E2E token")
            other = await _new_partner(conn, "E2E token other")
            first = await conn.call("delete_records", {"model": "res.partner", "ids": [pid]})
            assert first.is_error and "Confirmation needed" in text_of(first)
            token = structured(first)["confirmation"]["token"]
            assert await _exists(conn, pid), "deleted before confirmation"
            altered = await conn.call("delete_records", {"model": "res.partner", "ids": [other], "confirm": token})
            assert altered.is_error and "different operation" in text_of(altered), text_of(altered)
            assert await _exists(conn, other)
            await conn.ok("delete_records", {"model": "res.partner", "ids": [pid], "confirm": token})
            assert not await _exists(conn, pid)


async def test_elicitation_through_input_required_in_the_modern_era() -> None:
    """The SDK's high-level client answers the server's `input_required` (SEP-2322) with its elicitation
    callback and sends the sealed request state back; the write happens only when the person agrees."""
    for approves in (False, True):
        asked: list[str] = []
        server = StdioServerParameters(command=odoo_mcp_bin(), args=["demo"], env=base_env())
        async with Client(server, mode="2026-07-28", elicitation_callback=person(approves, asked)) as client:
            created = await client.call_tool(
                "create_records", {"model": "res.partner", "records": [{"name": f"E2E MRTR {approves}"}]}
            )
            pid = structured(created)["ids"][0]
            result = await client.call_tool("delete_records", {"model": "res.partner", "ids": [pid]})
            assert asked and "Delete 1 res.partner" in asked[0], asked
            assert bool(result.is_error) is (not approves), text_of(result)
            if not approves:
                assert "declined" in text_of(result), text_of(result)
            left = await client.call_tool("count_records", {"model": "res.partner", "domain": [["id", "=", pid]]})
            assert structured(left)["count"] == (0 if approves else 1)


async def test_an_expired_token_is_refused_and_nothing_is_written(tmp_path: Any) -> None:
    env = base_env({"ODOO_MCP_CONFIRMATION_SECONDS": "1"})
    with (tmp_path / "stderr.log").open("w") as errlog:
        async with connect_stdio(odoo_mcp_bin(), ["demo"], env, "initialize", errlog) as conn:
            pid = await _new_partner(conn, "E2E expired token")
            first = await conn.call("delete_records", {"model": "res.partner", "ids": [pid]})
            assert first.is_error and "Confirmation needed" in text_of(first), text_of(first)
            confirmation = structured(first)["confirmation"]
            assert confirmation["expires_in_seconds"] == 1, confirmation
            await asyncio.sleep(2.2)
            late = await conn.err("delete_records", {"model": "res.partner", "ids": [pid], "confirm": confirmation["token"]})
            assert "expired" in late, late
            assert await _exists(conn, pid), "an expired token deleted the record"
