"""The last word on control characters: none anywhere in the finished book.

The reader cleans the chapters' text and book.toml's metadata where they are
read, with a warning at their line (see :mod:`bookpress.text_clean`). Text
also comes from places that are not Markdown: titles in SUMMARY.md, YAML
escapes in front matter (``title: "Bell\\a"``), file names, bibliography
entries. A control character left in any of them ends as invalid XML in the
EPUB — or, in a title, crashes the EPUB writer (lxml refuses it in the NCX).
This transform removes what is left, from every string of every node and of
the metadata, with one warning per chapter.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import TYPE_CHECKING, cast

from ..model import Book, Chapter, Meta, Part, SourceRef, TocEntry
from ..text_clean import CODE, has_controls, strip_controls

if TYPE_CHECKING:
    from .context import Context


@functools.cache
def _fields(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind)) if dataclasses.is_dataclass(kind) else ()


def _clean(value: object, removed: list[str]) -> object:
    """``value`` (a node, a string, or a tuple of them) without control characters."""
    if isinstance(value, str):
        if not has_controls(value):
            return value
        cleaned, gone = strip_controls(value)
        removed.extend(gone)
        return cleaned
    if isinstance(value, tuple):
        changed: list | None = None  # copied from the first item that changed
        for i, item in enumerate(value):
            new_item = _clean(item, removed)
            if changed is not None:
                changed.append(new_item)
            elif new_item is not item:
                changed = [*value[:i], new_item]
        return value if changed is None else tuple(changed)
    kind: type = type(value)
    names = _fields(kind)
    if not names or isinstance(value, SourceRef):
        return value
    changes = {}
    for name in names:
        old = getattr(value, name)
        new = _clean(old, removed)
        if new is not old:
            changes[name] = new
    return dataclasses.replace(value, **changes) if changes else value  # type: ignore[type-var]


def _message(found: list[str]) -> str:
    noun = "a control character" if len(found) == 1 else f"{len(found)} control characters"
    return (
        f"{noun} removed from text that is not Markdown (a title in SUMMARY.md or front matter, a file name)"
    )


def apply(book: Book, ctx: Context) -> Book:
    removed: list[str] = []
    meta = cast(Meta, _clean(book.meta, removed))
    if removed:
        ctx.diagnostics.warn(
            ctx.config.rel(ctx.config.path), None, CODE, "control characters removed from the book's metadata"
        )

    def chapter(item: object) -> object:
        found: list[str] = []
        new = _clean(item, found)
        if found:
            source = getattr(item, "source", None)
            where = source if isinstance(source, SourceRef) else SourceRef()
            ctx.diagnostics.warn(where.path, where.line or None, CODE, _message(found))
        return new

    front = cast(tuple[Chapter, ...], tuple(chapter(c) for c in book.front))
    body = cast(tuple[Chapter | Part, ...], tuple(chapter(c) for c in book.body))
    back = cast(tuple[Chapter, ...], tuple(chapter(c) for c in book.back))
    toc = cast(tuple[TocEntry, ...], _clean(book.toc, []))
    old = (book.meta, book.front, book.body, book.back, book.toc)
    new = (meta, front, body, back, toc)
    if all(a is b or a == b for a, b in zip(old, new, strict=True)):
        return book
    return dataclasses.replace(book, meta=meta, front=front, body=body, back=back, toc=toc)
