"""Number footnotes per chapter in the order they are first called.

A call to a note that is not defined is a warning and stays visible as
``[^label]``. Every call gets a unique id so that a note called twice links
back to both places.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from ..model import Book, Chapter, FootnoteRef, SourceRef, Text, walk

if TYPE_CHECKING:
    from .context import Context


def apply(book: Book, ctx: Context) -> Book:
    return book.map_chapters(lambda ch: _chapter(ch, ctx))


def _chapter(ch: Chapter, ctx: Context) -> Chapter:
    defined = {note.label: note for note in ch.footnotes}
    numbers: dict[str, int] = {}
    calls: dict[str, int] = {}
    first_call: dict[str, SourceRef] = {}

    def visit(node):
        if not isinstance(node, FootnoteRef):
            return node
        if node.label not in defined:
            shown = node.label if not node.label.startswith("_inline") else "inline"
            ctx.diagnostics.warn(
                node.source.path,
                node.source.line,
                "undefined-footnote",
                f"footnote [^{shown}] is not defined",
            )
            return Text(f"[^{node.label}]")
        if node.label not in numbers:
            numbers[node.label] = len(numbers) + 1
            first_call[node.label] = node.source
        number = numbers[node.label]
        calls[node.label] = calls.get(node.label, 0) + 1
        suffix = "" if calls[node.label] == 1 else f"-{calls[node.label]}"
        return dataclasses.replace(node, number=number, id=f"{ch.id}-fnref-{number}{suffix}")

    # The title comes first in reading order: a call there (``# Intro[^1]``) is note 1.
    title = tuple(visit(walk(node, visit)) for node in ch.title)
    blocks = tuple(walk(b, visit) for b in ch.blocks)
    # Notes may call notes; number those after the text's own.
    notes = [dataclasses.replace(n, blocks=tuple(walk(b, visit) for b in n.blocks)) for n in ch.footnotes]
    used = sorted((n for n in notes if n.label in numbers), key=lambda n: numbers[n.label])
    # An inline note ^[…] has no line of its own: it is where it is called.
    used = [n if n.source.line else dataclasses.replace(n, source=first_call[n.label]) for n in used]
    return dataclasses.replace(ch, title=title, blocks=blocks, footnotes=tuple(used))
