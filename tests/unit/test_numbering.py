"""Numbers for parts, body chapters and their sections."""

from __future__ import annotations

from bookpress.model import Heading, Part, plain_text
from bookpress.vocabulary import roman

from .util import chapter, heading, load_book, nodes

SUMMARY = """\
[Preface](preface.md)

- [One](one.md)
- [Two](two.md)
    - [Two child](two-child.md)
- [Three](three.md)

[Afterword](afterword.md)
"""

TWO = """\
# Two

## First

### First A

#### First A deep

### First B

## Not numbered {.unnumbered}

## Also not {-}

## Second

### Second A
"""


def numbered_book(make_book, toml: str = '[book]\ntitle = "T"\n'):
    return make_book(
        {
            "book.toml": toml,
            "src/SUMMARY.md": SUMMARY,
            "src/preface.md": "# Preface\n\n## Why\n",
            "src/one.md": "# One\n\n## Only\n",
            "src/two.md": TWO,
            "src/two-child.md": "# Two child\n\n## Child section\n",
            "src/three.md": "# Three\n",
            "src/afterword.md": "# Afterword\n\n## Thanks\n",
        }
    )


def numbers(ch) -> dict[str, str | None]:
    return {plain_text(h.children): h.number for h in nodes(ch, Heading)}


def test_body_chapters_are_numbered_front_and_back_are_not(make_book):
    _config, book, _ = load_book(numbered_book(make_book))
    assert [(c.kind, c.number) for c in book.chapters()] == [
        ("front", None),
        ("body", "1"),
        ("body", "2"),
        ("body", "3"),
        ("back", None),
    ]


def test_sections_of_front_and_back_matter_are_not_numbered(make_book):
    _config, book, _ = load_book(numbered_book(make_book))
    assert numbers(chapter(book, "src/preface.md")) == {"Why": None}
    assert numbers(chapter(book, "src/afterword.md")) == {"Thanks": None}


def test_sections_are_numbered_under_their_chapter(make_book):
    _config, book, _ = load_book(numbered_book(make_book))
    assert numbers(chapter(book, "src/one.md")) == {"Only": "1.1"}
    two = numbers(chapter(book, "src/two.md"))
    assert two["First"] == "2.1"
    assert two["First A"] == "2.1.1"
    assert two["First B"] == "2.1.2"
    assert two["Second"] == "2.2"
    assert two["Second A"] == "2.2.1"


def test_unnumbered_headings_get_no_number_and_do_not_count(make_book):
    _config, book, _ = load_book(numbered_book(make_book))
    two = numbers(chapter(book, "src/two.md"))
    assert two["Not numbered"] is None
    assert two["Also not"] is None
    assert two["Second"] == "2.2"


def test_default_depth_stops_at_level_3(make_book):
    _config, book, _ = load_book(numbered_book(make_book))
    assert numbers(chapter(book, "src/two.md"))["First A deep"] is None


def test_subchapters_continue_the_section_numbers(make_book):
    _config, book, _ = load_book(numbered_book(make_book))
    two = numbers(chapter(book, "src/two.md"))
    assert two["Two child"] == "2.3"
    assert two["Child section"] == "2.3.1"


def test_number_depth_is_respected(make_book):
    root = numbered_book(make_book, '[book]\ntitle = "T"\nnumber-depth = 2\n')
    _config, book, _ = load_book(root)
    two = numbers(chapter(book, "src/two.md"))
    assert two["First"] == "2.1"
    assert two["First A"] is None
    assert two["Second"] == "2.2"
    assert two["Second A"] is None
    assert chapter(book, "src/two.md").number == "2"


def test_number_depth_4_numbers_level_4(make_book):
    root = numbered_book(make_book, '[book]\ntitle = "T"\nnumber-depth = 4\n')
    _config, book, _ = load_book(root)
    assert numbers(chapter(book, "src/two.md"))["First A deep"] == "2.1.1.1"


def test_number_depth_1_numbers_chapters_only(make_book):
    root = numbered_book(make_book, '[book]\ntitle = "T"\nnumber-depth = 1\n')
    _config, book, _ = load_book(root)
    assert chapter(book, "src/two.md").number == "2"
    assert set(numbers(chapter(book, "src/two.md")).values()) == {None}


def test_number_sections_false_disables_numbers(make_book):
    root = numbered_book(make_book, '[book]\ntitle = "T"\nnumber-sections = false\n')
    _config, book, _ = load_book(root)
    headings = [h for ch in book.chapters() for h in nodes(ch, Heading)]
    assert len(headings) >= 4
    for ch in book.chapters():
        assert ch.number is None
    assert [h.number for h in headings] == [None] * len(headings)


def test_parts_get_roman_numbers_and_chapters_count_across_parts(make_book):
    root = make_book(
        {
            "src/SUMMARY.md": (
                "# Summary\n\n- [Intro](intro.md)\n\n# Part A\n\n- [A1](a1.md)\n- [A2](a2.md)\n\n"
                "# Part B\n\n- [B1](b1.md)\n\n# Part C\n\n- [C1](c1.md)\n"
            ),
            **{f"src/{n}.md": f"# {n}\n\n## Sec\n" for n in ("intro", "a1", "a2", "b1", "c1")},
        }
    )
    _config, book, _ = load_book(root)
    parts = [item for item in book.body if isinstance(item, Part)]
    assert [p.number for p in parts] == ["I", "II", "III"]
    assert [c.number for c in book.chapters()] == ["1", "2", "3", "4", "5"]
    assert heading(chapter(book, "src/b1.md"), "Sec").number == "4.1"


def test_roman_numerals():
    assert [roman(n) for n in (1, 2, 3, 4, 5, 9, 10, 14, 40, 90, 400, 1994)] == [
        "I",
        "II",
        "III",
        "IV",
        "V",
        "IX",
        "X",
        "XIV",
        "XL",
        "XC",
        "CD",
        "MCMXCIV",
    ]
