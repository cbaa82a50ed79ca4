"""Line-break opportunities in very long words, for the print layout.

WeasyPrint breaks a word that is wider than the line (``overflow-wrap:
anywhere``) by measuring the rest of the word again for every line: the
time is quadratic in the word's length (a 40,000-character line of base64
took 16 s, 100,000 characters 97 s). A zero-width space every
:data:`~bookpress.limits.LONG_WORD_STEP` characters gives the line breaker
places to break, and the time is linear again; nothing shows on the page.
Words shorter than :data:`~bookpress.limits.LONG_WORD_CHARS` are left alone.
"""

from __future__ import annotations

import re

from ..limits import LONG_WORD_CHARS, LONG_WORD_STEP

ZERO_WIDTH_SPACE = "\u200b"
_LONG_WORD = re.compile(rf"[^\s\u200b]{{{LONG_WORD_CHARS + 1},}}")


def break_long_words(text: str) -> tuple[str, int]:
    """``text`` with a zero-width space every few characters of its long
    words, and the length of the longest word broken (0: none)."""
    if len(text) <= LONG_WORD_CHARS:
        return text, 0
    longest = 0

    def split(match: re.Match[str]) -> str:
        nonlocal longest
        word = match.group()
        longest = max(longest, len(word))
        return ZERO_WIDTH_SPACE.join(
            word[i : i + LONG_WORD_STEP] for i in range(0, len(word), LONG_WORD_STEP)
        )

    return _LONG_WORD.sub(split, text), longest
