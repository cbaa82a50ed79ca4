"""No link inside a link: HTML forbids it (EPUBCheck rejects the file) and no
reader can follow both.

Authors make them without meaning to: a raw ``<a>`` inside Markdown link
text, a citation or a cross-reference inside link text (both become links),
a footnote call inside link text (a link in the EPUB, a note body with links
in print). The outermost link wins: an inner link keeps its text and loses
its target, a cross-reference keeps its words ("Figure 3.2"), a footnote
call moves just after the link so that the note survives.

:func:`bookpress.model.unlinked` does the same for places that wrap inlines in a link of
their own: the entries of the contents page and the lists of figures.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from ..model import (
    Book,
    Chapter,
    CrossRef,
    FootnoteRef,
    Inline,
    Link,
    SourceRef,
    Span,
    query,
    walk,
)

if TYPE_CHECKING:
    from .context import Context

# How many places the warning names; --verbose lists every one.
SHOWN_PLACES = 3


def apply(book: Book, ctx: Context) -> Book:
    found: list[tuple[SourceRef, str]] = []  # where, the inner link's target
    book = book.map_chapters(lambda ch: _chapter(ch, found))
    _report(found, ctx)
    return book


def _chapter(ch: Chapter, found: list[tuple[SourceRef, str]]) -> Chapter:
    def visit(node):
        if not isinstance(node, Link):
            return node
        if not any(_is_link(n) for child in node.children for n in query(child)):
            return node
        where = node.source if node.source.path else ch.source
        inner, notes = _flatten(node.children, where, found)
        link = dataclasses.replace(node, children=inner)
        return (link, *notes) if notes else link

    return walk(ch, visit)


def _is_link(node: object) -> bool:
    return isinstance(node, (Link, FootnoteRef)) or (isinstance(node, CrossRef) and bool(node.target))


def _flatten(
    nodes: tuple[Inline, ...], where: SourceRef, found: list[tuple[SourceRef, str]]
) -> tuple[tuple[Inline, ...], list[FootnoteRef]]:
    """The link text without links, and the footnote calls taken out of it."""
    notes: list[FootnoteRef] = []

    def visit(node):
        if isinstance(node, Link):
            found.append((node.source if node.source.path else where, node.url))
            return node.children
        if isinstance(node, CrossRef) and node.target:
            return dataclasses.replace(node, target="", page=False)
        if isinstance(node, FootnoteRef):
            notes.append(node)
            return ()
        return node

    out = tuple(walk(Span(nodes), visit).children)
    return out, notes


def _report(found: list[tuple[SourceRef, str]], ctx: Context) -> None:
    if not found:
        return
    for place, url in found:
        ctx.diagnostics.info(
            place.path, place.line, "nested-link", f"link to '{url}' inside a link kept as text"
        )
    first, _ = found[0]
    places = ", ".join(f"{p.path}:{p.line} ({u})" for p, u in found[:SHOWN_PLACES])
    hidden = len(found) - SHOWN_PLACES
    more = f" and {hidden} more (--verbose lists them)" if hidden > 0 else ""
    noun = "link inside another link" if len(found) == 1 else "links inside other links"
    ctx.diagnostics.warn(
        first.path, first.line, "nested-link", f"{len(found)} {noun} kept as plain text: {places}{more}"
    )
