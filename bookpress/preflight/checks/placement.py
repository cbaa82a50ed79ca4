"""Placement: text, images and drawings that leave the text block or stop short of the bleed."""

from __future__ import annotations

import re

from ..facts import DocFacts, PageFacts
from ..findings import ERROR, WARNING, Expectations, Finding
from ..rects import PLACE_TOLERANCE, Rect, inches, intersect


def check_placement(doc: DocFacts, expect: Expectations) -> list[Finding]:
    findings: list[Finding] = []
    for page in doc.pages:
        findings.extend(_words_outside(page))
        findings.extend(_bottom_margin(page))
        findings.extend(_drawings_outside(page, expect))
    return findings


def _words_outside(page: PageFacts) -> list[Finding]:
    left, top, right, bottom = page.text_box
    out = [
        w
        for w in page.words
        if top - PLACE_TOLERANCE <= w.cy <= bottom
        and (w.x0 < left - PLACE_TOLERANCE or w.x1 > right + PLACE_TOLERANCE)
    ]
    if not out:
        return []
    worst = max(max(left - w.x0, w.x1 - right) for w in out)
    sample = ", ".join(repr(w.text) for w in out[:4]) + (", …" if len(out) > 4 else "")
    block = f"x {left:.0f}–{right:.0f} pt"
    message = f"{len(out)} words leave the text block ({block}) by up to {worst:.0f} pt: {sample}"
    return [page.finding(ERROR, "text-outside", message)]


_FOLIO = re.compile(r"^[\W_]*(\d{1,4}|[ivxlcdm]{1,8})[\W_]*$", re.I)


def _bottom_margin(page: PageFacts) -> list[Finding]:
    """Text below the text block that is not a folio (a page number, maybe with dashes around)."""
    bottom, trim_height = page.text_box[3], page.trim[3] - page.trim[1]
    lines = [ln for ln in page.lines if bottom < ln.cy and ln.y0 < trim_height]
    bad = [ln for ln in lines if len(ln.words) > 3 or not _FOLIO.match(ln.text.replace(" ", ""))]
    if not bad:
        return []
    text = " / ".join(ln.text[:60] for ln in bad[:3])
    return [
        page.finding(ERROR, "text-in-bottom-margin", f"text below the text block (not a folio): {text!r}")
    ]


def _drawings_outside(page: PageFacts, expect: Expectations) -> list[Finding]:
    findings = []
    left, _, right, _ = page.text_box
    for kind, rects in (("image", [i.rect for i in page.scan.images]), ("graphic", page.scan.paths)):
        bleeds = expect.geometry.bleed_insets(page.index) if expect.bleed else (0.0, 0.0, 0.0, 0.0)
        wide, short = _too_wide(page, rects, bleeds[0], bleeds[2])
        if wide:
            what = "an image" if kind == "image" else "a drawing (table rules, a background, an SVG)"
            span = f"x {min(r[0] for r in wide):.0f}–{max(r[2] for r in wide):.0f} pt"
            times = f", {len(wide)} times" if len(wide) > 1 else ""
            message = (
                f"{what} is wider than the text block ({span}; text block {left:.0f}–{right:.0f} pt{times}): "
                "it runs into the margin or off the page"
            )
            findings.append(page.finding(ERROR, f"{kind}-outside", message))
        if short:
            message = (
                f"a full-width {kind} stops at the trim: extend it {inches(expect.bleed)} in into the bleed"
            )
            findings.append(page.finding(WARNING, "bleed-short", message))
    return findings


def _too_wide(
    page: PageFacts, rects: list[Rect], bleed_left: float, bleed_right: float
) -> tuple[list[Rect], list[Rect]]:
    """Rectangles wider than the text block, and full-width ones that do not reach into the
    bleed (left and right of the trim: none at the spine of a printer's interior)."""
    left, _, right, _ = page.text_box
    width, height = page.width, page.trim[3] - page.trim[1]
    wide, short = [], []
    for rect in rects:
        visible = intersect(rect, (0.0, 0.0, width, height))
        if visible[2] - visible[0] <= 0.5 or visible[1] > visible[3]:
            continue  # outside the trimmed page: marks, slug
        if rect[0] >= left - PLACE_TOLERANCE and rect[2] <= right + PLACE_TOLERANCE:
            continue
        if rect[0] <= PLACE_TOLERANCE and rect[2] >= width - PLACE_TOLERANCE:
            if (bleed_left or bleed_right) and (
                rect[0] > PLACE_TOLERANCE - bleed_left or rect[2] < width + bleed_right - PLACE_TOLERANCE
            ):
                short.append(rect)
            continue  # deliberately full width: a full-page image, a page background
        wide.append(rect)
    return wide, short
