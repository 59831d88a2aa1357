"""Reading odoo-mcp's structured tool results: the key names of each tool's structuredContent in one place."""

from __future__ import annotations

from typing import Any

import mcp.types as types

from clients import structured

READ_TOOLS = {
    "search_records",
    "read_records",
    "count_records",
    "aggregate_records",
    "name_search",
    "list_models",
    "describe_model",
    "check_access",
}
WRITE_TOOLS = {"create_records", "update_records", "delete_records", "call_method"}


def records_of(result: types.CallToolResult) -> list[dict[str, Any]]:
    """The records of search_records / read_records as dicts: `id` and `fields` zipped with each
    of `rows` (many2one values stay `[id, name]`)."""
    sc = structured(result)
    assert isinstance(sc.get("rows"), list), f"no `rows` list in structuredContent: {list(sc)}"
    columns = ["id", *sc["fields"]]
    for row in sc["rows"]:
        assert len(row) == len(columns), f"a row without a value per column: {row} for {columns}"
    return [dict(zip(columns, row)) for row in sc["rows"]]


def total_of(result: types.CallToolResult) -> int:
    """The total match count of search_records."""
    sc = structured(result)
    assert isinstance(sc.get("total"), int), f"no integer `total` in structuredContent: {list(sc)}"
    return sc["total"]


def next_offset_of(result: types.CallToolResult) -> int | None:
    """The offset of the next page of search_records (None on the last page: the key is absent)."""
    sc = structured(result)
    assert "total" in sc and "rows" in sc, f"not a search_records result: {list(sc)}"
    return sc.get("next_offset")


def count_of(result: types.CallToolResult) -> int:
    """The number count_records answered."""
    sc = structured(result)
    assert isinstance(sc.get("count"), int), f"no integer `count` in structuredContent: {sc}"
    return sc["count"]


def groups_of(result: types.CallToolResult) -> list[dict[str, Any]]:
    """The `groups` list of aggregate_records."""
    sc = structured(result)
    assert isinstance(sc.get("groups"), list), f"no `groups` list in structuredContent: {list(sc)}"
    return sc["groups"]


def ids_of(records: list[dict[str, Any]]) -> list[int]:
    return [r["id"] for r in records]


def created_ids(result: types.CallToolResult) -> list[int]:
    """The ids create_records answered."""
    sc = structured(result)
    assert isinstance(sc.get("ids"), list), f"no `ids` list in create_records' structuredContent: {sc}"
    return sc["ids"]


def many2one_name(value: Any) -> str | None:
    """A many2one as odoo-mcp renders it in structuredContent ({id, name})."""
    if isinstance(value, dict):
        return value.get("name")
    if isinstance(value, list) and len(value) == 2:
        return value[1]
    return None
