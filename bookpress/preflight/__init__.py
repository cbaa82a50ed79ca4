"""Preflight: what a printer would reject, read back from the finished PDF.

``preflight(pdf, Expectations(geometry))`` reads the PDF the way a print
service's checker does and returns a :class:`Report` of findings, each with
the physical page (1-based) and the page label a viewer shows:

- page boxes: page size = trim (+ bleed on every side for ``press``),
  ``/TrimBox`` on every page = the trim, ``/BleedBox`` = trim + bleed;
- fonts: every font embedded; no character drawn with the ``.notdef`` glyph;
- images: effective resolution at the printed size, colour space;
- placement: text, images and drawings that leave the text block;
- structure: chapters on the expected side, blank pages with a running head
  or folio, table-of-contents numbers that disagree with the pages;
- flow: headings alone at the foot of a page, widows and orphans;
- book: page count and spine width;
- printer: the rules of the printer the PDF is for (``checks/printer.py``).

How it reads the PDF: pikepdf for the boxes, fonts, outline and page labels,
and a small content-stream interpreter (CTM through ``q``/``Q``/``cm`` and
into Form XObjects, text matrices, path extents, clipping rectangles) for
where images, drawings and text runs land; poppler's ``pdftotext -bbox`` for
the words and their boxes. Every position is converted to *trim
coordinates*: points from the top-left corner of the trimmed page, y down —
the coordinates of :meth:`Geometry.text_box`.

WeasyPrint 70 facts this relies on (checked by the tests): MediaBox =
BleedBox = trim + bleed, with the origin moved so that TrimBox is
``[0 0 width height]``; a character no font can draw is written through a
custom ``/Encoding`` CMap that maps its code to CID 0 (``.notdef``), while
``/ToUnicode`` still maps the code to the character, and a subset's ``/W``
lists glyph 0 only when it is drawn; ``TJ`` shows one glyph per string; SVG
is drawn inline (paths, images), not as Form XObjects; crop marks are not
drawn. The checks against the text block are only as right as the geometry:
pass the :class:`Geometry` the PDF was laid out with (the gutter depends on
the page count).

The modules, bottom up: ``findings`` (Finding, Expectations, Report, the code
table), ``rects`` (rectangles, matrices, tolerances), ``fonts`` (what a PDF
font draws), ``content`` (the content-stream interpreter), ``words``
(poppler), ``facts`` (PageFacts, DocFacts), ``body_text`` (body font, columns,
contents pages), ``reading`` (PDF → DocFacts), and ``checks/``: one module per
check family, each a ``check_<family>(doc, expect) -> list[Finding]`` listed in
``checks.CHECK_FUNCTIONS``. A new family (printer rules, say) is a new module
there.
"""

from __future__ import annotations

from pathlib import Path

from ..printers import printer_of
from .checks import CHECK_FUNCTIONS, CheckFunction
from .facts import DocFacts, OutlineEntry, PageFacts
from .findings import CHECK_ORDER, CHECKS, ERROR, INFO, PROFILES, WARNING, Expectations, Finding, Report
from .reading import read_pdf

__all__ = [
    "CHECKS",
    "CHECK_FUNCTIONS",
    "CHECK_ORDER",
    "ERROR",
    "INFO",
    "PROFILES",
    "WARNING",
    "CheckFunction",
    "DocFacts",
    "Expectations",
    "Finding",
    "OutlineEntry",
    "PageFacts",
    "Report",
    "preflight",
    "read_pdf",
]


def preflight(pdf: Path, expect: Expectations) -> Report:
    """Check a print PDF against what a printer expects; see the module docstring."""
    doc = read_pdf(pdf, expect.geometry)
    findings = [f for check in CHECK_FUNCTIONS for f in check(doc, expect)]
    report = Report(
        findings, len(doc.pages), len(doc.pages) / expect.paper_ppi, str(pdf), expect.print_profile.name
    )
    if printer_of(expect.print_profile) is None:
        report.not_checked += ("printer",)
    return report
