"""HTML blocks written in Markdown, turned into model nodes.

READMEs are full of them: ``<p align="center"><img src=…></p>``,
``<details><summary>…</summary>`` with Markdown inside, small HTML tables.
Writing them through as raw HTML would leave their images unresolved and
unpackaged and their markup unchecked, so they are read here, tag by tag,
into the same nodes Markdown produces. An element left open in one HTML
block (``<details>``) gathers the Markdown blocks that follow until its
closing tag. Active content is dropped with a warning; a tag that is not
HTML (``<jobid>``) is shown as text.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..diagnostics import Diagnostics
from ..htmlspec import BLOCK_ELEMENTS, DROPPED_ELEMENTS, KNOWN_ELEMENTS, VOID_ELEMENTS, is_unsafe_url
from ..interactive import embed_figure
from ..model import (
    Attr,
    Block,
    BlockQuote,
    Code,
    CodeBlock,
    Div,
    Emph,
    Figure,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Paragraph,
    RawBlock,
    Rule,
    SourceRef,
    Span,
    Strong,
    Table,
    TableCell,
    TableRow,
    Text,
    plain_text,
)
from .link_content import linked_blocks
from .nesting import MAX_HTML_DEPTH, warn_html_depth

EMBED_ELEMENTS = {"iframe": "iframe", "video": "video", "audio": "audio", "embed": "html", "object": "html"}
_STRONG = frozenset({"b", "strong"})
_EMPH = frozenset({"i", "em", "cite", "var", "dfn"})
_CODE = frozenset({"code", "tt", "samp", "kbd"})


@dataclass
class _Frame:
    tag: str
    attrs: dict[str, str]
    source: SourceRef
    blocks: list[Block] = field(default_factory=list)
    inlines: list[Inline] = field(default_factory=list)
    transparent: bool = False  # nested too deep: its content, without the element

    def flush(self) -> None:
        """Loose inline content becomes a paragraph (or a figure, for a lone image)."""
        content = _trim(self.inlines)
        self.inlines = []
        if content:
            self.blocks.append(_paragraph(content, self.source))


def convert_html_blocks(blocks: list[Block], diagnostics: Diagnostics) -> list[Block]:
    if not any(isinstance(b, RawBlock) for b in blocks):
        return blocks
    root = _Frame("#root", {}, SourceRef())
    stack = [root]
    for block in blocks:
        if not isinstance(block, RawBlock):
            stack[-1].flush()
            stack[-1].blocks.append(block)
            continue
        _Reader(stack, block.source, diagnostics).feed_all(block.html)
    while len(stack) > 1:  # never closed: close them here
        _close(stack, stack[-1].tag)
    root.flush()
    return root.blocks


class _Reader(HTMLParser):
    def __init__(self, stack: list[_Frame], source: SourceRef, diagnostics: Diagnostics) -> None:
        super().__init__(convert_charrefs=True)
        self.stack = stack
        self.source = source
        self.diagnostics = diagnostics
        self.dropping: str | None = None
        self.embedded: tuple[_Frame, int] | None = None  # the last embed, for its <source>
        self.components: set[str] = set()  # components opened inside HTML (lower case)

    def feed_all(self, html: str) -> None:
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if self.dropping:
            if tag == "source" and self.dropping in ("video", "audio"):
                self._embed_source(values.get("src", ""))
            return
        if tag in EMBED_ELEMENTS:
            self._embed(tag, values)
            if tag not in VOID_ELEMENTS:
                self.dropping = tag
            return
        if self._component(tag, values):
            return
        if tag in DROPPED_ELEMENTS:
            self._warn(f"<{tag}> removed: books carry no active content")
            if tag not in VOID_ELEMENTS:
                self.dropping = tag
            return
        if tag not in KNOWN_ELEMENTS:
            self.stack[-1].inlines.append(Text(self.get_starttag_text() or f"<{tag}>"))
            return
        for key in [k for k in values if k.startswith("on")]:
            del values[key]
            self._warn(f"event attribute '{key}' removed")
        if tag in VOID_ELEMENTS:
            self._void(tag, values)
            return
        if tag in BLOCK_ELEMENTS:
            self.stack[-1].flush()
        deep = len(self.stack) > MAX_HTML_DEPTH
        if deep and not any(frame.transparent for frame in self.stack[-2:]):
            warn_html_depth(self.diagnostics, self.source.path, self.source.line)
        self.stack.append(_Frame(tag, values, self.source, transparent=deep))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag in EMBED_ELEMENTS and not self.dropping:
            self._embed(tag, values)
            return
        if not self.dropping and self._component(tag, values, closed=True):
            return
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS and self.stack[-1].tag == tag:
            _close(self.stack, tag)

    def handle_endtag(self, tag: str) -> None:
        if self.dropping:
            if tag == self.dropping:
                self.dropping = None
            return
        if tag in self.components:
            return  # the end of a component inside HTML: its tag never prints
        if tag not in KNOWN_ELEMENTS:
            if tag not in DROPPED_ELEMENTS:
                self.stack[-1].inlines.append(Text(f"</{tag}>"))
            return
        if any(frame.tag == tag for frame in self.stack[1:]):
            _close(self.stack, tag)

    def handle_data(self, data: str) -> None:
        if self.dropping or not data:
            return
        frame = self.stack[-1]
        if frame.tag == "pre":
            frame.inlines.append(Text(data))
            return
        text = " ".join(data.split())
        if data[:1].isspace():
            text = " " + text
        if data[-1:].isspace() and text.strip():
            text += " "
        if text.strip() or (frame.inlines and text):
            frame.inlines.append(Text(text))

    def _component(self, tag: str, values: dict[str, str], closed: bool = False) -> bool:
        """A capitalised tag inside HTML (``<a …><Image src=…/></a>``) is a
        component, not HTML: an image when it has a ``src``, else its tag is
        dropped and its content kept."""
        raw = self.get_starttag_text() or ""
        if not raw[1:2].isupper():
            return False
        if values.get("src"):
            self._void("img", values)
        elif not closed:
            self.components.add(tag)
        return True

    def _embed(self, tag: str, values: dict[str, str]) -> None:
        """An iframe, a video or a sound: a figure with a print form (see interactive.py)."""
        frame = self.stack[-1]
        frame.flush()
        src = values.get("src", "")
        title = values.get("title") or values.get("aria-label") or ""
        figure = embed_figure(
            EMBED_ELEMENTS[tag],
            "" if is_unsafe_url(src) else src,
            title,
            (),
            values.get("id", ""),
            self.source,
        )
        frame.blocks.append(figure)
        self.embedded = (frame, len(frame.blocks) - 1)

    def _embed_source(self, src: str) -> None:
        """``<source src=…>`` inside a video or a sound names its file."""
        if self.embedded is None or not src or is_unsafe_url(src):
            return
        frame, index = self.embedded
        figure = frame.blocks[index]
        if isinstance(figure, Figure) and not figure.image.src:
            frame.blocks[index] = dataclasses.replace(
                figure, image=dataclasses.replace(figure.image, src=src)
            )

    def _void(self, tag: str, values: dict[str, str]) -> None:
        frame = self.stack[-1]
        if tag == "img":
            src = values.pop("src", "")
            if is_unsafe_url(src) or not src:
                return
            alt = values.pop("alt", "")
            title = values.pop("title", "")
            kv = tuple((k, values[k]) for k in ("width", "height") if values.get(k))
            frame.inlines.append(Image(src, alt, title, Attr(values.get("id", ""), (), kv), self.source))
        elif tag == "br":
            frame.inlines.append(LineBreak())
        elif tag == "hr":
            frame.flush()
            frame.blocks.append(Rule(self.source))
        elif tag == "wbr":
            frame.inlines.append(Text("\u200b"))

    def _warn(self, message: str) -> None:
        self.diagnostics.warn(self.source.path, self.source.line, "unsafe-html", message)


def _close(stack: list[_Frame], tag: str) -> None:
    """Close the innermost open ``tag`` (and anything opened inside it)."""
    while len(stack) > 1:
        frame = stack.pop()
        parent = stack[-1]
        if frame.transparent:
            if frame.blocks:
                frame.flush()
                parent.flush()
                parent.blocks.extend(frame.blocks)
            else:
                parent.inlines.extend(frame.inlines)
        elif frame.tag in BLOCK_ELEMENTS:
            frame.flush()
            parent.flush()
            parent.blocks.extend(_block(frame))
        elif frame.blocks:  # an inline element around blocks (a card link): its content stays
            frame.flush()
            parent.flush()
            parent.blocks.extend(_inline_around_blocks(frame))
        else:
            parent.inlines.extend(_inline(frame))
        if frame.tag == tag:
            return


def _attr(values: dict[str, str], *extra: str) -> Attr:
    classes = [*extra, *values.get("class", "").split()]
    align = values.get("align", "").lower()
    if align in ("center", "right", "left"):
        classes.append(f"align-{align}")
    return Attr(values.get("id", ""), tuple(dict.fromkeys(classes)), ())


def _block(frame: _Frame) -> list[Block]:
    tag, values, src, blocks = frame.tag, frame.attrs, frame.source, frame.blocks
    if tag == "p":
        if len(blocks) == 1 and isinstance(blocks[0], (Paragraph, Figure)):
            block = blocks[0]
            if isinstance(block, Paragraph):
                return [Paragraph(block.children, src, _attr(values))]
            return [block]
        return blocks
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return [Heading(int(tag[1]), _inlines_of(blocks), _attr(values), src)]
    if tag == "pre":
        return [CodeBlock(plain_text(_inlines_of(blocks)).strip("\n") + "\n", "", _attr(values), src)]
    if tag == "blockquote":
        return [BlockQuote(tuple(blocks), src, _attr(values))]
    if tag in ("ul", "ol"):
        items = [b for b in blocks if isinstance(b, Div) and "li" in b.attr.classes]
        list_items = tuple(ListItem(item.blocks) for item in items)
        return [ListBlock(list_items, tag == "ol", 1, True, src, _attr(values))] if list_items else blocks
    if tag == "li":
        return [Div(tuple(blocks), Attr(classes=("li",)), src)]
    if tag == "summary":
        return [Paragraph((Strong(_inlines_of(blocks)),), src, Attr(classes=("summary",)))]
    if tag == "figure":
        return [_figure(blocks, values, src)]
    if tag == "figcaption":
        return [Div(tuple(blocks), Attr(classes=("figcaption",)), src)]
    if tag == "table":
        return [_table(blocks, src)]
    if tag in ("thead", "tbody", "tfoot", "tr", "td", "th", "caption"):
        return [Div(tuple(blocks), Attr(classes=(tag,)), src)]
    if len(blocks) == 1 and isinstance(blocks[0], Figure) and tag in ("div", "center", "picture"):
        return blocks
    return [Div(tuple(blocks), _attr(values, tag if tag != "div" else "html"), src)]


def _inline(frame: _Frame) -> list[Inline]:
    tag, values, children = frame.tag, frame.attrs, tuple(frame.inlines)
    if tag in _STRONG:
        return [Strong(children)]
    if tag in _EMPH:
        return [Emph(children)]
    if tag in _CODE and tag != "kbd":
        return [Code(plain_text(children))]
    if tag == "a":
        href = values.get("href", "")
        if href and not is_unsafe_url(href):
            return [Link(children, href, values.get("title", ""), _attr(values), frame.source)]
        return [Span(children, _attr(values))] if values.get("id") else list(children)
    if tag in ("span", "font", "small", "big", "u"):
        return (
            [Span(children, _attr(values))] if (values.get("id") or values.get("class")) else list(children)
        )
    return [Span(children, _attr(values), tag)]


def _inline_around_blocks(frame: _Frame) -> list[Block]:
    """``<a href=…>`` around an image and a title keeps them, linked (see
    link_content); another inline element gives way to its blocks."""
    values, blocks = frame.attrs, frame.blocks
    href = values.get("href", "") if frame.tag == "a" else ""
    if href and not is_unsafe_url(href):
        return linked_blocks(blocks, Link((), href, values.get("title", ""), _attr(values), frame.source))
    if values.get("id"):
        return [Div(tuple(blocks), Attr(values["id"]), frame.source)]
    return blocks


def _inlines_of(blocks: list[Block]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            if out:
                out.append(Text(" "))
            out.extend(block.children)
        elif isinstance(block, Figure):
            out.append(block.image)
    return tuple(out)


def _paragraph(content: list[Inline], source: SourceRef) -> Block:
    images = [c for c in content if isinstance(c, Image)]
    others = [c for c in content if not isinstance(c, (Image, LineBreak)) and plain_text((c,)).strip()]
    if len(images) == 1 and not others:
        return Figure(images[0], (), Attr(), source)
    return Paragraph(tuple(content), source)


def _trim(inlines: list[Inline]) -> list[Inline]:
    out = list(inlines)
    while out and isinstance(out[0], Text) and not out[0].text.strip():
        out.pop(0)
    while out and isinstance(out[-1], Text) and not out[-1].text.strip():
        out.pop()
    if out and isinstance(out[0], Text):
        out[0] = Text(out[0].text.lstrip())
    if out and isinstance(out[-1], Text):
        out[-1] = Text(out[-1].text.rstrip())
    return out


def _figure(blocks: list[Block], values: dict[str, str], src: SourceRef) -> Block:
    image = next((b.image for b in blocks if isinstance(b, Figure)), None)
    captions = [b for b in blocks if isinstance(b, Div) and "figcaption" in b.attr.classes]
    if image is None:
        return Div(tuple(blocks), _attr(values, "figure"), src)
    caption = _inlines_of(list(captions[0].blocks)) if captions else ()
    return Figure(image, caption, _attr(values), src)


def _table(blocks: list[Block], src: SourceRef) -> Block:
    head: list[TableRow] = []
    body: list[TableRow] = []
    caption: tuple[Inline, ...] = ()

    def rows(container: list[Block], in_head: bool) -> None:
        for block in container:
            if not isinstance(block, Div):
                continue
            kind = block.attr.classes[0] if block.attr.classes else ""
            if kind == "tr":
                cells = [
                    c for c in block.blocks if isinstance(c, Div) and c.attr.classes[:1] in (("td",), ("th",))
                ]
                row = TableRow(tuple(TableCell(_inlines_of(list(c.blocks))) for c in cells))
                is_head = in_head or (not head and not body and all(c.attr.classes[0] == "th" for c in cells))
                (head if is_head else body).append(row)
            elif kind in ("thead", "tbody", "tfoot"):
                rows(list(block.blocks), kind == "thead")

    for block in blocks:
        if isinstance(block, Div) and block.attr.classes[:1] == ("caption",):
            caption = _inlines_of(list(block.blocks))
    rows(blocks, False)
    if not head and not body:
        return Div(tuple(blocks), Attr(classes=("html-table",)), src)
    width = max(len(r.cells) for r in (*head, *body))
    head = [TableRow(r.cells + (TableCell(()),) * (width - len(r.cells))) for r in head]
    body = [TableRow(r.cells + (TableCell(()),) * (width - len(r.cells))) for r in body]
    return Table(tuple(head), tuple(body), caption, Attr(), src)
