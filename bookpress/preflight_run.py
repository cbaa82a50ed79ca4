"""Preflight a built PDF against the book it was built from."""

from __future__ import annotations

from pathlib import Path

import pikepdf

from .config import Config
from .geometry import Geometry
from .preflight import Expectations, Report, preflight
from .writers.pdf import page_geometry


def run_preflight(pdf: Path, config: Config, profile: str | None = None, paper_ppi: float = 444.0) -> Report:
    """Check ``pdf`` with the geometry it was laid out with: the book's trim and
    margins, and the gutter for its actual page count."""
    profile = profile or config.pdf.profile
    with pikepdf.open(pdf) as document:
        pages = len(document.pages)
    return preflight_built(pdf, config, profile, page_geometry(config, profile, pages), paper_ppi)


def preflight_built(
    pdf: Path, config: Config, profile: str, geometry: Geometry, paper_ppi: float = 444.0
) -> Report:
    """Check a PDF just written, with the geometry the writer used."""
    chapter_start = "any" if profile == "screen" else config.pdf.chapter_start
    return preflight(pdf, Expectations(geometry, profile, chapter_start, paper_ppi=paper_ppi))
