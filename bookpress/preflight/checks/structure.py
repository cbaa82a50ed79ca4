"""Structure: chapters on the expected side, blank pages with a running head or folio,
table-of-contents numbers that disagree with the pages."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..body_text import CONTENTS_TITLE
from ..facts import DocFacts, OutlineEntry, PageFacts
from ..findings import ERROR, Expectations, Finding
from ..rects import intersect, is_empty


def check_structure(doc: DocFacts, expect: Expectations) -> list[Finding]:
    return [*_chapter_sides(doc, expect), *_blank_with_head(doc), *_toc_numbers(doc)]


def _chapter_sides(doc: DocFacts, expect: Expectations) -> list[Finding]:
    if expect.chapter_start not in ("right", "left"):
        return []
    right = expect.chapter_start == "right"  # page 1 (index 0) is a right-hand page
    wrong = "left" if right else "right"
    rule = f"chapters start on {expect.chapter_start}-hand pages"
    return [
        doc.pages[entry.page].finding(
            ERROR, "chapter-side", f"{entry.title!r} starts on a {wrong}-hand page; {rule}"
        )
        for entry in doc.outline
        if entry.level == 1 and (entry.page % 2 == 0) != right
    ]


def _blank_with_head(doc: DocFacts) -> list[Finding]:
    findings = []
    for page in doc.pages:
        if not page.words or page.body_lines() or _draws_in_text_block(page):
            continue
        text = " ".join(ln.text for ln in page.lines)[:60]
        message = f"blank page with a running head or folio ({text!r}): a blank page stays empty"
        findings.append(page.finding(ERROR, "blank-page-head", message))
    return findings


def _draws_in_text_block(page: PageFacts) -> bool:
    rects = [i.rect for i in page.scan.images] + page.scan.paths
    return any(not is_empty(intersect(r, page.text_box)) for r in rects)


_TOC_LINE = re.compile(r"^(?P<title>.*?)[\s.·…_]*\s(?P<num>\d+|[ivxlcdm]+)$")
_TOC_PREFIX = re.compile(r"^(part|chapter|appendix|section)?(\d+|[ivxlcdm]+|[a-z])?\d*$")


def _toc_numbers(doc: DocFacts) -> list[Finding]:
    """Each "Title …… 12" line of the contents against the page label of the outline entry
    with that title (entries are looked for in outline order, from the last one matched)."""
    findings: list[Finding] = []
    cursor = 0
    for index in sorted(doc.contents_pages):
        page = doc.pages[index]
        for title, number in _toc_entries(page):
            found = _match_outline(doc.outline, title, cursor)
            if found is None:
                continue
            cursor = found + 1
            target = doc.outline[found].page
            actual = doc.pages[target].label
            if actual != number:
                message = (
                    f"contents list {title!r} on page {number}; it starts on page {actual} "
                    f"(physical page {target + 1})"
                )
                findings.append(page.finding(ERROR, "toc-page-wrong", message))
    return findings


def _toc_entries(page: PageFacts) -> Iterator[tuple[str, str]]:
    """(title, printed page number) of each entry; a title wrapped over lines is joined."""
    pending = ""
    for line in page.body_lines():
        text = re.sub(r"\s+", " ", line.text).strip()
        if CONTENTS_TITLE.match(text):
            continue
        match = _TOC_LINE.match(text)
        if match is None or not match.group("title").strip(" ."):
            pending = f"{pending} {text}".strip() if len(pending) < 200 else ""
            continue
        title = f"{pending} {match.group('title')}".strip().rstrip(". ")
        pending = ""
        yield title, match.group("num")


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def _match_outline(outline: list[OutlineEntry], title: str, cursor: int) -> int | None:
    """The outline entry a contents line names: the same title, or the title after a number
    ("12", "Part II", "Chapter 3", "A.1")."""
    key = _key(title)
    if not key:
        return None
    for i in [*range(cursor, len(outline)), *range(min(cursor, len(outline)))]:
        other = _key(outline[i].title)
        if other and (key == other or (key.endswith(other) and _TOC_PREFIX.match(key[: -len(other)]))):
            return i
    return None
