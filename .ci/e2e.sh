#!/usr/bin/env bash
# End-to-end tests with real MCP clients, run by .ci/run AFTER `cargo build --workspace --locked`:
#   1. the official MCP Python SDK (tests/e2e, pytest) against the built odoo-mcp and odoo-sim binaries,
#      over stdio and Streamable HTTP, in both protocol eras;
#   2. the official MCP conformance suite (tests/conformance) against `odoo-mcp demo --transport http`.
# Creates .venv (python3 -m venv) when missing and installs the pinned requirements; runs `npm ci` in
# tests/conformance. Exits non-zero when anything fails; prints pytest's summary line.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$(pwd)"

target="${CARGO_TARGET_DIR:-$repo/target}"
export ODOO_MCP_BIN="${ODOO_MCP_BIN:-$target/debug/odoo-mcp}"
export ODOO_SIM_BIN="${ODOO_SIM_BIN:-$target/debug/odoo-sim}"
for bin in "$ODOO_MCP_BIN" "$ODOO_SIM_BIN"; do
  if [ ! -x "$bin" ]; then
    echo "e2e: $bin not found: run \`cargo build --workspace --locked\` first" >&2
    exit 2
  fi
done

set -e
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r tests/e2e/requirements.txt
(cd tests/conformance && npm ci --no-audit --no-fund --loglevel=error)
set +e

status=0

echo "==> e2e: MCP Python SDK (pytest tests/e2e)"
.venv/bin/python -m pytest tests/e2e -q -p no:cacheprovider || status=1

echo "==> e2e: MCP conformance suite"
bash tests/conformance/run.sh || status=1

exit "$status"
