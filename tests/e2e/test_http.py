"""The Streamable HTTP endpoint as a browser or a proxy meets it: DNS-rebinding and cross-origin requests
are refused, bodies are bounded, /readyz tells whether Odoo is reachable."""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request

from servers import ServerProcess

INITIALIZE = json.dumps(
    {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {
            "protocolVersion": "2025-11-25",
            "capabilities": {},
            "clientInfo": {"name": "odoo-mcp-e2e", "version": "0"},
        },
    }
).encode()


def post(server: ServerProcess, body: bytes, headers: dict[str, str] | None = None) -> int:
    req = urllib.request.Request(
        server.mcp_url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "Accept": "application/json, text/event-stream", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            resp.read()
            return resp.status
    except urllib.error.HTTPError as e:
        return e.code


def test_local_origin_is_accepted(demo_http: ServerProcess) -> None:
    assert post(demo_http, INITIALIZE) == 200
    assert post(demo_http, INITIALIZE, {"Origin": "http://localhost:6274"}) == 200


def test_foreign_origin_is_refused(demo_http: ServerProcess) -> None:
    status = post(demo_http, INITIALIZE, {"Origin": "https://evil.example"})
    assert status == 403, f"a web page on another origin could drive the server (HTTP {status})"


def test_foreign_host_is_refused(demo_http: ServerProcess) -> None:
    status = post(demo_http, INITIALIZE, {"Host": "evil.example"})
    assert status == 403, f"DNS rebinding: Host evil.example answered HTTP {status}"


def test_huge_body_is_refused(demo_http: ServerProcess) -> None:
    """A 6 MiB body: 413, or the connection closed before the server read it all (an early refusal)."""
    size, chunk = 6 * 1024 * 1024, b" " * 65536
    conn = http.client.HTTPConnection("127.0.0.1", demo_http.port, timeout=10)
    sent = 0
    try:
        conn.putrequest("POST", "/mcp")
        conn.putheader("Content-Type", "application/json")
        conn.putheader("Accept", "application/json, text/event-stream")
        conn.putheader("Content-Length", str(size))
        conn.endheaders()
        while sent < size:
            conn.send(chunk)
            sent += len(chunk)
        status = conn.getresponse().status
    except (BrokenPipeError, ConnectionResetError):
        assert sent < size, "the connection was reset only after the whole body was accepted"
        return
    finally:
        conn.close()
    assert status == 413, f"a 6 MiB body answered HTTP {status}"


def test_readyz_reports_the_demo_instance(demo_http: ServerProcess) -> None:
    with urllib.request.urlopen(demo_http.base_url + "/readyz", timeout=5) as resp:
        assert resp.status == 200
        body = json.loads(resp.read())
    assert body["instances"]["demo"]["reachable"] is True, body
