"""The one HTML writer: model nodes → markup, one method per node type.

Output is always well-formed XML (``<br/>``, quoted attributes, escaped
text), so the same markup is HTML for WeasyPrint and XHTML for the EPUB. The
print and EPUB writers subclass :class:`HtmlWriter` and override the handful
of methods where the two differ (links between files, footnotes, images).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from html import escape

from ..diagnostics import Diagnostics
from ..htmlspec import xml_safe
from ..interactive import is_embed, kind_word
from ..model import (
    Attr,
    Block,
    BlockQuote,
    Book,
    Callout,
    Chapter,
    Citation,
    Code,
    CodeBlock,
    CrossRef,
    DefinitionList,
    Div,
    Emph,
    Figure,
    FootnoteRef,
    Heading,
    Image,
    IndexBlock,
    IndexEntry,
    IndexTerm,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Math,
    MathBlock,
    Paragraph,
    Part,
    RawBlock,
    RawInline,
    Rule,
    Span,
    Strike,
    Strong,
    Table,
    Text,
    TocEntry,
    plain_text,
    unlinked,
)
from ..url_syntax import UrlError, valid_url
from ..vocabulary import listing_caption, note_id
from .attr_markup import attr_html
from .code_markup import code_markup
from .highlight import highlight_lines
from .raw_links import repair_links
from .rawhtml import sanitize
from .table_width import table_width_class

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
# Listings up to this many lines are never split across pages.
SHORT_LISTING = 12
# A token this long in a table cell may break anywhere (see inline_text).
LONG_TOKEN = re.compile(r"(\S{16,})")
CALLOUT_TITLES = {
    "note": "Note",
    "tip": "Tip",
    "important": "Important",
    "warning": "Warning",
    "caution": "Caution",
}


class HtmlWriter:
    """Shared rendering; ``self.chapter`` is the chapter being written."""

    def __init__(self, book: Book, diagnostics: Diagnostics, table_chars: float = 90) -> None:
        self.book = book
        self.diagnostics = diagnostics
        self.chapter: Chapter | None = None
        self.table_chars = table_chars  # characters of table text across the text block
        self.index_labels: dict[str, str] = {}
        self.in_cell = False  # writing the inlines of a table cell

    # --- dispatch --------------------------------------------------------------

    def blocks(self, blocks: Iterable[Block]) -> str:
        return "\n".join(self.block(b) for b in blocks)

    def block(self, node: Block) -> str:
        method = getattr(self, "block_" + type(node).__name__.lower(), None)
        if method is None:
            return self.unrendered(node)
        return method(node)

    def inlines(self, nodes: Iterable[Inline]) -> str:
        return "".join(self.inline(n) for n in nodes)

    def inline(self, node: Inline) -> str:
        method = getattr(self, "inline_" + type(node).__name__.lower(), None)
        if method is None:
            return self.unrendered(node)
        return method(node)

    def unrendered(self, node: object) -> str:
        """A node this writer has no method for: left out, with a warning
        (tests/unit/test_writer_methods.py keeps every model type covered)."""
        source = getattr(node, "source", None)
        path = getattr(source, "path", "") or (self.chapter.source.path if self.chapter is not None else "")
        line = getattr(source, "line", None) if getattr(source, "path", "") else None
        kind = type(node).__name__
        message = (
            f"{type(self).__name__} cannot write a {kind} node; it is left out (a bug: please report it)"
        )
        self.diagnostics.warn(path, line, "unrendered-node", message)
        return ""

    # --- chapters ---------------------------------------------------------------

    def chapter_html(self, chapter: Chapter, classes: Iterable[str] = (), verso: str = "") -> str:
        self.chapter = chapter
        head = self.chapter_head(chapter, verso)
        body = self.blocks(chapter.blocks)
        notes = self.footnote_section(chapter)
        kind_classes = ["chapter", chapter.kind, *classes]
        attrs = attr_html(Attr(chapter.id), kind_classes) + self.section_semantics(chapter)
        self.chapter = None
        return f"<section{attrs}>\n{head}\n{body}\n{notes}</section>\n"

    def chapter_head(self, chapter: Chapter, verso: str = "") -> str:
        label = ""
        if chapter.number:
            number = escape(chapter.number)
            word = "Appendix" if chapter.kind == "appendix" else "Chapter"
            label = (
                f'<p class="chapter-label"><span class="chapter-word">{word}</span> '
                f'<span class="chapter-number">{number}</span></p>\n'
            )
        title = self.inlines(chapter.title)
        running = escape(self.plain(chapter.title))
        verso_attr = f' data-verso="{escape(verso)}"' if verso else ""
        epigraph = ""
        if chapter.epigraph:
            source = (
                f'<p class="epigraph-source">{escape(chapter.epigraph_source)}</p>'
                if chapter.epigraph_source
                else ""
            )
            text = self.inlines(chapter.epigraph)
            epigraph = f'\n<blockquote class="chapter-epigraph"><p>{text}</p>{source}</blockquote>'
        return (
            f'<header class="chapter-head">\n{label}'
            f'<h1 class="chapter-title" data-running="{running}"{verso_attr}>{title}</h1>'
            f"{epigraph}\n</header>"
        )

    def section_semantics(self, chapter: Chapter) -> str:
        """Extra attributes on a chapter's section (EPUB adds epub:type)."""
        return ""

    def part_html(self, part: Part) -> str:
        label = ""
        if part.number and not self.plain(part.title).lower().startswith("part "):
            label = f'<p class="part-label">Part {escape(part.number)}</p>\n'
        title = self.inlines(part.title)
        return (
            f"<section{attr_html(Attr(part.id), ['part'])}{self.part_semantics()}>\n"
            f'{label}<h1 class="part-title">{title}</h1>\n</section>\n'
        )

    def part_semantics(self) -> str:
        return ""

    # --- blocks ---------------------------------------------------------------------

    def block_paragraph(self, node: Paragraph) -> str:
        # A paragraph that opens with an image (an image with its credit line
        # under it) is not indented: the indent would push the image out of
        # the text block.
        classes = ["starts-with-image"] if node.children and isinstance(node.children[0], Image) else []
        return f"<p{attr_html(node.attr, classes)}>{self.inlines(node.children)}</p>"

    def block_heading(self, node: Heading) -> str:
        level = min(max(node.level, 2), 6)
        number = f'<span class="section-number">{escape(node.number)}</span> ' if node.number else ""
        running = f' data-running="{escape(self.plain(node.children))}"' if level == 2 else ""
        attrs = attr_html(node.attr, taken=("data-running",) if running else ())
        return f"<h{level}{attrs}{running}>{number}{self.inlines(node.children)}</h{level}>"

    def block_codeblock(self, node: CodeBlock) -> str:
        classes = ["code"]
        if node.language:
            classes.append(f"language-{node.language}")
        if node.attr.has("numberLines") or node.attr.has("number-lines"):
            classes.append("numbered")
        code_lines = self.code_lines(node)
        if len(code_lines) <= SHORT_LISTING:
            classes.append("short")
        source_lines = node.text.rstrip("\n").split("\n")
        lines = code_markup(code_lines, source_lines, every_line="numbered" in classes)
        caption = listing_caption(node)
        plain_attr = Attr("", node.attr.classes, ())
        if not (caption or node.number):
            return (
                f"<pre{attr_html(Attr(node.attr.id, node.attr.classes), classes)}><code>{lines}</code></pre>"
            )
        label = f'<span class="caption-label">Listing {escape(node.number)}</span>' if node.number else ""
        separator = ": " if label and caption else ""
        return (
            f"<figure{attr_html(Attr(node.attr.id), ['listing'])}>"
            f"<figcaption>{label}{separator}{escape(caption)}</figcaption>"
            f"<pre{attr_html(plain_attr, classes)}><code>{lines}</code></pre></figure>"
        )

    def code_lines(self, node: CodeBlock) -> list[str]:
        """One highlighted line of markup per source line."""
        return highlight_lines(node.text.rstrip("\n"), node.language)

    def block_mathblock(self, node: MathBlock) -> str:
        number = f'<span class="eq-number">({escape(node.number)})</span>' if node.number else ""
        math = self.math_html(node.tex, True, node.error)
        return f"<div{attr_html(node.attr, ['equation'])}>{math}{number}</div>"

    def block_figure(self, node: Figure) -> str:
        if is_embed(node.image) and self.image_src(node.image) is None:
            body = self.embed_box(node.image)
        else:
            body = self.inline_image(dataclasses.replace(node.image, attr=_without_id(node.image.attr)))
        caption = ""
        if node.caption or node.number:
            label = f'<span class="caption-label">Figure {escape(node.number)}</span>' if node.number else ""
            separator = ": " if label and node.caption else ""
            caption = f"<figcaption>{label}{separator}{self.inlines(node.caption)}</figcaption>"
        return (
            f"<figure{attr_html(Attr(node.attr.id, node.attr.classes), ['figure'])}>{body}{caption}</figure>"
        )

    def embed_box(self, image: Image) -> str:
        """The print form of interactive content that was not rendered: what it
        was, its title, and where to find it online."""
        title = image.attr.get("embed-title") or ""
        online = image.attr.get("online") or ""
        word = kind_word(image)
        parts = [f'<p class="embed-title">{escape(title)}</p>'] if title else []
        if online:
            short = re.sub(r"^https?://(www\.)?", "", online)
            link = f'<a class="url" href="{escape(online)}">{escape(short)}</a>'
            parts.append(f'<p class="embed-note">{word} in the online edition: {link}</p>')
        else:
            parts.append(f'<p class="embed-note">{word}: not reproduced in this edition.</p>')
        return f'<div class="embed-box">{self.embed_code(online)}{"".join(parts)}</div>'

    def embed_code(self, url: str) -> str:
        """A QR code for ``url`` where the reader holds paper; none on screen."""
        return ""

    def block_blockquote(self, node: BlockQuote) -> str:
        return f"<blockquote{attr_html(node.attr)}>\n{self.blocks(node.blocks)}\n</blockquote>"

    def block_listblock(self, node: ListBlock) -> str:
        tag = "ol" if node.ordered else "ul"
        start = f' start="{node.start}"' if node.ordered and node.start != 1 else ""
        classes = [] if node.tight else ["loose"]
        if any(item.checked is not None for item in node.items):
            classes.append("task-list")
        items = []
        for item in node.items:
            box = ""
            item_class = ""
            if item.checked is not None:
                box = (
                    '<span class="task-box">☑</span> ' if item.checked else '<span class="task-box">☐</span> '
                )
                item_class = ' class="task done"' if item.checked else ' class="task"'
            content = self.list_item_content(item.blocks, node.tight)
            items.append(f"<li{item_class}>{box}{content}</li>")
        return f"<{tag}{attr_html(node.attr, classes)}{start}>\n" + "\n".join(items) + f"\n</{tag}>"

    def list_item_content(self, blocks: tuple[Block, ...], tight: bool) -> str:
        if tight and blocks and isinstance(blocks[0], Paragraph):
            first = self.inlines(blocks[0].children)
            rest = self.blocks(blocks[1:])
            return first + ("\n" + rest if rest else "")
        return self.blocks(blocks)

    def block_definitionlist(self, node: DefinitionList) -> str:
        parts = []
        for item in node.items:
            parts.append(f"<dt>{self.inlines(item.term)}</dt>")
            for definition in item.definitions:
                parts.append(f"<dd>{self.list_item_content(definition, True)}</dd>")
        return f"<dl{attr_html(node.attr)}>\n" + "\n".join(parts) + "\n</dl>"

    def block_table(self, node: Table) -> str:
        width = table_width_class(node, self.table_chars)
        out = [f"<table{attr_html(Attr('', node.attr.classes))}>"]
        if node.caption or node.number:
            label = f'<span class="caption-label">Table {escape(node.number)}</span>' if node.number else ""
            separator = ": " if label and node.caption else ""
            out.append(f"<caption>{label}{separator}{self.inlines(node.caption)}</caption>")
        if node.head:
            out.append("<thead>")
            out.extend(self.table_row(row.cells, "th") for row in node.head)
            out.append("</thead>")
        out.append("<tbody>")
        out.extend(self.table_row(row.cells, "td") for row in node.body)
        out.append("</tbody></table>")
        classes = ["table-wrap", width] if width else ["table-wrap"]
        return f"<div{attr_html(Attr(node.attr.id), classes)}>{''.join(out)}</div>"

    def table_row(self, cells, tag: str) -> str:
        html = []
        self.in_cell = True
        try:
            for cell in cells:
                align = f' class="align-{cell.align}"' if cell.align else ""
                html.append(f"<{tag}{align}>{self.inlines(cell.children)}</{tag}>")
        finally:
            self.in_cell = False
        return "<tr>" + "".join(html) + "</tr>"

    def block_rule(self, node: Rule) -> str:
        return "<hr/>"

    def block_rawblock(self, node: RawBlock) -> str:
        html, removed = sanitize(node.html)
        for what in removed:
            self.diagnostics.warn(
                node.source.path,
                node.source.line,
                "unsafe-html",
                f"{what} removed: books carry no active content",
            )
        html, dropped = repair_links(html, self.raw_href)
        if dropped:
            where = node.source
            listed = ", ".join(f"'{url}'" for url in dropped)
            self.diagnostics.warn(
                where.path, where.line, "raw-link", f"link in raw HTML kept as text: {listed}"
            )
        return html

    def raw_href(self, url: str) -> str | None:
        """An ``href`` of raw HTML as this output writes it; ``None`` drops the link.
        Relative paths would lead into the build machine's folders: dropped."""
        if url.startswith("#"):
            return self.link_href(url)
        try:
            return valid_url(url) if _SCHEME.match(url) or url.startswith("//") else None
        except UrlError:
            return None

    def block_div(self, node: Div) -> str:
        return f"<div{attr_html(node.attr)}>\n{self.blocks(node.blocks)}\n</div>"

    def block_callout(self, node: Callout) -> str:
        title = (
            self.inlines(node.title)
            if node.title
            else escape(CALLOUT_TITLES.get(node.kind, node.kind.title()))
        )
        return (
            f"<aside{attr_html(node.attr, ['callout', f'callout-{node.kind}'])}"
            f"{self.callout_semantics()}>\n"
            f'<p class="callout-title">{title}</p>\n{self.blocks(node.blocks)}\n</aside>'
        )

    def callout_semantics(self) -> str:
        return ""

    # --- inlines ---------------------------------------------------------------------

    def inline_text(self, node: Text) -> str:
        # A source line break is a space. Written as one: WeasyPrint 70 keeps
        # newlines inside footnotes as forced line breaks.
        text = xml_safe(node.text).replace("\n", " ")
        if not self.in_cell:
            return escape(text, quote=False)
        # In a table cell, a long unbroken token (an environment variable, a
        # path, a shape like 16384x16384x8192) may break anywhere; ordinary
        # words keep their width, so columns shrink only where they can.
        return "".join(
            f'<span class="long-token">{escape(part, quote=False)}</span>'
            if i % 2
            else escape(part, quote=False)
            for i, part in enumerate(LONG_TOKEN.split(text))
        )

    def inline_emph(self, node: Emph) -> str:
        return f"<em>{self.inlines(node.children)}</em>"

    def inline_strong(self, node: Strong) -> str:
        return f"<strong>{self.inlines(node.children)}</strong>"

    def inline_strike(self, node: Strike) -> str:
        return f"<del>{self.inlines(node.children)}</del>"

    def inline_code(self, node: Code) -> str:
        return f"<code{attr_html(node.attr)}>{escape(xml_safe(node.text), quote=False)}</code>"

    def inline_link(self, node: Link) -> str:
        href = self.link_href(node.url)
        title = f' title="{escape(node.title)}"' if node.title else ""
        external = not node.url.startswith("#")
        classes = ["external"] if external else []
        own = attr_html(node.attr, classes, taken=("title",) if title else ())
        attrs = f'href="{escape(href)}"{title}{own}'
        return f"<a {attrs}>{self.inlines(node.children)}</a>"

    def link_href(self, url: str) -> str:
        return url

    def inline_image(self, node: Image) -> str:
        style = self.image_style(node.attr)
        title = f' title="{escape(node.title)}"' if node.title else ""
        src = self.image_src(node)
        if src is None:
            label = f"Image not available: {node.src}" + (f" ({node.alt})" if node.alt else "")
            return f'<span class="missing-image">{escape(label)}</span>'
        alt = escape(node.alt)
        attrs = attr_html(node.attr, taken=("title",) if title else ())
        return f'<img src="{escape(src)}" alt="{alt}"{title}{attrs}{style}/>'

    def image_src(self, node: Image) -> str | None:
        """Where the output finds the image; ``None`` draws a placeholder."""
        return None if node.attr.has("missing") else node.src

    @staticmethod
    def image_style(attr: Attr) -> str:
        rules = []
        for key in ("width", "height"):
            value = attr.get(key)
            if value:
                if value.isdigit():
                    value += "px"
                rules.append(f"{key}: {value}")
        return f' style="{escape("; ".join(rules))}"' if rules else ""

    def inline_math(self, node: Math) -> str:
        return self.math_html(node.tex, node.display, node.error)

    def math_html(self, tex: str, display: bool, error: str) -> str:
        """The formula for this output; here, and wherever it failed, its source."""
        delimiter = "$$" if display else "$"
        return (
            f'<code class="math-source">{escape(xml_safe(delimiter + tex + delimiter), quote=False)}</code>'
        )

    def inline_crossref(self, node: CrossRef) -> str:
        prefix = f"{escape(node.prefix)} " if node.prefix else ""
        suffix = escape(node.suffix) if node.suffix else ""
        if node.suffix and not node.suffix.startswith((",", ";", ".", ":")):
            suffix = " " + suffix
        text = self.inlines(node.text)
        if not node.target:
            return f"{prefix}{text}{suffix}"
        link = f'<a class="xref" href="{escape(self.link_href("#" + node.target))}">{text}</a>'
        return f"{prefix}{link}{self.page_reference(node)}{suffix}"

    def page_reference(self, node: CrossRef) -> str:
        """ " on page 87" where the output has pages."""
        return ""

    def inline_citation(self, node: Citation) -> str:
        """Until the book has a bibliography, a citation shows as written."""
        items = []
        for item in node.items:
            text = ("-@" if item.suppress_author else "@") + item.key
            items.append(" ".join(p for p in (item.prefix, text, item.suffix) if p))
        joined = escape("; ".join(items), quote=False)
        return f"[{joined}]" if node.bracketed else joined

    def inline_footnoteref(self, node: FootnoteRef) -> str:
        return f"<sup>{node.number}</sup>"

    def inline_indexterm(self, node: IndexTerm) -> str:
        return f'<span class="index-mark" id="{escape(node.id)}">{self.inlines(node.children)}</span>'

    # --- the index ---------------------------------------------------------------------

    def block_indexblock(self, node: IndexBlock) -> str:
        self.index_labels = dict(node.labels)
        groups = []
        for group in node.groups:
            entries = "\n".join(self.index_entry(e) for e in group.entries)
            letter = f'<h2 class="index-letter">{escape(group.letter)}</h2>'
            listing = self.index_tag("ul", "index-entries", "index-entry-list", f"\n{entries}\n")
            groups.append(self.index_tag("section", "index-group", "index-group", f"{letter}\n{listing}"))
        return f"<div{attr_html(node.attr)}>\n" + "\n".join(groups) + "\n</div>"

    def index_entry(self, entry: IndexEntry) -> str:
        parts = [self.index_tag("span", "index-term", "index-term", escape(entry.term))]
        locators = self.index_locators(entry.locators)
        if locators:
            parts.append(self.index_tag("span", "index-locators", "index-locator-list", locators))
        for target in entry.see:
            parts.append(
                self.index_tag("span", "index-see", "index-xref-preferred", f"<em>see</em> {escape(target)}")
            )
        for target in entry.seealso:
            see_also = f"<em>see also</em> {escape(target)}"
            parts.append(self.index_tag("span", "index-see", "index-xref-related", see_also))
        children = ""
        if entry.children:
            items = "\n".join(self.index_entry(c) for c in entry.children)
            children = "\n" + self.index_tag("ul", "index-subentries", "index-entry-list", f"\n{items}\n")
        return self.index_tag("li", "index-entry", "index-entry", ", ".join(parts) + children)

    def index_tag(self, tag: str, css_class: str, kind: str, content: str) -> str:
        return f'<{tag} class="{css_class}"{self.index_semantics(kind)}>{content}</{tag}>'

    def index_locators(self, ids: tuple[str, ...]) -> str:
        """Where the term is; here, by section (outputs without pages)."""
        seen: dict[str, str] = {}
        for ident in ids:
            seen.setdefault(self.index_labels.get(ident, "*"), ident)
        return ", ".join(
            f'<a class="index-locator" href="{escape(self.link_href("#" + ident))}"'
            f"{self.index_semantics('index-locator')}>{escape(label)}</a>"
            for label, ident in seen.items()
        )

    def index_semantics(self, kind: str) -> str:
        return ""

    def inline_span(self, node: Span) -> str:
        tag = node.tag
        return f"<{tag}{attr_html(node.attr)}>{self.inlines(node.children)}</{tag}>"

    def inline_linebreak(self, node: LineBreak) -> str:
        return "<br/>"

    def inline_rawinline(self, node: RawInline) -> str:
        return escape(node.html, quote=False)

    # --- footnotes ---------------------------------------------------------------------

    def footnote_section(self, chapter: Chapter) -> str:
        return ""

    def note_id(self, number: int) -> str:
        assert self.chapter is not None
        return note_id(self.chapter.id, number)

    # --- helpers ---------------------------------------------------------------------

    def plain(self, nodes: Iterable[Inline]) -> str:
        return plain_text(tuple(nodes))

    def toc_html(self, entries: Iterable[TocEntry], depth: int) -> str:
        items = []
        for entry in entries:
            items.append(self.toc_item(entry, depth))
        return '<ol class="toc-list">\n' + "\n".join(items) + "\n</ol>"

    def toc_item(self, entry: TocEntry, depth: int) -> str:
        kind = {0: "toc-part", 1: "toc-chapter"}.get(entry.level, f"toc-section toc-level-{entry.level}")
        if entry.level == 1 and entry.kind != "body":
            kind += f" toc-{entry.kind}"
        number = ""
        titled_part = entry.level == 0 and self.plain(entry.title).lower().startswith("part ")
        if entry.number and not titled_part:
            prefix = "Part " if entry.level == 0 else ""
            number = f'<span class="toc-number">{prefix}{escape(entry.number)}</span> '
        title = self.inlines(strip_notes(entry.title))
        href = escape(self.link_href("#" + entry.id))
        link = f'<a href="{href}">{number}<span class="toc-title">{title}</span></a>'
        children = [c for c in entry.children if c.level <= depth]
        nested = ""
        if children:
            nested = "\n<ol>\n" + "\n".join(self.toc_item(c, depth) for c in children) + "\n</ol>"
        return f'<li class="{kind}">{link}{nested}</li>'


def strip_notes(nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Title inlines fit for a TOC entry (itself a link): no footnote calls,
    no links or cross-reference links, no ids."""
    return unlinked(nodes)


def _without_id(attr: Attr) -> Attr:
    return Attr("", attr.classes, attr.kv)
