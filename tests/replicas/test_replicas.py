"""Two stateless `odoo-mcp serve --transport http` replicas behind a real nginx (round robin), one
odoo-sim, the official MCP Python SDK as the client, in both protocol eras. Mid-conversation one
replica is stopped (SIGTERM) and restarted: no call may fail. Also: `odoo-mcp healthcheck`.

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

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))

from clients import ERAS, connect_http  # noqa: E402
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


def start_replica(port: int, sim: ServerProcess) -> ServerProcess:
    env = base_env(
        {"ODOO_URL": sim.base_url, "ODOO_DB": SIM_DATABASE, "ODOO_API_KEY": SIM_ADMIN_API_KEY}
    )
    args = [odoo_mcp_bin(), "serve", "--transport", "http", "--stateless", "--listen", f"127.0.0.1:{port}"]
    server = start_process(f"replica-{port}", args, env, port)
    server.wait_http("/healthz")
    return server


@pytest.fixture(scope="module")
def cluster():
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    sim = start_sim()
    ports = [free_port(), free_port()]
    replicas = [start_replica(p, sim) for p in ports]
    tmp = tempfile.mkdtemp(prefix="odoo-mcp-nginx-")
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
    state = {"sim": sim, "ports": ports, "replicas": replicas, "url": f"http://127.0.0.1:{port}/mcp"}
    yield state
    proxy.terminate()
    proxy.wait(10)
    for r in state["replicas"]:
        r.stop()
    sim.stop()


@pytest.mark.parametrize("era", ERAS)
async def test_a_replica_restart_mid_conversation_fails_no_call(cluster, era):
    async with connect_http(cluster["url"], era) as conn:
        await conn.session.list_tools()
        for _ in range(4):
            await conn.ok("count_records", {"model": "res.partner"})
        # Stop replica 0 (SIGTERM: it drains and exits) while the conversation goes on.
        cluster["replicas"][0].stop()
        for _ in range(4):
            await conn.ok("count_records", {"model": "res.partner"})
        cluster["replicas"][0] = start_replica(cluster["ports"][0], cluster["sim"])
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
