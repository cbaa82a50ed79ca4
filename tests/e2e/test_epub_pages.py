"""End-to-end: the EPUB built with the PDF carries the print page numbers at the
right words, claims only the accessibility it has, and prints no page numbers
in its text (Kindle-safe). Real WeasyPrint, ebooklib and EPUBCheck."""

from __future__ import annotations

import random
import re
import zipfile
from pathlib import Path

import pikepdf
import pytest
from conftest import HANDBOOK, Built, build_book, epubcheck, run_bookpress
from lxml import etree

from bookpress.print_pages import read_print_pages
from bookpress.writers.epub_pagelist import letters

pytestmark = pytest.mark.slow

X = "{http://www.w3.org/1999/xhtml}"
OPS = "{http://www.idpf.org/2007/ops}"
SAMPLED = 20


def spine_documents(epub: Path) -> list[tuple[str, etree._Element]]:
    with zipfile.ZipFile(epub) as archive:
        opf = archive.read("EPUB/content.opf").decode()
        hrefs = {uid: href for href, uid in re.findall(r'<item href="([^"]+)" id="([^"]+)"', opf)}
        order = re.findall(r'<itemref idref="([^"]+)"', opf)
        return [(hrefs[uid], etree.fromstring(archive.read("EPUB/" + hrefs[uid]))) for uid in order]


def opf_of(epub: Path) -> str:
    with zipfile.ZipFile(epub) as archive:
        return archive.read("EPUB/content.opf").decode()


def text_after_markers(epub: Path) -> dict[str, str]:
    """For each page marker, the letters of the reading text that follow it (formulas,
    drawings, navigation and footnotes left out, as print has them elsewhere)."""
    stream: list[tuple[str, str]] = []

    def walk(node: etree._Element) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        skipped = tag.endswith(("}math", "}svg", "}nav")) or "footnotes" in (node.get("class") or "")
        if not skipped:
            if tag == X + "span" and "pagebreak" in (node.get(OPS + "type") or ""):
                stream.append(("mark", node.get("aria-label") or ""))
            stream.append(("text", node.text or ""))
            for child in node:
                walk(child)
        stream.append(("text", node.tail or ""))

    for _, root in spine_documents(epub):
        walk(root.find(X + "body"))
    after = {}
    for n, (kind, value) in enumerate(stream):
        if kind == "mark":
            following = "".join(v for k, v in stream[n + 1 : n + 300] if k == "text")
            after[value] = letters(following)[:200]
    return after


def pdf_labels(pdf: Path) -> list[str]:
    with pikepdf.open(pdf) as document:
        return [str(page.label) for page in document.pages]


def test_every_pdf_page_has_a_marker_in_order_and_in_the_page_list(handbook: Built) -> None:
    labels = pdf_labels(handbook.pdf)
    assert len(labels) >= 60 and labels[0] == "i" and "1" in labels
    markers = [
        span.get("aria-label")
        for _, root in spine_documents(handbook.epub)
        for span in root.iter(X + "span")
        if span.get(OPS + "type") == "pagebreak"
    ]
    assert markers == labels
    with zipfile.ZipFile(handbook.epub) as archive:
        nav = etree.fromstring(archive.read("EPUB/nav.xhtml"))
    [page_list] = [n for n in nav.iter(X + "nav") if n.get(OPS + "type") == "page-list"]
    assert page_list.get("role") == "doc-pagelist"
    assert [a.text for a in page_list.iter(X + "a")] == labels
    hrefs = [a.get("href") for a in page_list.iter(X + "a")]
    documents = dict(spine_documents(handbook.epub))
    for href in hrefs:
        file, ident = href.split("#")
        assert documents[file].xpath(f'//*[@id="{ident}"]'), href


def test_twenty_random_pages_begin_at_their_marker(handbook: Built) -> None:
    """The text after the marker of page N is the first text of PDF page N (letters
    only: hyphenation, ligatures, case and numbering set aside). Sampled from the
    body's pages with text; the front matter's contents and lists exist in print only."""
    pages = read_print_pages(handbook.pdf)
    after = text_after_markers(handbook.epub)
    body = [p for p in pages if p.label.isdigit() and letters("".join(p.lines))]
    assert len(body) >= SAMPLED
    sample = random.Random(16).sample(body, SAMPLED)
    missed = []
    for page in sample:
        first = letters("".join(page.lines))[:12]
        if first not in after[page.label][: len(first) + 20]:  # a word cut by a hyphen starts before
            missed.append((page.label, first, after[page.label][:40]))
    assert len(missed) <= 1, missed  # the colophon is printed only


def test_the_page_list_is_declared_and_the_claim_earned(handbook: Built) -> None:
    opf = opf_of(handbook.epub)
    for feature in ("printPageNumbers", "pageBreakMarkers", "pageNavigation", "alternativeText", "MathML"):
        assert f'<meta property="schema:accessibilityFeature">{feature}</meta>' in opf
    assert "<dc:source>urn:bookpress:print:the-bookpress-handbook</dc:source>" in opf
    assert '<meta property="pageBreakSource">urn:bookpress:print:the-bookpress-handbook</meta>' in opf
    assert "EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>" in opf
    assert "epub-accessibility" not in handbook.stderr


def test_epubcheck_accepts_the_epub_with_its_page_list(handbook: Built) -> None:
    report = epubcheck(handbook.epub)
    messages = [(m["severity"], m["ID"], m["message"]) for m in report["messages"]]
    assert report["checker"]["nFatal"] == report["checker"]["nError"] == 0, messages
    assert report["checker"]["nWarning"] == 0, messages


def test_an_epub_built_alone_has_no_page_list_and_claims_none(tmp_path: Path) -> None:
    built = build_book(HANDBOOK, tmp_path, "--format", "epub")
    opf = opf_of(built.epub)
    assert "printPageNumbers" not in opf and "pageBreakSource" not in opf and "<dc:source>" not in opf
    assert "EPUB Accessibility 1.1 - WCAG 2.1 Level AA" in opf  # the rest still holds
    with zipfile.ZipFile(built.epub) as archive:
        assert b"page-list" not in archive.read("EPUB/nav.xhtml")
        assert not any(b"pagebreak" in archive.read(n) for n in archive.namelist() if n.endswith(".xhtml"))
    report = epubcheck(built.epub)
    assert (report["checker"]["nError"], report["checker"]["nWarning"]) == (0, 0), report["messages"]


def small_book(root: Path, chapter: str) -> Path:
    (root / "src" / "images").mkdir(parents=True)
    (root / "book.toml").write_text(
        '[book]\ntitle = "Small"\nauthors = ["A. Author"]\nlanguage = "en"\nsrc = "src"\n', encoding="utf-8"
    )
    (root / "src" / "one.md").write_text(chapter, encoding="utf-8")
    png = HANDBOOK / "src" / "images" / "loss-curve.png"
    (root / "src" / "images" / "plot.png").write_bytes(png.read_bytes())
    return root


def test_an_image_without_alt_withholds_the_claim_with_a_warning_at_its_place(tmp_path: Path) -> None:
    book = small_book(
        tmp_path / "book",
        "# One\n\nSome text before the picture.\n\n![](images/plot.png)\n\nAnd after it.\n",
    )
    result = run_bookpress("build", book, "--out", tmp_path / "out", "--format", "epub")
    assert result.returncode == 0, result.stderr
    assert re.search(
        r"src/one\.md:5(:\d+)?: warning: image 'plot\.png' has no alternative text \[epub-image-alt\]",
        result.stderr,
    ), result.stderr
    assert "check 'image-alt' failed" in result.stderr and "[epub-accessibility]" in result.stderr
    [epub] = (tmp_path / "out").glob("*.epub")
    opf = opf_of(epub)
    assert "dcterms:conformsTo" not in opf and "a11y:certifiedBy" not in opf
    assert "alternativeText" not in opf
    assert '<meta property="schema:accessModeSufficient">textual,visual</meta>' in opf
    report = epubcheck(epub)
    assert (report["checker"]["nError"], report["checker"]["nWarning"]) == (0, 0), report["messages"]


def test_kindle_safe_references_name_sections_and_the_index_links_to_places(tmp_path: Path) -> None:
    """A reference that prints "on page N" reads "Section 1.1" in the EPUB, and
    the index's locators are links to the marked places, labelled by section."""
    book = small_book(
        tmp_path / "book",
        "# One\n\nSee [@sec-two]{.page} for the [details]{.index}.\n\n"
        "## Two {#sec-two}\n\nThe [details]{.index} are here, with the [index]{.index}.\n",
    )
    built = build_book(book, tmp_path / "out")
    from pdftext import pages

    printed = " ".join(page.text for page in pages(built.pdf))
    assert re.search(r"Section 1\.1\s+on\s+page\s+\d+", printed), printed[:2000]
    documents = dict(spine_documents(built.epub))
    texts = {name: " ".join("".join(root.itertext()).split()) for name, root in documents.items()}
    chapter = next(t for t in texts.values() if "See Section 1.1" in t)
    assert "on page" not in chapter and "See Section 1.1 for the details." in chapter
    locators = [
        a
        for root in documents.values()
        for a in root.iter(X + "a")
        if "index-locator" in (a.get("class") or "").split()
    ]
    assert locators
    for locator in locators:
        file, _, ident = locator.get("href").partition("#")
        target = documents["text/" + file]
        assert ident and target.xpath(f'//*[@id="{ident}"]'), locator.get("href")
        assert re.fullmatch(r"\d+(\.\d+)*", locator.text or ""), locator.text  # a section, never a page
    assert {loc.text for loc in locators} <= {"1", "1.1"}
