"""The document model: what a book is, independent of Markdown, HTML or PDF.

Frozen dataclasses with no behaviour beyond small helpers. The reader builds
a :class:`Book`; transforms return new books; writers only read it. Every
block carries a :class:`SourceRef` so that any stage can say where a
problem is. :func:`walk` and :func:`query` let a transform touch only the
nodes it cares about.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

# --- shared pieces -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a node came from: a path relative to the book folder and a 1-based line."""

    path: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Attr:
    """Pandoc-style attributes: ``{#id .class key=value}``."""

    id: str = ""
    classes: tuple[str, ...] = ()
    kv: tuple[tuple[str, str], ...] = ()

    def get(self, key: str, default: str | None = None) -> str | None:
        for k, v in self.kv:
            if k == key:
                return v
        return default

    def has(self, cls: str) -> bool:
        return cls in self.classes

    def with_id(self, new_id: str) -> Attr:
        return dataclasses.replace(self, id=new_id)


NO_ATTR = Attr()
NO_SOURCE = SourceRef()

# --- inlines ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    text: str


@dataclass(frozen=True, slots=True)
class Emph:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Strike:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Code:
    text: str
    attr: Attr = NO_ATTR


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink. After the links transform an internal link's url is ``#id``
    where ``id`` is unique in the whole book."""

    children: tuple[Inline, ...]
    url: str
    title: str = ""
    attr: Attr = NO_ATTR
    source: SourceRef = NO_SOURCE


@dataclass(frozen=True, slots=True)
class Image:
    src: str
    alt: str
    title: str = ""
    attr: Attr = NO_ATTR
    source: SourceRef = NO_SOURCE


@dataclass(frozen=True, slots=True)
class FootnoteRef:
    """A call to a footnote; ``number`` is filled in by the footnotes transform."""

    label: str
    source: SourceRef = NO_SOURCE
    number: int | None = None
    id: str = ""


@dataclass(frozen=True, slots=True)
class Span:
    """Generic inline container: ``[text]{.class}``, or an inline HTML element
    the author wrote (``<kbd>``, ``<sup>``…) when ``tag`` is not ``span``."""

    children: tuple[Inline, ...]
    attr: Attr = NO_ATTR
    tag: str = "span"


@dataclass(frozen=True, slots=True)
class LineBreak:
    pass


@dataclass(frozen=True, slots=True)
class RawInline:
    html: str
    source: SourceRef = NO_SOURCE


@dataclass(frozen=True, slots=True)
class Math:
    """A formula in LaTeX: ``$…$`` (``display`` False) or ``$$…$$`` inside a
    paragraph. ``error`` is set by the math transform when it cannot be
    converted; writers then show the source instead."""

    tex: str
    display: bool = False
    source: SourceRef = NO_SOURCE
    error: str = ""


@dataclass(frozen=True, slots=True)
class CiteItem:
    """One ``@key`` of a citation, with Pandoc's prefix/suffix and ``-@`` flag."""

    key: str
    prefix: str = ""
    suffix: str = ""
    suppress_author: bool = False


@dataclass(frozen=True, slots=True)
class Citation:
    """``[@a; @b, p. 3]`` (``bracketed``) or a narrative ``@a``. Items whose key
    names a figure, table, section, equation or listing become
    :class:`CrossRef` nodes in the crossrefs transform."""

    items: tuple[CiteItem, ...]
    bracketed: bool = True
    source: SourceRef = NO_SOURCE
    attr: Attr = NO_ATTR


@dataclass(frozen=True, slots=True)
class CrossRef:
    """A reference to a numbered thing: ``@fig-loss`` → "Figure 3.1".

    ``target`` (the id) and ``text`` are filled in by the crossrefs transform;
    ``page`` asks the print edition to add "on page N"."""

    label: str
    source: SourceRef = NO_SOURCE
    prefix: str = ""
    suffix: str = ""
    suppress: bool = False
    page: bool = False
    target: str = ""
    text: tuple[Inline, ...] = ()


@dataclass(frozen=True, slots=True)
class IndexTerm:
    """A place the index points to: ``[clipping]{index="gradient clipping"}``.

    ``term`` is the entry's path (``("optimizer", "AdamW")`` for a subentry);
    ``see``/``seealso`` make a cross-reference instead of (or besides) a page.
    ``id`` is filled in by the index transform."""

    children: tuple[Inline, ...]
    term: tuple[str, ...]
    see: str = ""
    seealso: str = ""
    id: str = ""
    source: SourceRef = NO_SOURCE


Inline = (
    Text
    | Emph
    | Strong
    | Strike
    | Code
    | Link
    | Image
    | FootnoteRef
    | Span
    | LineBreak
    | RawInline
    | Math
    | Citation
    | CrossRef
    | IndexTerm
)

# --- blocks ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Paragraph:
    children: tuple[Inline, ...]
    source: SourceRef = NO_SOURCE
    attr: Attr = NO_ATTR


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading inside a chapter. ``level`` 2 is a top-level section
    (the chapter title is level 1). ``anchor`` is the fragment authors link to
    inside their own file (GitHub-style slug); ``attr.id`` is unique in the book."""

    level: int
    children: tuple[Inline, ...]
    attr: Attr = NO_ATTR
    source: SourceRef = NO_SOURCE
    number: str | None = None
    anchor: str = ""


@dataclass(frozen=True, slots=True)
class CodeBlock:
    """A listing. With a caption (``caption="…"``) it is numbered: Listing 3.1."""

    text: str
    language: str = ""
    attr: Attr = NO_ATTR
    source: SourceRef = NO_SOURCE
    number: str | None = None


@dataclass(frozen=True, slots=True)
class MathBlock:
    """A display equation; numbered "(3.2)" when it has an ``#eq-`` id."""

    tex: str
    attr: Attr = NO_ATTR
    source: SourceRef = NO_SOURCE
    number: str | None = None
    error: str = ""


@dataclass(frozen=True, slots=True)
class Figure:
    """An image on its own with a caption: Figure 3.1."""

    image: Image
    caption: tuple[Inline, ...] = ()
    attr: Attr = NO_ATTR
    source: SourceRef = NO_SOURCE
    number: str | None = None


@dataclass(frozen=True, slots=True)
class BlockQuote:
    blocks: tuple[Block, ...]
    source: SourceRef = NO_SOURCE
    attr: Attr = NO_ATTR


@dataclass(frozen=True, slots=True)
class ListItem:
    blocks: tuple[Block, ...]
    checked: bool | None = None


@dataclass(frozen=True, slots=True)
class ListBlock:
    items: tuple[ListItem, ...]
    ordered: bool = False
    start: int = 1
    tight: bool = True
    source: SourceRef = NO_SOURCE
    attr: Attr = NO_ATTR


@dataclass(frozen=True, slots=True)
class DefinitionItem:
    term: tuple[Inline, ...]
    definitions: tuple[tuple[Block, ...], ...]


@dataclass(frozen=True, slots=True)
class DefinitionList:
    items: tuple[DefinitionItem, ...]
    source: SourceRef = NO_SOURCE
    attr: Attr = NO_ATTR


@dataclass(frozen=True, slots=True)
class TableCell:
    children: tuple[Inline, ...]
    align: str = ""  # "", "left", "center", "right"


@dataclass(frozen=True, slots=True)
class TableRow:
    cells: tuple[TableCell, ...]


@dataclass(frozen=True, slots=True)
class Table:
    head: tuple[TableRow, ...]
    body: tuple[TableRow, ...]
    caption: tuple[Inline, ...] = ()
    attr: Attr = NO_ATTR
    source: SourceRef = NO_SOURCE
    number: str | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    source: SourceRef = NO_SOURCE


@dataclass(frozen=True, slots=True)
class RawBlock:
    html: str
    source: SourceRef = NO_SOURCE


@dataclass(frozen=True, slots=True)
class Div:
    """A generic container (``::: {.class}`` fences, merged sub-chapters)."""

    blocks: tuple[Block, ...]
    attr: Attr = NO_ATTR
    source: SourceRef = NO_SOURCE


@dataclass(frozen=True, slots=True)
class Callout:
    """A note/tip/warning box (GitHub alerts, ``::: note`` divs)."""

    kind: str
    blocks: tuple[Block, ...]
    title: tuple[Inline, ...] = ()
    attr: Attr = NO_ATTR
    source: SourceRef = NO_SOURCE


@dataclass(frozen=True, slots=True)
class IndexEntry:
    term: str
    locators: tuple[str, ...] = ()  # ids of IndexTerm marks, in reading order
    see: tuple[str, ...] = ()
    seealso: tuple[str, ...] = ()
    children: tuple[IndexEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class IndexGroup:
    letter: str  # "A"…, or "Symbols"
    entries: tuple[IndexEntry, ...]


@dataclass(frozen=True, slots=True)
class IndexBlock:
    """The back-of-book index, built by the index transform; writers set its
    locators as page numbers (print) or links (EPUB)."""

    groups: tuple[IndexGroup, ...]
    attr: Attr = NO_ATTR
    source: SourceRef = NO_SOURCE
    labels: tuple[tuple[str, str], ...] = ()  # mark id → where it is ("3.2"), for pageless outputs


Block = (
    Paragraph
    | Heading
    | CodeBlock
    | MathBlock
    | Figure
    | IndexBlock
    | BlockQuote
    | ListBlock
    | DefinitionList
    | Table
    | Rule
    | RawBlock
    | Div
    | Callout
)

# --- book structure --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FootnoteDef:
    label: str
    blocks: tuple[Block, ...]
    source: SourceRef = NO_SOURCE


@dataclass(frozen=True, slots=True)
class Chapter:
    """One chapter (or front/back-matter division): one XHTML file in the EPUB."""

    id: str
    title: tuple[Inline, ...]
    blocks: tuple[Block, ...]
    source: SourceRef
    kind: str = "body"  # "front", "body", "appendix" or "back"
    number: str | None = None
    footnotes: tuple[FootnoteDef, ...] = ()
    anchor_map: tuple[tuple[str, str, str], ...] = ()  # (file, anchor, id), see ids transform
    epigraph: tuple[Inline, ...] = ()
    epigraph_source: str = ""
    role: str = ""  # a generated division: "bibliography", "index"


@dataclass(frozen=True, slots=True)
class Part:
    id: str
    title: tuple[Inline, ...]
    chapters: tuple[Chapter, ...]
    source: SourceRef = NO_SOURCE
    number: str | None = None


@dataclass(frozen=True, slots=True)
class Author:
    name: str
    url: str = ""


@dataclass(frozen=True, slots=True)
class Meta:
    title: str
    subtitle: str = ""
    authors: tuple[Author, ...] = ()
    title_lines: tuple[str, ...] = ()  # the title as the author broke it, for the title page
    language: str = "en"
    description: str = ""
    identifier: str = ""
    publisher: str = ""
    date: str = ""
    license: str = ""
    slug: str = ""
    cover: str = ""
    version: str = ""
    url: str = ""  # the online edition
    # Front and back matter of the printed book.
    series: str = ""
    edition: str = ""
    isbn: str = ""
    copyright: str = ""
    publisher_address: str = ""
    printed_in: str = ""
    dedication: str = ""
    epigraph: str = ""
    epigraph_source: str = ""
    colophon: str = ""
    bibliography: tuple[str, ...] = ()  # from a chapter's front matter (MDX articles)


@dataclass(frozen=True, slots=True)
class TocEntry:
    id: str
    title: tuple[Inline, ...]
    level: int  # 0 = part, 1 = chapter, 2 = section …
    number: str | None = None
    kind: str = "body"
    children: tuple[TocEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class Book:
    meta: Meta
    front: tuple[Chapter, ...] = ()
    body: tuple[Chapter | Part, ...] = ()
    back: tuple[Chapter, ...] = ()
    toc: tuple[TocEntry, ...] = ()

    def chapters(self) -> Iterator[Chapter]:
        """Every chapter in reading order, parts flattened."""
        yield from self.front
        for item in self.body:
            if isinstance(item, Part):
                yield from item.chapters
            else:
                yield item
        yield from self.back

    def body_chapters(self) -> Iterator[Chapter]:
        for item in self.body:
            if isinstance(item, Part):
                yield from item.chapters
            else:
                yield item

    def free_id(self, wanted: str) -> str:
        """``wanted``, or ``wanted-1``… if a chapter or node already has it."""
        used = {ch.id for ch in self.chapters()}
        used |= {
            n.attr.id
            for ch in self.chapters()
            for n in query(ch)
            if getattr(getattr(n, "attr", None), "id", "")
        }
        candidate, n = wanted, 1
        while candidate in used:
            candidate = f"{wanted}-{n}"
            n += 1
        return candidate

    def map_chapters(self, fn: Callable[[Chapter], Chapter]) -> Book:
        """A new book with ``fn`` applied to every chapter, structure unchanged."""

        def body_item(item: Chapter | Part) -> Chapter | Part:
            if isinstance(item, Part):
                return dataclasses.replace(item, chapters=tuple(fn(c) for c in item.chapters))
            return fn(item)

        return dataclasses.replace(
            self,
            front=tuple(fn(c) for c in self.front),
            body=tuple(body_item(i) for i in self.body),
            back=tuple(fn(c) for c in self.back),
        )


# --- walking ---------------------------------------------------------------------

Node = Any


_NODE_TYPES: dict[type, bool] = {}


def _is_node(value: object) -> bool:
    # Looked up by type: walking a 400-page book asks this a million times.
    kind = type(value)
    known = _NODE_TYPES.get(kind)
    if known is None:
        known = _NODE_TYPES[kind] = dataclasses.is_dataclass(kind) and kind not in (SourceRef, Attr)
    return known


# Field annotations that never hold a node: walking skips those fields.
_SCALAR_FIELDS = frozenset(
    {"str", "str | None", "int", "int | None", "bool", "bool | None", "Attr", "SourceRef", "tuple[str, ...]"}
    | {"tuple[tuple[str, str], ...]", "tuple[tuple[str, str, str], ...]"}
)


@functools.cache
def _field_names(kind: type) -> tuple[str, ...]:
    """The fields of a node type that may hold nodes."""
    return tuple(f.name for f in dataclasses.fields(kind) if str(f.type) not in _SCALAR_FIELDS)


def walk(node: Node, fn: Callable[[Node], Node]) -> Node:
    """Rebuild ``node`` bottom-up, replacing every descendant ``n`` by ``fn(n)``.

    ``fn`` returns the node unchanged when it is not interested; it may return
    a tuple to splice several nodes in place of one inside a sequence.
    """
    changes: dict[str, object] = {}
    for name in _field_names(type(node)):
        value = getattr(node, name)
        if isinstance(value, tuple) and value and _is_seq_of_nodes(value):
            new = _walk_seq(value, fn)
            if new is not value:
                changes[name] = new
        elif _is_node(value):
            new_child = fn(walk(value, fn))
            if new_child is not value:
                changes[name] = new_child
    return dataclasses.replace(node, **changes) if changes else node


def _is_seq_of_nodes(value: tuple) -> bool:
    first = value[0]
    return _is_node(first) or (isinstance(first, tuple) and bool(first) and _is_node(first[0]))


def _walk_seq(seq: tuple, fn: Callable[[Node], Node]) -> tuple:
    out: list = []
    changed = False
    for item in seq:
        if isinstance(item, tuple):  # e.g. definitions: tuple of block tuples
            new = _walk_seq(item, fn) if item else item
            out.append(new)
            changed |= new is not item
            continue
        new = fn(walk(item, fn))
        if isinstance(new, tuple):
            out.extend(new)
            changed = True
        else:
            out.append(new)
            changed |= new is not item
    return tuple(out) if changed else seq


def query(node: Node) -> Iterator[Node]:
    """Every node under ``node`` (itself included), in document order."""
    yield node
    for name in _field_names(type(node)):
        value = getattr(node, name)
        if isinstance(value, tuple):
            for item in value:
                if isinstance(item, tuple):
                    for sub in item:
                        if _is_node(sub):
                            yield from query(sub)
                elif _is_node(item):
                    yield from query(item)
        elif _is_node(value):
            yield from query(value)


def plain_text(nodes: tuple[Inline, ...] | list[Inline]) -> str:
    """The text of some inlines, without markup (for ids, sorting, metadata)."""
    parts: list[str] = []
    for node in nodes:
        for sub in query(node):
            if isinstance(sub, (Text, Code)):
                parts.append(sub.text)
            elif isinstance(sub, LineBreak):
                parts.append(" ")
            elif isinstance(sub, Image):
                parts.append(sub.alt)
    return "".join(parts)


# --- JSON --------------------------------------------------------------------------

_TYPES: dict[str, type] = {
    name: obj
    for name, obj in list(globals().items())
    if isinstance(obj, type) and dataclasses.is_dataclass(obj)
}


def to_json(value: object) -> object:
    """A JSON-ready structure; every node is a dict with its ``type`` first."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, object] = {"type": type(value).__name__}
        for f in dataclasses.fields(value):
            out[f.name] = to_json(getattr(value, f.name))
        return out
    if isinstance(value, tuple):
        return [to_json(v) for v in value]
    return value


def from_json(value: object) -> object:
    """The inverse of :func:`to_json`."""
    if isinstance(value, dict) and "type" in value:
        cls = _TYPES[value["type"]]
        kwargs = {k: from_json(v) for k, v in value.items() if k != "type"}
        return cls(**kwargs)
    if isinstance(value, list):
        return tuple(from_json(v) for v in value)
    return value


__all__ = [name for name in _TYPES] + [
    "NO_ATTR",
    "NO_SOURCE",
    "Block",
    "Inline",
    "from_json",
    "plain_text",
    "query",
    "to_json",
    "walk",
]
