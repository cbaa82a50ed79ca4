"""Values of ``book.toml`` that are more than a TOML type: lengths, trim
sizes and memory sizes."""

from __future__ import annotations

import re
from typing import Any

from ..diagnostics import error

TRIM_PRESETS: dict[str, tuple[str, str]] = {
    "6x9": ("6in", "9in"),
    "7x9.25": ("7in", "9.25in"),
    "7.5x9.25": ("7.5in", "9.25in"),
    "8.5x11": ("8.5in", "11in"),
    "letter": ("8.5in", "11in"),
    "a4": ("210mm", "297mm"),
    "a5": ("148mm", "210mm"),
    "b5": ("176mm", "250mm"),
    "royal": ("156mm", "234mm"),
}

# A trimmed page no printer can bind or PDF can hold (14,400 units, 200 in, a side):
# from a business card to a poster.
TRIM_MIN_IN, TRIM_MAX_IN = 2.0, 48.0
BLEED_MAX_IN = 0.5
TEXT_BLOCK_MIN_IN = 1.0  # margins leave at least this much text block each way

LENGTH = re.compile(r"^(\d+(?:\.\d+)?)(in|mm|cm|pt|px|pc)$")
_POINTS_PER = {"in": 72.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "pt": 1.0, "pc": 12.0, "px": 0.75}
_MEMORY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(MB|M|MiB|GB|G|GiB)?\s*$", re.IGNORECASE)


def length_pt(value: str) -> float:
    """A CSS length such as ``6in`` or ``148mm`` in points."""
    m = LENGTH.match(value.strip())
    if not m:
        raise ValueError(f"not a length: {value!r}")
    return float(m.group(1)) * _POINTS_PER[m.group(2)]


def is_length(value: str) -> bool:
    return LENGTH.match(value.strip()) is not None


def parse_trim(value: str, path: str, line: int | None) -> tuple[str, str]:
    """``"6x9"``, ``"A5"``, ``"6in 9in"`` → a (width, height) pair of CSS lengths."""
    preset = TRIM_PRESETS.get(value.strip().lower())
    if preset:
        return preset
    parts = value.replace("×", " ").split()
    if len(parts) == 2 and all(LENGTH.match(p) for p in parts):
        for part in parts:
            inches = length_pt(part) / 72
            if not TRIM_MIN_IN <= inches <= TRIM_MAX_IN:
                raise error(
                    path,
                    line,
                    "config-trim",
                    f"trim '{value}': {part} is not a page size a printer can print "
                    f"(each side between {TRIM_MIN_IN:g}in and {TRIM_MAX_IN:g}in)",
                )
        return parts[0], parts[1]
    presets = ", ".join(TRIM_PRESETS)
    raise error(
        path,
        line,
        "config-trim",
        f"trim '{value}' is neither a preset ({presets}) nor two lengths such as '6in 9in'",
    )


def memory_mb(value: Any) -> int | None:
    """``4096``, ``"4096MB"``, ``"4GB"`` → megabytes; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value)
    match = _MEMORY.match(value) if isinstance(value, str) else None
    if match is None:
        return None
    number, unit = float(match.group(1)), (match.group(2) or "MB").upper()
    return int(number * 1024) if unit.startswith("G") else int(number)
