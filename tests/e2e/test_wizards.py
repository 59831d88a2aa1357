"""`run_wizard` through the official Python SDK client, on the demo instance (`confirm_writes =
"destructive"`, so every wizard run waits for a person): the whole invoicing flow of an order with the
person answering through elicitation (2025-11-25 era), and an opportunity marked lost with the
confirmation token (2026-07-28 era, a client that cannot ask)."""

from __future__ import annotations

from typing import Any

import mcp.types as types

from clients import connect_stdio, structured, text_of
from results import records_of
from servers import base_env, odoo_mcp_bin


def approving(asked: list[str]) -> Any:
    async def answer(context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
        asked.append(getattr(params, "message", ""))
        return types.ElicitResult(action="accept", content={"approve": True})

    return answer


async def _first_id(conn: Any, model: str, domain: list[Any]) -> int:
    found = records_of(await conn.ok("search_records", {"model": model, "domain": domain, "fields": ["id"], "limit": 1}))
    assert found, f"no {model} matches {domain}"
    return found[0]["id"]


async def _field(conn: Any, model: str, rid: int, name: str) -> Any:
    read = records_of(await conn.ok("read_records", {"model": model, "ids": [rid], "fields": [name]}))
    return read[0][name]


async def test_invoice_and_pay_an_order_with_elicitation(tmp_path: Any) -> None:
    asked: list[str] = []
    with (tmp_path / "stderr.log").open("w") as errlog:
        async with connect_stdio(
            odoo_mcp_bin(), ["demo"], base_env(), "initialize", errlog, elicitation_callback=approving(asked)
        ) as conn:
            product = await _first_id(conn, "product.product", [["invoice_policy", "=", "order"]])
            partner = await _first_id(conn, "res.partner", [["customer_rank", ">", 0]])
            line = {"product_id": product, "product_uom_qty": 2, "price_unit": 30.0, "tax_ids": [[6, 0, []]]}
            created = structured(
                await conn.ok(
                    "create_records",
                    {"model": "sale.order", "records": [{"partner_id": partner, "order_line": [[0, 0, line]]}]},
                )
            )
            order = created["ids"][0]
            await conn.ok("call_method", {"model": "sale.order", "method": "action_confirm", "ids": [order]})
            invoiced = await conn.ok(
                "run_wizard",
                {"wizard": "sale.advance.payment.inv", "action": "create_invoices", "active_ids": [order]},
            )
            assert any("Run wizard sale.advance.payment.inv.create_invoices" in a for a in asked), asked
            opened = structured(invoiced)["opened"]
            assert opened["model"] == "account.move", text_of(invoiced)
            invoice = opened["records"][0]["id"]
            assert await _field(conn, "account.move", invoice, "state") == "draft"
            await conn.ok("call_method", {"model": "account.move", "method": "action_post", "ids": [invoice]})
            paid = await conn.ok(
                "run_wizard",
                {"wizard": "account.payment.register", "action": "action_create_payments", "active_ids": [invoice]},
            )
            assert structured(paid)["opened"]["model"] == "account.payment", text_of(paid)
            assert await _field(conn, "account.move", invoice, "payment_state") == "paid"


async def test_mark_lost_with_the_confirmation_token(tmp_path: Any) -> None:
    with (tmp_path / "stderr.log").open("w") as errlog:
        async with connect_stdio(odoo_mcp_bin(), ["demo"], base_env(), "discover", errlog) as conn:
            lead = await _first_id(conn, "crm.lead", [["type", "=", "opportunity"], ["probability", ">", 0]])
            args = {
                "wizard": "crm.lead.lost",
                "action": "action_lost_reason_apply",
                "active_ids": [lead],
                "values": {"lost_reason_id": 1},
            }
            first = await conn.call("run_wizard", args)
            assert first.is_error and "Confirmation needed" in text_of(first), text_of(first)
            assert f"(#{lead})" in text_of(first) and "lost_reason_id = 1" in text_of(first), text_of(first)
            token = structured(first)["confirmation"]["token"]
            assert await _field(conn, "crm.lead", lead, "active") is True, "written before confirmation"
            altered = await conn.call("run_wizard", {**args, "values": {"lost_reason_id": 2}, "confirm": token})
            assert altered.is_error and "different operation" in text_of(altered), text_of(altered)
            done = await conn.ok("run_wizard", {**args, "confirm": token})
            assert structured(done)["result"] is True, text_of(done)
            assert await _field(conn, "crm.lead", lead, "active") is False
            assert (await _field(conn, "crm.lead", lead, "lost_reason_id"))[0] == 1
