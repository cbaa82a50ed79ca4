"""Links between chapter files become links inside the book."""

from __future__ import annotations

import pytest

from bookpress.diagnostics import Diagnostics
from bookpress.model import Book, Heading, Link, Span, plain_text

from .util import all_ids, chapter, heading, load_book, nodes, with_code

SUMMARY = """\
# Summary

- [A](a.md)
- [B](b.md)
    - [Child](b/child.md)
- [Part](part/README.md)
    - [Inner](part/inner.md)
- [Other](other/README.md)
"""


def book_with(make_book, links_in_a: str):
    """A book whose chapter a.md ends with ``links_in_a`` (on line 7)."""
    files = {
        "src/SUMMARY.md": SUMMARY,
        "src/a.md": f"# A\n\n## Summary\n\n## Local Section\n\n{links_in_a}\n",
        "src/b.md": "# B\n\n## Summary\n\n## Only In B\n",
        "src/b/child.md": "# Child\n\n## Child Section\n",
        "src/part/README.md": "# Part readme\n\n## Part Section\n",
        "src/part/inner.md": "# Inner\n",
        "src/other/README.md": "# Other\n\n## Summary\n",
        "src/notes.txt": "not a chapter\n",
        "src/images/pic.png": "png\n",
    }
    return make_book(files)


def link_urls(make_book, markdown: str) -> tuple[list[str], tuple[Book, Diagnostics]]:
    """The urls of the links in a.md after the transforms, and the book."""
    root = book_with(make_book, markdown)
    _config, book, diagnostics = load_book(root)
    a = chapter(book, "src/a.md")
    return [link.url for link in nodes(a, Link)], (book, diagnostics)


def ids_of(book):
    return {
        "a": chapter(book, "src/a.md").id,
        "b": chapter(book, "src/b.md").id,
        "part": chapter(book, "src/part/README.md").id,
        "other": chapter(book, "src/other/README.md").id,
    }


def test_link_to_another_chapter_file(make_book):
    urls, (book, diagnostics) = link_urls(make_book, "[b](b.md) [b2](./b.md)")
    assert urls == [f"#{ids_of(book)['b']}"] * 2
    assert diagnostics.warnings == []


def test_link_to_a_heading_in_another_file_uses_its_book_wide_id(make_book):
    # "summary" in b.md is the anchor authors write; its id is "summary-1"
    urls, (book, diagnostics) = link_urls(make_book, "[s](b.md#summary) [o](b.md#only-in-b)")
    b = chapter(book, "src/b.md")
    assert heading(b, "Summary").attr.id == "summary-1"
    assert urls == ["#summary-1", f"#{heading(b, 'Only In B').attr.id}"]
    assert diagnostics.warnings == []


def test_link_from_the_second_chapter_to_its_own_anchor(make_book):
    root = book_with(make_book, "")
    (root / "src" / "b.md").write_text("# B\n\n## Summary\n\nSee [here](#summary).\n")
    _config, book, _ = load_book(root)
    [link] = nodes(chapter(book, "src/b.md"), Link)
    assert link.url == "#summary-1"


def test_link_to_a_fragment_in_the_same_file(make_book):
    urls, (book, diagnostics) = link_urls(make_book, "[s](#summary) [l](#local-section)")
    a = chapter(book, "src/a.md")
    assert urls == [f"#{heading(a, 'Summary').attr.id}", f"#{heading(a, 'Local Section').attr.id}"]
    assert urls[0] == "#summary"
    assert diagnostics.warnings == []


def test_link_to_a_readme_in_a_subfolder(make_book):
    urls, (book, _) = link_urls(make_book, "[p](part/README.md) [p2](part/) [p3](part)")
    assert urls == [f"#{ids_of(book)['part']}"] * 3


def test_link_to_a_parent_folder_means_its_readme(make_book):
    root = book_with(make_book, "")
    (root / "src" / "part" / "inner.md").write_text(
        "# Inner\n\n[up](../other/) [up2](../other/#summary) [a](../a.md#local-section)\n"
    )
    _config, book, diagnostics = load_book(root)
    part = chapter(book, "src/part/README.md")
    urls = [link.url for link in nodes(part, Link)]
    other = chapter(book, "src/other/README.md")
    a = chapter(book, "src/a.md")
    assert urls == [
        f"#{other.id}",
        f"#{heading(other, 'Summary').attr.id}",
        f"#{heading(a, 'Local Section').attr.id}",
    ]
    assert diagnostics.warnings == []


def test_mdbook_html_links(make_book):
    urls, (book, diagnostics) = link_urls(make_book, "[b](b.html) [s](b.html#summary)")
    assert urls == [f"#{ids_of(book)['b']}", "#summary-1"]
    assert diagnostics.warnings == []


def test_mdbook_index_html_link_means_the_folder_readme(make_book):
    # mdBook renders part/README.md as part/index.html
    urls, (book, diagnostics) = link_urls(make_book, "[p](part/index.html) [s](part/index.html#part-section)")
    part = chapter(book, "src/part/README.md")
    assert urls == [f"#{part.id}", f"#{heading(part, 'Part Section').attr.id}"]
    assert diagnostics.warnings == []


def test_link_to_a_subchapter_file_goes_to_its_heading(make_book):
    urls, (book, diagnostics) = link_urls(
        make_book, "[c](b/child.md) [cs](b/child.md#child-section) [i](part/inner.md)"
    )
    b = chapter(book, "src/b.md")
    part = chapter(book, "src/part/README.md")
    assert urls == [
        f"#{heading(b, 'Child').attr.id}",
        f"#{heading(b, 'Child Section').attr.id}",
        f"#{heading(part, 'Inner').attr.id}",
    ]
    # a sub-chapter is not a chapter of its own: its link is not to b's start
    assert urls[0] != f"#{b.id}"
    assert diagnostics.warnings == []


def test_link_inside_a_subchapter_to_its_own_anchor(make_book):
    root = book_with(make_book, "")
    (root / "src" / "b" / "child.md").write_text(
        "# Child\n\n## Summary\n\n[s](#summary) [b](../b.md#summary)\n"
    )
    _config, book, _ = load_book(root)
    b = chapter(book, "src/b.md")
    summaries = [h for h in nodes(b, Heading) if plain_text(h.children) == "Summary"]
    own, child = summaries
    urls = [link.url for link in nodes(b, Link)]
    assert urls == [f"#{child.attr.id}", f"#{own.attr.id}"]
    assert child.attr.id != own.attr.id


def test_link_with_percent_escapes(make_book):
    root = make_book(
        {
            "src/SUMMARY.md": "- [A](a.md)\n- [S](my%20chapter.md)\n",
            "src/a.md": "# A\n\n[s](my%20chapter.md) [t](my%20chapter.md#a-section)\n",
            "src/my chapter.md": "# S\n\n## A Section\n",
        }
    )
    _config, book, diagnostics = load_book(root)
    spaced = chapter(book, "src/my chapter.md")
    urls = [link.url for link in nodes(chapter(book, "src/a.md"), Link)]
    assert urls == [f"#{spaced.id}", f"#{heading(spaced, 'A Section').attr.id}"]
    assert diagnostics.warnings == []


def test_link_to_a_missing_file_is_a_broken_link_warning(make_book):
    root = book_with(make_book, "Text\nmore [gone](missing.md#x) here.")
    _config, book, diagnostics = load_book(root)
    a = chapter(book, "src/a.md")
    assert nodes(a, Link) == []
    spans = [s for s in nodes(a, Span) if plain_text(s.children) == "gone"]
    assert len(spans) == 1
    [w] = with_code(diagnostics, "broken-link")
    assert w.path == "src/a.md"
    assert w.line == 8  # "# A", "", "## Summary", "", "## Local Section", "", "Text", "more …"
    assert "missing.md" in w.message


@pytest.mark.parametrize("target", ["notes.txt", "images/pic.png", "../book.toml"])
def test_link_to_an_existing_file_that_is_not_a_chapter(make_book, target):
    urls, (_book, diagnostics) = link_urls(make_book, f"[f]({target})")
    assert urls == []
    [w] = with_code(diagnostics, "link-not-chapter")
    assert w.path == "src/a.md"
    assert w.line == 7
    assert with_code(diagnostics, "broken-link") == []


def test_link_escaping_the_book_folder_is_broken(make_book):
    urls, (_book, diagnostics) = link_urls(make_book, "[f](../../../etc/passwd)")
    assert urls == []
    assert len(with_code(diagnostics, "broken-link")) == 1


def test_link_to_a_missing_anchor_warns_and_goes_to_the_chapter(make_book):
    urls, (book, diagnostics) = link_urls(make_book, "[x](b.md#no-such-heading)")
    assert urls == [f"#{ids_of(book)['b']}"]
    [w] = with_code(diagnostics, "broken-anchor")
    assert w.line == 7


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/page.md",
        "http://example.org",
        "mailto:someone@example.org",
        "ftp://example.org/file",
    ],
)
def test_external_links_are_untouched(make_book, url):
    urls, (_book, diagnostics) = link_urls(make_book, f"[x]({url})")
    assert urls == [url]
    assert diagnostics.warnings == []


def test_a_protocol_relative_link_gets_https(make_book):
    # In an EPUB "//host/x" would resolve against the package, not the web.
    urls, (_book, diagnostics) = link_urls(make_book, "[x](//cdn.example.org/x)")
    assert urls == ["https://cdn.example.org/x"]
    assert diagnostics.warnings == []


def test_links_in_footnotes_are_resolved(make_book):
    root = book_with(make_book, "Text[^n].\n\n[^n]: See [b](b.md#summary) and [g](gone.md).")
    _config, book, diagnostics = load_book(root)
    a = chapter(book, "src/a.md")
    [note] = a.footnotes
    assert [link.url for link in nodes(note, Link)] == ["#summary-1"]
    assert len(with_code(diagnostics, "broken-link")) == 1


def test_link_targets_exist_in_the_book(make_book):
    markdown = (
        "[b](b.md) [s](b.md#summary) [c](b/child.md) [p](part/) [h](b.html#only-in-b) [l](#local-section)"
    )
    urls, (book, _) = link_urls(make_book, markdown)
    ids = set(all_ids(book))
    assert len(urls) == 6
    for url in urls:
        assert url.startswith("#")
        assert url[1:] in ids, url
