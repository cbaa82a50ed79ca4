"""What fuzzing found, kept as plain examples: each failed before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from markup_check import EPUB, XHTML, parse_document

from .manuscripts import FIXED_FILES
from .test_pipeline_fuzz import markup_of, write_book

BOOK_TOML = '[book]\ntitle = "Found"\nchapters = ["a.md"]\n'
NS = {"h": XHTML, "e": EPUB}


def documents(tmp_path: Path, chapter: str) -> dict[str, bytes]:
    root = write_book(tmp_path, {**FIXED_FILES, "book.toml": BOOK_TOML, "a.md": chapter})
    found = dict(markup_of(root))
    assert found, "the book stopped with a diagnostic"
    return found


@pytest.mark.parametrize("title", ["# Introduction[^1]", "# Introduction^[On the title.]"])
def test_a_note_called_in_the_chapter_title_is_note_one(tmp_path: Path, title: str) -> None:
    # The footnotes transform numbered the calls in the blocks only; the print
    # writer then failed an assertion on the title's unnumbered call.
    found = documents(tmp_path, f"{title}\n\nText[^2].\n\n[^1]: On the title.\n\n[^2]: On the text.\n")
    print_html = found["print.html"].decode()
    assert 0 < print_html.index('id="a-fn-1"') < print_html.index('id="a-fn-2"')
    chapter = parse_document(next(data for name, data in found.items() if name.endswith("/a.xhtml")))
    call = chapter.find(".//h:h1/h:a", NS)
    assert call is not None
    assert call.get(f"{{{EPUB}}}type") == "noteref"
    assert call.get("href") == "#a-fn-1"
    assert [a.get("id") for a in chapter.findall(".//h:aside", NS)] == ["a-fn-1", "a-fn-2"]


def test_an_attribute_written_twice_leaves_the_xhtml_well_formed(tmp_path: Path) -> None:
    # {data-x=1 data-x=2} was written as two data-x attributes: the EPUB's
    # pages were not XML and the accessibility check raised a traceback.
    chapter = '# A\n\n## Section {data-x=1 data-x=2 data-running=x}\n\n[text]{data-x=1 data-x=2}\n\n[l](#a "t"){title=u}\n'
    found = documents(tmp_path, chapter)
    page = parse_document(next(data for name, data in found.items() if name.endswith("/a.xhtml")))
    spans = [s for s in page.iter(f"{{{XHTML}}}span") if s.get("data-x")]
    assert len(spans) == 1
    assert page.find(".//h:h2", NS).get("data-running") == "Section"
