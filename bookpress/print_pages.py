"""The pages of a built PDF as the EPUB's page list needs them: each page's
label, its text without running heads and folios, and the ids on it.

Text comes from pdfium (the reader the completeness check uses). WeasyPrint
draws the page-margin boxes (running heads, folios) after the page's
content, but a theme may put them anywhere, so they are recognised by what
they say, not where they come: a first or last line that is the page's label,
starts or ends with it, or says the same as the first or last lines of at
least :data:`REPEATED` other pages once the label is taken off. A table's
header row repeated at the top of a page is taken off too: the page's own
text starts after it.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

from .completeness.printed import read_printed
from .writers.epub_pagelist import PrintPage, normalise

REPEATED = 3  # pages sharing a first or last line: a running head
EDGE_LINES = 2  # lines looked at, at each end of a page
REPEATED_HEAD_LINES = 12  # lines a repeated table header may take
MIN_REPEATED_HEAD = 8  # a table header repeated on the next page is at least this long


def read_print_pages(pdf: Path) -> list[PrintPage]:
    printed = read_printed(pdf)
    labels = [printed.label(i) for i in range(len(printed.pages))]
    lines = [_lines(page.text) for page in printed.pages]
    anchors: dict[int, list[str]] = {}
    for ident, page in printed.anchors.items():
        anchors.setdefault(page, []).append(ident)
    running = _running_lines(lines, labels)
    ends = _running_ends(lines, labels, running)
    bodies = [_body(page, label, running, ends) for page, label in zip(lines, labels, strict=True)]
    for i in range(len(bodies) - 1, 0, -1):
        bodies[i] = _without_repeated_head(bodies[i], bodies[i - 1])
    return [
        PrintPage(label, tuple(body), tuple(anchors.get(i, ())))
        for i, (body, label) in enumerate(zip(bodies, labels, strict=True))
    ]


def _lines(text: str) -> list[str]:
    # pdfium marks a line broken at a hyphen with U+FFFE (or U+0002)
    text = text.replace("\ufffe\n", "").replace("\x02\n", "")
    return [line.strip() for line in text.split("\n") if line.strip()]


def _without_label(line: str, label: str) -> str:
    words = line.split()
    if words and words[0] == label:
        words = words[1:]
    elif words and words[-1] == label:
        words = words[:-1]
    return normalise(" ".join(words))


def _running_lines(pages: list[list[str]], labels: list[str]) -> set[str]:
    seen: Counter[str] = Counter()
    for lines, label in zip(pages, labels, strict=True):
        edges = {_without_label(line, label) for line in lines[:EDGE_LINES] + lines[-EDGE_LINES:]}
        seen.update(e for e in edges if e)
    return {text for text, count in seen.items() if count > REPEATED}


def _is_folio(line: str, label: str) -> bool:
    words = line.split()
    return line == label or (bool(words) and (words[0] == label or words[-1] == label) and len(line) < 100)


def _is_running(line: str, label: str, running: set[str]) -> bool:
    return not line.split() or _is_folio(line, label) or _without_label(line, label) in running


def _running_ends(pages: list[list[str]], labels: list[str], running: set[str]) -> tuple[bool, bool]:
    """Whether the theme's running heads and folios come first, last or both in
    the text of a page: a heading at the top of a page says the same as the
    running head of its chapter, and must not be taken off where none are."""
    first = last = 0
    for lines, label in zip(pages, labels, strict=True):
        if lines:
            first += _is_running(lines[0], label, running)
            last += _is_running(lines[-1], label, running)
    texts = sum(1 for lines in pages if lines) or 1
    return first > texts / 3, last > texts / 3


def _body(lines: list[str], label: str, running: set[str], ends: tuple[bool, bool]) -> list[str]:
    """The page's lines without its running head and folio. A page without a
    folio (a half-title, a part's title page) has no running head either: a
    line there that says what running heads say is its own text."""
    body = list(lines)
    edges = lines[:EDGE_LINES] + lines[-EDGE_LINES:]
    if not any(_is_folio(line, label) for line in edges):
        running = set()
    at_start, at_end = ends
    for _ in range(EDGE_LINES if at_end else 0):
        if body and _is_running(body[-1], label, running):
            body.pop()
    for _ in range(EDGE_LINES if at_start else 0):
        if body and _is_running(body[0], label, running):
            body.pop(0)
    return body


def _without_repeated_head(lines: list[str], before: list[str]) -> list[str]:
    """A page's lines without the table header repeated at its top: first lines
    (of some length together; a header's cells can wrap) that the page before
    also has are not new text."""
    seen = set(before)
    start = 0
    while start < min(REPEATED_HEAD_LINES, len(lines) - 1) and lines[start] in seen:
        start += 1
    if sum(_width(line) for line in lines[:start]) < MIN_REPEATED_HEAD:
        return lines
    return lines[start:]


def _width(line: str) -> int:
    """A line's length in columns: a Chinese or Japanese character counts two."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in line)
