"""Finishing a written PDF the way its printer asks (:mod:`bookpress.printers`).

WeasyPrint writes what CSS asks for; some of a printer's file rules cannot be
said in CSS, so this step rewrites the finished file with pikepdf:

- no outline (bookmarks) and no annotations (links) when the printer refuses them;
- for a printer that takes CMYK and grey only (PDF/X-1a):
  - every RGB image converted with littlecms (Pillow's ImageCms), from sRGB to
    the CMYK output profile of the PDF (relative colorimetric, black point
    compensation), its transparency (a soft mask) flattened onto white paper
    first; a grey image with a soft mask flattened the same way;
  - every RGB colour of the pages (``rg``/``RG``, and ``sc``/``scn`` after a
    ``/DeviceRGB cs``) converted the same way, neutral greys to ``DeviceGray``
    so that black text stays one ink;
  - transparency groups WeasyPrint puts around drawings dropped when nothing
    inside them is transparent (then they change nothing on the page);
  - colour spaces listed in the resources and never used (WeasyPrint lists Lab
    and ICC-based ones on every page) removed, and the file saved without
    object streams (PDF 1.4).

What it cannot make flat — a fill or stroke with an opacity below 1, a
shading in RGB — it leaves, and preflight's printer check reports it.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pikepdf
from pikepdf import Name, Operator, PdfImage
from PIL import Image, ImageCms

from ..atomic import atomic_path
from ..diagnostics import error
from ..printers import Printer, printer_of
from ..profiles import SYSTEM_CMYK_PROFILE

if TYPE_CHECKING:
    from ..config import Config
    from .pdf import PdfResult


@dataclass
class Finished:
    """What finishing changed, for the build's log and the tests."""

    outline_removed: bool = False
    annotations_removed: int = 0
    images_converted: int = 0
    images_flattened: int = 0
    colours_converted: int = 0
    groups_removed: int = 0
    left_transparent: list[str] = field(default_factory=list)
    left_rgb: list[str] = field(default_factory=list)


def finish_built(pdf: PdfResult, config: Config) -> Finished | None:
    """Finish ``pdf`` for the printer its profile renders for (None: no printer)."""
    printer = printer_of(pdf.profile)
    if printer is None:
        return None
    cmyk_profile = cmyk_profile_of(config)
    if printer.cmyk_only and cmyk_profile is None:
        raise error(
            config.rel(config.path),
            None,
            "icc-missing",
            f"{printer.label} takes CMYK only and there is no CMYK output profile to convert with "
            "(install libgs-common or set [output.pdf] icc-profile)",
        )
    return finish_for_printer(pdf.path, printer, cmyk_profile)


def cmyk_profile_of(config: Config) -> Path | None:
    """The CMYK output profile the PDF was written with: the book's, else the system's."""
    if config.pdf.icc_profile:
        return config.sandbox.file(config.root / config.pdf.icc_profile)
    return SYSTEM_CMYK_PROFILE if SYSTEM_CMYK_PROFILE.is_file() else None


def finish_for_printer(path: Path, printer: Printer, cmyk_profile: Path | None) -> Finished:
    """Rewrite the PDF at ``path`` in place (atomically) to meet ``printer``'s file rules."""
    done = Finished()
    with pikepdf.open(path) as pdf:
        if not printer.outline and "/Outlines" in pdf.Root:
            del pdf.Root.Outlines
            done.outline_removed = True
            if pdf.Root.get("/PageMode") == Name.UseOutlines:
                pdf.Root.PageMode = Name.UseNone
        if not printer.annotations:
            for page in pdf.pages:
                if "/Annots" in page.obj:
                    done.annotations_removed += len(page.obj.Annots)
                    del page.obj.Annots
        if printer.cmyk_only:
            _Converter(pdf, _Colours(cmyk_profile), done).run()
            if "/Trapped" not in pdf.docinfo:
                pdf.docinfo.Trapped = Name.False_
        with atomic_path(path) as tmp:
            pdf.save(tmp, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return done


class _Colours:
    """sRGB → the CMYK output profile, one colour or one image at a time."""

    def __init__(self, cmyk_profile: Path | None) -> None:
        if cmyk_profile is None or not cmyk_profile.is_file():
            raise FileNotFoundError(f"no CMYK output profile to convert colours with ({cmyk_profile})")
        srgb = ImageCms.createProfile("sRGB")
        cmyk = ImageCms.getOpenProfile(str(cmyk_profile))
        self.transform = ImageCms.buildTransform(
            srgb,
            cmyk,
            "RGB",
            "CMYK",
            renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
            flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
        )
        self._cache: dict[tuple[float, ...], tuple[float, ...]] = {}

    def colour(self, rgb: tuple[float, float, float]) -> tuple[float, ...]:
        """An RGB colour (0–1) as a grey level (one value) or CMYK (four), 0–1."""
        if rgb[0] == rgb[1] == rgb[2]:
            return (rgb[0],)
        if rgb not in self._cache:
            pixel = Image.new("RGB", (1, 1), tuple(round(255 * max(0.0, min(1.0, v))) for v in rgb))
            converted = ImageCms.applyTransform(pixel, self.transform)
            assert converted is not None
            value = converted.getpixel((0, 0))
            assert isinstance(value, tuple)
            self._cache[rgb] = tuple(round(v / 255, 4) for v in value)
        return self._cache[rgb]

    def image(self, image: Image.Image) -> Image.Image:
        converted = ImageCms.applyTransform(image.convert("RGB"), self.transform)
        assert converted is not None
        return converted


_RGB_SPACES = {"/DeviceRGB", "/CalRGB"}


def _is_rgb(space: Any) -> bool:
    if isinstance(space, pikepdf.Name):
        return str(space) in _RGB_SPACES
    if isinstance(space, pikepdf.Array) and len(space) > 1 and str(space[0]) == "/ICCBased":
        return int(space[1].get("/N", 0)) == 3
    return False


# Paint operators, and what each becomes when its fill or its stroke is invisible (opacity 0).
_NO_FILL = {"f": "n", "F": "n", "f*": "n", "B": "S", "B*": "S", "b": "s", "b*": "s"}
_NO_STROKE = {"S": "n", "s": "n", "B": "f", "B*": "f*", "b": "f", "b*": "f*"}
_TEXT_SHOWS = {"Tj", "TJ", "'", '"'}


class _Converter:
    def __init__(self, pdf: pikepdf.Pdf, colours: _Colours, done: Finished) -> None:
        self.pdf = pdf
        self.colours = colours
        self.done = done
        self.seen: set[tuple[int, int]] = set()
        self.used_spaces: dict[tuple[int, int], set[str]] = {}  # resources dict → colour spaces named
        self.invisible: dict[tuple[int, int], Any] = {}  # opacity-0 graphics states, made opaque at the end
        self.unsafe: set[tuple[int, int]] = set()  # … unless something they hide could not be removed

    def run(self) -> None:
        for page in self.pdf.pages:
            self._content(page.obj, page.obj.get("/Resources"), is_page=True)
        for resources, used in self.used_spaces.items():
            _drop_unused_spaces(self.pdf.get_object(resources), used)
        for key, state in self.invisible.items():
            if key in self.unsafe:
                self.done.left_transparent.append("a graphics state with opacity 0 hiding text or an image")
                continue
            for alpha in ("/ca", "/CA"):
                if alpha in state:
                    state[alpha] = 1

    def _content(self, owner: Any, resources: Any, is_page: bool = False) -> None:
        if resources is None:
            resources = pikepdf.Dictionary()
        source = pikepdf.Page(owner) if is_page else owner
        rewritten, changed, named = self._rewrite(pikepdf.parse_content_stream(source), resources)
        if changed:
            data = pikepdf.unparse_content_stream(rewritten)
            if is_page:
                owner.Contents = self.pdf.make_stream(data)
            else:
                owner.write(data)
        key = resources.objgen if resources.is_indirect else owner.objgen
        self.used_spaces.setdefault(key, set()).update(named)
        transparent = self._partly_transparent(resources)
        for _, xobject in (resources.get("/XObject") or {}).items():
            if xobject.objgen in self.seen:
                continue
            self.seen.add(xobject.objgen)
            if xobject.get("/Subtype") == Name.Image:
                self._image(xobject)
            else:
                self._content(xobject, xobject.get("/Resources"))
                self._group(xobject, transparent)
        for _, shading in (resources.get("/Shading") or {}).items():
            self._shading(shading)
        for _, pattern in (resources.get("/Pattern") or {}).items():
            if pattern.objgen in self.seen:
                continue
            self.seen.add(pattern.objgen)
            if int(pattern.get("/PatternType", 0)) == 2:
                self._shading(pattern.get("/Shading"))
            elif isinstance(pattern, pikepdf.Stream):
                self._content(pattern, pattern.get("/Resources"))
        if is_page:
            self._group(owner, transparent)

    def _shading(self, shading: Any) -> None:
        """A gradient in RGB whose colours are given by exponential functions
        (alone or stitched, as WeasyPrint writes them): its stops converted."""
        if shading is None or shading.objgen in self.seen:
            return
        self.seen.add(shading.objgen)
        if not _is_rgb(shading.get("/ColorSpace")):
            return
        function = shading.get("/Function")
        if function is None:
            return
        parts = list(function.Functions) if "/Functions" in function else [function]
        if not all(int(p.get("/FunctionType", -1)) == 2 for p in parts):
            return  # left in RGB: preflight reports it
        for part in parts:
            for key in ("/C0", "/C1"):
                rgb = [float(v) for v in part.get(key, [0, 0, 0] if key == "/C0" else [1, 1, 1])]
                part[key] = pikepdf.Array(self._cmyk(rgb))
        shading.ColorSpace = Name.DeviceCMYK

    def _rewrite(self, instructions: list, resources: Any) -> tuple[list, bool, set[str]]:
        out: list = []
        changed = False
        named: set[str] = set()
        rgb_fill = rgb_stroke = False
        states = resources.get("/ExtGState") or {}
        hidden: tuple[Any, Any] = (None, None)  # the opacity-0 state hiding fills, strokes
        stack: list[tuple[Any, Any]] = []
        for instruction in instructions:
            if isinstance(instruction, pikepdf.ContentStreamInlineImage):
                self.done.left_rgb.append("an inline image")  # WeasyPrint writes none: kept as it is
                out.append(instruction)
                continue
            operands, operator = instruction.operands, instruction.operator
            op = str(operator)
            if op == "q":
                stack.append(hidden)
            elif op == "Q":
                hidden = stack.pop() if stack else (None, None)
            elif op == "gs":
                name = str(operands[0])
                named.add(name)
                hidden = self._hiding(states.get(name), hidden)
            elif op in ("rg", "RG") and len(operands) == 3:
                operands, operator = self._colour(operands, stroke=op == "RG")
                changed = True
            elif op in ("cs", "CS"):
                name = str(operands[0])
                named.add(name)
                is_rgb = name == "/DeviceRGB"
                if op == "cs":
                    rgb_fill = is_rgb
                else:
                    rgb_stroke = is_rgb
                if is_rgb:
                    operands, changed = [Name.DeviceCMYK], True
            elif op in ("sc", "scn", "SC", "SCN") and len(operands) == 3:
                if rgb_stroke if op.isupper() else rgb_fill:
                    operands, changed = [*self._cmyk([float(v) for v in operands])], True
            elif hidden[0] is not None and op in _NO_FILL:
                operator, changed = Operator(_NO_FILL[op]), True
                op = _NO_FILL[op]
            elif hidden[0] is not None and op in (*_TEXT_SHOWS, "Do", "sh", "BI", "INLINE IMAGE"):
                self.unsafe.add(hidden[0].objgen)
            if hidden[1] is not None and op in _NO_STROKE:
                operator, changed = Operator(_NO_STROKE[op]), True
            out.append((operands, operator))
        return out, changed, named

    def _hiding(self, state: Any, hidden: tuple[Any, Any]) -> tuple[Any, Any]:
        """What fills and strokes are invisible after ``gs`` with ``state``."""
        if state is None:
            return hidden
        fill, stroke = hidden
        if "/ca" in state:
            fill = state if float(state.ca) == 0 else None
        if "/CA" in state:
            stroke = state if float(state.CA) == 0 else None
        for invisible in (fill, stroke):
            if invisible is not None:
                self.invisible.setdefault(invisible.objgen, invisible)
        return fill, stroke

    def _colour(self, operands: list, stroke: bool) -> tuple[list, Operator]:
        rgb = tuple(float(v) for v in operands)
        value = self.colours.colour((rgb[0], rgb[1], rgb[2]))
        self.done.colours_converted += 1
        if len(value) == 1:
            return [value[0]], Operator("G" if stroke else "g")
        return [*value], Operator("K" if stroke else "k")

    def _cmyk(self, rgb: list[float]) -> tuple[float, ...]:
        value = self.colours.colour((rgb[0], rgb[1], rgb[2]))
        self.done.colours_converted += 1
        return value if len(value) == 4 else (0.0, 0.0, 0.0, round(1 - value[0], 4))

    def _partly_transparent(self, resources: Any) -> bool:
        """Whether a graphics state of ``resources`` blends (an opacity between 0
        and 1, a soft mask, a blend mode): that cannot be made flat here."""
        transparent = False
        for name, state in (resources.get("/ExtGState") or {}).items():
            alpha = [float(state.get(key, 1)) for key in ("/ca", "/CA")]
            mask = state.get("/SMask")
            blend = str(state.get("/BM", "/Normal"))
            masked = mask is not None and mask != Name("/None")
            if any(0 < a < 1 for a in alpha) or masked or blend not in ("/Normal", "/Compatible"):
                transparent = True
                if state.objgen not in self.seen:
                    self.seen.add(state.objgen)
                    self.done.left_transparent.append(f"graphics state {name}")
        return transparent

    def _group(self, owner: Any, transparent: bool) -> None:
        group = owner.get("/Group")
        if group is not None and group.get("/S") == Name.Transparency and not transparent:
            del owner.Group
            self.done.groups_removed += 1

    def _image(self, xobject: Any) -> None:
        space = xobject.get("/ColorSpace")
        mask = xobject.get("/SMask")
        indexed = isinstance(space, pikepdf.Array) and str(space[0]) == "/Indexed"
        if not _is_rgb(space) and mask is None and not indexed:
            return
        picture = PdfImage(xobject).as_pil_image()
        if picture.mode in ("P", "RGBA", "LA", "PA"):  # pikepdf joins a soft mask in as alpha
            picture = picture.convert("L" if picture.mode == "LA" else "RGB")
        if mask is not None:
            alpha = PdfImage(mask).as_pil_image().convert("L").resize(picture.size)
            paper = Image.new("L" if picture.mode in ("L", "1") else "RGB", picture.size, "white")
            paper.paste(picture.convert(paper.mode), mask=alpha)
            picture = paper
            self.done.images_flattened += 1
        if picture.mode in ("L", "1"):
            _replace_image(xobject, picture.convert("L"), Name.DeviceGray)
            return
        if picture.mode == "CMYK":
            _replace_image(xobject, picture, Name.DeviceCMYK)
            return
        _replace_image(xobject, self.colours.image(picture), Name.DeviceCMYK)
        self.done.images_converted += 1


def _drop_unused_spaces(resources: Any, used: set[str]) -> None:
    spaces = resources.get("/ColorSpace")
    if spaces is None:
        return
    for name in list(spaces.keys()):
        if name not in used:
            del spaces[name]


def _replace_image(xobject: Any, picture: Image.Image, space: Name) -> None:
    """Put ``picture`` in place of the image's pixels, Flate-compressed (a JPEG
    would be compressed a second time)."""
    xobject.write(zlib.compress(picture.tobytes(), 6), filter=Name.FlateDecode)
    for key in ("/SMask", "/DecodeParms", "/Mask", "/Decode"):
        if key in xobject:
            del xobject[key]
    xobject.ColorSpace = space
    xobject.BitsPerComponent = 8
    xobject.Width, xobject.Height = picture.size
