"""End to end: a small book holding what broke real books' EPUBs — a link
inside link text, a heading with a link and a cross-reference, URLs with
spaces, accents, bad ports and local files, chapters named copyright.md,
cover.md, nav.md and title-page.md, duplicate keys in the .bib and the
author's own References chapter — builds an EPUB EPUBCheck passes without a
warning, and a PDF with one References chapter."""

from __future__ import annotations

import re
import zipfile
from collections import Counter

import pytest
from conftest import ROOT, build_book, epubcheck
from lxml import etree
from pdftext import outline_titles

pytestmark = pytest.mark.slow

BOOK = ROOT / "tests" / "fixtures" / "epub-hostile"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_book(BOOK, tmp_path_factory.mktemp("hostile"))


def pages(epub) -> dict[str, etree._Element]:
    with zipfile.ZipFile(epub) as z:
        return {n: etree.fromstring(z.read(n)) for n in z.namelist() if n.endswith(".xhtml")}


def test_epubcheck_has_nothing_to_say(built) -> None:
    report = epubcheck(built.epub)
    messages = [(m["severity"], m["ID"], m["message"]) for m in report["messages"]]
    checker = report["checker"]
    assert (checker["nFatal"], checker["nError"], checker["nWarning"]) == (0, 0, 0), messages


def test_no_link_inside_a_link_and_every_href_a_url(built) -> None:
    nested = []
    hrefs = []
    for name, root in pages(built.epub).items():
        for a in root.iter(f"{XHTML}a"):
            if any(p.tag == f"{XHTML}a" for p in a.iterancestors()):
                nested.append((name, a.get("href")))
            if a.get("href"):
                hrefs.append(a.get("href"))
    assert nested == []
    assert not [h for h in hrefs if re.search(r"[\s\x00-\x1f\x7f-\U0010ffff|^`{}<>\"]", h)]
    assert not [h for h in hrefs if h.startswith("file:")]
    assert "https://example.org/a%20page%20with%20spaces.html" in hrefs
    assert "https://xn--bcher-kva.example/" in hrefs


def test_chapters_named_like_generated_pages_keep_their_own_files(built) -> None:
    with zipfile.ZipFile(built.epub) as z:
        names = z.namelist()
        opf = z.read("EPUB/content.opf").decode()
    assert len(names) == len(set(n.casefold() for n in names))
    spine = re.findall(r'<itemref idref="([^"]+)"', opf)
    assert len(spine) == len(set(spine))
    manifest_ids = re.findall(r'<item [^>]*id="([^"]+)"', opf)
    assert len(manifest_ids) == len(set(manifest_ids))
    titles = {}
    for name, root in pages(built.epub).items():
        h1 = root.find(f".//{XHTML}h1")
        titles[name] = "".join(h1.itertext()) if h1 is not None else ""
    # every chapter of the manuscript, each once, with its own title
    for title in ("The Author’s Own Title Page", "On Covers", "Copyright and Licence", "Navigating"):
        assert list(titles.values()).count(title) == 1, titles
    # and the generated pages next to them
    generated = [n for n, root in pages(built.epub).items() if root.find(f".//{XHTML}section") is not None]
    kinds = Counter(
        section.get("{http://www.idpf.org/2007/ops}type")
        for n in generated
        for section in pages(built.epub)[n].iter(f"{XHTML}section")
    )
    assert kinds["cover"] == 1 and kinds["titlepage"] == 1 and kinds["copyright-page"] == 1


def test_one_references_chapter_in_both_editions(built) -> None:
    with zipfile.ZipFile(built.epub) as z:
        nav = z.read("EPUB/nav.xhtml").decode()
    assert nav.count(">References<") == 1
    bibliographies = [
        name
        for name, root in pages(built.epub).items()
        for section in root.iter(f"{XHTML}section")
        if section.get("{http://www.idpf.org/2007/ops}type") == "bibliography"
    ]
    assert bibliographies == ["EPUB/text/references.xhtml"]
    assert [t for t in outline_titles(built.pdf) if "References" in t] == ["References"]


def test_the_build_says_what_it_changed_once_per_kind(built) -> None:
    codes = Counter(re.findall(r"warning: .*\[([a-z-]+)\]$", built.stderr, re.M))
    assert codes["duplicate-citation-key"] == 1
    assert codes["nested-link"] == 1 and codes["file-link"] == 1 and codes["invalid-url"] == 1
    assert "Anchor defined twice" not in built.stderr  # print: no chapter took a generated page's id
    assert "Traceback" not in built.stderr
