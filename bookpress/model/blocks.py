"""Block nodes: paragraphs, headings, code, math, figures, lists, tables, callouts, the index."""

from __future__ import annotations

from dataclasses import dataclass

from .base import NO_ATTR, NO_SOURCE, Attr, SourceRef
from .inlines import Image, Inline


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
