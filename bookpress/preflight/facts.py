"""What the checks read: the facts of each page and of the whole document, in trim coordinates."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .content import PageScan
from .findings import Finding
from .fonts import FontInfo
from .rects import PLACE_TOLERANCE, Rect
from .words import Line, Word


@dataclass
class PageFacts:
    index: int
    label: str
    media: Rect
    trim_box: Rect | None
    bleed_box: Rect | None
    trim: Rect  # the trim used for coordinates (TrimBox, else guessed)
    text_box: Rect  # trim coordinates
    scan: PageScan
    words: list[Word] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def width(self) -> float:
        return self.trim[2] - self.trim[0]

    def finding(self, severity: str, code: str, message: str) -> Finding:
        return Finding(severity, code, message, self.number, self.label)

    def body_lines(self) -> list[Line]:
        """Lines inside the text block (vertically), top to bottom."""
        top, bottom = self.text_box[1], self.text_box[3]
        return [ln for ln in self.lines if top - PLACE_TOLERANCE <= ln.cy <= bottom]


@dataclass(frozen=True)
class OutlineEntry:
    title: str
    level: int  # 1 = top level
    page: int  # 0-based


@dataclass
class DocFacts:
    pages: list[PageFacts]
    fonts: list[tuple[FontInfo, int]]  # every font in the resources and the first page index using it
    outline: list[OutlineEntry]
    body_family: str = ""
    body_size: float = 0.0
    leading: float = 0.0
    columns: dict[int, tuple[float, float]] = field(default_factory=dict)  # page parity -> text left, right
    contents_pages: set[int] = field(default_factory=set)
    path: Path | None = None  # the file, for the checks that read more of it (printer rules)

    def chapter_starts(self) -> set[int]:
        return {e.page for e in self.outline if e.level == 1}
