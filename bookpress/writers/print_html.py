"""The HTML document WeasyPrint lays out: title page, contents, chapters.

Differences from the shared writer: footnotes are written where they are
called, as ``float: footnote`` elements, so that they land at the foot of
the page; the first element of the body carries ``body-start`` so that the
stylesheet restarts the folio at 1 there.
"""

from __future__ import annotations

import dataclasses
from html import escape
from pathlib import Path

from .. import __version__
from ..config import Config
from ..limits import LONG_WORD_STEP, LONG_WORD_WARN, TOC_MAX_ENTRIES
from ..mathtex import MathCache, MathError, latex_to_svg, too_wide
from ..model import (
    Block,
    Chapter,
    Code,
    CodeBlock,
    CrossRef,
    Figure,
    FootnoteRef,
    Image,
    ListBlock,
    Paragraph,
    Part,
    Table,
    Text,
    TocEntry,
    query,
)
from ..profiles import DEFAULT, PrintProfile
from ..vocabulary import copyright_line, isbn
from . import templates
from .long_words import break_long_words
from .markup import HtmlWriter, strip_notes
from .svg_images import sanitised_svg_uri

# Math is drawn at the body size and scaled in em wherever it appears.
MATH_SIZE_PT = 10.5  # the default theme's; a theme sets its own (bookpress.theme_metrics)


class PrintHtml(HtmlWriter):
    # Index locators' pages from a first layout: id → (page index, page label).
    index_pages: dict[str, tuple[int, str]] | None = None
    # Drawn formulas kept across builds (the out folder's .cache/math).
    math_cache: MathCache | None = None
    # The size formulas are drawn at: the theme's body text (--text-size / --math-size).
    math_size_pt: float = MATH_SIZE_PT
    # The book's folder: SVG images that refer outside themselves are drawn
    # from a sanitised copy (WeasyPrint drops a whole SVG whose stylesheet
    # imports a URL the sandbox refuses).
    book_root: Path | None = None
    _svg_uris: dict[str, str | None] | None = None

    def document(self, config: Config, created: str | None, profile: PrintProfile = DEFAULT) -> str:
        meta = self.book.meta
        chapters: list[str] = [self.chapter_html(ch, verso=meta.title) for ch in self.book.front]
        first = True
        for item in self.book.body:
            start = ["body-start"] if first else []
            first = False
            if isinstance(item, Part):
                chapters.append(self.part_html(item, start))
                verso = self.plain(item.title)
                chapters.extend(self.chapter_html(ch, ["in-part"], verso) for ch in item.chapters)
            else:
                chapters.append(self.chapter_html(item, start, meta.title))
        back_start = ["body-start"] if first else []
        for ch in self.book.back:
            chapters.append(self.chapter_html(ch, back_start, meta.title))
            back_start = []
        chapter_start = profile.chapter_start(config.pdf.chapter_start)
        year = (created or meta.date or "")[:4]
        return templates.render(
            "print.html.j2",
            meta=meta,
            version=__version__,
            created=created,
            half_title=config.pdf.half_title,
            copyright=copyright_line(meta, year),
            isbn=isbn(meta),
            build_date=(created or "")[:10],
            toc=self.toc_html(self.book.toc, self.toc_depth(config.pdf.toc_depth)),
            figures=self.list_of(Figure, "Figure") if config.pdf.list_of_figures else "",
            tables=self.list_of(Table, "Table") if config.pdf.list_of_tables else "",
            chapters="\n".join(chapters),
            body_classes=f"chapter-start-{chapter_start} profile-{profile.name}",
        )

    def single_chapter(
        self, config: Config, created: str | None, profile: PrintProfile, chapter: Chapter
    ) -> str:
        """A document of one back-matter chapter (the index, laid out again)."""
        chapter_start = profile.chapter_start(config.pdf.chapter_start)
        return templates.render(
            "chapter.html.j2",
            meta=self.book.meta,
            created=created,
            chapter=self.chapter_html(chapter, verso=self.book.meta.title),
            body_classes=f"chapter-start-{chapter_start} profile-{profile.name}",
        )

    def toc_depth(self, depth: int) -> int:
        """``depth``, or less when the contents would list more entries than
        :data:`~bookpress.limits.TOC_MAX_ENTRIES`: each page of contents is laid
        out three times (its page numbers are known only after the book), with
        a dotted leader per entry — thousands of entries cost more than the rest
        of the book."""
        fitting = depth
        while fitting > 1 and _toc_entries(self.book.toc, fitting) > TOC_MAX_ENTRIES:
            fitting -= 1
        if fitting < depth:
            message = (
                f"the contents would list {_toc_entries(self.book.toc, depth):,} entries "
                f"([output.pdf] toc-depth {depth}), more than {TOC_MAX_ENTRIES:,}; "
                f"they list {fitting} level{'s' if fitting > 1 else ''}"
            )
            self.diagnostics.warn("book.toml", None, "toc-too-long", message)
        return fitting

    def list_of(self, kind: type[Figure] | type[Table], word: str) -> str:
        """A list of figures or tables: number, caption, page."""
        items = []
        for chapter in self.book.chapters():
            for node in query(chapter):
                if isinstance(node, kind) and node.number and node.attr.id:
                    number = f'<span class="toc-number">{word} {escape(node.number)}</span> '
                    caption = self.inlines(strip_notes(node.caption))
                    href = escape(node.attr.id)
                    link = f'<a href="#{href}">{number}<span class="toc-title">{caption}</span></a>'
                    items.append(f'<li class="toc-section">{link}</li>')
        return '<ol class="toc-list">\n' + "\n".join(items) + "\n</ol>" if items else ""

    def part_html(self, part: Part, classes: list[str] | None = None) -> str:
        html = super().part_html(part)
        if classes:
            html = html.replace('class="part"', f'class="part {" ".join(classes)}"', 1)
        return html

    def image_src(self, node: Image) -> str | None:
        src = super().image_src(node)
        if src is None or self.book_root is None or not src.lower().endswith(".svg") or "://" in src:
            return src
        if self._svg_uris is None:
            self._svg_uris = {}
        if src not in self._svg_uris:
            self._svg_uris[src] = sanitised_svg_uri(src, self.book_root, self.diagnostics)
        uri = self._svg_uris[src]
        return src if uri == "" else uri

    def embed_code(self, url: str) -> str:
        """A QR code of the online place, drawn as vectors (an SVG image)."""
        if not url:
            return ""
        import segno  # only books with interactive figures and a [book] url need it

        uri = segno.make(url, error="m", micro=False).svg_data_uri(border=0, dark="#000", nl=False)
        return f'<img class="embed-qr" src="{escape(uri)}" alt="QR code: {escape(url)}"/>'

    # Long words get line-break opportunities (see long_words.py).
    def long_words(self, text: str) -> str:
        broken, longest = break_long_words(text)
        if longest > LONG_WORD_WARN:
            where = self.chapter.source.path if self.chapter is not None else ""
            message = (
                f"a word of {longest:,} characters (no space in it) prints as lines broken "
                f"every {LONG_WORD_STEP} characters"
            )
            self.diagnostics.warn(where, None, "long-word", message)
        return broken

    def inline_text(self, node: Text) -> str:
        return super().inline_text(Text(self.long_words(node.text)))

    def inline_code(self, node: Code) -> str:
        return super().inline_code(dataclasses.replace(node, text=self.long_words(node.text)))

    def code_lines(self, node: CodeBlock) -> list[str]:
        return super().code_lines(dataclasses.replace(node, text=self.long_words(node.text)))

    def math_html(self, tex: str, display: bool, error: str) -> str:
        """Math as a vector SVG image, sized in em so that it follows the
        font size around it (text, footnote, caption)."""
        if error:
            return super().math_html(self.long_words(tex), display, error)
        try:
            draw = self.math_cache.svg if self.math_cache is not None else latex_to_svg
            svg = draw(tex, display, self.math_size_pt)
        except MathError:
            return super().math_html(self.long_words(tex), display, error)
        wide = too_wide(svg)
        if wide:
            where = self.chapter.source.path if self.chapter is not None else ""
            self.diagnostics.warn(where, None, "math-too-large", wide)
            return super().math_html(self.long_words(tex), display, wide)

        def em(points: float) -> str:
            return f"{points / self.math_size_pt:.3f}em"

        # A display formula wider than the text block shrinks (max-width); with
        # a fixed height it would keep its full height, so it gets a width only.
        style = f"width: {em(svg.width_pt)}"
        if not display:
            style += f"; height: {em(svg.height_pt)}; vertical-align: {em(svg.vertical_align_pt)}"
        css_class = "math display" if display else "math"
        return f'<img class="{css_class}" src="{svg.data_uri}" alt="{escape(tex)}" style="{style}"/>'

    def page_reference(self, node: CrossRef) -> str:
        if not node.page:
            return ""
        target = escape(node.target)
        return f'<span class="page-ref"> on page <a class="page-number" href="#{target}"></a></span>'

    def index_locators(self, ids: tuple[str, ...]) -> str:
        """Page numbers from the layout, merged into ranges. Before the layout
        (the first pass, whose index is laid out again with the real numbers)
        each locator holds a stand-in of a page number's width: CSS
        target-counter() would do, but WeasyPrint updates every pending
        target-counter whenever any anchor moves — quadratic in a book with a
        thousand index marks."""
        if self.index_pages is None:
            return ", ".join(f'<a class="index-locator pending" href="#{escape(i)}">000</a>' for i in ids)
        return page_ranges(ids, self.index_pages)

    # Footnotes float to the foot of the page from where they are called.
    def inline_footnoteref(self, node: FootnoteRef) -> str:
        assert self.chapter is not None and node.number is not None
        target = self.note_id(node.number)
        if node.id != f"{self.chapter.id}-fnref-{node.number}":  # a second call of the same note
            return f'<a class="footnote-again" href="#{target}">{node.number}</a>'
        note = self._notes(self.chapter)[node.label]
        return f'<span class="footnote" id="{target}">{self.note_body(note.blocks)}</span>'

    def _notes(self, chapter: Chapter) -> dict:
        """The chapter's notes by label (looked up once per call: a search of
        the list for each call is quadratic in a chapter of many notes)."""
        cached = getattr(self, "_notes_cache", None)
        if cached is None or cached[0] is not chapter:
            cached = (chapter, {n.label: n for n in reversed(chapter.footnotes)})
            self._notes_cache = cached
        return cached[1]

    def note_body(self, blocks: tuple[Block, ...]) -> str:
        """A note's blocks as inline markup (it sits inside a paragraph)."""
        parts = []
        for block in blocks:
            if isinstance(block, Paragraph):
                parts.append(f'<span class="fn-p">{self.inlines(block.children)}</span>')
            elif isinstance(block, CodeBlock):
                code = escape(self.long_words(block.text.rstrip()), quote=False)
                parts.append(f'<code class="fn-code">{code}</code>')
            elif isinstance(block, ListBlock):
                items = "".join(
                    f'<span class="fn-li">{self.note_body(item.blocks)}</span>' for item in block.items
                )
                parts.append(f'<span class="fn-list">{items}</span>')
            else:
                parts.append(f'<span class="fn-p">{escape(_text_of(block))}</span>')
        return "".join(parts)


def _toc_entries(entries: tuple[TocEntry, ...], depth: int) -> int:
    return sum(1 + _toc_entries(e.children, depth) for e in entries if e.level <= depth)


def _text_of(block: Block) -> str:
    return " ".join(n.text for n in query(block) if isinstance(n, Text))


def page_ranges(ids: tuple[str, ...], pages: dict[str, tuple[int, str]]) -> str:
    """Locators as page numbers, each a link: duplicates dropped, runs of
    consecutive pages merged ("12–14"). ``pages`` maps an id to its physical
    page index and its label."""
    found = sorted({pages[i]: i for i in ids if i in pages}.items())
    runs: list[list[tuple[tuple[int, str], str]]] = []
    for place in found:
        (index, label), _ident = place
        if runs and runs[-1][-1][0][0] + 1 == index and label.isdigit() and runs[-1][-1][0][1].isdigit():
            runs[-1].append(place)
        elif not runs or runs[-1][-1][0][0] != index:
            runs.append([place])
    out = []
    for run in runs:
        (_, first_label), first_id = run[0]
        link = f'<a class="index-locator" href="#{escape(first_id)}">{escape(first_label)}</a>'
        if len(run) > 1:
            (_, last_label), last_id = run[-1]
            link += f'\u2013<a class="index-locator" href="#{escape(last_id)}">{escape(last_label)}</a>'
        out.append(link)
    return ", ".join(out)
