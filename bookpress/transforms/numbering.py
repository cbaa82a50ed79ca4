"""Number parts (I, II…), body chapters (1, 2…), appendices (A, B…) and
their sections (2.1, 2.1.3, A.1).

Front and back matter and headings marked ``.unnumbered`` (or ``{-}``) get no
number. How deep sections are numbered is ``[book] number-depth``.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from ..model import Book, Chapter, Heading, Part, walk
from ..vocabulary import roman

if TYPE_CHECKING:
    from .context import Context


def apply(book: Book, ctx: Context) -> Book:
    if not ctx.config.number_sections:
        return book
    depth = ctx.config.number_depth
    chapter_no = 0
    part_no = 0

    def number_chapter(ch: Chapter) -> Chapter:
        nonlocal chapter_no
        chapter_no += 1
        label = str(chapter_no)
        return dataclasses.replace(ch, number=label, blocks=_number_sections(ch.blocks, label, depth))

    def number_appendix(ch: Chapter, letter: str) -> Chapter:
        return dataclasses.replace(ch, number=letter, blocks=_number_sections(ch.blocks, letter, depth))

    appendix_no = 0
    back: list[Chapter] = []
    for ch in book.back:
        if ch.kind == "appendix":
            appendix_no += 1
            ch = number_appendix(ch, appendix_letter(appendix_no))
        back.append(ch)

    body: list[Chapter | Part] = []
    for item in book.body:
        if isinstance(item, Part):
            part_no += 1
            chapters = tuple(number_chapter(c) for c in item.chapters)
            body.append(dataclasses.replace(item, number=roman(part_no), chapters=chapters))
        else:
            body.append(number_chapter(item))
    return dataclasses.replace(book, body=tuple(body), back=tuple(back))


def appendix_letter(n: int) -> str:
    """A, B, … Z, AA, AB …"""
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _number_sections(blocks: tuple, chapter: str, depth: int) -> tuple:
    counters = [0] * 7

    def visit(node):
        if not isinstance(node, Heading) or node.level < 2:
            return node
        if node.attr.has("unnumbered") or node.level > depth:
            return node
        counters[node.level] += 1
        for deeper in range(node.level + 1, 7):
            counters[deeper] = 0
        parts = [chapter] + [str(counters[lv]) for lv in range(2, node.level + 1)]
        return dataclasses.replace(node, number=".".join(parts))

    # Walk top-down in document order: headings are never nested in headings,
    # so the bottom-up walk still meets them in reading order.
    return tuple(walk(b, visit) if not isinstance(b, Heading) else visit(b) for b in blocks)
