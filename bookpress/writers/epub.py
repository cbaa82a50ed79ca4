"""The EPUB 3: one XHTML file per chapter, packaged with ebooklib.

ebooklib's ``EpubHtml`` re-parses pages with lxml.html and rebuilds them (it
drops the head and can lowercase attributes), so pages are written verbatim
as plain ``EpubItem``s and their manifest properties set here. The archive
is re-packed afterwards with fixed timestamps and order: ebooklib 0.20 stamps
zip entries with the current time, which would make builds differ.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from pathlib import Path

from ebooklib import epub

from .. import __version__
from ..atomic import atomic_path
from ..config import Config
from ..diagnostics import Diagnostics
from ..mathtex import MathError, latex_to_mathml
from ..model import (
    Block,
    Book,
    Chapter,
    FootnoteRef,
    Image,
    IndexTerm,
    Paragraph,
    Part,
    TocEntry,
    plain_text,
    query,
)
from ..slug import UniqueIds, slugify, xml_id
from ..themes import builtin_styles_dir, find_theme
from . import templates
from .epub_css import StyleSheets
from .epub_images import package_images
from .markup import HtmlWriter
from .print_html import copyright_line, isbn

TEXT_DIR = "text"
CSS_PATH = "styles/epub.css"
# Manifest ids of the package's own items (ebooklib names the NCX "ncx").
FIXED_UIDS = ("style", "ncx", "nav")


@dataclass(frozen=True)
class EpubResult:
    path: Path
    chapters: int


class EpubHtml(HtmlWriter):
    """XHTML for e-readers: links across files, pop-up footnotes, packaged images."""

    def __init__(
        self,
        book: Book,
        diagnostics: Diagnostics,
        pages: PageFiles,
        images: dict[str, str],
        prefix: str,
    ) -> None:
        super().__init__(book, diagnostics)
        self.pages = pages
        self.images = images
        self.prefix = prefix  # path from the page being written to the text folder
        self.current_file = ""

    def link_href(self, url: str) -> str:
        if not url.startswith("#"):
            return url
        target = url[1:]
        file = self.pages.by_id.get(target)
        if file is None or file == self.current_file:
            return url
        if target in self.pages.of_item:  # a chapter or part: its file
            return self.prefix + file
        return f"{self.prefix}{file}#{target}"

    def raw_href(self, url: str) -> str | None:
        if url.startswith("#") and url[1:] not in self.pages.by_id:
            return None  # an anchor nowhere in the book
        return super().raw_href(url)

    def section_semantics(self, chapter: Chapter) -> str:
        # The role first: an author's own "References" chapter holding the
        # generated list is a bibliography wherever it stands.
        if chapter.role == "bibliography":
            return ' epub:type="bibliography" role="doc-bibliography"'
        if chapter.role == "index":
            return ' epub:type="index" role="doc-index"'
        if chapter.kind == "body":
            return ' epub:type="chapter" role="doc-chapter"'
        if chapter.kind == "appendix":
            return ' epub:type="appendix" role="doc-appendix"'
        return f' epub:type="{"frontmatter" if chapter.kind == "front" else "backmatter"}"'

    def part_semantics(self) -> str:
        return ' epub:type="part" role="doc-part"'

    def index_semantics(self, kind: str) -> str:
        return f' epub:type="{kind}"'

    def callout_semantics(self) -> str:
        return ' role="note"'

    def image_src(self, node: Image) -> str | None:
        packaged = None if node.attr.has("missing") else self.images.get(node.src)
        return f"../{packaged}" if packaged else None

    def math_html(self, tex: str, display: bool, error: str) -> str:
        if error:
            return super().math_html(tex, display, error)
        try:
            return latex_to_mathml(tex, display)
        except MathError:
            return super().math_html(tex, display, error)

    def inline_footnoteref(self, node: FootnoteRef) -> str:
        assert node.number is not None
        target = self.note_id(node.number)
        return (
            f'<a epub:type="noteref" role="doc-noteref" id="{escape(node.id)}" href="#{target}">'
            f"<sup>{node.number}</sup></a>"
        )

    def footnote_section(self, chapter: Chapter) -> str:
        if not chapter.footnotes:
            return ""
        notes = []
        for number, note in enumerate(chapter.footnotes, start=1):
            back = f'<a href="#{escape(chapter.id)}-fnref-{number}" role="doc-backlink">{number}.</a> '
            notes.append(
                f'<aside epub:type="footnote" role="doc-footnote" id="{self.note_id(number)}">'
                f"{self._note_blocks(note.blocks, back)}</aside>"
            )
        return '<section class="footnotes">\n<hr/>\n' + "\n".join(notes) + "\n</section>\n"

    def _note_blocks(self, blocks: tuple[Block, ...], back: str) -> str:
        if blocks and isinstance(blocks[0], Paragraph):
            first = f'<p class="footnote">{back}{self.inlines(blocks[0].children)}</p>'
            return first + self.blocks(blocks[1:])
        return f'<p class="footnote">{back}</p>' + self.blocks(blocks)


@dataclass(frozen=True)
class PageFiles:
    """Where every page of the EPUB is: chapters and parts first, by their ids,
    then the pages bookpress makes (cover, title page, copyright), which take
    the names left over. A chapter called ``copyright.md`` or ``cover.md``, or
    one whose id is ``title-page``, keeps its file, its manifest id and its
    place in the spine; the generated page moves aside."""

    of_item: dict[str, str]  # chapter or part id → file name in the text folder
    by_id: dict[str, str]  # every id of the book → the file that holds it
    uids: dict[str, str]  # chapter or part id → manifest id
    generated: dict[str, str]  # "cover", "titlepage", "copyright" → file name
    generated_uids: dict[str, str]  # the same → manifest id


# Ids that make a good file name as they are; others are slugged (EPUBCheck
# warns about non-ASCII file names, and names must differ ignoring case).
_PLAIN_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")
GENERATED = (("cover", "cover-page"), ("titlepage", "title-page"), ("copyright", "copyright-page"))


def page_files(book: Book, uids: UniqueIds) -> PageFiles:
    """File names (ASCII, unique even without regard to case) and manifest ids
    for every page; ``uids`` already holds the ids of the package's own items."""
    names = UniqueIds()
    of_item: dict[str, str] = {}
    by_id: dict[str, str] = {}
    item_uids: dict[str, str] = {}
    for item in _reading_order(book):
        stem = item.id if _PLAIN_NAME.fullmatch(item.id) else slugify(item.id, "chapter")
        name = names.claim(stem) + ".xhtml"
        of_item[item.id] = name
        item_uids[item.id] = uids.claim(xml_id(item.id, "chapter"))
        by_id[item.id] = name
        if isinstance(item, Part):
            continue
        for node in query(item):
            attr = getattr(node, "attr", None)
            if attr is not None and attr.id:
                by_id.setdefault(attr.id, name)
            if isinstance(node, (FootnoteRef, IndexTerm)) and node.id:
                by_id.setdefault(node.id, name)
    generated = {page: names.claim(page) + ".xhtml" for page, _ in GENERATED}
    generated_uids = {page: uids.claim(uid) for page, uid in GENERATED}
    return PageFiles(of_item, by_id, item_uids, generated, generated_uids)


def write_epub(
    book: Book,
    config: Config,
    target: Path,
    diagnostics: Diagnostics,
    modified: dt.datetime | None = None,
) -> EpubResult:
    modified = (modified or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    meta = book.meta
    package = epub.EpubBook()
    package.set_identifier(meta.identifier)
    package.set_title(meta.title)
    package.set_language(meta.language)
    for n, author in enumerate(meta.authors, start=1):
        package.add_author(author.name, uid=f"creator-{n}")
    for name, value in (
        ("description", meta.description),
        ("publisher", meta.publisher),
        ("date", meta.date),
        ("rights", meta.license),
    ):
        if value:
            package.add_metadata("DC", name, value)
    package.add_metadata(None, "meta", None, {"name": "generator", "content": f"bookpress {__version__}"})
    if meta.version:
        package.add_metadata(None, "meta", meta.version, {"property": "schema:version"})

    uids = UniqueIds()
    for uid in FIXED_UIDS:
        uids.claim(uid)
    images = package_images(book, config, package, diagnostics, uids)
    _accessibility_metadata(package, book, has_images=bool(images))

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

    files = page_files(book, uids)
    writer = EpubHtml(book, diagnostics, files, images, prefix="")
    spine: list[epub.EpubItem] = []
    lang = meta.language

    def page(uid: str, name: str, title: str, content: str, body_type: str = "") -> epub.EpubItem:
        xhtml = templates.render(
            "page.xhtml.j2",
            lang=lang,
            title=title,
            css=f"../{CSS_PATH}",
            content=content,
            body_type=body_type,
        )
        item = epub.EpubItem(
            uid=uid,
            file_name=f"{TEXT_DIR}/{name}",
            media_type="application/xhtml+xml",
            content=xhtml.encode(),
        )
        item.properties = _content_properties(content)
        package.add_item(item)
        spine.append(item)
        return item

    def generated(kind: str, title: str, content: str) -> str:
        page(files.generated_uids[kind], files.generated[kind], title, content)
        return f"{TEXT_DIR}/{files.generated[kind]}"

    landmarks = []
    if meta.cover and meta.cover in images:
        cover_html = templates.render(
            "cover.xhtml.j2", src=f"../{images[meta.cover]}", alt=f"Cover of {meta.title}"
        )
        landmarks.append(
            {"type": "cover", "href": generated("cover", meta.title, cover_html), "title": "Cover"}
        )
    generated("titlepage", meta.title, templates.render("titlepage.xhtml.j2", meta=meta))
    stamp = modified.strftime("%Y-%m-%d")
    copyright_page = templates.render(
        "copyright.html.j2",
        meta=meta,
        copyright=copyright_line(meta, (meta.date or stamp)[:4]),
        isbn=isbn(meta),
        build_date=stamp,
        version=__version__,
    )
    generated("copyright", "Copyright", copyright_page)

    nav_writer = EpubHtml(book, diagnostics, files, images, prefix=f"{TEXT_DIR}/")
    nav = epub.EpubItem(uid="nav", file_name="nav.xhtml", media_type="application/xhtml+xml")
    nav.properties = ["nav"]
    package.add_item(nav)
    spine.append(nav)
    landmarks.append({"type": "toc", "href": "nav.xhtml", "title": "Contents"})

    first_body = True
    for item in _reading_order(book):
        writer.current_file = files.of_item[item.id]
        title = plain_text(item.title)
        if isinstance(item, Part):
            page(files.uids[item.id], writer.current_file, title, writer.part_html(item))
            continue
        page(files.uids[item.id], writer.current_file, title, writer.chapter_html(item))
        if item.kind == "body" and first_body:
            href = f"{TEXT_DIR}/{writer.current_file}"
            landmarks.append({"type": "bodymatter", "href": href, "title": "Start"})
            first_body = False
    toc = nav_writer.toc_html(book.toc, config.epub.toc_depth)
    nav.properties = ["nav", *_content_properties(toc)]  # a formula in a heading is MathML here too
    nav.content = templates.render(
        "nav.xhtml.j2", lang=lang, css=CSS_PATH, toc=toc, landmarks=landmarks
    ).encode()

    package.toc = _ncx_toc(book.toc, files)
    package.add_item(epub.EpubNcx())
    package.spine = spine

    with atomic_path(target) as tmp:
        ok = epub.write_epub(
            str(tmp), package, {"mtime": modified, "raise_exceptions": True, "epub3_pages": False}
        )
        if ok is False:
            raise OSError(f"could not write {target}")
        _repack(tmp, modified)
    return EpubResult(target, sum(1 for _ in book.chapters()))


def _content_properties(content: str) -> list[str]:
    """Manifest properties a page needs for what it holds (ebooklib adds none)."""
    return [name for name, marker in (("mathml", "<math"), ("svg", "<svg")) if marker in content]


def _reading_order(book: Book) -> Iterator[Chapter | Part]:
    yield from book.front
    for item in book.body:
        if isinstance(item, Part):
            yield item
            yield from item.chapters
        else:
            yield item
    yield from book.back


def _accessibility_metadata(package: epub.EpubBook, book: Book, has_images: bool) -> None:
    images = [n for ch in book.chapters() for n in query(ch) if isinstance(n, Image)]
    features = ["structuralNavigation", "tableOfContents", "readingOrder"]
    if images and all(i.alt.strip() for i in images):
        features.append("alternativeText")
    modes = ["textual"] + (["visual"] if has_images else [])
    for mode in modes:
        package.add_metadata(None, "meta", mode, {"property": "schema:accessMode"})
    package.add_metadata(None, "meta", "textual", {"property": "schema:accessModeSufficient"})
    for feature in features:
        package.add_metadata(None, "meta", feature, {"property": "schema:accessibilityFeature"})
    package.add_metadata(None, "meta", "none", {"property": "schema:accessibilityHazard"})
    summary = "Reflowable text with a navigable table of contents, headings in document order" + (
        " and text alternatives for images." if "alternativeText" in features else "."
    )
    package.add_metadata(None, "meta", summary, {"property": "schema:accessibilitySummary"})


def _ncx_toc(entries: tuple[TocEntry, ...], files: PageFiles) -> list:
    def href(entry: TocEntry) -> str:
        file = files.by_id.get(entry.id, "")
        return f"{TEXT_DIR}/{file}" if entry.id in files.of_item else f"{TEXT_DIR}/{file}#{entry.id}"

    def convert(entry: TocEntry):
        title = plain_text(entry.title)
        if entry.number and entry.level == 0:
            title = f"Part {entry.number}: {title}"
        elif entry.number and entry.level == 1:
            title = f"{entry.number}. {title}"
        children = [c for c in entry.children if c.level <= 2]
        if not children:
            return epub.Link(href(entry), title, entry.id)
        return (epub.Section(title, href(entry)), [convert(c) for c in children])

    return [convert(e) for e in entries]


def _repack(path: Path, modified: dt.datetime) -> None:
    """Rewrite the archive with one timestamp for every entry, mimetype first."""
    stamp = modified.timetuple()[:6]
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    entries.sort(key=lambda e: (e[0] != "mimetype", e[0] != "META-INF/container.xml", 0))
    with zipfile.ZipFile(path, "w") as out:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            if name == "mimetype":
                info.compress_type = zipfile.ZIP_STORED
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(info, data)
