"""Inline nodes: text and what sits inside a line (emphasis, links, notes, math, citations,
cross-references, index marks)."""

from __future__ import annotations

from dataclasses import dataclass

from .base import NO_ATTR, NO_SOURCE, Attr, SourceRef


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
