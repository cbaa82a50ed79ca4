"""The sizes of a full-wrap cover, in points from the sheet's top-left corner.

Across: bleed, back, spine, front, bleed. The spine is as wide as the
interior is thick: pages × the thickness of a page. Everything a reader
should see stays a safe distance inside the trim (and inside the spine's
folds); the barcode box sits in the back's lower right corner, clear of
the spine, as printers place it.
"""

from __future__ import annotations

from dataclasses import dataclass

INCH = 72.0
BLEED_IN = 0.125
SAFE_IN = 0.125  # text and pictures that matter stay this far inside the trim
SPINE_SAFE_IN = 0.0625  # … and this far inside each fold of the spine
SPINE_TEXT_MIN_PAGES = 79  # KDP prints no spine text on thinner books
BARCODE_IN = (2.0, 1.2)  # width, height
BARCODE_INSET_IN = 0.25  # from the spine fold and from the bottom trim

Box = tuple[float, float, float, float]  # left, top, right, bottom


@dataclass(frozen=True)
class CoverSheet:
    trim_width: float  # one panel, points
    trim_height: float
    pages: int
    paper: str
    per_page_in: float
    bleed: float = BLEED_IN * INCH

    @property
    def spine(self) -> float:
        return self.pages * self.per_page_in * INCH

    @property
    def width(self) -> float:
        return 2 * self.trim_width + self.spine + 2 * self.bleed

    @property
    def height(self) -> float:
        return self.trim_height + 2 * self.bleed

    @property
    def trim(self) -> Box:
        """The trimmed cover: the sheet without its bleed."""
        return self.bleed, self.bleed, self.width - self.bleed, self.height - self.bleed

    @property
    def back(self) -> Box:
        left, top, _, bottom = self.trim
        return left, top, left + self.trim_width, bottom

    @property
    def spine_box(self) -> Box:
        _, top, right, bottom = self.back
        return right, top, right + self.spine, bottom

    @property
    def front(self) -> Box:
        _, top, right, bottom = self.spine_box
        return right, top, right + self.trim_width, bottom

    @property
    def front_with_bleed(self) -> Box:
        """The front panel and the bleed around it (a front picture fills this)."""
        left, _, _, _ = self.front
        return left, 0.0, self.width, self.height

    def safe(self, panel: Box) -> Box:
        inset = SAFE_IN * INCH
        left, top, right, bottom = panel
        return left + inset, top + inset, right - inset, bottom - inset

    @property
    def spine_safe(self) -> Box:
        left, top, right, bottom = self.spine_box
        across, along = SPINE_SAFE_IN * INCH, SAFE_IN * INCH
        return left + across, top + along, right - across, bottom - along

    @property
    def barcode(self) -> Box:
        _, _, right, bottom = self.back
        inset = BARCODE_INSET_IN * INCH
        width, height = (v * INCH for v in BARCODE_IN)
        return right - inset - width, bottom - inset - height, right - inset, bottom - inset

    @property
    def spine_text(self) -> bool:
        return self.pages >= SPINE_TEXT_MIN_PAGES

    @property
    def thickness(self) -> str:
        """Where a page's thickness came from, for messages: "cream paper" or "spine-per-page"."""
        from ..config.cover import PAPER_PER_PAGE_IN

        return (
            f"{self.paper} paper"
            if PAPER_PER_PAGE_IN.get(self.paper) == self.per_page_in
            else "spine-per-page"
        )

    def describe(self) -> dict[str, object]:
        """The spine and the formula's inputs, for release.json (inches)."""

        def inches(value: float) -> float:
            return round(value / INCH, 4)

        return {
            "pages": self.pages,
            "paper": self.paper,
            "per_page_in": self.per_page_in,
            "spine_in": inches(self.spine),
            "bleed_in": inches(self.bleed),
            "trim_in": [inches(self.trim_width), inches(self.trim_height)],
            "width_in": inches(self.width),
            "height_in": inches(self.height),
            "formula": "width = 2 × trim width + pages × per_page + 2 × bleed",
        }
