"""Golden files: a kitchen-sink chapter as each writer writes it.

tests/golden/kitchen-sink/ is a small book whose first chapter uses every
construct the reader knows. It is read and transformed as a build would, then
written by the print writer (the HTML WeasyPrint lays out) and by the EPUB
writer (the chapter's XHTML file inside the EPUB). The markup, with what
varies between machines normalised (drawn formulas and images as data URIs,
the book's folder), must equal tests/golden/kitchen-sink.*; after an
intended change, ``UPDATE_GOLDEN=1 pytest tests/unit/test_markup_golden.py``
rewrites them and ``git diff`` shows what changed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import shutil
from pathlib import Path

import pytest
from markup_check import epub_pages, normalise, only, parse_document, parse_fragment

from bookpress.build import load
from bookpress.diagnostics import Diagnostics
from bookpress.model import Book, Chapter, CodeBlock, Figure, IndexTerm, MathBlock, Table, query
from bookpress.writers.epub import write_epub
from bookpress.writers.print_html import PrintHtml

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
KITCHEN_SINK = GOLDEN / "kitchen-sink"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
WHEN = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("golden") / "kitchen-sink"
    shutil.copytree(KITCHEN_SINK, root)
    diagnostics = Diagnostics()
    config, book = load(root, diagnostics)
    assert not diagnostics.errors, [str(d) for d in diagnostics.errors]
    return root, config, book


def _chapter(book: Book) -> Chapter:
    return next(ch for ch in book.chapters() if ch.source.path.endswith("everything.md"))


def _compare(markup: str, golden: Path) -> None:
    if UPDATE or not golden.exists():
        golden.write_text(markup, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"{golden.name} was missing and has been written; check it in")
        return
    expected = golden.read_text(encoding="utf-8")
    if markup != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                markup.splitlines(keepends=True),
                str(golden.relative_to(GOLDEN.parent.parent)),
                "written now",
            )
        )
        pytest.fail(f"markup differs from the golden file (UPDATE_GOLDEN=1 rewrites it):\n{diff}")


def test_the_kitchen_sink_uses_every_kind_of_block(loaded) -> None:
    _, _, book = loaded
    kinds = {type(node) for node in query(_chapter(book))}
    assert {CodeBlock, MathBlock, Figure, Table, IndexTerm} <= kinds
    assert _chapter(book).footnotes


def test_print_markup_of_the_kitchen_sink_chapter(loaded) -> None:
    root, config, book = loaded
    diagnostics = Diagnostics()
    writer = PrintHtml(book, diagnostics)
    writer.book_root = config.root
    markup = normalise(writer.chapter_html(_chapter(book), verso=book.meta.title), root)
    section = only(parse_fragment(markup), "section")
    assert section.get("id")
    _compare(markup, GOLDEN / "kitchen-sink.print.html")


def test_epub_xhtml_of_the_kitchen_sink_chapter(loaded, tmp_path: Path) -> None:
    root, config, book = loaded
    target = tmp_path / "book.epub"
    write_epub(book, config, target, Diagnostics(), WHEN)
    pages = epub_pages(target)
    chapter = _chapter(book)
    name = next(
        name
        for name, data in pages.items()
        if f'id="{chapter.id}"'.encode() in data and b'class="chapter' in data
    )
    document = parse_document(pages[name])
    assert document.tag == "{http://www.w3.org/1999/xhtml}html"
    _compare(normalise(pages[name].decode("utf-8"), root), GOLDEN / "kitchen-sink.epub.xhtml")
