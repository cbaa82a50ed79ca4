"""No link inside a link: in chapters, in contents entries, in raw HTML."""

from __future__ import annotations

from lxml import etree

from bookpress.diagnostics import Diagnostics
from bookpress.model import (
    Book,
    Chapter,
    CrossRef,
    FootnoteRef,
    Image,
    Link,
    Meta,
    Paragraph,
    SourceRef,
    Text,
    TocEntry,
    plain_text,
    query,
)
from bookpress.transforms import Context, nested_links
from bookpress.writers.markup import HtmlWriter
from bookpress.writers.raw_links import repair_links

from .util import load_book, nodes, with_code


def links_inside_links(html: str) -> list[str]:
    root = etree.fromstring(f"<div>{html}</div>")
    return [a.get("href", "") for a in root.iter("a") if any(p.tag == "a" for p in a.iterancestors())]


def one_chapter(*inlines) -> Book:
    chapter = Chapter(
        "c", (Text("C"),), (Paragraph(tuple(inlines), SourceRef("c.md", 3)),), SourceRef("c.md", 1)
    )
    return Book(Meta("T"), body=(chapter,))


def run(book: Book) -> tuple[Book, Diagnostics]:
    diagnostics = Diagnostics()
    return nested_links.apply(book, Context(config=None, diagnostics=diagnostics)), diagnostics  # type: ignore[arg-type]


def test_a_link_inside_a_link_keeps_its_text_and_the_outer_target() -> None:
    inner = Link((Text("inner"),), "https://inner.example.org/", source=SourceRef("c.md", 3))
    outer = Link((Text("the outer "), inner, Text(" text")), "https://outer.example.org/")
    book, diagnostics = run(one_chapter(outer))
    (chapter,) = book.chapters()
    [link] = nodes(chapter, Link)
    assert link.url == "https://outer.example.org/"
    assert plain_text(link.children) == "the outer inner text"
    [warning] = with_code(diagnostics, "nested-link")
    assert (warning.path, warning.line) == ("c.md", 3) and "https://inner.example.org/" in warning.message


def test_a_cross_reference_in_link_text_keeps_its_words_and_a_footnote_call_moves_after_the_link() -> None:
    xref = CrossRef("sec-b", target="sec-b", text=(Text("Section 2"),), page=True)
    note = FootnoteRef("n", number=1, id="c-fnref-1")
    outer = Link((Text("see "), xref, note), "https://example.org/")
    book, _ = run(one_chapter(outer, Text(".")))
    (chapter,) = book.chapters()
    [paragraph] = nodes(chapter, Paragraph)
    link, moved, rest = paragraph.children
    assert isinstance(link, Link) and moved == note and rest == Text(".")
    [kept] = nodes(link, CrossRef)
    assert kept.target == "" and not kept.page
    html = HtmlWriter(book, Diagnostics()).inlines(paragraph.children)
    assert links_inside_links(html) == []
    assert "see Section 2" in etree.fromstring(f"<p>{html}</p>").xpath("string(.)")


def test_nested_links_from_the_manuscript(make_book) -> None:
    root = make_book(
        {
            "book.toml": '[book]\ntitle = "N"\nchapters = ["a.md"]\n',
            "a.md": (
                "# A\n\n"
                '[the outer <a href="https://inner.example.org/">inner</a> text](https://outer.example.org/)\n\n'
                '<a href="https://one.example.org/">one <a href="https://two.example.org/">two</a></a>\n\n'
                "## B {#sec-b}\n"
            ),
        }
    )
    _config, book, diagnostics = load_book(root)
    (chapter,) = book.chapters()
    for link in nodes(chapter, Link):
        assert not any(isinstance(n, Link) for child in link.children for n in query(child))
    assert [plain_text(link.children) for link in nodes(chapter, Link)] == ["the outer inner text", "one two"]
    [warning] = with_code(diagnostics, "nested-link")
    assert warning.message.startswith("2 links inside other links")


def test_contents_entries_of_headings_with_links_hold_no_links() -> None:
    title = (
        Text("Details of "),
        Link((Text("the site"),), "https://example.org/"),
        Text(" and "),
        CrossRef("sec-x", target="sec-x", text=(Text("Section 2.2"),)),
        FootnoteRef("n", number=1, id="fnref"),
    )
    entry = TocEntry("sec-details", title, 2, "2.1")
    chapter = TocEntry("c", (Text("C"),), 1, "2", children=(entry,))
    html = HtmlWriter(Book(Meta("T")), Diagnostics()).toc_html((chapter,), depth=2)
    assert links_inside_links(html) == []
    root = etree.fromstring(html)
    [item] = [a for a in root.iter("a") if a.get("href") == "#sec-details"]
    assert item.xpath("string(.)") == "2.1 Details of the site and Section 2.2"


def test_raw_html_links_nested_and_targets_repaired() -> None:
    fragment = (
        '<p>a <a href="https://x.example.org/">x <b>bold <a href="https://y.example.org/">y</a></b> after</a> '
        '<a href="file:///etc/hosts">local</a> <a href="https://example.org/a b">spaced</a></p>'
    )

    def href(url: str) -> str | None:
        return None if url.startswith("file:") else url.replace(" ", "%20")

    html, dropped = repair_links(fragment, href)
    assert links_inside_links(html) == []
    assert html == (
        '<p>a <a href="https://x.example.org/">x <b>bold y</b> after</a> '
        '<a>local</a> <a href="https://example.org/a%20b">spaced</a></p>'
    )
    assert dropped == ["https://y.example.org/", "file:///etc/hosts"]


def test_raw_html_without_links_is_untouched() -> None:
    assert repair_links("<p>plain &amp; simple</p>", lambda url: url) == ("<p>plain &amp; simple</p>", [])


def test_an_image_in_a_heading_is_its_words_in_the_contents() -> None:
    title = (Text("Setup "), Image("badge.svg", "build passing"), Image("icon.png", ""))
    chapter = TocEntry("c", title, 1, "1")
    html = HtmlWriter(Book(Meta("T")), Diagnostics()).toc_html((chapter,), depth=1)
    root = etree.fromstring(html)
    assert list(root.iter("img")) == []
    assert root.xpath("string(.)").strip() == "1 Setup build passing"
