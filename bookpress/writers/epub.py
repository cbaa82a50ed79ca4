"""The EPUB 3: one XHTML file per chapter, packaged with ebooklib.

ebooklib's ``EpubHtml`` re-parses pages with lxml.html and rebuilds them (it
drops the head and can lowercase attributes), so pages are written verbatim
as plain ``EpubItem``s and their manifest properties set here. The archive
is re-packed afterwards with fixed timestamps and order: ebooklib 0.20 stamps
zip entries with the current time, which would make builds differ.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import urllib.request
import zipfile
from dataclasses import dataclass
from html import escape
from pathlib import Path

from ebooklib import epub
from PIL import Image as PILImage

from .. import __version__
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
from ..slug import UniqueIds, slugify
from ..themes import find_theme
from . import templates
from .atomic import atomic_path
from .html import HtmlWriter
from .print_html import copyright_line, isbn

TEXT_DIR = "text"
IMAGE_DIR = "images"
CSS_PATH = "styles/epub.css"


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
        id_files: dict[str, str],
        images: dict[str, str],
        prefix: str,
    ) -> None:
        super().__init__(book, diagnostics)
        self.id_files = id_files
        self.images = images
        self.prefix = prefix  # path from the page being written to the text folder
        self.current_file = ""

    def link_href(self, url: str) -> str:
        if not url.startswith("#"):
            return url
        target = url[1:]
        file = self.id_files.get(target)
        if file is None:
            return url
        if file == self.current_file:
            return url
        if self.id_files.get(target) == file and target == file.removesuffix(".xhtml"):
            return self.prefix + file
        return f"{self.prefix}{file}#{target}"

    def section_semantics(self, chapter: Chapter) -> str:
        if chapter.kind == "body":
            return ' epub:type="chapter" role="doc-chapter"'
        if chapter.kind == "appendix":
            return ' epub:type="appendix" role="doc-appendix"'
        if chapter.role == "bibliography":
            return ' epub:type="bibliography" role="doc-bibliography"'
        if chapter.role == "index":
            return ' epub:type="index" role="doc-index"'
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

    images = _package_images(book, config, package, diagnostics)
    _accessibility_metadata(package, book, has_images=bool(images))

    theme = find_theme(config.epub.theme, config.root, needs="epub.css")
    css = _inline_imports(theme / "epub.css")
    for name in config.epub.css:
        css += "\n" + (config.root / name).read_text(encoding="utf-8")
    package.add_item(
        epub.EpubItem(uid="style", file_name=CSS_PATH, media_type="text/css", content=css.encode())
    )

    id_files = _id_files(book)
    writer = EpubHtml(book, diagnostics, id_files, images, prefix="")
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
        item.properties = [
            name for name, marker in (("mathml", "<math"), ("svg", "<svg")) if marker in content
        ]
        package.add_item(item)
        spine.append(item)
        return item

    landmarks = []
    if meta.cover and meta.cover in images:
        cover_html = templates.render(
            "cover.xhtml.j2", src=f"../{images[meta.cover]}", alt=f"Cover of {meta.title}"
        )
        page("cover-page", "cover.xhtml", meta.title, cover_html)
        landmarks.append({"type": "cover", "href": f"{TEXT_DIR}/cover.xhtml", "title": "Cover"})
    page(
        "title-page",
        "titlepage.xhtml",
        meta.title,
        templates.render("titlepage.xhtml.j2", meta=meta),
    )
    stamp = modified.strftime("%Y-%m-%d")
    copyright_page = templates.render(
        "copyright.html.j2",
        meta=meta,
        copyright=copyright_line(meta, (meta.date or stamp)[:4]),
        isbn=isbn(meta),
        build_date=stamp,
        version=__version__,
    )
    page("copyright-page", "copyright.xhtml", "Copyright", copyright_page)

    nav_writer = EpubHtml(book, diagnostics, id_files, images, prefix=f"{TEXT_DIR}/")
    nav_html = templates.render(
        "nav.xhtml.j2",
        lang=lang,
        css=CSS_PATH,
        toc=nav_writer.toc_html(book.toc, config.epub.toc_depth),
        landmarks=landmarks,
    )
    nav = epub.EpubItem(
        uid="nav",
        file_name="nav.xhtml",
        media_type="application/xhtml+xml",
        content=nav_html.encode(),
    )
    nav.properties = ["nav"]
    package.add_item(nav)
    spine.append(nav)
    landmarks.append({"type": "toc", "href": "nav.xhtml", "title": "Contents"})

    first_body = True
    for item in _reading_order(book):
        if isinstance(item, Part):
            writer.current_file = f"{item.id}.xhtml"
            page(item.id, writer.current_file, plain_text(item.title), writer.part_html(item))
            continue
        writer.current_file = f"{item.id}.xhtml"
        page(item.id, writer.current_file, plain_text(item.title), writer.chapter_html(item), "")
        if item.kind == "body" and first_body:
            landmarks.append({"type": "bodymatter", "href": f"{TEXT_DIR}/{item.id}.xhtml", "title": "Start"})
            first_body = False
    # The nav was rendered before the landmarks were complete: render it again.
    nav.content = templates.render(
        "nav.xhtml.j2",
        lang=lang,
        css=CSS_PATH,
        toc=nav_writer.toc_html(book.toc, config.epub.toc_depth),
        landmarks=landmarks,
    ).encode()

    package.toc = _ncx_toc(book.toc)
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


def _reading_order(book: Book):
    yield from book.front
    for item in book.body:
        if isinstance(item, Part):
            yield item
            yield from item.chapters
        else:
            yield item
    yield from book.back


def _id_files(book: Book) -> dict[str, str]:
    """Which XHTML file holds each id."""
    files: dict[str, str] = {}
    for item in _reading_order(book):
        name = f"{item.id}.xhtml"
        files[item.id] = name
        if isinstance(item, Part):
            continue
        for node in query(item):
            attr = getattr(node, "attr", None)
            if attr is not None and attr.id:
                files.setdefault(attr.id, name)
            if isinstance(node, (FootnoteRef, IndexTerm)) and node.id:
                files.setdefault(node.id, name)
    return files


def _package_images(
    book: Book, config: Config, package: epub.EpubBook, diagnostics: Diagnostics
) -> dict[str, str]:
    """Copy every image the book uses into the EPUB; map its src to the packaged path."""
    packaged: dict[str, str] = {}
    names = UniqueIds()
    sources = [
        n.src
        for ch in book.chapters()
        for n in query(ch)
        if isinstance(n, Image) and not n.attr.has("missing")
    ]
    if book.meta.cover:
        sources.append(book.meta.cover)
    for src in sources:
        if src in packaged or src.startswith("data:"):
            continue
        found = _image_data(src, config, diagnostics)
        if found is None:
            continue
        data, media_type, ext = found
        stem = posixpath.splitext(
            src.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1] if "://" in src else src
        )[0]
        name = f"{IMAGE_DIR}/{names.claim(slugify(stem, 'image'))}{ext}"
        uid = "img-" + name.split("/", 1)[1].replace(".", "-")
        item = epub.EpubItem(uid=uid, file_name=name, media_type=media_type, content=data)
        if src == book.meta.cover:
            item.properties = ["cover-image"]
        package.add_item(item)
        packaged[src] = name
    return packaged


# EPUB 3 core media types for images; anything else is converted to PNG.
_CORE_IMAGES = {
    "PNG": ("image/png", ".png"),
    "JPEG": ("image/jpeg", ".jpg"),
    "GIF": ("image/gif", ".gif"),
    "WEBP": ("image/webp", ".webp"),
}


def _image_data(src: str, config: Config, diagnostics: Diagnostics) -> tuple[bytes, str, str] | None:
    """The image's bytes in a type every reading system shows, with its media type."""
    if "://" in src:
        if not config.allow_remote:
            return None
        try:
            with urllib.request.urlopen(src, timeout=30) as response:
                data = response.read()
        except (OSError, ValueError) as exc:
            diagnostics.warn(src, None, "remote-image", f"could not fetch '{src}': {exc}")
            return None
    else:
        root = config.root.resolve()
        path = (root / src).resolve()
        if not path.is_file() or not path.is_relative_to(root):
            return None
        data = path.read_bytes()
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!DOCTYPE svg")) and b"<svg" in data[:4096]:
        return data, "image/svg+xml", ".svg"
    try:
        with PILImage.open(io.BytesIO(data)) as image:
            kind = image.format or ""
            if kind in _CORE_IMAGES:
                media_type, ext = _CORE_IMAGES[kind]
                return data, media_type, ext
            converted = io.BytesIO()
            image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB").save(converted, "PNG")
            return converted.getvalue(), "image/png", ".png"
    except (OSError, ValueError) as exc:
        diagnostics.warn(
            src, None, "image-type", f"'{src}' is not an image a reading system can show ({exc})"
        )
        return None


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


def _ncx_toc(entries: tuple[TocEntry, ...]) -> list:
    def href(entry: TocEntry, file: str) -> str:
        return (
            f"{TEXT_DIR}/{file}"
            if entry.id == file.removesuffix(".xhtml")
            else f"{TEXT_DIR}/{file}#{entry.id}"
        )

    def convert(entry: TocEntry, file: str):
        title = plain_text(entry.title)
        if entry.number and entry.level == 0:
            title = f"Part {entry.number}: {title}"
        elif entry.number and entry.level == 1:
            title = f"{entry.number}. {title}"
        link_file = f"{entry.id}.xhtml" if entry.level <= 1 else file
        children = [c for c in entry.children if c.level <= 2]
        if not children:
            return epub.Link(href(entry, link_file), title, entry.id)
        return (
            epub.Section(title, href(entry, link_file)),
            [convert(c, f"{c.id}.xhtml" if c.level <= 1 else link_file) for c in children],
        )

    return [convert(e, f"{e.id}.xhtml") for e in entries]


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


_IMPORT = re.compile(r"""^@import\s+(?:url\()?["']?([^"')]+)["']?\)?\s*;\s*$""", re.M)


def _inline_imports(path: Path, allowed: Path | None = None, depth: int = 0) -> str:
    """The stylesheet with its ``@import``s written in place (recursively):
    one file in the EPUB, and no reading system left to resolve imports.
    Imports may reach the themes folder the sheet belongs to, nothing else."""
    allowed = (allowed or path.parent.parent).resolve()
    text = path.read_text(encoding="utf-8")

    def include(match: re.Match[str]) -> str:
        target = (path.parent / match.group(1)).resolve()
        if depth > 5 or not target.is_relative_to(allowed) or not target.is_file():
            return ""
        return _inline_imports(target, allowed, depth + 1)

    return _IMPORT.sub(include, text)
