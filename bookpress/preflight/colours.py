"""What a PDF's pages paint with: RGB colours and transparency, page by page.

PDF/X-1a allows CMYK, grey, separations and nothing transparent. This reads
the file the way a PDF/X preflight does: every content stream of every page
and of the forms it draws (each form once), the colour spaces the operators
name, the images and shadings, the graphics states (opacity, soft masks,
blend modes) and the transparency groups.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf
from pikepdf import Name

# Colour spaces that are not CMYK, grey or separations: PDF/X-1a refuses them.
_NOT_PRINT = {"/DeviceRGB", "/CalRGB", "/Lab", "/CalGray"}
_OPERATORS = "rg RG cs CS sc scn SC SCN gs Do sh BI ID EI"  # BI ID EI: an inline image, whole


@dataclass
class PaintFacts:
    """Per page (0-based): what is RGB, what is transparent (short descriptions)."""

    rgb: dict[int, list[str]] = field(default_factory=dict)
    transparency: dict[int, list[str]] = field(default_factory=dict)


def read_paint(path: Path) -> PaintFacts:
    facts = PaintFacts()
    with pikepdf.open(path) as pdf:
        seen: set[tuple[int, int]] = set()
        for index, page in enumerate(pdf.pages):
            _Page(facts, index, seen).scan(page.obj, page.obj.get("/Resources"), pikepdf.Page(page.obj))
    return facts


def space_kind(space: Any) -> str:
    """A colour space's family name: ``/DeviceRGB``, ``/ICCBased``(+N), ``/Indexed`` → its base's."""
    if isinstance(space, pikepdf.Name):
        return str(space)
    if isinstance(space, pikepdf.Array) and len(space) > 0:
        family = str(space[0])
        if family == "/ICCBased" and len(space) > 1:
            return {1: "/DeviceGray", 3: "/DeviceRGB", 4: "/DeviceCMYK"}.get(
                int(space[1].get("/N", 0)), family
            )
        if family == "/Indexed" and len(space) > 1:
            return space_kind(space[1])
        return family
    return ""


class _Page:
    def __init__(self, facts: PaintFacts, index: int, seen: set[tuple[int, int]]) -> None:
        self.facts, self.index, self.seen = facts, index, seen

    def rgb(self, what: str) -> None:
        found = self.facts.rgb.setdefault(self.index, [])
        if what not in found:
            found.append(what)

    def transparent(self, what: str) -> None:
        found = self.facts.transparency.setdefault(self.index, [])
        if what not in found:
            found.append(what)

    def scan(self, owner: Any, resources: Any, source: Any) -> None:
        group = owner.get("/Group")
        if group is not None and group.get("/S") == Name.Transparency:
            self.transparent("a transparency group")
        if resources is None:
            resources = pikepdf.Dictionary()
        spaces = resources.get("/ColorSpace") or {}
        states = resources.get("/ExtGState") or {}
        xobjects = resources.get("/XObject") or {}
        shadings = resources.get("/Shading") or {}
        patterns = resources.get("/Pattern") or {}
        for instruction in pikepdf.parse_content_stream(source, _OPERATORS):
            operands, op = instruction.operands, str(instruction.operator)
            if op in ("rg", "RG"):
                self.rgb("RGB colours (rg/RG)")
            elif op in ("cs", "CS"):
                name = str(operands[0])
                kind = name if name.startswith("/Device") else space_kind(spaces.get(name))
                if kind in _NOT_PRINT:
                    self.rgb(f"colour space {kind[1:]}")
            elif op == "gs":
                self._state(states.get(str(operands[0])))
            elif op in ("scn", "SCN") and operands and isinstance(operands[-1], pikepdf.Name):
                self._pattern(patterns.get(str(operands[-1])))
            elif op == "sh":
                self._shading(shadings.get(str(operands[0])))
            elif op == "INLINE IMAGE" and getattr(operands[0], "mode", "RGB") not in ("L", "1", "CMYK"):
                self.rgb("an inline image in RGB")
            elif op == "Do":
                xobject = xobjects.get(str(operands[0]))
                if xobject is not None and xobject.objgen not in self.seen:
                    self.seen.add(xobject.objgen)
                    self._xobject(xobject)

    def _shading(self, shading: Any) -> None:
        if shading is not None and space_kind(shading.get("/ColorSpace")) in _NOT_PRINT:
            self.rgb(f"a gradient (shading) in {space_kind(shading.get('/ColorSpace'))[1:]}")

    def _pattern(self, pattern: Any) -> None:
        """A pattern fill: a gradient (shading pattern) or a tile drawn by its own content."""
        if pattern is None or pattern.objgen in self.seen:
            return
        self.seen.add(pattern.objgen)
        if int(pattern.get("/PatternType", 0)) == 2:
            self._shading(pattern.get("/Shading"))
            if "/ExtGState" in pattern:
                self._state(pattern.ExtGState)
        elif isinstance(pattern, pikepdf.Stream):
            self.scan(pattern, pattern.get("/Resources"), pattern)

    def _state(self, state: Any) -> None:
        if state is None:
            return
        for key in ("/ca", "/CA"):
            if key in state and float(state[key]) < 1:
                self.transparent(f"opacity {float(state[key]):g} ({key[1:]})")
        mask = state.get("/SMask")
        if mask is not None and mask != Name("/None"):
            self.transparent("a soft mask")
        if str(state.get("/BM", "/Normal")) not in ("/Normal", "/Compatible"):
            self.transparent(f"blend mode {str(state.BM)[1:]}")

    def _xobject(self, xobject: Any) -> None:
        if xobject.get("/Subtype") == Name.Image:
            size = f"{int(xobject.get('/Width', 0))}×{int(xobject.get('/Height', 0))} px image"
            if space_kind(xobject.get("/ColorSpace")) in _NOT_PRINT:
                self.rgb(f"a {size} in {space_kind(xobject.get('/ColorSpace'))[1:]}")
            if "/SMask" in xobject:
                self.transparent(f"a {size} with a soft mask (alpha)")
            return
        self.scan(xobject, xobject.get("/Resources"), xobject)
