"""Random manuscripts through read, transforms and both writers' markup.

The property: whatever the author writes, bookpress either reports a
diagnostic (a :class:`BookError`, the way a build stops) or produces markup
that parses — the print document and every XHTML file of the EPUB as strict
XML. Nothing is rendered to PDF (WeasyPrint is not run). See
tests/fuzz/manuscripts.py for what a manuscript may hold and conftest.py for
the number of examples (``make fuzz`` runs 5,000).
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from lxml import etree
from markup_check import EPUB, epub_pages, parse_document
from PIL import Image

from bookpress.build import load
from bookpress.diagnostics import BookError, Diagnostics
from bookpress.writers.epub import write_epub
from bookpress.writers.print_html import PrintHtml

from .manuscripts import manuscripts

WHEN = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
SECRET = "SECRET-OUTSIDE-THE-BOOK"


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


PNG = _png()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding each example's book (and a file outside it that no
    book may read)."""
    base = tmp_path_factory.mktemp("fuzz")
    (base / "outside.md").write_text(SECRET + "\n", encoding="utf-8")
    (base / "outside.png").write_bytes(PNG)
    return base


def write_book(base: Path, files: dict[str, str]) -> Path:
    root = Path(tempfile.mkdtemp(dir=base)) / "book"
    root.mkdir()
    (root.parent / "outside.md").write_text(SECRET + "\n", encoding="utf-8")  # beside the book
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    for folder in {(root / name).parent for name in files if name.endswith((".md", ".mdx"))}:
        (folder / "img.png").write_bytes(PNG)
    return root


def markup_of(root: Path) -> list[tuple[str, bytes]]:
    """The print document and the EPUB's XHTML files of the book in ``root``;
    empty when the book stops with a diagnostic."""
    diagnostics = Diagnostics()
    try:
        config, book = load(root, diagnostics)
        writer = PrintHtml(book, diagnostics)
        writer.book_root = config.root
        html = writer.document(config, "2026-01-01T00:00:00Z")
        # HTML, not XHTML: it has no namespaces, yet carries epub:type like the EPUB.
        html = html.replace("<html ", f'<html xmlns:epub="{EPUB}" ', 1)
        documents = [("print.html", html.encode())]
        target = root.parent / "out" / "book.epub"
        target.parent.mkdir()
        write_epub(book, config, target, diagnostics, WHEN)
    except BookError:
        return []
    return documents + sorted(epub_pages(target).items())


@given(manuscripts())
def test_any_manuscript_gives_markup_that_parses_or_a_diagnostic(
    workspace: Path, files: dict[str, str]
) -> None:
    root = write_book(workspace, files)
    try:
        for name, data in markup_of(root):
            try:
                parse_document(data)
            except etree.XMLSyntaxError as exc:
                raise AssertionError(f"{name} is not well-formed: {exc}") from None
            assert SECRET.encode() not in data, f"{name} holds a file from outside the book"
    finally:
        shutil.rmtree(root.parent)
