"""Control characters out of text and metadata, with a warning that says where."""

from __future__ import annotations

from bookpress.diagnostics import Diagnostics
from bookpress.model import Author, Meta
from bookpress.text_clean import clean_meta, clean_source, strip_controls


def test_controls_and_escape_sequences_go_tabs_and_newlines_stay() -> None:
    text, removed = strip_controls("a\tb\nc\r\nBell\x07 \x1b[31mred\x1b[0m \x00nul\x7f\x85\ufffe.")
    assert text == "a\tb\nc\r\nBell red nul."
    assert removed == ["\x07", "\x1b[31m", "\x1b[0m", "\x00", "\x7f", "\x85", "\ufffe"]


def test_plain_text_is_returned_as_it_is() -> None:
    text = "Ünïcödé — “quotes”, 中文, emoji 🙂, tab\tand newline\n"
    assert strip_controls(text) == (text, [])


def test_chapter_text_warns_once_per_line_at_its_origin() -> None:
    diagnostics = Diagnostics()
    origins = {0: ("src/a.md", 1), 1: ("src/a.md", 2), 2: ("src/included.md", 7)}
    text = clean_source(
        "# Head\x07ing\nclean line\ncode\x02 and \x1b[1mbold\n", origins.__getitem__, diagnostics
    )
    assert text == "# Heading\nclean line\ncode and bold\n"
    found = [(d.path, d.line, d.code) for d in diagnostics.warnings]
    assert found == [("src/a.md", 1, "control-character"), ("src/included.md", 7, "control-character")]
    assert "U+0007 BEL" in diagnostics.warnings[0].message
    assert (
        "U+0002 STX" in diagnostics.warnings[1].message and "ESC sequence" in diagnostics.warnings[1].message
    )


def test_many_lines_with_controls_are_summarised() -> None:
    diagnostics = Diagnostics()
    text = "\n".join(f"line {n}\x07" for n in range(100))
    cleaned = clean_source(text, lambda i: ("a.md", i + 1), diagnostics)
    assert "\x07" not in cleaned
    assert len(diagnostics.warnings) == 21
    assert "not listed" in diagnostics.warnings[-1].message


def test_metadata_is_cleaned_field_by_field_with_the_key_line() -> None:
    diagnostics = Diagnostics()
    meta = Meta(
        title="The\x07 Title",
        authors=(Author("A\x00 Author"), Author("Clean")),
        description="fine",
        publisher_address="Street\x1b[2J 1",
    )
    lines = {"title": 2, "authors": 3, "publisher-address": 9}
    cleaned = clean_meta(meta, diagnostics, "book.toml", lines.get)
    assert cleaned.title == "The Title"
    assert [a.name for a in cleaned.authors] == ["A Author", "Clean"]
    assert cleaned.publisher_address == "Street 1"
    assert cleaned.description == "fine"
    assert sorted((d.line, d.code) for d in diagnostics.warnings) == [
        (2, "control-character"),
        (3, "control-character"),
        (9, "control-character"),
    ]
    assert clean_meta(cleaned, Diagnostics(), "book.toml", lines.get) is cleaned  # nothing left to do
