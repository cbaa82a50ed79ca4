"""``[cover]`` in book.toml: the paper, the front picture and the back text.

::

    [cover]
    paper = "cream"            # white (default), cream or color
    spine-per-page = 0.0025    # inches per page, instead of the paper's figure
    front = "art/front.jpg"    # the front panel, bleed included; else a typographic front
    back = "back.md"           # a short Markdown text for the back

The keys are rows of :mod:`.schema`, checked by :mod:`.walk`. The files are
named relative to book.toml and read only through the book's sandbox when
the cover is drawn (:mod:`bookpress.cover`), where a missing one is an error
at its line here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import error
from .schema import keys_of
from .walk import check_value, default_value

# Thickness of one page (a leaf is two pages) in inches, as KDP figures it.
PAPER_PER_PAGE_IN: dict[str, float] = {"white": 0.002252, "cream": 0.0025, "color": 0.002347}
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
    (Unknown keys are warned by the loader, which walks the same rows.)"""
    if not isinstance(table, dict):
        raise error(shown, None, "config-type", "[cover] must be a table")
    values = {
        row.name: check_value(row, table[row.name], shown, line_of(row.name))
        if row.name in table
        else default_value(row)
        for row in keys_of("cover")
    }
    per_page_set = "spine-per-page" in table
    return CoverOptions(
        paper=values["paper"],
        per_page_in=values["spine-per-page"] if per_page_set else PAPER_PER_PAGE_IN[values["paper"]],
        per_page_set=per_page_set,
        front=values["front"].strip(),
        back=values["back"].strip(),
        where=shown,
        lines={row.name: line_of(row.name) for row in keys_of("cover") if row.name in table},
    )
