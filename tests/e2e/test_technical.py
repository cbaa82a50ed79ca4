"""End to end: the handbook's "Writing technical content" chapter in both outputs."""

from __future__ import annotations

import re
import zipfile

import pikepdf
import pytest
from conftest import HANDBOOK, Built, geometry_of
from lxml import etree
from pdftext import pages, squash, words_outside

from bookpress.build import load
from bookpress.diagnostics import Diagnostics
from bookpress.model import Figure, Table, query

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def model():
    return load(HANDBOOK, Diagnostics())[1]


@pytest.fixture(scope="module")
def technical(model):
    return next(c for c in model.chapters() if c.source.path.endswith("technical.md"))


@pytest.fixture(scope="module")
def pdf_pages(handbook: Built):
    return pages(handbook.pdf)


def target(chapter, cls, ident):
    return next(n for n in query(chapter) if isinstance(n, cls) and n.attr.id == ident)


def test_figure_caption_is_numbered_in_the_pdf(technical, pdf_pages) -> None:
    figure = target(technical, Figure, "fig-loss")
    assert figure.number == f"{technical.number}.1"
    text = squash(" ".join(p.text for p in pdf_pages))
    assert f"Figure {figure.number}: Training loss of two optimisers" in text


def test_page_reference_equals_the_page_of_the_figure(technical, pdf_pages) -> None:
    number = target(technical, Figure, "fig-loss").number
    # "[@fig-loss]{.page}" in the table of reference kinds
    ref_page = next(p for p in pdf_pages if "[@fig-loss]{.page}" in p.text)
    match = re.search(rf"Figure {re.escape(number)} on page (\d+)", squash(ref_page.text))
    assert match, squash(ref_page.text)
    figure_page = next(p for p in pdf_pages if f"Figure {number}: Training loss" in squash(p.text))
    assert match.group(1) == figure_page.label


def test_footnote_is_on_the_page_of_its_call(pdf_pages) -> None:
    call_page = next(p for p in pdf_pages if "defined anywhere in the chapter, or" in squash(p.text))
    assert "Gradient clipping was popularised" in squash(call_page.text)
    assert re.search(r"^\s*1\. Gradient clipping", call_page.text, re.M), "numbered afresh in the chapter"
    inline_page = next(p for p in pdf_pages if "page that calls it and numbered afresh" in squash(p.text))
    assert "Numbering restarts with every chapter" in squash(inline_page.text)


def test_long_table_repeats_its_header(technical, pdf_pages) -> None:
    table = target(technical, Table, "tbl-runs")
    assert len(table.body) == 45
    header_pages = [p for p in pdf_pages if re.search(r"#\s+Run\s+Parameters\s+Learning rate", p.text)]
    assert len(header_pages) >= 2
    assert all(re.search(r"run-\d{3}", p.text) for p in header_pages)


def test_nothing_leaves_the_text_block_long_code_wide_table(handbook: Built, pdf_pages) -> None:
    text = squash(" ".join(p.text for p in pdf_pages))
    assert "option_39=273)" in text  # the end of the 400-character line is printed
    assert "57,000" in text and "2.32" in text  # the 11-column table, last columns included
    assert words_outside(handbook.pdf, geometry_of(HANDBOOK, handbook.pdf)) == []


def test_math_is_drawn_not_printed_as_source(handbook: Built, pdf_pages) -> None:
    text = squash(" ".join(p.text for p in pdf_pages))
    # The Markdown source is shown in code; the rendered formulas are paths, not text.
    assert "gives $\\alpha" not in text and "gives \\alpha" not in text
    assert "too: e^" not in text and "too: \\(" not in text
    with pikepdf.open(handbook.pdf) as pdf:
        images = sum(
            1
            for page in pdf.pages
            for _n, x in (page.resources.get("/XObject") or {}).items()
            if x.get("/Subtype") == "/Image"
        )
    assert images >= 3  # PNG, JPEG and GIF figures


def test_listing_is_numbered_and_highlighted(technical, pdf_pages) -> None:
    text = squash(" ".join(p.text for p in pdf_pages))
    assert f"Listing {technical.number}.1: A training step with gradient clipping" in text


def test_epub_math_footnotes_and_manifest(handbook: Built, technical) -> None:
    with zipfile.ZipFile(handbook.epub) as z:
        xhtml = z.read(f"EPUB/text/{technical.id}.xhtml")
        opf = z.read("EPUB/content.opf").decode()
    root = etree.fromstring(xhtml)
    ns = {
        "m": "http://www.w3.org/1998/Math/MathML",
        "h": "http://www.w3.org/1999/xhtml",
        "e": "http://www.idpf.org/2007/ops",
    }
    maths = root.findall(".//m:math", ns)
    assert len(maths) >= 3
    assert all(m.get("alttext") for m in maths)
    assert any(m.get("display") == "block" for m in maths)
    assert re.search(rf'href="text/{technical.id}.xhtml"[^>]*properties="mathml"', opf) or re.search(
        rf'properties="mathml"[^>]*href="text/{technical.id}.xhtml"', opf
    )
    noterefs = root.findall(".//h:a[@e:type='noteref']", ns)
    notes = root.findall(".//h:aside[@e:type='footnote']", ns)
    assert len(noterefs) == len(notes) == 2
    for ref in noterefs:
        assert root.find(f".//h:aside[@id='{ref.get('href')[1:]}']", ns) is not None
    figure = root.find(".//h:figure[@id='fig-loss']", ns)
    assert figure.find(".//h:img", ns).get("alt").startswith("Training loss")
    assert root.findall(".//h:span[@class='t-k']", ns), "code is highlighted in the EPUB too"
