"""markdown-it tokens → document model nodes.

One method per token kind; block tokens are consumed from a cursor, inline
tokens from a list of children. Every block gets the file and line it came
from; inlines that can be wrong (links, images, footnote calls) get theirs.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from markdown_it.token import Token

from ..diagnostics import Diagnostics
from ..md_tokens import matching_close
from ..model import (
    NO_ATTR,
    Attr,
    Block,
    BlockQuote,
    Callout,
    Citation,
    CiteItem,
    Code,
    CodeBlock,
    DefinitionItem,
    DefinitionList,
    Div,
    Emph,
    Figure,
    FootnoteDef,
    FootnoteRef,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Math,
    MathBlock,
    Paragraph,
    RawBlock,
    RawInline,
    Rule,
    SourceRef,
    Span,
    Strike,
    Strong,
    Table,
    TableCell,
    TableRow,
    Text,
    plain_text,
)
from . import inline_html
from .attributes import code_info, from_token_attrs, merge, parse_attributes, split_trailing
from .component_nodes import Components
from .html_blocks import convert_html_blocks
from .listings import listing_figures
from .markdown import parser


@dataclass
class Parsed:
    """What one Markdown file holds."""

    blocks: list[Block]
    footnotes: list[FootnoteDef]
    front_matter: str = ""
    front_matter_line: int = 0
    notes: list[str] = field(default_factory=list)


CALLOUT_KINDS = frozenset({"note", "tip", "important", "warning", "caution"})

_CLOSE_OF = {
    "em_open": "em_close",
    "strong_open": "strong_close",
    "s_open": "s_close",
    "link_open": "link_close",
    "span_open": "span_close",
}


class Converter:
    def __init__(
        self,
        path: str,
        diagnostics: Diagnostics,
        lines: list[tuple[str, int]] | None = None,
        components: Components | None = None,
    ) -> None:
        self.path = path
        self.lines = lines or []  # where each line of the parsed text came from
        self.diagnostics = diagnostics
        self.components = components or Components({}, diagnostics)
        self.components.markup = self.markup
        self.sidenotes: list[FootnoteDef] = []

    # --- blocks -----------------------------------------------------------------

    def document(self, tokens: list[Token]) -> Parsed:
        parsed = Parsed([], [])
        body: list[Token] = []
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if tok.type == "front_matter":
                parsed.front_matter = tok.content
                parsed.front_matter_line = (tok.map[0] + 2) if tok.map else 2
            elif tok.type == "footnote_block_open":
                end = matching_close(tokens, i)
                parsed.footnotes = self.footnotes(tokens[i + 1 : end])
                i = end
            else:
                body.append(tok)
            i += 1
        parsed.blocks = self.blocks(body)
        parsed.footnotes = [*parsed.footnotes, *self.sidenotes]
        return parsed

    def blocks(self, tokens: list[Token]) -> list[Block]:
        blocks = convert_html_blocks(self._blocks(tokens), self.diagnostics)
        return attach_table_captions(listing_figures(blocks, self.markup))

    def _blocks(self, tokens: list[Token]) -> list[Block]:
        out: list[Block] = []
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if tok.type in ("component", "component_open"):
                end = matching_close(tokens, i) if tok.nesting == 1 else i
                self.component(tok, tokens[i + 1 : end], out)
                i = end + 1
                continue
            if tok.nesting == 1:
                end = matching_close(tokens, i)
                block = self.container(tok, tokens[i + 1 : end])
                i = end + 1
            else:
                block = self.leaf(tok)
                i += 1
            if block is not None:
                out.append(block)
        return out

    def component(self, tok: Token, inner: list[Token], out: list[Block]) -> None:
        """A block component; a side note becomes a footnote of the paragraph before it."""
        name, props = tok.meta["name"], tok.meta["props"]
        src = self.source(tok)
        children = self.blocks(inner)
        if self.components.kind(name).startswith("footnote"):
            label = f"_sidenote{len(self.sidenotes) + 1}"
            self.sidenotes.append(FootnoteDef(label, tuple(children), src))
            call = FootnoteRef(label, src)
            if out and isinstance(out[-1], Paragraph):
                out[-1] = dataclasses.replace(out[-1], children=(*out[-1].children, call))
            else:
                out.append(Paragraph((call,), src))
            return
        out.extend(self.components.block(name, props, children, src))

    def ref(self, line: int) -> SourceRef:
        """The file and line that line ``line`` (1-based) of the parsed text came from."""
        if self.lines and 1 <= line <= len(self.lines):
            return SourceRef(*self.lines[line - 1])
        return SourceRef(self.path, line)

    @staticmethod
    def _line(tok: Token) -> int:
        """The token's first line in the parsed text (1-based; 0 when unknown)."""
        return tok.map[0] + 1 if tok.map else 0

    def source(self, tok: Token) -> SourceRef:
        return self.ref(tok.map[0] + 1) if tok.map else SourceRef(self.path, 0)

    def leaf(self, tok: Token) -> Block | None:
        src = self.source(tok)
        if tok.type == "fence":
            language, attr = code_info(tok.info)
            return CodeBlock(tok.content, language, attr, src)
        if tok.type == "code_block":
            return CodeBlock(tok.content, "", NO_ATTR, src)
        if tok.type == "hr":
            return Rule(src)
        if tok.type == "math_block":
            parsed = parse_attributes(tok.info.strip()[1:-1]) if tok.info else None
            return MathBlock(tok.content, parsed or NO_ATTR, src)
        if tok.type == "html_block":
            return RawBlock(tok.content, src)
        if tok.type == "inline":  # a tight list item's paragraph is hidden; be safe
            return Paragraph(tuple(self.inlines(tok.children or [], self._line(tok))), src)
        return None

    def container(self, tok: Token, inner: list[Token]) -> Block | None:
        src = self.source(tok)
        kind = tok.type
        if kind == "paragraph_open":
            inline = inner[0] if inner else None
            children = (
                tuple(self.inlines(inline.children or [], self._line(tok), inline.content)) if inline else ()
            )
            attr = from_token_attrs(tok.attrs)
            return self.figure(children, inline, tok, attr) or Paragraph(children, src, attr)
        if kind == "heading_open":
            return self.heading(tok, inner, src)
        if kind == "blockquote_open":
            return BlockQuote(tuple(self.blocks(inner)), src, from_token_attrs(tok.attrs))
        if kind in ("bullet_list_open", "ordered_list_open"):
            return self.list_block(tok, inner, src)
        if kind == "table_open":
            return self.table(inner, src, from_token_attrs(tok.attrs))
        if kind == "dl_open":
            return self.definition_list(inner, src)
        if kind == "alert_open":
            return self.alert(tok, inner, src)
        if kind == "div_open":
            return self.div(tok, inner, src)
        # Unknown containers (plugins added later): keep their content.
        blocks = self.blocks(inner)
        return blocks[0] if len(blocks) == 1 else None

    def heading(self, tok: Token, inner: list[Token], src: SourceRef) -> Heading:
        level = int(tok.tag[1])
        children = (
            list(self.inlines(inner[0].children or [], self._line(tok), inner[0].content)) if inner else []
        )
        attr = from_token_attrs(tok.attrs)
        if children and isinstance(children[-1], Text):
            text, trailing = split_trailing(children[-1].text)
            if trailing is not NO_ATTR:
                attr = merge(attr, trailing)
                children[-1] = Text(text.rstrip())
                if not children[-1].text:
                    children.pop()
        return Heading(level, tuple(_merge_text(children)), attr, src)

    def list_block(self, tok: Token, inner: list[Token], src: SourceRef) -> ListBlock:
        items: list[ListItem] = []
        tight = True
        i = 0
        while i < len(inner):
            if inner[i].type != "list_item_open":
                i += 1
                continue
            end = matching_close(inner, i)
            item_tokens = inner[i + 1 : end]
            if any(
                t.type == "paragraph_open" and not t.hidden
                for t in item_tokens
                if t.level == inner[i].level + 1
            ):
                tight = False
            checked = inner[i].meta.get("checked") if inner[i].meta else None
            items.append(ListItem(tuple(self.blocks(item_tokens)), checked))
            i = end + 1
        ordered = tok.type == "ordered_list_open"
        start = int(tok.attrs.get("start", 1)) if ordered else 1
        attr = from_token_attrs({k: v for k, v in tok.attrs.items() if k != "start"})
        if "contains-task-list" in attr.classes:
            attr = Attr(attr.id, tuple(c for c in attr.classes if c != "contains-task-list"), attr.kv)
        return ListBlock(tuple(items), ordered, start, tight, src, attr)

    def table(self, inner: list[Token], src: SourceRef, attr: Attr) -> Table:
        head: list[TableRow] = []
        body: list[TableRow] = []
        target = head
        row: list[TableCell] = []
        line = 0
        for i, tok in enumerate(inner):
            if tok.type == "thead_open":
                target = head
            elif tok.type == "tbody_open":
                target = body
            elif tok.type == "tr_open":
                row = []
                line = tok.map[0] + 1 if tok.map else line
            elif tok.type == "tr_close":
                target.append(TableRow(tuple(row)))
            elif tok.type in ("th_open", "td_open"):
                style = str(tok.attrs.get("style", ""))
                align = style.split(":", 1)[1].strip() if style.startswith("text-align:") else ""
                cell_inline = inner[i + 1]
                children = (
                    self.inlines(cell_inline.children or [], line) if cell_inline.type == "inline" else []
                )
                row.append(TableCell(tuple(children), align))
        caption: tuple[Inline, ...] = ()
        found = table_caption(body[-1].cells[0].children) if body and body[-1].cells else None
        if found and not any(plain_text(c.children).strip() for c in body[-1].cells[1:]):
            body.pop()  # ": Caption" right under a table reads as one more row
            caption, attr = found[0], merge(attr, found[1])
        return Table(tuple(head), tuple(body), caption, attr, src)

    def definition_list(self, inner: list[Token], src: SourceRef) -> DefinitionList:
        items: list[DefinitionItem] = []
        term: tuple[Inline, ...] = ()
        definitions: list[tuple[Block, ...]] = []
        i = 0
        while i < len(inner):
            tok = inner[i]
            if tok.type == "dt_open":
                if definitions or term:
                    items.append(DefinitionItem(term, tuple(definitions)))
                end = matching_close(inner, i)
                line = self._line(tok)
                term = tuple(self.inlines(inner[i + 1].children or [], line))
                definitions = []
                i = end + 1
                continue
            if tok.type == "dd_open":
                end = matching_close(inner, i)
                definitions.append(tuple(self.blocks(inner[i + 1 : end])))
                i = end + 1
                continue
            i += 1
        if term or definitions:
            items.append(DefinitionItem(term, tuple(definitions)))
        return DefinitionList(tuple(items), src)

    def alert(self, tok: Token, inner: list[Token], src: SourceRef) -> Callout:
        kind = str((tok.meta or {}).get("kind", "note")).lower()
        body = [t for t in _drop_alert_title(inner)]
        return Callout(kind, tuple(self.blocks(body)), (), NO_ATTR, src)

    def div(self, tok: Token, inner: list[Token], src: SourceRef) -> Block:
        info = tok.info.strip()
        attr = parse_attributes(info[1:-1]) if info.startswith("{") else Attr(classes=(info,))
        attr = attr or NO_ATTR
        blocks = tuple(self.blocks(inner))
        for cls in attr.classes:
            kind = cls.removeprefix("callout-")
            if kind in CALLOUT_KINDS:
                title = attr.get("title")
                kv = tuple((k, v) for k, v in attr.kv if k != "title")
                rest = Attr(attr.id, tuple(c for c in attr.classes if c != cls), kv)
                return Callout(kind, blocks, (Text(title),) if title else (), rest, src)
        return Div(blocks, attr, src)

    def figure(
        self, children: tuple[Inline, ...], inline: Token | None, paragraph: Token, attr: Attr
    ) -> Figure | None:
        """An image alone in its paragraph is a figure; its alt text is the caption."""
        content = [c for c in children if not (isinstance(c, Text) and not c.text.strip())]
        if len(content) != 1 or not isinstance(content[0], Image) or inline is None:
            return None
        image = content[0]
        token = next((t for t in inline.children or [] if t.type == "image"), None)
        if token is None:
            return None
        caption = tuple(_merge_text(self._inlines(token.children or [], 0, None, self._line(paragraph))[0]))
        figure_attr = merge(attr, Attr(image.attr.id, image.attr.classes))
        image_attr = Attr("", image.attr.classes, image.attr.kv)  # the figure carries the id
        image = dataclasses.replace(image, alt=image.attr.get("fig-alt") or image.alt, attr=image_attr)
        return Figure(image, caption, figure_attr, self.source(paragraph))

    def footnotes(self, tokens: list[Token]) -> list[FootnoteDef]:
        notes: list[FootnoteDef] = []
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if tok.type == "footnote_open":
                end = matching_close(tokens, i)
                meta = tok.meta or {}
                label = meta.get("label") or f"_inline{meta.get('id', i)}"
                inner = [t for t in tokens[i + 1 : end] if t.type != "footnote_anchor"]
                blocks = tuple(self.blocks(inner))
                line = next((t.map[0] + 1 for t in inner if t.map), 0)
                if blocks:
                    notes.append(
                        FootnoteDef(str(label), blocks, self.ref(line) if line else SourceRef(self.path, 0))
                    )
                i = end + 1
                continue
            i += 1
        return notes

    # --- inlines ----------------------------------------------------------------

    def inlines(self, tokens: list[Token], line: int, raw: str = "") -> list[Inline]:
        """Convert inline tokens; ``raw`` is their source text, used to count
        the lines a code span covers (markdown-it folds its newlines)."""
        self._raw, self._cursor = raw, 0
        out, _, _ = self._inlines(tokens, 0, None, line)
        return _merge_text(inline_html.convert(_attach_trailing_attributes(out), self.diagnostics))

    def _inlines(
        self, tokens: list[Token], i: int, until: str | None, line: int
    ) -> tuple[list[Inline], int, int]:
        out: list[Inline] = []
        while i < len(tokens):
            tok = tokens[i]
            kind = tok.type
            if until is not None and kind == until:
                return out, i + 1, line
            i += 1
            here = self.ref(line)
            if kind == "text":
                out.append(Text(tok.content))
            elif kind in ("softbreak", "hardbreak"):
                out.append(Text("\n") if kind == "softbreak" else LineBreak())
                line += 1
                newline = self._raw.find("\n", self._cursor)
                self._cursor = newline + 1 if newline >= 0 else self._cursor
            elif kind == "code_inline":
                out.append(Code(tok.content, from_token_attrs(tok.attrs)))
                line += self._lines_in_code(tok.content)
            elif kind in _CLOSE_OF:
                children, i, line = self._inlines(tokens, i, _CLOSE_OF[kind], line)
                children = inline_html.convert(_attach_trailing_attributes(children), self.diagnostics)
                out.append(self._wrap(tok, tuple(_merge_text(children)), here))
            elif kind == "image":
                attrs = dict(tok.attrs)
                src = str(attrs.pop("src", ""))
                title = str(attrs.pop("title", ""))
                attrs.pop("alt", None)
                out.append(Image(src, tok.content, title, from_token_attrs(attrs), here))
            elif kind == "footnote_ref":
                meta = tok.meta or {}
                label = meta.get("label") or f"_inline{meta.get('id', 0)}"
                out.append(FootnoteRef(str(label), here))
            elif kind == "html_inline":
                out.append(RawInline(tok.content, here))
                line += tok.content.count("\n")
            elif kind == "text_special":
                out.append(Text(tok.content))
            elif kind in ("math_inline", "math_display"):
                out.append(Math(tok.content, kind == "math_display", here))
                line += tok.content.count("\n")
            elif kind == "component_inline":
                out.extend(self._component_inline(tok, here, line))
            elif kind == "citation":
                items = tuple(CiteItem(*item) for item in tok.meta["items"])
                out.append(Citation(items, tok.meta["bracketed"], here))
            elif tok.children:
                children, _, line = self._inlines(tok.children, 0, None, line)
                out.extend(children)
            elif tok.content:
                out.append(Text(tok.content))
        return out, i, line

    def _component_inline(self, tok: Token, here: SourceRef, line: int) -> list[Inline]:
        name, props = tok.meta["name"], tok.meta["props"]
        children, _, _ = self._inlines(tok.meta["children"], 0, None, line)
        children = _merge_text(inline_html.convert(children, self.diagnostics))
        if self.components.kind(name).startswith("footnote"):
            label = f"_sidenote{len(self.sidenotes) + 1}"
            self.sidenotes.append(FootnoteDef(label, (Paragraph(tuple(children), here),), here))
            return [FootnoteRef(label, here)]
        return self.components.inline(name, props, children, here)

    def markup(self, text: str, source: SourceRef) -> tuple[Inline, ...]:
        """A prop's value written as inline Markdown or HTML (a caption with
        ``<br/>`` and a credit link) as inlines; it stays on its source line."""
        tokens = parser().parseInline(text.strip(), {"mdx": True})
        converter = Converter(source.path, self.diagnostics, [(source.path, source.line)], self.components)
        inlines = converter.inlines((tokens[0].children or []) if tokens else [], 1)
        self.components.markup = self.markup
        return tuple(inlines)

    def _lines_in_code(self, content: str) -> int:
        """How many line breaks a code span crossed in the source."""
        if not self._raw or not content:
            return 0
        pattern = r"\s+".join(re.escape(part) for part in content.split())
        match = re.compile(pattern).search(self._raw, self._cursor) if pattern else None
        if match is None:
            return 0
        self._cursor = match.end()
        return match.group().count("\n")

    def _wrap(self, tok: Token, children: tuple[Inline, ...], here: SourceRef) -> Inline:
        if tok.type == "em_open":
            return Emph(children)
        if tok.type == "strong_open":
            return Strong(children)
        if tok.type == "s_open":
            return Strike(children)
        if tok.type == "span_open":
            return Span(children, from_token_attrs(tok.attrs))
        attrs = dict(tok.attrs)
        href = str(attrs.pop("href", ""))
        title = str(attrs.pop("title", ""))
        return Link(children, href, title, from_token_attrs(attrs), here)


def _drop_alert_title(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    skipping = False
    for tok in tokens:
        if tok.type == "alert_title_open":
            skipping = True
        elif tok.type == "alert_title_close":
            skipping = False
        elif not skipping:
            out.append(tok)
    return out


def _merge_text(nodes: list[Inline]) -> list[Inline]:
    """Join adjacent Text nodes (fewer nodes, simpler HTML). A run is joined
    once: adding one node at a time copies the run each time (quadratic in a
    paragraph of many lines)."""
    out: list[Inline] = []
    run: list[str] = []
    for node in nodes:
        if isinstance(node, Text):
            run.append(node.text)
            continue
        if run:
            out.append(Text("".join(run)))
            run = []
        out.append(node)
    if run:
        out.append(Text("".join(run)))
    return out


def _attach_trailing_attributes(nodes: list[Inline]) -> list[Inline]:
    """``![a](b.png){width=50%}``: attributes the attrs plugin left as text
    (values with ``%`` and the like) are parsed here, Pandoc style."""
    out: list[Inline] = []
    for node in nodes:
        prev = out[-1] if out else None
        if (
            isinstance(node, Text)
            and node.text.startswith("{")
            and isinstance(prev, (Image, Link, Span, Code, Citation))
        ):
            end = node.text.find("}")
            attr = parse_attributes(node.text[1:end]) if end > 0 else None
            if attr is not None:
                out[-1] = _with_attr(prev, attr)
                rest = node.text[end + 1 :]
                if rest:
                    out.append(Text(rest))
                continue
        out.append(node)
    return out


def _with_attr(node: Image | Link | Span | Code | Citation, attr: Attr) -> Inline:
    return dataclasses.replace(node, attr=merge(node.attr, attr))


_CAPTION_PREFIX = re.compile(r"^(?:Table)?:\s+")


def table_caption(children: tuple[Inline, ...]) -> tuple[tuple[Inline, ...], Attr] | None:
    """Pandoc's table caption, ``: Caption {#tbl-id}`` or ``Table: Caption``."""
    if not children or not isinstance(children[0], Text):
        return None
    m = _CAPTION_PREFIX.match(children[0].text)
    if not m:
        return None
    inlines = [Text(children[0].text[m.end() :]), *children[1:]]
    attr = NO_ATTR
    if isinstance(inlines[-1], Text):
        text, attr = split_trailing(inlines[-1].text)
        inlines[-1] = Text(text.rstrip())
    return tuple(i for i in inlines if not (isinstance(i, Text) and not i.text)), attr


def attach_table_captions(blocks: list[Block]) -> list[Block]:
    """A caption paragraph right before or after a table becomes its caption."""
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if isinstance(block, Paragraph) and isinstance(prev, Table) and not prev.caption:
            found = table_caption(block.children)
            if found:
                out[-1] = dataclasses.replace(prev, caption=found[0], attr=merge(prev.attr, found[1]))
                continue
        if isinstance(block, Table) and isinstance(prev, Paragraph) and not block.caption:
            found = table_caption(prev.children)
            first = prev.children[0] if prev.children else None
            if found and isinstance(first, Text) and first.text.startswith("Table:"):
                out[-1] = dataclasses.replace(block, caption=found[0], attr=merge(block.attr, found[1]))
                continue
        out.append(block)
    return out
