"""SVG images as the writers use them: the sanitised copy (see
:mod:`bookpress.svgcheck`) and one warning for what it leaves out, said the
same way by the print writer and the EPUB writer."""

from __future__ import annotations

import base64
from pathlib import Path

from ..diagnostics import Diagnostics
from ..svgcheck import SvgRefused, sanitised_svg


def sanitised_svg_uri(src: str, root: Path, diagnostics: Diagnostics) -> str | None:
    """The SVG ``src`` (relative to the book folder ``root``) as a ``data:`` URI
    of its sanitised copy; ``""`` when it needs no change, None when it cannot
    be drawn. For the print writer, which says the same as the EPUB's."""
    path = root / src
    try:
        data = path.read_bytes()
        clean, removed = sanitised_svg(data, path, root)
    except OSError:
        return ""  # WeasyPrint reports it, through the sandbox
    except SvgRefused as exc:
        diagnostics.warn(src, None, "svg-refused", f"image '{src}' is not drawn: {exc}")
        return None
    if not removed:
        return ""
    report_sanitised(src, removed, diagnostics)
    return "data:image/svg+xml;base64," + base64.b64encode(clean).decode("ascii")


def report_sanitised(src: str, removed: list[str], diagnostics: Diagnostics) -> None:
    if removed:
        message = f"image '{src}' drawn without {', '.join(removed)}"
        diagnostics.warn(src, None, "svg-sanitised", message)
