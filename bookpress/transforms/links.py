"""Resolve links between chapter files into links inside the book.

``other.md``, ``other.md#frag``, ``sub/README.md``, ``../folder/`` (its
README), ``#frag`` and mdBook's ``page.html#frag`` all become ``#id`` with an
id that is unique in the book. A link that leads nowhere in the book is a
warning with its place, and its text stays as plain text (so that the EPUB
never carries a dangling link).
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from typing import TYPE_CHECKING
from urllib.parse import unquote

from ..htmlspec import is_unsafe_url
from ..model import Book, Chapter, Div, Heading, Link, SourceRef, Span, query, walk

if TYPE_CHECKING:
    from .context import Context

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


class _Index:
    """Where each file and each author anchor ended up."""

    def __init__(self, book: Book) -> None:
        self.files: dict[str, str] = {}
        self.anchors: dict[tuple[str, str], str] = {}
        self.ids: set[str] = set()
        for ch in book.chapters():
            self.files.setdefault(ch.source.path, ch.id)  # a split file: its first chapter
            for node in query(ch):
                if isinstance(node, Div) and "subchapter" in node.attr.classes:
                    heading = next((b for b in node.blocks if isinstance(b, Heading)), None)
                    self.files[node.source.path] = heading.attr.id if heading else ch.id
                attr = getattr(node, "attr", None)
                if attr is not None and attr.id:
                    self.ids.add(attr.id)
            for file, anchor, target in ch.anchor_map:
                self.anchors.setdefault((file, anchor), target)
            self.ids.add(ch.id)

    def file_target(self, path: str) -> str | None:
        candidates = [path]
        stem, ext = posixpath.splitext(path)
        if ext in ("", ".html", ".htm"):
            base = path.rstrip("/")
            candidates += [
                f"{stem}.md",
                f"{stem}.mdx",
                f"{base}/README.md",
                f"{base}/index.md",
                f"{base}/readme.md",
            ]
            if stem.endswith("/index") or stem == "index":
                candidates.append(stem[: -len("index")] + "README.md")
        for candidate in candidates:
            normal = posixpath.normpath(candidate)
            if normal in self.files:
                return self.files[normal]
        return None


def apply(book: Book, ctx: Context) -> Book:
    index = _Index(book)
    outside: list[tuple[str, SourceRef, str]] = []  # (code, place, url)
    book = book.map_chapters(lambda ch: _chapter(ch, index, ctx, outside))
    _summarise(outside, ctx)
    return book


# How many places a summary names; --verbose lists every one as a note.
SHOWN_PLACES = 3


def _summarise(outside: list[tuple[str, SourceRef, str]], ctx: Context) -> None:
    """Links that lead out of the book come in dozens in real repositories
    (scripts, files that are not chapters): one warning per kind, with a count
    and the first places, instead of one per link."""
    for code, what in (
        ("link-not-chapter", "to files that are not chapters of this book"),
        ("broken-link", "to files that do not exist"),
    ):
        found = [(place, url) for kind, place, url in outside if kind == code]
        if not found:
            continue
        for place, url in found:
            ctx.diagnostics.info(place.path, place.line, code, f"link '{url}' kept as text")
        first, _ = found[0]
        places = ", ".join(f"{p.path}:{p.line} ({u})" for p, u in found[:SHOWN_PLACES])
        hidden = len(found) - SHOWN_PLACES
        more = f" and {hidden} more (--verbose lists them)" if hidden > 0 else ""
        noun = "link" if len(found) == 1 else "links"
        message = f"{len(found)} {noun} {what} kept as plain text: {places}{more}"
        ctx.diagnostics.warn(first.path, first.line, code, message)


def _chapter(ch: Chapter, index: _Index, ctx: Context, outside: list) -> Chapter:
    def visit(node):
        if not isinstance(node, Link):
            return node
        return _resolve(node, index, ctx, outside)

    blocks = tuple(walk(b, visit) for b in ch.blocks)
    notes = tuple(
        dataclasses.replace(n, blocks=tuple(walk(b, visit) for b in n.blocks)) for n in ch.footnotes
    )
    return dataclasses.replace(ch, blocks=blocks, footnotes=notes)


def _resolve(link: Link, index: _Index, ctx: Context, outside: list):
    url = link.url.strip()
    if is_unsafe_url(url):
        where = link.source
        ctx.diagnostics.warn(where.path, where.line, "unsafe-html", "a link running a script was removed")
        return Span(link.children)
    if not url or _SCHEME.match(url) or url.startswith("//"):
        return link
    here = link.source.path
    path_part, _, fragment = url.partition("#")
    path_part = unquote(path_part)
    fragment = unquote(fragment)
    if not path_part:
        if fragment in index.ids and (here, fragment) not in index.anchors:
            return dataclasses.replace(link, url=f"#{fragment}")  # an id given by bookpress itself
        target_file = here
        file_id: str | None = index.files.get(here)
    else:
        if path_part.startswith("/"):  # mdBook: relative to the source folder
            src = ctx.config.rel(ctx.config.src)
            joined = posixpath.join("" if src == "." else src, path_part.lstrip("/"))
        else:
            joined = posixpath.join(posixpath.dirname(here), path_part)
        target_file = posixpath.normpath(joined)
        file_id = index.file_target(joined if joined.endswith("/") else target_file)
        if file_id is not None:
            target_file = next((f for f, i in index.files.items() if i == file_id), target_file)
    if file_id is None:
        found = ctx.config.sandbox.inside(ctx.config.root / target_file)  # not one a link leads out to
        exists = found is not None and found.exists() and not target_file.startswith("..")
        outside.append(("link-not-chapter" if exists else "broken-link", link.source, url))
        return Span(link.children)
    if not fragment:
        return dataclasses.replace(link, url=f"#{file_id}")
    target = index.anchors.get((target_file, fragment))
    if target is None and fragment in index.ids:
        target = fragment
    if target is None:
        ctx.diagnostics.warn(
            here,
            link.source.line,
            "broken-anchor",
            f"no heading or id '#{fragment}' for link '{url}'",
        )
        target = file_id
    return dataclasses.replace(link, url=f"#{target}")
