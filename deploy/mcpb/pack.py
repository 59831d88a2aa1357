#!/usr/bin/env python3
"""Packs the Claude Desktop bundle offline: odoo-mcp.mcpb (a zip of manifest.json + server/odoo-mcp).

Usage: deploy/mcpb/pack.py [BINARY] [OUT]   (defaults: target/release/odoo-mcp, odoo-mcp.mcpb)
"""
import json
import pathlib
import sys
import zipfile

here = pathlib.Path(__file__).resolve().parent
root = here.parent.parent
binary = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root / "target/release/odoo-mcp"
out = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else root / "odoo-mcp.mcpb"
manifest = json.loads((here / "manifest.json").read_text())
entry = manifest["server"]["entry_point"]
if not binary.is_file():
    sys.exit(f"{binary} is missing: build it with `cargo build --release --locked -p odoo-mcp`")
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("manifest.json", json.dumps(manifest, indent=2) + "\n")
    info = zipfile.ZipInfo(entry)
    info.external_attr = 0o755 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    z.writestr(info, binary.read_bytes())
print(f"{out} ({out.stat().st_size} bytes)")
