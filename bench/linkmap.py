#!/usr/bin/env python3
"""Reads the link map that lld writes with `-Wl,-Map=FILE` (issue 14; BENCHMARKS.md "Release
binary size"): which input sections landed where, and from which crate.

    cargo rustc --release --locked -p odoo-mcp --bin odoo-mcp --no-default-features \\
        -- -C link-arg=-Wl,-Map=/tmp/odoo-mcp.map
    python3 bench/linkmap.py /tmp/odoo-mcp.map [--top 40] [--compare OTHER.map]

prints the bytes of code (`.text`) and read-only data per crate, largest first, and with
`--compare` the difference against another map. A stripped binary has no symbols left, so the
map is the only record of what its bytes are. Rust code comes out of fat LTO as one object whose
sections are named after the functions (`.text.<mangled name>`); the crate is the first path
segment of the name (for `<T as Trait>::f`, of `T`). C and assembly objects (aws-lc) are named
by their archive. Standard library only.
"""

from __future__ import annotations

import argparse
import bisect
import re
import sys
from collections import defaultdict
from dataclasses import dataclass

# lld's MapFile.cpp: "%16llx %16llx %8llx %5lld " then the output section, an input section
# (8 spaces) or a symbol (16 spaces).
LINE = re.compile(r"^\s*([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+(\d+) (.*)$")
TEXT_PREFIXES = (".text.unlikely.", ".text.startup.", ".text.hot.", ".text.exit.", ".text.")


@dataclass
class Section:
    """One input section placed in the output: where, how big, from which file, named how."""

    out: str
    vma: int
    size: int
    file: str
    name: str

    def symbol(self) -> str | None:
        """The symbol that names this section for `--symbol-ordering-file` (`.text.<symbol>`
        under `-ffunction-sections`), or None for a whole `.text` of an object."""
        for prefix in TEXT_PREFIXES:
            if self.name.startswith(prefix) and len(self.name) > len(prefix):
                return self.name[len(prefix):]
        return None


def parse(path: str) -> list[Section]:
    """Every input section with a size, in address order."""
    out_name, sections = "", []
    with open(path, errors="replace") as f:
        for line in f:
            m = LINE.match(line)
            if not m:
                continue
            rest = m.group(5)
            if not rest.startswith(" "):
                out_name = rest.strip()
            elif rest.startswith("        ") and not rest.startswith("                "):
                spec = rest.strip()
                size = int(m.group(3), 16)
                if size == 0 or not spec.endswith(")") or ":(" not in spec:
                    continue
                file, _, name = spec.rpartition(":(")
                sections.append(Section(out_name, int(m.group(1), 16), size, file, name[:-1]))
    sections.sort(key=lambda s: s.vma)
    return sections


LEGACY_ESCAPES = {"$SP$": "@", "$BP$": "*", "$RF$": "&", "$LT$": "<", "$GT$": ">",
                  "$LP$": "(", "$RP$": ")", "$C$": ",", "..": "::"}


def legacy_crate(mangled: str) -> str | None:
    """The crate of a legacy-mangled Rust symbol (`_ZN<len><segment>…17h<hash>E`); for
    `<T as Trait>::f`, `<&mut T>::f` or `<[T]>::f`, the crate of `T`."""
    if not mangled.startswith("_ZN"):
        return None
    i, n = 3, 0
    while i < len(mangled) and mangled[i].isdigit():
        n, i = n * 10 + int(mangled[i]), i + 1
    seg = mangled[i:i + n].lstrip("_")
    for esc, ch in LEGACY_ESCAPES.items():
        seg = seg.replace(esc, ch)
    seg = re.sub(r"\$u([0-9a-f]+)\$", lambda m: chr(int(m.group(1), 16)), seg)
    seg = re.sub(r"^(?:[<&*\[( ]|mut |const |dyn )+", "", seg)
    m = re.match(r"[A-Za-z_][A-Za-z0-9_]*", seg)
    if not m:
        return None
    name = m.group(0)
    # A bare generic parameter (`<F as Future>::poll` from a blanket impl) or a primitive.
    if len(name) == 1 or name in {"str", "bool", "char", "u8", "u16", "u32", "u64", "usize",
                                  "i8", "i16", "i32", "i64", "isize", "f32", "f64"}:
        return "<generic or primitive impl>"
    return name


def v0_crate(mangled: str) -> str | None:
    """The crate of a v0-mangled symbol (`_R…C<disambiguator>?<len><name>…`): the first crate
    root in the name."""
    m = re.search(r"C(?:s[0-9a-zA-Z_]*_)?(\d+)([A-Za-z_][A-Za-z0-9_]*)", mangled[2:])
    if not m:
        return None
    return m.group(2)[: int(m.group(1))]


def owner(s: Section) -> str:
    """Who these bytes belong to: a crate, a C archive or the linker."""
    sym = s.symbol() or s.name.rpartition(".")[2]
    crate = None
    if sym.startswith("_ZN"):
        crate = legacy_crate(sym)
    elif sym.startswith("_R"):
        crate = v0_crate(sym)
    if crate:
        return crate
    lib = re.search(r"lib([A-Za-z0-9_]+?)(?:-[0-9a-f]+)?\.(?:rlib|a)\(", s.file)
    if lib:
        return f"{lib.group(1)} (C/asm)"
    if s.file.startswith("<internal>"):
        return "<linker>"
    if ".rcgu.o" in s.file:
        return "<rust, unnamed>"  # .rodata..Lanon.*: constants, strings
    return s.file.rsplit("/", 1)[-1]


def by_owner(sections: list[Section], kinds: tuple[str, ...]) -> dict[str, int]:
    sizes: dict[str, int] = defaultdict(int)
    for s in sections:
        if s.out in kinds:
            sizes[owner(s)] += s.size
    return sizes


def section_at(sections: list[Section], starts: list[int], addr: int) -> Section | None:
    """The input section holding `addr`, if any (`starts` = the sections' addresses)."""
    i = bisect.bisect_right(starts, addr) - 1
    if i >= 0 and sections[i].vma <= addr < sections[i].vma + sections[i].size:
        return sections[i]
    return None


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("map")
    p.add_argument("--compare", help="an older map: print the difference per crate")
    p.add_argument("--top", type=int, default=40)
    args = p.parse_args()
    kinds = {"code": (".text",), "read-only data": (".rodata", ".data.rel.ro")}
    new = parse(args.map)
    old = parse(args.compare) if args.compare else None
    for label, outs in kinds.items():
        a = by_owner(new, outs)
        total = sum(a.values())
        if old is None:
            print(f"\n{label} ({', '.join(outs)}): {total:,} B")
            for name, size in sorted(a.items(), key=lambda kv: -kv[1])[: args.top]:
                print(f"  {size:>11,}  {name}")
            continue
        b = by_owner(old, outs)
        print(f"\n{label} ({', '.join(outs)}): {sum(b.values()):,} -> {total:,} B "
              f"({total - sum(b.values()):+,})")
        diff = {k: a.get(k, 0) - b.get(k, 0) for k in set(a) | set(b)}
        for name, d in sorted(diff.items(), key=lambda kv: kv[1])[: args.top]:
            if d:
                print(f"  {d:>+11,}  {name}  ({b.get(name, 0):,} -> {a.get(name, 0):,})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
