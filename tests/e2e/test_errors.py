"""Mistakes a model makes get a tool error it can act on (isError with a helpful message), never a protocol
error or a crash; policy refusals say which rule refused."""

from __future__ import annotations

import pytest
from mcp.shared.exceptions import MCPError

from clients import Conn
from results import total_of


async def test_unknown_model_is_a_tool_error_naming_it(client: Conn) -> None:
    message = await client.err("search_records", {"model": "res.partnerz"})
    assert "res.partnerz" in message, message
    assert "list_models" in message, f"no hint to use list_models: {message}"


async def test_unknown_field_in_domain_points_to_describe_model(client: Conn) -> None:
    message = await client.err("search_records", {"model": "res.partner", "domain": [["no_such_field", "=", 1]]})
    assert "no_such_field" in message, message
    assert "describe_model" in message, f"no hint to use describe_model: {message}"


async def test_unknown_field_in_fields_is_a_tool_error(client: Conn) -> None:
    message = await client.err("read_records", {"model": "res.partner", "ids": [1], "fields": ["no_such_field"]})
    assert "no_such_field" in message, message


async def test_bad_operator_in_domain_names_it(client: Conn) -> None:
    message = await client.err("search_records", {"model": "res.partner", "domain": [["name", "~~", "x"]]})
    assert "~~" in message, f"the message does not name the bad operator: {message}"


async def test_malformed_domain_is_a_tool_error(client: Conn) -> None:
    # `|` needs two operands.
    message = await client.err("search_records", {"model": "res.partner", "domain": ["|", ["name", "=", "x"]]})
    assert "domain" in message.lower(), message


async def test_bad_aggregate_spec_is_a_tool_error(client: Conn) -> None:
    message = await client.err(
        "aggregate_records", {"model": "sale.order", "group_by": ["state"], "aggregates": ["amount_total:median"]}
    )
    assert "median" in message, message


async def test_denied_model_is_refused_with_the_rule(client: Conn) -> None:
    message = await client.err("search_records", {"model": "ir.config_parameter"})
    assert "ir.config_parameter" in message, message
    assert "denied" in message.lower() or "deny" in message.lower() or "allowed_models" in message, message


async def test_unknown_instance_lists_the_known_ones(client: Conn) -> None:
    message = await client.err("count_records", {"model": "res.partner", "instance": "nope"})
    assert "nope" in message and "demo" in message, message


async def test_unknown_tool_is_a_protocol_error(client: Conn) -> None:
    with pytest.raises(MCPError):
        await client.session.call_tool("drop_database", {})


async def test_wrong_argument_type_is_rejected(client: Conn) -> None:
    # A schema violation: either a JSON-RPC invalid-params error or a tool error, never a success.
    try:
        result = await client.session.call_tool("search_records", {"model": "res.partner", "limit": "ten"})
    except MCPError as e:
        assert e.code == -32602, f"expected invalid params (-32602), got {e.code}: {e.message}"
    else:
        assert result.is_error, "limit='ten' was accepted"


async def test_errors_leave_the_session_usable(client: Conn) -> None:
    await client.err("search_records", {"model": "res.partnerz"})
    ok = await client.ok("search_records", {"model": "res.partner", "limit": 1})
    assert total_of(ok) > 0


async def test_read_only_refuses_call_method(ro_client: Conn) -> None:
    try:
        result = await ro_client.call("call_method", {"model": "sale.order", "method": "action_confirm", "ids": [1]})
    except MCPError:
        return  # not listed in read-only mode, so not callable at all: fine
    assert result.is_error, "call_method ran on a --read-only instance"
