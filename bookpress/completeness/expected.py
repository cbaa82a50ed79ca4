"""What the model says the PDF must show: headings, images, and the markup the
author wrote on purpose (in code) that may appear on a page."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..model import (
    Book,
    Chapter,
    Code,
    CodeBlock,
    Figure,
    FootnoteDef,
    FootnoteRef,
    Heading,
    Image,
    IndexEntry,
    MathBlock,
    Node,
    RawBlock,
    RawInline,
    SourceRef,
    Table,
    plain_text,
    query,
)
from . import markup
from .text import segments

RASTER = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".avif"})
VECTOR = frozenset({".svg"})


@dataclass(frozen=True)
class ExpectedHeading:
    id: str
    title: str  # plain text, for messages
    segments: tuple[str, ...]  # normalised runs of text the page must show
    source: SourceRef
    chapter: int  # index into Expected.chapters


@dataclass(frozen=True)
class ExpectedImage:
    src: str  # relative to the book folder
    source: SourceRef
    chapter: int
    pixels: tuple[int, int] | None = None  # a raster image's size
    ratio: float | None = None  # a vector image's width / height, when it has one
    unreadable: bool = False  # a file no image library can read: never drawn

    @property
    def vector(self) -> bool:
        return self.pixels is None


@dataclass
class Expected:
    root: Path  # the book folder: images and manuscript files are read from it
    chapters: list[Chapter] = field(default_factory=list)
    headings: list[ExpectedHeading] = field(default_factory=list)
    images: list[ExpectedImage] = field(default_factory=list)
    code_tokens: list[set[str]] = field(default_factory=list)  # per chapter: markup in its code
    everywhere: set[str] = field(default_factory=set)  # markup in code of headings and captions


def expect(book: Book, root: Path) -> Expected:
    """Everything of ``book`` (read from ``root``) that the PDF must show."""
    out = Expected(root)
    for item in _reading_order(book):
        if not isinstance(item, Chapter):  # a part: its title page
            _heading(out, item.id, item.title, item.source, max(0, len(out.chapters) - 1))
            continue
        index = len(out.chapters)
        out.chapters.append(item)
        _heading(out, item.id, item.title, item.source, index)
        for block in item.blocks:
            for node in query(block):
                if isinstance(node, Heading):
                    _heading(out, node.attr.id, node.children, node.source, index)
        tokens: set[str] = set()
        for node in _printed_nodes(item):
            if isinstance(node, Image):
                _image(out, node, root, index)
            elif isinstance(node, (Code, CodeBlock)):
                tokens |= markup.tokens(node.text)
            elif isinstance(node, MathBlock) and node.error:
                tokens |= markup.tokens(node.tex)
            elif isinstance(node, (RawBlock, RawInline)):
                tokens |= markup.tokens(_raw_text(node.html))
            elif isinstance(node, IndexEntry):  # the index prints its terms as they were marked
                tokens |= markup.tokens(node.term)
            if isinstance(node, (Heading, Figure, Table)):  # also in the contents, lists, running heads
                out.everywhere |= _code_tokens(query(node))
        out.everywhere |= _code_tokens(_query_all(item.title))
        out.code_tokens.append(tokens)
    return out


def _code_tokens(nodes: Iterable[Node]) -> set[str]:
    return {t for node in nodes if isinstance(node, Code) for t in markup.tokens(node.text)}


def _query_all(inlines: tuple) -> list[Node]:
    return [sub for node in inlines for sub in query(node)]


def _reading_order(book: Book) -> list:
    items: list = list(book.front)
    for item in book.body:
        if isinstance(item, Chapter):
            items.append(item)
        else:
            items.append(item)
            items.extend(item.chapters)
    items.extend(book.back)
    return items


def _heading(out: Expected, id: str, title: tuple, source: SourceRef, chapter: int) -> None:
    out.headings.append(
        ExpectedHeading(id, " ".join(plain_text(title).split()), tuple(segments(title)), source, chapter)
    )


def _printed_nodes(chapter: Chapter) -> list[Node]:
    """The nodes of a chapter that print: its blocks and title, and the footnotes
    something calls (a footnote nobody calls is not printed)."""
    nodes = _query_all((*chapter.title, *chapter.blocks))
    called = {n.label for n in nodes if isinstance(n, FootnoteRef)}
    notes = {note.label: note for note in chapter.footnotes}
    pending = [notes[label] for label in called if label in notes]
    seen: set[str] = set()
    while pending:
        note: FootnoteDef = pending.pop()
        if note.label in seen:
            continue
        seen.add(note.label)
        for block in note.blocks:
            for node in query(block):
                nodes.append(node)
                if isinstance(node, FootnoteRef) and node.label in notes:
                    pending.append(notes[node.label])
    return nodes


def _raw_text(raw: str) -> str:
    """The text an HTML fragment shows (what the author escaped prints as markup)."""
    return html.unescape(re.sub(r"<[^>]*>", "", raw))


def _image(out: Expected, image: Image, root: Path, chapter: int) -> None:
    src = image.src
    if image.attr.has("missing") or not src or src.startswith(("data:", "http:", "https:", "/")):
        return
    path = root / src
    if not path.is_file():
        return
    suffix = path.suffix.lower()
    try:
        if suffix in VECTOR:
            out.images.append(ExpectedImage(src, image.source, chapter, ratio=svg_ratio(path)))
        else:
            out.images.append(ExpectedImage(src, image.source, chapter, pixels=raster_size(path)))
    except (OSError, ValueError, SyntaxError, ElementTree.ParseError):
        if suffix in RASTER:  # a picture no image library reads: WeasyPrint cannot draw it either
            out.images.append(ExpectedImage(src, image.source, chapter, pixels=(0, 0), unreadable=True))
        # anything else (an embed's page, a file of no known kind) is not an image to count


def raster_size(path: Path) -> tuple[int, int]:
    from PIL import Image as Pillow

    with Pillow.open(path) as picture:
        return picture.size


_LENGTH = re.compile(r"^\s*([\d.]+)\s*(px|pt|pc|mm|cm|in|em|ex)?\s*$")


def svg_ratio(path: Path) -> float | None:
    """Width / height of an SVG as WeasyPrint sizes it: its width and height
    attributes, else its viewBox; ``None`` when it has no intrinsic ratio."""
    for _event, element in ElementTree.iterparse(path, events=("start",)):
        width, height = (_LENGTH.match(element.get(k, "")) for k in ("width", "height"))
        same_unit = width and height and (width.group(2) or "px") == (height.group(2) or "px")
        if same_unit and width and height and float(height.group(1)) > 0:
            return float(width.group(1)) / float(height.group(1))
        box = element.get("viewBox", "").replace(",", " ").split()
        if len(box) == 4 and float(box[3]) > 0:
            return float(box[2]) / float(box[3])
        return None
    return None
