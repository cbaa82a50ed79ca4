"""Where every unit and anchor lands: known from the layouts done, guessed for the rest.

Physical pages count from 0 (a right-hand page). A unit starts where the one
before it ends; its first page may be a blank verso that WeasyPrint added to
open it on the right side (it is one of the unit's pages). The page counter
counts from 1 through the front matter and restarts at 1 on the first page of
the body (the theme's ``@page :nth(1 of chapter-start)``).
"""

from __future__ import annotations

from dataclasses import dataclass

from .layout import LaidOut
from .units import Unit


@dataclass
class Done:
    """A unit's layout and the inputs it was made with."""

    key: str
    laid_out: LaidOut
    pad: int
    at: dict[str, int]  # anchor → page of the unit's own pages (pad pages excluded)
    place: str = ""  # where it was laid out: its pad pages and first page number

    @classmethod
    def of(cls, key: str, laid_out: LaidOut, pad: int, own: frozenset[str], place: str = "") -> Done:
        at: dict[str, int] = {}
        for number, names in enumerate(laid_out.anchors):
            if number < pad:
                continue
            for name in names:
                if name in own:
                    at.setdefault(name, number - pad)
        return cls(key, laid_out, pad, at, place)

    @property
    def pages(self) -> int:
        return self.laid_out.pages - self.pad


class PageMap:
    """Start pages of the units, pages of anchors and the counter's value on a page."""

    def __init__(
        self,
        units: list[Unit],
        done: dict[int, Done],
        guess: list[float],
        body_start_id: str | None,
        owner: dict[str, int],
        right_start: bool,
    ) -> None:
        self.units = units
        self.done = done
        self.guess = guess
        self.owner = owner
        self.right_start = right_start
        self.starts: list[int] = []
        self.exact: list[bool] = []  # start known from layouts, not guessed
        position, exact = 0, True
        for unit in units:
            self.starts.append(position)
            self.exact.append(exact)
            if unit.index in done:
                position += done[unit.index].pages
            else:
                # The front matter and the index are laid out last: guessed
                # until then, they do not make what follows them a guess too
                # (a length they change moves the rest again, as any unit's).
                exact = exact and unit.late
                pages = max(1, round(guess[unit.index]))
                if right_start and unit.kind in ("body", "index") and position % 2 == 1:
                    pages += 1  # the blank verso before a right-hand opening
                position += pages
        self.total = position
        body_start = self.page_of(body_start_id) if body_start_id else 0
        self.body_start = body_start if body_start is not None else 0

    def page_of(self, anchor: str) -> int | None:
        unit = self.owner.get(anchor)
        if unit is None:
            return None
        start = self.starts[unit]
        done = self.done.get(unit)
        if done is not None:
            at = done.at.get(anchor)
            return None if at is None else start + at
        if self.right_start and self.units[unit].kind in ("body", "index") and start % 2 == 1:
            start += 1  # after the blank verso
        html = self.units[unit].html
        where = html.find(f'id="{anchor}"')
        fraction = where / len(html) if where > 0 and html else 0.0
        return start + int(fraction * max(1.0, self.guess[unit]))

    def counter(self, page: int) -> int:
        return page + 1 if page < self.body_start else page - self.body_start + 1

    def label(self, page: int) -> str:
        from ..vocabulary import roman

        return roman(page + 1).lower() if page < self.body_start else str(page - self.body_start + 1)

    def known(self, anchor: str) -> bool:
        """Whether the anchor's page comes from a layout."""
        unit = self.owner.get(anchor)
        return unit is not None and unit in self.done and self.exact[unit]
