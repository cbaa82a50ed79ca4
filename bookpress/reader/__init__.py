"""Read a manuscript into a :class:`~bookpress.model.Book`.

For each chapter file: parse the Markdown, take the chapter title (front
matter ``title``, else a leading level-1 heading, else the title in the
outline, else the file name), and shift the remaining headings so that the
chapter's top sections are level 2. Sub-chapters listed under a chapter in
SUMMARY.md become sections of it, one level down.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import yaml

from ..config import Config
from ..diagnostics import Diagnostics, error
from ..manuscript import Entry, Outline, PartEntry
from ..model import (
    Attr,
    Block,
    Book,
    Chapter,
    Div,
    FootnoteDef,
    FootnoteRef,
    Heading,
    Inline,
    Part,
    SourceRef,
    Text,
    query,
    walk,
)
from .convert import Converter, Parsed
from .markdown import parse

__all__ = ["read_book", "read_file"]


def read_book(config: Config, outline: Outline, diagnostics: Diagnostics) -> Book:
    reader = _BookReader(config, diagnostics)
    body: list[Chapter | Part] = []
    for item in outline.body:
        if isinstance(item, PartEntry):
            chapters = tuple(reader.chapter(e) for e in item.chapters)
            body.append(Part("", (Text(item.title),), chapters, item.source))
        else:
            body.append(reader.chapter(item))
    return Book(
        meta=config.meta,
        front=tuple(reader.chapter(e) for e in outline.front),
        body=tuple(body),
        back=tuple(reader.chapter(e) for e in outline.back),
    )


def read_file(path: Path, shown: str, diagnostics: Diagnostics) -> Parsed:
    """Parse one Markdown file; unreadable files are errors with their path."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise error(shown, None, "encoding", f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise error(shown, None, "unreadable", exc.strerror or str(exc)) from None
    tokens, _env = parse(text)
    return Converter(shown, diagnostics).document(tokens)


class _BookReader:
    def __init__(self, config: Config, diagnostics: Diagnostics) -> None:
        self.config = config
        self.diagnostics = diagnostics

    def chapter(self, entry: Entry) -> Chapter:
        title, blocks, footnotes, _front_matter = self._content(entry, depth=0)
        return Chapter(
            id="",
            title=title,
            blocks=tuple(blocks),
            source=SourceRef(self.config.rel(entry.path), 1),
            kind=entry.kind,
            footnotes=tuple(footnotes),
        )

    def _content(
        self, entry: Entry, depth: int
    ) -> tuple[tuple[Inline, ...], list[Block], list[FootnoteDef], dict]:
        shown = self.config.rel(entry.path)
        parsed = read_file(entry.path, shown, self.diagnostics)
        front_matter = self._front_matter(parsed, shown)
        blocks = parsed.blocks
        title: tuple[Inline, ...] = ()
        if isinstance(front_matter.get("title"), str):
            title = (Text(front_matter["title"]),)
        first_heading = next((i for i, b in enumerate(blocks) if isinstance(b, Heading)), None)
        if first_heading is not None and blocks[first_heading].level == 1:
            heading = blocks[first_heading]
            if not title:
                title = heading.children
            blocks = blocks[:first_heading] + blocks[first_heading + 1 :]
            if heading.attr.id:  # keep an explicit id on the title reachable
                anchor = Attr(heading.attr.id, ("chapter-anchor",))
                blocks.insert(first_heading, Div((), anchor, heading.source))
        if not title:
            title = (Text(entry.title or _title_from_path(entry.path)),)
        blocks = _shift_headings(blocks, top=depth + 2)
        footnotes = list(parsed.footnotes)
        for n, child in enumerate(entry.children, start=1):
            child_title, child_blocks, child_notes, _ = self._content(child, depth + 1)
            child_blocks, child_notes = _qualify_footnotes(child_blocks, child_notes, f"s{n}-")
            child_src = SourceRef(self.config.rel(child.path), 1)
            heading = Heading(depth + 2, child_title, Attr(), child_src)
            blocks.append(Div((heading, *child_blocks), Attr(classes=("subchapter",)), child_src))
            footnotes.extend(child_notes)
        return title, blocks, footnotes, front_matter

    def _front_matter(self, parsed: Parsed, shown: str) -> dict:
        if not parsed.front_matter.strip():
            return {}
        try:
            data = yaml.safe_load(parsed.front_matter)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = parsed.front_matter_line + mark.line if mark else parsed.front_matter_line
            self.diagnostics.warn(shown, line, "front-matter", f"front matter is not valid YAML: {exc}")
            return {}
        return data if isinstance(data, dict) else {}


def _title_from_path(path: Path) -> str:
    stem = path.parent.name if path.stem.lower() in ("readme", "index") else path.stem
    words = stem.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else "Untitled"


def _shift_headings(blocks: list[Block], top: int) -> list[Block]:
    """Shift heading levels so that the highest one is ``top`` (capped at 6)."""
    levels = [b.level for block in blocks for b in _headings(block)]
    if not levels:
        return blocks
    delta = top - min(levels)
    if delta == 0:
        return blocks

    def shift(node):
        if isinstance(node, Heading):
            return dataclasses.replace(node, level=max(1, min(6, node.level + delta)))
        return node

    return [walk(b, shift) if not isinstance(b, Heading) else shift(b) for b in blocks]


def _headings(block: Block) -> list[Heading]:
    return [n for n in query(block) if isinstance(n, Heading)]


def _qualify_footnotes(
    blocks: list[Block], notes: list[FootnoteDef], prefix: str
) -> tuple[list[Block], list[FootnoteDef]]:
    """Footnote labels are per file; make a merged sub-chapter's labels distinct."""

    def rename(node):
        if isinstance(node, FootnoteRef):
            return dataclasses.replace(node, label=prefix + node.label)
        return node

    new_blocks = [walk(b, rename) for b in blocks]
    new_notes = [
        dataclasses.replace(n, label=prefix + n.label, blocks=tuple(walk(b, rename) for b in n.blocks))
        for n in notes
    ]
    return new_blocks, new_notes
