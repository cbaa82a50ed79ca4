"""Resolve image paths against the file that names them.

``![x](img/a.png)`` in ``src/ch1.md`` means ``src/img/a.png``; after this
step every local image's ``src`` is relative to the book folder. Missing
files, files outside the book, remote images and Git LFS pointers (a clone
without its pictures) are warnings, and the image is marked ``missing``
so that writers draw a placeholder instead. So are SVG images that could
not be drawn in bounded time and memory (see :mod:`bookpress.svgcheck`).
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from ..interactive import is_embed
from ..model import Attr, Book, Image, walk
from ..svgcheck import is_svg, svg_problem

if TYPE_CHECKING:
    from .context import Context

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def apply(book: Book, ctx: Context) -> Book:
    remote: list[Image] = []
    pointers: list[Image] = []
    svgs: dict[Path, str] = {}  # each SVG file checked once: why it is refused, or ""

    def resolve(node: Image) -> Image:
        image = _resolve(node, ctx, remote, pointers)
        return image if image.attr.has("missing") or not image.src else _refuse_svg(image, ctx, svgs)

    book = book.map_chapters(lambda ch: walk(ch, lambda n: resolve(n) if isinstance(n, Image) else n))
    if pointers:
        first = pointers[0]
        noun = "image is a Git LFS pointer" if len(pointers) == 1 else "images are Git LFS pointers"
        ctx.diagnostics.warn(
            first.source.path,
            first.source.line,
            "lfs-pointer",
            f"{len(pointers)} {noun}, not the picture (first: {first.src}); they print as "
            "placeholders — run 'git lfs pull' in the book's repository",
        )
    if remote:
        for image in remote:
            ctx.diagnostics.info(
                image.source.path, image.source.line, "remote-image", f"'{image.src}' not fetched"
            )
        where = remote[0].source
        noun = "image is" if len(remote) == 1 else "images are"
        ctx.diagnostics.warn(
            where.path,
            where.line,
            "remote-image",
            f"{len(remote)} remote {noun} not fetched (first: {remote[0].src}); "
            "they print as placeholders — build with --allow-remote to fetch them",
        )
    return book


def missing(image: Image) -> Image:
    attr = image.attr
    return dataclasses.replace(image, attr=Attr(attr.id, (*attr.classes, "missing"), attr.kv))


def _resolve(image: Image, ctx: Context, remote: list[Image], pointers: list[Image]) -> Image:
    if is_embed(image):
        return image  # an interactive page: see embeds.py
    src = image.src.strip()
    where = image.source
    if not src or src.startswith("data:"):
        return image
    if src.startswith("//"):
        src = "https:" + src
    if src.lower().startswith(("http://", "https://")):
        if ctx.config.allow_remote:
            return dataclasses.replace(image, src=src)
        remote.append(image)
        return missing(image)
    if _SCHEME.match(src):
        ctx.diagnostics.warn(
            where.path, where.line, "resource-refused", f"image '{src}' is not in the book folder"
        )
        return missing(image)
    src = unquote(src.split("#", 1)[0].split("?", 1)[0])
    if src.startswith("/"):
        base = ctx.config.rel(ctx.config.src)
        rel = posixpath.normpath(posixpath.join(base if base != "." else "", src.lstrip("/")))
    else:
        rel = posixpath.normpath(posixpath.join(posixpath.dirname(where.path), src))
    path = ctx.config.root / rel
    if not ctx.config.sandbox.allows(path):  # outside the book, symbolic links included
        message = ctx.config.sandbox.refusal(f"image '{image.src}'", path)
        ctx.diagnostics.warn(where.path, where.line, "resource-refused", message)
        return missing(image)
    if not path.is_file():
        ctx.diagnostics.warn(where.path, where.line, "missing-image", f"image '{image.src}' does not exist")
        return dataclasses.replace(missing(image), src=rel)
    if is_lfs_pointer(path):
        pointers.append(dataclasses.replace(image, src=rel))
        return dataclasses.replace(missing(image), src=rel)
    return dataclasses.replace(image, src=rel)


_RASTER_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".bmp", ".tif", ".tiff")


def _refuse_svg(image: Image, ctx: Context, checked: dict[Path, str]) -> Image:
    """A local SVG that references itself, fans out or declares entities
    prints as a placeholder."""
    if "://" in image.src or image.src.startswith("data:"):
        return image
    path = ctx.config.root / image.src
    if path.suffix.lower() in _RASTER_SUFFIXES:
        return image
    if path not in checked:
        try:
            with path.open("rb") as handle:
                head = handle.read(4096)
        except OSError:
            return image
        checked[path] = svg_problem(path, ctx.config.root) if is_svg(head, path.name) else ""
    if not checked[path]:
        return image
    where = image.source
    message = f"image '{image.src}' is not drawn: {checked[path]}"
    ctx.diagnostics.warn(where.path, where.line, "svg-refused", message)
    return missing(image)


_LFS_POINTER = b"version https://git-lfs.github.com/spec/"


def is_lfs_pointer(path: Path) -> bool:
    """A repository cloned without Git LFS holds small text files where its
    pictures should be."""
    try:
        if path.stat().st_size > 1024:
            return False
        with path.open("rb") as handle:
            return handle.read(len(_LFS_POINTER)) == _LFS_POINTER
    except OSError:
        return False
