"""Page geometry: trim, bleed and margins, in points.

The writer turns it into ``@page`` rules and the preflight checks the PDF
against it, so both agree on where the text block is. Margins scale with the
trim size; the inner margin grows with the page count, because the thicker a
perfect-bound book, the more of each page disappears into the spine.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .config import Config, length_pt
from .config.toml_lines import key_line
from .diagnostics import error
from .printers import MARGIN_BOX_ROOM, Printer, printer_named, printer_of

if TYPE_CHECKING:
    from .profiles import PrintProfile

INCH = 72.0

# Extra inner margin (gutter) by page count, in inches; in line with what
# print-on-demand services ask of the inside margin as books get thicker.
GUTTER_BANDS: tuple[tuple[int, float], ...] = ((150, 0.125), (300, 0.2), (500, 0.3), (700, 0.4))
GUTTER_MAX = 0.5


def gutter_for(pages: int) -> float:
    """The default gutter (inches) for a book of ``pages`` pages."""
    for limit, gutter in GUTTER_BANDS:
        if pages <= limit:
            return gutter
    return GUTTER_MAX


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


@dataclass(frozen=True)
class Geometry:
    width: float  # trim width
    height: float  # trim height
    bleed: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    inner: float = 0.0
    outer: float = 0.0
    # False: no bleed at the spine, only at the fore-edge, head and foot (what
    # print-on-demand interiors ask: page = trim + one bleed wide, two high).
    spine_bleed: bool = True

    @classmethod
    def for_trim(
        cls,
        width: float,
        height: float,
        pages: int = 300,
        bleed: float = 0.0,
        gutter: float | None = None,
        overrides: dict[str, float] | None = None,
    ) -> Geometry:
        """Margins in proportion to the page, within sensible limits."""
        outer = _clamp(0.095 * width, 0.5 * INCH, 0.9 * INCH)
        top = _clamp(0.085 * height, 0.6 * INCH, 1.0 * INCH)
        bottom = _clamp(0.09 * height, 0.6 * INCH, 1.05 * INCH)
        extra = (gutter_for(pages) * INCH) if gutter is None else gutter
        values = {"top": top, "bottom": bottom, "outer": outer, "inner": outer + extra}
        values.update(overrides or {})
        return cls(width, height, bleed, values["top"], values["bottom"], values["inner"], values["outer"])

    def text_box(self, page_index: int) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) of the text block on a page, in points from
        the top-left corner of the trimmed page. Page 0 is a right-hand page."""
        right_hand = page_index % 2 == 0
        left = self.inner if right_hand else self.outer
        right = self.width - (self.outer if right_hand else self.inner)
        return left, self.top, right, self.height - self.bottom

    def bleed_insets(self, page_index: int) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) bleed around the trim of a page, in points.
        Page 0 is a right-hand page (its spine on the left)."""
        spine = self.bleed if self.spine_bleed else 0.0
        if page_index % 2 == 0:
            return spine, self.bleed, self.bleed, self.bleed
        return self.bleed, self.bleed, spine, self.bleed

    def page_css(self) -> str:
        """The ``@page`` rules for this geometry (mirrored margins, bleed)."""

        def pt(value: float) -> str:
            return f"{value:.2f}pt"

        rules = [
            f"@page {{ size: {pt(self.width)} {pt(self.height)}; "
            f"margin: {pt(self.top)} {pt(self.outer)} {pt(self.bottom)} {pt(self.inner)}; }}",
            f"@page :left {{ margin-left: {pt(self.outer)}; margin-right: {pt(self.inner)}; }}",
            f"@page :right {{ margin-left: {pt(self.inner)}; margin-right: {pt(self.outer)}; }}",
        ]
        if self.bleed:
            rules.append(f"@page {{ bleed: {pt(self.bleed)}; marks: crop cross; }}")
            if not self.spine_bleed:
                rules.append("@page :left { bleed-right: 0; } @page :right { bleed-left: 0; }")
        rules.append(
            f":root {{ --page-width: {pt(self.width)}; --page-height: {pt(self.height)}; "
            f"--bleed: {pt(self.bleed)}; --margin-top: {pt(self.top)}; --margin-bottom: {pt(self.bottom)}; "
            f"--margin-inner: {pt(self.inner)}; --margin-outer: {pt(self.outer)}; "
            f"--text-height: {pt(self.height - self.top - self.bottom)}; }}"
        )
        return "\n".join(rules) + "\n"


def page_geometry(config: Config, profile: PrintProfile, pages: int) -> Geometry:
    """The geometry of the book's pages in ``profile`` for a book of ``pages``
    pages: its trim, margins and gutter from ``[output.pdf]``, and its bleed
    when the profile has one; a printer's least margins for ``pages`` pages
    when the profile is for one (:func:`bookpress.printers.printed_profile`).
    The one place where a page is decided."""
    width, height = (length_pt(v) for v in config.pdf.trim)
    bleed = length_pt(config.pdf.bleed) if profile.bleed else 0.0
    gutter = None if config.pdf.gutter == "auto" else length_pt(config.pdf.gutter)
    overrides = {side: length_pt(value) for side, value in config.pdf.margins}
    geometry = Geometry.for_trim(width, height, pages, bleed, gutter, overrides)
    printer = printer_of(profile)
    return geometry if printer is None else _printer_margins(geometry, printer, pages)


def _printer_margins(g: Geometry, printer: Printer, pages: int) -> Geometry:
    """``g`` with every margin at least what ``printer`` asks: the inner one for
    ``pages`` pages, the others with or without bleed (top and bottom with room
    for the running head and folio, which must keep the same distance), and
    a bleed, if any, only at the fore-edge, head and foot."""
    least = printer.outside_margin(g.bleed > 0)
    return dataclasses.replace(
        g,
        top=max(g.top, least + MARGIN_BOX_ROOM),
        bottom=max(g.bottom, least + MARGIN_BOX_ROOM),
        outer=max(g.outer, least),
        inner=max(g.inner, printer.inner_margin(pages)),
        spine_bleed=False,
    )


def check_printer(config: Config, profile: PrintProfile) -> None:
    """Refuse, before any layout, a paper PDF its printer cannot print: a trim
    it does not offer (the error names the nearest it does)."""
    printer = printer_named(config.pdf.printer)
    if printer is None or not profile.for_paper:
        return
    width, height = (length_pt(v) for v in config.pdf.trim)
    problem = printer.trim_problem(width, height)
    if problem:
        try:
            line = key_line(config.path.read_text(encoding="utf-8"), "output.pdf", "trim")
        except OSError:
            line = None
        raise error(config.rel(config.path), line, "printer-trim", problem)
