"""The EPUB 3: one XHTML file per chapter, packaged with ebooklib.

:func:`write_epub` names the steps: metadata, images and stylesheet, the
pages (generated ones, then chapters and parts), print page markers when the
print PDF was built in the same run, the accessibility checks and the claim
they back, the navigation document, the archive.

ebooklib's ``EpubHtml`` re-parses pages with lxml.html and rebuilds them (it
drops the head and can lowercase attributes), so pages are written verbatim
as plain ``EpubItem``s and their manifest properties set here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from ebooklib import epub

from .. import __version__
from ..config import Config
from ..cover.epub_image import add_drawn_cover
from ..diagnostics import Diagnostics
from ..model import Book, Image, Part, plain_text, query
from ..slug import UniqueIds
from ..themes import builtin_styles_dir, find_theme
from ..vocabulary import copyright_line, isbn
from . import epub_a11y, epub_meta, templates
from .epub_css import StyleSheets
from .epub_images import package_images
from .epub_package import ncx_toc, write_archive
from .epub_pagelist import PageBreak, PrintPage, insert_page_breaks, page_list_nav
from .epub_xhtml import (
    TEXT_DIR,
    EpubHtml,
    PageFiles,
    content_properties,
    page_files,
    reading_order,
)

__all__ = ["EpubHtml", "EpubResult", "PageFiles", "PrintPage", "page_files", "write_epub"]

CSS_PATH = "styles/epub.css"
# Manifest ids of the package's own items (ebooklib names the NCX "ncx").
FIXED_UIDS = ("style", "ncx", "nav")


@dataclass(frozen=True)
class EpubResult:
    path: Path
    chapters: int
    page_breaks: int = 0  # print page markers placed (0: no page list)
    pages_found: int = 0  # of them, placed at the page's first text
    accessibility: epub_a11y.Report | None = None


@dataclass(frozen=True)
class Page:
    """One XHTML file of the spine, before it is templated."""

    uid: str
    name: str  # file name in the text folder
    title: str
    content: str
    source: str = ""  # the manuscript file, for diagnostics


def write_epub(
    book: Book,
    config: Config,
    target: Path,
    diagnostics: Diagnostics,
    modified: dt.datetime | None = None,
    print_pages: list[PrintPage] | None = None,
) -> EpubResult:
    """Write the EPUB of ``book`` to ``target``. With ``print_pages`` (the
    pages of the print PDF built in the same run) it carries a page list."""
    modified = (modified or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    meta = book.meta
    package = epub.EpubBook()
    epub_meta.describe(package, meta)
    uids = UniqueIds()
    for uid in FIXED_UIDS:
        uids.claim(uid)
    images = package_images(book, config, package, diagnostics, uids)
    book = add_drawn_cover(book, config, package, images, uids, diagnostics)  # [cover] front, no [book] cover
    _add_stylesheet(package, config, uids, diagnostics)
    files = page_files(book, uids)

    front, landmarks = _generated_pages(book, files, images, modified)
    chapters, body_start = _chapter_pages(book, files, images, diagnostics)
    pages = front + chapters
    landmarks.append({"type": "toc", "href": "nav.xhtml", "title": "Contents"})
    if body_start:
        landmarks.append({"type": "bodymatter", "href": f"{TEXT_DIR}/{body_start}", "title": "Start"})
    breaks: list[PageBreak] = []
    if print_pages is not None:
        pages, breaks = _with_page_breaks(pages, print_pages, files)

    nav_writer = EpubHtml(book, diagnostics, files, images, prefix=f"{TEXT_DIR}/")
    toc = nav_writer.toc_html(book.toc, config.epub.toc_depth)
    page_list = page_list_nav(breaks, [f"{TEXT_DIR}/{p.name}" for p in pages]) if breaks else ""
    nav_xhtml = templates.render(
        "nav.xhtml.j2", lang=meta.language, css=CSS_PATH, toc=toc, landmarks=landmarks, page_list=page_list
    )
    xhtml = [_xhtml(meta.language, page) for page in pages]

    report = _check_accessibility(book, pages, xhtml, nav_xhtml, images, print_pages, diagnostics)
    epub_meta.accessibility(package, epub_a11y.claim(report))
    if breaks:
        epub_meta.page_source(package, meta)

    spine: list[epub.EpubItem] = []
    for page, text in zip(pages, xhtml, strict=True):
        item = epub.EpubItem(
            uid=page.uid,
            file_name=f"{TEXT_DIR}/{page.name}",
            media_type="application/xhtml+xml",
            content=text.encode(),
        )
        item.properties = content_properties(page.content)
        package.add_item(item)
        spine.append(item)
    nav = epub.EpubItem(
        uid="nav", file_name="nav.xhtml", media_type="application/xhtml+xml", content=nav_xhtml.encode()
    )
    nav.properties = ["nav", *content_properties(toc)]  # a formula in a heading is MathML here too
    package.add_item(nav)
    spine.insert(len(front), nav)  # after the generated pages, before the first chapter
    package.toc = ncx_toc(book.toc, files)
    package.add_item(epub.EpubNcx())
    package.spine = spine
    write_archive(package, target, modified)
    found = sum(1 for b in breaks if b.found)
    return EpubResult(target, sum(1 for _ in book.chapters()), len(breaks), found, report)


def _add_stylesheet(
    package: epub.EpubBook, config: Config, uids: UniqueIds, diagnostics: Diagnostics
) -> None:
    theme = find_theme(config.epub.theme, config.root, needs="epub.css", sandbox=config.sandbox)
    sheets = StyleSheets(config.root, package, uids, diagnostics)
    builtin = theme.resolve().is_relative_to(builtin_styles_dir().resolve())
    theme_roots = [builtin_styles_dir()] if builtin else [config.root]
    css = sheets.sheet(theme / "epub.css", theme_roots, config.rel(theme / "epub.css"))
    for name in config.epub.css:
        css += "\n" + sheets.sheet(config.root / name, [config.root], name)
    package.add_item(
        epub.EpubItem(uid="style", file_name=CSS_PATH, media_type="text/css", content=css.encode())
    )


def _generated_pages(
    book: Book, files: PageFiles, images: dict[str, str], modified: dt.datetime
) -> tuple[list[Page], list[dict[str, str]]]:
    """The cover (when the book has one), the title page and the copyright page."""
    meta = book.meta
    pages: list[Page] = []
    landmarks: list[dict[str, str]] = []

    def add(kind: str, title: str, content: str) -> str:
        pages.append(Page(files.generated_uids[kind], files.generated[kind], title, content))
        return f"{TEXT_DIR}/{files.generated[kind]}"

    if meta.cover and meta.cover in images:
        cover_html = templates.render(
            "cover.xhtml.j2", src=f"../{images[meta.cover]}", alt=f"Cover of {meta.title}"
        )
        landmarks.append({"type": "cover", "href": add("cover", meta.title, cover_html), "title": "Cover"})
    add("titlepage", meta.title, templates.render("titlepage.xhtml.j2", meta=meta))
    stamp = modified.strftime("%Y-%m-%d")
    copyright_page = templates.render(
        "copyright.html.j2",
        meta=meta,
        copyright=copyright_line(meta, (meta.date or stamp)[:4]),
        isbn=isbn(meta),
        build_date=stamp,
        version=__version__,
    )
    add("copyright", "Copyright", copyright_page)
    return pages, landmarks


def _chapter_pages(
    book: Book, files: PageFiles, images: dict[str, str], diagnostics: Diagnostics
) -> tuple[list[Page], str]:
    """Parts and chapters in reading order, and the file of the first body chapter."""
    writer = EpubHtml(book, diagnostics, files, images, prefix="")
    pages: list[Page] = []
    body_start = ""
    for item in reading_order(book):
        writer.current_file = files.of_item[item.id]
        title = plain_text(item.title)
        if isinstance(item, Part):
            pages.append(Page(files.uids[item.id], writer.current_file, title, writer.part_html(item)))
            continue
        html = writer.chapter_html(item)
        pages.append(Page(files.uids[item.id], writer.current_file, title, html, item.source.path))
        if item.kind == "body" and not body_start:
            body_start = writer.current_file
    return pages, body_start


def _with_page_breaks(
    pages: list[Page], print_pages: list[PrintPage], files: PageFiles
) -> tuple[list[Page], list[PageBreak]]:
    contents, breaks = insert_page_breaks(print_pages, [p.content for p in pages], set(files.by_id))
    return [replace(p, content=c) for p, c in zip(pages, contents, strict=True)], breaks


def _xhtml(lang: str, page: Page) -> str:
    return templates.render(
        "page.xhtml.j2", lang=lang, title=page.title, css=f"../{CSS_PATH}", content=page.content, body_type=""
    )


def _check_accessibility(
    book: Book,
    pages: list[Page],
    xhtml: list[str],
    nav_xhtml: str,
    images: dict[str, str],
    print_pages: list[PrintPage] | None,
    diagnostics: Diagnostics,
) -> epub_a11y.Report:
    """Check what the metadata will claim; one warning per image without a text
    alternative, and one per check that failed (the claim is then withheld)."""
    sources: dict[str, tuple[str, int | None, str]] = {}
    for chapter in book.chapters():
        for node in query(chapter):
            if isinstance(node, Image) and node.src in images:
                place = (node.source.path, node.source.line or None, node.src)
                sources.setdefault(f"../{images[node.src]}", place)
    documents = [
        epub_a11y.Document(f"{TEXT_DIR}/{p.name}", text, p.source)
        for p, text in zip(pages, xhtml, strict=True)
    ]
    documents.append(epub_a11y.Document("nav.xhtml", nav_xhtml))
    labels = [p.label for p in print_pages] if print_pages is not None else None
    report = epub_a11y.check(documents, sources, labels)
    for problem in report.failed("image-alt"):
        diagnostics.warn(problem.path, problem.line, "epub-image-alt", problem.message)
    for name in report.failed_checks:
        failed = report.failed(name)
        first = failed[0]
        more = f" (and {len(failed) - 1} more)" if len(failed) > 1 else ""
        diagnostics.warn(
            first.path if name != "image-alt" else "",
            first.line if name != "image-alt" else None,
            "epub-accessibility",
            f"EPUB accessibility check '{name}' failed: {first.message}{more}; "
            "the EPUB claims no conformance and only the features that hold",
        )
    return report
