"""A work of a bibliography and an entry of a list of references."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import NO_SOURCE, Inline, SourceRef

CSL_DIR = Path(__file__).parent.parent / "csl"  # bookpress/csl
BUILTIN_STYLES = ("chicago-author-date", "ieee")

# Diagnostic codes.
NOT_FOUND = "bibliography-not-found"
BAD_FORMAT = "bibliography-format"
SYNTAX = "bibliography-syntax"
DUPLICATE = "duplicate-citation-key"
ENTRY = "bibliography-entry"


class BibEntry:
    """One work: its citation key, a CSL-JSON item (``csl["id"] == key``) and
    where it was defined. ``csl`` may be given as a function that makes it:
    BibTeX entries are converted only when first used (a book often points at
    a whole library of which it cites a few works)."""

    __slots__ = ("_csl", "_make", "key", "source")

    def __init__(
        self, key: str, csl: dict[str, Any] | Callable[[], dict[str, Any]], source: SourceRef = NO_SOURCE
    ) -> None:
        self.key = key
        self.source = source
        self._csl: dict[str, Any] | None = csl if isinstance(csl, dict) else None
        self._make = None if isinstance(csl, dict) else csl

    @property
    def csl(self) -> dict[str, Any]:
        if self._csl is None:
            assert self._make is not None
            self._csl, self._make = self._make(), None
        return self._csl

    def __repr__(self) -> str:
        return f"BibEntry({self.key!r}, {self.csl!r}, {self.source!r})"


@dataclass(frozen=True)
class BibItem:
    """One entry of the list of references. ``label`` is the number column of
    styles that set it apart ("[12]" in IEEE), else empty."""

    key: str
    text: tuple[Inline, ...]
    label: str = ""
