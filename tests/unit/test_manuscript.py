"""Chapter discovery: book.toml list, then SUMMARY.md, then the folder."""

from __future__ import annotations

import pytest

from bookpress.config import load_config
from bookpress.diagnostics import BookError, Diagnostics
from bookpress.manuscript import Entry, Outline, PartEntry, find_outline

from .util import with_code


def outline_of(root) -> tuple[Outline, Diagnostics]:
    diagnostics = Diagnostics()
    config = load_config(root, diagnostics)
    return find_outline(config, diagnostics), diagnostics


def outline_error(root):
    diagnostics = Diagnostics()
    config = load_config(root, diagnostics)
    with pytest.raises(BookError) as info:
        find_outline(config, diagnostics)
    return info.value.diagnostic


def rel(root, entries) -> list[str]:
    return [e.path.relative_to(root).as_posix() for e in entries]


SUMMARY = """\
# Summary

[Preface](preface.md)
[Foreword](foreword.md)

- [Introduction](intro.md)
- [Writing](writing.md)
    - [Config](writing/config.md)
    - [Order](writing/order.md)
        - [Deep](writing/deep.md)
- [Draft chapter]()
- [Building](building.md)

[Colophon](colophon.md)
"""

SUMMARY_FILES = [
    "preface.md",
    "foreword.md",
    "intro.md",
    "writing.md",
    "writing/config.md",
    "writing/order.md",
    "writing/deep.md",
    "building.md",
    "colophon.md",
]


@pytest.fixture
def summary_book(make_book):
    files = {f"src/{name}": f"# {name}\n" for name in SUMMARY_FILES}
    return make_book({**files, "src/SUMMARY.md": SUMMARY})


# --- priority of the three sources ------------------------------------------------------


def test_chapters_list_in_book_toml_wins_over_summary(make_book):
    root = make_book(
        {
            "book.toml": '[book]\ntitle = "T"\nchapters = ["b.md", "a.md"]\n',
            "src/a.md": "# A\n",
            "src/b.md": "# B\n",
            "src/c.md": "# C\n",
            "src/SUMMARY.md": "- [C](c.md)\n",
        }
    )
    outline, _ = outline_of(root)
    assert outline.origin == "book.toml"
    assert rel(root, outline.entries()) == ["src/b.md", "src/a.md"]
    assert all(e.kind == "body" for e in outline.entries())


def test_chapters_list_paths_relative_to_book_toml_first(make_book):
    root = make_book(
        {
            "book.toml": '[book]\ntitle = "T"\nchapters = ["intro.md", "src/two.md", "three.md"]\n',
            "intro.md": "# Intro\n",
            "src/two.md": "# Two\n",
            "src/three.md": "# Three\n",
        }
    )
    outline, _ = outline_of(root)
    assert rel(root, outline.entries()) == ["intro.md", "src/two.md", "src/three.md"]


def test_chapters_list_with_missing_file_names_book_toml_and_line(make_book):
    root = make_book(
        {
            "book.toml": '[book]\ntitle = "T"\n\nchapters = ["a.md", "gone.md"]\n',
            "src/a.md": "# A\n",
        }
    )
    d = outline_error(root)
    assert d.code == "chapter-missing"
    assert d.path == "book.toml"
    assert d.line == 4
    assert "gone.md" in d.message


def test_summary_wins_over_folder(make_book):
    root = make_book(
        {
            "src/SUMMARY.md": "- [B](b.md)\n",
            "src/a.md": "# A\n",
            "src/b.md": "# B\n",
        }
    )
    outline, _ = outline_of(root)
    assert outline.origin == "SUMMARY.md"
    assert rel(root, outline.entries()) == ["src/b.md"]


def test_folder_is_used_without_list_or_summary(make_book):
    root = make_book({"src/b.md": "# B\n", "src/a.md": "# A\n"})
    outline, _ = outline_of(root)
    assert outline.origin == "folder"
    assert rel(root, outline.entries()) == ["src/a.md", "src/b.md"]


# --- SUMMARY.md ---------------------------------------------------------------------------


def test_summary_prefix_chapters_are_front(summary_book):
    outline, _ = outline_of(summary_book)
    assert rel(summary_book, outline.front) == ["src/preface.md", "src/foreword.md"]
    assert [e.kind for e in outline.front] == ["front", "front"]
    assert [e.title for e in outline.front] == ["Preface", "Foreword"]


def test_summary_list_items_are_body_chapters(summary_book):
    outline, _ = outline_of(summary_book)
    assert rel(summary_book, outline.body) == [
        "src/intro.md",
        "src/writing.md",
        "src/building.md",
    ]
    assert all(e.kind == "body" for e in outline.body)
    assert [e.title for e in outline.body] == ["Introduction", "Writing", "Building"]


def test_summary_nested_items_become_children(summary_book):
    outline, _ = outline_of(summary_book)
    writing = outline.body[1]
    assert isinstance(writing, Entry)
    assert rel(summary_book, writing.children) == ["src/writing/config.md", "src/writing/order.md"]
    order = writing.children[1]
    assert rel(summary_book, order.children) == ["src/writing/deep.md"]
    assert outline.body[0].children == ()
    # entries() lists children right after their parent
    assert rel(summary_book, outline.entries())[3:7] == [
        "src/writing.md",
        "src/writing/config.md",
        "src/writing/order.md",
        "src/writing/deep.md",
    ]


def test_summary_suffix_chapters_are_back(summary_book):
    outline, _ = outline_of(summary_book)
    assert rel(summary_book, outline.back) == ["src/colophon.md"]
    assert outline.back[0].kind == "back"


def test_summary_draft_chapter_is_skipped_with_a_note(summary_book):
    outline, diagnostics = outline_of(summary_book)
    titles = [e.title for e in outline.entries()]
    assert "Draft chapter" not in titles
    [note] = with_code(diagnostics, "draft-chapter", notes=True)
    assert note.line == 11
    assert diagnostics.warnings == []


def test_summary_entries_remember_their_line(summary_book):
    outline, _ = outline_of(summary_book)
    lines = {e.path.name: e.source.line for e in outline.entries()}
    assert lines["intro.md"] == 6
    assert lines["config.md"] == 8
    assert lines["deep.md"] == 10
    assert lines["building.md"] == 12
    assert lines["colophon.md"] == 14
    assert {e.source.path for e in outline.entries()} == {"src/SUMMARY.md"}


def test_summary_prefix_chapters_on_consecutive_lines_remember_their_own_line(summary_book):
    outline, _ = outline_of(summary_book)
    assert [e.source.line for e in outline.front] == [3, 4]


def test_summary_headings_after_the_list_start_parts(make_book):
    summary = """\
    # Summary

    [Preface](preface.md)

    # Part One

    - [A](a.md)
    - [B](b.md)

    # Part Two

    - [C](c.md)

    [Colophon](colophon.md)
    """
    files = {f"src/{n}.md": f"# {n}\n" for n in ("preface", "a", "b", "c", "colophon")}
    root = make_book({**files, "src/SUMMARY.md": summary})
    outline, _ = outline_of(root)
    assert [e.title for e in outline.front] == ["Preface"]
    assert [type(p) for p in outline.body] == [PartEntry, PartEntry]
    one, two = outline.body
    assert one.title == "Part One"
    assert one.source.line == 5
    assert rel(root, one.chapters) == ["src/a.md", "src/b.md"]
    assert two.title == "Part Two"
    assert rel(root, two.chapters) == ["src/c.md"]
    assert rel(root, outline.back) == ["src/colophon.md"]
    assert rel(root, outline.entries()) == [
        "src/preface.md",
        "src/a.md",
        "src/b.md",
        "src/c.md",
        "src/colophon.md",
    ]


def test_summary_title_heading_is_not_a_part(summary_book):
    outline, _ = outline_of(summary_book)
    assert not any(isinstance(item, PartEntry) for item in outline.body)


def test_summary_missing_list_item_file_is_an_error_with_its_line(make_book):
    root = make_book(
        {
            "src/SUMMARY.md": "# Summary\n\n- [A](a.md)\n- [B](b.md)\n    - [Gone](gone.md)\n",
            "src/a.md": "# A\n",
            "src/b.md": "# B\n",
        }
    )
    d = outline_error(root)
    assert d.code == "chapter-missing"
    assert d.path == "src/SUMMARY.md"
    assert d.line == 5
    assert "gone.md" in d.message


def test_summary_missing_prefix_file_is_an_error_with_its_own_line(make_book):
    root = make_book(
        {
            "src/SUMMARY.md": ("# Summary\n\n[Preface](preface.md)\n[Foreword](gone.md)\n\n- [A](a.md)\n"),
            "src/preface.md": "# P\n",
            "src/a.md": "# A\n",
        }
    )
    d = outline_error(root)
    assert d.code == "chapter-missing"
    assert d.path == "src/SUMMARY.md"
    assert d.line == 4
    assert "gone.md" in d.message


def test_summary_link_with_fragment_and_escapes(make_book):
    root = make_book(
        {
            "src/SUMMARY.md": "- [A](a.md#top)\n- [Spaced](my%20chapter.md)\n",
            "src/a.md": "# A\n",
            "src/my chapter.md": "# S\n",
        }
    )
    outline, _ = outline_of(root)
    assert rel(root, outline.entries()) == ["src/a.md", "src/my chapter.md"]


# --- a folder of Markdown files -------------------------------------------------------------


def test_folder_natural_sort_readme_first_summary_excluded(make_book):
    root = make_book(
        {
            "src/chapter-10.md": "# 10\n",
            "src/chapter-2.md": "# 2\n",
            "src/chapter-1.md": "# 1\n",
            "src/README.md": "# Readme\n",
            "src/part/b.md": "# b\n",
            "src/part/README.md": "# part\n",
            "src/part/a.md": "# a\n",
            "src/notes.txt": "not markdown\n",
            "src/.hidden/x.md": "# hidden\n",
            "src/node_modules/y.md": "# dependency\n",
        }
    )
    outline, _ = outline_of(root)
    assert outline.origin == "folder"
    assert rel(root, outline.entries()) == [
        "src/README.md",
        "src/chapter-1.md",
        "src/chapter-2.md",
        "src/chapter-10.md",
        "src/part/README.md",
        "src/part/a.md",
        "src/part/b.md",
    ]


def test_folder_excludes_summary_md_in_subfolders(make_book):
    root = make_book(
        {
            "src/a.md": "# A\n",
            "src/part/SUMMARY.md": "- [A](../a.md)\n",
            "src/part/b.md": "# B\n",
        }
    )
    outline, _ = outline_of(root)
    assert outline.origin == "folder"
    assert rel(root, outline.entries()) == ["src/a.md", "src/part/b.md"]


def test_folder_natural_sort_is_case_insensitive(make_book):
    root = make_book({"src/Chapter-10.md": "x\n", "src/chapter-9.md": "x\n", "src/Appendix.md": "x\n"})
    outline, _ = outline_of(root)
    assert rel(root, outline.entries()) == [
        "src/Appendix.md",
        "src/chapter-9.md",
        "src/Chapter-10.md",
    ]


def test_folder_entries_are_body_chapters_without_titles(make_book):
    root = make_book({"src/a.md": "# A\n"})
    outline, _ = outline_of(root)
    [entry] = outline.entries()
    assert entry.kind == "body"
    assert entry.title == ""
    assert entry.source.path == "src/a.md"


def test_folder_without_markdown_is_an_error(make_book):
    root = make_book({"src/notes.txt": "x\n"})
    d = outline_error(root)
    assert d.code == "no-chapters"
