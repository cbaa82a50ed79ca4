"""Where a key or a table is written in ``book.toml`` (``tomllib`` keeps no
positions), so that every diagnostic can name its line."""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_ASSIGN = re.compile(r'^\s*("?)([A-Za-z0-9_.\-]+)\1\s*=')


def key_line(text: str, table: str, key: str) -> int | None:
    """The line where ``key`` is set inside ``[table]`` (1-based), if found."""
    current = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if m := _HEADER.match(line):
            current = m.group(1).replace('"', "").replace(" ", "")
            continue
        if (m := _ASSIGN.match(line)) and current == table and m.group(2) == key:
            return number
    return None


def table_line(text: str, table: str) -> int | None:
    """The line of ``[table]`` or of its first sub-table ``[table.x]``."""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip().replace('"', "").replace(" ", "").lstrip("[")
        if stripped.startswith((f"{table}]", f"{table}.")):
            return number
    return None
