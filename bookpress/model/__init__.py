"""The document model: what a book is, independent of Markdown, HTML or PDF.

Frozen dataclasses with no behaviour beyond small helpers. The reader builds
a :class:`Book`; transforms return new books; writers only read it. Every
block carries a :class:`SourceRef` so that any stage can say where a
problem is. :func:`walk` and :func:`query` let a transform touch only the
nodes it cares about.

A package, one module a kind of thing: :mod:`.base` (``SourceRef``, ``Attr``),
:mod:`.inlines`, :mod:`.blocks`, :mod:`.book` (chapters, parts, metadata),
:mod:`.walking` (``walk``, ``query``),
:mod:`.inline_views` (``plain_text``, ``unlinked``), :mod:`.serial` (JSON).
Everything is importable from ``bookpress.model``.
"""

from __future__ import annotations

from .base import (
    NO_ATTR,
    NO_SOURCE,
    Attr,
    SourceRef,
)
from .blocks import (
    Block,
    BlockQuote,
    Callout,
    CodeBlock,
    DefinitionItem,
    DefinitionList,
    Div,
    Figure,
    Heading,
    IndexBlock,
    IndexEntry,
    IndexGroup,
    ListBlock,
    ListItem,
    MathBlock,
    Paragraph,
    RawBlock,
    Rule,
    Table,
    TableCell,
    TableRow,
)
from .book import (
    Author,
    Book,
    Chapter,
    FootnoteDef,
    Meta,
    Part,
    TocEntry,
)
from .inline_views import plain_text, unlinked
from .inlines import (
    Citation,
    CiteItem,
    Code,
    CrossRef,
    Emph,
    FootnoteRef,
    Image,
    IndexTerm,
    Inline,
    LineBreak,
    Link,
    Math,
    RawInline,
    Span,
    Strike,
    Strong,
    Text,
)
from .serial import (
    from_json,
    to_json,
)
from .walking import (
    Node,
    query,
    walk,
)

__all__ = [
    "NO_ATTR",
    "NO_SOURCE",
    "Attr",
    "Author",
    "Block",
    "BlockQuote",
    "Book",
    "Callout",
    "Chapter",
    "Citation",
    "CiteItem",
    "Code",
    "CodeBlock",
    "CrossRef",
    "DefinitionItem",
    "DefinitionList",
    "Div",
    "Emph",
    "Figure",
    "FootnoteDef",
    "FootnoteRef",
    "Heading",
    "Image",
    "IndexBlock",
    "IndexEntry",
    "IndexGroup",
    "IndexTerm",
    "Inline",
    "LineBreak",
    "Link",
    "ListBlock",
    "ListItem",
    "Math",
    "MathBlock",
    "Meta",
    "Node",
    "Paragraph",
    "Part",
    "RawBlock",
    "RawInline",
    "Rule",
    "SourceRef",
    "Span",
    "Strike",
    "Strong",
    "Table",
    "TableCell",
    "TableRow",
    "Text",
    "TocEntry",
    "from_json",
    "plain_text",
    "query",
    "to_json",
    "unlinked",
    "walk",
]
