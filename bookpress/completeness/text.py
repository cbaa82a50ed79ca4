"""Heading text as the model has it and as a PDF gives it back, made comparable.

Text extracted from a PDF differs from the manuscript in ways that say nothing
about completeness: line breaks and hyphens where a line was broken, soft
hyphens, ligatures (``ﬁ``), case changed by CSS (small caps, uppercase running
heads), full-width forms, curly quotes and dashes from the typography
transform, and no spaces at all between CJK characters. :func:`normalise`
keeps letters, marks and digits only, NFKC-folded and case-folded, so that
"Hyphen-\\nation" and "hyphenation" compare equal.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from ..model import Code, Emph, IndexTerm, Inline, LineBreak, Link, Span, Strike, Strong, Text

_KEEP = {"L", "M", "N"}
_cache: dict[str, bool] = {}


def _kept(char: str) -> bool:
    kept = _cache.get(char)
    if kept is None:
        kept = _cache[char] = unicodedata.category(char)[0] in _KEEP
    return kept


def normalise(text: str) -> str:
    """Letters, marks and digits of ``text``, NFKC and case-folded, nothing else."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(c for c in folded if _kept(c))


def segments(inlines: Iterable[Inline]) -> list[str]:
    """The runs of plain text of a heading, normalised, split where the PDF shows
    something else than the model's text (a formula drawn as an image, a footnote
    call, a cross-reference or citation with generated text, an image)."""
    runs: list[list[str]] = [[]]

    def visit(nodes: Iterable[Inline]) -> None:
        for node in nodes:
            if isinstance(node, (Text, Code)):
                runs[-1].append(node.text)
            elif isinstance(node, (Emph, Strong, Strike, Span, Link, IndexTerm)):
                visit(node.children)
            elif isinstance(node, LineBreak):
                runs[-1].append(" ")
            elif runs[-1]:
                runs.append([])

    visit(inlines)
    out = [normalise("".join(run)) for run in runs]
    return [s for s in out if s]


def contains(page: str, segment: str) -> bool:
    """Whether the normalised ``page`` text shows ``segment``: exactly, or — for text
    that extraction mangles (a glyph drawn by another font, a lost ligature) — with at
    least 80 % of its character trigrams. Scripts whose vowel signs are reordered
    or merged into clusters (Devanagari, Bengali, Tamil…) come back from a PDF with
    their marks lost or misplaced: there, the letters without marks are compared,
    by bigrams."""
    if segment in page:
        return True
    if len(segment) >= 6 and _share(page, segment, 3) >= 0.8:
        return True
    if not any(unicodedata.category(c)[0] == "M" for c in segment):
        return False
    letters, page_letters = _without_marks(segment), _without_marks(page)
    return letters in page_letters or (len(letters) >= 3 and _share(page_letters, letters, 2) >= 0.75)


def _share(page: str, segment: str, n: int) -> float:
    """The fraction of the n-grams of ``segment`` found in ``page``."""
    grams = {segment[i : i + n] for i in range(len(segment) - n + 1)}
    return sum(1 for g in grams if g in page) / len(grams) if grams else 0.0


def _without_marks(text: str) -> str:
    return "".join(c for c in text if unicodedata.category(c)[0] != "M")
