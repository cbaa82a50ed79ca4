"""The print HTML cut into units of layout, and each unit made a document.

A unit is what starts on a new page: the front matter (half title to the
contents and the preface), a part page, a chapter, an appendix, the index,
the colophon. The cut is made in the HTML the whole-document render lays out
(:meth:`PrintHtml.document`), at the opening tag of each top-level section,
so that a unit's markup is byte for byte what the whole book would hold.

A unit's document differs from the book in three ways, none visible:

- **pad pages** put its first page on the side it has in the book: one page
  before a left-hand start, two before a right-hand one (page 1 of a document
  is a right-hand page). Blank versos then come out of WeasyPrint itself, as
  in the book: the unit's ``break-before: right`` after the pad. The pad
  pages carry the page counter's value (``@page :nth(1)``) and are dropped.
- **anchors of other units** that its links point at are empty spans in the
  pad (or a zero-size box), so that WeasyPrint writes the link (and does not
  log "No anchor"); the merge drops their destinations and resolves the
  links' names against the whole book's.
- **page numbers printed for other units** (contents, "on page N"): counters
  do not cross documents (WeasyPrint #1180), so such a span carries
  ``counter-reset: page N``, N the page counter's value where its target is
  in the book. ``target-counter()`` reads an element's own ``page`` counter
  before the page's: the theme's rule prints N, in its own counter style,
  laid out by the same code as in the whole book (a literal number in the
  HTML wrapped differently in a table cell of the handbook).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape

import tinycss2

_TAG_A = re.compile(r"<a\b([^>]*)>")
_HREF = re.compile(r'\shref="#([^"]+)"')
_CLASS = re.compile(r'\sclass="([^"]*)"')
_ID = re.compile(r'\sid="([^"]+)"')
_TAG = re.compile(r"<[A-Za-z][^>]*>")  # text has its "<" escaped: id="x" in a code sample is no anchor


@dataclass
class Unit:
    """One unit of layout: its markup and what it prints of other pages."""

    index: int
    ident: str  # the id of its first element ("" for the front matter)
    kind: str  # "front", "body", "index", "colophon"
    html: str
    ids: frozenset[str] = field(default_factory=frozenset)  # anchors it holds
    stamped: tuple[str, ...] = ()  # ids of other units whose page numbers it prints
    linked: tuple[str, ...] = ()  # ids of other units its links point at
    own_pages: bool = False  # it prints the page of one of its own anchors ("on page N" within it)

    @property
    def late(self) -> bool:
        """Laid out (for good) once every other unit is: the contents and the
        index print the page numbers of the whole book."""
        return self.kind in ("front", "index")


@dataclass(frozen=True)
class Split:
    head: str  # everything up to and including <body ...>
    units: list[Unit]


def split(document: str, top_ids: Iterable[str], every_link: bool = False) -> Split | None:
    """Cut ``document`` before the top-level section of each id in
    ``top_ids`` (in the book's order); None when one is not found where it
    should be (markup this cut does not understand: the book is then laid out
    whole)."""
    body = re.search(r"<body\b[^>]*>", document)
    end = document.rfind("</body>")
    if body is None or end < 0:
        return None
    starts: list[tuple[str, int]] = []
    position = body.end()
    for ident in top_ids:
        found = re.compile(rf'<(?:section|nav)\b[^>]*\sid="{re.escape(escape(ident))}"').search(
            document, position
        )
        if found is None or found.start() > end:
            return None
        starts.append((ident, found.start()))
        position = found.end()
    if not starts:
        return None
    units = [Unit(0, "", "front", document[body.end() : starts[0][1]])]
    for number, (ident, start) in enumerate(starts):
        stop = starts[number + 1][1] if number + 1 < len(starts) else end
        units.append(Unit(number + 1, ident, "body", document[start:stop]))
    all_ids: set[str] = set()
    for unit in units:
        unit.ids = _ids(unit.html)
        all_ids |= unit.ids
    for unit in units:
        describe(unit, all_ids, every_link)
    return Split(document[: body.end()], units)


def describe(unit: Unit, all_ids: set[str], every_link: bool = False) -> None:
    """Fill in what ``unit`` prints of other pages and which anchors it links to."""
    unit.ids = _ids(unit.html)
    stamped: dict[str, None] = {}
    linked: dict[str, None] = {}
    unit.own_pages = False
    for attrs in _TAG_A.findall(unit.html):
        href = _HREF.search(attrs)
        if href is None:
            continue
        target = _unescape(href.group(1))
        if target in unit.ids and (every_link or _prints_page(unit, attrs)):
            unit.own_pages = True
        if target not in unit.ids and target in all_ids:
            linked[target] = None
            if every_link or _prints_page(unit, attrs):
                stamped[target] = None
    unit.stamped = tuple(stamped)
    unit.linked = tuple(linked)


def _ids(html: str) -> frozenset[str]:
    """The anchors of ``html``: id attributes of its tags."""
    return frozenset(_unescape(i) for tag in _TAG.findall(html) for i in _ID.findall(tag))


def _prints_page(unit: Unit, attrs: str) -> bool:
    """Whether the link prints its target's page: a page reference anywhere,
    every link of the front matter (contents, lists of figures and tables)."""
    if unit.kind == "front":
        return True
    css_class = _CLASS.search(attrs)
    return css_class is not None and "page-number" in css_class.group(1).split()


def _unescape(value: str) -> str:
    return value.replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def document(head: str, unit_html: str, pad: int, anchors: Iterable[tuple[str, int | None]]) -> str:
    """A unit's HTML document: ``pad`` pages first, then the unit; an empty
    span for each anchor of another unit its links point at, with the page
    counter's value there when the unit prints it."""
    spans = "".join(
        f'<span id="{escape(a)}"></span>'
        if n is None
        else f'<span id="{escape(a)}" style="counter-reset: page {n}"></span>'
        for a, n in anchors
    )
    if pad:
        pages = '<div class="bp-pad" style="break-after: page; height: 1px"></div>' * (pad - 1)
        last = f'<div class="bp-pad" style="break-after: page; height: 1px">{spans}</div>'
        lead = pages + last
    else:
        lead = (
            '<div class="bp-anchors" style="position: absolute; left: 0; top: 0; width: 0; height: 0; '
            f'overflow: hidden">{spans}</div>'
            if spans
            else ""
        )
    return f"{head}\n{lead}{unit_html}</body>\n</html>\n"


def pad_css(pad: int, first_counter: int) -> str:
    """The page counter of a unit document's first pad page, so that its own
    first page shows the number it has in the book."""
    return f"@page :nth(1) {{ counter-reset: page {first_counter}; }}\n" if pad else ""


class StampingUnsupported(ValueError):
    """The stylesheets print what a unit cannot know of another (target-text())."""


_KNOWN_PRINTERS = re.compile(r"page-number|\btoc\b|\bnav\b|list-of")


def page_printers(sheets: Iterable[str]) -> bool:
    """Whether only the links :func:`_prints_page` knows print their target's
    page (the rules with ``target-counter()`` are about page references and
    the contents). False: every link to another unit carries its target's
    page number (a unit is then laid out again whenever any target moves).
    Raises :class:`StampingUnsupported` for ``target-text()``."""
    known = True
    for css in sheets:
        if "target-" not in css:
            continue
        for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
            if rule.content is None or rule.type not in ("qualified-rule", "at-rule"):
                continue
            body = tinycss2.serialize(rule.content)
            if "target-text" in body.lower():
                raise StampingUnsupported("target-text() prints another unit's text")
            if "target-counter" not in body.lower():
                continue
            prelude = tinycss2.serialize(rule.prelude)
            if rule.type == "at-rule" or not _KNOWN_PRINTERS.search(prelude):
                known = False
    return known


def numbers_in_margins_only(sheets: Iterable[str]) -> bool:
    """Whether the page counter is printed in page-margin boxes only: no rule
    outside ``@page`` reads it (``counter(page)``, ``string-set`` with it). A
    unit's first page number then changes its margins and nothing else, and a
    layout made with another first number can have its margins made again
    (:func:`bookpress.paginate.layout.renumbered`) instead of being laid out anew."""
    for css in sheets:
        if "page" not in css:
            continue
        for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
            if rule.type == "at-rule" and rule.lower_at_keyword == "page":
                continue
            if rule.content is None:
                continue
            body = _SPACES.sub("", tinycss2.serialize(rule.content).lower())
            if "counter(page" in body or "counters(page" in body:  # (inside @media too)
                return False
    return True


_SPACES = re.compile(r"\s+")
