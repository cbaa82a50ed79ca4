"""Find the file behind each interactive figure, and its place online.

An embed names its page the way its web site does: ``<HtmlEmbed
src="d3-bar.html">`` means the template's ``embeds/`` folder; an ``<iframe
src="demo.html">`` is relative to the chapter. The file is looked for next
to the chapter, then in an ``embeds/`` folder of the chapter's folder or of
any folder above it up to the book folder. Remote pages stay URLs. After this
step a local embed's ``src`` is relative to the book folder.

When ``[book] url`` names the online edition, each embed carries the address
of its place there (``online``): the page of its chapter, at the embed's own
id or at the section it stands in, so that the print edition can point the
reader to the live figure.
"""

from __future__ import annotations

import dataclasses
import functools
import posixpath
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, cast

from ..interactive import is_embed
from ..model import Attr, Block, Book, Chapter, Figure, Heading, walk

if TYPE_CHECKING:
    from .context import Context

_REMOTE = ("http://", "https://", "//")


def apply(book: Book, ctx: Context) -> Book:
    # One listed file (an MDX article) is one page online, whatever it imports.
    listed = ctx.config.chapters
    many_pages = not (listed is not None and len(listed) == 1)
    return book.map_chapters(lambda ch: _chapter(ch, ctx, many_pages))


def _chapter(chapter: Chapter, ctx: Context, many_pages: bool) -> Chapter:
    anchor = "" if many_pages else chapter.id
    blocks: list[Block] = []
    for block in chapter.blocks:
        if isinstance(block, Heading) and block.level == 2:
            anchor = block.anchor or block.attr.id
        visit = functools.partial(_embed, chapter=chapter, ctx=ctx, anchor=anchor, many_pages=many_pages)
        blocks.append(cast(Block, visit(walk(block, visit))))
    return dataclasses.replace(chapter, blocks=tuple(blocks))


def _embed(node: object, chapter: Chapter, ctx: Context, anchor: str, many_pages: bool) -> object:
    if not isinstance(node, Figure) or not is_embed(node.image):
        return node
    image = node.image
    src = image.src.strip()
    kv = list(image.attr.kv)
    if src and not src.startswith(_REMOTE) and not src.startswith("data:"):
        found = _find(src, image.source.path, ctx)
        if isinstance(found, Path):  # a symbolic link out of the book
            message = ctx.config.sandbox.refusal(f"embedded file '{src}'", found)
            ctx.diagnostics.warn(image.source.path, image.source.line, "resource-refused", message)
            found = None
        elif found is None:
            ctx.diagnostics.warn(
                image.source.path,
                image.source.line,
                "embed-missing",
                f"embedded file '{src}' is not in the book folder; its figure prints without it",
            )
        if found is not None:
            src = found
    if ctx.config.meta.url:
        kv.append(("online", _online(ctx.config.meta.url, chapter, node.attr.id or anchor, ctx, many_pages)))
    image = dataclasses.replace(image, src=src, attr=Attr(image.attr.id, image.attr.classes, tuple(kv)))
    return dataclasses.replace(node, image=image)


def _find(src: str, chapter_path: str, ctx: Context) -> str | Path | None:
    """The book-relative path of an embedded page; the file, when the only
    one found leads outside the book (see :mod:`bookpress.sandbox`); or None."""
    src = src.split("#", 1)[0].split("?", 1)[0]
    folder = PurePosixPath(posixpath.dirname(chapter_path))
    candidates = [posixpath.normpath(str(folder / src))] if not src.startswith("/") else []
    while True:
        candidates.append(posixpath.normpath(str(folder / "embeds" / src.lstrip("/"))))
        if str(folder) in ("", "."):
            break
        folder = folder.parent
    candidates.append(src.lstrip("/"))
    box = ctx.config.sandbox
    refused: Path | None = None
    for rel in candidates:
        path = ctx.config.root / rel
        if box.file(path) is not None:
            return box.shown(path)
        if refused is None and path.is_file():
            refused = path
    return refused


def _online(url: str, chapter: Chapter, anchor: str, ctx: Context, many_pages: bool) -> str:
    """The address of a place in the online edition."""
    base = url.rstrip("/")
    if many_pages:
        src = ctx.config.rel(ctx.config.src)
        page = chapter.source.path
        if src not in ("", ".") and page.startswith(src + "/"):
            page = page[len(src) + 1 :]
        page = posixpath.splitext(page)[0] + ".html"
        base = f"{base}/{page}"
    return f"{base}#{anchor}" if anchor else base
