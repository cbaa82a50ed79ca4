"""The print PDF: the print HTML laid out by WeasyPrint with the theme's
paged-media stylesheet, then page labels (i, ii… then 1, 2…) added."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pydyf
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from ..atomic import atomic_path
from ..config import Config
from ..diagnostics import Diagnostics, error, logged_into
from ..geometry import Geometry, page_geometry
from ..mathtex import MathCache
from ..model import Book, Chapter, Image, SourceRef, query
from ..page_estimate import estimate_pages, gutter_is_off, table_capacity
from ..printers import printed_profile
from ..profiles import SYSTEM_CMYK_PROFILE, PrintProfile
from ..render_job import RenderJob
from ..sandbox import REFUSED
from ..theme_metrics import ThemeMetrics, read_metrics
from ..themes import find_theme
from ..vocabulary import roman
from . import weasyprint_fixes, weasyprint_speed  # noqa: F401  (applies the work-arounds)
from .fetcher import SandboxFetcher
from .print_html import PrintHtml


@dataclass(frozen=True)
class PdfResult:
    path: Path
    pages: int
    geometry: Geometry
    profile: PrintProfile


def running_head_css(config: Config) -> str:
    """Running heads with the section's title, when the book asks for them."""
    if config.pdf.running_head != "section":
        return ""
    return (
        "@page chapter:right, chapter-start:right { @top-center { content: string(section-title); } }\n"
        "h1.chapter-title, h2[data-running] { string-set: section-title attr(data-running); }\n"
    )


def write_pdf(book: Book, config: Config, job: RenderJob, diagnostics: Diagnostics) -> PdfResult:
    """Lay ``book`` out in ``job.profile`` and write it to ``job.target``."""
    profile = printed_profile(job.profile, config.pdf.printer)  # a printer's rules ride on the profile
    theme = find_theme(config.pdf.theme, config.root, needs="print.css", sandbox=config.sandbox)
    cmyk_profile = _cmyk_profile(config, profile, diagnostics)
    # The book's root, the themes, drawn embeds in <out>/.cache (see bookpress.sandbox).
    roots = [*config.sandbox.roots] + ([cmyk_profile.parent] if cmyk_profile else [])
    fetcher = SandboxFetcher(roots, allow_remote=config.allow_remote)
    math_cache = MathCache(job.cache_dir / "math") if job.cache_dir is not None else None
    sheets = [theme / "print.css", *(config.root / name for name in config.pdf.css)]
    metrics = read_metrics(sheets, config.sandbox)
    created = job.created_stamp
    layout = _Job(
        book, config, profile, created, theme, fetcher, cmyk_profile, diagnostics, metrics, math_cache
    )
    guess = estimate_pages(book, page_geometry(config, profile, 400), metrics)
    from .pdf_chapters import chapter_jobs, write_chapters  # (it imports this module)

    jobs = chapter_jobs(config)
    if jobs:  # chapter by chapter in workers, cached (bookpress.paginate); None: laid out whole
        chapters = write_chapters(layout, job, guess, jobs, diagnostics)
        if chapters is not None:
            return chapters
    geometry = page_geometry(config, profile, guess)
    document = _render(layout, geometry)
    pages = len(document.pages)
    if config.pdf.gutter == "auto" and gutter_is_off(pages, guess):
        geometry = page_geometry(config, profile, pages)
        document = _render(layout, geometry)
    body_start = _first_page_with(document, _body_start_id(book))
    index = next((ch for ch in book.back if ch.role == "index"), None)
    if index is not None:
        document = _with_page_numbered_index(layout, geometry, document, index, body_start)
    _report_refused(book, config, fetcher, diagnostics)
    variant = profile.variant(config.pdf.pdf_variant)
    options: dict = {"pdf_variant": variant or None}
    if variant.startswith("pdf/ua"):
        options["pdf_tags"] = True
    with atomic_path(job.target) as tmp, _weasyprint_log(diagnostics, fetcher):
        finisher = _finisher(body_start, _document_id(book, created), book.meta.version)
        document.write_pdf(tmp, finisher=finisher, **options)
    return PdfResult(job.target, len(document.pages), geometry, profile)


@dataclass(frozen=True)
class _Job:
    """What one layout of the book needs, besides its geometry."""

    book: Book
    config: Config
    profile: PrintProfile
    created: str | None
    theme: Path
    fetcher: SandboxFetcher
    cmyk_profile: Path | None
    diagnostics: Diagnostics
    metrics: ThemeMetrics
    math_cache: MathCache | None = None


def anchor_pages(document, body_start: int) -> dict[str, tuple[int, str]]:
    """Every anchor's first page: (physical index, the page's label)."""
    found: dict[str, tuple[int, str]] = {}
    for index, page in enumerate(document.pages):
        label = roman(index + 1).lower() if index < body_start else str(index - body_start + 1)
        for anchor in page.anchors:
            found.setdefault(anchor, (index, label))
    return found


def _with_page_numbered_index(job: _Job, geometry: Geometry, document, index: Chapter, body_start: int):
    """The index with the real page numbers of the layout, duplicates dropped and
    consecutive pages merged ("12–14"), which CSS cannot do: the index is laid
    out again on its own, from its first page, and put in place of the first
    version (the rest of the book does not move)."""
    pages = anchor_pages(document, body_start)
    start = pages.get(index.id)
    if start is None:
        return document
    after = [pages[ch.id][0] for ch in job.book.back[job.book.back.index(index) + 1 :] if ch.id in pages]
    colophon = pages.get("colophon")
    end = min([*after, *([colophon[0]] if colophon else []), len(document.pages)])
    writer = _writer(job, geometry)
    writer.index_pages = pages
    html = writer.single_chapter(job.config, job.created, job.profile, index)
    first_folio = start[0] - body_start + 1
    extra = f"@page :nth(1 of chapter) {{ counter-reset: page {first_folio}; }}"
    on_left = start[0] % 2 == 1  # a left-hand page (screen profile): laid out from one
    if on_left:
        body = html.index(">", html.index("<body")) + 1
        html = html[:body] + '<div class="side-pad" style="break-after: page"></div>' + html[body:]
    index_document = _render(job, geometry, html, extra)
    pages_before = document.pages[: start[0]] + index_document.pages[1 if on_left else 0 :]
    if end < len(document.pages) and len(pages_before) % 2 != end % 2 and _sides_matter(job):
        # The new index has one page more or less than the first: what follows
        # (the colophon, on a left-hand page) keeps its side behind a blank page.
        blank = next((page for page in document.pages if _is_blank(page)), None)
        if blank is not None:
            pages_before.append(blank)
    return document.copy(pages_before + document.pages[end:])


def _sides_matter(job: _Job) -> bool:
    return job.profile.chapter_start(job.config.pdf.chapter_start) == "right"


def _is_blank(page) -> bool:
    """A page WeasyPrint added to start what follows on the right side."""
    page_type = getattr(getattr(page, "_page_box", None), "page_type", None)
    return bool(getattr(page_type, "blank", False))


def _writer(job: _Job, geometry: Geometry) -> PrintHtml:
    writer = PrintHtml(job.book, job.diagnostics, table_capacity(geometry, job.metrics))
    writer.math_cache = job.math_cache
    writer.math_size_pt = job.metrics.formula_size
    writer.book_root = job.config.root  # SVGs are drawn from sanitised copies
    return writer


def _render(
    job: _Job, geometry: Geometry, html: str | None = None, extra_css: str = "", reuse: dict | None = None
):
    """Lay ``html`` (default: the whole book) out. With ``reuse``, the parsed
    theme and book stylesheets and their fonts are kept in it for the next
    call (chapter after chapter in one worker: parsing them took a tenth of a
    chapter's layout); what fetching them refused is reported again each time."""
    if html is None:
        html = _writer(job, geometry).document(job.config, job.created, job.profile)
    if reuse:
        fonts, profiles, theme, own = reuse["fonts"], reuse["profiles"], reuse["theme"], reuse["own"]
        job.fetcher.refused.extend(reuse["refused"])
    else:
        fonts = FontConfiguration()
        profiles = {}  # shared by the stylesheets and the render: @color-profile rules land here
        refused = len(job.fetcher.refused)
        theme = CSS(
            url_fetcher=job.fetcher,
            font_config=fonts,
            color_profiles=profiles,
            filename=str(job.theme / "print.css"),
        )
        own = []
        for name in job.config.pdf.css:
            path = job.config.root / name
            where = job.config.rel(job.config.path)
            if not job.config.sandbox.allows(path):  # WeasyPrint opens it itself, not through the fetcher
                raise error(where, None, REFUSED, job.config.sandbox.refusal(f"stylesheet '{name}'", path))
            if not path.is_file():
                raise error(where, None, "css-missing", f"stylesheet '{name}' does not exist")
            own.append(
                CSS(url_fetcher=job.fetcher, font_config=fonts, color_profiles=profiles, filename=str(path))
            )
        if reuse is not None:
            reuse.update(
                fonts=fonts,
                profiles=profiles,
                theme=theme,
                own=own,
                refused=list(job.fetcher.refused[refused:]),
            )
    page = CSS(
        url_fetcher=job.fetcher,
        font_config=fonts,
        color_profiles=profiles,
        string=geometry.page_css()
        + job.profile.stylesheet(job.cmyk_profile)
        + running_head_css(job.config)
        + extra_css,
    )
    stylesheets = [theme, page, *own]
    base_url = job.config.root.resolve().as_uri() + "/"
    with _weasyprint_log(job.diagnostics, job.fetcher):
        return HTML(string=html, base_url=base_url, url_fetcher=job.fetcher).render(
            stylesheets=stylesheets, font_config=fonts, color_profiles=profiles
        )


def _cmyk_profile(config: Config, profile: PrintProfile, diagnostics: Diagnostics) -> Path | None:
    """The CMYK output profile of a press PDF: the book's own, or the system's."""
    if not profile.cmyk:
        return None
    if config.pdf.icc_profile:
        path = config.sandbox.file(config.root / config.pdf.icc_profile)
        if path is None:
            raise error(
                config.rel(config.path),
                None,
                "icc-missing",
                f"icc-profile '{config.pdf.icc_profile}' not found",
            )
        return path
    if SYSTEM_CMYK_PROFILE.is_file():
        return SYSTEM_CMYK_PROFILE
    diagnostics.warn(
        config.rel(config.path),
        None,
        "icc-missing",
        "no CMYK output profile (install libgs-common or set [output.pdf] icc-profile); PDF/X needs one",
    )
    return None


def _body_start_id(book: Book) -> str | None:
    first = book.body[0] if book.body else (book.back[0] if book.back else None)
    return first.id if first is not None else None


def _first_page_with(document, anchor: str | None) -> int:
    if anchor is None:
        return 0
    for index, page in enumerate(document.pages):
        if anchor in page.anchors:
            return index
    return 0


def _document_id(book: Book, created: str | None) -> str:
    """A PDF/X document id that is the same for the same book built at the same time."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{book.meta.identifier}|{created or ''}"))


def _finisher(body_start: int, document_id: str, version: str):
    """Page labels — front matter in lower-case roman numerals, the body in
    arabic from 1 —, the book's version in the document information, and a
    reproducible XMP document id (WeasyPrint writes a random one for PDF/X-4,
    which would make two builds of a book differ)."""

    def finisher(_document, pdf: pydyf.PDF) -> None:
        if version:
            pdf.info["Version"] = pydyf.String(version)
        nums = pydyf.Array()
        if body_start > 0:
            nums.extend([0, pydyf.Dictionary({"S": "/r"})])
        nums.extend([body_start, pydyf.Dictionary({"S": "/D"})])
        pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": nums})
        for obj in pdf.objects:
            if isinstance(obj, pydyf.Stream) and obj.extra.get("Type") == "/Metadata":
                fixed = f"xmp.did:{document_id}".encode()
                obj.stream = [_XMP_DOCUMENT_ID.sub(fixed, _as_bytes(part)) for part in obj.stream]

    return finisher


_XMP_DOCUMENT_ID = re.compile(rb"xmp\.did:[0-9a-fA-F-]+")


def _as_bytes(part: bytes | str) -> bytes:
    return part.encode() if isinstance(part, str) else part


def _report_refused(book: Book, config: Config, fetcher: SandboxFetcher, diagnostics: Diagnostics) -> None:
    base = config.root.resolve().as_uri() + "/"
    places: dict[str, SourceRef] = {}
    for chapter in book.chapters():
        for node in query(chapter):
            if isinstance(node, Image):
                places.setdefault(node.src, node.source)
                places.setdefault(base + node.src, node.source)
    for url, reason in fetcher.refused:
        source = places.get(url) or places.get(url.removeprefix(base))
        path, line = (source.path, source.line) if source else ("", None)
        diagnostics.warn(path, line, "resource-refused", f"resource '{url}' refused: {reason}")


class _Collect(logging.Handler):
    def __init__(self, diagnostics: Diagnostics, fetcher: SandboxFetcher) -> None:
        super().__init__(logging.WARNING)
        self.diagnostics = diagnostics
        self.fetcher = fetcher

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if any(url in message for url, _ in self.fetcher.refused):
            return  # reported with its manuscript place by _report_refused
        first_line = message.splitlines()[0] if message else ""
        self.diagnostics.warn("", None, "render", first_line)


@contextmanager
def _weasyprint_log(diagnostics: Diagnostics, fetcher: SandboxFetcher) -> Iterator[None]:
    with logged_into(_Collect(diagnostics, fetcher)):
        yield
