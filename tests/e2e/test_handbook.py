"""End-to-end: build the sample book with the real engines and inspect it."""

from __future__ import annotations

import re
import zipfile

import pikepdf
import pytest
from conftest import HANDBOOK, Built, build_book, epubcheck, geometry_of, run_bookpress
from lxml import etree
from pdftext import outline_pages, outline_titles, overlapping_words, pages, squash, words_outside

from bookpress.build import load
from bookpress.diagnostics import Diagnostics
from bookpress.model import Part, plain_text

pytestmark = pytest.mark.slow

BOOK_TITLE = "The bookpress Handbook"


@pytest.fixture(scope="module")
def model():
    book = load(HANDBOOK, Diagnostics())[1]
    assert len(list(book.chapters())) >= 10  # tests looping over the chapters loop over something
    return book


def toc_entries(entries):
    for entry in entries:
        yield entry
        yield from toc_entries(entry.children)


def part_titles(model) -> list[str]:
    return [plain_text(item.title) for item in model.body if isinstance(item, Part)]


@pytest.fixture(scope="module")
def pdf_pages(handbook: Built):
    return pages(handbook.pdf)


def test_build_reports_outputs_and_no_warnings(handbook: Built, pdf_pages) -> None:
    assert handbook.pdf.name == "the-bookpress-handbook.pdf"
    assert handbook.epub.name == "the-bookpress-handbook.epub"
    assert f"({len(pdf_pages)} pages, print profile)" in handbook.stdout
    assert "no warnings" in handbook.stdout
    assert not [line for line in handbook.stderr.splitlines() if ": warning:" in line or ": error:" in line]
    assert "render pdf:" in handbook.stderr  # one line per stage in a log
    assert len(pdf_pages) >= 20


def test_trim_size_is_7_by_9_25_inches_on_every_page(handbook: Built) -> None:
    with pikepdf.open(handbook.pdf) as pdf:
        assert len(pdf.pages) >= 20
        for page in pdf.pages:
            box = [float(v) for v in page.mediabox]
            assert box == pytest.approx([0, 0, 504, 666], abs=0.01)
            assert "/TrimBox" in page.obj


def test_page_labels_roman_front_matter_then_arabic_from_one(handbook: Built, model, pdf_pages) -> None:
    with pikepdf.open(handbook.pdf) as pdf:
        assert "/PageLabels" in pdf.Root
    labels = [p.label for p in pdf_pages]
    assert labels[0] == "i"
    first_body = outline_pages(handbook.pdf, part_titles(model))[plain_text(model.body[0].title)]
    assert labels[first_body] == "1"
    assert first_body > 0  # a title page at least comes before the body
    assert all(re.fullmatch(r"[ivxl]+", label) for label in labels[:first_body])
    assert labels[first_body:] == [str(n) for n in range(1, len(labels) - first_body + 1)]


def test_every_chapter_starts_on_a_right_hand_page(handbook: Built, model) -> None:
    starts = outline_pages(handbook.pdf, part_titles(model))
    for chapter in model.chapters():
        index = starts[plain_text(chapter.title)]
        assert index % 2 == 0, f"{plain_text(chapter.title)} starts on physical page {index + 1}"


def test_chapter_title_is_on_the_page_the_outline_points_to(handbook: Built, model, pdf_pages) -> None:
    starts = outline_pages(handbook.pdf, part_titles(model))
    for chapter in model.chapters():
        title = plain_text(chapter.title)
        assert title in squash(pdf_pages[starts[title]].text)


def toc_text(pdf_pages, starts: dict[str, int]) -> str:
    """The text of the contents pages: from "Contents" to the first chapter."""
    first = next(p.index for p in pdf_pages if p.lines and p.lines[0].strip() == "Contents")
    end = min(starts.values())
    return "\n".join(p.text for p in pdf_pages[first:end])


def test_toc_page_numbers_match_where_chapters_start(handbook: Built, model, pdf_pages) -> None:
    starts = outline_pages(handbook.pdf, part_titles(model))
    contents = toc_text(pdf_pages, starts)
    for chapter in model.chapters():
        title = plain_text(chapter.title)
        match = re.search(rf"{re.escape(title)}\s*[.\s]*\s([ivxl]+|\d+)\s*$", contents, re.M)
        assert match, f"{title} not in the table of contents"
        start = pdf_pages[starts[title]]
        assert title in squash(start.text)
        assert match.group(1) == start.label, (
            f"TOC says {title} is on {match.group(1)}, it is on {start.label}"
        )


def test_section_numbers_in_toc_match_their_pages(handbook: Built, model, pdf_pages) -> None:
    contents = toc_text(pdf_pages, outline_pages(handbook.pdf, part_titles(model)))
    body = next(model.body_chapters())
    section = body.blocks and next(
        e for e in next(t for t in toc_entries(model.toc) if t.id == body.id).children
    )
    title = plain_text(section.title)
    match = re.search(rf"{re.escape(section.number)}\s+{re.escape(title)}[ .]*(\d+)\s*$", contents, re.M)
    assert match
    page = next(p for p in pdf_pages if p.label == match.group(1))
    assert f"{section.number} {title}" in squash(page.text)


def test_running_heads_on_body_pages_and_none_on_openers_or_blanks(handbook: Built, model, pdf_pages) -> None:
    parts = part_titles(model)
    starts = set(outline_pages(handbook.pdf, parts).values())
    chapter_titles = [plain_text(c.title) for c in model.chapters()]
    body_pages = [p for p in pdf_pages if p.label.isdigit()]
    blanks = [p for p in pdf_pages if p.blank]
    assert blanks, "expected blank pages before right-hand chapter openings"
    heads = 0
    for page in body_pages:
        if page.blank:
            continue
        top = page.lines[0]
        if top.strip() == "Colophon":  # a page of its own, with no running head
            assert page.index == len(pdf_pages) - 1
            continue
        if page.index in starts:
            assert page.label not in top.split(), f"folio on the opener page {page.label}"
            assert BOOK_TITLE not in top
            continue
        if int(page.label) % 2 == 0:  # verso: the part's title, or the book's outside parts
            assert any(t in top for t in [BOOK_TITLE, *parts]) and top.split()[0] == page.label, top
        else:  # recto
            assert top.split()[-1] == page.label, top
            assert any(t in top for t in chapter_titles), top
        heads += 1
    assert heads >= 5


def test_outline_has_an_entry_per_part_and_chapter(handbook: Built, model) -> None:
    expected = [plain_text(c.title) for c in model.front]
    for item in model.body:
        expected.append(plain_text(item.title))
        if isinstance(item, Part):
            expected.extend(plain_text(c.title) for c in item.chapters)
    expected.extend(plain_text(c.title) for c in model.back)
    assert outline_titles(handbook.pdf, part_titles(model)) == expected


def test_metadata_title_author_language(handbook: Built) -> None:
    with pikepdf.open(handbook.pdf) as pdf:
        info = pdf.docinfo
        assert str(info["/Title"]) == BOOK_TITLE
        assert str(info["/Author"]) == "The bookpress team"
        assert str(pdf.Root.Lang) == "en"


def test_every_font_is_embedded(handbook: Built) -> None:
    seen = 0
    with pikepdf.open(handbook.pdf) as pdf:
        for page in pdf.pages:
            for _name, font in (page.resources.get("/Font") or {}).items():
                descendants = font.get("/DescendantFonts")
                target = descendants[0] if descendants else font
                descriptor = target.get("/FontDescriptor")
                assert descriptor is not None, f"font {font.get('/BaseFont')} has no descriptor"
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font.get(
                    "/BaseFont"
                )
                seen += 1
    assert seen > 0


def test_no_word_sticks_out_of_the_text_block(handbook: Built, pdf_pages) -> None:
    # The long comment in a code block of the Markdown chapter wraps instead of running off.
    assert "read and transform the whole book, once" in squash("\n".join(p.text for p in pdf_pages))
    assert words_outside(handbook.pdf, geometry_of(HANDBOOK, handbook.pdf)) == []
    assert overlapping_words(handbook.pdf) == []


def test_footnote_text_is_on_the_page_of_its_call(pdf_pages) -> None:
    page = next(p for p in pdf_pages if "Notes at the foot of the page hold" in squash(p.text))
    assert "Like this one." in page.text


def test_epub_passes_epubcheck_with_no_errors_and_no_warnings(handbook: Built) -> None:
    report = epubcheck(handbook.epub)
    messages = [(m["severity"], m["ID"], m["message"]) for m in report["messages"]]
    assert report["checker"]["nFatal"] == 0, messages
    assert report["checker"]["nError"] == 0, messages
    assert report["checker"]["nWarning"] == 0, messages


def test_epub_structure(handbook: Built, model) -> None:
    with zipfile.ZipFile(handbook.epub) as z:
        names = z.namelist()
        assert names[0] == "mimetype"
        assert z.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        opf = etree.fromstring(z.read("EPUB/content.opf"))
        chapter_files = [n for n in names if n.startswith("EPUB/text/") and n.endswith(".xhtml")]
        for chapter in model.chapters():
            assert f"EPUB/text/{chapter.id}.xhtml" in chapter_files
        nav = z.read("EPUB/nav.xhtml").decode()
        assert 'epub:type="toc"' in nav
        assert "EPUB/toc.ncx" in names
        images = [n for n in names if n.startswith("EPUB/images/")]
        assert images, "the handbook's figure must be packaged"
    ns = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
    modified = opf.find(".//opf:meta[@property='dcterms:modified']", ns).text
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", modified)
    identifier = opf.find(".//dc:identifier", ns).text
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", identifier)
    assert opf.find(".//dc:language", ns).text == "en"
    creators = opf.findall(".//dc:creator", ns)
    assert len({c.get("id") for c in creators}) == len(creators) >= 1


def test_epub_links_between_chapters_point_to_the_right_file(handbook: Built, model) -> None:
    with zipfile.ZipFile(handbook.epub) as z:
        preface = z.read(f"EPUB/text/{model.front[0].id}.xhtml").decode()
    body = next(model.body_chapters())
    assert f'href="{body.id}.xhtml"' in preface


def test_handbook_passes_preflight(handbook: Built) -> None:
    result = run_bookpress("check", HANDBOOK, "--pdf", handbook.pdf)
    assert result.returncode == 0, result.stdout
    assert "0 errors, 0 warnings" in result.stdout


@pytest.mark.parametrize("profile", ["press", "screen"])
def test_handbook_builds_in_every_profile_and_passes_preflight(tmp_path, profile: str) -> None:
    built = build_book(HANDBOOK, tmp_path, "--format", "pdf", "--profile", profile)
    assert f"{profile} profile" in built.stdout
    if profile == "press":  # preflighted by the build itself
        assert re.search(r"Preflight .*\(press\): \d+ pages, .* — 0 errors", built.stdout), built.stdout
    else:
        result = run_bookpress("check", HANDBOOK, "--pdf", built.pdf, "--profile", profile)
        assert result.returncode == 0 and "0 errors, 0 warnings" in result.stdout, result.stdout


def _page_words(text: str) -> str:
    """A page's text as one line, words broken at a line end joined again."""
    return squash(re.sub(r"[-\u2010]\n\s*", "", text)).casefold()


def test_index_page_numbers_are_the_pages_of_the_marked_words(handbook: Built, model, pdf_pages) -> None:
    from bookpress.model import IndexBlock, IndexTerm, query

    [block] = [n for n in query(model) if isinstance(n, IndexBlock)]
    marked = {m.id: plain_text(m.children) for m in query(model) if isinstance(m, IndexTerm)}
    starts = outline_pages(handbook.pdf, part_titles(model))
    index_text = squash(" ".join(p.text for p in pdf_pages[starts["Index"] :]))
    by_label = {p.label: _page_words(p.text) for p in pdf_pages}
    checked = 0
    for group in block.groups:
        for entry in group.entries:
            if not entry.locators or entry.children:
                continue
            match = re.search(rf"(?<![\w-]){re.escape(entry.term)}, ((?:\d+(?:–\d+)?(?:, )?)+)", index_text)
            assert match, f"{entry.term!r} is not in the printed index"
            numbers: list[int] = []
            for item in match.group(1).rstrip(", ").split(", "):
                first, _, last = item.partition("–")
                numbers.extend(range(int(first), int(last or first) + 1))
            assert len(numbers) <= len(entry.locators)
            words = {marked[i].casefold() for i in entry.locators}
            for number in numbers:
                assert any(w in by_label[str(number)] for w in words), (
                    f"{entry.term!r}: nothing marked on page {number}"
                )
                checked += 1
    assert checked >= 15
