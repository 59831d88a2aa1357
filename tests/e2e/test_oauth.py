"""OAuth 2.1 resource server over HTTP ([server.oauth]): a loopback authorization server
(oauth_issuer.py: RSA key made at start, PyJWT tokens) issues the tokens. Without a token a client
gets 401 pointing at the RFC 9728 metadata, which names the issuer; the official SDK connects with
an issued token and calls tools as its scopes allow; expired and foreign-audience tokens are 401;
and the SDK's own OAuth client (mcp.client.auth) runs the whole flow headlessly — discovery,
registration, PKCE authorization, token, then step-up to the write scope on a 403."""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx2
import pytest
from mcp.client.auth import AuthorizationCodeResult, OAuthClientProvider
from mcp.shared.auth import OAuthClientInformationFull, OAuthClientMetadata, OAuthToken

from clients import connect_http, text_of
from oauth_issuer import Issuer
from servers import STARTED, ServerProcess, base_env, free_port, odoo_mcp_bin, start_process
from test_auth import post

STATIC_TOKEN = "e2e-static-token-0123456789abcdef"


@pytest.fixture(scope="module")
def issuer() -> Iterator[Issuer]:
    issuer = Issuer()
    yield issuer
    issuer.stop()


@pytest.fixture(scope="module")
def oauth_http(config_file: Path, issuer: Issuer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """`odoo-mcp serve --transport http` with [server.oauth] trusting the issuer, and a static token."""
    port = free_port()
    config = tmp_path_factory.mktemp("oauth") / "config.toml"
    config.write_text(
        config_file.read_text()
        + f"""
[server.oauth]
issuer = "{issuer.url}"
audience = "http://127.0.0.1:{port}/mcp"
allow_http_issuer = true
"""
    )
    args = [odoo_mcp_bin(), "serve", "--transport", "http", "--listen", f"127.0.0.1:{port}", "--config", str(config)]
    server = start_process("serve-oauth", args, base_env({"RUST_LOG": "debug", "MCP_AUTH_TOKEN": STATIC_TOKEN}), port)
    STARTED.append(server)
    server.wait_http("/healthz")
    yield server
    server.stop()


def header(headers: dict[str, str], name: str) -> str:
    return next((v for k, v in headers.items() if k.lower() == name.lower()), "")


def test_no_token_is_401_pointing_at_metadata_that_names_the_issuer(oauth_http: ServerProcess, issuer: Issuer) -> None:
    status, headers, body = post(oauth_http.mcp_url)
    assert status == 401, body
    challenge = header(headers, "WWW-Authenticate")
    metadata_url = f"{oauth_http.base_url}/.well-known/oauth-protected-resource/mcp"
    assert f'resource_metadata="{metadata_url}"' in challenge, challenge
    assert 'scope="odoo.read"' in challenge, challenge
    for url in (metadata_url, f"{oauth_http.base_url}/.well-known/oauth-protected-resource"):
        with urllib.request.urlopen(url, timeout=10) as resp:
            doc = json.loads(resp.read())
        assert doc["resource"] == oauth_http.mcp_url, doc
        assert doc["authorization_servers"] == [issuer.url], doc
        assert doc["bearer_methods_supported"] == ["header"], doc
        assert {"odoo.read", "odoo.write"} <= set(doc["scopes_supported"]), doc


@pytest.mark.parametrize("era", ["initialize", "discover"])
async def test_the_sdk_with_an_issued_read_token_reads_and_cannot_write(
    oauth_http: ServerProcess, issuer: Issuer, era: str
) -> None:
    token = issuer.issue(oauth_http.mcp_url, "odoo.read")
    async with connect_http(oauth_http.mcp_url, era, {"Authorization": f"Bearer {token}"}) as conn:
        tools = await conn.session.list_tools()
        assert any(t.name == "search_records" for t in tools.tools)
        assert not any(t.name == "create_records" for t in tools.tools), "write tools offered to a read token"
        result = await conn.ok("count_records", {"model": "res.partner"})
        assert (result.structured_content or {}).get("count", 0) > 0, text_of(result)
        with pytest.raises(Exception) as refused:  # noqa: B017 - the SDK surfaces the 403 as an error
            await conn.session.call_tool("create_records", {"model": "res.partner", "records": [{"name": "No"}]})
        assert "403" in str(refused.value) or "forbidden" in str(refused.value).lower(), refused.value


def test_a_read_token_writing_gets_403_insufficient_scope(oauth_http: ServerProcess, issuer: Issuer) -> None:
    token = issuer.issue(oauth_http.mcp_url, "odoo.read")
    body = json.dumps(
        {"jsonrpc": "2.0", "id": 9, "method": "tools/call",
         "params": {"name": "delete_records", "arguments": {"model": "res.partner", "ids": [1]}}}
    ).encode()
    req = urllib.request.Request(
        oauth_http.mcp_url, data=body, method="POST",
        headers={"Content-Type": "application/json", "Accept": "application/json, text/event-stream",
                 "Authorization": f"Bearer {token}"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(req, timeout=10)
    assert refused.value.code == 403
    challenge = refused.value.headers.get("WWW-Authenticate", "")
    assert 'error="insufficient_scope"' in challenge and 'scope="odoo.read odoo.write"' in challenge, challenge
    error = json.loads(refused.value.read())
    assert error["id"] == 9 and "odoo.write" in error["error"]["message"], error


@pytest.mark.parametrize(
    "what, make",
    [
        ("expired", lambda i, aud: i.issue(aud, "odoo.read", lifetime=-600)),
        ("wrong audience", lambda i, aud: i.issue("https://elsewhere.example.com/mcp", "odoo.read")),
        ("wrong issuer", lambda i, aud: i.issue(aud, "odoo.read", iss="https://evil.example.com")),
        ("not yet valid", lambda i, aud: i.issue(aud, "odoo.read", nbf=int(time.time()) + 3600)),
    ],
)
def test_refused_tokens_get_401_invalid_token(oauth_http: ServerProcess, issuer: Issuer, what: str, make) -> None:  # noqa: ANN001
    token = make(issuer, oauth_http.mcp_url)
    status, headers, body = post(oauth_http.mcp_url, {"Authorization": f"Bearer {token}"})
    assert status == 401, f"{what}: {status} {body}"
    challenge = header(headers, "WWW-Authenticate")
    assert 'error="invalid_token"' in challenge and "resource_metadata=" in challenge, f"{what}: {challenge}"
    assert token not in body
    assert token not in oauth_http.stderr_path.read_text(), f"{what}: the token reached the log"


async def test_the_static_token_still_works(oauth_http: ServerProcess) -> None:
    async with connect_http(oauth_http.mcp_url, "initialize", {"Authorization": f"Bearer {STATIC_TOKEN}"}) as conn:
        await conn.ok("count_records", {"model": "res.partner"})


class MemoryStorage:
    """The SDK's TokenStorage, in memory."""

    def __init__(self) -> None:
        self.tokens: OAuthToken | None = None
        self.client: OAuthClientInformationFull | None = None

    async def get_tokens(self) -> OAuthToken | None:
        return self.tokens

    async def set_tokens(self, tokens: OAuthToken) -> None:
        self.tokens = tokens

    async def get_client_info(self) -> OAuthClientInformationFull | None:
        return self.client

    async def set_client_info(self, client_info: OAuthClientInformationFull) -> None:
        self.client = client_info


class HeadlessBrowser:
    """Stands in for the person: opens the authorization URL and reads the redirect."""

    def __init__(self) -> None:
        self.location = ""

    async def open(self, url: str) -> None:
        async with httpx2.AsyncClient(follow_redirects=False) as http:
            response = await http.get(url)
        assert response.status_code == 302, response.text
        self.location = response.headers["location"]

    async def callback(self) -> AuthorizationCodeResult:
        query = parse_qs(urlsplit(self.location).query)
        return AuthorizationCodeResult(code=query["code"][0], state=query["state"][0], iss=query["iss"][0])


async def test_the_sdk_oauth_client_runs_the_whole_flow_and_steps_up(oauth_http: ServerProcess, issuer: Issuer) -> None:
    browser = HeadlessBrowser()
    storage = MemoryStorage()
    provider = OAuthClientProvider(
        server_url=oauth_http.mcp_url,
        client_metadata=OAuthClientMetadata(
            client_name="odoo-mcp e2e",
            redirect_uris=["http://127.0.0.1:9/callback"],
            grant_types=["authorization_code"],
            response_types=["code"],
            token_endpoint_auth_method="none",
        ),
        storage=storage,
        redirect_handler=browser.open,
        callback_handler=browser.callback,
    )
    before = len(issuer.authorizations)
    async with connect_http(oauth_http.mcp_url, "initialize", auth=provider) as conn:
        await conn.ok("count_records", {"model": "res.partner"})
        first = issuer.authorizations[before]
        # The client asked for the scope of the 401 challenge, for this resource (RFC 8707).
        assert first["scope"].split() == ["odoo.read"], first
        assert first["resource"] == oauth_http.mcp_url, first
        # A write with the read token: 403 insufficient_scope, the SDK re-authorizes with both scopes.
        await conn.confirmed("create_records", {"model": "res.partner", "records": [{"name": "OAuth step-up"}]})
        second = issuer.authorizations[-1]
        assert len(issuer.authorizations) == before + 2, issuer.authorizations
        assert set(second["scope"].split()) == {"odoo.read", "odoo.write"}, second
    assert storage.tokens is not None and "odoo.write" in (storage.tokens.scope or "")
