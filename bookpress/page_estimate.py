"""What the PDF writer decides before layout, without WeasyPrint: the page
count guessed to pick the gutter, whether a wrong guess costs a second
layout, and how many characters of table text fit across the text block —
each measured in the theme's own type sizes (:mod:`bookpress.theme_metrics`)."""

from __future__ import annotations

import math

from .geometry import GUTTER_BANDS, GUTTER_MAX, Geometry, gutter_for
from .model import Book, CodeBlock, Figure, Heading, ListItem, MathBlock, Paragraph, Table, Text, query
from .theme_metrics import DEFAULT_METRICS, ThemeMetrics

# An average character of running text is ~0.45 em wide (measured on the
# default theme's serif: 4.7 pt at 10.5 pt); one of code, monospaced, 0.6 em.
TEXT_CHAR_EM = 0.448
CODE_CHAR_EM = 0.602
# Table text, narrower than running text with its short words and figures.
TABLE_CHAR_EM = 0.489


def estimate_pages(book: Book, geometry: Geometry, metrics: ThemeMetrics = DEFAULT_METRICS) -> int:
    """The page count before layout, to choose the gutter: the lines the text,
    code, headings and figures take on the text block of ``geometry``, plus the
    openings of chapters and the front matter. Tuned on the handbook, the
    ml-engineering book and the synthetic bench book to err on the high side by
    a few percent (a gutter one band too wide is kept; one too narrow costs a
    second layout)."""
    width = geometry.width - geometry.inner - geometry.outer
    height = geometry.height - geometry.top - geometry.bottom
    text_chars = width / (TEXT_CHAR_EM * metrics.text_size)
    code_chars = width / (CODE_CHAR_EM * metrics.code_size)
    # A listing's line, in lines of body text (0.75 with the default theme).
    code_row = 0.75 * (metrics.code_size * metrics.code_leading / metrics.line_pt) / _DEFAULT_CODE_ROW
    lines = 0.0
    chapters = 0
    for chapter in book.chapters():
        chapters += 1
        for node in query(chapter):
            if isinstance(node, Text):
                lines += len(node.text) / text_chars
            elif isinstance(node, Paragraph):
                lines += 0.5  # the short last line
            elif isinstance(node, Heading):
                lines += 2.5
            elif isinstance(node, ListItem):
                lines += 0.3
            elif isinstance(node, CodeBlock):
                rows = node.text.rstrip("\n").split("\n")
                lines += 1.5 + code_row * sum(max(1, math.ceil(len(row) / code_chars)) for row in rows)
            elif isinstance(node, MathBlock):
                lines += 2.5
            elif isinstance(node, Figure):
                lines += 8
            elif isinstance(node, Table):
                lines += 3
    return int(1.25 * lines * metrics.line_pt / height + chapters + 12)


# The default theme's listing line over its text line: the calibration point of 0.75.
_DEFAULT_CODE_ROW = DEFAULT_METRICS.code_size * DEFAULT_METRICS.code_leading / DEFAULT_METRICS.line_pt


def gutter_is_off(pages: int, guess: int) -> bool:
    """Whether the book, laid out with the gutter of ``guess`` pages, must be
    laid out again (which doubles the time): when it needs a wider gutter than
    the guess gave, or when the guess gave two bands more than it needs. One
    band more (0.1 in more inner margin) is kept: a binding is never hurt by it."""
    bands = [gutter for _, gutter in GUTTER_BANDS] + [GUTTER_MAX]
    steps = bands.index(gutter_for(guess)) - bands.index(gutter_for(pages))
    return steps < 0 or steps > 1


def table_capacity(geometry: Geometry, metrics: ThemeMetrics = DEFAULT_METRICS) -> float:
    """Characters of table text across the text block (at least 40)."""
    width = geometry.width - geometry.inner - geometry.outer
    return max(40.0, width / (TABLE_CHAR_EM * metrics.table_text_size))
