"""The running text as laid out: body font, leading, columns; which lines are body text or
headings; which pages hold the table of contents."""

from __future__ import annotations

import itertools
import re
from collections import Counter

from .facts import DocFacts
from .words import Line


def measure_body_text(doc: DocFacts) -> None:
    """The body font (most glyphs inside text blocks), the usual distance between its lines, and
    the column it fills on right- and left-hand pages, as laid out: the commonest left edge on
    each side and the widest line width found more than once (full justified lines)."""
    glyphs: Counter[tuple[str, float]] = Counter()
    for page in doc.pages:
        top, bottom = page.text_box[1], page.text_box[3]
        for run in page.scan.runs:
            if top <= run.y <= bottom:
                glyphs[(run.font.family, round(run.size, 1))] += run.glyphs
    if not glyphs:
        return
    (doc.body_family, doc.body_size), _ = glyphs.most_common(1)[0]
    gaps: Counter[float] = Counter()
    widths: Counter[float] = Counter()
    lefts: dict[int, Counter[float]] = {0: Counter(), 1: Counter()}
    for page in doc.pages:
        lines = [ln for ln in page.body_lines() if is_body(doc, ln)]
        gaps.update(round(b.y1 - a.y1, 1) for a, b in itertools.pairwise(lines))
        widths.update(round(2 * (ln.x1 - ln.x0)) / 2 for ln in lines)
        lefts[page.index % 2].update(round(ln.x0, 1) for ln in lines)
    doc.leading = gaps.most_common(1)[0][0] if gaps else doc.body_size * 1.3
    repeated = [w for w, n in widths.items() if n >= 2]  # full lines share the column width
    width = max(repeated) if repeated else doc.pages[0].text_box[2] - doc.pages[0].text_box[0]
    doc.columns = {
        side: (c.most_common(1)[0][0], c.most_common(1)[0][0] + width) for side, c in lefts.items() if c
    }


def is_body(doc: DocFacts, line: Line) -> bool:
    """A line of running text: set in the body font (inline code or a footnote call may join
    it) and nothing bigger."""
    return abs(line.size - doc.body_size) < 0.6 and any(
        r.font.family == doc.body_family and abs(r.size - doc.body_size) < 0.6 for r in line.runs
    )


def is_heading(doc: DocFacts, line: Line) -> bool:
    if not line.runs or not doc.body_size:
        return False
    if line.size >= 1.15 * doc.body_size:
        return True
    display = all(r.font.bold and r.font.family != doc.body_family for r in line.runs)
    return display and line.size >= doc.body_size - 0.6


CONTENTS_TITLE = re.compile(r"^(table of )?contents$", re.I)


def contents_pages(doc: DocFacts) -> set[int]:
    """From the page whose first line is "Contents" up to the next top-level outline entry."""
    for page in doc.pages:
        lines = page.body_lines()
        if lines and CONTENTS_TITLE.match(lines[0].text.strip()):
            later = [p for p in doc.chapter_starts() if p > page.index]
            end = min(later) if later else min(page.index + 1, len(doc.pages))
            return set(range(page.index, end))
    return set()
