"""Confirmation of writes by a person, through the official Python SDK client: elicitation (accepted,
declined) in the 2025-11-25 era, and the confirmation token in the 2026-07-28 era. The demo's instance
uses the default `confirm_writes = "destructive"`."""

from __future__ import annotations

from typing import Any

import mcp.types as types

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
