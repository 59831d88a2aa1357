"""A small OAuth 2.1 authorization server on loopback, for the OAuth end-to-end tests: an RSA key
generated at start (cryptography), RS256 access tokens (PyJWT), RFC 8414 metadata, a JWKS,
dynamic client registration, an authorization endpoint that approves at once (no person), and a
token endpoint that checks PKCE (S256) and puts the RFC 8707 `resource` in `aud`.

It also issues tokens directly (`issue`), for tests that craft expired or foreign tokens."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

KID = "e2e-rsa-1"


class Issuer:
    """The authorization server; `url` is its issuer identifier."""

    def __init__(self) -> None:
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self._key.public_key(), as_dict=True)
        jwk.update({"kid": KID, "alg": "RS256", "use": "sig"})
        self.jwks = {"keys": [jwk]}
        self._codes: dict[str, dict[str, Any]] = {}
        self.authorizations: list[dict[str, str]] = []
        self.jwks_fetches = 0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def metadata(self) -> dict[str, Any]:
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "registration_endpoint": f"{self.url}/register",
            "jwks_uri": f"{self.url}/jwks",
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["none"],
            "scopes_supported": ["odoo.read", "odoo.write"],
            "authorization_response_iss_parameter_supported": True,
        }

    def issue(self, audience: str, scope: str, *, lifetime: int = 300, **overrides: Any) -> str:
        """An RS256 access token for `audience` with `scope` (claims in `overrides` win)."""
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.url,
            "aud": audience,
            "sub": "e2e-user",
            "client_id": "e2e-client",
            "iat": now,
            "exp": now + lifetime,
            "scope": scope,
            **overrides,
        }
        return jwt.encode(claims, self._key, algorithm="RS256", headers={"kid": KID, "typ": "at+jwt"})

    # --- endpoints -------------------------------------------------------------------------

    def authorize(self, query: dict[str, str]) -> str:
        """Approves at once: the redirect URL with a one-time code."""
        assert query.get("response_type") == "code", query
        assert query.get("code_challenge_method") == "S256", query
        code = secrets.token_urlsafe(24)
        self._codes[code] = query
        self.authorizations.append(query)
        sep = "&" if "?" in query["redirect_uri"] else "?"
        return f"{query['redirect_uri']}{sep}{urlencode({'code': code, 'state': query.get('state', ''), 'iss': self.url})}"

    def token(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        grant = self._codes.pop(form.get("code", ""), None)
        if grant is None or form.get("grant_type") != "authorization_code":
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if challenge != grant["code_challenge"] or form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE or redirect_uri mismatch"}
        resource = form.get("resource") or grant.get("resource")
        if not resource:
            return 400, {"error": "invalid_target", "error_description": "resource (RFC 8707) required"}
        scope = grant.get("scope", "")
        token = self.issue(resource, scope, client_id=grant["client_id"])
        return 200, {"access_token": token, "token_type": "Bearer", "expires_in": 300, "scope": scope}


def _handler(issuer: Issuer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
            pass

        def _json(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _body(self) -> bytes:
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            url = urlsplit(self.path)
            if url.path in ("/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"):
                self._json(200, issuer.metadata())
            elif url.path == "/jwks":
                issuer.jwks_fetches += 1
                self._json(200, issuer.jwks)
            elif url.path == "/authorize":
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                self.send_response(302)
                self.send_header("Location", issuer.authorize(query))
                self.send_header("Content-Length", "0")
                self.end_headers()
            else:
                self._json(404, {"error": "not_found"})

        def do_POST(self) -> None:  # noqa: N802
            url = urlsplit(self.path)
            if url.path == "/register":
                meta = json.loads(self._body() or b"{}")
                self._json(
                    201,
                    {
                        **meta,
                        "client_id": f"client-{secrets.token_hex(4)}",
                        "client_id_issued_at": int(time.time()),
                        "token_endpoint_auth_method": "none",
                    },
                )
            elif url.path == "/token":
                form = {k: v[0] for k, v in parse_qs(self._body().decode()).items()}
                self._json(*issuer.token(form))
            else:
                self._json(404, {"error": "not_found"})

    return Handler
