"""Books with parts, nested chapters, front/back matter and a cover."""

from __future__ import annotations

import re
import zipfile

import pytest
from conftest import build_book, epubcheck
from pdftext import outline_pages, pages, squash
from PIL import Image

pytestmark = pytest.mark.slow

SUMMARY = """\
# Summary

[Foreword](foreword.md)

# Part One: Basics

- [Alpha](alpha.md)
    - [Alpha details](alpha-details.md)
- [Beta](beta/README.md)

# Part Two: More

- [Gamma](gamma.md)
- [Draft]()

[Afterword](afterword.md)
"""


@pytest.fixture(scope="module")
def parts_book(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("parts")
    files = {
        "book.toml": '[book]\ntitle = "Parts Book"\nauthors = ["Ann One", "Bob Two"]\ncover = "cover.png"\n'
        '[output.pdf]\ntrim = "6x9"\n',
        "src/SUMMARY.md": SUMMARY,
        "src/foreword.md": "# Foreword\n\nWhy.[^a]\n\n[^a]: A note in the foreword.\n",
        "src/alpha.md": "# Alpha\n\n## Summary\n\nSee [beta's summary](beta/README.md#summary) and [details](alpha-details.md).\n",
        "src/alpha-details.md": "# Alpha details\n\n## Deeper\n\nText.\n",
        "src/beta/README.md": "# Beta\n\n## Summary\n\nBack to [alpha](../alpha.md#summary).\n",
        "src/gamma.md": "# Gamma\n\n" + "Paragraph of text. " * 40 + "\n",
        "src/afterword.md": "# Afterword\n\nDone.\n",
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    Image.new("RGB", (600, 900), (40, 60, 90)).save(root / "cover.png")
    return build_book(root, root / "build")


def test_parts_book_epub_is_valid_and_has_a_cover(parts_book) -> None:
    report = epubcheck(parts_book.epub)
    messages = [(m["severity"], m["ID"], m["message"]) for m in report["messages"]]
    assert report["checker"]["nError"] == 0 and report["checker"]["nWarning"] == 0, messages
    with zipfile.ZipFile(parts_book.epub) as z:
        opf = z.read("EPUB/content.opf").decode()
        assert 'properties="cover-image"' in opf
        assert "EPUB/text/cover.xhtml" in z.namelist()
        alpha = z.read("EPUB/text/alpha.xhtml").decode()
        beta = z.read("EPUB/text/beta.xhtml").decode()
    # links across files resolve to the other file's own "Summary" heading
    assert 'href="beta.xhtml#summary-1"' in alpha
    assert 'href="alpha.xhtml#summary"' in beta
    assert 'id="alpha-details"' in alpha  # the nested chapter is a section of Alpha


def test_parts_book_pdf_structure(parts_book) -> None:
    pdf_pages = pages(parts_book.pdf)
    starts = outline_pages(parts_book.pdf)
    assert list(starts) == ["Foreword", "Part One: Basics", "Part Two: More", "Afterword"]
    for index in starts.values():
        assert index % 2 == 0  # right-hand pages
    part_one = pdf_pages[starts["Part One: Basics"]]
    assert "Part One: Basics" in part_one.text and part_one.label == "1"
    assert "PART I" not in part_one.text.replace(" ", "")  # the title already says which part
    text = squash(" ".join(p.text for p in pdf_pages)).lower()
    assert "chapter 1 alpha" in text and "1.2 alpha details" in text and "chapter 3 gamma" in text
    assert "draft" not in text
    # the foreword is front matter (roman), the afterword back matter (arabic, unnumbered)
    assert re.fullmatch(r"[ivx]+", pdf_pages[starts["Foreword"]].label)
    assert pdf_pages[starts["Afterword"]].label.isdigit()
    assert "chapter" not in pdf_pages[starts["Afterword"]].text.lower()
