"""The EPUB's cover picture, 1600 × 2560 pixels, from the same front as the
printed cover: the author's picture (cut to these proportions, as on the
front panel), or the typographic front laid out again on a page of them.

Reading systems and stores show it in their lists; KDP asks for 1600 × 2560.
"""

from __future__ import annotations

import io

import pypdfium2
from PIL import Image

from ..config import Config, length_pt
from ..diagnostics import Diagnostics
from ..model import Meta
from .options import CoverOptions
from .render import render_front

EPUB_COVER_PX = (1600, 2560)


def epub_cover_image(
    config: Config, meta: Meta, options: CoverOptions, diagnostics: Diagnostics
) -> tuple[bytes, str, str]:
    """The picture's bytes, media type and file extension: a JPEG for the
    author's picture, a PNG for a typographic front (sharp letters, small)."""
    px_width, px_height = EPUB_COVER_PX
    width = length_pt(config.pdf.trim[0])  # the front's type keeps its size against the width
    height = width * px_height / px_width
    document = render_front(config, meta, options, width, height)
    pdf = pypdfium2.PdfDocument(document.write_pdf())
    try:
        bitmap = pdf[0].render(scale=px_width / width)
        image = bitmap.to_pil().convert("RGB")
    finally:
        pdf.close()
    if image.size != EPUB_COVER_PX:  # a pixel off by rounding
        image = image.resize(EPUB_COVER_PX, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if options.front:
        image.save(out, "JPEG", quality=90, optimize=True)
        return out.getvalue(), "image/jpeg", ".jpg"
    image.save(out, "PNG", optimize=True)
    return out.getvalue(), "image/png", ".png"
