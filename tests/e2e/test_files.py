"""Files through the official SDK: an attachment and an export come back as resource links, and
reading the linked resource gives the blob with its MIME type (never base64 inline in a tool result)."""

from __future__ import annotations

import base64
import csv
import io
import json

import mcp.types as types

from clients import Conn
from results import records_of


def link_of(result: types.CallToolResult) -> types.ResourceLink:
    links = [c for c in result.content if isinstance(c, types.ResourceLink)]
    assert len(links) == 1, f"expected one resource_link, got {result.content}"
    assert len(json.dumps(result.model_dump(mode="json"))) < 4000, "no inline content"
    return links[0]


async def read_blob(client: Conn, uri: str) -> tuple[bytes, str | None]:
    result = await client.session.read_resource(uri)
    content = result.contents[0]
    assert isinstance(content, types.BlobResourceContents), content
    return base64.b64decode(content.blob), getattr(content, "mime_type", None) or getattr(content, "mimeType", None)


async def test_an_attachment_is_a_link_to_its_blob(client: Conn) -> None:
    listed = await client.ok("list_attachments", {"model": "res.partner", "id": 9})
    files = listed.structured_content["attachments"]
    contract = next(f for f in files if f["name"] == "Acme contract.pdf")
    link = link_of(await client.ok("get_attachment", {"id": contract["id"]}))
    assert str(link.uri) == f"odoo://demo/attachment/{contract['id']}", link
    data, mime = await read_blob(client, str(link.uri))
    assert mime == "application/pdf" and data.startswith(b"%PDF-"), (mime, data[:10])
    assert len(data) == contract["size"]


async def test_an_export_is_a_link_to_a_csv_of_every_record(client: Conn) -> None:
    counted = await client.ok("count_records", {"model": "res.partner", "domain": [["is_company", "=", True]]})
    total = counted.structured_content["count"]
    result = await client.ok(
        "export_records",
        {"model": "res.partner", "domain": [["is_company", "=", True]], "fields": ["name", "email"]},
    )
    data, mime = await read_blob(client, str(link_of(result).uri))
    assert mime == "text/csv", mime
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert rows[0] == ["id", "name", "email"], rows[0]
    assert len(rows) == total + 1, (len(rows), total)


async def test_a_report_is_a_link_to_its_pdf(client: Conn) -> None:
    found = await client.ok("search_records", {"model": "sale.order", "fields": ["name"], "order": "id", "limit": 1})
    order = records_of(found)[0]
    result = await client.ok("get_report", {"model": "sale.order", "ids": [order["id"]]})
    link = link_of(result)
    assert str(link.uri) == f"odoo://demo/report/sale.report_saleorder/{order['id']}", link
    data, mime = await read_blob(client, str(link.uri))
    assert mime == "application/pdf", mime
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), data[:20]
    assert order["name"].encode() in data
