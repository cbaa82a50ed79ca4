"""``[cover]`` in book.toml: the paper, the front picture and the back text.

::

    [cover]
    paper = "cream"            # white (default), cream or color
    spine-per-page = 0.0025    # inches per page, instead of the paper's figure
    front = "art/front.jpg"    # the front panel, bleed included; else a typographic front
    back = "back.md"           # a short Markdown text for the back

The files are named relative to book.toml and read only through the book's
sandbox (:mod:`bookpress.sandbox`); they are looked at when the cover is
drawn, where a missing one is an error at its line here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import error

# Thickness of one page (a leaf is two pages) in inches, as KDP figures it.
PAPER_PER_PAGE_IN: dict[str, float] = {"white": 0.002252, "cream": 0.0025, "color": 0.002347}
KEYS = ("paper", "spine-per-page", "front", "back")
_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(in|mm|pt)\s*$")
_PER_INCH = {"in": 1.0, "mm": 1 / 25.4, "pt": 1 / 72}
# A page thinner or thicker than any paper a printer binds: a typo (mm for in).
PER_PAGE_RANGE_IN = (0.001, 0.01)


@dataclass(frozen=True)
class CoverOptions:
    paper: str = "white"
    per_page_in: float = PAPER_PER_PAGE_IN["white"]  # the paper's figure, or spine-per-page
    per_page_set: bool = False  # spine-per-page was given
    front: str = ""  # relative to book.toml
    back: str = ""
    where: str = "book.toml"  # for diagnostics about the files above
    lines: dict[str, int | None] = field(default_factory=dict, compare=False)

    def line(self, key: str) -> int | None:
        return self.lines.get(key)


def read_cover_options(table: Any, line_of: Callable[[str], int | None], shown: str) -> CoverOptions:
    """The options of a ``[cover]`` table; a bad value is an error at its line.
    Unknown keys are not reported here: see :func:`unknown_keys`."""
    if not isinstance(table, dict):
        raise error(shown, None, "config-type", "[cover] must be a table")
    lines = {key: line_of(key) for key in KEYS if key in table}
    paper = _string(table, "paper", "white", line_of, shown).strip().lower()
    if paper not in PAPER_PER_PAGE_IN:
        raise error(
            shown,
            line_of("paper"),
            "cover-paper",
            f"[cover] paper '{paper}' is not one of: {', '.join(PAPER_PER_PAGE_IN)} "
            "(or give the thickness of a page with spine-per-page)",
        )
    per_page = PAPER_PER_PAGE_IN[paper]
    per_page_set = "spine-per-page" in table
    if per_page_set:
        per_page = _per_page(table["spine-per-page"], line_of("spine-per-page"), shown)
    return CoverOptions(
        paper=paper,
        per_page_in=per_page,
        per_page_set=per_page_set,
        front=_string(table, "front", "", line_of, shown).strip(),
        back=_string(table, "back", "", line_of, shown).strip(),
        where=shown,
        lines=lines,
    )


def unknown_keys(table: Any, line_of: Callable[[str], int | None]) -> list[tuple[str, int | None]]:
    """Keys of ``[cover]`` bookpress does not know: (name, line)."""
    if not isinstance(table, dict):
        return []
    return [(key, line_of(key)) for key in table if key not in KEYS]


def _string(table: dict, key: str, default: str, line_of: Callable[[str], int | None], shown: str) -> str:
    value = table.get(key, default)
    if not isinstance(value, str):
        raise error(shown, line_of(key), "config-type", f"[cover] {key} must be a string")
    return value


def _per_page(value: Any, line: int | None, shown: str) -> float:
    inches: float | None = None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        inches = float(value)
    elif isinstance(value, str) and (m := _LENGTH.match(value)):
        inches = float(m.group(1)) * _PER_INCH[m.group(2)]
    low, high = PER_PAGE_RANGE_IN
    if inches is None or not low <= inches <= high:
        raise error(
            shown,
            line,
            "cover-paper",
            f"[cover] spine-per-page must be the thickness of one page, between {low:g} and {high:g} "
            'inches (a number of inches such as 0.0025, or a length such as "0.0635mm")',
        )
    return inches
