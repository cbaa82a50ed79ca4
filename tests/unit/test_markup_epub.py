"""Node → markup: the EPUB's XHTML writer.

Every node type is written and parsed as XML; then what the EPUB writes
differently from the shared writer: links between chapter files, pop-up
footnotes, MathML, packaged images, and the epub:type/role semantics.
"""

from __future__ import annotations

import pytest
from markup_check import (
    EPUB,
    MATHML,
    book_of,
    chapter_of,
    classes,
    epub_writer,
    only,
    parse_fragment,
    text_of,
)

from bookpress.model import (
    Attr,
    Callout,
    Chapter,
    Code,
    CodeBlock,
    CrossRef,
    Figure,
    FootnoteDef,
    FootnoteRef,
    Heading,
    Image,
    IndexBlock,
    Link,
    Math,
    MathBlock,
    Paragraph,
    Part,
    RawBlock,
    SourceRef,
    Text,
    TocEntry,
)

from .test_markup_html import BLOCK_EXAMPLES, INLINE_EXAMPLES, NOTE

EPUB_TYPE = f"{{{EPUB}}}type"


def two_chapters() -> tuple[Chapter, Chapter]:
    first = chapter_of(
        Paragraph((Text("a"), FootnoteRef("n", number=1, id="ch-fnref-1"))),
        footnotes=(NOTE,),
    )
    second = Chapter(
        "second",
        (Text("Second"),),
        (Heading(2, (Text("Far"),), Attr("sec-far")),),
        SourceRef("b.md", 1),
    )
    return first, second


@pytest.mark.parametrize("kind", list(INLINE_EXAMPLES), ids=lambda k: k.__name__)
def test_every_inline_is_written_as_well_formed_xhtml(kind: type) -> None:
    writer = epub_writer(book_of(*two_chapters()))
    root = parse_fragment(writer.inline(INLINE_EXAMPLES[kind]))
    assert len(root) or (root.text or "").strip(), f"{kind.__name__} wrote nothing"


@pytest.mark.parametrize("kind", list(BLOCK_EXAMPLES), ids=lambda k: k.__name__)
def test_every_block_is_written_as_one_xhtml_element(kind: type) -> None:
    writer = epub_writer(book_of(*two_chapters()))
    root = parse_fragment(writer.block(BLOCK_EXAMPLES[kind]))
    assert len(root) == 1, f"{kind.__name__}: {len(root)} top-level elements"


def test_chapter_section_has_its_semantics_and_pop_up_notes() -> None:
    first, second = two_chapters()
    writer = epub_writer(book_of(first, second))
    section = only(parse_fragment(writer.chapter_html(first)), "section")
    assert section.get(EPUB_TYPE) == "chapter"
    assert section.get("role") == "doc-chapter"
    call = only(section, "p/a")
    assert call.attrib == {
        EPUB_TYPE: "noteref",
        "role": "doc-noteref",
        "id": "ch-fnref-1",
        "href": "#ch-fn-1",
    }
    assert only(call, "sup").text == "1"
    notes = only(section, "section[@class='footnotes']")
    assert notes[0].tag == "hr"
    note = only(notes, "aside")
    assert note.attrib == {EPUB_TYPE: "footnote", "role": "doc-footnote", "id": "ch-fn-1"}
    back = only(note, "p[@class='footnote']/a")
    assert back.attrib == {"href": "#ch-fnref-1", "role": "doc-backlink"}
    assert text_of(only(note, "p")) == "1. The note."


def test_a_note_that_opens_with_a_listing_still_has_its_back_link() -> None:
    note = FootnoteDef("n", (CodeBlock("x = 1\n"),))
    chapter = chapter_of(Paragraph((FootnoteRef("n", number=1, id="ch-fnref-1"),)), footnotes=(note,))
    section = only(parse_fragment(epub_writer(book_of(chapter)).chapter_html(chapter)), "section")
    aside = only(section, "section/aside")
    assert [e.tag for e in aside] == ["p", "pre"]
    assert only(aside, "p/a").get("href") == "#ch-fnref-1"


@pytest.mark.parametrize(
    ("kind", "role", "epub_type", "aria"),
    [
        ("body", "", "chapter", "doc-chapter"),
        ("appendix", "", "appendix", "doc-appendix"),
        ("front", "", "frontmatter", None),
        ("back", "", "backmatter", None),
        ("back", "bibliography", "bibliography", "doc-bibliography"),
        ("back", "index", "index", "doc-index"),
    ],
)
def test_section_semantics_by_kind_and_role(kind: str, role: str, epub_type: str, aria: str | None) -> None:
    chapter = Chapter("c", (Text("C"),), (), SourceRef("c.md", 1), kind=kind, role=role)
    section = only(parse_fragment(epub_writer(book_of(chapter)).chapter_html(chapter)), "section")
    assert section.get(EPUB_TYPE) == epub_type
    assert section.get("role") == aria


def test_links_into_another_chapter_name_its_file() -> None:
    first, second = two_chapters()
    writer = epub_writer(book_of(first, second))
    to_section = only(parse_fragment(writer.inline(Link((Text("far"),), "#sec-far"))), "a")
    assert to_section.get("href") == "second.xhtml#sec-far"
    to_chapter = only(parse_fragment(writer.inline(Link((Text("ch"),), "#second"))), "a")
    assert to_chapter.get("href") == "second.xhtml"
    xref = CrossRef("sec-far", target="sec-far", text=(Text("Section 2.1"),))
    assert only(parse_fragment(writer.inline(xref)), "a").get("href") == "second.xhtml#sec-far"
    here = only(parse_fragment(writer.inline(Link((Text("here"),), "#ch-fn-1"))), "a")
    assert here.get("href") == "#ch-fn-1"


def test_contents_from_the_nav_folder() -> None:
    first, second = two_chapters()
    writer = epub_writer(book_of(first, second))
    writer.prefix = "text/"
    writer.current_file = ""
    entries = (
        TocEntry("second", (Text("Second"),), 1, "2", children=(TocEntry("sec-far", (Text("Far"),), 2),)),
    )
    ol = only(parse_fragment(writer.toc_html(entries, 2)), "ol")
    assert [a.get("href") for a in ol.xpath(".//a")] == ["text/second.xhtml", "text/second.xhtml#sec-far"]


def test_raw_html_anchor_to_nowhere_is_dropped_and_one_into_the_book_kept() -> None:
    first, second = two_chapters()
    writer = epub_writer(book_of(first, second))
    node = RawBlock('<p><a href="#nowhere">x</a> <a href="#sec-far">y</a></p>', SourceRef("ch.md", 3))
    p = only(parse_fragment(writer.block(node)), "p")
    assert [a.get("href") for a in p.xpath("a")] == [None, "second.xhtml#sec-far"]
    assert [d.code for d in writer.diagnostics.items] == ["raw-link"]


def test_math_is_mathml_with_its_source_as_alttext() -> None:
    writer = epub_writer()
    inline = only(parse_fragment(writer.inline(Math("x^2"))), "m:math")
    assert inline.get("alttext") == "x^2"
    assert inline.get("display") in (None, "inline")
    assert inline.xpath("//m:msup", namespaces={"m": MATHML})
    block = only(parse_fragment(writer.block(MathBlock("a+b", Attr("eq-1"), number="2.1"))), "div")
    assert block.attrib == {"id": "eq-1", "class": "equation"}
    assert only(block, "m:math").get("display") == "block"
    assert only(block, "span").text == "(2.1)"


def test_math_that_failed_is_its_source() -> None:
    code = only(parse_fragment(epub_writer().inline(Math("\\frac{", error="bad"))), "code")
    assert classes(code) == ["math-source"]
    assert code.text == "$\\frac{$"


def test_images_point_into_the_package_or_are_placeholders() -> None:
    writer = epub_writer(images={"images/dot.png": "images/dot.png"})
    image = only(parse_fragment(writer.inline(Image("images/dot.png", "A dot"))), "img")
    assert image.attrib == {"src": "../images/dot.png", "alt": "A dot"}
    missing = only(parse_fragment(writer.inline(Image("images/gone.png", "Gone"))), "span")
    assert classes(missing) == ["missing-image"]
    figure = only(
        parse_fragment(writer.block(Figure(Image("images/dot.png", "d"), (Text("Cap"),)))), "figure"
    )
    assert only(figure, "img").get("src") == "../images/dot.png"


def test_part_and_callout_and_index_semantics() -> None:
    writer = epub_writer()
    part = only(parse_fragment(writer.part_html(Part("p1", (Text("One"),), ()))), "section")
    assert part.get(EPUB_TYPE) == "part"
    assert part.get("role") == "doc-part"
    aside = only(parse_fragment(writer.block(Callout("tip", (Paragraph((Text("x"),)),)))), "aside")
    assert aside.get("role") == "note"
    assert classes(aside) == ["callout", "callout-tip"]
    index = parse_fragment(writer.block(BLOCK_EXAMPLES[IndexBlock]))
    kinds = [e.get(EPUB_TYPE) for e in index.iter() if e.get(EPUB_TYPE)]
    assert kinds == [
        "index-group",
        "index-entry-list",
        "index-entry",
        "index-term",
        "index-locator-list",
        "index-locator",
    ]


def test_inline_code_is_escaped_in_xhtml() -> None:
    code = only(parse_fragment(epub_writer().inline(Code("<T>&"))), "code")
    assert code.text == "<T>&"
