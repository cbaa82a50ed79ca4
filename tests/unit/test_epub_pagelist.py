"""Print page markers in EPUB XHTML: placed at each page's first word, in order,
complete; and a real PDF's pages read without running heads and folios."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from bookpress.writers.epub_pagelist import PrintPage, insert_page_breaks, page_list_nav

MARK = re.compile(r'<span epub:type="pagebreak" role="doc-pagebreak" id="([^"]+)" aria-label="([^"]+)"/>')


def after_marker(doc: str, label: str, size: int = 30) -> str:
    """The text (tags dropped) right after the marker of page ``label``."""
    match = re.search(rf'aria-label="{re.escape(label)}"/>', doc)
    assert match, f"no marker for page {label}"
    return re.sub(r"<[^>]+>", "", doc[match.end() :])[:size]


def test_markers_go_before_each_pages_first_word_in_order() -> None:
    docs = [
        "<section><h1>One</h1><p>Alpha beta gamma delta epsilon zeta eta theta iota kappa.</p></section>",
        "<section><h1>Two</h1><p>Lambda mu nu xi omicron pi rho sigma tau upsilon.</p></section>",
    ]
    pages = [
        PrintPage("1", ("One", "Alpha beta gamma delta")),
        PrintPage("2", ("epsilon zeta eta theta", "iota kappa.")),
        PrintPage("3", ()),  # a blank verso
        PrintPage("4", ("Two", "Lambda mu nu xi")),
        PrintPage("5", ("omicron pi rho sigma tau upsilon.",)),
    ]
    out, breaks = insert_page_breaks(pages, docs)
    assert [b.label for b in breaks] == ["1", "2", "3", "4", "5"]
    assert [b.found for b in breaks] == [True, True, False, True, True]
    assert after_marker(out[0], "1").startswith("One")
    assert after_marker(out[0], "2").startswith("epsilon zeta")
    # The blank page is marked where the next page begins, before its marker.
    assert out[1].index('aria-label="3"') < out[1].index('aria-label="4"')
    assert after_marker(out[1], "4").startswith("Two")
    assert after_marker(out[1], "5").startswith("omicron")
    for doc in out:  # still well-formed
        etree.fromstring(f'<div xmlns:epub="http://www.idpf.org/2007/ops">{doc}</div>')


def test_a_word_hyphenated_across_pages_is_marked_at_its_start() -> None:
    docs = ["<p>The transformation of typographical conventions matters greatly here.</p>"]
    pages = [
        PrintPage("1", ("The transformation of typo-",)),
        PrintPage("2", ("graphical conventions matters",)),
    ]
    out, _ = insert_page_breaks(pages, docs)
    assert after_marker(out[0], "2").startswith("typographical conventions")


def test_ligatures_case_and_quotes_do_not_matter() -> None:
    docs = ["<p>Intro text that fills the page.</p><h2>“Final” ﬁgures</h2><p>Body.</p>"]
    pages = [
        PrintPage("1", ("Intro text that fills the page.",)),
        PrintPage("2", ('"FINAL" FIGURES', "Body.")),
    ]
    out, breaks = insert_page_breaks(pages, docs)
    assert breaks[1].found
    assert after_marker(out[0], "2").startswith("“Final”")


def test_a_numbered_heading_is_marked_before_its_number() -> None:
    docs = [
        '<p>Some words before the heading on the earlier page.</p><h2 id="s"><span class="section-number">2.2</span>'
        " With pip</h2><p>Install it.</p>"
    ]
    pages = [
        PrintPage("1", ("Some words before the heading",)),
        PrintPage("2", ("2.2 With pip", "Install it.")),
    ]
    out, _ = insert_page_breaks(pages, docs)
    assert '<h2 id="s"><span epub:type="pagebreak"' in out[0]
    assert after_marker(out[0], "2").startswith("2.2 With pip")


def test_numbers_ending_the_page_before_stay_on_it() -> None:
    docs = ["<p>It was released in 2026 The next version followed soon after that.</p>"]
    pages = [PrintPage("1", ("It was released in 2026",)), PrintPage("2", ("The next version followed",))]
    out, _ = insert_page_breaks(pages, docs)
    assert after_marker(out[0], "2").startswith("The next")


def test_formulas_and_footnotes_are_not_searched() -> None:
    docs = [
        "<p>Energy is <math><mi>hidden words here</mi></math> conserved in closed systems always.</p>"
        '<section class="footnotes"><aside epub:type="footnote"><p>hidden words here too</p></aside></section>'
    ]
    pages = [PrintPage("1", ("Energy is",)), PrintPage("2", ("hidden words here",))]
    out, breaks = insert_page_breaks(pages, docs)
    assert not breaks[1].found  # not inside MathML, not in a footnote
    assert "<mi><span" not in out[0] and "<p><span epub:type" not in out[0].split("footnotes")[1]


def test_named_destinations_bound_the_search() -> None:
    """A page's text is not taken from beyond the place of an id the PDF shows on a
    later page: the marker would jump ahead and every later page be lost."""
    docs = ['<p>Opening words of the book.</p><h2 id="later">Later</h2><p>a common phrase used here</p>']
    pages = [
        PrintPage("1", ("Opening words of the book.",)),
        PrintPage("2", ("a common phrase used here",)),  # not where the PDF has it
        PrintPage("3", ("Later",), ("later",)),
    ]
    out, breaks = insert_page_breaks(pages, docs)
    assert [b.found for b in breaks] == [True, False, True]
    assert after_marker(out[0], "3").startswith("Later")
    assert out[0].index('aria-label="2"') < out[0].index('aria-label="3"') < out[0].index("Later<")


def test_ids_are_unique_and_the_nav_lists_every_page() -> None:
    docs = ['<p id="page-1">Text of page one, long enough.</p>']
    pages = [PrintPage("1", ("Text of page one",)), PrintPage("ii", ())]
    out, breaks = insert_page_breaks(pages, docs, {"page-1"})
    assert [b.id for b in breaks] == ["page-1-2", "page-ii"]
    assert out[0].count('id="page-1"') == 1
    nav = page_list_nav(breaks, ["text/a.xhtml"])
    root = etree.fromstring(f'<div xmlns:epub="http://www.idpf.org/2007/ops">{nav}</div>')
    links = [(a.get("href"), a.text) for a in root.iter("a")]
    assert links == [("text/a.xhtml#page-1-2", "1"), ("text/a.xhtml#page-ii", "ii")]
    assert 'role="doc-pagelist"' in nav and 'epub:type="page-list"' in nav


@pytest.mark.slow
def test_a_real_pdf_is_read_without_running_heads_and_folios(tmp_path) -> None:
    from weasyprint import HTML

    from bookpress.print_pages import read_print_pages

    css = (
        "@page { size: 300pt 300pt; margin: 50pt; @top-center { content: 'Running Title Of The Book' }"
        " @bottom-center { content: counter(page) } }"
        " p { font-size: 11pt; } h1 { break-before: page; }"
    )
    paragraphs = "".join(f"<p>Paragraph number {n} says something worth reading.</p>" for n in range(40))
    html = f"<html><head><style>{css}</style></head><body><h1 id='a'>First</h1>{paragraphs}</body></html>"
    pdf = tmp_path / "x.pdf"
    HTML(string=html).write_pdf(pdf)
    pages = read_print_pages(pdf)
    assert len(pages) >= 3
    for page in pages:
        assert page.lines, page
        assert not any("Running Title" in line for line in page.lines)
        assert page.lines[-1].strip() != page.label
    assert pages[0].lines[0] == "First"
    assert "a" in pages[0].anchors
    assert pages[1].lines[0].startswith("Paragraph number")


def test_chinese_pages_begin_at_their_character_not_at_the_sentence() -> None:
    docs = ["<p>这是第一页的文字内容很长很长然后第二页从这里开始继续写下去。</p>"]
    pages = [
        PrintPage("1", ("这是第一页的文字内容很长很长然后",)),
        PrintPage("2", ("第二页从这里开始继续写下去。",)),
    ]
    out, breaks = insert_page_breaks(pages, docs)
    assert breaks[1].found
    assert after_marker(out[0], "2").startswith("第二页从这里")


@pytest.mark.slow
def test_a_table_header_repeated_at_the_top_of_a_page_is_not_its_first_text(tmp_path) -> None:
    from weasyprint import HTML

    from bookpress.print_pages import read_print_pages

    css = "@page { size: 300pt 300pt; margin: 40pt; @bottom-center { content: counter(page) } } th { width: 30pt }"
    rows = "".join(f"<tr><td>row {n} of the table</td><td>value {n}</td></tr>" for n in range(60))
    head = "<thead><tr><th>Accelerator memory (GB)</th><th>Peak bandwidth (TBps)</th></tr></thead>"
    html = f"<html><head><style>{css}</style></head><body><table>{head}<tbody>{rows}</tbody></table></body></html>"
    pdf = tmp_path / "t.pdf"
    HTML(string=html).write_pdf(pdf)
    pages = read_print_pages(pdf)
    assert len(pages) >= 3
    for page in pages[1:]:
        assert page.lines[0].startswith("row "), page.lines[:4]
