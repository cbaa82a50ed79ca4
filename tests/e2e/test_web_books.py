"""End to end: books written for the web — an MDX article in the style of the
Hugging Face research-article template (imported chapters and images,
components, interactive figures) and an mdBook in the style of the Rust book
(<Listing> elements, HTML listing figures). Nothing of their markup may reach
the page, and the EPUB must pass EPUBCheck."""

from __future__ import annotations

import re
import zipfile

import pikepdf
import pytest
from conftest import ROOT, build_book, epubcheck
from pdftext import pages

pytestmark = pytest.mark.slow

FIXTURES = ROOT / "tests" / "fixtures"
LEAKS = re.compile(r"<\s*/?\s*[A-Z][A-Za-z]+|\{\{#|\bimport \w+ from\b|className|\{[a-z]\w*\}")


@pytest.fixture(scope="module")
def article(tmp_path_factory):
    return build_book(FIXTURES / "web-article", tmp_path_factory.mktemp("web-article"))


@pytest.fixture(scope="module")
def rust_book(tmp_path_factory):
    return build_book(FIXTURES / "rust-listings", tmp_path_factory.mktemp("rust-listings"))


def test_article_prints_its_imports_and_no_markup(article) -> None:
    text = "\n".join(p.text for p in pages(article.pdf))
    assert not LEAKS.findall(text), LEAKS.findall(text)[:5]
    flat = re.sub(r"\s+", "", text)
    assert "TheTinyPlaybook:" in flat and "<br" not in text
    assert "Thedatacomesfirst" in flat
    assert "Figure1.2:Howmanytokenseachsourcegives." in flat
    assert "AsFigure1.2shows" in flat  # a cross-reference to an interactive figure
    assert "example.org/playbook#fig-tokens" in flat  # its place in the online edition
    assert "Howwecounted" in flat and "Wecountedeverytoken" in flat  # the accordion, open
    assert "Token—Apieceoftext" in flat and "AdaLovelace" in flat
    assert article.pdf.name == "the-tiny-playbook-training-small-models.pdf"
    with pikepdf.open(article.pdf) as pdf:
        assert str(pdf.docinfo["/Title"]) == "The Tiny Playbook: Training Small Models"
        drawn = sum(
            1
            for page in pdf.pages
            for xobject in page.images.values()
            if int(xobject.get("/Width", 0)) == 600
        )
    assert drawn >= 3  # the imported image, in the chapter and twice in the stack


def test_article_epub_is_valid_with_iso_date_and_plain_title(article) -> None:
    report = epubcheck(article.epub)
    messages = [(m["severity"], m["ID"], m["message"]) for m in report["messages"]]
    assert report["checker"]["nError"] == 0 and report["checker"]["nFatal"] == 0, messages
    assert report["checker"]["nWarning"] == 0, messages
    with zipfile.ZipFile(article.epub) as z:
        opf = next(z.read(n).decode() for n in z.namelist() if n.endswith(".opf"))
        chapters = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
    assert "<dc:date>2025-10-30" in opf and "<dc:title" in opf and "&lt;br" not in opf
    assert "embed-qr" not in chapters and "Tokens per source" in chapters


def test_rust_book_listings(rust_book) -> None:
    text = "\n".join(p.text for p in pages(rust_book.pdf))
    assert not LEAKS.findall(text), LEAKS.findall(text)[:5]
    flat = re.sub(r"\s+", "", text)
    assert "Filename:src/main.rs" in flat
    assert "Listing1-1:AprogramthatprintsHello,world!" in flat
    assert "Listing1-2:ContentsofCargo.tomlgeneratedbycargonew" in flat
    assert "`" not in text  # the captions' Markdown was read
    assert "Option<T>" in flat and "Vec<T>" in flat
    assert "allow(unused)" not in flat  # rustdoc's hidden line
    report = epubcheck(rust_book.epub)
    assert report["checker"]["nError"] == 0 and report["checker"]["nWarning"] == 0, report["messages"]
