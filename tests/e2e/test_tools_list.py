"""tools/list as a client sees it: the read tools (plus write tools only when writes are enabled), every
input schema a plain object any client can parse, annotations that tell a client what is safe."""

from __future__ import annotations

from clients import Conn, schema_keywords
from results import READ_TOOLS, WRITE_TOOLS

async def test_demo_lists_read_and_write_tools(client: Conn) -> None:
    tools = (await client.session.list_tools()).tools
    names = {t.name for t in tools}
    assert READ_TOOLS <= names, f"missing read tools: {READ_TOOLS - names}"
    assert WRITE_TOOLS <= names, f"demo has writes enabled, missing write tools: {WRITE_TOOLS - names}"


async def test_read_only_demo_hides_write_tools(ro_client: Conn) -> None:
    names = {t.name for t in (await ro_client.session.list_tools()).tools}
    assert READ_TOOLS <= names, f"missing read tools: {READ_TOOLS - names}"
    assert not (WRITE_TOOLS & names), f"--read-only still lists write tools: {sorted(WRITE_TOOLS & names)}"


async def test_every_schema_is_a_plain_object(client: Conn) -> None:
    for tool in (await client.session.list_tools()).tools:
        assert tool.input_schema.get("type") == "object", f"{tool.name}: input schema root is not an object"
        assert "properties" in tool.input_schema, f"{tool.name}: input schema has no properties"
        bad = schema_keywords(tool.input_schema)
        assert not bad, f"{tool.name}: input schema uses keywords many clients reject: {bad}"
        if tool.output_schema is not None:
            assert tool.output_schema.get("type") == "object", f"{tool.name}: output schema root is not an object"
            bad = schema_keywords(tool.output_schema)
            assert not bad, f"{tool.name}: output schema uses anyOf/oneOf/allOf/$ref: {bad}"


async def test_every_tool_is_described_and_takes_an_instance(client: Conn) -> None:
    for tool in (await client.session.list_tools()).tools:
        assert tool.description and len(tool.description) > 40, f"{tool.name}: description too thin"
        props = tool.input_schema.get("properties", {})
        assert "instance" in props, f"{tool.name}: no optional `instance` argument"
        assert "instance" not in tool.input_schema.get("required", []), f"{tool.name}: `instance` is required"


async def test_main_arguments_are_in_the_schemas(client: Conn) -> None:
    expected = {
        "search_records": {"model", "domain", "fields", "limit", "offset", "order"},
        "read_records": {"model", "ids", "fields"},
        "count_records": {"model", "domain"},
        "aggregate_records": {"model", "domain", "group_by", "aggregates"},
        "name_search": {"model", "name"},
        "list_models": {"keyword"},
        "describe_model": {"model"},
        "check_access": {"model", "operation"},
        "list_messages": {"model", "id", "limit", "offset"},
        "list_attachments": {"model", "id"},
        "create_records": {"model", "records"},
        "update_records": {"model", "ids", "values"},
        "delete_records": {"model", "ids"},
        "call_method": {"model", "method"},
    }
    tools = {t.name: t for t in (await client.session.list_tools()).tools}
    for name, args in expected.items():
        props = set(tools[name].input_schema.get("properties", {}))
        assert args <= props, f"{name}: missing arguments {args - props} (has {sorted(props)})"
    domain = tools["search_records"].input_schema["properties"]["domain"]
    assert domain.get("type") == "array", f"search_records.domain should be an array: {domain}"


async def test_annotations_tell_reads_from_writes(client: Conn) -> None:
    tools = {t.name: t for t in (await client.session.list_tools()).tools}
    for name in READ_TOOLS:
        ann = tools[name].annotations
        assert ann is not None and ann.read_only_hint is True, f"{name}: not annotated readOnlyHint=true"
    for name in WRITE_TOOLS:
        ann = tools[name].annotations
        assert ann is not None and ann.read_only_hint is not True, f"{name}: a write tool marked read-only"
    delete = tools["delete_records"].annotations
    assert delete is not None and delete.destructive_hint is True, "delete_records: not destructiveHint=true"
