"""Resources, resource templates, prompts and completion, as an MCP client shows them to a user."""

from __future__ import annotations

import json

import mcp.types as types

from clients import Conn, assert_no_secret, text_of
from results import ids_of, records_of

TEMPLATES = {"odoo://{instance}/models", "odoo://{instance}/{model}/fields", "odoo://{instance}/{model}/{id}"}


async def test_capabilities_are_declared(client: Conn) -> None:
    caps = client.session.server_capabilities
    assert caps is not None
    assert caps.tools is not None and caps.resources is not None and caps.prompts is not None, caps
    assert caps.completions is not None, "completion/complete is used for model names but not declared"
    info = client.session.server_info
    if client.era == "initialize":
        assert info is not None and info.name == "odoo-mcp", info
    assert client.session.instructions and "list_models" in client.session.instructions, client.session.instructions


async def test_resources_list_has_the_models_resource(client: Conn) -> None:
    uris = {str(r.uri) for r in (await client.session.list_resources()).resources}
    assert "odoo://demo/models" in uris, uris


async def test_resource_templates(client: Conn) -> None:
    templates = {t.uri_template for t in (await client.session.list_resource_templates()).resource_templates}
    assert TEMPLATES <= templates, f"missing templates: {TEMPLATES - templates}"


async def test_read_models_resource(client: Conn) -> None:
    result = await client.session.read_resource("odoo://demo/models")
    text = text_of(result)
    assert "res.partner" in text and "sale.order" in text, text[:1000]


async def test_read_fields_resource(client: Conn) -> None:
    result = await client.session.read_resource("odoo://demo/res.partner/fields")
    text = text_of(result)
    assert "is_company" in text and "email" in text, text[:1000]


async def test_read_record_resource(client: Conn) -> None:
    pid = ids_of(records_of(await client.ok("search_records", {"model": "res.partner", "limit": 1})))[0]
    result = await client.session.read_resource(f"odoo://demo/res.partner/{pid}")
    text = text_of(result)
    assert str(pid) in text, text[:1000]
    assert_no_secret("a record resource", result.model_dump_json())


async def test_read_unknown_model_resource_fails(client: Conn) -> None:
    try:
        result = await client.session.read_resource("odoo://demo/res.partnerz/fields")
    except Exception as e:  # a JSON-RPC error is the expected answer
        assert "res.partnerz" in str(e), str(e)
    else:
        raise AssertionError(f"reading fields of an unknown model succeeded: {text_of(result)[:500]}")


async def test_prompts_list_and_get(client: Conn) -> None:
    prompts = {p.name: p for p in (await client.session.list_prompts()).prompts}
    assert {"explore_model", "customer_overview", "sales_summary"} <= set(prompts), sorted(prompts)
    args = {a.name for a in prompts["explore_model"].arguments or []}
    assert "model" in args, args

    result = await client.session.get_prompt("explore_model", {"model": "sale.order"})
    text = text_of(result)
    assert result.messages, "explore_model produced no messages"
    assert "sale.order" in text and "describe_model" in text, text

    result = await client.session.get_prompt("customer_overview", {"customer": "Acme Corporation"})
    text = text_of(result)
    assert "Acme Corporation" in text and ("search_records" in text or "name_search" in text), text


async def test_sales_summary_prompt(client: Conn) -> None:
    prompts = {p.name: p for p in (await client.session.list_prompts()).prompts}
    arg_names = [a.name for a in prompts["sales_summary"].arguments or []]
    required = [a.name for a in prompts["sales_summary"].arguments or [] if a.required]
    values = {name: ("2026-01-01" if "start" in name else "2026-06-30") for name in required}
    result = await client.session.get_prompt("sales_summary", values)
    text = text_of(result)
    assert "aggregate_records" in text and "sale.order" in text, f"{arg_names}: {text}"


async def test_completion_of_model_names(client: Conn) -> None:
    ref = types.ResourceTemplateReference(uri="odoo://{instance}/{model}/fields")
    result = await client.session.complete(ref, {"name": "model", "value": "res.par"}, {"instance": "demo"})
    values = result.completion.values
    assert "res.partner" in values, values
    assert all(v.startswith("res.par") for v in values), values
    assert len(values) <= 100


async def test_completion_of_instance_names(client: Conn) -> None:
    ref = types.ResourceTemplateReference(uri="odoo://{instance}/models")
    result = await client.session.complete(ref, {"name": "instance", "value": "de"})
    assert result.completion.values == ["demo"], json.dumps(result.completion.model_dump())


async def test_completion_of_a_prompt_argument(client: Conn) -> None:
    ref = types.PromptReference(name="explore_model")
    result = await client.session.complete(ref, {"name": "model", "value": "sale."})
    values = result.completion.values
    assert "sale.order" in values and all(v.startswith("sale.") for v in values), values
