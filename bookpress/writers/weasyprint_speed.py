"""Work-arounds for WeasyPrint costs that grow faster than the book, applied on import.

- Footnotes: WeasyPrint keeps the footnotes not yet placed in a list and,
  for every line it lays out (again, each time a page is re-made), asks
  whether each box of the line is one of them — a scan of the whole list.
  With thousands of notes that is most of the build (2,000 notes: 65 s;
  10,000: more than five minutes). The list here answers that question from
  a set and behaves as a list otherwise.

Each patch checks that the code it wraps still looks as expected and leaves
WeasyPrint alone otherwise; tests/unit/test_growth.py measures the growth.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from weasyprint.layout import LayoutContext


class FootnoteList(list):
    """A list whose ``in`` is a hash lookup (by identity, as boxes compare)."""

    def __init__(self, items: Any = ()) -> None:
        super().__init__(items)
        self._members: Counter[int] = Counter(id(item) for item in self)

    def __contains__(self, item: object) -> bool:
        return item is not None and self._members[id(item)] > 0

    def append(self, item: Any) -> None:
        super().append(item)
        self._members[id(item)] += 1

    def remove(self, item: Any) -> None:
        super().remove(item)
        self._members[id(item)] -= 1

    def copy(self) -> FootnoteList:
        return FootnoteList(self)

    def __copy__(self) -> FootnoteList:
        return FootnoteList(self)


def _patch_layout_context() -> None:
    original = LayoutContext.__init__
    if getattr(original, "_bookpress_footnotes", False):
        return

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        if type(getattr(self, "footnotes", None)) is list:
            self.footnotes = FootnoteList(self.footnotes)

    __init__._bookpress_footnotes = True  # type: ignore[attr-defined]
    LayoutContext.__init__ = __init__


_patch_layout_context()
