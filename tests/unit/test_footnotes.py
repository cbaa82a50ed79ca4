"""Footnotes numbered per chapter in the order of their first call."""

from __future__ import annotations

from bookpress.model import FootnoteRef, Text, plain_text
from bookpress.vocabulary import note_id

from .util import all_ids, chapter, load_book, nodes, with_code


def two_chapters(make_book, a: str, b: str = "# B\n\nOne[^x].\n\n[^x]: B's note.\n"):
    return make_book({"src/SUMMARY.md": "- [A](a.md)\n- [B](b.md)\n", "src/a.md": a, "src/b.md": b})


def test_numbers_follow_the_order_of_first_call_not_of_definition(make_book):
    root = two_chapters(
        make_book,
        "# A\n\nFirst[^later] then[^early].\n\n[^early]: Defined first.\n[^later]: Defined last.\n",
    )
    _config, book, _ = load_book(root)
    a = chapter(book, "src/a.md")
    refs = nodes(a, FootnoteRef)
    assert [(r.label, r.number) for r in refs] == [("later", 1), ("early", 2)]
    assert [n.label for n in a.footnotes] == ["later", "early"]


def test_numbering_restarts_in_each_chapter(make_book):
    root = two_chapters(make_book, "# A\n\nA[^1] b[^2].\n\n[^1]: one\n[^2]: two\n")
    _config, book, _ = load_book(root)
    [ref] = nodes(chapter(book, "src/b.md"), FootnoteRef)
    assert ref.number == 1
    assert ref.id == f"{chapter(book, 'src/b.md').id}-fnref-1"


def test_undefined_footnote_is_a_warning_and_stays_visible(make_book):
    root = two_chapters(make_book, "# A\n\nText\nwith[^nope] call.\n")
    _config, book, diagnostics = load_book(root)
    a = chapter(book, "src/a.md")
    assert nodes(a, FootnoteRef) == []
    assert "[^nope]" in plain_text(a.blocks[0].children)
    assert any(isinstance(n, Text) and "[^nope]" in n.text for n in a.blocks[0].children)
    [w] = with_code(diagnostics, "undefined-footnote")
    assert (w.path, w.line) == ("src/a.md", 4)
    assert "nope" in w.message


def test_note_called_twice_keeps_one_number_with_distinct_call_ids(make_book):
    root = two_chapters(make_book, "# A\n\nOne[^n], two[^m], three[^n].\n\n[^n]: N.\n[^m]: M.\n")
    _config, book, _ = load_book(root)
    a = chapter(book, "src/a.md")
    refs = nodes(a, FootnoteRef)
    assert [(r.label, r.number) for r in refs] == [("n", 1), ("m", 2), ("n", 1)]
    ids = [r.id for r in refs]
    assert len(set(ids)) == 3
    assert ids[0] == f"{a.id}-fnref-1"
    assert len(a.footnotes) == 2  # the note itself is there once


def test_inline_footnote(make_book):
    root = two_chapters(make_book, "# A\n\nBefore[^a] inline^[Written in place.] after.\n\n[^a]: A.\n")
    _config, book, diagnostics = load_book(root)
    a = chapter(book, "src/a.md")
    refs = nodes(a, FootnoteRef)
    assert [r.number for r in refs] == [1, 2]
    assert len(a.footnotes) == 2
    inline_note = a.footnotes[1]
    assert inline_note.label == refs[1].label
    assert plain_text(inline_note.blocks[0].children) == "Written in place."
    assert diagnostics.warnings == []


def test_unused_definitions_are_dropped(make_book):
    root = two_chapters(make_book, "# A\n\nNo calls here.\n\n[^orphan]: Never called.\n")
    _config, book, _ = load_book(root)
    assert chapter(book, "src/a.md").footnotes == ()


def test_footnotes_of_subchapters_do_not_clash_with_the_parent(make_book):
    root = make_book(
        {
            "src/SUMMARY.md": "- [P](p.md)\n    - [C](c.md)\n",
            "src/p.md": "# P\n\nParent[^1].\n\n[^1]: Parent note.\n",
            "src/c.md": "# C\n\nChild[^1].\n\n[^1]: Child note.\n",
        }
    )
    _config, book, diagnostics = load_book(root)
    [p] = list(book.chapters())
    refs = nodes(p, FootnoteRef)
    assert [r.number for r in refs] == [1, 2]
    texts = [plain_text(n.blocks[0].children) for n in p.footnotes]
    assert texts == ["Parent note.", "Child note."]
    assert diagnostics.warnings == []


def test_footnote_ids_are_unique_and_note_ids_are_per_chapter(make_book):
    root = two_chapters(make_book, "# A\n\nA[^1] b[^1].\n\n[^1]: one\n")
    _config, book, _ = load_book(root)
    ids = all_ids(book)
    assert len(ids) == len(set(ids))
    assert note_id("a", 3) == "a-fn-3"
