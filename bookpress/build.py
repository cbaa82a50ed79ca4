"""The build, stage by stage: config → outline → read → transform → write.

Load once, render many: :func:`load` reads and transforms the book,
:func:`render` makes one output from it as a :class:`RenderJob` says, and
:func:`build` (the ``build`` command) is one load and a render per format.
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
from typing import TYPE_CHECKING, NamedTuple

from .config import Config, load_config
from .diagnostics import Diagnostics, error
from .geometry import check_printer
from .manuscript import find_outline
from .model import Book
from .printers import printer_of
from .profiles import PrintProfile, profile_named
from .progress import Progress
from .reader import read_book
from .reader.cache import ReadCache
from .render_job import FORMATS, RenderJob
from .transforms import Context, run

if TYPE_CHECKING:
    from .completeness import Completeness
    from .writers.pdf import PdfResult


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


class LoadedBook(NamedTuple):
    """The book read and transformed, with the config it was read with: what
    every output is rendered from. Unpacks as ``config, book``."""

    config: Config
    book: Book


@dataclass(frozen=True)
class Rendered:
    """One output made by :func:`render`."""

    output: Output
    pdf: PdfResult | None = None  # a PDF: its pages and the geometry they were laid out with
    completeness: Completeness | None = None  # a PDF: the book's model against its pages


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
    cache_dir: Path | None = None,
    read_cache: Path | None = None,
) -> LoadedBook:
    """Read and transform the book: everything but rendering. ``version``
    overrides ``[book] version`` (a release names its own); ``read_root``
    (``--root``) is a folder holding the book whose files it may read. With
    ``cache_dir``, the book's embeds are drawn too (into it): the book is
    ready for any number of :func:`render` calls. With ``read_cache`` (an
    ``<out>/.cache`` folder), chapter files unchanged since they were last read
    there are not parsed again (:mod:`bookpress.reader.cache`)."""
    config = load_config(book_dir, diagnostics, read_root)
    if allow_remote:
        config = dataclasses.replace(config, allow_remote=True)
    if version is not None:
        config = dataclasses.replace(config, meta=dataclasses.replace(config.meta, version=version))
    progress = progress or Progress()
    progress.stage("read")
    outline = find_outline(config, diagnostics)
    cache = None if read_cache is None else ReadCache(read_cache / "read", config.root, _read_context(config))
    book = read_book(config, outline, diagnostics, cache)
    progress.stage("transform")
    loaded = LoadedBook(config, run(book, Context(config, diagnostics)))
    if cache_dir is not None and not diagnostics.errors:
        loaded = draw_embeds(loaded, diagnostics, cache_dir, progress)
    return loaded


def _read_context(config: Config) -> tuple[str, ...]:
    """What every chapter's read depends on besides its files: the folders it may read."""
    return tuple(str(root) for root in config.sandbox.roots)


def draw_embeds(
    loaded: LoadedBook, diagnostics: Diagnostics, cache_dir: Path, progress: Progress | None = None
) -> LoadedBook:
    """The book with its embeds drawn into ``cache_dir`` (a headless browser,
    only when the book has embeds), and the config allowed to read them."""
    config, book = loaded
    drawn = cache_dir / "embeds"
    if drawn in config.asset_roots:
        return loaded
    (progress or Progress()).stage("draw embeds")
    from .assets import render_embeds  # the browser's driver only when a book has embeds

    book = render_embeds(book, config, diagnostics, cache_dir)
    return LoadedBook(dataclasses.replace(config, asset_roots=(*config.asset_roots, drawn)), book)


def for_printer(loaded: LoadedBook, printer: str) -> LoadedBook:
    """The book with ``[output.pdf] printer`` replaced (``--printer``; "" for none)."""
    config, book = loaded
    return LoadedBook(dataclasses.replace(config, pdf=dataclasses.replace(config.pdf, printer=printer)), book)


def with_jobs(loaded: LoadedBook, jobs: int) -> LoadedBook:
    """The book with ``[output.pdf] jobs`` replaced (``--jobs``): that many layout
    workers, chapter by chapter; 0 lays the PDF out as one document."""
    config, book = loaded
    pdf = dataclasses.replace(config.pdf, jobs=jobs, chapter_at_a_time=jobs > 0)
    return LoadedBook(dataclasses.replace(config, pdf=pdf), book)


def refuse_errors(diagnostics: Diagnostics) -> None:
    """Stop before rendering when reading the book found errors."""
    if diagnostics.errors:
        first = diagnostics.errors[0]
        raise error(
            first.path, first.line, "build-failed", f"{len(diagnostics.errors)} error(s); nothing written"
        )


def render(
    loaded: LoadedBook, job: RenderJob, diagnostics: Diagnostics, progress: Progress | None = None
) -> Rendered:
    """Make the one output ``job`` asks for from the loaded book (which the
    caller checked has no errors: see :func:`refuse_errors`)."""
    progress = progress or Progress()
    if job.cache_dir is not None:
        loaded = draw_embeds(loaded, diagnostics, job.cache_dir, progress)
    config, book = loaded
    if job.format == "epub":
        from .writers.epub import write_epub

        progress.stage("write epub")
        print_pages = None
        if job.print_pdf is not None:  # the print edition's page numbers, at the same words
            from .print_pages import read_print_pages

            print_pages = read_print_pages(job.print_pdf)
        ebook = write_epub(book, config, job.target, diagnostics, job.created, print_pages)
        listed = f", {ebook.page_breaks} print pages listed" if ebook.page_breaks else ""
        return Rendered(Output("epub", ebook.path, f"{ebook.chapters} chapters{listed}"))
    from .writers.pdf import write_pdf  # WeasyPrint takes a second to import
    from .writers.pdf_worker import render_bounded

    check_printer(config, job.profile)  # a trim the printer does not offer: before any layout
    progress.stage("render pdf")
    with progress.layout():  # in a child process, within [build] timeout and memory
        pdf = render_bounded(
            write_pdf,
            config.limits,
            diagnostics,
            progress,
            job.target,
            config.rel(config.path),
            book=book,
            config=config,
            job=job,
        )
    if printer_of(pdf.profile) is not None:
        from .writers.pdf_printer import finish_built

        progress.stage("finish for the printer")
        finish_built(pdf, config)
    from .preflight_run import check_complete

    progress.stage("check pdf")  # WeasyPrint can stop early without an error (#2798)
    completeness = check_complete(pdf.path, book, config, diagnostics)
    return Rendered(
        Output("pdf", pdf.path, f"{pdf.pages} pages, {pdf.profile.name} profile"), pdf, completeness
    )


def build(
    book_dir: Path,
    out_dir: Path,
    formats: tuple[str, ...],
    diagnostics: Diagnostics,
    progress: Progress | None = None,
    allow_remote: bool = False,
    profile: str | PrintProfile | None = None,
    version: str | None = None,
    names: dict[str, str] | None = None,
    cache_dir: Path | None = None,
    read_root: Path | None = None,
    created: dt.datetime | None = None,
    printer: str | None = None,
    jobs: int | None = None,
) -> BuildResult:
    """Build ``formats`` of the book in ``book_dir`` into ``out_dir``: one
    :func:`load`, then one :func:`render` per format.

    ``names`` maps a format ("pdf", "epub") to its file name in ``out_dir``
    (default ``<slug>.pdf``, ``<slug>.epub``); ``version`` overrides the
    book's own; ``created`` is the build date (default: :func:`build_time`).
    What is worth keeping between builds (drawn formulas) goes to
    ``cache_dir``, by default ``out_dir/.cache``. The book reads files only
    inside its folder, or inside ``read_root`` (see :mod:`bookpress.sandbox`).
    ``printer`` (``--printer``) overrides ``[output.pdf] printer``, ``jobs``
    (``--jobs``) ``[output.pdf] jobs``."""
    progress = progress or Progress()
    names = names or {}
    started = time.perf_counter()
    try:
        cache = cache_dir or out_dir / ".cache"
        loaded = load(book_dir, diagnostics, allow_remote, version, progress, read_root, read_cache=cache)
        if printer is not None:
            loaded = for_printer(loaded, printer)
        if jobs is not None:
            loaded = with_jobs(loaded, jobs)
        refuse_errors(diagnostics)
        when = created or build_time()
        loaded = draw_embeds(loaded, diagnostics, cache, progress)
        config, book = loaded
        result = BuildResult(config=config)
        chosen = profile_named(profile or config.pdf.profile)
        printed: Path | None = None  # a PDF for paper, rendered first: the EPUB lists its pages
        for format in (f for f in FORMATS if f in formats):
            target = out_dir / names.get(format, f"{book.meta.slug}.{format}")
            job = RenderJob(format, target, when, chosen, cache, printed if format == "epub" else None)
            rendered = render(loaded, job, diagnostics, progress)
            result.outputs.append(rendered.output)
            if rendered.pdf is not None:
                result.pdf, result.completeness = rendered.pdf, rendered.completeness
                printed = rendered.pdf.path if chosen.for_paper else None
    finally:
        progress.finish()
    result.seconds = time.perf_counter() - started
    return result
