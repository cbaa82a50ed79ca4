"""Inline HTML in Markdown becomes model nodes; active content is dropped."""

from __future__ import annotations

from bookpress.model import (
    Emph,
    Heading,
    Image,
    LineBreak,
    Link,
    RawInline,
    Span,
    Text,
    plain_text,
)

from .util import convert, nodes, with_code


def para(markdown: str):
    parsed, diagnostics = convert(markdown)
    [block] = parsed.blocks
    return block, diagnostics


def text_of(block) -> str:
    return "".join(n.text for n in nodes(block, Text))


def test_kbd_becomes_a_span_with_its_tag():
    block, diagnostics = para("Press <kbd>Ctrl</kbd>+<kbd>C</kbd> now.\n")
    kbds = [n for n in block.children if isinstance(n, Span)]
    assert [(k.tag, plain_text(k.children)) for k in kbds] == [("kbd", "Ctrl"), ("kbd", "C")]
    assert text_of(block) == "Press Ctrl+C now."
    assert nodes(block, RawInline) == []
    assert diagnostics.items == []


def test_sub_and_sup():
    block, _ = para("H<sub>2</sub>O and mc<sup>2</sup>\n")
    tags = [(n.tag, plain_text(n.children)) for n in nodes(block, Span)]
    assert tags == [("sub", "2"), ("sup", "2")]


def test_br_is_a_line_break():
    block, _ = para("one<br>two<br/>three<br />four\n")
    assert [type(n) for n in block.children] == [
        Text,
        LineBreak,
        Text,
        LineBreak,
        Text,
        LineBreak,
        Text,
    ]


def test_img_is_an_image():
    block, _ = para("An <img src=x alt=y> here and <img src=\"a b.png\" alt='two words'>.\n")
    images = nodes(block, Image)
    assert [(i.src, i.alt) for i in images] == [("x", "y"), ("a b.png", "two words")]
    assert images[0].source.path == "src/x.md"


def test_script_is_removed_with_its_text_and_a_warning():
    block, diagnostics = para("Before\nmiddle <script>alert(1)</script> after.\n")
    assert "alert" not in text_of(block)
    assert "script" not in repr(block)
    assert text_of(block).startswith("Before\nmiddle ")
    assert text_of(block).endswith(" after.")
    [w] = with_code(diagnostics, "unsafe-html")
    assert w.path == "src/x.md"
    assert w.line == 2
    assert "script" in w.message


def test_style_and_iframe_are_removed():
    block, diagnostics = para("a <style>p {}</style> b <iframe src=x></iframe> c\n")
    assert "p {}" not in text_of(block)
    assert nodes(block, RawInline) == []
    assert len(with_code(diagnostics, "unsafe-html")) == 2


def test_unknown_tag_stays_visible_as_text():
    block, diagnostics = para("Run the <jobid> command with <name>.\n")
    assert text_of(block) == "Run the <jobid> command with <name>."
    assert nodes(block, Span) == []
    assert diagnostics.items == []


def test_onclick_is_removed_with_a_warning():
    block, diagnostics = para('Click <span class="k" onclick="steal()">here</span>.\n')
    [span] = nodes(block, Span)
    assert span.attr.classes == ("k",)
    assert "onclick" not in dict(span.attr.kv)
    assert plain_text(span.children) == "here"
    [w] = with_code(diagnostics, "unsafe-html")
    assert "onclick" in w.message


def test_event_handler_on_an_image_is_removed_with_a_warning():
    block, diagnostics = para('See <img src="a.png" alt="a" onerror="steal()">.\n')
    [image] = nodes(block, Image)
    assert all(not key.startswith("on") for key, _ in image.attr.kv)
    [w] = with_code(diagnostics, "unsafe-html")
    assert "onerror" in w.message


def test_html_link_becomes_a_link():
    block, _ = para('See <a href="https://example.org" title="T" class="c">the site</a>.\n')
    [link] = nodes(block, Link)
    assert link.url == "https://example.org"
    assert link.title == "T"
    assert link.attr.classes == ("c",)
    assert plain_text(link.children) == "the site"


def test_javascript_url_in_an_html_link_is_not_kept():
    block, diagnostics = para('Do <a href="javascript:alert(1)">not</a> click.\n')
    assert all(not link.url.lower().startswith("javascript:") for link in nodes(block, Link))
    assert "not" in text_of(block)
    assert with_code(diagnostics, "unsafe-html")


def test_nested_tags_and_attributes():
    block, _ = para('<b id="x"><i class="y">deep</i> text</b>\n')
    [outer] = [n for n in block.children if isinstance(n, Span)]
    assert outer.tag == "b"
    assert outer.attr.id == "x"
    inner = outer.children[0]
    assert isinstance(inner, Span)
    assert inner.tag == "i"
    assert inner.attr.classes == ("y",)
    assert plain_text(outer.children) == "deep text"


def test_block_element_inside_a_paragraph_is_kept_inline():
    block, _ = para("text <div>inside</div> more\n")
    [span] = nodes(block, Span)
    assert span.tag == "span"
    assert plain_text(span.children) == "inside"


def test_unclosed_tag_keeps_its_content():
    block, _ = para("a <b>bold never closed\n")
    assert text_of(block) == "a bold never closed"
    assert nodes(block, RawInline) == []


def test_comment_is_dropped():
    block, _ = para("a <!-- hidden --> b\n")
    assert "hidden" not in text_of(block)
    assert text_of(block) == "a  b"


def test_inline_html_inside_emphasis_and_headings():
    parsed, _ = convert("## Press <kbd>Q</kbd>\n\n*hit <kbd>Enter</kbd>*\n")
    heading, paragraph = parsed.blocks
    assert isinstance(heading, Heading)
    assert [n.tag for n in nodes(heading, Span)] == ["kbd"]
    [emph] = [n for n in paragraph.children if isinstance(n, Emph)]
    assert [n.tag for n in nodes(emph, Span)] == ["kbd"]
