"""The EPUB's cover picture, 1600 × 2560 pixels, from the same front as the
printed cover: the author's picture (cut to these proportions, as on the
front panel), or the typographic front laid out again on a page of them.

Reading systems and stores show it in their lists; KDP asks for 1600 × 2560.
"""

from __future__ import annotations

import dataclasses
import io

from ebooklib import epub
from PIL import Image

from ..config import Config, length_pt
from ..config.cover import CoverOptions
from ..diagnostics import Diagnostics
from ..model import Book, Meta
from ..slug import UniqueIds

EPUB_COVER_PX = (1600, 2560)


def epub_cover_image(
    config: Config, meta: Meta, options: CoverOptions, diagnostics: Diagnostics
) -> tuple[bytes, str, str]:
    """The picture's bytes, media type and file extension: a JPEG for the
    author's picture, a PNG for a typographic front (sharp letters, small)."""
    import pypdfium2  # like WeasyPrint: only for a book that has a [cover]

    from .render import render_front  # WeasyPrint: only for a book that has a [cover]

    px_width, px_height = EPUB_COVER_PX
    width = length_pt(config.pdf.trim[0])  # the front's type keeps its size against the width
    height = width * px_height / px_width
    document = render_front(config, meta, options, width, height, diagnostics)
    pdf = pypdfium2.PdfDocument(document.write_pdf())  # drawing warns of nothing the layout did not
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


DRAWN_COVER = "bookpress:cover"  # the key of the drawn picture among the EPUB's images


def add_drawn_cover(
    book: Book,
    config: Config,
    package: epub.EpubBook,
    images: dict[str, str],
    uids: UniqueIds,
    diagnostics: Diagnostics,
) -> Book:
    """A book with ``[cover]`` and no ``[book] cover`` of its own gets the
    front as its EPUB cover: the picture is packaged (``cover-image``), listed
    in ``images`` and named by the book returned, whose cover page the EPUB
    writer then makes as for an author's picture."""
    if book.meta.cover or config.cover is None:
        return book
    data, media_type, ext = epub_cover_image(config, book.meta, config.cover, diagnostics)
    taken = set(images.values())
    name = next(
        n for i in range(len(taken) + 1) if (n := f"images/cover{f'-{i}' if i else ''}{ext}") not in taken
    )
    item = epub.EpubItem(
        uid=uids.claim("img-bookpress-cover"), file_name=name, media_type=media_type, content=data
    )
    item.properties = ["cover-image"]
    package.add_item(item)
    images[DRAWN_COVER] = name
    return dataclasses.replace(book, meta=dataclasses.replace(book.meta, cover=DRAWN_COVER))
