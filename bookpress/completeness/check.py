"""The three completeness checks: headings in order, images drawn, no markup printed."""

from __future__ import annotations

from collections import Counter

from .expected import Expected, ExpectedImage
from .leaks import check_markup
from .printed import PrintedPdf
from .result import MAX_REPORTED, Completeness, Gap, short
from .text import contains, normalise

RATIO_TOLERANCE = 0.03  # a vector image's box may round its size by a pixel or so


def check(expected: Expected, printed: PrintedPdf) -> Completeness:
    result = Completeness(headings=len(expected.headings), images=len(expected.images))
    starts = _chapter_starts(expected, printed)
    _check_headings(expected, printed, result)
    _check_images(expected, printed, starts, result)
    check_markup(expected, printed, starts, result)
    for i, gap in enumerate(result.gaps):
        if gap.page is not None and not gap.label:
            result.gaps[i] = Gap(gap.code, gap.message, gap.page, printed.label(gap.page), gap.source)
    return result


# ---- headings ------------------------------------------------------------------------------------


def _check_headings(expected: Expected, printed: PrintedPdf, result: Completeness) -> None:
    """Each heading's anchor is on a page, the page shows its text, and the pages
    never go backwards. Anchors locate the heading itself, not its line in the
    table of contents or in a running head."""
    texts: dict[int, str] = {}

    def page_text(index: int) -> str:
        if index not in texts:
            texts[index] = normalise(printed.pages[index].text) if 0 <= index < len(printed.pages) else ""
        return texts[index]

    missing: list[int] = []
    last_page, last_title = -1, ""
    for n, heading in enumerate(expected.headings):
        page = printed.anchors.get(heading.id)
        if page is None:
            missing.append(n)
            continue
        shown = all(
            contains(page_text(page), s) or contains(page_text(page + 1), s) for s in heading.segments
        )
        if not shown:
            result.gaps.append(
                Gap(
                    "incomplete-heading",
                    f"heading '{short(heading.title)}' is not printed on page {page + 1} (its anchor's page)",
                    page,
                    source=heading.source,
                )
            )
            continue
        if page < last_page:
            result.gaps.append(
                Gap(
                    "heading-order",
                    f"heading '{short(heading.title)}' is printed on page {page + 1}, "
                    f"before '{short(last_title)}' (page {last_page + 1}) that comes first in the book",
                    page,
                    source=heading.source,
                )
            )
        last_page, last_title = max(last_page, page), heading.title
        result.headings_found += 1
    _report_missing_headings(expected, printed, missing, result)


def _report_missing_headings(
    expected: Expected, printed: PrintedPdf, missing: list[int], result: Completeness
) -> None:
    if not missing:
        return
    headings = expected.headings
    tail = missing == list(range(missing[0], len(headings)))
    if tail and len(missing) > 1:  # everything from one heading on: the PDF stops early
        first = headings[missing[0]]
        last_found = headings[missing[0] - 1].title if missing[0] else ""
        after = f" (the last one printed is '{short(last_found)}')" if last_found else ""
        result.gaps.append(
            Gap(
                "incomplete-heading",
                f"the PDF ends after {len(printed.pages)} pages: the last {len(missing)} headings, "
                f"from '{short(first.title)}' on, are not in it{after}",
                source=first.source,
            )
        )
        return
    for n in missing[:MAX_REPORTED]:
        heading = headings[n]
        result.gaps.append(
            Gap(
                "incomplete-heading",
                f"heading '{short(heading.title)}' is not in the PDF",
                source=heading.source,
            )
        )
    if len(missing) > MAX_REPORTED:
        result.gaps.append(
            Gap("incomplete-heading", f"… and {len(missing) - MAX_REPORTED} more headings not in the PDF")
        )


# ---- images --------------------------------------------------------------------------------------


def _chapter_starts(expected: Expected, printed: PrintedPdf) -> list[int | None]:
    return [printed.anchors.get(chapter.id) for chapter in expected.chapters]


def _chapter_pages(starts: list[int | None], chapter: int, pages: int) -> range | None:
    start = starts[chapter]
    if start is None:
        return None
    later = [s for s in starts[chapter + 1 :] if s is not None and s >= start]
    end = min(later) if later else pages
    return range(start, max(end, start + 1))


def _check_images(
    expected: Expected, printed: PrintedPdf, starts: list[int | None], result: Completeness
) -> None:
    """Every image whose file exists is drawn on the pages of its chapter: a raster
    image with its own pixel size, a vector image (SVG) as a box of its own shape."""
    by_chapter: dict[int, list[ExpectedImage]] = {}
    for image in expected.images:
        by_chapter.setdefault(image.chapter, []).append(image)
    raster_left: dict[int, Counter[tuple[int, int]]] = {}
    vector_left: dict[int, list[tuple[float, float]]] = {}
    for index, page in enumerate(printed.pages):
        raster_left[index] = Counter(page.raster)
        vector_left[index] = list(page.vector)
    undrawn: list[tuple[ExpectedImage, range | None]] = []
    for chapter, images in by_chapter.items():
        pages = _chapter_pages(starts, chapter, len(printed.pages))
        for image in images:  # exact matches first: a raster size, a vector shape
            if not _take(image, pages or range(len(printed.pages)), raster_left, vector_left, exact=True):
                undrawn.append((image, pages))
    still: list[tuple[ExpectedImage, range | None]] = []
    for image, pages in undrawn:  # a vector image stretched by CSS: any vector box of its chapter
        if not (image.vector and _take(image, pages or range(0), raster_left, vector_left, exact=False)):
            still.append((image, pages))
    result.images_drawn = len(expected.images) - len(still)
    for image, pages in still[:MAX_REPORTED]:
        where = f" on pages {pages.start + 1}–{pages.stop}" if pages else ""
        kind = _describe(image)
        result.gaps.append(
            Gap(
                "image-not-drawn",
                f"image '{image.src}' ({kind}) is not drawn{where}",
                pages.start if pages else None,
                source=image.source,
            )
        )
    if len(still) > MAX_REPORTED:
        result.gaps.append(Gap("image-not-drawn", f"… and {len(still) - MAX_REPORTED} more images not drawn"))


def _describe(image: ExpectedImage) -> str:
    if image.unreadable:
        return "a file no image library can read"
    if image.pixels is None:
        return "vector image"
    return f"{image.pixels[0]}×{image.pixels[1]} px image"


def _take(
    image: ExpectedImage,
    pages: range,
    raster_left: dict[int, Counter[tuple[int, int]]],
    vector_left: dict[int, list[tuple[float, float]]],
    exact: bool,
) -> bool:
    for index in pages:
        if image.pixels is not None:
            left = raster_left[index]
            for size in (image.pixels, image.pixels[::-1]):  # EXIF rotation swaps the sides
                if left[size] > 0:
                    left[size] -= 1
                    return True
            continue
        boxes = vector_left[index]
        for i, (w, h) in enumerate(boxes):
            if not exact or image.ratio is None or abs(w / h / image.ratio - 1) <= RATIO_TOLERANCE:
                del boxes[i]
                return True
    return False
