"""Connecting the official MCP Python SDK (mcp 2.3.0) to odoo-mcp over stdio or Streamable HTTP, in either
protocol era (2025-11-25 `initialize`, 2026-07-28 `server/discover`), plus small helpers to read results.

Every tool result passing through `Conn.call` is checked for the simulator's admin API key: no secret may
ever reach a client.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import mcp.types as types
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client

from servers import SIM_ADMIN_API_KEY, SIM_READER_API_KEY

HANDSHAKE_VERSION = "2025-11-25"
MODERN_VERSION = "2026-07-28"
ERAS = ("initialize", "discover")
READ_TIMEOUT_SECONDS = 30.0

SECRETS = (SIM_ADMIN_API_KEY, SIM_READER_API_KEY)


def assert_no_secret(what: str, text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"the API key {secret!r} leaked in {what}: ...{_around(text, secret)}..."


def _around(text: str, needle: str) -> str:
    i = text.find(needle)
    return text[max(0, i - 200) : i + len(needle) + 200]


@dataclass
class Conn:
    """A connected, handshaken client session and how it was made."""

    session: ClientSession
    transport: str
    era: str
    outputs: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.transport}/{self.era}"

    async def call(self, name: str, arguments: dict[str, Any] | None = None) -> types.CallToolResult:
        """tools/call; the SDK validates structuredContent against the tool's outputSchema (raises on a
        mismatch). The result must not contain any API key."""
        result = await self.session.call_tool(name, arguments or {})
        dump = result.model_dump_json(by_alias=True)
        self.outputs.append(dump)
        assert_no_secret(f"the result of {name}({json.dumps(arguments)}) over {self.label}", dump)
        return result

    async def ok(self, name: str, arguments: dict[str, Any] | None = None) -> types.CallToolResult:
        """tools/call that must succeed (isError false)."""
        result = await self.call(name, arguments)
        assert not result.is_error, (
            f"{name}({json.dumps(arguments)}) over {self.label} failed: {text_of(result)[:2000]}"
        )
        return result

    async def confirmed(self, name: str, arguments: dict[str, Any]) -> types.CallToolResult:
        """A write that must succeed: when the server asks for a person's confirmation (isError with
        structuredContent.confirmation.token), nothing must have happened yet; the test stands in for the
        person and repeats the call with `confirm`."""
        first = await self.call(name, arguments)
        sc = first.structured_content or {}
        token = (sc.get("confirmation") or {}).get("token") if isinstance(sc, dict) else None
        if token is None:
            assert not first.is_error, f"{name}({json.dumps(arguments)}) over {self.label} failed: {text_of(first)[:2000]}"
            return first
        assert first.is_error, "a write waiting for confirmation must not look like a success"
        assert "Confirmation needed" in text_of(first), text_of(first)
        return await self.ok(name, {**arguments, "confirm": token})

    async def err(self, name: str, arguments: dict[str, Any] | None = None) -> str:
        """tools/call that must fail as a TOOL error (isError true, not a JSON-RPC error); returns its text."""
        result = await self.call(name, arguments)
        assert result.is_error, (
            f"{name}({json.dumps(arguments)}) over {self.label} should have failed with isError, got: "
            f"{text_of(result)[:2000]}"
        )
        text = text_of(result)
        assert text.strip(), f"{name}({json.dumps(arguments)}) failed with an empty message"
        return text


def text_of(result: types.CallToolResult | types.GetPromptResult | types.ReadResourceResult) -> str:
    """All text parts of a result, joined by newlines."""
    parts: list[str] = []
    if isinstance(result, types.CallToolResult):
        parts = [c.text for c in result.content if isinstance(c, types.TextContent)]
    elif isinstance(result, types.ReadResourceResult):
        parts = [c.text for c in result.contents if isinstance(c, types.TextResourceContents)]
    elif isinstance(result, types.GetPromptResult):
        parts = [m.content.text for m in result.messages if isinstance(m.content, types.TextContent)]
    return "\n".join(parts)


def structured(result: types.CallToolResult) -> dict[str, Any]:
    """The result's structuredContent, which must be a JSON object."""
    sc = result.structured_content
    assert isinstance(sc, dict), f"expected structuredContent to be an object, got {type(sc).__name__}: {sc!r}"
    return sc


async def handshake(session: ClientSession, era: str) -> None:
    """Run the era's handshake and check the negotiated version."""
    if era == "initialize":
        result = await session.initialize()
        assert result.protocol_version == HANDSHAKE_VERSION, result.protocol_version
        assert session.initialize_result is not None
    elif era == "discover":
        await session.discover()
        assert session.discover_result is not None
        assert session.protocol_version == MODERN_VERSION, session.protocol_version
    else:
        raise ValueError(era)


@asynccontextmanager
async def connect_stdio(
    command: str,
    args: list[str],
    env: dict[str, str],
    era: str,
    errlog: TextIO,
    cwd: Path | None = None,
    elicitation_callback: Any = None,
) -> AsyncIterator[Conn]:
    """Spawn the server over stdio (env passed explicitly: the SDK forwards almost nothing). With
    `elicitation_callback`, the client declares elicitation and answers with it."""
    params = StdioServerParameters(command=command, args=args, env=env, cwd=cwd)
    async with stdio_client(params, errlog=errlog) as (read, write):
        async with ClientSession(
            read, write, read_timeout_seconds=READ_TIMEOUT_SECONDS, elicitation_callback=elicitation_callback
        ) as session:
            await handshake(session, era)
            yield Conn(session, "stdio", era)


@asynccontextmanager
async def connect_http(url: str, era: str, headers: dict[str, str] | None = None) -> AsyncIterator[Conn]:
    """Connect over Streamable HTTP."""
    async with create_mcp_http_client(headers=headers) as http:
        async with streamable_http_client(url, http_client=http) as (read, write):
            async with ClientSession(read, write, read_timeout_seconds=READ_TIMEOUT_SECONDS) as session:
                await handshake(session, era)
                yield Conn(session, "http", era)


def schema_keywords(schema: Any, path: str = "#") -> list[str]:
    """Every place in a JSON schema that uses a keyword some clients cannot handle."""
    bad: list[str] = []
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key in ("anyOf", "oneOf", "allOf", "$ref"):
                bad.append(f"{path}/{key}")
            bad.extend(schema_keywords(value, f"{path}/{key}"))
    elif isinstance(schema, list):
        for i, item in enumerate(schema):
            bad.extend(schema_keywords(item, f"{path}/{i}"))
    return bad
