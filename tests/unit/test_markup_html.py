"""Node → markup: the shared HTML writer, and the print writer where it differs.

Each test feeds one model node to a writer and reads the markup back with a
strict XML parser (the writer promises well-formed XML), then asserts on
elements, classes and attributes.
"""

from __future__ import annotations

from typing import get_args

import pytest
from markup_check import (
    book_of,
    chapter_of,
    classes,
    html_writer,
    only,
    parse_fragment,
    print_writer,
    text_of,
)

from bookpress import model
from bookpress.diagnostics import Diagnostics
from bookpress.limits import LONG_WORD_CHARS
from bookpress.model import (
    Attr,
    BlockQuote,
    Callout,
    Chapter,
    Citation,
    CiteItem,
    Code,
    CodeBlock,
    CrossRef,
    DefinitionItem,
    DefinitionList,
    Div,
    Emph,
    Figure,
    FootnoteDef,
    FootnoteRef,
    Heading,
    Image,
    IndexBlock,
    IndexEntry,
    IndexGroup,
    IndexTerm,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Math,
    MathBlock,
    Paragraph,
    Part,
    RawBlock,
    RawInline,
    Rule,
    SourceRef,
    Span,
    Strike,
    Strong,
    Table,
    TableCell,
    TableRow,
    Text,
    TocEntry,
)

# One example of every node type a chapter can hold; a new type in the model
# fails test_every_model_node_type_has_an_example until it is added here.
INLINE_EXAMPLES = {
    Text: Text("a < b & c"),
    Emph: Emph((Text("emphasis"),)),
    Strong: Strong((Text("strong"),)),
    Strike: Strike((Text("struck"),)),
    Code: Code("x < y", Attr("", ("py",))),
    Link: Link((Text("site"),), "https://example.org/?a=1&b=2", "The site"),
    Image: Image("images/dot.png", "A dot", "Dot", Attr("", (), (("width", "40"),))),
    FootnoteRef: FootnoteRef("n", number=1, id="ch-fnref-1"),
    Span: Span((Text("Ctrl"),), Attr("", ("key",)), "kbd"),
    LineBreak: LineBreak(),
    RawInline: RawInline("<blink>"),
    Math: Math("x^2"),
    Citation: Citation((CiteItem("knuth84", "see", "p. 3"),)),
    CrossRef: CrossRef("fig-a", target="fig-a", text=(Text("Figure 1.1"),)),
    IndexTerm: IndexTerm((Text("gradient"),), ("gradient",), id="idx-1"),
}
BLOCK_EXAMPLES = {
    Paragraph: Paragraph((Text("A paragraph."),)),
    Heading: Heading(2, (Text("Section"),), Attr("sec-a"), number="1.1"),
    CodeBlock: CodeBlock("print(1)\n", "python", Attr("lst-a", (), (("caption", "Hello"),)), number="1.1"),
    MathBlock: MathBlock("E = mc^2", Attr("eq-a"), number="1.1"),
    Figure: Figure(Image("images/dot.png", "A dot"), (Text("A caption"),), Attr("fig-a"), number="1.1"),
    IndexBlock: IndexBlock(
        (IndexGroup("G", (IndexEntry("gradient", ("idx-1",)),)),), labels=(("idx-1", "1.1"),)
    ),
    BlockQuote: BlockQuote((Paragraph((Text("Quoted."),)),)),
    ListBlock: ListBlock((ListItem((Paragraph((Text("one"),)),)), ListItem((Paragraph((Text("two"),)),)))),
    DefinitionList: DefinitionList(
        (DefinitionItem((Text("Trim"),), ((Paragraph((Text("The cut size."),)),),)),)
    ),
    Table: Table(
        (TableRow((TableCell((Text("h"),)),)),),
        (TableRow((TableCell((Text("d"),)),)),),
        (Text("Sizes"),),
        Attr("tbl-a"),
        number="1.1",
    ),
    Rule: Rule(),
    RawBlock: RawBlock('<div class="raw"><b>bold</b></div>'),
    Div: Div((Paragraph((Text("Inside."),)),), Attr("d", ("wide",))),
    Callout: Callout("note", (Paragraph((Text("Mind this."),)),)),
}
NOTE = FootnoteDef("n", (Paragraph((Text("The note."),)),))


def test_every_model_node_type_has_an_example() -> None:
    assert set(get_args(model.Inline)) == set(INLINE_EXAMPLES)
    assert set(get_args(model.Block)) == set(BLOCK_EXAMPLES)


def _writers():
    book = book_of(chapter_of(footnotes=(NOTE,)))
    return {"html": html_writer(book), "print": print_writer(book)}


@pytest.mark.parametrize("kind", list(INLINE_EXAMPLES), ids=lambda k: k.__name__)
@pytest.mark.parametrize("writer", ["html", "print"])
def test_every_inline_is_written_as_well_formed_markup(kind: type, writer: str) -> None:
    markup = _writers()[writer].inline(INLINE_EXAMPLES[kind])
    root = parse_fragment(markup)
    assert len(root) or (root.text or "").strip(), f"{kind.__name__} wrote nothing"


@pytest.mark.parametrize("kind", list(BLOCK_EXAMPLES), ids=lambda k: k.__name__)
@pytest.mark.parametrize("writer", ["html", "print"])
def test_every_block_is_written_as_one_element(kind: type, writer: str) -> None:
    root = parse_fragment(_writers()[writer].block(BLOCK_EXAMPLES[kind]))
    assert len(root) == 1, f"{kind.__name__}: {len(root)} top-level elements"


# --- inlines -----------------------------------------------------------------------


def test_text_is_escaped_and_a_source_line_break_is_a_space() -> None:
    root = parse_fragment(html_writer().inline(Text("a < b & c\nd")))
    assert root.text == "a < b & c d"
    assert len(root) == 0


def test_long_tokens_in_table_cells_may_break() -> None:
    table = Table((), (TableRow((TableCell((Text("set CUDA_VISIBLE_DEVICES_AND_MORE now"),)),)),))
    root = parse_fragment(html_writer().block(table))
    token = only(root, "//td/span")
    assert classes(token) == ["long-token"]
    assert token.text == "CUDA_VISIBLE_DEVICES_AND_MORE"
    assert text_of(only(root, "//td")) == "set CUDA_VISIBLE_DEVICES_AND_MORE now"


@pytest.mark.parametrize(("kind", "tag"), [(Emph, "em"), (Strong, "strong"), (Strike, "del")])
def test_emphasis_strong_and_strike(kind: type, tag: str) -> None:
    node = kind((Text("x "), Emph((Text("nested"),))))
    element = only(parse_fragment(html_writer().inline(node)), "*")
    assert element.tag == tag
    assert text_of(element) == "x nested"
    assert element[0].tag == "em"


def test_inline_code_keeps_its_attributes_and_escapes() -> None:
    code = only(parse_fragment(html_writer().inline(Code("a<b", Attr("c1", ("py",))))), "code")
    assert code.attrib == {"id": "c1", "class": "py"}
    assert code.text == "a<b"


def test_external_link_has_its_href_title_and_class() -> None:
    node = Link((Text("site"),), "https://example.org/?a=1&b=2", "The site", Attr("", ("x",)))
    link = only(parse_fragment(html_writer().inline(node)), "a")
    assert link.attrib == {
        "href": "https://example.org/?a=1&b=2",
        "title": "The site",
        "class": "external x",
    }
    assert link.text == "site"


def test_internal_link_is_not_external() -> None:
    link = only(parse_fragment(html_writer().inline(Link((Text("there"),), "#sec-a"))), "a")
    assert link.attrib == {"href": "#sec-a"}


def test_image_with_size_and_title() -> None:
    node = Image("a.png", 'A "dot"', "Dot", Attr("", ("small",), (("width", "40"), ("height", "2em"))))
    image = only(parse_fragment(html_writer().inline(node)), "img")
    assert image.attrib == {
        "src": "a.png",
        "alt": 'A "dot"',
        "title": "Dot",
        "class": "small",
        "style": "width: 40px; height: 2em",
    }


def test_missing_image_is_a_placeholder_naming_it() -> None:
    node = Image("gone.png", "Gone", attr=Attr("", ("missing",)))
    span = only(parse_fragment(html_writer().inline(node)), "span")
    assert classes(span) == ["missing-image"]
    assert span.text == "Image not available: gone.png (Gone)"


def test_span_keeps_its_tag_and_safe_attributes() -> None:
    node = Span(
        (Text("Ctrl"),), Attr("k", ("key",), (("lang", "de"), ("onclick", "x()"), ("data-x", "1"))), "kbd"
    )
    kbd = only(parse_fragment(html_writer().inline(node)), "kbd")
    assert kbd.attrib == {"id": "k", "class": "key", "lang": "de", "data-x": "1"}
    assert kbd.text == "Ctrl"


def test_line_break() -> None:
    root = parse_fragment(html_writer().inlines((Text("a"), LineBreak(), Text("b"))))
    assert [e.tag for e in root] == ["br"]
    assert root.text == "a"
    assert root[0].tail == "b"


def test_raw_inline_html_is_shown_as_text() -> None:
    root = parse_fragment(html_writer().inline(RawInline("<blink>hi")))
    assert root.text == "<blink>hi"
    assert len(root) == 0


def test_math_without_a_drawing_is_its_source() -> None:
    code = only(parse_fragment(html_writer().inline(Math("a<b", display=False))), "code")
    assert classes(code) == ["math-source"]
    assert code.text == "$a<b$"
    display = only(parse_fragment(html_writer().inline(Math("x", display=True))), "code")
    assert display.text == "$$x$$"


def test_citation_is_shown_as_written_until_there_is_a_bibliography() -> None:
    node = Citation((CiteItem("a", "see", "p. 3"), CiteItem("b", suppress_author=True)))
    assert parse_fragment(html_writer().inline(node)).text == "[see @a p. 3; -@b]"
    narrative = Citation((CiteItem("a"),), bracketed=False)
    assert parse_fragment(html_writer().inline(narrative)).text == "@a"


def test_resolved_cross_reference_is_a_link_with_prefix_and_suffix() -> None:
    node = CrossRef("fig-a", prefix="see", suffix=", left", target="fig-a", text=(Text("Figure 1.1"),))
    root = parse_fragment(html_writer().inline(node))
    link = only(root, "a")
    assert link.attrib == {"class": "xref", "href": "#fig-a"}
    assert link.text == "Figure 1.1"
    assert root.text == "see "
    assert link.tail == ", left"


def test_unresolved_cross_reference_is_text() -> None:
    root = parse_fragment(html_writer().inline(CrossRef("fig-x", text=(Text("??"),), suffix="b")))
    assert len(root) == 0
    assert root.text == "?? b"


def test_footnote_call_in_the_shared_writer_is_its_number() -> None:
    sup = only(parse_fragment(html_writer().inline(FootnoteRef("n", number=3, id="ch-fnref-3"))), "sup")
    assert sup.text == "3"


def test_index_mark() -> None:
    node = IndexTerm((Text("gradient"),), ("gradient",), id="idx-1")
    mark = only(parse_fragment(html_writer().inline(node)), "span")
    assert mark.attrib == {"class": "index-mark", "id": "idx-1"}
    assert mark.text == "gradient"


# --- blocks ------------------------------------------------------------------------


def test_paragraph_and_one_that_opens_with_an_image() -> None:
    p = only(parse_fragment(html_writer().block(Paragraph((Text("x"),), attr=Attr("p1")))), "p")
    assert p.attrib == {"id": "p1"}
    with_image = Paragraph((Image("a.png", "a"), Text(" credit")))
    assert classes(only(parse_fragment(html_writer().block(with_image)), "p")) == ["starts-with-image"]


def test_heading_with_number_running_head_and_id() -> None:
    node = Heading(2, (Text("Loss"),), Attr("sec-loss", ("x",)), number="3.1")
    heading = only(parse_fragment(html_writer().block(node)), "h2")
    assert heading.attrib == {"id": "sec-loss", "class": "x", "data-running": "Loss"}
    number = only(heading, "span")
    assert classes(number) == ["section-number"]
    assert number.text == "3.1"
    assert text_of(heading) == "3.1 Loss"


@pytest.mark.parametrize(("level", "tag"), [(1, "h2"), (3, "h3"), (6, "h6"), (9, "h6")])
def test_heading_levels_stay_between_two_and_six(level: int, tag: str) -> None:
    root = parse_fragment(html_writer().block(Heading(level, (Text("x"),))))
    assert root[0].tag == tag
    assert ("data-running" in root[0].attrib) == (tag == "h2")


def test_short_listing_without_caption() -> None:
    node = CodeBlock("a = 1\nb = 2\n", "python", Attr("c", ("numberLines",)))
    pre = only(parse_fragment(html_writer().block(node)), "pre")
    assert pre.get("id") == "c"
    assert set(classes(pre)) == {"code", "language-python", "numbered", "short", "numberLines"}
    lines = pre.xpath("code/span")
    assert [text_of(line) for line in lines] == ["a = 1", "b = 2"]
    assert all(classes(line) == ["ln"] for line in lines)


def test_long_listing_is_not_short_and_long_lines_may_wrap() -> None:
    text = "\n".join(f"line_{i} = {i}" for i in range(13)) + "\n" + "x" * 60
    pre = only(parse_fragment(html_writer().block(CodeBlock(text))), "pre")
    assert classes(pre) == ["code"]
    wrap = only(pre, "code/span")
    assert classes(wrap) == ["ln", "wrap"]
    assert text_of(pre).endswith("x" * 60)


def test_listing_with_caption_is_a_numbered_figure() -> None:
    figure = only(parse_fragment(html_writer().block(BLOCK_EXAMPLES[CodeBlock])), "figure")
    assert figure.attrib == {"id": "lst-a", "class": "listing"}
    caption = only(figure, "figcaption")
    assert text_of(caption) == "Listing 1.1: Hello"
    assert only(caption, "span").attrib == {"class": "caption-label"}
    assert "id" not in only(figure, "pre").attrib


def test_display_equation_with_its_number() -> None:
    div = only(parse_fragment(html_writer().block(BLOCK_EXAMPLES[MathBlock])), "div")
    assert div.attrib == {"id": "eq-a", "class": "equation"}
    assert only(div, "span[@class='eq-number']").text == "(1.1)"


def test_figure_with_caption_moves_the_id_to_the_figure() -> None:
    node = Figure(
        Image("a.png", "A dot", attr=Attr("img-id", ("wide",))),
        (Text("Cap"),),
        Attr("fig-a", ("c",)),
        number="2.1",
    )
    figure = only(parse_fragment(html_writer().block(node)), "figure")
    assert figure.attrib == {"id": "fig-a", "class": "figure c"}
    image = only(figure, "img")
    assert "id" not in image.attrib
    assert image.get("class") == "wide"
    assert text_of(only(figure, "figcaption")) == "Figure 2.1: Cap"


def test_interactive_figure_not_drawn_is_a_box_with_its_online_place() -> None:
    attr = Attr(
        "", ("embed", "missing"), (("embed-title", "Loss curves"), ("online", "https://example.org/a"))
    )
    node = Figure(Image("embed.html", "", attr=attr), (Text("Cap"),))
    markup = html_writer().block(node)
    root = parse_fragment(markup)
    box = only(root, "//div[@class='embed-box']")
    assert only(box, "p[@class='embed-title']").text == "Loss curves"
    link = only(box, "p[@class='embed-note']/a")
    assert link.attrib == {"class": "url", "href": "https://example.org/a"}
    assert link.text == "example.org/a"
    assert (
        text_of(only(box, "p[@class='embed-note']"))
        == "Interactive figure in the online edition: example.org/a"
    )
    assert root.xpath("//img") == []


def test_block_quote_holds_its_blocks() -> None:
    quote = only(parse_fragment(html_writer().block(BLOCK_EXAMPLES[BlockQuote])), "blockquote")
    assert [e.tag for e in quote] == ["p"]
    assert quote[0].text == "Quoted."


def test_tight_bullet_list_puts_the_first_paragraph_inline() -> None:
    ul = only(parse_fragment(html_writer().block(BLOCK_EXAMPLES[ListBlock])), "ul")
    assert ul.attrib == {}
    assert [li.text for li in ul] == ["one", "two"]
    assert [len(li) for li in ul] == [0, 0]


def test_loose_ordered_list_with_a_start_and_a_nested_list() -> None:
    inner = ListBlock((ListItem((Paragraph((Text("deep"),)),)),))
    node = ListBlock(
        (ListItem((Paragraph((Text("a"),)), inner)), ListItem((Paragraph((Text("b"),)),))),
        ordered=True,
        start=4,
        tight=False,
    )
    ol = only(parse_fragment(html_writer().block(node)), "ol")
    assert ol.attrib == {"class": "loose", "start": "4"}
    assert [e.tag for e in ol[0]] == ["p", "ul"]
    assert only(ol, "li/ul/li").text == "deep"


def test_task_list_items_have_their_boxes() -> None:
    node = ListBlock(
        (ListItem((Paragraph((Text("done"),)),), True), ListItem((Paragraph((Text("todo"),)),), False))
    )
    ul = only(parse_fragment(html_writer().block(node)), "ul")
    assert classes(ul) == ["task-list"]
    assert [li.get("class") for li in ul] == ["task done", "task"]
    assert [li[0].text for li in ul] == ["☑", "☐"]
    assert [li[0].tail for li in ul] == [" done", " todo"]


def test_definition_list() -> None:
    node = DefinitionList(
        (DefinitionItem((Text("Trim"),), ((Paragraph((Text("cut"),)),), (Paragraph((Text("size"),)),))),)
    )
    dl = only(parse_fragment(html_writer().block(node)), "dl")
    assert [(e.tag, e.text) for e in dl] == [("dt", "Trim"), ("dd", "cut"), ("dd", "size")]


def test_table_with_caption_head_alignment_and_id_on_the_wrapper() -> None:
    node = Table(
        (TableRow((TableCell((Text("Name"),), "left"), TableCell((Text("Size"),), "right"))),),
        (TableRow((TableCell((Text("a"),), "left"), TableCell((Text("1"),), "right"))),),
        (Text("Sizes"),),
        Attr("tbl-a", ("c",)),
        number="1.2",
    )
    wrap = only(parse_fragment(html_writer().block(node)), "div")
    assert wrap.attrib == {"id": "tbl-a", "class": "table-wrap"}
    table = only(wrap, "table")
    assert table.attrib == {"class": "c"}
    assert text_of(only(table, "caption")) == "Table 1.2: Sizes"
    assert [(th.text, th.get("class")) for th in table.xpath("thead/tr/th")] == [
        ("Name", "align-left"),
        ("Size", "align-right"),
    ]
    assert [td.text for td in table.xpath("tbody/tr/td")] == ["a", "1"]


def test_a_wide_table_gets_a_width_class() -> None:
    cells = tuple(TableCell((Text("word " * 8),)) for _ in range(5))
    wrap = only(parse_fragment(html_writer().block(Table((), (TableRow(cells),)))), "div")
    assert classes(wrap) == ["table-wrap", "very-wide"]


def test_rule() -> None:
    assert only(parse_fragment(html_writer().block(Rule())), "*").tag == "hr"


def test_raw_html_is_sanitised_with_a_warning_and_relative_links_dropped() -> None:
    diagnostics = Diagnostics()
    writer = html_writer(diagnostics=diagnostics)
    node = RawBlock(
        '<div><script>alert(1)</script><a href="../secret.txt">x</a><a href="https://e.org">y</a></div>',
        SourceRef("ch.md", 7),
    )
    div = only(parse_fragment(writer.block(node)), "div")
    assert div.xpath("//script") == []
    assert [a.get("href") for a in div.xpath("//a")] == [None, "https://e.org"]
    assert text_of(div) == "xy"
    codes = sorted(d.code for d in diagnostics.items)
    assert codes == ["raw-link", "unsafe-html"]
    assert {d.line for d in diagnostics.items} == {7}


def test_div_keeps_its_attributes() -> None:
    div = only(parse_fragment(html_writer().block(BLOCK_EXAMPLES[Div])), "div")
    assert div.attrib == {"id": "d", "class": "wide"}
    assert only(div, "p").text == "Inside."


@pytest.mark.parametrize(
    ("kind", "title", "expected"),
    [
        ("note", (), "Note"),
        ("warning", (), "Warning"),
        ("aside", (), "Aside"),
        ("tip", (Text("Mine"),), "Mine"),
    ],
)
def test_callout_has_its_kind_and_title(kind: str, title: tuple, expected: str) -> None:
    node = Callout(kind, (Paragraph((Text("Body."),)),), title)
    aside = only(parse_fragment(html_writer().block(node)), "aside")
    assert classes(aside) == ["callout", f"callout-{kind}"]
    assert [e.get("class") for e in aside] == ["callout-title", None]
    assert aside[0].text == expected


def test_index_lists_terms_with_their_section_links() -> None:
    node = IndexBlock(
        (
            IndexGroup(
                "G",
                (
                    IndexEntry(
                        "gradient",
                        ("idx-1", "idx-2", "idx-3"),
                        seealso=("loss",),
                        children=(IndexEntry("clipping", ("idx-3",)),),
                    ),
                ),
            ),
        ),
        Attr("index"),
        labels=(("idx-1", "1.1"), ("idx-2", "1.1"), ("idx-3", "2.4")),
    )
    root = parse_fragment(html_writer().block(node))
    group = only(root, "div/section[@class='index-group']")
    assert only(group, "h2").text == "G"
    entry = only(group, "ul/li")
    assert only(entry, "span[@class='index-term']").text == "gradient"
    locators = entry.xpath("span[@class='index-locators']/a")
    assert [(a.text, a.get("href")) for a in locators] == [("1.1", "#idx-1"), ("2.4", "#idx-3")]
    assert text_of(only(entry, "span[@class='index-see']")) == "see also loss"
    assert only(entry, "ul/li/span[@class='index-term']").text == "clipping"


# --- chapters, parts, contents -------------------------------------------------------


def test_numbered_chapter_with_epigraph() -> None:
    chapter = Chapter(
        "intro",
        (Text("Intro"),),
        (Paragraph((Text("Body"),)),),
        SourceRef("a.md", 1),
        number="2",
        epigraph=(Text("Words."),),
        epigraph_source="Someone",
    )
    markup = html_writer(book_of(chapter)).chapter_html(chapter, ["extra"], verso="Book")
    section = only(parse_fragment(markup), "section")
    assert section.get("id") == "intro"
    assert classes(section) == ["chapter", "body", "extra"]
    assert text_of(only(section, "header/p[@class='chapter-label']")) == "Chapter 2"
    title = only(section, "header/h1")
    assert title.attrib == {"class": "chapter-title", "data-running": "Intro", "data-verso": "Book"}
    assert text_of(only(section, "header/blockquote[@class='chapter-epigraph']")) == "Words.Someone"
    assert only(section, "p").text == "Body"


def test_appendix_is_labelled_appendix() -> None:
    chapter = Chapter("a", (Text("Tables"),), (), SourceRef("a.md", 1), kind="appendix", number="A")
    section = only(parse_fragment(html_writer(book_of(chapter)).chapter_html(chapter)), "section")
    assert classes(section) == ["chapter", "appendix"]
    assert text_of(only(section, "header/p")) == "Appendix A"


def test_part_page() -> None:
    part = Part("part-1", (Text("Foundations"),), (), number="I")
    section = only(parse_fragment(html_writer().part_html(part)), "section")
    assert section.attrib == {"id": "part-1", "class": "part"}
    assert only(section, "p[@class='part-label']").text == "Part I"
    assert only(section, "h1[@class='part-title']").text == "Foundations"


def test_contents_nest_to_the_depth_asked_and_drop_notes_from_titles() -> None:
    section = TocEntry("sec-a", (Text("Sec"), FootnoteRef("n", number=1)), 2, "1.1")
    deeper = TocEntry("sec-b", (Text("Deep"),), 3, "1.1.1")
    entries = (TocEntry("ch", (Text("Chap"),), 1, "1", children=(section, deeper)),)
    ol = only(parse_fragment(html_writer().toc_html(entries, depth=2)), "ol")
    chapter = only(ol, "li")
    assert chapter.get("class") == "toc-chapter"
    assert only(chapter, "a").get("href") == "#ch"
    assert text_of(only(chapter, "a")) == "1 Chap"
    nested = chapter.xpath("ol/li")
    assert [li.get("class") for li in nested] == ["toc-section toc-level-2"]
    assert text_of(nested[0]) == "1.1 Sec"


# --- the print writer's own markup ----------------------------------------------------


def test_print_footnote_is_written_where_it_is_called() -> None:
    note = FootnoteDef("n", (Paragraph((Text("The note."),)), CodeBlock("x = 1\n")))
    chapter = chapter_of(
        Paragraph((Text("a"), FootnoteRef("n", number=1, id="ch-fnref-1"))), footnotes=(note,)
    )
    section = only(parse_fragment(print_writer(book_of(chapter)).chapter_html(chapter)), "section")
    call = only(section, "p/span")
    assert call.attrib == {"class": "footnote", "id": "ch-fn-1"}
    assert [(e.get("class"), text_of(e)) for e in call] == [("fn-p", "The note."), ("fn-code", "x = 1")]
    assert section.xpath(".//section") == []


def test_print_second_call_of_a_note_links_to_the_first() -> None:
    chapter = chapter_of(footnotes=(NOTE,))
    writer = print_writer(book_of(chapter))
    link = only(parse_fragment(writer.inline(FootnoteRef("n", number=1, id="ch-fnref-1-2"))), "a")
    assert link.attrib == {"class": "footnote-again", "href": "#ch-fn-1"}
    assert link.text == "1"


def test_print_math_is_a_drawn_image_sized_in_em() -> None:
    image = only(parse_fragment(print_writer().inline(Math("x^2"))), "img")
    assert classes(image) == ["math"]
    assert image.get("alt") == "x^2"
    assert image.get("src").startswith("data:image/svg+xml;base64,")
    assert [rule.split(":")[0].strip() for rule in image.get("style").split(";")] == [
        "width",
        "height",
        "vertical-align",
    ]
    display = only(parse_fragment(print_writer().inline(Math("x^2", display=True))), "img")
    assert classes(display) == ["math", "display"]
    assert display.get("style").startswith("width: ")
    assert "height" not in display.get("style")


def test_print_math_that_failed_is_its_source() -> None:
    code = only(parse_fragment(print_writer().inline(Math("\\frac{", error="bad"))), "code")
    assert code.text == "$\\frac{$"


def test_print_cross_reference_with_page_asks_for_the_page_number() -> None:
    node = CrossRef("fig-a", page=True, target="fig-a", text=(Text("Figure 1.1"),))
    root = parse_fragment(print_writer().inline(node))
    assert only(root, "a[@class='xref']").get("href") == "#fig-a"
    page = only(root, "span[@class='page-ref']")
    assert only(page, "a").attrib == {"class": "page-number", "href": "#fig-a"}
    assert page.text == " on page "


def test_print_index_locators_are_page_stand_ins_before_the_layout() -> None:
    writer = print_writer()
    root = parse_fragment(writer.block(BLOCK_EXAMPLES[IndexBlock]))
    locator = only(root, "//span[@class='index-locators']/a")
    assert locator.attrib == {"class": "index-locator pending", "href": "#idx-1"}
    writer.index_pages = {"idx-1": (12, "12")}
    root = parse_fragment(writer.block(BLOCK_EXAMPLES[IndexBlock]))
    assert only(root, "//span[@class='index-locators']/a").text == "12"


def test_print_long_words_get_break_opportunities() -> None:
    word = "x" * (LONG_WORD_CHARS + 1)
    root = parse_fragment(print_writer().inline(Text(word)))
    assert text_of(root).replace("\u200b", "") == word
    assert text_of(root) != word


def test_print_part_carries_the_classes_it_is_given() -> None:
    part = Part("p1", (Text("One"),), ())
    section = only(parse_fragment(print_writer().part_html(part, ["body-start"])), "section")
    assert classes(section) == ["part", "body-start"]


# --- attributes are written once (found by fuzzing: duplicates broke the XHTML) -----


def test_an_attribute_given_twice_is_written_once() -> None:
    kv = (("data-x", "1"), ("data-x", "2"), ("title", "a"), ("title", "b"), ('data-a"b', "1"), ("data-", "z"))
    span = only(parse_fragment(html_writer().inline(Span((Text("x"),), Attr("", (), kv)))), "span")
    assert span.attrib == {"data-x": "1", "title": "a"}


def test_the_writers_own_attributes_win_over_the_authors() -> None:
    attr = Attr("", (), (("title", "from attributes"), ("data-running", "mine")))
    link = only(parse_fragment(html_writer().inline(Link((Text("x"),), "#a", "own title", attr))), "a")
    assert link.get("title") == "own title"
    image = only(parse_fragment(html_writer().inline(Image("a.png", "a", "own title", attr))), "img")
    assert image.get("title") == "own title"
    untitled = only(parse_fragment(html_writer().inline(Image("a.png", "a", "", attr))), "img")
    assert untitled.get("title") == "from attributes"
    heading = only(parse_fragment(html_writer().block(Heading(2, (Text("Real"),), attr))), "h2")
    assert heading.get("data-running") == "Real"
    deeper = only(parse_fragment(html_writer().block(Heading(3, (Text("Real"),), attr))), "h3")
    assert deeper.get("data-running") == "mine"
