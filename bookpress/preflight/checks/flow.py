"""Flow: headings alone at the foot of a page, widows and orphans (warnings, from line positions)."""

from __future__ import annotations

import itertools

from ..body_text import is_body, is_heading
from ..facts import DocFacts, PageFacts
from ..findings import WARNING, Expectations, Finding
from ..words import Line


def check_flow(doc: DocFacts, expect: Expectations) -> list[Finding]:
    """Headings alone at the foot of a page, widows and orphans: warnings, from line positions."""
    if not doc.body_size:
        return []
    starts = doc.chapter_starts()
    findings: list[Finding] = []
    for page, following in itertools.pairwise(doc.pages):
        if page.index in doc.contents_pages or following.index in starts:
            continue  # the next page opens a chapter or part: ending short is right
        lines, next_lines = page.body_lines(), following.body_lines()
        if _heading_at_bottom(doc, page, lines):
            message = f"heading {lines[-1].text[:60]!r} is the last line of the page"
            findings.append(page.finding(WARNING, "heading-at-bottom", message))
        if _orphan(doc, page, lines, following):
            message = f"the first line of a paragraph is alone at the foot: {lines[-1].text[:60]!r}"
            findings.append(page.finding(WARNING, "orphan", message))
        if _widow(doc, page, lines, following):
            message = f"the last line of a paragraph is alone at the top: {next_lines[0].text[:60]!r}"
            findings.append(following.finding(WARNING, "widow", message))
    return findings


def _heading_at_bottom(doc: DocFacts, page: PageFacts, lines: list[Line]) -> bool:
    if len(lines) < 2 or not is_heading(doc, lines[-1]):
        return False
    if not any(is_body(doc, ln) for ln in lines[:-1]):
        return False  # a part or title page: headings only
    below = lines[-1].y1
    return not any(image.rect[1] > below for image in page.scan.images)


def _column(doc: DocFacts, page: PageFacts) -> tuple[float, float]:
    """Where running text starts and ends on this side of the spread, as measured."""
    return doc.columns.get(page.index % 2, (page.text_box[0], page.text_box[2]))


def _full(doc: DocFacts, page: PageFacts, line: Line) -> bool:
    """A justified line that is not the last of its paragraph reaches the right edge."""
    return line.x1 >= _column(doc, page)[1] - 2.5


def _short(doc: DocFacts, page: PageFacts, line: Line) -> bool:
    """A line that clearly ends its paragraph: short of the right edge by a fifth of the column
    (a ragged-right line — in a list, a table cell — stops a little short without ending)."""
    left, right = _column(doc, page)
    return not _full(doc, page, line) and line.x1 < right - 0.2 * (right - left)


def _offset(doc: DocFacts, page: PageFacts, line: Line) -> float:
    return line.x0 - _column(doc, page)[0]


def _orphan(doc: DocFacts, page: PageFacts, lines: list[Line], following: PageFacts) -> bool:
    """The last line of the page is full (its paragraph goes on) and starts its paragraph: the line
    before it is not running text or stops short, or a gap separates them, or it is indented
    further than the paragraph goes on, on the next page."""
    next_lines = following.body_lines()
    if not lines or not next_lines or not is_body(doc, next_lines[0]):
        return False
    last, first = lines[-1], next_lines[0]
    if not (is_body(doc, last) and _full(doc, page, last)):
        return False
    before = lines[-2] if len(lines) > 1 else None
    if before is None or not is_body(doc, before) or _short(doc, page, before):
        return True
    indent = _offset(doc, page, last) - _offset(doc, following, first)
    return last.y1 - before.y1 > 1.5 * doc.leading or 0.4 * doc.body_size <= indent <= 3 * doc.body_size


def _widow(doc: DocFacts, page: PageFacts, lines: list[Line], following: PageFacts) -> bool:
    """The last line of the page is full (its paragraph goes on) and the first line of the next
    page, at the same place in the column, stops short: the paragraph ends there."""
    next_lines = following.body_lines()
    if not lines or not next_lines:
        return False
    last, first = lines[-1], next_lines[0]
    if not (is_body(doc, last) and _full(doc, page, last) and is_body(doc, first)):
        return False
    same_column = abs(_offset(doc, following, first) - _offset(doc, page, last)) <= 1.0
    return same_column and not _full(doc, following, first)
