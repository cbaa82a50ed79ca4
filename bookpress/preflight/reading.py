"""Reading a PDF into :class:`DocFacts`: pikepdf for boxes, fonts, outline and labels, the
content-stream interpreter for what each page draws, poppler for the words."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pikepdf

from ..completeness.printed import page_resources
from ..geometry import Geometry
from .body_text import contents_pages, measure_body_text
from .content import PageScan, Scanner, TextRun
from .facts import DocFacts, OutlineEntry, PageFacts
from .fonts import FontCache, FontInfo
from .rects import BOX_TOLERANCE, EVERYWHERE, Matrix, Rect, box_of
from .words import Line, Poppler, RawWord, Word, group_lines


def read_pdf(path: Path, geometry: Geometry, jobs: int = 2) -> DocFacts:
    """Everything the checks need from the PDF, in trim coordinates."""
    with pikepdf.open(path) as pdf:
        poppler = Poppler(path, len(pdf.pages), jobs if len(pdf.pages) > 60 else 1)
        try:
            cache = FontCache()
            pages = [_page_facts(page, i, geometry, cache) for i, page in enumerate(pdf.pages)]
            fonts = _fonts_used(pdf, cache)
            outline = _outline(pdf)
        except BaseException:
            poppler.close()
            raise
    for page, words in zip(pages, poppler.words(), strict=False):
        _attach_words(page, words)
    doc = DocFacts(pages, fonts, outline, path=path)
    measure_body_text(doc)
    doc.contents_pages = contents_pages(doc)
    return doc


def _page_facts(page: pikepdf.Page, index: int, geometry: Geometry, cache: FontCache) -> PageFacts:
    obj = page.obj
    media = box_of(page.mediabox) or (0.0, 0.0, geometry.width, geometry.height)
    trim_box, bleed_box = box_of(obj.get("/TrimBox")), box_of(obj.get("/BleedBox"))
    trim = trim_box or _guess_trim(media, geometry)
    to_trim: Matrix = (1.0, 0.0, 0.0, -1.0, -trim[0], trim[3])
    left, top, right, bottom = geometry.text_box(index)
    scan = PageScan()
    if "/Contents" in obj:
        Scanner(cache, scan).run(page, page_resources(obj), to_trim, EVERYWHERE)
    facts = PageFacts(
        index, _label(page, index), media, trim_box, bleed_box, trim, (left, top, right, bottom), scan
    )
    return facts


def _guess_trim(media: Rect, geometry: Geometry) -> Rect:
    """No TrimBox: the trim is centred in the MediaBox (bleed around it) if the sizes say so."""
    dx = (media[2] - media[0] - geometry.width) / 2
    dy = (media[3] - media[1] - geometry.height) / 2
    if dx > 0 and abs(dx - dy) < BOX_TOLERANCE:
        return media[0] + dx, media[1] + dy, media[2] - dx, media[3] - dy
    return media


def _label(page: pikepdf.Page, index: int) -> str:
    try:
        return str(page.label)
    except (pikepdf.PdfError, ValueError, AttributeError):
        return str(index + 1)


def _attach_words(page: PageFacts, words: list[RawWord]) -> None:
    dx = page.media[0] - page.trim[0]
    dy = page.media[3] - page.trim[3]
    page.words = [Word(t, x0 + dx, y0 - dy, x1 + dx, y1 - dy) for t, x0, y0, x1, y1 in words]
    page.lines = group_lines(page.words)
    runs = sorted((r for r in page.scan.runs if r.glyphs), key=lambda r: r.y)
    baselines = [r.y for r in runs]
    for line in page.lines:
        _line_fonts(line, runs, baselines)


def _line_fonts(line: Line, runs: list[TextRun], baselines: list[float]) -> None:
    """The text runs whose baseline lies on the line: its font size and fonts."""
    low = bisect.bisect_left(baselines, line.y0 + 0.3 * (line.y1 - line.y0))
    high = bisect.bisect_right(baselines, line.y1 + 1.0)
    matched = [r for r in runs[low:high] if line.x0 - 2 <= r.x <= line.x1 + 2]
    if matched:
        line.size = max(r.size for r in matched)
        line.runs = matched


def _fonts_used(pdf: pikepdf.Pdf, cache: FontCache) -> list[tuple[FontInfo, int]]:
    """Every font reachable from each page's resources (Form XObjects, patterns, annotation
    appearances included), with the first page it appears on."""
    first: dict[Any, tuple[FontInfo, int]] = {}
    seen: set[tuple[int, int]] = set()
    for index, page in enumerate(pdf.pages):
        for font in _walk_fonts(page_resources(page.obj), seen):
            info = cache.get(font)
            first.setdefault(id(info), (info, index))
        for annot in page.obj.get("/Annots", pikepdf.Array()):
            for stream in _appearances(annot):
                for font in _walk_fonts(stream.get("/Resources"), seen):
                    info = cache.get(font)
                    first.setdefault(id(info), (info, index))
    return list(first.values())


def _walk_fonts(resources: Any, seen: set[tuple[int, int]]) -> Iterator[pikepdf.Dictionary]:
    if not isinstance(resources, pikepdf.Dictionary):
        return
    if resources.is_indirect:
        if resources.objgen in seen:
            return
        seen.add(resources.objgen)
    for font in resources.get("/Font", pikepdf.Dictionary()).values():
        if isinstance(font, pikepdf.Dictionary):
            yield font
    for kind in ("/XObject", "/Pattern"):
        for child in resources.get(kind, pikepdf.Dictionary()).values():
            if isinstance(child, pikepdf.Stream | pikepdf.Dictionary) and "/Resources" in child:
                if child.is_indirect and child.objgen in seen:
                    continue
                if child.is_indirect:
                    seen.add(child.objgen)
                yield from _walk_fonts(child.Resources, seen)


def _appearances(annot: Any) -> Iterator[pikepdf.Stream]:
    ap = annot.get("/AP") if isinstance(annot, pikepdf.Dictionary) else None
    if not isinstance(ap, pikepdf.Dictionary):
        return
    for value in ap.values():
        if isinstance(value, pikepdf.Stream):
            yield value
        elif isinstance(value, pikepdf.Dictionary):
            yield from (v for v in value.values() if isinstance(v, pikepdf.Stream))


def _outline(pdf: pikepdf.Pdf) -> list[OutlineEntry]:
    pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    out: list[OutlineEntry] = []
    try:
        outline = pdf.open_outline()
    except (pikepdf.PdfError, ValueError):
        return out

    def walk(items: Iterable[Any], level: int) -> None:
        for item in items:
            page = _destination_page(pdf, item, pages)
            if page is not None:
                out.append(OutlineEntry(str(item.title), level, page))
            walk(item.children, level + 1)

    walk(outline.root, 1)
    return out


def _destination_page(pdf: pikepdf.Pdf, item: Any, pages: dict[tuple[int, int], int]) -> int | None:
    dest = item.destination
    if dest is None and item.action is not None and item.action.get("/S") == "/GoTo":
        dest = item.action.get("/D")
    if isinstance(dest, pikepdf.Name | pikepdf.String):
        dest = _named_destination(pdf, dest)
    if isinstance(dest, pikepdf.Dictionary):
        dest = dest.get("/D")
    if isinstance(dest, pikepdf.Array) and len(dest) > 0:
        target = dest[0]
        if isinstance(target, pikepdf.Dictionary):
            return pages.get(target.objgen)
        if isinstance(target, int):
            return target
    return None


def _named_destination(pdf: pikepdf.Pdf, name: Any) -> Any:
    key = str(name)
    root = pdf.Root
    if isinstance(name, pikepdf.Name) and "/Dests" in root:
        return root.Dests.get(key)
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and "/Dests" in names:
        return pikepdf.NameTree(names.Dests).get(key)
    return None
