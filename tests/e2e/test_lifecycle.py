"""Process behaviour a user notices: stdio carries only the protocol, the server exits by itself when its
client closes stdin, and no API key shows up in any output or log."""

from __future__ import annotations

import json
import subprocess
import tempfile
import time
from pathlib import Path

from clients import Conn, assert_no_secret, text_of
from servers import base_env, odoo_mcp_bin

INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-11-25",
        "capabilities": {},
        "clientInfo": {"name": "odoo-mcp-e2e", "version": "0"},
    },
}
INITIALIZED = {"jsonrpc": "2.0", "method": "notifications/initialized"}
LIST_TOOLS = {"jsonrpc": "2.0", "id": 2, "method": "tools/list"}


def _run_stdio_and_close(requests: list[dict], wait_for_ids: set[int]) -> tuple[subprocess.Popen[bytes], list, str]:
    """Start `odoo-mcp demo` on stdio, send requests, read answers to wait_for_ids, close stdin."""
    err_path = Path(tempfile.mkdtemp(prefix="odoo-mcp-e2e-lifecycle-")) / "stderr.log"
    with err_path.open("wb") as err:
        proc = subprocess.Popen(
            [odoo_mcp_bin(), "demo"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, env=base_env()
        )
        assert proc.stdin is not None and proc.stdout is not None
        if not requests:
            # Start-up (the simulator inside `demo`) is not what is measured: wait until the
            # server says it waits for a client, then close its stdin.
            deadline = time.monotonic() + 30
            while "waiting for an MCP client" not in err_path.read_text(errors="replace"):
                assert proc.poll() is None, f"exited before serving; stderr:\n{err_path.read_text()[-3000:]}"
                assert time.monotonic() < deadline, "no start-up banner within 30 s"
                time.sleep(0.02)
        for req in requests:
            proc.stdin.write((json.dumps(req) + "\n").encode())
        proc.stdin.flush()
        lines, pending = [], set(wait_for_ids)
        while pending:
            line = proc.stdout.readline()
            assert line, f"stdout closed before answers to {pending}; stderr:\n{err_path.read_text()}"
            lines.append(line.decode())
            msg = json.loads(line)
            pending.discard(msg.get("id"))
        proc.stdin.close()
        try:
            proc.wait(timeout=2.0)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise AssertionError(
                "`odoo-mcp demo` did not exit within 2 s after its stdin closed (the Python SDK waits 2 s, "
                f"then SIGTERMs: every client would see a slow shutdown); stderr:\n{err_path.read_text()[-3000:]}"
            ) from None
        lines.extend(x.decode() for x in proc.stdout.readlines())
    return proc, lines, err_path.read_text(errors="replace")


def test_stdio_exits_when_stdin_closes_and_stdout_is_only_protocol() -> None:
    proc, lines, stderr = _run_stdio_and_close([INITIALIZE, INITIALIZED, LIST_TOOLS], {1, 2})
    assert proc.returncode == 0, f"exit code {proc.returncode} after a clean stdin close; stderr:\n{stderr[-3000:]}"
    for line in lines:
        msg = json.loads(line)  # raises on a banner/log line on stdout
        assert msg.get("jsonrpc") == "2.0", line
    answers = {json.loads(line).get("id"): json.loads(line) for line in lines}
    assert "result" in answers[1] and "result" in answers[2], answers
    assert stderr.strip(), "`odoo-mcp demo` printed nothing on stderr: a user typing it sees a silent prompt"


def test_demo_banner_does_not_print_the_api_key() -> None:
    _, _, stderr = _run_stdio_and_close([INITIALIZE, INITIALIZED], {1})
    assert_no_secret("the stderr (banner) of `odoo-mcp demo` on stdio", stderr)


def test_stdio_exits_when_stdin_closes_before_any_request() -> None:
    proc, lines, stderr = _run_stdio_and_close([], set())
    assert proc.returncode == 0, f"exit code {proc.returncode}; stderr:\n{stderr[-3000:]}"
    assert lines == [], f"stdout carried non-protocol output: {lines}"


async def test_no_secret_in_outputs_of_revealing_calls(client: Conn) -> None:
    """Calls most likely to leak credentials: users, their API keys, errors, model metadata, resources."""
    await client.call("search_records", {"model": "res.users", "limit": 50})
    await client.call("read_records", {"model": "res.users", "ids": [2], "fields": ["login", "password"]})
    await client.call("describe_model", {"model": "res.users"})
    await client.call("search_records", {"model": "res.users.apikeys"})
    await client.call("search_records", {"model": "ir.config_parameter"})
    await client.call("check_access", {"model": "res.users", "operation": "write"})
    await client.call("search_records", {"model": "nope.nope"})
    await client.call("count_records", {"model": "res.partner", "instance": "nope"})
    for res in (await client.session.list_resources()).resources:
        assert_no_secret(f"resource {res.uri}", (await client.session.read_resource(str(res.uri))).model_dump_json())
    for prompt in (await client.session.list_prompts()).prompts:
        assert_no_secret(f"prompt {prompt.name}", prompt.model_dump_json())
    init = client.session.initialize_result or client.session.discover_result
    assert_no_secret("the handshake result", init.model_dump_json() if init else "")
    tools = await client.session.list_tools()
    assert_no_secret("tools/list", tools.model_dump_json())


async def test_password_field_is_never_returned(client: Conn) -> None:
    result = await client.call("read_records", {"model": "res.users", "ids": [2], "fields": ["login", "password"]})
    if result.is_error:
        return
    sc = result.structured_content or {}
    for record in sc.get("records", []):
        assert "password" not in record, f"the password field was returned: {record}"
    assert "password" in text_of(result), f"the caller is not told that `password` was left out: {text_of(result)}"
