"""The front picture (``[cover] front``): found through the book's sandbox,
an image WeasyPrint can draw, and sharp enough for print.

The picture is scaled to cover the front panel and its bleed, keeping its
proportions (what sticks out is cut off): at that size it should have
300 pixels an inch, or it prints soft.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, UnidentifiedImageError

from ..config import Config
from ..config.cover import CoverOptions
from ..diagnostics import Diagnostics, error
from ..sandbox import REFUSED
from ..svgcheck import is_svg

PRINT_PPI = 300
# Proportions this far from the panel's lose more than a sliver to the cut.
CROP_NOTE = 0.08


def front_image(
    config: Config, options: CoverOptions, panel_in: tuple[float, float], diagnostics: Diagnostics
) -> Path | None:
    """The front picture's path (resolved), checked; None when the book has none.
    ``panel_in``: the front panel with its bleed, inches (width, height)."""
    if not options.front:
        return None
    box = config.sandbox
    path = config.root / options.front
    line = options.line("front")
    name = f"[cover] front '{options.front}'"
    if not box.allows(path):
        raise error(options.where, line, REFUSED, box.refusal(name, path))
    found = box.file(path)
    if found is None:
        raise error(options.where, line, "cover-front-missing", f"{name} does not exist")
    head = box.read_bytes(found)[:4096]
    if is_svg(head):
        return found  # drawn at any size
    try:
        with Image.open(found) as image:
            size = image.size
            image.verify()
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError) as exc:
        raise error(options.where, line, "cover-front-type", f"{name} is not an image ({exc})") from None
    _check_resolution(size, panel_in, options, name, diagnostics)
    return found


def _check_resolution(
    size: tuple[int, int],
    panel_in: tuple[float, float],
    options: CoverOptions,
    name: str,
    diagnostics: Diagnostics,
) -> None:
    (width, height), (panel_w, panel_h) = size, panel_in
    ppi = min(width / panel_w, height / panel_h)  # scaled to cover: the tighter side decides
    line = options.line("front")
    if ppi < PRINT_PPI:
        need = f"{round(panel_w * PRINT_PPI)} × {round(panel_h * PRINT_PPI)}"
        diagnostics.warn(
            options.where,
            line,
            "cover-front-resolution",
            f"{name} is {width} × {height} pixels: {ppi:.0f} pixels an inch on the front "
            f"({panel_w:.3f} × {panel_h:.3f} in with bleed); print needs {PRINT_PPI}, about {need} pixels",
        )
    if abs((width / height) / (panel_w / panel_h) - 1) > CROP_NOTE:
        diagnostics.info(
            options.where,
            line,
            "cover-front-crop",
            f"{name} is {width} × {height} pixels, not in the proportions of the front "
            f"({panel_w:.3f} × {panel_h:.3f} in with bleed): its edges are cut off to fill it",
        )
