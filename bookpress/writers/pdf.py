"""The print PDF: the print HTML laid out by WeasyPrint with the theme's
paged-media stylesheet, then page labels (i, ii… then 1, 2…) added."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pydyf
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from ..config import Config, length_pt
from ..diagnostics import Diagnostics, error
from ..model import Book, Image, query
from ..themes import builtin_styles_dir, find_theme
from . import weasyprint_fixes  # noqa: F401  (applies the work-arounds)
from .atomic import atomic_path
from .fetcher import SandboxFetcher
from .print_html import PrintHtml


@dataclass(frozen=True)
class PdfResult:
    path: Path
    pages: int


def page_css(config: Config) -> str:
    """What the configuration decides about the page (the theme decides the rest)."""
    width, height = config.pdf.trim
    return f"@page {{ size: {width} {height}; }}\n"


def table_capacity(config: Config) -> float:
    """Characters of table text (8.8 pt) across the text block: the trim width
    less the default theme's margins (1.6 in), at about 4.3 pt a character."""
    return max(40.0, (length_pt(config.pdf.trim[0]) - 1.6 * 72) / 4.3)


def write_pdf(
    book: Book, config: Config, target: Path, diagnostics: Diagnostics, created: str | None = None
) -> PdfResult:
    html = PrintHtml(book, diagnostics, table_capacity(config)).document(config, created)
    theme = find_theme(config.pdf.theme, config.root)
    fetcher = SandboxFetcher([config.root, theme, builtin_styles_dir()], allow_remote=config.allow_remote)
    fonts = FontConfiguration()
    stylesheets = [CSS(filename=str(theme / "print.css"), url_fetcher=fetcher, font_config=fonts)]
    stylesheets.append(CSS(string=page_css(config), font_config=fonts))
    for name in config.pdf.css:
        path = config.root / name
        if not path.is_file():
            raise error(config.rel(config.path), None, "css-missing", f"stylesheet '{name}' does not exist")
        stylesheets.append(CSS(filename=str(path), url_fetcher=fetcher, font_config=fonts))

    with _weasyprint_log(diagnostics, fetcher):
        document = HTML(
            string=html, base_url=config.root.resolve().as_uri() + "/", url_fetcher=fetcher
        ).render(stylesheets=stylesheets, font_config=fonts)
    _report_refused(book, config, fetcher, diagnostics)
    body_start = _first_page_with(document, _body_start_id(book))
    with atomic_path(target) as tmp, _weasyprint_log(diagnostics, fetcher):
        document.write_pdf(tmp, finisher=_page_labels(body_start))
    return PdfResult(target, len(document.pages))


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


def _page_labels(body_start: int):
    """Front matter in lower-case roman numerals, the body in arabic from 1."""

    def finisher(_document, pdf: pydyf.PDF) -> None:
        nums = pydyf.Array()
        if body_start > 0:
            nums.extend([0, pydyf.Dictionary({"S": "/r"})])
        nums.extend([body_start, pydyf.Dictionary({"S": "/D"})])
        pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": nums})

    return finisher


def _report_refused(book: Book, config: Config, fetcher: SandboxFetcher, diagnostics: Diagnostics) -> None:
    base = config.root.resolve().as_uri() + "/"
    places = {}
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
    logger = logging.getLogger("weasyprint")
    handler = _Collect(diagnostics, fetcher)
    saved = logger.propagate, logger.level
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate, logger.level = saved
