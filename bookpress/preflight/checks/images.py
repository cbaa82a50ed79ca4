"""Images: effective resolution at the printed size, and colour space."""

from __future__ import annotations

from typing import Any

from ...geometry import INCH
from ..content import ImageDraw
from ..facts import DocFacts, PageFacts
from ..findings import ERROR, INFO, WARNING, Expectations, Finding, page_ranges

TINY_IMAGE = 0.3 * INCH  # images smaller than this on both sides are icons: no resolution check


def check_images(doc: DocFacts, expect: Expectations) -> list[Finding]:
    findings: list[Finding] = []
    rgb: dict[Any, tuple[PageFacts, ImageDraw]] = {}
    for page in doc.pages:
        for image in dict.fromkeys(page.scan.images):  # an image drawn twice on a page counts once
            finding = _resolution(page, image, expect)
            if finding is not None:
                findings.append(finding)
            if image.colour == "RGB":
                rgb.setdefault(image.key if image.key != (0, 0) else (page.index, image.rect), (page, image))
    return findings + _rgb_findings(list(rgb.values()), expect)


def _resolution(page: PageFacts, image: ImageDraw, expect: Expectations) -> Finding | None:
    if max(image.drawn) < TINY_IMAGE:
        return None
    what = f"{image.describe()}: {image.ppi:.0f} ppi"
    ppi = round(image.ppi, 1)  # an image drawn at exactly 150 ppi measures 149.99…
    if ppi < expect.min_ppi_error:
        low = f"{what}, below {expect.min_ppi_error:.0f} ppi: prints blurred or pixelated"
        return page.finding(ERROR, "image-resolution-low", low)
    if ppi < expect.min_ppi_warn:
        return page.finding(WARNING, "image-resolution", f"{what}; print wants {expect.min_ppi_warn:.0f} ppi")
    return None


def _rgb_findings(rgb: list[tuple[PageFacts, ImageDraw]], expect: Expectations) -> list[Finding]:
    severity = expect.print_profile.rgb_images  # "warning", "info" or "" (RGB is fine)
    if not rgb or not severity:
        return []
    if severity == WARNING:
        convert = "is RGB: the printer will convert it to CMYK (check the colours in a proof)"
        return [page.finding(WARNING, "image-rgb", f"{image.describe()} {convert}") for page, image in rgb]
    pages = page_ranges([page.number for page, _ in rgb])
    note = f"{len(rgb)} RGB images (pages {pages}); print on demand converts them, offset printing wants CMYK"
    return [rgb[0][0].finding(INFO, "image-rgb", note)]
