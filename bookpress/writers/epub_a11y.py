"""The EPUB's accessibility checked before it is claimed (as Ace by DAISY checks it).

Each check reads the XHTML that goes into the package:

- ``image-alt``: every ``<img>`` (and every ``<svg role="img">``) has a text
  alternative, unless it is marked as decoration (``role="presentation"``);
- ``language``: every document says its language (``lang`` and ``xml:lang``);
- ``heading-order``: within a document no heading level is skipped on the way
  down (an ``h2`` then an ``h4``);
- ``table-headers``: every table has header cells;
- ``link-text``: every link has text (or a labelled image) a reader can speak;
- ``page-list``: when the print PDF was built in the same run, every one of
  its pages has a marker.

:func:`claim` turns the result into the package's accessibility metadata:
what holds is declared, what failed is not, and ``dcterms:conformsTo`` "EPUB
Accessibility 1.1 - WCAG 2.1 Level AA" only when every check passed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

XHTML = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
CHECKS = ("image-alt", "language", "heading-order", "table-headers", "link-text", "page-list")
DECORATIVE = ("presentation", "none")


@dataclass(frozen=True)
class Document:
    """One XHTML file of the package, as checked."""

    name: str  # its path in the package, for messages
    xhtml: str
    source: str = ""  # the manuscript file it comes from, when one does


@dataclass(frozen=True)
class Problem:
    check: str
    message: str
    path: str = ""
    line: int | None = None


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    images: int = 0
    math: bool = False
    page_list: bool = False  # the EPUB has a page list (a PDF was built with it)

    def failed(self, check: str) -> list[Problem]:
        return [p for p in self.problems if p.check == check]

    def passed(self, check: str) -> bool:
        return not self.failed(check)

    @property
    def failed_checks(self) -> list[str]:
        return [c for c in CHECKS if not self.passed(c)]


def check(
    documents: list[Document],
    image_sources: dict[str, tuple[str, int | None, str]] | None = None,
    print_labels: list[str] | None = None,
) -> Report:
    """Check ``documents``. ``image_sources`` maps an image's ``src`` in the
    XHTML to its place in the manuscript and the path written there;
    ``print_labels`` are the PDF's page
    labels when the EPUB carries its page list."""
    report = Report(page_list=bool(print_labels))
    markers: set[str] = set()
    for document in documents:
        root = etree.fromstring(document.xhtml.encode("utf-8"))
        _check_language(root, document, report)
        _check_images(root, document, image_sources or {}, report)
        _check_headings(root, document, report)
        _check_tables(root, document, report)
        _check_links(root, document, report)
        report.math = report.math or bool(root.findall(".//{http://www.w3.org/1998/Math/MathML}math"))
        for node in root.iter(f"{{{XHTML}}}span"):
            if "pagebreak" in node.get(f"{{{EPUB_NS}}}type", "").split():
                markers.add(node.get("aria-label") or node.get("title") or "")
    if print_labels:
        missing = [label for label in print_labels if label not in markers]
        if missing:
            shown = ", ".join(missing[:5]) + ("…" if len(missing) > 5 else "")
            report.problems.append(Problem("page-list", f"pages without a marker: {shown}"))
    return report


def _where(document: Document, node: etree._Element) -> tuple[str, int | None]:
    return document.name, getattr(node, "sourceline", None)


def _check_language(root: etree._Element, document: Document, report: Report) -> None:
    if not (root.get("lang") or "").strip() or not (root.get(XML_LANG) or "").strip():
        report.problems.append(
            Problem("language", f"{document.name} does not say its language", document.source)
        )


def _check_images(
    root: etree._Element,
    document: Document,
    sources: dict[str, tuple[str, int | None, str]],
    report: Report,
) -> None:
    for node in root.iter(f"{{{XHTML}}}img", "{http://www.w3.org/2000/svg}svg"):
        is_svg = node.tag.endswith("}svg")
        if is_svg and node.get("role") != "img":
            continue  # a drawing inside the text (a formula, a diagram with its own labels)
        report.images += 1
        if node.get("role") in DECORATIVE or _has_alternative(node, is_svg):
            continue
        src = node.get("src", "")
        place = sources.get(src)
        if place is None:
            place = (document.source, None, src) if document.source else (*_where(document, node), src)
        path, line, written = place
        name = written.rsplit("/", 1)[-1] or "an SVG drawing"
        report.problems.append(Problem("image-alt", f"image '{name}' has no alternative text", path, line))


def _has_alternative(node: etree._Element, is_svg: bool) -> bool:
    if (node.get("aria-label") or "").strip():
        return True
    if is_svg:
        title = node.find("{http://www.w3.org/2000/svg}title")
        return title is not None and bool("".join(title.itertext()).strip())
    return bool((node.get("alt") or "").strip())


def _check_headings(root: etree._Element, document: Document, report: Report) -> None:
    levels = {f"{{{XHTML}}}h{n}": n for n in range(1, 7)}
    previous = 0
    for node in root.iter(*levels):
        level = levels[node.tag]
        if previous and level > previous + 1:
            text = " ".join("".join(node.itertext()).split())[:60]
            path, line = _where(document, node)
            report.problems.append(
                Problem(
                    "heading-order",
                    f"{path}: heading '{text}' is level {level} after a level {previous}",
                    document.source,
                    None if document.source else line,
                )
            )
        previous = level


def _check_tables(root: etree._Element, document: Document, report: Report) -> None:
    for node in root.iter(f"{{{XHTML}}}table"):
        if node.find(f".//{{{XHTML}}}th") is None:
            path, _ = _where(document, node)
            report.problems.append(
                Problem("table-headers", f"{path}: a table without header cells", document.source)
            )


def _check_links(root: etree._Element, document: Document, report: Report) -> None:
    for node in root.iter(f"{{{XHTML}}}a"):
        if node.get("href") is None:
            continue
        if "".join(node.itertext()).strip() or (node.get("aria-label") or "").strip():
            continue
        if any((img.get("alt") or "").strip() for img in node.iter(f"{{{XHTML}}}img")):
            continue
        path, _ = _where(document, node)
        report.problems.append(
            Problem("link-text", f"{path}: a link to '{node.get('href')}' has no text", document.source)
        )


@dataclass(frozen=True)
class Claim:
    """The accessibility metadata that the checks back."""

    modes: tuple[str, ...]
    sufficient: tuple[str, ...]  # each a comma-separated set of modes
    features: tuple[str, ...]
    summary: str
    conforms: bool


def claim(report: Report) -> Claim:
    alt_ok = report.passed("image-alt")
    modes = ("textual", "visual") if report.images else ("textual",)
    sufficient = ("textual",) if alt_ok or not report.images else ("textual,visual",)
    features = ["tableOfContents", "readingOrder"]
    if report.passed("heading-order"):
        features.insert(0, "structuralNavigation")
    if report.images and alt_ok:
        features.append("alternativeText")
    if report.math:
        features.append("MathML")
    if report.page_list and report.passed("page-list"):
        features += ["printPageNumbers", "pageBreakMarkers", "pageNavigation"]
    conforms = not report.failed_checks
    said = ["Reflowable text with a navigable table of contents"]
    if "structuralNavigation" in features:
        said.append("headings in document order")
    if "alternativeText" in features:
        said.append("text alternatives for images")
    if "MathML" in features:
        said.append("mathematics as MathML")
    if "printPageNumbers" in features:
        said.append("the page numbers of the print edition")
    summary = ", ".join(said[:-1]) + (" and " if len(said) > 1 else "") + said[-1] + "."
    if conforms:
        summary += " Checked by bookpress against EPUB Accessibility 1.1 (WCAG 2.1 AA) when it was built."
    else:
        summary += " Not every accessibility check passed: no conformance is claimed."
    return Claim(modes, sufficient, tuple(features), summary, conforms)
