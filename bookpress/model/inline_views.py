"""Inlines seen another way: as plain text, and as inlines fit to sit inside a link a writer adds."""

from __future__ import annotations

import dataclasses

from .base import Attr
from .inlines import Code, CrossRef, FootnoteRef, Image, IndexTerm, Inline, LineBreak, Link, Span, Text
from .walking import query, walk


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


def unlinked(nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Inlines fit to sit inside a link the writer adds (a contents entry):
    no links, no cross-reference links, no footnote calls, images as their
    words, and no ids (the same words are in the chapter, where the ids
    belong)."""

    def visit(node):
        if isinstance(node, Link):
            return node.children
        if isinstance(node, CrossRef):
            return dataclasses.replace(node, target="", page=False)
        if isinstance(node, FootnoteRef):
            return ()
        if isinstance(node, IndexTerm):
            return node.children
        if isinstance(node, Image):  # an icon or badge in a heading: its words
            return Text(node.alt) if node.alt else ()
        attr = getattr(node, "attr", None)
        if isinstance(attr, Attr) and attr.id:
            return dataclasses.replace(node, attr=attr.with_id(""))
        return node

    return tuple(walk(Span(nodes), visit).children)
