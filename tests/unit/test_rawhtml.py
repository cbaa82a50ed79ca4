"""rawhtml.sanitize: raw HTML blocks made inert and well-formed XML."""

from __future__ import annotations

import lxml.html
import pytest
from lxml import etree

from bookpress.writers.rawhtml import sanitize


def as_xml(fragment: str) -> etree._Element:
    """Parse the sanitised fragment as XML (raises when it is not well-formed)."""
    return etree.fromstring(f"<div>{fragment}</div>")


@pytest.mark.parametrize(
    "html",
    [
        '<div class="box">Hello<br>world<hr></div>',
        "<p>One<p>Two & three < four",
        "text before <b>bold</b> after &amp; more",
        "<table><tr><td>a<td>b</table>",
        "<details open><summary>More</summary>Body&nbsp;text</details>",
        '<img src=pic.png alt="A picture">',
        "<ul><li>one<li>two</ul>",
        '<P CLASS="Upper">shouting</P>',
        "<div><!-- a comment --><span>x</span></div>",
        "plain < text > & stuff",
        "<p title='a \"quoted\" title'>x</p>",
        "<figure><img src=a.png><figcaption>Cap</figcaption></figure>\n\n<p>after</p>\n",
    ],
)
def test_output_is_well_formed_xml(html):
    out, _removed = sanitize(html)
    visible = lxml.html.fragment_fromstring(html, create_parent="div").text_content()
    assert "".join(as_xml(out).itertext()).split() == visible.split()


def test_text_and_structure_are_kept():
    out, removed = sanitize('<div class="box" id="b1"><p>Hello <em>there</em></p></div> tail')
    root = as_xml(out)
    [div] = root.findall("div")
    assert div.get("class") == "box"
    assert div.get("id") == "b1"
    assert "".join(root.itertext()) == "Hello there tail"
    assert removed == []


def test_void_elements_are_closed():
    out, _ = sanitize("<p>a<br>b</p>")
    assert "<br/>" in out
    assert as_xml(out).find("p/br") is not None


def test_script_is_removed_and_reported():
    out, removed = sanitize('<div>Hi<script>alert("x")</script> there</div>')
    root = as_xml(out)
    assert root.find(".//script") is None
    assert "alert" not in out
    assert "".join(root.itertext()) == "Hi there"
    assert "<script>" in removed


def test_top_level_script_and_iframe_are_removed_and_reported():
    out, removed = sanitize('<script>bad()</script><iframe src="https://x"></iframe><p>kept</p>')
    root = as_xml(out)
    assert root.find(".//script") is None
    assert root.find(".//iframe") is None
    assert "bad()" not in out
    assert root.find("p").text == "kept"
    assert "<script>" in removed
    assert "<iframe>" in removed


@pytest.mark.parametrize("tag", ["style", "object", "embed", "form", "audio", "video"])
def test_other_active_elements_are_removed(tag):
    out, removed = sanitize(f"<div>a<{tag}>inner</{tag}>b</div>")
    root = as_xml(out)
    assert root.find(f".//{tag}") is None
    assert f"<{tag}>" in removed


def test_event_attributes_are_removed_and_reported():
    out, removed = sanitize('<div onclick="a()" class="k"><img src="x.png" onerror="b()" ONLOAD="c()"></div>')
    root = as_xml(out)
    for element in root.iter():
        assert not [name for name in element.attrib if name.lower().startswith("on")]
    assert root.find("div").get("class") == "k"
    assert root.find("div/img").get("src") == "x.png"
    assert "onclick=" in removed
    assert "onerror=" in removed


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "  javascript:alert(1)",
        "vbscript:msgbox(1)",
    ],
)
def test_javascript_hrefs_are_removed(href):
    out, removed = sanitize(f'<p><a href="{href}">click</a><img src="{href}"></p>')
    root = as_xml(out)
    assert root.find(".//a").get("href") is None
    assert root.find(".//img").get("src") is None
    assert root.find(".//a").text == "click"
    assert len(removed) == 2


def test_javascript_href_hidden_by_a_tab_is_removed():
    # Browsers strip tabs and newlines from URLs: this is javascript: too.
    out, _ = sanitize('<a href="java&#x09;script:alert(1)">x</a>')
    href = as_xml(out).find("a").get("href") or ""
    assert "script:" not in href.replace("\t", "").replace("\n", "").lower()


def test_safe_links_and_data_attributes_are_kept():
    out, removed = sanitize('<a href="https://example.org" title="T" data-x="1" aria-label="L">x</a>')
    a = as_xml(out).find("a")
    assert a.get("href") == "https://example.org"
    assert a.get("title") == "T"
    assert a.get("data-x") == "1"
    assert a.get("aria-label") == "L"
    assert removed == []


def test_unknown_attributes_are_dropped():
    out, _ = sanitize('<div foo="bar" xmlns:x="urn:x" x:y="1">x</div>')
    div = as_xml(out).find("div")
    assert dict(div.attrib) == {}


def test_control_characters_in_top_level_text_do_not_break_xml():
    out, _ = sanitize("before\x0cafter <b>x</b>")
    root = as_xml(out)
    assert root.text == "beforeafter "
    assert [(b.tag, b.text) for b in root] == [("b", "x")]
