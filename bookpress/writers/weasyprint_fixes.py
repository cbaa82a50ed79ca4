"""Work-arounds for WeasyPrint bugs that damage book pages, applied on import.

Each fix is small, checks its own preconditions, and leaves WeasyPrint alone
when they do not hold. Tests in tests/e2e pin the visible behaviour, so a
WeasyPrint upgrade that fixes (or changes) the code underneath shows up there.
"""

from __future__ import annotations

from weasyprint.layout import inline as _inline
from weasyprint.text import line_break as _line_break

_original_split_first_line = _line_break.split_first_line
_COLLAPSING = ("normal", "nowrap", "pre-line")


def _split_first_line(
    text, style, context, max_width, justification_spacing, is_line_start=True, minimum=False
):
    """WeasyPrint 70 measures a text run that ends with a space (before an
    inline element such as ``<code>``) with that space included. When the
    words fit but the space does not, it gives up on the line and keeps only
    the first word, leaving a one-word line in the middle of a paragraph.
    Here: if only a first word came back, check whether the words without
    the trailing space fit, and if so keep them all on the line."""
    result = _original_split_first_line(
        text, style, context, max_width, justification_spacing, is_line_start, minimum
    )
    resume_index = result[2]
    if resume_index is None or max_width is None or not text.endswith(" "):
        return result
    if style["white_space"] not in _COLLAPSING:
        return result
    words = text.rstrip(" ")
    kept = text.encode()[: result[1]].decode()
    if " " in kept.strip() or " " not in words:
        return result  # a normal break, or a single word anyway
    fitted = _original_split_first_line(
        words, style, context, max_width, justification_spacing, is_line_start, minimum
    )
    if fitted[2] is not None:
        return result  # the words really do not fit
    return _original_split_first_line(
        text, style, context, float("inf"), justification_spacing, is_line_start, minimum
    )


_inline.split_first_line = _split_first_line
