"""Page boxes: page size = trim (+ bleed for ``press``: on every side, or not at the
spine for a printer's interior), /TrimBox and /BleedBox on every page."""

from __future__ import annotations

from ...geometry import Geometry
from ..facts import DocFacts, PageFacts
from ..findings import ERROR, Expectations, Finding, merge_pages
from ..rects import BOX_TOLERANCE, inches


def check_page_boxes(doc: DocFacts, expect: Expectations) -> list[Finding]:
    g, bleed = expect.geometry, expect.bleed
    findings: list[Finding] = []
    for page in doc.pages:
        insets = g.bleed_insets(page.index) if bleed else (0.0, 0.0, 0.0, 0.0)
        want = (g.width + insets[0] + insets[2], g.height + insets[1] + insets[3])
        size = (page.media[2] - page.media[0], page.media[3] - page.media[1])
        if not _same_size(size, want):
            findings.append(page.finding(ERROR, "page-size", _size_message(size, want, g, bleed)))
        if not expect.print_profile.for_paper:
            continue
        findings.extend(_trim_box(page, g, insets))
        if expect.print_profile.bleed:
            findings.extend(_bleed_box(page, g, bleed, want))
    return merge_pages(findings)


def _same_size(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) <= BOX_TOLERANCE and abs(a[1] - b[1]) <= BOX_TOLERANCE


def _size(size: tuple[float, float]) -> str:
    return f"{inches(size[0])} × {inches(size[1])} in"


def _size_message(size: tuple[float, float], want: tuple[float, float], g: Geometry, bleed: float) -> str:
    sides = "on each side" if g.spine_bleed else "at the fore-edge, head and foot"
    how = f"the trim {_size((g.width, g.height))}" + (f" + {inches(bleed)} in bleed {sides}" if bleed else "")
    return f"page is {_size(size)}; expected {_size(want)} ({how})"


def _trim_box(page: PageFacts, g: Geometry, bleed: tuple[float, float, float, float]) -> list[Finding]:
    if page.trim_box is None:
        return [page.finding(ERROR, "trimbox-missing", "no /TrimBox: the printer cannot tell where to cut")]
    box, media = page.trim_box, page.media
    size = (box[2] - box[0], box[3] - box[1])
    # left, bottom, right, top: PDF coordinates (y up); bleed is left, top, right, bottom
    insets = (box[0] - media[0], box[1] - media[1], media[2] - box[2], media[3] - box[3])
    wanted = (bleed[0], bleed[3], bleed[2], bleed[1])
    if not _same_size(size, (g.width, g.height)):
        message = f"/TrimBox is {_size(size)}; the trim is {_size((g.width, g.height))}"
    elif any(abs(v - w) > BOX_TOLERANCE for v, w in zip(insets, wanted, strict=True)):
        shown = ", ".join(inches(v) for v in insets)
        if len(set(wanted)) == 1:
            where = f"{inches(wanted[0])} in inside the page edges on every side"
        else:
            where = "inside the page edges by " + ", ".join(inches(v) for v in wanted) + " in"
        message = f"/TrimBox is not {where} (insets {shown} in, left, bottom, right, top)"
    else:
        return []
    return [page.finding(ERROR, "trimbox-wrong", message)]


def _bleed_box(page: PageFacts, g: Geometry, bleed: float, want: tuple[float, float]) -> list[Finding]:
    if not bleed:
        return [page.finding(ERROR, "bleedbox-wrong", "press profile but the expected geometry has no bleed")]
    if page.bleed_box is None:
        return [page.finding(ERROR, "bleedbox-missing", "no /BleedBox on a press PDF")]
    box = page.bleed_box
    size = (box[2] - box[0], box[3] - box[1])
    if _same_size(size, want):
        return []
    return [
        page.finding(ERROR, "bleedbox-wrong", f"/BleedBox is {_size(size)}; trim + bleed is {_size(want)}")
    ]
