"""The build, stage by stage: config → outline → read → transform → write.

Each stage is a plain function call on plain data; this module only names
them in order. Problems are collected in a :class:`Diagnostics`; a stage that
cannot go on raises :class:`BookError`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Config, load_config
from .diagnostics import Diagnostics, error
from .manuscript import find_outline
from .model import Book
from .progress import Progress
from .reader import read_book
from .transforms import Context, run

if TYPE_CHECKING:
    from .completeness import Completeness
    from .writers.pdf import PdfResult

FORMATS = ("pdf", "epub")


@dataclass(frozen=True)
class Output:
    format: str
    path: Path
    detail: str  # "212 pages", "14 chapters"


@dataclass
class BuildResult:
    outputs: list[Output] = field(default_factory=list)
    seconds: float = 0.0
    config: Config | None = None
    pdf: PdfResult | None = None  # the PDF written, with the geometry it was laid out with
    completeness: Completeness | None = None  # the model against the PDF's pages


def build_time() -> dt.datetime:
    """``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now, in UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise error(
                "SOURCE_DATE_EPOCH", None, "bad-epoch", f"'{epoch}' is not a Unix timestamp"
            ) from None
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def load(
    book_dir: Path,
    diagnostics: Diagnostics,
    allow_remote: bool = False,
    version: str | None = None,
    progress: Progress | None = None,
    read_root: Path | None = None,
) -> tuple[Config, Book]:
    """Read and transform the book: everything but rendering. ``version``
    overrides ``[book] version`` (a release names its own); ``read_root``
    (``--root``) is a folder holding the book whose files it may read."""
    config = load_config(book_dir, diagnostics, read_root)
    if allow_remote:
        config = dataclasses.replace(config, allow_remote=True)
    if version is not None:
        config = dataclasses.replace(config, meta=dataclasses.replace(config.meta, version=version))
    progress = progress or Progress()
    progress.stage("read")
    outline = find_outline(config, diagnostics)
    book = read_book(config, outline, diagnostics)
    progress.stage("transform")
    book = run(book, Context(config, diagnostics))
    return config, book


def build(
    book_dir: Path,
    out_dir: Path,
    formats: tuple[str, ...],
    diagnostics: Diagnostics,
    progress: Progress | None = None,
    allow_remote: bool = False,
    profile: str | None = None,
    version: str | None = None,
    names: dict[str, str] | None = None,
    cache_dir: Path | None = None,
    read_root: Path | None = None,
) -> BuildResult:
    """Build ``formats`` of the book in ``book_dir`` into ``out_dir``.

    ``names`` maps a format ("pdf", "epub") to its file name in ``out_dir``
    (default ``<slug>.pdf``, ``<slug>.epub``); ``version`` overrides the
    book's own. What is worth keeping between builds (drawn formulas) goes
    to ``cache_dir``, by default ``out_dir/.cache``. The book reads files only
    inside its folder, or inside ``read_root`` (see :mod:`bookpress.sandbox`)."""
    progress = progress or Progress()
    names = names or {}
    started = time.perf_counter()
    try:
        config, book = load(book_dir, diagnostics, allow_remote, version, progress, read_root)
        if diagnostics.errors:
            first = diagnostics.errors[0]
            raise error(
                first.path,
                first.line,
                "build-failed",
                f"{len(diagnostics.errors)} error(s); nothing written",
            )
        when = build_time()
        cache = cache_dir or out_dir / ".cache"
        progress.stage("draw embeds")
        from .assets import render_embeds  # the browser's driver only when a book has embeds

        book = render_embeds(book, config, diagnostics, cache)
        config = dataclasses.replace(config, asset_roots=(*config.asset_roots, cache / "embeds"))
        result = BuildResult(config=config)
        slug = book.meta.slug
        if "pdf" in formats:
            from .writers.pdf import write_pdf  # WeasyPrint takes a second to import
            from .writers.pdf_worker import render_bounded

            progress.stage("render pdf")
            target = out_dir / names.get("pdf", f"{slug}.pdf")
            with progress.layout():  # in a child process, within [build] timeout and memory
                pdf = render_bounded(
                    write_pdf,
                    config.limits,
                    diagnostics,
                    progress,
                    target,
                    config.rel(config.path),
                    book=book,
                    config=config,
                    target=target,
                    created=when.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    profile=profile,
                    cache_dir=cache,
                )
            result.outputs.append(Output("pdf", pdf.path, f"{pdf.pages} pages, {pdf.profile} profile"))
            result.pdf = pdf
            from .preflight_run import check_complete

            progress.stage("check pdf")  # WeasyPrint can stop early without an error (#2798)
            result.completeness = check_complete(pdf.path, book, config, diagnostics)
        if "epub" in formats:
            from .writers.epub import write_epub

            progress.stage("write epub")
            ebook = write_epub(book, config, out_dir / names.get("epub", f"{slug}.epub"), diagnostics, when)
            result.outputs.append(Output("epub", ebook.path, f"{ebook.chapters} chapters"))
    finally:
        progress.finish()
    result.seconds = time.perf_counter() - started
    return result
