"""Helpers shared by the unit tests (plain functions, no fixtures)."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from bookpress.build import load
from bookpress.config import Config, load_config
from bookpress.diagnostics import Diagnostic, Diagnostics
from bookpress.manuscript import find_outline
from bookpress.model import Book, Chapter, FootnoteRef, Heading, Part, plain_text, query
from bookpress.reader import read_book
from bookpress.reader.convert import Converter, Parsed
from bookpress.reader.markdown import parse


def load_book(root: Path) -> tuple[Config, Book, Diagnostics]:
    """Config, transformed book and diagnostics of the book in ``root``."""
    diagnostics = Diagnostics()
    config, book = load(root, diagnostics)
    return config, book, diagnostics


def read_untransformed(root: Path) -> tuple[Config, Book, Diagnostics]:
    """The book as the reader builds it, before any transform."""
    diagnostics = Diagnostics()
    config = load_config(root, diagnostics)
    book = read_book(config, find_outline(config, diagnostics), diagnostics)
    return config, book, diagnostics


def convert(markdown: str, path: str = "src/x.md") -> tuple[Parsed, Diagnostics]:
    """One Markdown text through the real parser and the converter."""
    diagnostics = Diagnostics()
    tokens, _env = parse(textwrap.dedent(markdown).lstrip("\n"))
    return Converter(path, diagnostics).document(tokens), diagnostics


def nodes(node: object, cls: type) -> list:
    """Every node of type ``cls`` under ``node`` (itself included)."""
    return [n for n in query(node) if isinstance(n, cls)]


def headings(chapter: Chapter) -> list[Heading]:
    return nodes(chapter, Heading)


def heading(chapter: Chapter, text: str) -> Heading:
    found = [h for h in headings(chapter) if plain_text(h.children) == text]
    assert len(found) == 1, f"expected one heading {text!r}, found {found}"
    return found[0]


def chapter(book: Book, source_path: str) -> Chapter:
    found = [c for c in book.chapters() if c.source.path == source_path]
    assert len(found) == 1, f"no chapter from {source_path}"
    return found[0]


def with_code(diagnostics: Diagnostics, code: str, notes: bool = False) -> list[Diagnostic]:
    """Warnings and errors with ``code``; notes (shown with --verbose) only if asked."""
    return [d for d in diagnostics.items if d.code == code and (notes or d.severity.value != "info")]


def title(ch: Chapter) -> str:
    return plain_text(ch.title)


# XML 1.0 (fifth edition) NCName: what an id attribute must be in XHTML.
_NAME_START = (
    "A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff"
    "\u200c-\u200d\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
)
_NAME_CHAR = _NAME_START + r"\-.0-9\u00b7\u0300-\u036f\u203f-\u2040"
NCNAME = re.compile(f"^[{_NAME_START}][{_NAME_CHAR}]*$")


def is_xml_id(value: str) -> bool:
    return bool(NCNAME.match(value))


def all_ids(book: Book) -> list[str]:
    """Every id in the book: parts, chapters, nodes with attributes, footnote calls."""
    ids = []
    for item in (*book.front, *book.body, *book.back):
        ids.append(item.id)
        if isinstance(item, Part):
            ids.extend(c.id for c in item.chapters)
    for ch in book.chapters():
        for node in query(ch):
            if isinstance(node, Chapter):
                continue
            attr = getattr(node, "attr", None)
            if attr is not None and attr.id:
                ids.append(attr.id)
            if isinstance(node, FootnoteRef) and node.id:
                ids.append(node.id)
    return ids
