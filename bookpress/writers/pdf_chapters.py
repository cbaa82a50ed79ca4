"""The PDF writer's side of chapter-at-a-time layout (:mod:`bookpress.paginate`).

:func:`write_chapters` hands :mod:`bookpress.paginate` what it needs from this
writer — laying out an HTML string with the theme, writing a document with
the book's PDF options, the print HTML, the index with page numbers — and
returns a :class:`~bookpress.writers.pdf.PdfResult`, or None when the book
has to be laid out whole.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import weasyprint

from .. import __version__
from ..atomic import atomic_path
from ..diagnostics import Diagnostics
from ..geometry import page_geometry
from ..page_estimate import gutter_is_off
from ..paginate import Engine, eligible, write_by_chapter
from ..paginate.layout import pdf_bytes
from .pdf import (
    PdfResult,
    _document_id,
    _finisher,
    _Job,
    _render,
    _report_refused,
    _weasyprint_log,
    _writer,
    running_head_css,
)

if TYPE_CHECKING:
    from ..render_job import RenderJob

_IMPORT = re.compile(r"""@import\s+(?:url\()?["']?([^"')\s;]+)""")


def chapter_jobs(config) -> int:
    """Layout workers for this build: ``[output.pdf] jobs`` (``--jobs``), else
    one; 0 when the book is to be laid out as one document
    (``chapter-at-a-time = false`` or ``jobs = 0``).

    One by default: a second worker starts chapters before the ones ahead of
    it are done and guesses where they start, and on the books measured the
    wrong guesses cost more than the second core gave back. ``make bench``,
    400 pages, idle 2-core machine: one worker 63.3 s (60.3 CPU s, 769 MB),
    two 90.5 s (99.9 CPU s, 1,334 MB), the whole document 63.2 s."""
    if not config.pdf.chapter_at_a_time:
        return 0
    return 1 if config.pdf.jobs is None else max(0, config.pdf.jobs)


def write_chapters(
    layout: _Job, job: RenderJob, guess: int, jobs: int, diagnostics: Diagnostics
) -> PdfResult | None:
    """The book laid out chapter by chapter with ``jobs`` workers into ``job.target``."""
    book, config, profile = layout.book, layout.config, layout.profile
    variant = profile.variant(config.pdf.pdf_variant)
    if not eligible(variant, tags=variant.startswith("pdf/ua")):
        return None  # a tagged PDF: its structure tree is one document's
    options: dict = {"pdf_variant": variant or None}
    document_id = _document_id(book, layout.created)
    unit_finisher = _finisher(0, document_id, book.meta.version)
    index = next((ch for ch in book.back if ch.role == "index"), None)
    refused = layout.fetcher.refused

    parsed: dict = {}  # the stylesheets, parsed once per worker (each forked worker has its own)

    def render(html: str, css: str, geometry):
        return _render(layout, geometry, html, css, parsed)

    def write(document) -> bytes:
        with _weasyprint_log(diagnostics, layout.fetcher):
            return pdf_bytes(document, unit_finisher, options)

    def document_html(geometry) -> str:
        return _writer(layout, geometry).document(config, layout.created, profile)

    def index_html(geometry, pages: dict[str, tuple[int, str]]) -> str:
        writer = _writer(layout, geometry)
        writer.index_pages = pages
        classes = ["body-start"] if not book.body and book.back and book.back[0] is index else []
        assert index is not None
        return writer.chapter_html(index, classes, book.meta.title)

    engine = Engine(
        render=render,
        write=write,
        document_html=document_html,
        index_html=index_html if index is not None else None,
        geometry_for=lambda pages: page_geometry(config, profile, pages),
        gutter_off=lambda pages, first: config.pdf.gutter == "auto" and gutter_is_off(pages, first),
        sheets=_stylesheets(layout),
        static=[
            __version__,
            weasyprint.__version__,
            repr(sorted(options.items())),
            str(config.root.resolve()),
            book.meta.identifier,
            str(profile),
            profile.stylesheet(layout.cmyk_profile) + running_head_css(config),
            _file_stamp(layout.cmyk_profile),
        ],
        right_start=profile.chapter_start(config.pdf.chapter_start) == "right",
        created=layout.created or "",
        dated_front=bool(variant),  # PDF/X and PDF/A carry the date in XMP metadata too
        version=book.meta.version,
        diagnostics=diagnostics,
        refused=refused,
    )
    try:
        with atomic_path(job.target) as tmp:
            done = write_by_chapter(
                book,
                engine,
                guess,
                tmp,
                jobs,
                job.cache_dir,
                config.root,
                diagnostics,
                config.rel(config.path),
            )
            if done is None:
                raise _LaidOutWhole  # nothing written: the target stays as it was
    except _LaidOutWhole:
        return None
    pages, geometry = done
    _report_refused(book, config, layout.fetcher, diagnostics)
    return PdfResult(job.target, pages, geometry, profile)


class _LaidOutWhole(Exception):
    """The book cannot be laid out chapter by chapter; the caller lays it out whole."""


def _stylesheets(layout: _Job) -> list[str]:
    """The text of the theme's print.css, the sheets it imports (from the
    theme's folder), and the book's own stylesheets."""
    out: list[str] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        if path in seen or not path.is_file():
            return
        seen.add(path)
        text = path.read_text(encoding="utf-8", errors="replace")
        out.append(text)
        for name in _IMPORT.findall(text):
            if "://" not in name:
                add((path.parent / name).resolve())

    add((layout.theme / "print.css").resolve())
    for name in layout.config.pdf.css:
        add((layout.config.root / name).resolve())
    return out


def _file_stamp(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        stat = path.stat()
    except OSError:
        return str(path)
    return f"{path}:{stat.st_size}:{stat.st_mtime_ns}"
