"""Preflight a built PDF against the book it was built from."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pikepdf

from .config import Config
from .diagnostics import error
from .geometry import Geometry, page_geometry
from .preflight import Expectations, Report, preflight
from .printers import printed_profile
from .profiles import PrintProfile, profile_named

if TYPE_CHECKING:
    from .completeness import Completeness
    from .diagnostics import Diagnostics
    from .model import Book


def run_preflight(
    pdf: Path,
    config: Config,
    profile: str | PrintProfile | None = None,
    paper_ppi: float = 444.0,
    book: Book | None = None,
) -> Report:
    """Check ``pdf`` with the geometry it was laid out with: the book's trim and
    margins, and the gutter for its actual page count. With the ``book`` it was
    built from, also check that everything of the book is on its pages."""
    # The profile as the printer of [output.pdf] printer (or --printer) takes it.
    chosen = printed_profile(profile_named(profile or config.pdf.profile), config.pdf.printer)
    try:
        with pikepdf.open(pdf) as document:
            pages = len(document.pages)
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        raise error(str(pdf), None, "pdf-unreadable", f"not a PDF that can be read: {exc}") from None
    completeness = check_complete(pdf, book, config) if book is not None else None
    return preflight_built(pdf, config, chosen, page_geometry(config, chosen, pages), paper_ppi, completeness)


def preflight_built(
    pdf: Path,
    config: Config,
    profile: PrintProfile,
    geometry: Geometry,
    paper_ppi: float = 444.0,
    completeness: Completeness | None = None,
) -> Report:
    """Check a PDF just written, with the geometry the writer used (and add what
    the completeness check found, when it ran)."""
    chapter_start = profile.chapter_start(config.pdf.chapter_start)
    report = preflight(pdf, Expectations(geometry, profile, chapter_start, paper_ppi=paper_ppi))
    if completeness is not None:
        from .completeness import findings

        report.findings.extend(findings(completeness))
        report.not_checked = tuple(c for c in report.not_checked if c != "completeness")
    return report


def check_complete(
    pdf: Path, book: Book, config: Config, diagnostics: Diagnostics | None = None
) -> Completeness:
    """Every heading, every image and no markup of ``book`` on the pages of ``pdf``
    (see :mod:`bookpress.completeness`); each gap is an error in ``diagnostics``."""
    from .completeness import add_to, check_completeness

    result = check_completeness(pdf, book, config.root)
    if diagnostics is not None:
        add_to(result, diagnostics, pdf)
    return result
