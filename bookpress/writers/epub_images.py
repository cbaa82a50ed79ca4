"""Images packaged into the EPUB: every image the book uses, in a type
every reading system shows (PNG, JPEG, GIF, WebP or SVG; anything else is
converted to PNG), under an ASCII file name of its own."""

from __future__ import annotations

import io
import posixpath
import urllib.request
from pathlib import Path
from urllib.parse import quote

from ebooklib import epub
from PIL import Image as PILImage
from PIL import UnidentifiedImageError

from ..config import Config
from ..diagnostics import Diagnostics
from ..model import Book, Image, query
from ..slug import UniqueIds, slugify
from ..svgcheck import SvgRefused, is_svg, sanitised_svg
from .svg_images import report_sanitised

IMAGE_DIR = "images"


def package_images(
    book: Book, config: Config, package: epub.EpubBook, diagnostics: Diagnostics, uids: UniqueIds
) -> dict[str, str]:
    """Copy every image the book uses into the EPUB; map its src to the packaged
    path. Manifest ids come from ``uids``, shared by every item of the package."""
    packaged: dict[str, str] = {}
    names = UniqueIds()
    sources = [
        n.src
        for ch in book.chapters()
        for n in query(ch)
        if isinstance(n, Image) and not n.attr.has("missing")
    ]
    if book.meta.cover:
        sources.append(book.meta.cover)
    for src in sources:
        if src in packaged or src.startswith("data:"):
            continue
        found = image_data(src, config, diagnostics)
        if found is None:
            continue
        data, media_type, ext = found
        stem = posixpath.splitext(
            src.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1] if "://" in src or src[:1] == "/" else src
        )[0]
        name = f"{IMAGE_DIR}/{names.claim(slugify(stem, 'image'))}{ext}"
        uid = uids.claim("img-" + name.split("/", 1)[1].replace(".", "-"))
        item = epub.EpubItem(uid=uid, file_name=name, media_type=media_type, content=data)
        if src == book.meta.cover:
            item.properties = ["cover-image"]
        package.add_item(item)
        packaged[src] = name
    return packaged


# EPUB 3 core media types for images; anything else is converted to PNG.
_CORE_IMAGES = {
    "PNG": ("image/png", ".png"),
    "JPEG": ("image/jpeg", ".jpg"),
    "GIF": ("image/gif", ".gif"),
    "WEBP": ("image/webp", ".webp"),
}


def image_data(src: str, config: Config, diagnostics: Diagnostics) -> tuple[bytes, str, str] | None:
    """The image's bytes in a type every reading system shows, with its media type."""
    path: Path | None = None
    # The one policy. The transforms made src a plain path (a drawn embed's is
    # absolute), or left a remote URL when remote resources are allowed.
    reference = src if "://" in src else quote(src)
    found = config.sandbox.resource(reference, config.root, config.allow_remote, file_urls=True)
    if found.kind == "remote":
        try:
            with urllib.request.urlopen(src, timeout=30) as response:
                data = response.read()
        except (OSError, ValueError) as exc:
            diagnostics.warn(src, None, "remote-image", f"could not fetch '{src}': {exc}")
            return None
    elif found.kind == "file" and found.path is not None:  # the book, drawn embeds in <out>/.cache
        path = found.path
        data = path.read_bytes()
    else:
        return None  # the images transform said why
    if is_svg(data[:4096]):
        return _packaged_svg(data, path, src, config, diagnostics)
    try:
        with PILImage.open(io.BytesIO(data)) as image:
            kind = image.format or ""
            if kind in _CORE_IMAGES:
                media_type, ext = _CORE_IMAGES[kind]
                return data, media_type, ext
            converted = io.BytesIO()
            image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB").save(converted, "PNG")
            return converted.getvalue(), "image/png", ".png"
    except (OSError, ValueError) as exc:
        reason = "no image library recognises it" if isinstance(exc, UnidentifiedImageError) else str(exc)
        message = f"'{src}' is not an image a reading system can show ({reason})"
        diagnostics.warn(src, None, "image-type", message)
        return None


def _packaged_svg(
    data: bytes, path: Path | None, src: str, config: Config, diagnostics: Diagnostics
) -> tuple[bytes, str, str] | None:
    """An SVG as the EPUB may hold it: no DOCTYPE, scripts or references to
    anything outside it (see :mod:`bookpress.svgcheck`)."""
    try:
        clean, removed = sanitised_svg(data, path, config.root)
    except SvgRefused as exc:
        diagnostics.warn(src, None, "svg-refused", f"image '{src}' is not drawn: {exc}")
        return None
    report_sanitised(src, removed, diagnostics)
    return clean, "image/svg+xml", ".svg"
