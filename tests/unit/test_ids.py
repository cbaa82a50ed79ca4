"""Ids unique in the whole book, valid as XML ids, explicit ones kept."""

from __future__ import annotations

import pytest

from bookpress.diagnostics import Severity
from bookpress.model import Heading, Part
from bookpress.slug import UniqueIds, github_anchor, slugify

from .util import all_ids, chapter, heading, is_xml_id, load_book, nodes, with_code


def test_same_heading_in_two_chapters_gets_two_ids(make_book):
    root = make_book(
        {
            "src/SUMMARY.md": "- [A](a.md)\n- [B](b.md)\n",
            "src/a.md": "# A\n\n## Summary\n",
            "src/b.md": "# B\n\n## Summary\n",
        }
    )
    _config, book, diagnostics = load_book(root)
    first = heading(chapter(book, "src/a.md"), "Summary")
    second = heading(chapter(book, "src/b.md"), "Summary")
    assert first.attr.id == "summary"
    assert second.attr.id == "summary-1"
    # what authors link to inside each file stays the GitHub anchor
    assert first.anchor == "summary"
    assert second.anchor == "summary"
    assert ("src/b.md", "summary", "summary-1") in chapter(book, "src/b.md").anchor_map
    assert diagnostics.errors == []


def test_same_heading_twice_in_one_file_gets_github_numbered_anchors(make_book):
    root = make_book({"src/a.md": "# A\n\n## Example\n\n## Example\n\n## Example\n"})
    _config, book, _ = load_book(root)
    hs = nodes(chapter(book, "src/a.md"), Heading)
    assert [h.attr.id for h in hs] == ["example", "example-1", "example-2"]
    assert [h.anchor for h in hs] == ["example", "example-1", "example-2"]


def test_explicit_ids_are_kept(make_book):
    root = make_book(
        {
            "src/SUMMARY.md": "- [A](a.md)\n- [B](b.md)\n",
            "src/a.md": "# A\n\n## Loss {#sec-loss}\n\n## Summary\n",
            "src/b.md": "# B\n\n## Wrap-up {#summary}\n",
        }
    )
    _config, book, diagnostics = load_book(root)
    a = chapter(book, "src/a.md")
    assert heading(a, "Loss").attr.id == "sec-loss"
    assert heading(a, "Loss").anchor == "sec-loss"
    # "summary" is taken by an explicit id in a later chapter: the generated one yields
    assert heading(chapter(book, "src/b.md"), "Wrap-up").attr.id == "summary"
    assert heading(a, "Summary").attr.id != "summary"
    assert diagnostics.errors == []


def test_explicit_id_on_the_title_heading_stays_reachable(make_book):
    root = make_book({"src/a.md": "# Introduction {#intro}\n\nText.\n"})
    _config, book, _ = load_book(root)
    assert "intro" in all_ids(book)


def test_duplicate_explicit_ids_are_an_error_naming_both_places(make_book):
    root = make_book(
        {
            "src/SUMMARY.md": "- [A](a.md)\n- [B](b.md)\n",
            "src/a.md": "# A\n\ntext\n\n## First {#dup}\n",
            "src/b.md": "# B\n\n## Second {#dup}\n",
        }
    )
    _config, _book, diagnostics = load_book(root)
    [d] = with_code(diagnostics, "duplicate-id")
    assert d.severity is Severity.ERROR
    assert (d.path, d.line) == ("src/b.md", 3)
    assert "src/a.md:5" in d.message
    assert "dup" in d.message


def test_duplicate_explicit_ids_in_one_file(make_book):
    root = make_book({"src/a.md": "# A\n\n## One {#x}\n\n## Two {#x}\n"})
    _config, _book, diagnostics = load_book(root)
    [d] = with_code(diagnostics, "duplicate-id")
    assert (d.path, d.line) == ("src/a.md", 5)
    assert "src/a.md:3" in d.message


def test_readme_chapters_in_different_folders_get_different_ids(make_book):
    root = make_book(
        {
            "src/SUMMARY.md": "- [One](one/README.md)\n- [Two](two/README.md)\n",
            "src/one/README.md": "# Intro\n",
            "src/two/README.md": "# Intro\n",
        }
    )
    _config, book, _ = load_book(root)
    ids = [c.id for c in book.chapters()]
    assert ids == ["one", "two"]


def test_chapter_ids_are_unique_even_when_slugs_collide(make_book):
    root = make_book(
        {
            "src/SUMMARY.md": "- [A](a-b.md)\n- [B](a/b.md)\n- [C](a.md)\n",
            "src/a-b.md": "# X\n",
            "src/a/b.md": "# Y\n",
            "src/a.md": "# Z\n\n## A\n",
        }
    )
    _config, book, _ = load_book(root)
    ids = all_ids(book)
    assert len(ids) == len(set(ids))


def test_chapter_and_part_ids(make_book):
    root = make_book(
        {
            "src/SUMMARY.md": "# Summary\n\n- [A](a.md)\n\n# Part One\n\n- [B](b.md)\n",
            "src/a.md": "# A\n",
            "src/b.md": "# B\n",
        }
    )
    _config, book, _ = load_book(root)
    a, part = book.body
    assert a.id == "a"
    assert isinstance(part, Part)
    assert part.id == "part-1"
    assert part.chapters[0].id == "b"


def test_all_ids_in_a_book_are_unique(make_book):
    root = make_book(
        {
            "src/SUMMARY.md": "- [Intro](intro.md)\n- [Summary](summary.md)\n    - [Sub](sub.md)\n",
            "src/intro.md": "# Intro\n\n## Summary\n\n## Intro\n\nText[^1].\n\n[^1]: n\n",
            "src/summary.md": "# Summary\n\n## Summary\n\n## Sub\n",
            "src/sub.md": "# Sub\n\n## Summary\n\n## Intro\n",
        }
    )
    _config, book, _ = load_book(root)
    ids = all_ids(book)
    assert len(ids) == len(set(ids)), sorted(ids)


@pytest.mark.parametrize(
    "text",
    [
        "1. Introduction",
        "2024 in review",
        "C++ & Rust",
        "  Spaces   inside  ",
        "-leading hyphen",
        "Ünïcödé headings",
        "¿Qué pasa?",
        "«Quotes» and “curly” ones",
        "What's `code`?",
        "!!!",
        "E = mc²",
        "½ measures",
    ],
)
def test_generated_heading_ids_are_valid_xml_ids(make_book, text):
    root = make_book({"src/a.md": f"# A\n\n## {text}\n"})
    _config, book, _ = load_book(root)
    [h] = nodes(chapter(book, "src/a.md"), Heading)
    assert h.attr.id, "every heading gets an id"
    assert is_xml_id(h.attr.id), repr(h.attr.id)


@pytest.mark.parametrize("name", ["01-intro.md", "my chapter.md", "2.md", "Ça va.md", "_x.md"])
def test_chapter_ids_from_file_names_are_valid_xml_ids(make_book, name):
    root = make_book({f"src/{name}": "# T\n\n## Section\n\nText[^1].\n\n[^1]: note\n"})
    _config, book, _ = load_book(root)
    ids = all_ids(book)
    assert ids
    for value in ids:
        assert is_xml_id(value), repr(value)
    assert " " not in book.body[0].id


def test_chapter_id_without_usable_file_name_uses_the_title(make_book):
    root = make_book({"src/README.md": "# The Opening\n"})
    _config, book, _ = load_book(root)
    [ch] = list(book.chapters())
    assert ch.id == "the-opening"


def test_github_anchor_and_slugify():
    assert github_anchor("Hello, World!") == "hello-world"
    assert github_anchor("The [output.pdf] table") == "the-outputpdf-table"
    assert github_anchor("Spaces  twice") == "spaces--twice"
    assert slugify("The bookpress Handbook") == "the-bookpress-handbook"
    assert slugify("Café déjà vu") == "cafe-deja-vu"
    assert slugify("!!!") == "section"
    assert is_xml_id(slugify("2024 report"))


def test_unique_ids_hand_out_suffixes():
    ids = UniqueIds()
    assert [ids.claim("x"), ids.claim("x"), ids.claim("x"), ids.claim("x-1")] == [
        "x",
        "x-1",
        "x-2",
        "x-1-1",
    ]
