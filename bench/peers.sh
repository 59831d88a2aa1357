#!/bin/sh
# The Python peers of bench/run.py, from PyPI, in a scratch venv (default /tmp/odoo-mcp-bench-venv).
# The Rust peer odoo-rust-mcp is on no registry (BENCHMARKS.md §5): pass its binary to run.py with
# --peer-binary odoo-rust-mcp=PATH where you have one.
set -eu
venv="${1:-/tmp/odoo-mcp-bench-venv}"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --upgrade pip
"$venv/bin/pip" install --quiet "mcp-server-odoo==0.9.0" "odoo-mcp==1.3.0"
"$venv/bin/pip" list 2>/dev/null | grep -i -E '^(mcp|mcp-server-odoo|odoo-mcp) '
