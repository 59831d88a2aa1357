"""Hostile HTTP against the built binary, over raw sockets (what an HTTP library will not send):
ambiguous framing and headers a proxy could read differently, oversized MCP headers, two
credentials. Each gets a clean 4xx, nothing behind a refused body is served as a request, and
the server answers normally afterwards. (The `it` tests `hostile_http` cover the rest.)"""

from __future__ import annotations

import socket
from pathlib import Path
from collections.abc import Iterator

import pytest

from servers import STARTED, ServerProcess, start_serve_http
from test_http import INITIALIZE, post

TOKEN = "e2e-hostile-token-0123456789abcdef"


def exchange(port: int, head: str, body: bytes = b"") -> tuple[int, str]:
    """Sends one raw request; returns the status (0: closed without an answer) and all that came back."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(head.encode("latin-1") + b"\r\n\r\n" + body)
        chunks = []
        try:
            while data := conn.recv(65536):
                chunks.append(data)
        except (ConnectionResetError, TimeoutError):
            pass
    text = b"".join(chunks).decode("latin-1")
    parts = text.split(" ", 2)
    status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
    return status, text


def head(port: int, *lines: str) -> str:
    return "\r\n".join(
        [
            "POST /mcp HTTP/1.1",
            f"Host: 127.0.0.1:{port}",
            "Content-Type: application/json",
            "Accept: application/json, text/event-stream",
            *lines,
        ]
    )


SMUGGLED = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


LENGTH = f"Content-Length: {len(INITIALIZE)}"


@pytest.mark.parametrize(
    "lines",
    [
        pytest.param(["Host: evil.example", LENGTH], id="two-hosts"),
        pytest.param(["Transfer-Encoding: chunked", "Transfer-Encoding: chunked"], id="chunked-twice"),
        pytest.param(["Transfer-Encoding: gzip, chunked"], id="gzip-chunked"),
        pytest.param([LENGTH, "Content-Length: 5"], id="two-lengths"),
        # Well framed: what follows the body would be a legitimate pipelined request, so the
        # client closes instead.
        pytest.param([LENGTH, "Connection: close", "MCP-Protocol-Version: " + "9" * 5000], id="huge-version"),
        pytest.param([LENGTH, "Connection: close", "Mcp-Session-Id: a", "Mcp-Session-Id: b"], id="two-sessions"),
    ],
)
def test_ambiguous_requests_get_a_clean_4xx_and_nothing_behind_them_is_served(
    demo_http: ServerProcess, lines: list[str]
) -> None:
    chunked = any(line.startswith("Transfer-Encoding") for line in lines)
    body = b"%x\r\n%s\r\n0\r\n\r\n" % (len(INITIALIZE), INITIALIZE) if chunked else INITIALIZE
    status, text = exchange(demo_http.port, head(demo_http.port, *lines), body + SMUGGLED)
    assert 400 <= status < 500, text[:500]
    assert "9999999999" not in text, "the header is echoed"
    assert text.count("HTTP/1.1 ") == 1, f"the request behind the body was served:\n{text[:800]}"
    assert post(demo_http, INITIALIZE) == 200, "the server stopped answering"


def test_length_and_chunked_together_close_the_connection_after_one_answer(demo_http: ServerProcess) -> None:
    """hyper drops the Content-Length, reads the chunked body and closes: the smuggled request is never read."""
    body = b"%x\r\n%s\r\n0\r\n\r\n" % (len(INITIALIZE), INITIALIZE)
    lines = ["Content-Length: 4", "Transfer-Encoding: chunked"]
    status, text = exchange(demo_http.port, head(demo_http.port, *lines), body + SMUGGLED)
    assert status != 0, "no answer at all"
    assert "connection: close" in text.lower(), text[:500]
    assert text.count("HTTP/1.1 ") == 1, f"the smuggled request was served:\n{text[:800]}"
    assert post(demo_http, INITIALIZE) == 200


@pytest.fixture(scope="module")
def token_http(config_file: Path) -> Iterator[ServerProcess]:
    server = start_serve_http("--config", str(config_file), env={"MCP_AUTH_TOKEN": TOKEN})
    STARTED.append(server)
    yield server
    server.stop()


@pytest.mark.parametrize("order", ["right-first", "right-last"])
def test_two_authorization_headers_are_refused_whatever_their_order(token_http: ServerProcess, order: str) -> None:
    right, wrong = f"Authorization: Bearer {TOKEN}", "Authorization: Bearer not-the-token-0123456789"
    pair = [right, wrong] if order == "right-first" else [wrong, right]
    lines = [f"Content-Length: {len(INITIALIZE)}", "Connection: close", *pair]
    status, text = exchange(token_http.port, head(token_http.port, *lines), INITIALIZE)
    assert status == 401, text[:500]
    assert "www-authenticate: bearer" in text.lower(), text[:500]
    assert TOKEN not in text
    assert post(token_http, INITIALIZE, {"Authorization": f"Bearer {TOKEN}"}) == 200
