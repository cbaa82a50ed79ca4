"""Draw the cover: the template ``cover.html.j2`` laid out by WeasyPrint
with the theme's ``print.css`` (its type) and ``cover.css`` (the cover's
rules), every panel placed in points from the sheet's top-left corner.

The sheet is laid out at its full size, bleed included; the PDF's TrimBox
and BleedBox are then set to the trimmed cover and the whole sheet.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pydyf
from markupsafe import Markup, escape
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from ..atomic import atomic_path
from ..config import Config, length_pt
from ..config.cover import CoverOptions
from ..diagnostics import Diagnostics, logged_into
from ..model import Meta
from ..themes import builtin_styles_dir, find_theme
from ..writers import templates
from ..writers.fetcher import SandboxFetcher
from .back import back_html
from .front import front_image
from .sheet import INCH, SAFE_IN, Box, CoverSheet

SPINE_FONT_MAX_PT = 15.0
SPINE_FONT_SHARE = 0.8  # of the spine's safe width: the letters' em, line height 1, fills 80% of it
TITLE_FULL_CHARS = 36  # a title up to this long is set at the full size
TITLE_SCALE_MIN = 0.65
SPINE_END_INSET = 0.2 * INCH  # the spine's text ends this far inside its safe area


@dataclass(frozen=True)
class CoverResult:
    path: Path
    sheet: CoverSheet
    spine_text: bool  # the spine carries the title (thick enough, and it fitted)


def cover_sheet(config: Config, options: CoverOptions, pages: int) -> CoverSheet:
    width, height = (length_pt(v) for v in config.pdf.trim)
    return CoverSheet(width, height, pages, options.paper, options.per_page_in)


def write_cover(
    config: Config,
    meta: Meta,
    options: CoverOptions,
    pages: int,
    target: Path,
    diagnostics: Diagnostics,
    guides: bool = False,
) -> CoverResult:
    """Draw the full-wrap cover of a ``pages``-page interior into ``target``."""
    sheet = cover_sheet(config, options, pages)
    _, _, right, bottom = sheet.front_with_bleed
    panel_in = ((right - sheet.front[0]) / INCH, bottom / INCH)
    front = front_image(config, options, panel_in, diagnostics)
    back = back_html(config, options)
    panels = _panels(sheet)
    sizes = _type_sizes(sheet.trim_width, sheet.spine, meta.title)
    spine_text = sheet.spine_text and bool(meta.title)
    page = _Page(sheet.width, sheet.height)
    context = _Context(config, meta, page, panels, sizes, front, back, spine_text, guides, _guides(sheet))
    document = _render(config, context, diagnostics)
    if spine_text and (fit := _spine_fit(document)) < 1:
        sizes = {**sizes, "spine": sizes["spine"] * fit * 0.97}
        context = _Context(config, meta, page, panels, sizes, front, back, spine_text, guides, _guides(sheet))
        document = _render(config, context, Diagnostics())  # the same warnings again
    if back and _overflows(document, "cover-back-text"):
        diagnostics.warn(
            options.where,
            options.line("back"),
            "cover-back-long",
            f"[cover] back '{options.back}' does not fit on the back above the barcode box: "
            "its end is cut off",
        )
    with atomic_path(target) as tmp, weasyprint_log(diagnostics):
        document.write_pdf(tmp, finisher=_set_boxes(sheet))
    return CoverResult(target, sheet, spine_text)


def render_front(
    config: Config, meta: Meta, options: CoverOptions, width: float, height: float, diagnostics: Diagnostics
):
    """The front alone on a page of ``width`` × ``height`` points (no bleed, no
    spine, no back): a WeasyPrint document, for the EPUB's cover picture."""
    front = front_image(config, options, (width / INCH, height / INCH), Diagnostics())  # said by the cover
    box = (0.0, 0.0, width, height)
    panels = {"front": box, "front_text": _front_text(box, width, height)}
    sizes = _type_sizes(width, 0.0, meta.title)
    context = _Context(config, meta, _Page(width, height), panels, sizes, front, "", False, False, [])
    return _render(config, context, diagnostics)


@dataclass(frozen=True)
class _Page:
    width: float
    height: float


@dataclass(frozen=True)
class _Context:
    config: Config
    meta: Meta
    page: _Page
    panels: dict[str, Box]
    sizes: dict[str, float]
    front: Path | None
    back: str
    spine_text: bool
    guides: bool
    guide_boxes: list[tuple[str, Box]]


def _panels(sheet: CoverSheet) -> dict[str, Box]:
    back_right = sheet.back[2]
    bleed_back = (0.0, 0.0, back_right, sheet.height)  # the panels' colour runs into the bleed
    spine_left, _, spine_right, _ = sheet.spine_box
    return {
        "back": bleed_back,
        "back_text": _back_text(sheet),
        "barcode": sheet.barcode,
        "spine": (spine_left, 0.0, spine_right, sheet.height),
        "spine_text": _spine_text(sheet),
        "front": sheet.front_with_bleed,
        "front_text": _front_text(sheet.front, sheet.trim_width, sheet.trim_height),
    }


def _front_text(front: Box, trim_width: float, trim_height: float) -> Box:
    left, top, right, bottom = front
    across = max(SAFE_IN * INCH, 0.1 * trim_width)
    down = max(SAFE_IN * INCH, 0.08 * trim_height)
    return left + across, top + down, right - across, bottom - down


def _back_text(sheet: CoverSheet) -> Box:
    left, top, right, _ = sheet.back
    across = max(SAFE_IN * INCH, 0.1 * sheet.trim_width)
    down = max(SAFE_IN * INCH, 0.1 * sheet.trim_height)
    return left + across, top + down, right - across, sheet.barcode[1] - 0.25 * INCH


def _spine_text(sheet: CoverSheet) -> Box:
    """The spine's text box before it is turned: as long as the spine's safe
    height, as high as its safe width, about the spine's centre."""
    left, top, right, bottom = sheet.spine_safe
    along, across = bottom - top - 2 * SPINE_END_INSET, right - left
    cx, cy = (left + right) / 2, (top + bottom) / 2
    return cx - along / 2, cy - across / 2, cx + along / 2, cy + across / 2


def _type_sizes(trim_width: float, spine: float, title: str) -> dict[str, float]:
    from .sheet import SPINE_SAFE_IN

    # A long title is set smaller, so that it keeps to the top half of the front.
    title_scale = max(TITLE_SCALE_MIN, min(1.0, math.sqrt(TITLE_FULL_CHARS / max(1, len(title)))))
    across = max(0.0, spine - 2 * SPINE_SAFE_IN * INCH)
    return {
        "title": 0.072 * trim_width * title_scale,
        "subtitle": 0.032 * trim_width,
        "author": 0.036 * trim_width,
        "spine": min(SPINE_FONT_MAX_PT, SPINE_FONT_SHARE * across),
        "spine_across": across,
    }


def _guides(sheet: CoverSheet) -> list[tuple[str, Box]]:
    spine_left, _, spine_right, _ = sheet.spine_box
    return [
        ("trim", sheet.trim),
        ("fold", (spine_left, 0.0, spine_left + 1, sheet.height)),
        ("fold", (spine_right, 0.0, spine_right + 1, sheet.height)),
        ("safe", sheet.safe(sheet.back)),
        ("safe", sheet.safe(sheet.front)),
        ("safe", sheet.spine_safe),
        ("barcode", sheet.barcode),
    ]


def _stylesheets(config: Config, fonts: FontConfiguration, fetcher: SandboxFetcher) -> list[CSS]:
    """The theme's print.css (its type), then its cover.css, else the default theme's."""
    theme = find_theme(config.pdf.theme, config.root, needs="print.css", sandbox=config.sandbox)
    cover_css = config.sandbox.file(theme / "cover.css") or builtin_styles_dir() / "default" / "cover.css"
    return [
        CSS(filename=str(theme / "print.css"), url_fetcher=fetcher, font_config=fonts),
        CSS(filename=str(cover_css), url_fetcher=fetcher, font_config=fonts),
    ]


def _render(config: Config, context: _Context, diagnostics: Diagnostics):
    authors = ", ".join(a.name for a in context.meta.authors)
    html = templates.render(
        "cover.html.j2",
        meta=context.meta,
        authors=authors,
        page=context.page,
        panels=context.panels,
        sizes=context.sizes,
        spine_text=context.spine_text,
        spine_title=upright_cjk(context.meta.title),
        spine_authors=upright_cjk(authors),
        front_url=context.front.as_uri() if context.front else "",
        back_html=context.back,
        guides=context.guide_boxes if context.guides else [],
    )
    fonts = FontConfiguration()
    fetcher = SandboxFetcher(list(config.sandbox.roots))
    base_url = config.root.resolve().as_uri() + "/"
    stylesheets = _stylesheets(config, fonts, fetcher)
    with weasyprint_log(diagnostics):
        return HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
            stylesheets=stylesheets, font_config=fonts
        )


class _Collect(logging.Handler):
    def __init__(self, diagnostics: Diagnostics) -> None:
        super().__init__(logging.WARNING)
        self.diagnostics = diagnostics

    def emit(self, record: logging.LogRecord) -> None:
        first_line = (record.getMessage().splitlines() or [""])[0]
        self.diagnostics.warn("", None, "render", f"cover: {first_line}")


@contextmanager
def weasyprint_log(diagnostics: Diagnostics) -> Iterator[None]:
    """WeasyPrint's warnings while the cover is drawn (a stylesheet's refused
    url(), a font it could not load) as diagnostics, not lines on the terminal."""
    with logged_into(_Collect(diagnostics)):
        yield


# Ideographs, kana and hangul stand upright on a spine, as in vertical text;
# Latin words, digits and brackets turn with the line.
_UPRIGHT = re.compile(
    "([\u3040-\u30fb\u30fd-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f])"
)


def upright_cjk(text: str) -> Markup:
    """``text`` escaped, each CJK character in a ``span.upright`` that the
    cover's stylesheet turns back (WeasyPrint has no vertical writing mode)."""
    parts = _UPRIGHT.split(text)
    return Markup("").join(
        Markup('<span class="upright">{}</span>').format(part) if i % 2 else escape(part)
        for i, part in enumerate(parts)
        if part
    )


def _boxes(document, class_name: str) -> list:
    page_box = document.pages[0]._page_box
    found = []
    for box in page_box.descendants():
        element = getattr(box, "element", None)
        if element is not None and class_name in (element.get("class") or "").split() and box.element_tag:
            found.append(box)
    return found


def _spine_fit(document) -> float:
    """How much of the spine text fits its length (1: all of it): the one
    line is laid out at its full length, running past the box when too long."""
    holders = _boxes(document, "cover-spine-text")
    if not holders:
        return 1.0
    holder = holders[0]
    ends = [b.position_x + b.width for b in holder.descendants() if type(b).__name__ == "TextBox"]
    needed = max(ends, default=0.0) - holder.content_box_x()
    return min(1.0, holder.width / needed) if needed > 0 else 1.0


def _overflows(document, class_name: str) -> bool:
    holders = _boxes(document, class_name)
    if not holders:
        return False
    holder = holders[0]
    bottom = holder.content_box_y() + holder.height
    ends = [child.position_y + child.margin_height() for child in holder.children]
    return bool(ends) and max(ends) > bottom + 0.5


def _set_boxes(sheet: CoverSheet):
    """TrimBox: the trimmed cover; BleedBox and MediaBox: the whole sheet."""

    def finisher(_document, pdf: pydyf.PDF) -> None:
        left, top, right, bottom = sheet.trim
        # PDF space runs up from the bottom-left corner; the sheet is symmetric.
        trim = pydyf.Array([left, sheet.height - bottom, right, sheet.height - top])
        whole = pydyf.Array([0, 0, sheet.width, sheet.height])
        for obj in pdf.objects:
            if isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/Page":
                obj["MediaBox"] = whole
                obj["BleedBox"] = whole
                obj["TrimBox"] = trim

    return finisher
