"""The read tools against `odoo-mcp demo`, as a model would call them, over every transport and era."""

from __future__ import annotations

import json
import re

import anyio
from jsonschema import Draft202012Validator

from clients import Conn, structured, text_of
from results import count_of, groups_of, ids_of, next_offset_of, records_of, total_of


async def test_search_partners_gives_records_total_next_offset_and_compact_text(client: Conn) -> None:
    result = await client.ok("search_records", {"model": "res.partner", "limit": 5})
    records = records_of(result)
    assert len(records) == 5, f"limit=5 gave {len(records)} records"
    assert all(isinstance(r.get("id"), int) for r in records), records
    total = total_of(result)
    assert total > 5, f"the demo company has more than 5 partners, total says {total}"
    assert next_offset_of(result) == 5
    text = text_of(result)
    assert text.strip(), "no text content: most clients only show the text to the model"
    compact_json = json.dumps(structured(result), separators=(",", ":"))
    assert len(text) <= len(compact_json), (
        f"the text rendering ({len(text)} chars) is bigger than compact JSON ({len(compact_json)}):\n{text}"
    )
    first_name = records[0].get("display_name") or records[0].get("name")
    assert first_name and first_name in text, f"the first record's name {first_name!r} is not in the text:\n{text}"
    assert "offset" in text and "5" in text, f"the text does not say how to get the next page:\n{text}"


async def test_search_pages_without_overlap(client: Conn) -> None:
    first = await client.ok("search_records", {"model": "res.partner", "limit": 4, "order": "id asc"})
    second = await client.ok(
        "search_records", {"model": "res.partner", "limit": 4, "offset": next_offset_of(first), "order": "id asc"}
    )
    a, b = ids_of(records_of(first)), ids_of(records_of(second))
    assert len(b) == 4 and not set(a) & set(b), f"pages overlap: {a} / {b}"
    assert max(a) < min(b), f"order id asc not respected: {a} then {b}"
    assert next_offset_of(second) == 8


async def test_last_page_has_no_next_offset(client: Conn) -> None:
    total = total_of(await client.ok("search_records", {"model": "res.partner", "limit": 1}))
    last = await client.ok("search_records", {"model": "res.partner", "limit": 10, "offset": total - 2})
    assert len(records_of(last)) == 2
    assert next_offset_of(last) is None


async def test_domain_filters_companies(client: Conn) -> None:
    domain = [["is_company", "=", True]]
    result = await client.ok(
        "search_records", {"model": "res.partner", "domain": domain, "fields": ["name", "is_company"], "limit": 50}
    )
    records = records_of(result)
    assert records, "the demo company has company partners"
    assert all(r.get("is_company") is True for r in records), [r for r in records if r.get("is_company") is not True]
    everyone = total_of(await client.ok("search_records", {"model": "res.partner", "limit": 1}))
    assert total_of(result) < everyone
    assert all(set(r) <= {"id", "name", "is_company", "display_name"} for r in records), (
        f"asked for fields name,is_company, got {sorted(records[0])}"
    )


async def test_count_matches_search_total(client: Conn) -> None:
    domain = [["is_company", "=", True]]
    total = total_of(await client.ok("search_records", {"model": "res.partner", "domain": domain, "limit": 1}))
    count = await client.ok("count_records", {"model": "res.partner", "domain": domain})
    assert count_of(count) == total
    assert str(total) in text_of(count), text_of(count)


async def test_aggregate_sale_orders_by_state(client: Conn) -> None:
    result = await client.ok(
        "aggregate_records",
        {"model": "sale.order", "group_by": ["state"], "aggregates": ["amount_total:sum"]},
    )
    groups = groups_of(result)
    assert len(groups) >= 2, f"the demo has orders in several states: {groups}"
    dumped = json.dumps(groups)
    for state in ("draft", "sale"):
        assert f'"{state}"' in dumped, f"no group for state {state!r}: {groups}"
    counts = [g.get("count") for g in groups]
    assert all(isinstance(c, int) and c > 0 for c in counts), groups
    orders = count_of(await client.ok("count_records", {"model": "sale.order"}))
    assert sum(counts) == orders, f"group counts {counts} do not add up to {orders} orders"
    assert "amount_total" in dumped, f"no amount_total sum in the groups: {groups}"
    assert "sale" in text_of(result) and "draft" in text_of(result), text_of(result)


async def test_read_records_returns_the_asked_ids_and_fields(client: Conn) -> None:
    ids = ids_of(records_of(await client.ok("search_records", {"model": "res.partner", "limit": 3})))
    result = await client.ok("read_records", {"model": "res.partner", "ids": ids, "fields": ["name", "email"]})
    records = records_of(result)
    assert sorted(ids_of(records)) == sorted(ids)
    assert all("name" in r for r in records), records


async def test_name_search_finds_a_partner(client: Conn) -> None:
    result = await client.ok("name_search", {"model": "res.partner", "name": "Acme"})
    text = text_of(result) + json.dumps(structured(result))
    assert "Acme Corporation" in text, f"name_search 'Acme' did not find Acme Corporation: {text[:1000]}"


async def test_list_models_with_keyword(client: Conn) -> None:
    result = await client.ok("list_models", {"keyword": "partner"})
    text = text_of(result) + json.dumps(structured(result))
    assert "res.partner" in text, text[:1000]
    assert "sale.order" not in text, "keyword=partner still lists sale.order"


async def test_describe_model_lists_fields(client: Conn) -> None:
    result = await client.ok("describe_model", {"model": "res.partner"})
    text = text_of(result)
    for field_name in ("name", "is_company", "email", "parent_id"):
        assert field_name in text, f"describe_model res.partner does not mention {field_name}:\n{text[:2000]}"
    assert "many2one" in text, "field types are not shown"


async def test_check_access_read_is_allowed(client: Conn) -> None:
    result = await client.ok("check_access", {"model": "res.partner", "operation": "read"})
    sc = structured(result)
    assert sc.get("allowed") is True and sc.get("policy_allowed") is True, sc
    assert sc.get("odoo_allowed") is True, f"the admin may read partners, Odoo's answer says: {sc}"


async def test_check_access_on_read_only_says_the_policy_refuses(ro_client: Conn) -> None:
    result = await ro_client.ok("check_access", {"model": "res.partner", "operation": "write"})
    sc = structured(result)
    assert sc.get("allowed") is False and sc.get("policy_allowed") is False, sc
    text = text_of(result).lower()
    assert "read_only" in text or "read-only" in text or "read only" in text, text


READ_CALLS = {
    "search_records": {"model": "sale.order", "limit": 3},
    "read_records": {"model": "res.partner", "ids": [1]},
    "count_records": {"model": "res.partner"},
    "aggregate_records": {"model": "sale.order", "group_by": ["partner_id"], "aggregates": ["amount_total:sum"]},
    "name_search": {"model": "res.partner", "name": "a"},
    "list_models": {},
    "describe_model": {"model": "sale.order"},
    "check_access": {"model": "sale.order", "operation": "write"},
}


async def test_every_read_tool_answers_what_its_output_schema_says(client: Conn) -> None:
    """The SDK validates structuredContent against outputSchema (and raises); check it ourselves as well."""
    tools = {t.name: t for t in (await client.session.list_tools()).tools}
    for name, args in READ_CALLS.items():
        result = await client.ok(name, args)
        schema = tools[name].output_schema
        assert schema is not None, f"{name} declares no outputSchema"
        errors = sorted(Draft202012Validator(schema).iter_errors(result.structured_content), key=str)
        assert not errors, f"{name}({json.dumps(args)}): structuredContent violates outputSchema: {errors[0]}"
        assert text_of(result).strip(), f"{name} gave no text content"


async def test_limit_is_capped_and_says_so(client: Conn) -> None:
    result = await client.ok("search_records", {"model": "res.partner", "limit": 5000, "fields": ["name"]})
    records = records_of(result)
    assert len(records) <= 200, f"limit=5000 returned {len(records)} records: max_records (200) not enforced"
    if total_of(result) > 200:
        assert "200" in text_of(result), f"the cut is not explained: {text_of(result)[:300]}"


async def test_concurrent_calls_on_one_session(client: Conn) -> None:
    results: dict[int, int] = {}

    async def one(offset: int) -> None:
        r = await client.ok("search_records", {"model": "res.partner", "limit": 1, "offset": offset, "order": "id"})
        results[offset] = ids_of(records_of(r))[0]

    async with anyio.create_task_group() as tg:
        for offset in range(8):
            tg.start_soon(one, offset)
    ids = [results[o] for o in range(8)]
    assert ids == sorted(ids) and len(set(ids)) == 8, f"concurrent pages mixed up: {ids}"


async def test_aggregate_amounts_read_like_money(client: Conn) -> None:
    result = await client.ok(
        "aggregate_records", {"model": "sale.order", "group_by": ["state"], "aggregates": ["amount_total:sum"]}
    )
    noisy = re.findall(r"\d+\.\d{5,}", text_of(result))
    assert not noisy, f"sums shown with binary-float noise (a user sees e.g. {noisy[0]}):\n{text_of(result)}"
