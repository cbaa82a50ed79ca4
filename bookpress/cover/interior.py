"""The interior the spine is measured from: its real page count.

``release`` passes the PDF it has just built. ``bookpress cover`` takes
``--pdf``, else the build's own output (``<out>/<slug>.pdf``), else builds
it. An interior older than the manuscript gives a stale spine: a warning.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf

from ..config import Config
from ..diagnostics import Diagnostics, error

MANUSCRIPT_SUFFIXES = (".md", ".mdx", ".markdown")


def page_count(pdf: Path) -> int:
    """The pages of ``pdf``; an error diagnostic when it is not a PDF."""
    try:
        with pikepdf.open(pdf) as document:
            return len(document.pages)
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        raise error(
            str(pdf), None, "cover-interior", f"cannot read the interior's page count: {exc}"
        ) from None


def warn_if_stale(pdf: Path, config: Config, diagnostics: Diagnostics) -> None:
    """A warning when book.toml or a chapter changed after ``pdf`` was built."""
    built = pdf.stat().st_mtime
    candidates = [config.path, *(p for p in config.src.rglob("*") if p.suffix in MANUSCRIPT_SUFFIXES)]
    for path in candidates:
        if _skipped(path, config.root, pdf.parent) or not _newer(path, built):
            continue
        diagnostics.warn(
            str(pdf),
            None,
            "cover-interior-stale",
            f"{config.rel(path)} changed after this interior was built: the spine may be "
            "too narrow or too wide (build the book again, or give --pdf)",
        )
        return


def _skipped(path: Path, root: Path, out: Path) -> bool:
    """Outputs, hidden folders and installed packages are not the manuscript."""
    path, root, out = path.resolve(), root.resolve(), out.resolve()
    if path.is_relative_to(out) and not root.is_relative_to(out):  # an output folder inside the book
        return True
    parts = path.relative_to(root).parts if path.is_relative_to(root) else path.parts
    return any(part.startswith(".") or part == "node_modules" for part in parts[:-1])


def _newer(path: Path, than: float) -> bool:
    try:
        return path.is_file() and path.stat().st_mtime > than
    except OSError:
        return False
