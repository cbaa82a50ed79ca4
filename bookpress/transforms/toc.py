"""Build the table of contents: parts, chapters and their numbered sections."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from ..model import Book, Chapter, Div, Heading, Inline, LineBreak, Part, Text, TocEntry, walk

if TYPE_CHECKING:
    from .context import Context

MAX_LEVEL = 3


def apply(book: Book, ctx: Context) -> Book:
    entries: list[TocEntry] = [_chapter(ch) for ch in book.front]
    for item in book.body:
        if isinstance(item, Part):
            children = tuple(_chapter(ch) for ch in item.chapters)
            entries.append(TocEntry(item.id, _one_line(item.title), 0, item.number, "part", children))
        else:
            entries.append(_chapter(item))
    entries.extend(_chapter(ch) for ch in book.back)
    return dataclasses.replace(book, toc=tuple(entries))


def _chapter(ch: Chapter) -> TocEntry:
    headings = [h for h in _outline_headings(ch.blocks) if 2 <= h.level <= MAX_LEVEL]
    return TocEntry(ch.id, _one_line(ch.title), 1, ch.number, ch.kind, _nest(headings, 2))


def _one_line(title: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """A title the author broke over lines (``<br/>``) is one line in a contents list."""

    def visit(node: object) -> object:
        return Text(" ") if isinstance(node, LineBreak) else node

    return tuple(visit(walk(n, visit)) for n in title)  # type: ignore[misc]


def _outline_headings(blocks: tuple) -> list[Heading]:
    """Headings of the chapter's own outline (not those inside boxes or quotes)."""
    out: list[Heading] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append(block)
        elif isinstance(block, Div) and "subchapter" in block.attr.classes:
            out.extend(_outline_headings(block.blocks))
    return out


def _nest(headings: list[Heading], level: int) -> tuple[TocEntry, ...]:
    out: list[TocEntry] = []
    i = 0
    while i < len(headings):
        h = headings[i]
        j = i + 1
        while j < len(headings) and headings[j].level > h.level:
            j += 1
        children = _nest(headings[i + 1 : j], level + 1)
        out.append(TocEntry(h.attr.id, _one_line(h.children), h.level, h.number, "section", children))
        i = j
    return tuple(out)
