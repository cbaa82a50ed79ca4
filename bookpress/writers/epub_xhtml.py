"""The EPUB's XHTML: the shared markup writer with links across files, pop-up
footnotes, MathML and packaged images, and the file every page goes in."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape

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
    query,
)
from ..slug import UniqueIds, slugify, xml_id
from .markup import HtmlWriter

TEXT_DIR = "text"  # the chapters' folder in the package


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
    for item in reading_order(book):
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


def content_properties(content: str) -> list[str]:
    """Manifest properties a page needs for what it holds (ebooklib adds none)."""
    return [name for name, marker in (("mathml", "<math"), ("svg", "<svg")) if marker in content]


def reading_order(book: Book) -> Iterator[Chapter | Part]:
    yield from book.front
    for item in book.body:
        if isinstance(item, Part):
            yield item
            yield from item.chapters
        else:
            yield item
    yield from book.back
