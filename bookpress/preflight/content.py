"""A small content-stream interpreter: where a page's images, drawings and text runs land.

It follows the CTM through ``q``/``Q``/``cm`` and into Form XObjects, text matrices, path
extents and clipping rectangles, and records what is drawn in trim coordinates.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pikepdf

from ..geometry import INCH
from .fonts import FontCache, FontInfo
from .rects import (
    IDENTITY,
    NOWHERE,
    Matrix,
    Rect,
    apply_matrix,
    box_of,
    inches,
    intersect,
    is_empty,
    mul,
    rect_of,
    to_matrix,
    union,
)


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
        return f"{self.pixels[0]}×{self.pixels[1]} px image drawn {inches(w)} × {inches(h)} in"

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


class Scanner:
    """Interprets content streams: where images, paths and text runs land on the page."""

    def __init__(self, fonts: FontCache, scan: PageScan) -> None:
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
        frame.state.ctm = mul(to_matrix(ops), frame.state.ctm)

    # paths
    def _re(self, frame: _Frame, _op: str, ops: Any) -> None:
        x, y, w, h = (float(v) for v in ops)
        frame.path = union(frame.path, rect_of(frame.state.ctm, x, y, x + w, y + h))

    def _points(self, frame: _Frame, _op: str, ops: Any) -> None:
        values = [float(v) for v in ops]
        for x, y in zip(values[::2], values[1::2], strict=False):
            px, py = apply_matrix(frame.state.ctm, x, y)
            frame.path = union(frame.path, (px, py, px, py))

    def _clip(self, frame: _Frame, _op: str, _ops: Any) -> None:
        frame.clip_pending = True

    def _end_path(self, frame: _Frame, op: str, _ops: Any) -> None:
        if op != "n" and not is_empty(frame.path):
            self.scan.paths.append(intersect(frame.path, frame.state.clip))
        if frame.clip_pending and not is_empty(frame.path):
            frame.state.clip = intersect(frame.state.clip, frame.path)
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
        ctm = mul(to_matrix(form.get("/Matrix", IDENTITY)), frame.state.ctm)
        clip = frame.state.clip
        bbox = box_of(form.get("/BBox"))
        if bbox is not None:
            clip = intersect(clip, rect_of(ctm, *bbox))
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
        rect = intersect(rect_of(frame.state.ctm, 0, 0, 1, 1), frame.state.clip)
        if min(drawn) > 0 and min(pixels) > 0 and not is_empty(rect):
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
        frame.tm = frame.tlm = to_matrix(ops)

    def _td(self, frame: _Frame, _op: str, ops: Any) -> None:
        tx, ty = float(ops[0]), float(ops[1])
        frame.tm = frame.tlm = mul((1.0, 0.0, 0.0, 1.0, tx, ty), frame.tlm)

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
        m = mul(frame.tm, frame.state.ctm)
        size = frame.state.size * math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))
        self.scan.runs.append(TextRun(m[4], m[5], size, font, _weight(op, ops, font.code_bytes)))
        if font.notdef_codes:
            for data in _strings(op, ops):
                for code in _codes(data, font.code_bytes):
                    if code in font.notdef_codes:
                        self.scan.missing.append((font.name, font.char(code)))

    _HANDLERS: ClassVar[dict[str, Callable[[Scanner, _Frame, str, Any], None]]] = {
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
