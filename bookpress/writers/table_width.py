"""How much a table must shrink to fit the text block, judged by its content."""

from __future__ import annotations

from ..model import Table, plain_text

# A table cell longer than this wraps instead of widening its column.
WRAPPED_CELL = 24


def table_width_class(table: Table, capacity: float = 90) -> str:
    """How much a table needs to shrink to fit the text block, judged by its
    widest content: the longest cell of each column (a long cell can wrap, so
    it counts only up to a point), plus room per column for padding, against
    the ``capacity`` of the text block in characters of table text."""
    rows = (*table.head, *table.body)
    columns = max((len(row.cells) for row in rows), default=0)
    widths = [0] * columns
    for row in rows:
        for i, cell in enumerate(row.cells):
            longest_word = max((len(w) for w in plain_text(cell.children).split()), default=0)
            widths[i] = max(widths[i], min(len(plain_text(cell.children)), max(WRAPPED_CELL, longest_word)))
    need = sum(widths) + 2.5 * columns
    return "very-wide" if need > capacity * 1.12 else "wide" if need > capacity * 0.92 else ""
