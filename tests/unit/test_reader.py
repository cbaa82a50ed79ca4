"""The reader: Markdown files → chapters of the document model."""

from __future__ import annotations

import pytest

from bookpress.diagnostics import BookError
from bookpress.model import (
    Callout,
    Code,
    CodeBlock,
    DefinitionList,
    Div,
    FootnoteRef,
    Heading,
    Image,
    Link,
    ListBlock,
    Paragraph,
    Table,
    Text,
    plain_text,
)

from .util import chapter, convert, nodes, read_untransformed, title, with_code


def only_chapter(root):
    _config, book, diagnostics = read_untransformed(root)
    [ch] = list(book.chapters())
    return ch, diagnostics


def levels(ch) -> list[tuple[int, str]]:
    return [(h.level, plain_text(h.children)) for h in nodes(ch, Heading)]


# --- titles and heading levels --------------------------------------------------------------


def test_leading_h1_becomes_the_title_and_is_removed(make_book):
    root = make_book({"src/a.md": "# The Title\n\nSome text.\n\n## Section\n"})
    ch, _ = only_chapter(root)
    assert title(ch) == "The Title"
    assert levels(ch) == [(2, "Section")]
    assert isinstance(ch.blocks[0], Paragraph)
    assert plain_text(ch.blocks[0].children) == "Some text."
    assert "The Title" not in [plain_text(h.children) for h in nodes(ch, Heading)]


def test_h1_for_title_and_h1_for_sections_gives_level_2_sections(make_book):
    root = make_book({"src/a.md": "# Title\n\n# First\n\n## Sub\n\n# Second\n"})
    ch, _ = only_chapter(root)
    assert title(ch) == "Title"
    assert levels(ch) == [(2, "First"), (3, "Sub"), (2, "Second")]


def test_h1_title_and_h2_sections_gives_level_2_sections(make_book):
    root = make_book({"src/a.md": "# Title\n\n## First\n\n### Sub\n\n## Second\n"})
    ch, _ = only_chapter(root)
    assert levels(ch) == [(2, "First"), (3, "Sub"), (2, "Second")]


def test_file_without_h1_keeps_its_sections_at_level_2(make_book):
    root = make_book({"src/SUMMARY.md": "- [Listed Title](a.md)\n", "src/a.md": "## First\n\n### Sub\n"})
    ch, _ = only_chapter(root)
    assert title(ch) == "Listed Title"
    assert levels(ch) == [(2, "First"), (3, "Sub")]


def test_title_falls_back_to_the_file_name(make_book):
    root = make_book({"src/getting-started.md": "Just text.\n"})
    ch, _ = only_chapter(root)
    assert title(ch) == "Getting started"


def test_headings_inside_containers_are_shifted_too(make_book):
    root = make_book({"src/a.md": "# Title\n\n# Section\n\n> # Quoted\n"})
    ch, _ = only_chapter(root)
    assert levels(ch) == [(2, "Section"), (2, "Quoted")]


def test_front_matter_title_overrides_the_h1(make_book):
    root = make_book({"src/a.md": "---\ntitle: From Front Matter\nauthor: x\n---\n\n# From H1\n\n## Sec\n"})
    ch, diagnostics = only_chapter(root)
    assert title(ch) == "From Front Matter"
    assert levels(ch) == [(2, "Sec")]
    assert "From H1" not in repr(ch.blocks)
    assert diagnostics.items == []


def test_invalid_front_matter_is_a_warning(make_book):
    root = make_book({"src/a.md": "---\ntitle: [unclosed\n---\n\n# H1\n"})
    ch, diagnostics = only_chapter(root)
    assert title(ch) == "H1"
    [w] = with_code(diagnostics, "front-matter")
    assert w.path == "src/a.md"


def test_chapter_kind_and_source(make_book):
    root = make_book(
        {
            "src/SUMMARY.md": "[P](p.md)\n\n- [A](a.md)\n\n[Z](z.md)\n",
            "src/p.md": "# P\n",
            "src/a.md": "# A\n",
            "src/z.md": "# Z\n",
        }
    )
    _config, book, _ = read_untransformed(root)
    assert [(c.kind, c.source.path, c.source.line) for c in book.chapters()] == [
        ("front", "src/p.md", 1),
        ("body", "src/a.md", 1),
        ("back", "src/z.md", 1),
    ]


# --- sub-chapters -------------------------------------------------------------------------


def test_nested_summary_children_become_subchapter_divs(make_book):
    root = make_book(
        {
            "src/SUMMARY.md": "- [Parent](parent.md)\n    - [Child Link Title](child.md)\n",
            "src/parent.md": "# Parent\n\nIntro.\n\n## Parent section\n",
            "src/child.md": "# Child\n\nChild text.\n\n## Child section\n",
        }
    )
    _config, book, _ = read_untransformed(root)
    [ch] = list(book.chapters())  # the child is not a chapter of its own
    assert title(ch) == "Parent"
    div = ch.blocks[-1]
    assert isinstance(div, Div)
    assert div.attr.has("subchapter")
    assert div.source.path == "src/child.md"
    first = div.blocks[0]
    assert isinstance(first, Heading)
    assert first.level == 2
    assert plain_text(first.children) == "Child"
    assert levels(ch) == [(2, "Parent section"), (2, "Child"), (3, "Child section")]
    assert "Child text." in [plain_text(p.children) for p in nodes(div, Paragraph)]


def test_subchapter_without_h1_uses_its_summary_title(make_book):
    root = make_book(
        {
            "src/SUMMARY.md": "- [Parent](parent.md)\n    - [Child Link Title](child.md)\n",
            "src/parent.md": "# Parent\n",
            "src/child.md": "Only text.\n",
        }
    )
    _config, book, _ = read_untransformed(root)
    [ch] = list(book.chapters())
    [h] = nodes(ch, Heading)
    assert plain_text(h.children) == "Child Link Title"
    assert h.level == 2


def test_grandchildren_are_one_level_deeper(make_book):
    root = make_book(
        {
            "src/SUMMARY.md": "- [P](p.md)\n    - [C](c.md)\n        - [G](g.md)\n",
            "src/p.md": "# P\n",
            "src/c.md": "# C\n\n## C sec\n",
            "src/g.md": "# G\n\n## G sec\n",
        }
    )
    _config, book, _ = read_untransformed(root)
    [ch] = list(book.chapters())
    assert levels(ch) == [(2, "C"), (3, "C sec"), (3, "G"), (4, "G sec")]


# --- block syntax -------------------------------------------------------------------------


def test_table_alignments_and_rows():
    parsed, _ = convert(
        """
        | Left | Centre | Right | None |
        |:-----|:------:|------:|------|
        | a    | b      | c     | d    |
        | e    | f      | g     | h    |
        """
    )
    [table] = parsed.blocks
    assert isinstance(table, Table)
    assert len(table.head) == 1
    assert len(table.body) == 2
    assert [c.align for c in table.head[0].cells] == ["left", "center", "right", ""]
    assert [c.align for c in table.body[1].cells] == ["left", "center", "right", ""]
    assert [plain_text(c.children) for c in table.head[0].cells] == [
        "Left",
        "Centre",
        "Right",
        "None",
    ]
    assert [plain_text(c.children) for c in table.body[1].cells] == ["e", "f", "g", "h"]


def test_task_list_items_are_checked_or_not():
    parsed, _ = convert("- [x] done\n- [ ] to do\n- [X] also done\n- plain\n")
    [lst] = parsed.blocks
    assert isinstance(lst, ListBlock)
    assert [item.checked for item in lst.items] == [True, False, True, None]
    assert plain_text(lst.items[0].blocks[0].children) == "done"
    assert "contains-task-list" not in lst.attr.classes


def test_ordered_list_start_and_tightness():
    parsed, _ = convert("3. a\n4. b\n\n- x\n\n- y\n")
    ordered, loose = parsed.blocks
    assert ordered.ordered is True
    assert ordered.start == 3
    assert ordered.tight is True
    assert loose.ordered is False
    assert loose.tight is False


def test_definition_list():
    parsed, _ = convert("Trim size\n: The size of the page.\n\nBleed\n: Extra.\n: More extra.\n")
    [dl] = parsed.blocks
    assert isinstance(dl, DefinitionList)
    assert [plain_text(i.term) for i in dl.items] == ["Trim size", "Bleed"]
    assert len(dl.items[0].definitions) == 1
    assert len(dl.items[1].definitions) == 2
    [para] = dl.items[0].definitions[0]
    assert plain_text(para.children) == "The size of the page."


def test_footnote_definitions_are_collected_on_the_chapter(make_book):
    root = make_book({"src/a.md": "# A\n\nText[^one] and[^two].\n\n[^one]: First note.\n[^two]: Second.\n"})
    ch, _ = only_chapter(root)
    assert [n.label for n in ch.footnotes] == ["one", "two"]
    assert plain_text(ch.footnotes[0].blocks[0].children) == "First note."
    assert ch.footnotes[0].source.line == 5
    refs = nodes(ch, FootnoteRef)
    assert [r.label for r in refs] == ["one", "two"]
    # the definitions are not left in the chapter's text
    [para] = ch.blocks
    assert plain_text(para.children) == "Text and."


def test_github_alerts_become_callouts():
    parsed, _ = convert("> [!NOTE]\n> Worth knowing.\n\n> [!WARNING]\n> Careful.\n\n> Plain quote.\n")
    note, warning, quote = parsed.blocks
    assert isinstance(note, Callout)
    assert note.kind == "note"
    assert plain_text(note.blocks[0].children) == "Worth knowing."
    assert isinstance(warning, Callout)
    assert warning.kind == "warning"
    assert not isinstance(quote, Callout)
    assert "[!NOTE]" not in repr(parsed.blocks)


def test_heading_attributes():
    parsed, _ = convert("## Measuring the loss {#sec-x .unnumbered}\n\n## Plain {-}\n")
    first, second = parsed.blocks
    assert plain_text(first.children) == "Measuring the loss"
    assert first.attr.id == "sec-x"
    assert first.attr.has("unnumbered")
    assert plain_text(second.children) == "Plain"
    assert second.attr.has("unnumbered")


def test_heading_with_braces_that_are_not_attributes_keeps_them():
    parsed, _ = convert("## Using {curly braces}\n")
    [h] = parsed.blocks
    assert plain_text(h.children) == "Using {curly braces}"
    assert h.attr.id == ""


def test_fenced_code_info_attributes_and_plain_language():
    parsed, _ = convert(
        """
        ```{.python #lst-a caption="The title"}
        print("hi")
        ```

        ```python
        x = 1
        ```

        ```
        plain
        ```
        """
    )
    first, second, third = parsed.blocks
    assert isinstance(first, CodeBlock)
    assert first.language == "python"
    assert first.attr.id == "lst-a"
    assert first.attr.get("caption") == "The title"
    assert "python" not in first.attr.classes
    assert first.text == 'print("hi")\n'
    assert second.language == "python"
    assert second.attr.id == ""
    assert second.text == "x = 1\n"
    assert third.language == ""


def test_image_with_width_attribute():
    parsed, _ = convert("An ![The pipeline](images/p.svg){width=50%} inline.\n")
    [para] = parsed.blocks
    [image] = [n for n in para.children if isinstance(n, Image)]
    assert isinstance(image, Image)
    assert image.src == "images/p.svg"
    assert image.alt == "The pipeline"
    assert image.attr.get("width") == "50%"


def test_bracketed_span_with_class():
    parsed, _ = convert("Some [small caps]{.smallcaps} here.\n")
    [para] = parsed.blocks
    spans = [n for n in para.children if not isinstance(n, Text)]
    assert len(spans) == 1
    assert spans[0].attr.has("smallcaps")
    assert plain_text(spans[0].children) == "small caps"


# --- source lines ---------------------------------------------------------------------------


def test_blocks_carry_their_line():
    parsed, _ = convert("# T\n\npara\n\n## S\n\n```\ncode\n```\n")
    assert [b.source.line for b in parsed.blocks] == [1, 3, 5, 7]
    assert {b.source.path for b in parsed.blocks} == {"src/x.md"}


def test_link_on_third_line_of_a_paragraph_reports_that_line():
    parsed, _ = convert("Line one\nline two\nline [three](other.md) here\nline four [x](y.md)\n")
    [para] = parsed.blocks
    a, b = nodes(para, Link)
    assert a.url == "other.md"
    assert a.source.line == 3
    assert b.source.line == 4
    assert a.source.path == "src/x.md"


def test_link_line_counts_hard_breaks():
    parsed, _ = convert("Line one\\\nline [two](other.md)\n")
    [link] = nodes(parsed.blocks[0], Link)
    assert link.source.line == 2


def test_link_line_after_emphasis_spanning_lines():
    parsed, _ = convert("Para *emphasis\nacross* lines\nand [link](x.md)\n")
    [link] = nodes(parsed.blocks[0], Link)
    assert link.source.line == 3


def test_link_line_in_a_list_item_and_after_front_matter():
    parsed, _ = convert("---\ntitle: x\n---\n\n- one\n- two [l](x.md)\n")
    [link] = nodes(parsed.blocks[0], Link)
    assert link.source.line == 6


def test_link_line_after_a_code_span_spanning_lines():
    parsed, _ = convert("Some `code\nspan` text\nmore\n[link](x.md) here\n")
    [link] = nodes(parsed.blocks[0], Link)
    assert link.source.line == 4


def test_link_whose_text_wraps_reports_the_line_where_it_starts():
    parsed, _ = convert("First line\nsee [a link\nthat wraps](x.md) here\n")
    [link] = nodes(parsed.blocks[0], Link)
    assert link.source.line == 2


def test_image_and_footnote_call_carry_their_line():
    parsed, _ = convert("One\ntwo ![i](a.png)\nthree[^n]\n\n[^n]: note\n")
    [image] = nodes(parsed.blocks[0], Image)
    [ref] = nodes(parsed.blocks[0], FootnoteRef)
    assert image.source.line == 2
    assert ref.source.line == 3


# --- typography ---------------------------------------------------------------------------


def test_smart_quotes_in_text_but_not_in_code():
    parsed, _ = convert(
        """
        "Quoted" and 'single' -- it's `"raw"` code.

        ```
        print("raw")
        ```
        """
    )
    para, block = parsed.blocks
    text = "".join(n.text for n in para.children if isinstance(n, Text))
    assert "\u201cQuoted\u201d" in text
    assert "\u2018single\u2019" in text
    assert "it\u2019s" in text
    assert "\u2013" in text
    assert '"' not in text
    [code] = [n for n in para.children if isinstance(n, Code)]
    assert code.text == '"raw"'
    assert block.text == 'print("raw")\n'


def test_chapters_are_read_in_summary_order(make_book):
    root = make_book(
        {
            "src/SUMMARY.md": "- [B](b.md)\n- [A](a.md)\n",
            "src/a.md": "# Alpha\n",
            "src/b.md": "# Beta\n",
        }
    )
    _config, book, _ = read_untransformed(root)
    assert [title(c) for c in book.chapters()] == ["Beta", "Alpha"]
    assert title(chapter(book, "src/a.md")) == "Alpha"


def test_file_that_is_not_utf8_is_an_error(make_book):
    root = make_book({"src/a.md": "# A\n"})
    (root / "src" / "a.md").write_bytes(b"# Caf\xe9\n")
    with pytest.raises(BookError) as info:
        read_untransformed(root)
    assert info.value.diagnostic.code == "encoding"
    assert info.value.diagnostic.path == "src/a.md"
