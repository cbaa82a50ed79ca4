"""Preflight: what a printer would reject, read back from the finished PDF.

``preflight(pdf, Expectations(geometry))`` reads the PDF the way a print
service's checker does and returns a :class:`Report` of findings, each with
the physical page (1-based) and the page label a viewer shows:

- page boxes: page size = trim (+ bleed on every side for ``press``),
  ``/TrimBox`` on every page = the trim, ``/BleedBox`` = trim + bleed;
- fonts: every font embedded; no character drawn with the ``.notdef`` glyph;
- images: effective resolution at the printed size, colour space;
- placement: text, images and drawings that leave the text block;
- structure: chapters on the expected side, blank pages with a running head
  or folio, table-of-contents numbers that disagree with the pages;
- flow: headings alone at the foot of a page, widows and orphans;
- book: page count and spine width.

How it reads the PDF: pikepdf for the boxes, fonts, outline and page labels,
and a small content-stream interpreter (CTM through ``q``/``Q``/``cm`` and
into Form XObjects, text matrices, path extents, clipping rectangles) for
where images, drawings and text runs land; poppler's ``pdftotext -bbox`` for
the words and their boxes. Every position is converted to *trim
coordinates*: points from the top-left corner of the trimmed page, y down —
the coordinates of :meth:`Geometry.text_box`.

WeasyPrint 70 facts this relies on (checked by the tests): MediaBox =
BleedBox = trim + bleed, with the origin moved so that TrimBox is
``[0 0 width height]``; a character no font can draw is written through a
custom ``/Encoding`` CMap that maps its code to CID 0 (``.notdef``), while
``/ToUnicode`` still maps the code to the character, and a subset's ``/W``
lists glyph 0 only when it is drawn; ``TJ`` shows one glyph per string; SVG
is drawn inline (paths, images), not as Form XObjects; crop marks are not
drawn. The checks against the text block are only as right as the geometry:
pass the :class:`Geometry` the PDF was laid out with (the gutter depends on
the page count).
"""

from __future__ import annotations

import bisect
import html
import itertools
import math
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import pikepdf

from .completeness.printed import page_resources
from .geometry import INCH, Geometry

ERROR, WARNING, INFO = "error", "warning", "info"
PROFILES = ("print", "press", "screen")

# Every finding code and the check that reports it (the table groups by check).
CHECKS: dict[str, str] = {
    "page-size": "page boxes",
    "trimbox-missing": "page boxes",
    "trimbox-wrong": "page boxes",
    "bleedbox-missing": "page boxes",
    "bleedbox-wrong": "page boxes",
    "font-not-embedded": "fonts",
    "glyph-missing": "fonts",
    "image-resolution-low": "images",
    "image-resolution": "images",
    "image-rgb": "images",
    "text-outside": "placement",
    "text-in-bottom-margin": "placement",
    "image-outside": "placement",
    "graphic-outside": "placement",
    "bleed-short": "placement",
    "chapter-side": "structure",
    "blank-page-head": "structure",
    "toc-page-wrong": "structure",
    "heading-at-bottom": "flow",
    "widow": "flow",
    "orphan": "flow",
    "page-count": "book",
    "page-count-odd": "book",
    # bookpress/completeness: the book's model against the pages (needs the book)
    "incomplete-heading": "completeness",
    "heading-order": "completeness",
    "image-not-drawn": "completeness",
    "leaked-markup": "completeness",
}
CHECK_ORDER = ("page boxes", "fonts", "images", "placement", "structure", "flow", "book", "completeness")

BOX_TOLERANCE = 0.5  # pt: page boxes are written from CSS lengths, rounding only
PLACE_TOLERANCE = 1.5  # pt: italic overhang, half of a collapsed border
TINY_IMAGE = 0.3 * INCH  # images smaller than this on both sides are icons: no resolution check

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
NOWHERE: Rect = (math.inf, math.inf, -math.inf, -math.inf)
EVERYWHERE: Rect = (-math.inf, -math.inf, math.inf, math.inf)


# ---- results -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    severity: str  # "error" | "warning" | "info"
    code: str
    message: str
    page: int | None = None  # 1-based physical page
    label: str | None = None  # the page label a viewer shows ("iv", "12")

    @property
    def check(self) -> str:
        return CHECKS.get(self.code, "other")

    def to_json(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "code": self.code,
            "check": self.check,
            "page": self.page,
            "label": self.label,
            "message": self.message,
        }


@dataclass
class Expectations:
    geometry: Geometry
    profile: str = "print"  # "print" | "press" (bleed, CMYK-minded) | "screen"
    chapter_start: str = "right"  # "right" | "left" | "any"
    min_ppi_warn: float = 300
    min_ppi_error: float = 150
    paper_ppi: float = 444  # pages per inch: KDP white ≈ 444, cream ≈ 400

    def __post_init__(self) -> None:
        if self.profile not in PROFILES:
            raise ValueError(f"unknown preflight profile {self.profile!r} (expected one of {PROFILES})")

    @property
    def bleed(self) -> float:
        """The bleed the PDF must carry on each side, in points."""
        return self.geometry.bleed if self.profile == "press" else 0.0


@dataclass
class Report:
    findings: list[Finding]
    pages: int
    spine_width_in: float
    pdf: str = ""
    profile: str = "print"
    not_checked: tuple[str, ...] = ("completeness",)  # checks that need more than the PDF

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def infos(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == INFO]

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_json(self) -> dict[str, Any]:
        return {
            "pdf": self.pdf,
            "profile": self.profile,
            "pages": self.pages,
            "spine_width_in": round(self.spine_width_in, 4),
            "ok": self.ok,
            "summary": {"errors": len(self.errors), "warnings": len(self.warnings), "info": len(self.infos)},
            "findings": [f.to_json() for f in self.findings],
        }

    def headline(self) -> str:
        """One line: the PDF, its pages and spine, and the error and warning counts."""
        return (
            f"Preflight {self.pdf or 'PDF'} ({self.profile}): {self.pages} pages, "
            f"spine {self.spine_width_in:.3f} in ({self.spine_width_in * 25.4:.1f} mm) — "
            f"{_count(len(self.errors), 'error')}, {_count(len(self.warnings), 'warning')}"
        )

    def format_table(self) -> str:
        """A plain-text table grouped by check, for a terminal or a CI log."""
        out = [self.headline()]
        others = any(f.check not in CHECK_ORDER for f in self.findings)
        for check in (*CHECK_ORDER, "other") if others else CHECK_ORDER:
            rows = [f for f in self.findings if f.check == check]
            out.append("")
            status = "not checked" if check in self.not_checked else "ok"
            out.append(check if rows else f"{check}: {status}")
            out.extend(_table_rows(rows))
        return "\n".join(out) + "\n"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _table_rows(findings: list[Finding]) -> list[str]:
    if not findings:
        return []
    rows = [("SEVERITY", "PAGE", "LABEL", "CODE", "MESSAGE")]
    rows += [
        (f.severity, "" if f.page is None else str(f.page), f.label or "", f.code, f.message)
        for f in findings
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return [
        "  " + "  ".join(cell.ljust(w) for cell, w in zip(row[:4], widths, strict=True)) + "  " + row[4]
        for row in rows
    ]


# ---- geometry helpers ----------------------------------------------------------------------------


def _mul(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF row-vector convention: p' = p × m × n)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]


def _rect_of(m: Matrix, x0: float, y0: float, x1: float, y1: float) -> Rect:
    points = [_apply(m, x, y) for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _union(r: Rect, s: Rect) -> Rect:
    return min(r[0], s[0]), min(r[1], s[1]), max(r[2], s[2]), max(r[3], s[3])


def _intersect(r: Rect, s: Rect) -> Rect:
    return max(r[0], s[0]), max(r[1], s[1]), min(r[2], s[2]), min(r[3], s[3])


def _empty(r: Rect) -> bool:
    return r[0] > r[2] or r[1] > r[3]


def _to_matrix(values: Iterable[Any]) -> Matrix:
    a, b, c, d, e, f = map(float, values)
    return a, b, c, d, e, f


def _box(value: Any) -> Rect | None:
    if value is None:
        return None
    x0, y0, x1, y1 = (float(v) for v in value)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _inches(points: float) -> str:
    return f"{points / INCH:.3f}".rstrip("0").rstrip(".")


# ---- fonts ---------------------------------------------------------------------------------------


@dataclass
class FontInfo:
    name: str  # BaseFont without the subset prefix
    family: str
    bold: bool
    embedded: bool
    code_bytes: int  # 2 for Type0 fonts, 1 for simple fonts
    notdef_codes: frozenset[int]  # codes this font draws with glyph 0 (.notdef)
    to_unicode: Callable[[], dict[int, str]]

    def char(self, code: int) -> str:
        return self.to_unicode().get(code, "")


_SUBSET = re.compile(r"^[A-Z]{6}\+")
_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.I)
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>|\[|\]")
_RANGE_OR_CHAR = re.compile(rb"begin(bf|cid)(char|range)(.*?)end\1\2", re.S)
_CID_ENTRY = re.compile(rb"<([0-9A-Fa-f]+)>\s*(?:<([0-9A-Fa-f]+)>\s*)?(\d+)")


def _font_info(font: pikepdf.Dictionary) -> FontInfo:
    subtype = str(font.get("/Subtype", ""))
    name = _SUBSET.sub("", str(font.get("/BaseFont", "/?"))[1:])
    descendant = font.DescendantFonts[0] if subtype == "/Type0" and "/DescendantFonts" in font else None
    descriptor = (descendant if descendant is not None else font).get("/FontDescriptor")
    family = str(descriptor.get("/FontFamily", "")) if descriptor is not None else ""
    weight = float(descriptor.get("/FontWeight", 400)) if descriptor is not None else 400
    flags = int(descriptor.get("/Flags", 0)) if descriptor is not None else 0
    bold = bool(_BOLD.search(name)) or weight >= 600 or bool(flags & (1 << 18))
    embedded = subtype == "/Type3" or (
        descriptor is not None and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    )
    notdef = _cid_notdef(font, descendant) if descendant is not None else frozenset()
    to_unicode = _lazy(lambda: _parse_to_unicode(font.get("/ToUnicode")))
    return FontInfo(
        name, family or name, bold, embedded, 2 if descendant is not None else 1, notdef, to_unicode
    )


def _lazy(make: Callable[[], dict[int, str]]) -> Callable[[], dict[int, str]]:
    cache: list[dict[int, str]] = []

    def get() -> dict[int, str]:
        if not cache:
            cache.append(make())
        return cache[0]

    return get


def _cid_notdef(font: pikepdf.Dictionary, descendant: pikepdf.Dictionary) -> frozenset[int]:
    """The codes of a Type0 font that reach glyph 0: code -> CID (the /Encoding CMap) -> GID
    (/CIDToGIDMap). Only CIDs listed in /W are candidates: a subset lists the glyphs it draws,
    so fonts without a .notdef in use cost nothing when their text is scanned."""
    encoding = font.get("/Encoding")
    gid_map = descendant.get("/CIDToGIDMap")
    gids = bytes(gid_map.read_bytes()) if isinstance(gid_map, pikepdf.Stream) else None
    used = _cids_in_widths(descendant.get("/W"))
    bad = {cid for cid in (used if used is not None else {0}) if _gid(gids, cid) == 0}
    if not bad:
        return frozenset()
    if isinstance(encoding, pikepdf.Stream):
        cids = _parse_cid_cmap(bytes(encoding.read_bytes()))
        return frozenset(code for code, cid in cids.items() if cid in bad)
    if str(encoding) in ("/Identity-H", "/Identity-V"):
        return frozenset(bad)
    return frozenset()  # a predefined CJK CMap: not decoded here


def _gid(gids: bytes | None, cid: int) -> int:
    if gids is None:
        return cid
    return int.from_bytes(gids[2 * cid : 2 * cid + 2], "big") if 2 * cid + 2 <= len(gids) else 0


def _cids_in_widths(widths: Any) -> set[int] | None:
    """CIDs named by a /W array: ``c [w1 w2 …]`` and ``c_first c_last w``."""
    if not isinstance(widths, pikepdf.Array):
        return None
    items = list(widths)
    cids: set[int] = set()
    i = 0
    while i + 1 < len(items):
        first = int(items[i])
        if isinstance(items[i + 1], pikepdf.Array):
            cids.update(range(first, first + len(items[i + 1])))
            i += 2
        else:
            cids.update(range(first, min(int(items[i + 1]), first + 0xFFFF) + 1))
            i += 3
    return cids


def _parse_cid_cmap(data: bytes) -> dict[int, int]:
    """code -> CID from an embedded CMap's cidchar and cidrange sections."""
    out: dict[int, int] = {}
    for kind, shape, body in ((m.group(1), m.group(2), m.group(3)) for m in _RANGE_OR_CHAR.finditer(data)):
        if kind != b"cid":
            continue
        for lo, hi, cid in _CID_ENTRY.findall(body):
            start = int(lo, 16)
            end = int(hi, 16) if shape == b"range" and hi else start
            for offset in range(min(end - start, 0xFFFF) + 1):
                out[start + offset] = int(cid) + offset
    return out


def _parse_to_unicode(stream: Any) -> dict[int, str]:
    """code -> text from a ToUnicode CMap (bfchar and bfrange)."""
    if not isinstance(stream, pikepdf.Stream):
        return {}
    out: dict[int, str] = {}
    for match in _RANGE_OR_CHAR.finditer(bytes(stream.read_bytes())):
        if match.group(1) != b"bf":
            continue
        tokens = [m.group(1) if m.group(1) is not None else m.group(0) for m in _HEX.finditer(match.group(3))]
        if match.group(2) == b"char":
            for src, dst in zip(tokens[::2], tokens[1::2], strict=False):
                out[int(src or b"0", 16)] = _utf16(dst)
        else:
            _bf_ranges(tokens, out)
    return out


def _bf_ranges(tokens: list[bytes], out: dict[int, str]) -> None:
    i = 0
    while i + 2 < len(tokens):
        lo, hi = int(tokens[i] or b"0", 16), int(tokens[i + 1] or b"0", 16)
        if tokens[i + 2] == b"[":
            end = tokens.index(b"]", i + 3) if b"]" in tokens[i + 3 :] else len(tokens)
            for offset, dst in enumerate(tokens[i + 3 : end]):
                out[lo + offset] = _utf16(dst)
            i = end + 1
            continue
        first = _utf16(tokens[i + 2])
        for offset in range(min(hi - lo, 0xFFFF) + 1):
            out[lo + offset] = first[:-1] + chr(ord(first[-1]) + offset) if first else ""
        i += 3


def _utf16(hex_bytes: bytes) -> str:
    try:
        return bytes.fromhex(hex_bytes.decode()).decode("utf-16-be", errors="replace")
    except ValueError:
        return ""


# ---- what a page draws ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TextRun:
    x: float  # start of the run, trim coordinates
    y: float  # baseline
    size: float  # effective font size in points
    font: FontInfo
    glyphs: int  # about how many glyphs (a weight)


@dataclass(frozen=True)
class ImageDraw:
    key: tuple[int, int]
    name: str
    pixels: tuple[int, int]
    drawn: tuple[float, float]  # width and height in points along the image's own axes
    rect: Rect  # visible part (clipped), trim coordinates
    colour: str  # "RGB", "CMYK", "Gray", "Lab", "Separation", …, "mask"

    def describe(self) -> str:
        w, h = self.drawn
        return f"{self.pixels[0]}×{self.pixels[1]} px image drawn {_inches(w)} × {_inches(h)} in"

    @property
    def ppi(self) -> float:
        w, h = self.drawn
        return min(self.pixels[0] / (w / INCH), self.pixels[1] / (h / INCH))


@dataclass
class PageScan:
    runs: list[TextRun] = field(default_factory=list)
    images: list[ImageDraw] = field(default_factory=list)
    paths: list[Rect] = field(default_factory=list)  # painted paths and shadings, clipped
    missing: list[tuple[str, str]] = field(default_factory=list)  # (font, character)


@dataclass
class _GState:
    ctm: Matrix
    clip: Rect
    font: FontInfo | None = None
    size: float = 0.0


@dataclass
class _Frame:
    resources: Any
    state: _GState
    stack: list[_GState] = field(default_factory=list)
    path: Rect = NOWHERE
    clip_pending: bool = False
    tm: Matrix = IDENTITY
    tlm: Matrix = IDENTITY
    leading: float = 0.0


_PAINT = ("S", "s", "f", "F", "f*", "B", "B*", "b", "b*")
_POINTS = ("m", "l", "c", "v", "y")
_SHOW = ("Tj", "TJ", "'", '"')


class _Scanner:
    """Interprets content streams: where images, paths and text runs land on the page."""

    def __init__(self, fonts: _FontCache, scan: PageScan) -> None:
        self.fonts = fonts
        self.scan = scan
        self.forms: set[tuple[int, int]] = set()  # forms being drawn (no cycles)

    def run(self, content: Any, resources: Any, ctm: Matrix, clip: Rect) -> None:
        frame = _Frame(resources, _GState(ctm, clip))
        handlers = self._HANDLERS
        for instruction in pikepdf.parse_content_stream(content):
            op = str(instruction.operator)
            handler = handlers.get(op)
            if handler is not None:
                handler(self, frame, op, instruction.operands)

    # graphics state
    def _q(self, frame: _Frame, _op: str, _ops: Any) -> None:
        s = frame.state
        frame.stack.append(_GState(s.ctm, s.clip, s.font, s.size))

    def _big_q(self, frame: _Frame, _op: str, _ops: Any) -> None:
        if frame.stack:
            frame.state = frame.stack.pop()

    def _cm(self, frame: _Frame, _op: str, ops: Any) -> None:
        frame.state.ctm = _mul(_to_matrix(ops), frame.state.ctm)

    # paths
    def _re(self, frame: _Frame, _op: str, ops: Any) -> None:
        x, y, w, h = (float(v) for v in ops)
        frame.path = _union(frame.path, _rect_of(frame.state.ctm, x, y, x + w, y + h))

    def _points(self, frame: _Frame, _op: str, ops: Any) -> None:
        values = [float(v) for v in ops]
        for x, y in zip(values[::2], values[1::2], strict=False):
            px, py = _apply(frame.state.ctm, x, y)
            frame.path = _union(frame.path, (px, py, px, py))

    def _clip(self, frame: _Frame, _op: str, _ops: Any) -> None:
        frame.clip_pending = True

    def _end_path(self, frame: _Frame, op: str, _ops: Any) -> None:
        if op != "n" and not _empty(frame.path):
            self.scan.paths.append(_intersect(frame.path, frame.state.clip))
        if frame.clip_pending and not _empty(frame.path):
            frame.state.clip = _intersect(frame.state.clip, frame.path)
        frame.path, frame.clip_pending = NOWHERE, False

    def _shading(self, frame: _Frame, _op: str, _ops: Any) -> None:
        if all(math.isfinite(v) for v in frame.state.clip):
            self.scan.paths.append(frame.state.clip)

    # XObjects
    def _do(self, frame: _Frame, _op: str, ops: Any) -> None:
        xobjects = frame.resources.get("/XObject") if frame.resources is not None else None
        xobject = xobjects.get(ops[0]) if xobjects is not None else None
        if not isinstance(xobject, pikepdf.Stream):
            return
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            self._image(frame, xobject, str(ops[0]))
        elif subtype == "/Form":
            self._form(frame, xobject)

    def _form(self, frame: _Frame, form: pikepdf.Stream) -> None:
        key = form.objgen
        if key in self.forms:
            return
        ctm = _mul(_to_matrix(form.get("/Matrix", IDENTITY)), frame.state.ctm)
        clip = frame.state.clip
        bbox = _box(form.get("/BBox"))
        if bbox is not None:
            clip = _intersect(clip, _rect_of(ctm, *bbox))
        self.forms.add(key)
        try:
            self.run(form, form.get("/Resources", frame.resources), ctm, clip)
        finally:
            self.forms.discard(key)

    def _image(self, frame: _Frame, image: pikepdf.Stream, name: str) -> None:
        pixels = (int(image.get("/Width", 0)), int(image.get("/Height", 0)))
        mask = bool(image.get("/ImageMask", False))
        colour = "mask" if mask else _colour_space(image.get("/ColorSpace"))
        self._record_image(frame, image.objgen, name, pixels, colour)

    def _inline_image(self, frame: _Frame, _op: str, ops: Any) -> None:
        image = ops[0]
        try:
            pixels = (int(image.width), int(image.height))
            colour = _colour_space(image.obj.get("/ColorSpace", image.obj.get("/CS")))
        except (AttributeError, ValueError, pikepdf.PdfError):
            return
        self._record_image(frame, (0, 0), "inline image", pixels, colour)

    def _record_image(
        self, frame: _Frame, key: tuple[int, int], name: str, pixels: tuple[int, int], colour: str
    ) -> None:
        a, b, c, d, _e, _f = frame.state.ctm
        drawn = (math.hypot(a, b), math.hypot(c, d))
        rect = _intersect(_rect_of(frame.state.ctm, 0, 0, 1, 1), frame.state.clip)
        if min(drawn) > 0 and min(pixels) > 0 and not _empty(rect):
            self.scan.images.append(ImageDraw(key, name, pixels, drawn, rect, colour))

    # text
    def _bt(self, frame: _Frame, _op: str, _ops: Any) -> None:
        frame.tm = frame.tlm = IDENTITY

    def _tf(self, frame: _Frame, _op: str, ops: Any) -> None:
        fonts = frame.resources.get("/Font") if frame.resources is not None else None
        font = fonts.get(ops[0]) if fonts is not None else None
        frame.state.font = self.fonts.get(font) if isinstance(font, pikepdf.Dictionary) else None
        frame.state.size = float(ops[1])

    def _tm(self, frame: _Frame, _op: str, ops: Any) -> None:
        frame.tm = frame.tlm = _to_matrix(ops)

    def _td(self, frame: _Frame, _op: str, ops: Any) -> None:
        tx, ty = float(ops[0]), float(ops[1])
        frame.tm = frame.tlm = _mul((1.0, 0.0, 0.0, 1.0, tx, ty), frame.tlm)

    def _big_td(self, frame: _Frame, _op: str, ops: Any) -> None:
        frame.leading = -float(ops[1])
        self._td(frame, "Td", ops)

    def _tl(self, frame: _Frame, _op: str, ops: Any) -> None:
        frame.leading = float(ops[0])

    def _t_star(self, frame: _Frame, _op: str, _ops: Any) -> None:
        self._td(frame, "Td", (0, -frame.leading))

    def _show(self, frame: _Frame, op: str, ops: Any) -> None:
        if op in ("'", '"'):
            self._t_star(frame, "T*", ())
        font = frame.state.font
        if font is None:
            return
        m = _mul(frame.tm, frame.state.ctm)
        size = frame.state.size * math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))
        self.scan.runs.append(TextRun(m[4], m[5], size, font, _weight(op, ops, font.code_bytes)))
        if font.notdef_codes:
            for data in _strings(op, ops):
                for code in _codes(data, font.code_bytes):
                    if code in font.notdef_codes:
                        self.scan.missing.append((font.name, font.char(code)))

    _HANDLERS: ClassVar[dict[str, Callable[[_Scanner, _Frame, str, Any], None]]] = {
        **dict.fromkeys((*_PAINT, "n"), _end_path),
        **dict.fromkeys(_POINTS, _points),
        **dict.fromkeys(_SHOW, _show),
        "INLINE IMAGE": _inline_image,
        "q": _q,
        "Q": _big_q,
        "cm": _cm,
        "re": _re,
        "W": _clip,
        "W*": _clip,
        "sh": _shading,
        "Do": _do,
        "BT": _bt,
        "Tf": _tf,
        "Tm": _tm,
        "Td": _td,
        "TD": _big_td,
        "TL": _tl,
        "T*": _t_star,
    }


def _weight(op: str, ops: Any, code_bytes: int) -> int:
    """About how many glyphs an operator shows (WeasyPrint writes one string per glyph in TJ)."""
    if op == "TJ":
        return (len(ops[0]) + 1) // 2
    value = ops[-1] if ops else None
    return len(bytes(value)) // code_bytes if isinstance(value, pikepdf.String) else 0


def _strings(op: str, ops: Any) -> list[bytes]:
    if op == "TJ":
        return [bytes(item) for item in ops[0] if isinstance(item, pikepdf.String)]
    value = ops[-1] if ops else None
    return [bytes(value)] if isinstance(value, pikepdf.String) else []


def _codes(data: bytes, width: int) -> Iterator[int]:
    if width == 1:
        yield from data
        return
    for i in range(0, len(data) - 1, 2):
        yield data[i] << 8 | data[i + 1]


def _colour_space(space: Any) -> str:
    names = {
        "/DeviceRGB": "RGB",
        "/CalRGB": "RGB",
        "/DeviceCMYK": "CMYK",
        "/DeviceGray": "Gray",
        "/CalGray": "Gray",
        "/Lab": "Lab",
        "/Separation": "Separation",
        "/DeviceN": "DeviceN",
        "/Pattern": "Pattern",
    }
    if isinstance(space, pikepdf.Name):
        return names.get(str(space), str(space)[1:])
    if isinstance(space, pikepdf.Array) and len(space) > 0:
        family = str(space[0])
        if family == "/ICCBased" and len(space) > 1:
            return {1: "Gray", 3: "RGB", 4: "CMYK"}.get(int(space[1].get("/N", 0)), "ICC")
        if family == "/Indexed" and len(space) > 1:
            return _colour_space(space[1])
        return names.get(family, family[1:])
    return "unknown"


class _FontCache:
    def __init__(self) -> None:
        self.infos: dict[Any, FontInfo] = {}

    def get(self, font: pikepdf.Dictionary) -> FontInfo:
        key = font.objgen if font.is_indirect else id(font)
        info = self.infos.get(key)
        if info is None:
            info = self.infos[key] = _font_info(font)
        return info


# ---- words and lines (poppler) -------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass
class Line:
    words: list[Word]
    x0: float
    y0: float
    x1: float
    y1: float
    size: float = 0.0  # the biggest font size of the text runs on the line (0: unknown)
    runs: list[TextRun] = field(default_factory=list)

    @classmethod
    def of(cls, word: Word) -> Line:
        return cls([word], word.x0, word.y0, word.x1, word.y1)

    def add(self, word: Word) -> None:
        self.words.append(word)
        self.x0, self.y0 = min(self.x0, word.x0), min(self.y0, word.y0)
        self.x1, self.y1 = max(self.x1, word.x1), max(self.y1, word.y1)

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def text(self) -> str:
        return " ".join(w.text for w in sorted(self.words, key=lambda w: w.x0))


_WORD = re.compile(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</word>')


RawWord = tuple[str, float, float, float, float]


class _Poppler:
    """``pdftotext -bbox`` in the background, split into page ranges that run side by side
    (it is the slowest part: ~1 s per 100 pages). Coordinates: points from the top-left
    of the MediaBox."""

    def __init__(self, pdf: Path, pages: int, jobs: int) -> None:
        if shutil.which("pdftotext") is None:
            raise RuntimeError("preflight needs poppler's pdftotext (Debian: apt install poppler-utils)")
        self.folder = tempfile.TemporaryDirectory(prefix="preflight-")
        step = max(1, math.ceil(pages / max(1, jobs)))
        self.ranges = [(first, min(first + step - 1, pages)) for first in range(1, pages + 1, step)]
        self.procs = [self._start(pdf, first, last) for first, last in self.ranges]

    def _file(self, first: int, kind: str) -> Path:
        return Path(self.folder.name) / f"{first}.{kind}"

    def _start(self, pdf: Path, first: int, last: int) -> subprocess.Popen[bytes]:
        out = self._file(first, "html")
        with self._file(first, "log").open("wb") as log:
            command = ["pdftotext", "-bbox", "-f", str(first), "-l", str(last), str(pdf), str(out)]
            return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)

    def words(self) -> list[list[RawWord]]:
        """Wait for poppler; the words of every page."""
        try:
            pages: list[list[RawWord]] = []
            for (first, _last), proc in zip(self.ranges, self.procs, strict=True):
                if proc.wait():
                    log = self._file(first, "log").read_text(errors="replace").strip()
                    raise RuntimeError(f"pdftotext failed: {log}")
                pages.extend(_parse_bbox(self._file(first, "html").read_text(encoding="utf-8")))
            return pages
        finally:
            self.close()

    def close(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        self.folder.cleanup()


def _parse_bbox(text: str) -> list[list[RawWord]]:
    return [
        [
            (html.unescape(t) if "&" in t else t, float(x0), float(y0), float(x1), float(y1))
            for x0, y0, x1, y1, t in _WORD.findall(chunk)
        ]
        for chunk in text.split("<page ")[1:]
    ]


def _lines(words: list[Word]) -> list[Line]:
    """Words grouped into lines: vertical centres closer than half the smaller height."""
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (w.cy, w.x0)):
        if lines:
            last = lines[-1]
            if abs(word.cy - last.cy) <= 0.45 * min(word.y1 - word.y0, last.y1 - last.y0):
                last.add(word)
                continue
        lines.append(Line.of(word))
    return lines


# ---- the document --------------------------------------------------------------------------------


@dataclass
class PageFacts:
    index: int
    label: str
    media: Rect
    trim_box: Rect | None
    bleed_box: Rect | None
    trim: Rect  # the trim used for coordinates (TrimBox, else guessed)
    text_box: Rect  # trim coordinates
    scan: PageScan
    words: list[Word] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def width(self) -> float:
        return self.trim[2] - self.trim[0]

    def finding(self, severity: str, code: str, message: str) -> Finding:
        return Finding(severity, code, message, self.number, self.label)

    def body_lines(self) -> list[Line]:
        """Lines inside the text block (vertically), top to bottom."""
        top, bottom = self.text_box[1], self.text_box[3]
        return [ln for ln in self.lines if top - PLACE_TOLERANCE <= ln.cy <= bottom]


@dataclass(frozen=True)
class OutlineEntry:
    title: str
    level: int  # 1 = top level
    page: int  # 0-based


@dataclass
class DocFacts:
    pages: list[PageFacts]
    fonts: list[tuple[FontInfo, int]]  # every font in the resources and the first page index using it
    outline: list[OutlineEntry]
    body_family: str = ""
    body_size: float = 0.0
    leading: float = 0.0
    columns: dict[int, tuple[float, float]] = field(default_factory=dict)  # page parity -> text left, right
    contents_pages: set[int] = field(default_factory=set)

    def chapter_starts(self) -> set[int]:
        return {e.page for e in self.outline if e.level == 1}


def read_pdf(path: Path, geometry: Geometry, jobs: int = 2) -> DocFacts:
    """Everything the checks need from the PDF, in trim coordinates."""
    with pikepdf.open(path) as pdf:
        poppler = _Poppler(path, len(pdf.pages), jobs if len(pdf.pages) > 60 else 1)
        try:
            cache = _FontCache()
            pages = [_page_facts(page, i, geometry, cache) for i, page in enumerate(pdf.pages)]
            fonts = _fonts_used(pdf, cache)
            outline = _outline(pdf)
        except BaseException:
            poppler.close()
            raise
    for page, words in zip(pages, poppler.words(), strict=False):
        _attach_words(page, words)
    doc = DocFacts(pages, fonts, outline)
    _body_text_metrics(doc)
    doc.contents_pages = _contents_pages(doc)
    return doc


def _page_facts(page: pikepdf.Page, index: int, geometry: Geometry, cache: _FontCache) -> PageFacts:
    obj = page.obj
    media = _box(page.mediabox) or (0.0, 0.0, geometry.width, geometry.height)
    trim_box, bleed_box = _box(obj.get("/TrimBox")), _box(obj.get("/BleedBox"))
    trim = trim_box or _guess_trim(media, geometry)
    to_trim: Matrix = (1.0, 0.0, 0.0, -1.0, -trim[0], trim[3])
    left, top, right, bottom = geometry.text_box(index)
    scan = PageScan()
    if "/Contents" in obj:
        _Scanner(cache, scan).run(page, page_resources(obj), to_trim, EVERYWHERE)
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
    page.lines = _lines(page.words)
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


def _fonts_used(pdf: pikepdf.Pdf, cache: _FontCache) -> list[tuple[FontInfo, int]]:
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


def _body_text_metrics(doc: DocFacts) -> None:
    """The body font (most glyphs inside text blocks), the usual distance between its lines, and
    the column it fills on right- and left-hand pages, as laid out: the commonest left edge on
    each side and the widest line width found more than once (full justified lines)."""
    glyphs: Counter[tuple[str, float]] = Counter()
    for page in doc.pages:
        top, bottom = page.text_box[1], page.text_box[3]
        for run in page.scan.runs:
            if top <= run.y <= bottom:
                glyphs[(run.font.family, round(run.size, 1))] += run.glyphs
    if not glyphs:
        return
    (doc.body_family, doc.body_size), _ = glyphs.most_common(1)[0]
    gaps: Counter[float] = Counter()
    widths: Counter[float] = Counter()
    lefts: dict[int, Counter[float]] = {0: Counter(), 1: Counter()}
    for page in doc.pages:
        lines = [ln for ln in page.body_lines() if _is_body(doc, ln)]
        gaps.update(round(b.y1 - a.y1, 1) for a, b in itertools.pairwise(lines))
        widths.update(round(2 * (ln.x1 - ln.x0)) / 2 for ln in lines)
        lefts[page.index % 2].update(round(ln.x0, 1) for ln in lines)
    doc.leading = gaps.most_common(1)[0][0] if gaps else doc.body_size * 1.3
    repeated = [w for w, n in widths.items() if n >= 2]  # full lines share the column width
    width = max(repeated) if repeated else doc.pages[0].text_box[2] - doc.pages[0].text_box[0]
    doc.columns = {
        side: (c.most_common(1)[0][0], c.most_common(1)[0][0] + width) for side, c in lefts.items() if c
    }


def _is_body(doc: DocFacts, line: Line) -> bool:
    """A line of running text: set in the body font (inline code or a footnote call may join
    it) and nothing bigger."""
    return abs(line.size - doc.body_size) < 0.6 and any(
        r.font.family == doc.body_family and abs(r.size - doc.body_size) < 0.6 for r in line.runs
    )


def _is_heading(doc: DocFacts, line: Line) -> bool:
    if not line.runs or not doc.body_size:
        return False
    if line.size >= 1.15 * doc.body_size:
        return True
    display = all(r.font.bold and r.font.family != doc.body_family for r in line.runs)
    return display and line.size >= doc.body_size - 0.6


_CONTENTS = re.compile(r"^(table of )?contents$", re.I)


def _contents_pages(doc: DocFacts) -> set[int]:
    """From the page whose first line is "Contents" up to the next top-level outline entry."""
    for page in doc.pages:
        lines = page.body_lines()
        if lines and _CONTENTS.match(lines[0].text.strip()):
            later = [p for p in doc.chapter_starts() if p > page.index]
            end = min(later) if later else min(page.index + 1, len(doc.pages))
            return set(range(page.index, end))
    return set()


# ---- the checks ----------------------------------------------------------------------------------


def check_page_boxes(doc: DocFacts, expect: Expectations) -> list[Finding]:
    g, bleed = expect.geometry, expect.bleed
    want = (g.width + 2 * bleed, g.height + 2 * bleed)
    findings: list[Finding] = []
    for page in doc.pages:
        size = (page.media[2] - page.media[0], page.media[3] - page.media[1])
        if not _same_size(size, want):
            findings.append(page.finding(ERROR, "page-size", _size_message(size, want, g, bleed)))
        if expect.profile == "screen":
            continue
        findings.extend(_trim_box(page, g, bleed))
        if expect.profile == "press":
            findings.extend(_bleed_box(page, g, bleed))
    return _merge_pages(findings)


def _same_size(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) <= BOX_TOLERANCE and abs(a[1] - b[1]) <= BOX_TOLERANCE


def _size(size: tuple[float, float]) -> str:
    return f"{_inches(size[0])} × {_inches(size[1])} in"


def _size_message(size: tuple[float, float], want: tuple[float, float], g: Geometry, bleed: float) -> str:
    how = f"the trim {_size((g.width, g.height))}" + (
        f" + {_inches(bleed)} in bleed on each side" if bleed else ""
    )
    return f"page is {_size(size)}; expected {_size(want)} ({how})"


def _trim_box(page: PageFacts, g: Geometry, bleed: float) -> list[Finding]:
    if page.trim_box is None:
        return [page.finding(ERROR, "trimbox-missing", "no /TrimBox: the printer cannot tell where to cut")]
    box, media = page.trim_box, page.media
    size = (box[2] - box[0], box[3] - box[1])
    insets = (box[0] - media[0], box[1] - media[1], media[2] - box[2], media[3] - box[3])
    if not _same_size(size, (g.width, g.height)):
        message = f"/TrimBox is {_size(size)}; the trim is {_size((g.width, g.height))}"
    elif any(abs(v - bleed) > BOX_TOLERANCE for v in insets):
        shown = ", ".join(_inches(v) for v in insets)
        message = (
            f"/TrimBox is not {_inches(bleed)} in inside the page edges on every side (insets {shown} in)"
        )
    else:
        return []
    return [page.finding(ERROR, "trimbox-wrong", message)]


def _bleed_box(page: PageFacts, g: Geometry, bleed: float) -> list[Finding]:
    if not bleed:
        return [page.finding(ERROR, "bleedbox-wrong", "press profile but the expected geometry has no bleed")]
    if page.bleed_box is None:
        return [page.finding(ERROR, "bleedbox-missing", "no /BleedBox on a press PDF")]
    box = page.bleed_box
    size, want = (box[2] - box[0], box[3] - box[1]), (g.width + 2 * bleed, g.height + 2 * bleed)
    if _same_size(size, want):
        return []
    return [
        page.finding(ERROR, "bleedbox-wrong", f"/BleedBox is {_size(size)}; trim + bleed is {_size(want)}")
    ]


def check_fonts(doc: DocFacts, expect: Expectations) -> list[Finding]:
    findings = [
        doc.pages[index].finding(
            ERROR, "font-not-embedded", f"font {info.name} is not embedded (first used here)"
        )
        for info, index in doc.fonts
        if not info.embedded
    ]
    for page in doc.pages:
        for font, char in dict.fromkeys(page.scan.missing):
            findings.append(page.finding(ERROR, "glyph-missing", _glyph_message(font, char)))
    return _merge_pages(findings)


def _glyph_message(font: str, char: str) -> str:
    drawn = f"drawn as .notdef (an empty box) in {font}"
    if not char:
        return f"a character has no glyph: {drawn}"
    return f"{' '.join(f'U+{ord(c):04X}' for c in char)} {char!r} has no glyph in any font: {drawn}"


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
    if not rgb or expect.profile == "screen":
        return []
    if expect.profile == "press":
        convert = "is RGB: the printer will convert it to CMYK (check the colours in a proof)"
        return [page.finding(WARNING, "image-rgb", f"{image.describe()} {convert}") for page, image in rgb]
    pages = _ranges([page.number for page, _ in rgb])
    note = f"{len(rgb)} RGB images (pages {pages}); print on demand converts them, offset printing wants CMYK"
    return [rgb[0][0].finding(INFO, "image-rgb", note)]


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
        wide, short = _too_wide(page, rects, expect.bleed)
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
                f"a full-width {kind} stops at the trim: extend it {_inches(expect.bleed)} in into the bleed"
            )
            findings.append(page.finding(WARNING, "bleed-short", message))
    return findings


def _too_wide(page: PageFacts, rects: list[Rect], bleed: float) -> tuple[list[Rect], list[Rect]]:
    """Rectangles wider than the text block, and full-width ones that do not reach into the bleed."""
    left, _, right, _ = page.text_box
    width, height = page.width, page.trim[3] - page.trim[1]
    wide, short = [], []
    for rect in rects:
        visible = _intersect(rect, (0.0, 0.0, width, height))
        if visible[2] - visible[0] <= 0.5 or visible[1] > visible[3]:
            continue  # outside the trimmed page: marks, slug
        if rect[0] >= left - PLACE_TOLERANCE and rect[2] <= right + PLACE_TOLERANCE:
            continue
        if rect[0] <= PLACE_TOLERANCE and rect[2] >= width - PLACE_TOLERANCE:
            if bleed and (rect[0] > PLACE_TOLERANCE - bleed or rect[2] < width + bleed - PLACE_TOLERANCE):
                short.append(rect)
            continue  # deliberately full width: a full-page image, a page background
        wide.append(rect)
    return wide, short


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
    return any(not _empty(_intersect(r, page.text_box)) for r in rects)


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
        if _CONTENTS.match(text):
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
    if len(lines) < 2 or not _is_heading(doc, lines[-1]):
        return False
    if not any(_is_body(doc, ln) for ln in lines[:-1]):
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
    if not lines or not next_lines or not _is_body(doc, next_lines[0]):
        return False
    last, first = lines[-1], next_lines[0]
    if not (_is_body(doc, last) and _full(doc, page, last)):
        return False
    before = lines[-2] if len(lines) > 1 else None
    if before is None or not _is_body(doc, before) or _short(doc, page, before):
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
    if not (_is_body(doc, last) and _full(doc, page, last) and _is_body(doc, first)):
        return False
    same_column = abs(_offset(doc, following, first) - _offset(doc, page, last)) <= 1.0
    return same_column and not _full(doc, following, first)


def check_book(doc: DocFacts, expect: Expectations) -> list[Finding]:
    pages = len(doc.pages)
    spine = pages / expect.paper_ppi
    count = (
        f"{pages} pages; spine ≈ {spine:.3f} in ({spine * 25.4:.1f} mm) at {expect.paper_ppi:.0f} pages/inch"
    )
    findings = [Finding(INFO, "page-count", count)]
    if pages % 2 and expect.profile != "screen":
        odd = f"{pages} pages: the printer adds a blank last page (a printed book has an even count)"
        findings.append(Finding(INFO, "page-count-odd", odd))
    return findings


CHECK_FUNCTIONS: tuple[Callable[[DocFacts, Expectations], list[Finding]], ...] = (
    check_page_boxes,
    check_fonts,
    check_images,
    check_placement,
    check_structure,
    check_flow,
    check_book,
)


def _merge_pages(findings: list[Finding]) -> list[Finding]:
    """The same finding on many pages becomes one, at the first page, listing the pages."""
    groups: dict[tuple[str, str, str], list[Finding]] = {}
    for f in findings:
        groups.setdefault((f.severity, f.code, f.message), []).append(f)
    out = []
    for group in groups.values():
        first = group[0]
        if len(group) == 1:
            out.append(first)
            continue
        pages = [f.page for f in group if f.page is not None]
        message = f"{first.message} — on {len(group)} pages: {_ranges(pages)}"
        out.append(Finding(first.severity, first.code, message, first.page, first.label))
    return out


def _ranges(numbers: list[int]) -> str:
    parts: list[str] = []
    for n in sorted(set(numbers)):
        if parts and "–" not in parts[-1] and int(parts[-1]) == n - 1:
            parts[-1] = f"{parts[-1]}–{n}"
        elif parts and "–" in parts[-1] and int(parts[-1].split("–")[1]) == n - 1:
            parts[-1] = f"{parts[-1].split('–')[0]}–{n}"
        else:
            parts.append(str(n))
    return ", ".join(parts)


def preflight(pdf: Path, expect: Expectations) -> Report:
    """Check a print PDF against what a printer expects; see the module docstring."""
    doc = read_pdf(pdf, expect.geometry)
    findings = [f for check in CHECK_FUNCTIONS for f in check(doc, expect)]
    return Report(findings, len(doc.pages), len(doc.pages) / expect.paper_ppi, str(pdf), expect.profile)
