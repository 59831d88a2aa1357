"""What models really send, through the official SDK: near-misses are accepted (and the result
still validates against the output schema), other mistakes name the arguments to send."""

from __future__ import annotations

from clients import Conn
from results import total_of


async def test_domain_as_python_string_matches_the_json_domain(client: Conn) -> None:
    canonical = await client.ok("search_records", {"model": "res.partner", "domain": [["is_company", "=", True]]})
    as_text = await client.ok("search_records", {"model": "res.partner", "domain": "[('is_company', '=', True)]"})
    assert total_of(as_text) == total_of(canonical) > 0


async def test_unknown_argument_names_the_right_one(client: Conn) -> None:
    message = await client.err("search_records", {"model": "res.partner", "filters": [["name", "=", "x"]]})
    assert "Did you mean `domain`?" in message, message
    assert "Arguments: instance, model (required), domain" in message, message
