"""Starting and stopping the built binaries (`odoo-mcp`, `odoo-sim`) as child processes for the e2e tests.

Every process writes its stdout and stderr to files so a test can inspect them afterwards (no secret in
the logs, nothing but protocol on stdout) and so a failure report can show what the server said.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

#: The simulator's admin API key: it must never show up in a tool result or in a server log.
SIM_ADMIN_API_KEY = "sim-admin-api-key"
SIM_READER_API_KEY = "sim-reader-api-key"
SIM_DATABASE = "demo"


def odoo_mcp_bin() -> str:
    """Path of the built `odoo-mcp` binary (env ODOO_MCP_BIN, default target/debug/odoo-mcp)."""
    return os.environ.get("ODOO_MCP_BIN", str(REPO / "target" / "debug" / "odoo-mcp"))


def odoo_sim_bin() -> str:
    """Path of the built `odoo-sim` binary (env ODOO_SIM_BIN, default next to odoo-mcp)."""
    default = Path(odoo_mcp_bin()).with_name("odoo-sim")
    return os.environ.get("ODOO_SIM_BIN", str(default))


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def base_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """A minimal environment for a child: no Odoo settings leak in from the developer's shell."""
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
    env.setdefault("HOME", tempfile.gettempdir())
    # An empty XDG config dir so a developer's ~/.config/odoo-mcp/config.toml is never picked up.
    env["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="odoo-mcp-e2e-xdg-")
    env["RUST_BACKTRACE"] = "1"
    # Tools declare their outputSchema, so that the SDK validates every structuredContent.
    env["ODOO_MCP_OUTPUT_SCHEMAS"] = "true"
    if extra:
        env.update(extra)
    return env


def http_status(url: str, timeout: float = 2.0) -> int | None:
    """The HTTP status of GET url, or None when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status
    except urllib.error.HTTPError as e:
        return e.code
    except (urllib.error.URLError, OSError):
        return None


@dataclass
class ServerProcess:
    """A running child process whose stdout/stderr go to files."""

    name: str
    args: list[str]
    proc: subprocess.Popen[bytes]
    stdout_path: Path
    stderr_path: Path
    port: int | None = None
    _files: list = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def mcp_url(self) -> str:
        return f"{self.base_url}/mcp"

    def stderr_text(self) -> str:
        return self.stderr_path.read_text(errors="replace")

    def stdout_text(self) -> str:
        return self.stdout_path.read_text(errors="replace")

    def describe(self) -> str:
        """What the process printed, for failure messages."""
        rc = self.proc.poll()
        return (
            f"{self.name} ({' '.join(self.args)}), exit code {rc}\n"
            f"--- stderr (last 4000 chars) ---\n{self.stderr_text()[-4000:]}\n"
            f"--- stdout (last 2000 chars) ---\n{self.stdout_text()[-2000:]}"
        )

    def wait_http(self, path: str, *, want_status: int = 200, timeout: float = 30.0) -> None:
        """Wait until GET path answers want_status; fail with the server's output otherwise."""
        deadline = time.monotonic() + timeout
        last: int | None = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited before answering {path}:\n{self.describe()}")
            last = http_status(self.base_url + path)
            if last == want_status:
                return
            time.sleep(0.1)
        raise RuntimeError(f"GET {path} never answered {want_status} (last: {last}):\n{self.describe()}")

    def stop(self) -> None:
        """Ctrl-C first (graceful shutdown), then SIGKILL if it lingers."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        for f in self._files:
            f.close()


def start_process(name: str, args: list[str], env: dict[str, str], port: int | None = None) -> ServerProcess:
    """Start args with stdout/stderr captured to temporary files."""
    workdir = Path(tempfile.mkdtemp(prefix=f"odoo-mcp-e2e-{name}-"))
    out_path, err_path = workdir / "stdout.log", workdir / "stderr.log"
    out, err = out_path.open("wb"), err_path.open("wb")
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env)
    return ServerProcess(name, args, proc, out_path, err_path, port, [out, err])


def start_demo_http(*extra_args: str, env: dict[str, str] | None = None) -> ServerProcess:
    """`odoo-mcp demo --transport http --listen 127.0.0.1:<free port>`, waited for via /healthz."""
    port = free_port()
    args = [odoo_mcp_bin(), "demo", "--transport", "http", "--listen", f"127.0.0.1:{port}", *extra_args]
    server = start_process("demo-http", args, base_env(env), port)
    try:
        server.wait_http("/healthz")
    except BaseException:
        server.stop()
        raise
    return server


def start_serve_http(*extra_args: str, env: dict[str, str] | None = None) -> ServerProcess:
    """`odoo-mcp serve --transport http --listen 127.0.0.1:<free port> …`, waited for via /healthz."""
    port = free_port()
    args = [odoo_mcp_bin(), "serve", "--transport", "http", "--listen", f"127.0.0.1:{port}", *extra_args]
    server = start_process("serve-http", args, base_env(env), port)
    try:
        server.wait_http("/healthz")
    except BaseException:
        server.stop()
        raise
    return server


def start_sim() -> ServerProcess:
    """`odoo-sim --listen 127.0.0.1:<free port> --odoo-version 19`, waited for via GET /web/version."""
    port = free_port()
    args = [odoo_sim_bin(), "--listen", f"127.0.0.1:{port}", "--odoo-version", "19"]
    server = start_process("odoo-sim", args, base_env(), port)
    try:
        server.wait_http("/web/version")
    except BaseException:
        server.stop()
        raise
    return server


#: Every HTTP server the tests start; test_zz_logs.py checks their logs for secrets at the end of the run.
STARTED: list[ServerProcess] = []


class StderrLogs:
    """Files that captured the stderr of every stdio server spawned by the tests (checked for secrets)."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="odoo-mcp-e2e-stdio-"))
        self.paths: list[Path] = []

    def new(self, label: str) -> Path:
        path = self.dir / f"{len(self.paths):03d}-{label}.stderr.log"
        self.paths.append(path)
        return path
