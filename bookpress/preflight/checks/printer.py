"""Printer rules: what the printer the PDF is for (:mod:`bookpress.printers`) refuses.

Only for a profile made for a printer (``--printer``, ``[output.pdf] printer``);
each finding names the rule and the printer: a trim it does not offer, a page
count outside its limits, content inside its least margins (the inner one by
page count), bookmarks, annotations (links), printer's marks, and for PDF/X-1a
RGB colours, transparency and the file's PDF/X identification.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf

from ...printers import INCH, Printer, printer_of
from ..colours import read_paint
from ..facts import DocFacts, PageFacts
from ..findings import ERROR, Expectations, Finding, merge_pages, page_ranges
from ..rects import PLACE_TOLERANCE, Rect


def check_printer(doc: DocFacts, expect: Expectations) -> list[Finding]:
    printer = printer_of(expect.print_profile)
    if printer is None or not doc.pages:
        return []
    findings = _trim(doc, printer) + _page_count(doc, printer)
    findings += merge_pages(
        [f for page in doc.pages for f in _margins(page, printer, len(doc.pages), expect)]
    )
    if not printer.crop_marks:
        findings += merge_pages([f for page in doc.pages for f in _marks(page, printer)])
    if doc.path is not None:
        findings += _file_rules(doc.path, doc, printer)
    return findings


def _trim(doc: DocFacts, printer: Printer) -> list[Finding]:
    page = doc.pages[0]
    width, height = page.width, page.trim[3] - page.trim[1]
    problem = printer.trim_problem(width, height)
    return [page.finding(ERROR, "printer-trim", problem)] if problem else []


def _page_count(doc: DocFacts, printer: Printer) -> list[Finding]:
    problem = printer.page_count_problem(len(doc.pages))
    return [Finding(ERROR, "printer-page-count", problem)] if problem else []


def _live_area(page: PageFacts, printer: Printer, pages: int, bleed: bool) -> Rect:
    """Where the printer lets content go on ``page``: the trim less its least margins."""
    inner, outside = printer.inner_margin(pages), printer.outside_margin(bleed)
    right_hand = page.index % 2 == 0  # the first page is a right-hand page
    left, right = (inner, outside) if right_hand else (outside, inner)
    return left, outside, page.width - right, page.trim[3] - page.trim[1] - outside


def _margins(page: PageFacts, printer: Printer, pages: int, expect: Expectations) -> list[Finding]:
    live = _live_area(page, printer, pages, expect.bleed > 0)
    width, height = page.width, page.trim[3] - page.trim[1]
    boxes = [("text", (w.x0, w.y0, w.x1, w.y1)) for w in page.words]
    boxes += [
        ("an image or drawing", r)
        for r in [i.rect for i in page.scan.images] + page.scan.paths
        if _on_page(r, width, height) and not (expect.bleed and _bleeds(r, width, height))
    ]  # a drawing that runs into the bleed does so on purpose: allowed
    spine = "left" if page.index % 2 == 0 else "right"
    worst: dict[tuple[str, str], float] = {}  # (what, edge) → the least distance from that edge
    for what, (x0, y0, x1, y1) in boxes:
        for edge, distance, least in (
            ("left", x0, live[0]),
            ("top", y0, live[1]),
            ("right", width - x1, width - live[2]),
            ("bottom", height - y1, height - live[3]),
        ):
            if distance < least - PLACE_TOLERANCE:
                where = "spine" if edge == spine else edge
                worst[(what, where)] = min(distance, worst.get((what, where), least))
    findings = []
    for (what, where), distance in worst.items():
        least = printer.inner_margin(pages) if where == "spine" else printer.outside_margin(expect.bleed > 0)
        rule = f"{printer.label} wants {least / INCH:g} in" + (
            f" for {pages} pages" if where == "spine" else ""
        )
        message = f"{what} {max(distance, 0) / INCH:.2f} in from the {where} edge: {rule}"
        findings.append(page.finding(ERROR, "printer-margin", message))
    return findings


def _on_page(rect: Rect, width: float, height: float) -> bool:
    """Whether any of ``rect`` (a hairline has no thickness) is on the trimmed page."""
    return rect[2] > 0.1 and rect[0] < width - 0.1 and rect[3] > 0.1 and rect[1] < height - 0.1


def _bleeds(rect: Rect, width: float, height: float) -> bool:
    t = PLACE_TOLERANCE
    return rect[0] <= t or rect[1] <= t or rect[2] >= width - t or rect[3] >= height - t


def _marks(page: PageFacts, printer: Printer) -> list[Finding]:
    """Drawings wholly outside the trim (in the bleed or beyond): crop or
    registration marks — nothing else has a reason to be there."""
    width, height = page.width, page.trim[3] - page.trim[1]
    marks = [r for r in page.scan.paths if not _on_page(r, width, height)]
    if not marks:
        return []
    message = f"printer's marks (crop or registration marks) around the page: {printer.label} refuses them"
    return [page.finding(ERROR, "printer-crop-marks", message)]


def _file_rules(path: Path, doc: DocFacts, printer: Printer) -> list[Finding]:
    findings: list[Finding] = []
    with pikepdf.open(path) as pdf:
        if not printer.outline and _has_outline(pdf):
            message = f"the PDF has bookmarks (an outline): {printer.label} wants none"
            findings.append(Finding(ERROR, "printer-bookmarks", message))
        if not printer.annotations:
            findings += _annotations(pdf, doc, printer)
        if printer.pdfx_versions:
            findings += _pdfx(pdf, printer)
    if printer.cmyk_only or not printer.transparency:
        paint = read_paint(path)
        if printer.cmyk_only:
            findings += _per_page(doc, paint.rgb, "printer-rgb", f"{printer.label} takes CMYK and grey only")
        if not printer.transparency:
            findings += _per_page(
                doc, paint.transparency, "printer-transparency", f"{printer.label} takes nothing transparent"
            )
    return findings


def _has_outline(pdf: pikepdf.Pdf) -> bool:
    outlines = pdf.Root.get("/Outlines")
    return outlines is not None and "/First" in outlines


def _annotations(pdf: pikepdf.Pdf, doc: DocFacts, printer: Printer) -> list[Finding]:
    pages = [i for i, page in enumerate(pdf.pages) if len(page.obj.get("/Annots", [])) > 0]
    if not pages:
        return []
    count = sum(len(pdf.pages[i].obj.Annots) for i in pages)
    message = (
        f"{count} annotations (links) on {len(pages)} pages ({page_ranges([i + 1 for i in pages])}): "
        f"{printer.label} wants none"
    )
    return [doc.pages[pages[0]].finding(ERROR, "printer-annotations", message)]


def _per_page(doc: DocFacts, found: dict[int, list[str]], code: str, rule: str) -> list[Finding]:
    if not found:
        return []
    kinds = list(dict.fromkeys(what for whats in found.values() for what in whats))
    first = min(found)
    pages = page_ranges([i + 1 for i in found])
    message = f"{'; '.join(kinds[:4])}{', …' if len(kinds) > 4 else ''} on pages {pages}: {rule}"
    return [doc.pages[first].finding(ERROR, code, message)]


def _pdfx(pdf: pikepdf.Pdf, printer: Printer) -> list[Finding]:
    """The identification PDF/X asks of the file: its version, output intent, trapping, title."""
    problems = []
    version = str(pdf.docinfo.get("/GTS_PDFXVersion", ""))
    if version not in printer.pdfx_versions:
        problems.append(
            f"GTS_PDFXVersion is {version or 'missing'} (wanted {' or '.join(printer.pdfx_versions)})"
        )
    intents = [i for i in pdf.Root.get("/OutputIntents", []) if i.get("/S") == pikepdf.Name("/GTS_PDFX")]
    if not intents:
        problems.append("no PDF/X output intent")
    elif not any("/DestOutputProfile" in i or "/RegistryName" in i for i in intents):
        problems.append("the output intent has no output profile")
    if str(pdf.docinfo.get("/Trapped", "")) not in ("/True", "/False"):
        problems.append("no /Trapped key (True or False)")
    if not str(pdf.docinfo.get("/Title", "")).strip():
        problems.append("no /Title")
    most = "1.3" if version.endswith(":2001") else "1.4"  # PDF/X-1a:2001 is PDF 1.3, :2003 PDF 1.4
    if version and pdf.pdf_version > most:
        problems.append(f"PDF {pdf.pdf_version} is newer than {version} allows ({most})")
    if pdf.is_encrypted:
        problems.append("the file is encrypted")
    return [Finding(ERROR, "printer-pdfx", f"not {printer.label}'s PDF/X: {p}") for p in problems]
