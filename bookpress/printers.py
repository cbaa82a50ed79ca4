"""Printers: what a print-on-demand service accepts, said once.

A printer (``[output.pdf] printer = "kdp"`` or ``"ingramspark"``, or
``--printer``) is an axis next to the profiles of :mod:`bookpress.profiles`:
a ``print`` or ``press`` PDF can go to either. A :class:`Printer` knows the
trim sizes the service binds, its page-count limits, the least margins it
accepts (the inner one by page count) and its rules for the file: outline,
links, printer's marks, colours, transparency, the PDF/X version. It meets
the profile in two places only:

- :func:`bookpress.geometry.page_geometry` raises the margins to the
  printer's least ones for the page count;
- :func:`printed_profile` makes the profile the PDF writer renders with (no
  crop marks, CMYK inks, the printer's PDF variant), and
  :mod:`bookpress.writers.pdf_printer` finishes the written file as the
  printer asks (no outline, no links, colours as CMYK or grey, nothing
  transparent, the PDF/X keys).

Preflight (:mod:`bookpress.preflight.checks.printer`) checks each rule on
the finished PDF and names the one broken.

Sources: KDP's paperback guidance as the project's field notes record it
(the inside margin by page count, outside margins 0.25 in or 0.375 in with
bleed, 24 to 828 pages; no bookmarks, annotations or crop marks, fonts
embedded) and its list of standard trims; IngramSpark's file checklist
(PDF/X-1a:2001 or :2003, CMYK or greyscale, fonts embedded, no crop or
printer marks, 0.5 in from the trim on every side including page numbers).
IngramSpark's least and most pages depend on the trim and paper: 18 and
1,200 are the widest of its figures, a narrower range is not checked. Both
want an interior's bleed at the fore-edge, head and foot only (page = trim +
0.125 in wide, + 0.25 in high): :func:`bookpress.geometry.page_geometry`
lays it out so. KDP also takes custom trims within limits; only its standard
ones are offered here.

This module imports nothing of bookpress but :mod:`bookpress.profiles`, so
the config loader can list the printers' names.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from .profiles import PRESS, PrintProfile

INCH = 72.0
# Running heads and folios sit in the top and bottom margins, and a printer's
# least margin counts from them, not from the text block: the room they take
# (the default theme's 14 pt padding under a line of 8.5–10 pt type, and a
# little more) is added to the least top and bottom margins of the layout.
# Preflight measures where they really are.
MARGIN_BOX_ROOM = 28.0
TRIM_TOLERANCE_IN = 0.02  # "6.14 x 9.21" is 6.139 x 9.209 in mm-exact sizes


@dataclass(frozen=True)
class Trim:
    """A trim size a printer binds, in inches."""

    width: float
    height: float

    @property
    def name(self) -> str:
        return f"{self.width:g}x{self.height:g}"

    @property
    def toml(self) -> str:
        """As ``[output.pdf] trim`` takes it."""
        return f"{self.width:g}in {self.height:g}in"

    def distance(self, width_in: float, height_in: float) -> float:
        return math.hypot(self.width - width_in, self.height - height_in)


def _trims(*sizes: tuple[float, float]) -> tuple[Trim, ...]:
    return tuple(Trim(w, h) for w, h in sizes)


@dataclass(frozen=True)
class Printer:
    """One print-on-demand service's rules for a paperback interior."""

    name: str  # as book.toml and --printer take it
    label: str  # as messages name it
    summary: str  # one line for --help and the handbook
    trims: tuple[Trim, ...]
    min_pages: int
    max_pages: int
    # The least inner margin (inches) by page count: (up to this many pages, inches), ascending;
    # past the last band the last value.
    inner_bands: tuple[tuple[int, float], ...]
    outside: float  # least top, bottom and outer margin (inches) without bleed …
    outside_bleed: float  # … and with bleed
    outline: bool  # bookmarks allowed
    annotations: bool  # links (and any other annotation) allowed
    crop_marks: bool  # printer's marks allowed around the page
    cmyk_only: bool  # colours in CMYK or grey only: no RGB anywhere
    transparency: bool  # transparency allowed
    pdf_variant: str = ""  # what WeasyPrint writes ("" = the profile's own)
    pdfx_versions: tuple[str, ...] = ()  # the GTS_PDFXVersion values accepted ("" = none needed)

    def inner_margin(self, pages: int) -> float:
        """The least inner margin, in points, for a book of ``pages`` pages."""
        for limit, inches in self.inner_bands:
            if pages <= limit:
                return inches * INCH
        return self.inner_bands[-1][1] * INCH

    def outside_margin(self, bleed: bool) -> float:
        """The least top, bottom and outer margin, in points."""
        return (self.outside_bleed if bleed else self.outside) * INCH

    def offers(self, width_pt: float, height_pt: float) -> bool:
        """Whether the printer binds a trim of this size (points)."""
        return self.nearest_trim(width_pt, height_pt).distance(width_pt / INCH, height_pt / INCH) <= (
            TRIM_TOLERANCE_IN
        )

    def nearest_trim(self, width_pt: float, height_pt: float) -> Trim:
        return min(self.trims, key=lambda t: t.distance(width_pt / INCH, height_pt / INCH))

    def trim_problem(self, width_pt: float, height_pt: float) -> str:
        """Why the printer cannot bind this trim, naming the nearest it can; "" when it can."""
        if self.offers(width_pt, height_pt):
            return ""
        nearest = self.nearest_trim(width_pt, height_pt)
        size = f"{width_pt / INCH:g} × {height_pt / INCH:g} in"
        return (
            f"{self.label} does not print a {size} trim; the nearest it offers is "
            f'{nearest.width:g} × {nearest.height:g} in (trim = "{nearest.toml}")'
        )

    def page_count_problem(self, pages: int) -> str:
        """Why the printer refuses a book of ``pages`` pages; "" when it does not."""
        if self.min_pages <= pages <= self.max_pages:
            return ""
        return f"{pages} pages: {self.label} prints paperbacks of {self.min_pages} to {self.max_pages} pages"

    def css(self) -> str:
        """What the printer adds to the profile's stylesheet."""
        rules = []
        if not self.crop_marks:
            rules.append("@page { marks: none; }")
        return "\n".join(rules)

    def __str__(self) -> str:
        return self.name


# The common paperback trims, in inches.
_KDP_TRIMS = _trims(
    (5, 8), (5.06, 7.81), (5.25, 8), (5.5, 8.5), (6, 9), (6.14, 9.21), (6.69, 9.61), (7, 10),
    (7.44, 9.69), (7.5, 9.25), (8, 10), (8.25, 6), (8.25, 8.25), (8.5, 8.5), (8.5, 11), (8.27, 11.69),
)  # fmt: skip
_INGRAM_TRIMS = _trims(
    (4, 6), (4.25, 7), (4.37, 7), (5, 7), (5, 8), (5.06, 7.81), (5.25, 8), (5.5, 8.25), (5.5, 8.5),
    (5.83, 8.27), (6, 9), (6.14, 9.21), (6.5, 6.5), (6.625, 10.25), (6.69, 9.61), (7, 10),
    (7.44, 9.69), (7.5, 9.25), (8, 8), (8, 10), (8.25, 11), (8.5, 8.5), (8.5, 11), (8.27, 11.69),
)  # fmt: skip

KDP = Printer(
    name="kdp",
    label="KDP",
    summary="Amazon KDP paperback: no bookmarks, links or crop marks; inner margin by page count",
    trims=_KDP_TRIMS,
    min_pages=24,
    max_pages=828,
    inner_bands=((150, 0.375), (300, 0.5), (500, 0.625), (700, 0.75), (828, 0.875)),
    outside=0.25,
    outside_bleed=0.375,
    outline=False,
    annotations=False,
    crop_marks=False,
    cmyk_only=False,
    transparency=True,
)
INGRAMSPARK = Printer(
    name="ingramspark",
    label="IngramSpark",
    summary="IngramSpark paperback: PDF/X-1a, CMYK or grey only, nothing transparent, 0.5 in margins",
    trims=_INGRAM_TRIMS,
    min_pages=18,
    max_pages=1200,
    inner_bands=((1200, 0.5),),
    outside=0.5,
    outside_bleed=0.5,
    outline=True,
    annotations=False,  # PDF/X-1a: no annotation inside the bleed box (links included)
    crop_marks=False,
    cmyk_only=True,
    transparency=False,
    pdf_variant="pdf/x-1a",
    pdfx_versions=("PDF/X-1a:2001", "PDF/X-1a:2003"),
)

PRINTERS: dict[str, Printer] = {p.name: p for p in (KDP, INGRAMSPARK)}


def printer_named(name: str | Printer | None) -> Printer | None:
    """The printer called ``name``; None for "" or None."""
    if name is None or isinstance(name, Printer):
        return name
    if not name:
        return None
    try:
        return PRINTERS[name]
    except KeyError:
        raise ValueError(f"unknown printer {name!r} (expected one of {', '.join(PRINTERS)})") from None


@dataclass(frozen=True)
class PrinterProfile(PrintProfile):
    """A paper profile as one printer takes it: the printer's PDF variant wins
    over the book's, its CSS follows the profile's."""

    printer: Printer | None = None

    def variant(self, book_choice: str = "") -> str:
        if self.printer is not None and self.printer.pdf_variant:
            return self.printer.pdf_variant
        return super().variant(book_choice)


def printed_profile(profile: PrintProfile, printer: str | Printer | None) -> PrintProfile:
    """The profile the PDF writer renders with for ``printer``: ``profile`` itself
    without a printer or for a screen; else the same profile named
    ``<profile>+<printer>``, with CMYK inks when the printer takes CMYK only, and
    the printer's stylesheet (no crop marks)."""
    chosen = printer_named(printer)
    if chosen is None or not profile.for_paper or isinstance(profile, PrinterProfile):
        return profile
    fields = {f.name: getattr(profile, f.name) for f in dataclasses.fields(profile)}
    inks = PRESS.css if chosen.cmyk_only and not profile.cmyk else ""  # process black, not RGB black
    css = "\n".join(part for part in (profile.css, inks, chosen.css()) if part)
    fields |= {
        "name": f"{profile.name}+{chosen.name}",
        "summary": f"{profile.summary}; {chosen.summary}",
        "cmyk": profile.cmyk or chosen.cmyk_only,
        "rgb_images": "" if chosen.cmyk_only else profile.rgb_images,  # the printer check says it
        "preflight_on_build": True,
        "css": css,
    }
    return PrinterProfile(**fields, printer=chosen)


def printer_of(profile: PrintProfile) -> Printer | None:
    """The printer a profile from :func:`printed_profile` renders for."""
    return profile.printer if isinstance(profile, PrinterProfile) else None
