"""Runs last (pytest collects files by name): after every other test drove the servers, no API key may
appear in what any of them wrote to stdout or stderr (banners, info and debug logs, errors)."""

from __future__ import annotations

from clients import SECRETS, assert_no_secret
from servers import STARTED, StderrLogs


def test_no_secret_in_any_server_log(stderr_logs: StderrLogs) -> None:
    logs = {}
    for server in STARTED:
        logs[f"stderr of `{' '.join(server.args[1:])}`"] = server.stderr_text()
        logs[f"stdout of `{' '.join(server.args[1:])}`"] = server.stdout_text()
    for path in stderr_logs.paths:
        if path.exists():
            logs[f"stderr of stdio server {path.name}"] = path.read_text(errors="replace")
    assert logs, "no server ran before this test: run the whole suite"
    leaks = [what for what, text in logs.items() if any(secret in text for secret in SECRETS)]
    if leaks:
        first = next(text for what, text in logs.items() if what == leaks[0])
        assert_no_secret(f"{len(leaks)} of {len(logs)} server logs ({', '.join(leaks)}); the first", first)
