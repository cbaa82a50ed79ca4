"""The book's structure: chapters, parts, footnote texts, metadata, the table of contents."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .base import NO_SOURCE, SourceRef
from .blocks import Block
from .inlines import Inline
from .walking import query


@dataclass(frozen=True, slots=True)
class FootnoteDef:
    label: str
    blocks: tuple[Block, ...]
    source: SourceRef = NO_SOURCE


@dataclass(frozen=True, slots=True)
class Chapter:
    """One chapter (or front/back-matter division): one XHTML file in the EPUB."""

    id: str
    title: tuple[Inline, ...]
    blocks: tuple[Block, ...]
    source: SourceRef
    kind: str = "body"  # "front", "body", "appendix" or "back"
    number: str | None = None
    footnotes: tuple[FootnoteDef, ...] = ()
    anchor_map: tuple[tuple[str, str, str], ...] = ()  # (file, anchor, id), see ids transform
    epigraph: tuple[Inline, ...] = ()
    epigraph_source: str = ""
    role: str = ""  # a generated division: "bibliography", "index"


@dataclass(frozen=True, slots=True)
class Part:
    id: str
    title: tuple[Inline, ...]
    chapters: tuple[Chapter, ...]
    source: SourceRef = NO_SOURCE
    number: str | None = None


@dataclass(frozen=True, slots=True)
class Author:
    name: str
    url: str = ""


@dataclass(frozen=True, slots=True)
class Meta:
    title: str
    subtitle: str = ""
    authors: tuple[Author, ...] = ()
    title_lines: tuple[str, ...] = ()  # the title as the author broke it, for the title page
    language: str = "en"
    description: str = ""
    identifier: str = ""
    publisher: str = ""
    date: str = ""
    license: str = ""
    slug: str = ""
    cover: str = ""
    version: str = ""
    url: str = ""  # the online edition
    # Front and back matter of the printed book.
    series: str = ""
    edition: str = ""
    isbn: str = ""
    copyright: str = ""
    publisher_address: str = ""
    printed_in: str = ""
    dedication: str = ""
    epigraph: str = ""
    epigraph_source: str = ""
    colophon: str = ""
    bibliography: tuple[str, ...] = ()  # from a chapter's front matter (MDX articles)


@dataclass(frozen=True, slots=True)
class TocEntry:
    id: str
    title: tuple[Inline, ...]
    level: int  # 0 = part, 1 = chapter, 2 = section …
    number: str | None = None
    kind: str = "body"
    children: tuple[TocEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class Book:
    meta: Meta
    front: tuple[Chapter, ...] = ()
    body: tuple[Chapter | Part, ...] = ()
    back: tuple[Chapter, ...] = ()
    toc: tuple[TocEntry, ...] = ()

    def chapters(self) -> Iterator[Chapter]:
        """Every chapter in reading order, parts flattened."""
        yield from self.front
        for item in self.body:
            if isinstance(item, Part):
                yield from item.chapters
            else:
                yield item
        yield from self.back

    def body_chapters(self) -> Iterator[Chapter]:
        for item in self.body:
            if isinstance(item, Part):
                yield from item.chapters
            else:
                yield item

    def free_id(self, wanted: str) -> str:
        """``wanted``, or ``wanted-1``… if a chapter or node already has it."""
        used = {ch.id for ch in self.chapters()}
        used |= {
            n.attr.id
            for ch in self.chapters()
            for n in query(ch)
            if getattr(getattr(n, "attr", None), "id", "")
        }
        candidate, n = wanted, 1
        while candidate in used:
            candidate = f"{wanted}-{n}"
            n += 1
        return candidate

    def map_chapters(self, fn: Callable[[Chapter], Chapter]) -> Book:
        """A new book with ``fn`` applied to every chapter, structure unchanged."""

        def body_item(item: Chapter | Part) -> Chapter | Part:
            if isinstance(item, Part):
                return dataclasses.replace(item, chapters=tuple(fn(c) for c in item.chapters))
            return fn(item)

        return dataclasses.replace(
            self,
            front=tuple(fn(c) for c in self.front),
            body=tuple(body_item(i) for i in self.body),
            back=tuple(fn(c) for c in self.back),
        )
