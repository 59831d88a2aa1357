#!/usr/bin/env bash
# Replicas behind nginx (tests/replicas/test_replicas.py): builds the debug binaries, installs
# nginx from Debian if missing, runs pytest in the e2e venv (.venv, made by `cargo test`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get install -y nginx-light || $sudo_cmd apt-get install -y nginx
fi
cargo build --locked -p odoo-mcp -p odoo-sim --bins
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv && .venv/bin/pip install --quiet -r tests/e2e/requirements.txt
fi
exec .venv/bin/python -m pytest tests/replicas -q -p no:cacheprovider -c tests/e2e/pytest.ini --rootdir tests/replicas
