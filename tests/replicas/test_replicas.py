"""Two stateless `odoo-mcp serve --transport http` replicas behind a real nginx (round robin), one
odoo-sim, the official MCP Python SDK as the client, in both protocol eras. Mid-conversation one
replica is stopped (SIGTERM) and restarted: no call may fail. Also: `odoo-mcp healthcheck`.

Both replicas require the same bearer token (MCP_AUTH_TOKEN), allow writes and ask for a
confirmation of every write (ODOO_CONFIRM_WRITES=always) with tokens signed by a shared secret
(ODOO_MCP_CONFIRMATION_SECRET_FILE): a token one replica issues is honoured by the other (each
replica reached on its own port, so the two calls land on different replicas for certain), and
one from a replica with another secret is refused.

Run by tests/replicas/run.sh (from .ci/run): needs the debug binaries, the e2e venv and nginx.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import urllib.error
import urllib.request

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))

from clients import ERAS, connect_http, structured, text_of  # noqa: E402
from servers import (  # noqa: E402
    SIM_ADMIN_API_KEY,
    SIM_DATABASE,
    ServerProcess,
    base_env,
    free_port,
    odoo_mcp_bin,
    start_process,
    start_sim,
)

NGINX_CONF = """
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    upstream odoo_mcp {{
        server 127.0.0.1:{a} max_fails=0;
        server 127.0.0.1:{b} max_fails=0;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://odoo_mcp;
            proxy_http_version 1.1;
            proxy_set_header Host $host;
            proxy_set_header Connection "";
            proxy_buffering off;
            # A stopped replica refuses the connection before the request is sent: nginx tries
            # the other one (a request already sent is never re-sent, POST is not idempotent).
            proxy_next_upstream error;
        }}
    }}
}}
"""


TOKEN = "replicas-bearer-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def start_replica(port: int, sim: ServerProcess, secret_file: Path) -> ServerProcess:
    env = base_env(
        {
            "ODOO_URL": sim.base_url,
            "ODOO_DB": SIM_DATABASE,
            "ODOO_API_KEY": SIM_ADMIN_API_KEY,
            "ODOO_READ_ONLY": "false",
            "ODOO_CONFIRM_WRITES": "always",
            "MCP_AUTH_TOKEN": TOKEN,
            "ODOO_MCP_CONFIRMATION_SECRET_FILE": str(secret_file),
        }
    )
    args = [odoo_mcp_bin(), "serve", "--transport", "http", "--stateless", "--listen", f"127.0.0.1:{port}"]
    server = start_process(f"replica-{port}", args, env, port)
    server.wait_http("/healthz")
    return server


def write_secret(directory: Path, name: str) -> Path:
    path = directory / name
    path.write_text(os.urandom(32).hex())
    return path


@pytest.fixture(scope="module")
def cluster():
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    sim = start_sim()
    tmp = tempfile.mkdtemp(prefix="odoo-mcp-nginx-")
    secret = write_secret(Path(tmp), "confirmation-secret")
    ports = [free_port(), free_port()]
    replicas = [start_replica(p, sim, secret) for p in ports]
    port = free_port()
    conf = Path(tmp) / "nginx.conf"
    conf.write_text(NGINX_CONF.format(tmp=tmp, a=ports[0], b=ports[1], port=port))
    proxy = subprocess.Popen([nginx, "-p", tmp, "-c", str(conf)], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 15
    while subprocess.run(
        [odoo_mcp_bin(), "healthcheck", "--url", f"http://127.0.0.1:{port}/healthz"],
        capture_output=True,
    ).returncode != 0:
        assert time.monotonic() < deadline, (Path(tmp) / "error.log").read_text()
        time.sleep(0.2)
    state = {
        "sim": sim,
        "ports": ports,
        "replicas": replicas,
        "secret": secret,
        "tmp": Path(tmp),
        "url": f"http://127.0.0.1:{port}/mcp",
    }
    yield state
    proxy.terminate()
    proxy.wait(10)
    for r in state["replicas"]:
        r.stop()
    sim.stop()
    shutil.rmtree(tmp, ignore_errors=True)


@pytest.mark.parametrize("era", ERAS)
async def test_a_replica_restart_mid_conversation_fails_no_call(cluster, era):
    async with connect_http(cluster["url"], era, AUTH) as conn:
        await conn.session.list_tools()
        for _ in range(4):
            await conn.ok("count_records", {"model": "res.partner"})
        # Stop replica 0 (SIGTERM: it drains and exits) while the conversation goes on.
        cluster["replicas"][0].stop()
        for _ in range(4):
            await conn.ok("count_records", {"model": "res.partner"})
        cluster["replicas"][0] = start_replica(cluster["ports"][0], cluster["sim"], cluster["secret"])
        for _ in range(4):
            await conn.ok("search_records", {"model": "res.partner", "limit": 2})


def test_healthcheck_exit_codes(cluster):
    ok = subprocess.run(
        [odoo_mcp_bin(), "healthcheck", "--url", cluster["url"].replace("/mcp", "/healthz")],
        capture_output=True,
    )
    assert ok.returncode == 0, ok.stderr
    down = subprocess.run(
        [odoo_mcp_bin(), "healthcheck", "--url", f"http://127.0.0.1:{free_port()}/healthz"],
        capture_output=True,
        text=True,
    )
    assert down.returncode == 1
    assert "unhealthy" in down.stderr


def replica_url(port: int) -> str:
    return f"http://127.0.0.1:{port}/mcp"


async def partners_named(conn, name: str) -> int:
    result = await conn.ok("count_records", {"model": "res.partner", "domain": [["name", "=", name]]})
    return structured(result)["count"]


async def ask_for_a_token(port: int, era: str, name: str) -> str:
    """create_records on the replica at `port`: it must ask for a confirmation and write nothing."""
    async with connect_http(replica_url(port), era, AUTH) as conn:
        first = await conn.call("create_records", {"model": "res.partner", "records": [{"name": name}]})
        assert first.is_error and "Confirmation needed" in text_of(first), text_of(first)
        assert await partners_named(conn, name) == 0, "written before the confirmation"
        return structured(first)["confirmation"]["token"]


def test_the_proxy_and_each_replica_require_the_token(cluster):
    for url in [cluster["url"], *(replica_url(p) for p in cluster["ports"])]:
        req = urllib.request.Request(url, data=b"{}", method="POST", headers={"Content-Type": "application/json"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(req, timeout=10)
        assert refused.value.code == 401, url


@pytest.mark.parametrize("era", ERAS)
async def test_a_confirmation_token_from_one_replica_is_honoured_by_the_other(cluster, era):
    name = f"Replica token {era} {os.urandom(4).hex()}"
    a, b = cluster["ports"]
    token = await ask_for_a_token(a, era, name)
    async with connect_http(replica_url(b), era, AUTH) as conn:
        await conn.ok("create_records", {"model": "res.partner", "records": [{"name": name}], "confirm": token})
        assert await partners_named(conn, name) == 1, "the confirmed write happened exactly once"
    async with connect_http(replica_url(a), era, AUTH) as conn:
        assert await partners_named(conn, name) == 1


@pytest.mark.parametrize("era", ERAS)
async def test_a_token_from_a_replica_with_another_secret_is_refused(cluster, era):
    name = f"Foreign token {era} {os.urandom(4).hex()}"
    other_port = free_port()
    other = start_replica(other_port, cluster["sim"], write_secret(cluster["tmp"], f"other-{era}"))
    try:
        token = await ask_for_a_token(other_port, era, name)
    finally:
        other.stop()
    async with connect_http(replica_url(cluster["ports"][1]), era, AUTH) as conn:
        refused = await conn.call(
            "create_records", {"model": "res.partner", "records": [{"name": name}], "confirm": token}
        )
        assert refused.is_error, text_of(refused)
        assert "different operation" in text_of(refused), text_of(refused)
        assert await partners_named(conn, name) == 0, "a refused token wrote nothing"
