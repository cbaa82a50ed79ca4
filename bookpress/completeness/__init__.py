"""Completeness: is everything of the book on the pages of its PDF?

WeasyPrint has been seen to stop laying out a long document without an error
(WeasyPrint #2798: a 726-page book came out with 161 pages), and a reader that
does not understand a construct keeps it as text. A page count says nothing of
either. So, after every PDF build and in ``bookpress check --pdf``:

- every chapter, part and section heading of the model is in the PDF, on the
  page its anchor (the named destination WeasyPrint writes for its id) points
  to, with its text on that page, and in the order of the book
  (``incomplete-heading``, ``heading-order``);
- every image whose file exists is drawn on the pages of its chapter
  (``image-not-drawn``);
- no source markup — ``<Tag``, ``</Tag>``, ``{{#include``, ``import … from``,
  ``[!NOTE]``, ``:::``, ``{/* */}`` … — is printed as text, unless the book's
  own code shows it (``leaked-markup``).

All three are errors. ``check_completeness(pdf, book, root)`` returns a
:class:`Completeness`; :func:`add_to` turns it into diagnostics that point into
the manuscript, :func:`findings` into preflight findings with page numbers.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .check import check
from .expected import expect
from .printed import read_printed
from .result import Completeness, Gap

if TYPE_CHECKING:
    from ..diagnostics import Diagnostics
    from ..model import Book
    from ..preflight import Finding

CODES = ("incomplete-heading", "heading-order", "image-not-drawn", "leaked-markup")

__all__ = ["CODES", "Completeness", "Gap", "add_to", "check_completeness", "findings"]


def check_completeness(pdf: Path, book: Book, root: Path) -> Completeness:
    """Check the PDF at ``pdf`` against ``book`` (whose files are under ``root``)."""
    return check(expect(book, root), read_printed(pdf))


def add_to(result: Completeness, diagnostics: Diagnostics, pdf: Path) -> None:
    """Each gap as an error diagnostic at its place in the manuscript (or in the PDF),
    its message led by the page ("page 47 (35): …") unless it names the page itself."""
    for gap in result.gaps:
        message = gap.message
        if gap.page is not None and f"page {gap.page + 1}" not in message:
            number = str(gap.page + 1)
            label = f" ({gap.label})" if gap.label and gap.label != number else ""
            message = f"page {number}{label}: {message}"
        if gap.source is not None and gap.source.path:
            diagnostics.err(gap.source.path, gap.source.line or None, gap.code, message)
        else:
            diagnostics.err(pdf.name, None, gap.code, message)


def findings(result: Completeness) -> list[Finding]:
    """Each gap as a preflight finding, with the manuscript place in its message."""
    from ..preflight import Finding

    out = []
    for gap in result.gaps:
        where = ""
        if gap.source is not None and gap.source.path:
            where = f"{gap.source.path}:{gap.source.line}: " if gap.source.line else f"{gap.source.path}: "
        page = None if gap.page is None else gap.page + 1
        out.append(Finding(gap.severity, gap.code, where + gap.message, page, gap.label or None))
    return out
