"""Writes on the demo instance (writes enabled): create -> update -> read back -> delete a partner, over every
transport and era; and the read-only demo refuses them."""

from __future__ import annotations

from mcp.shared.exceptions import MCPError

from clients import Conn, structured, text_of
from results import created_ids, records_of, total_of


async def test_create_update_read_delete_partner(client: Conn) -> None:
    name = f"E2E Partner {client.transport} {client.era}"
    created = await client.ok(
        "create_records", {"model": "res.partner", "records": [{"name": name, "email": "e2e@example.com"}]}
    )
    ids = created_ids(created)
    assert len(ids) == 1 and isinstance(ids[0], int), ids
    pid = ids[0]

    await client.ok("update_records", {"model": "res.partner", "ids": [pid], "values": {"phone": "+32 2 555 01 01"}})

    records = records_of(
        await client.ok("read_records", {"model": "res.partner", "ids": [pid], "fields": ["name", "email", "phone"]})
    )
    assert len(records) == 1 and records[0]["id"] == pid, records
    got = (records[0].get("name"), records[0].get("email"), records[0].get("phone"))
    assert got == (name, "e2e@example.com", "+32 2 555 01 01"), records

    found = await client.ok("search_records", {"model": "res.partner", "domain": [["name", "=", name]]})
    assert total_of(found) == 1

    await client.confirmed("delete_records", {"model": "res.partner", "ids": [pid]})
    gone = await client.ok("search_records", {"model": "res.partner", "domain": [["id", "=", pid]]})
    assert total_of(gone) == 0, f"partner {pid} still there after delete_records"


async def test_create_many_in_one_call(client: Conn) -> None:
    names = [f"E2E Batch {client.transport} {client.era} {i}" for i in range(3)]
    ids = created_ids(
        await client.ok("create_records", {"model": "res.partner", "records": [{"name": n} for n in names]})
    )
    assert len(ids) == 3 and len(set(ids)) == 3, ids
    await client.confirmed("delete_records", {"model": "res.partner", "ids": ids})


async def test_read_only_refuses_writes_and_does_not_write(ro_client: Conn) -> None:
    name = f"E2E must not exist {ro_client.transport} {ro_client.era}"
    args = {"model": "res.partner", "records": [{"name": name}]}
    try:
        result = await ro_client.call("create_records", args)
    except MCPError as e:
        # The tool is not listed in read-only mode; an unknown-tool protocol error is an acceptable answer.
        assert "create_records" in e.message or "not found" in e.message.lower(), e.message
    else:
        assert result.is_error, f"create_records on --read-only demo did not fail: {text_of(result)}"
        message = text_of(result).lower()
        assert "read-only" in message or "read_only" in message or "read only" in message, message
    found = await ro_client.ok("search_records", {"model": "res.partner", "domain": [["name", "=", name]]})
    assert total_of(found) == 0, "a refused create still created the partner"


async def test_dry_run_shows_what_onchange_would_also_change(client: Conn) -> None:
    order = records_of(
        await client.ok(
            "search_records",
            {"model": "sale.order", "domain": [["state", "=", "draft"]], "fields": ["name"], "limit": 1},
        )
    )[0]
    product = records_of(
        await client.ok(
            "search_records",
            {"model": "product.product", "domain": [["list_price", ">", 0]], "fields": ["list_price"], "limit": 1},
        )
    )[0]
    line = {"order_id": order["id"], "product_id": product["id"], "product_uom_qty": 2}
    result = await client.ok("create_records", {"model": "sale.order.line", "records": [line], "dry_run": True})
    consequences = structured(result)["dry_run"]["records"][0]["consequences"]
    assert consequences["price_unit"]["new"] == product["list_price"], consequences
    untaxed = consequences["order_id.amount_untaxed"]
    assert abs(untaxed["new"] - untaxed["current"] - 2 * product["list_price"]) < 0.005, untaxed
    assert "would also change" in text_of(result)
