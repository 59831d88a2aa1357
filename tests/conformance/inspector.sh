#!/usr/bin/env bash
# Drives odoo-mcp with the MCP Inspector's CLI (npm @modelcontextprotocol/inspector, pinned in
# package.json) — a second client we did not write — over stdio in both protocol eras:
#   - `tools/list --strict`: the Inspector's portability lint of every tool schema must report
#     no error (warnings are printed, not fatal; a clean list prints no report at all, and
#     --strict exits non-zero on any error);
#   - `tools/call`: a count on the demo company must succeed in the legacy (2025-11-25) and
#     modern (2026-07-28) eras alike.
# Needs the built binary (ODOO_MCP_BIN, default ${CARGO_TARGET_DIR:-target}/debug/odoo-mcp).
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bin="${ODOO_MCP_BIN:-${CARGO_TARGET_DIR:-$repo/target}/debug/odoo-mcp}"
if [ ! -x "$bin" ]; then
  echo "inspector: $bin not found: build it first (cargo build -p odoo-mcp)" >&2
  exit 2
fi
if [ ! -d "$here/node_modules/@modelcontextprotocol/inspector" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) || exit 2
fi
# shellcheck source=node.sh
. "$here/node.sh"
cli="$here/node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js"
failed=0

# The lint report goes to stderr, the tool list to stdout.
list="$(mktemp)"
out="$(bounded 120 "$node" "$cli" --cli --strict --method tools/list "$bin" demo 2>&1 >"$list")"
status=$?
summary="$(printf '%s\n' "$out" | grep -Eo '[0-9]+ errors?, [0-9]+ warnings?' | tail -n 1)"
tools="$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["tools"]))' "$list" 2>/dev/null || echo 0)"
rm -f "$list"
if [ -z "$summary" ] && [ "$status" -eq 0 ] && [ "$tools" -gt 0 ]; then
  summary="no finding in $tools tools"
fi
if [ "$status" -eq 0 ] && [[ "$summary" =~ ^(0\ errors|no\ finding) ]]; then
  printf 'inspector %-34s ok    %s\n' "tools/list --strict" "$summary"
else
  failed=$((failed + 1))
  printf 'inspector %-34s FAIL  %s\n' "tools/list --strict" "${summary:-no lint summary}"
  printf '%s\n' "$out" | tail -n 40 | sed 's/^/    /'
fi

for era in legacy modern; do
  out="$(bounded 120 "$node" "$cli" --cli --protocol-era "$era" --method tools/call \
    --tool-name count_records --tool-args-json '{"model": "sale.order"}' "$bin" demo 2>/dev/null)"
  if printf '%s' "$out" | python3 -c '
import json, sys
result = json.load(sys.stdin)
assert result.get("isError") is False, result
assert result["structuredContent"]["count"] > 0, result
' 2>/dev/null; then
    printf 'inspector %-34s ok\n' "tools/call count_records ($era)"
  else
    failed=$((failed + 1))
    printf 'inspector %-34s FAIL\n' "tools/call count_records ($era)"
    printf '%s\n' "$out" | tail -n 20 | sed 's/^/    /'
  fi
done

echo "inspector: $((3 - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
