"""Give every chapter, part and heading an id that is unique in the whole book.

Explicit ids (``{#id}``) are kept; a duplicate is an error naming both
places. Headings without one get a GitHub-style slug, made unique across
chapters (two chapters with a "Summary" heading get ``summary`` and
``summary-1``). Each chapter records which anchor authors wrote in which file
maps to which id, so that the links transform can resolve ``other.md#frag``.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from ..model import Book, Chapter, Div, Heading, Part, SourceRef, plain_text, query, walk
from ..slug import UniqueIds, github_anchor, slugify, xml_id

if TYPE_CHECKING:
    from .context import Context


# Ids of the pages the writers make (templates/print.html.j2 and
# copyright.html.j2): a chapter from copyright.md or title-page.md must not
# take them, or the print edition has two elements with one id.
GENERATED_PAGE_IDS = (
    "half-title",
    "series-page",
    "title-page",
    "copyright",
    "dedication",
    "epigraph",
    "contents",
    "list-of-figures",
    "list-of-tables",
    "colophon",
)


def apply(book: Book, ctx: Context) -> Book:
    ids = UniqueIds()
    ids.used.update(GENERATED_PAGE_IDS)
    _claim_explicit_ids(book, ids, ctx)

    def chapter(ch: Chapter) -> Chapter:
        chapter_id = ids.claim(ch.id or _chapter_slug(ch))
        assigner = _Assigner(ids)
        blocks = assigner.blocks(ch.blocks, ch.source.path)
        return dataclasses.replace(ch, id=chapter_id, blocks=blocks, anchor_map=tuple(assigner.anchors))

    front = tuple(chapter(c) for c in book.front)
    body: list[Chapter | Part] = []
    for item in book.body:
        if isinstance(item, Part):
            part_id = ids.claim(f"part-{sum(isinstance(b, Part) for b in body) + 1}")
            body.append(
                dataclasses.replace(item, id=part_id, chapters=tuple(chapter(c) for c in item.chapters))
            )
        else:
            body.append(chapter(item))
    back = tuple(chapter(c) for c in book.back)
    return dataclasses.replace(book, front=front, body=tuple(body), back=back)


def _chapter_slug(ch: Chapter) -> str:
    path = PurePosixPath(ch.source.path)
    parts = (
        list(path.parent.parts)
        if path.stem.lower() in ("readme", "index")
        else [*path.parent.parts, path.stem]
    )
    parts = [p for p in parts if p not in (".", "src")]
    base = "-".join(parts) if parts else plain_text(ch.title)
    return slugify(base, fallback="chapter")


def _claim_explicit_ids(book: Book, ids: UniqueIds, ctx: Context) -> None:
    first_seen: dict[str, SourceRef] = {}
    for ch in book.chapters():
        for node in query(ch):
            attr = getattr(node, "attr", None)
            if attr is None or not attr.id:
                continue
            src = getattr(node, "source", None) or ch.source
            if attr.id in first_seen:
                other = first_seen[attr.id]
                ctx.diagnostics.err(
                    src.path,
                    src.line,
                    "duplicate-id",
                    f"duplicate id '#{attr.id}' (first defined at {other.path}:{other.line})",
                )
            else:
                first_seen[attr.id] = src
                ids.claim(attr.id)


class _Assigner:
    """Assigns heading ids chapter by chapter, remembering author anchors."""

    def __init__(self, ids: UniqueIds) -> None:
        self.ids = ids
        self.anchors: list[tuple[str, str, str]] = []
        self.local: dict[str, Counter[str]] = {}

    def blocks(self, blocks: tuple, file: str) -> tuple:
        out = []
        for block in blocks:
            if isinstance(block, Div) and "subchapter" in block.attr.classes:
                out.append(dataclasses.replace(block, blocks=self.blocks(block.blocks, block.source.path)))
            else:
                out.append(
                    walk(block, lambda n: self.node(n, file))
                    if not isinstance(block, Heading)
                    else self.node(block, file)
                )
        return tuple(out)

    def node(self, node, file: str):
        if isinstance(node, Heading):
            anchor = self._local_anchor(file, plain_text(node.children))
            if node.attr.id:
                self.anchors.append((file, node.attr.id, node.attr.id))
                if anchor != node.attr.id:
                    self.anchors.append((file, anchor, node.attr.id))
                return dataclasses.replace(node, anchor=node.attr.id)
            new_id = self.ids.claim(xml_id(anchor))
            self.anchors.append((file, anchor, new_id))
            return dataclasses.replace(node, attr=node.attr.with_id(new_id), anchor=anchor)
        attr = getattr(node, "attr", None)
        if attr is not None and attr.id:
            self.anchors.append((file, attr.id, attr.id))
        return node

    def _local_anchor(self, file: str, text: str) -> str:
        """GitHub numbers repeated anchors within one file: x, x-1, x-2."""
        counts = self.local.setdefault(file, Counter())
        base = github_anchor(text) or "section"
        n = counts[base]
        counts[base] += 1
        return base if n == 0 else f"{base}-{n}"
