"""End to end: books other people wrote — an mdBook, a folder of READMEs, an MDX
article — and, when ../shared is there, the ml-engineering open book."""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, build_book, epubcheck, geometry_of, run_bookpress
from pdftext import outline_pages, overlapping_words, pages, squash, words_outside

pytestmark = pytest.mark.slow

FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = Path(os.environ.get("BOOKPRESS_CORPUS", ROOT.parent / "shared" / "corpus" / "ml-engineering"))


@pytest.fixture(scope="module", params=["mdbook", "readmes", "mdx"])
def fixture_book(request, tmp_path_factory):
    out = tmp_path_factory.mktemp(request.param)
    return FIXTURES / request.param, build_book(FIXTURES / request.param, out)


def test_fixture_books_build_and_pass_epubcheck(fixture_book) -> None:
    book, built = fixture_book
    report = epubcheck(built.epub)
    messages = [(m["severity"], m["ID"], m["message"]) for m in report["messages"]]
    assert report["checker"]["nFatal"] == 0 and report["checker"]["nError"] == 0, messages
    assert report["checker"]["nWarning"] == 0, messages
    assert words_outside(built.pdf, geometry_of(book, built.pdf)) == []
    assert overlapping_words(built.pdf) == []
    assert "Traceback" not in built.stderr


def test_readmes_book_prints_emoji_cjk_and_wide_tables(tmp_path) -> None:
    built = build_book(FIXTURES / "readmes", tmp_path)
    assert "notdef" not in built.stderr  # every character had a font
    text = squash(" ".join(p.text for p in pages(built.pdf)))
    assert "value-11" in text and "k-long-" in text  # the last column of the 11-column table
    assert "Interactive" not in text
    assert "<jobid>" in text


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    if not (CORPUS / "chapters-md.txt").is_file():
        pytest.skip(f"the ml-engineering corpus is not at {CORPUS} (set BOOKPRESS_CORPUS to run this test)")
    book = tmp_path_factory.mktemp("corpus") / "ml-engineering"
    shutil.copytree(CORPUS, book)
    (book / "book.toml").write_text(
        '[book]\ntitle = "Machine Learning Engineering Open Book"\nauthors = ["Stas Bekman"]\n'
        'license = "CC BY-SA 4.0"\nchapters-file = "chapters-md.txt"\n',
        encoding="utf-8",
    )
    return book, build_book(book, book / "build")


def test_corpus_builds_with_a_valid_epub(corpus) -> None:
    _, built = corpus
    report = epubcheck(built.epub)
    messages = [(m["severity"], m["ID"], m["message"]) for m in report["messages"]]
    assert report["checker"]["nFatal"] == 0 and report["checker"]["nError"] == 0, messages[:20]
    assert report["checker"]["nWarning"] == 0, messages[:20]
    with zipfile.ZipFile(built.epub) as z:
        assert len([n for n in z.namelist() if n.startswith("EPUB/text/") and n.endswith(".xhtml")]) >= 47


def test_corpus_pdf_has_every_chapter_and_nothing_outside_the_page(corpus) -> None:
    book, built = corpus
    assert words_outside(built.pdf, geometry_of(book, built.pdf)) == []
    assert overlapping_words(built.pdf) == []
    listed = [line.strip() for line in (book / "chapters-md.txt").read_text().splitlines() if line.strip()]
    pdf_pages = pages(built.pdf)
    contents = " ".join(p.text for p in pdf_pages[:30])
    titles = []
    for path in listed:
        first = next(
            (
                line
                for line in (book / path).read_text(encoding="utf-8").splitlines()
                if line.startswith("# ")
            ),
            None,
        )
        if first:
            titles.append(first[2:].strip())
    missing = [t for t in titles if squash(t)[:30] not in squash(contents)]
    assert not missing, missing
    assert len(outline_pages(built.pdf)) >= 10
    assert "notdef" not in built.stderr


def test_corpus_passes_preflight(corpus) -> None:
    """What a printer would reject: nothing (low-resolution source images are warnings)."""
    book, built = corpus
    result = run_bookpress("check", book, "--pdf", built.pdf, "--json")
    report = json.loads(result.stdout)
    errors = [(f["page"], f["code"], f["message"]) for f in report["findings"] if f["severity"] == "error"]
    assert result.returncode == 0 and errors == [], errors[:10]


def test_fixture_books_pass_preflight(fixture_book) -> None:
    book, built = fixture_book
    result = run_bookpress("check", book, "--pdf", built.pdf)
    assert result.returncode == 0, result.stdout
