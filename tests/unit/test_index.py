"""The back-of-book index: marks, subentries, cross-references, sorting and grouping."""

from __future__ import annotations

import pytest

from bookpress.collation import initial, sort_key
from bookpress.model import IndexBlock, IndexEntry, IndexTerm, plain_text
from bookpress.transforms.index import SYMBOLS, parse_index

from .util import load_book, nodes


def index_of(make_book, markdown: str, toml: str = "") -> tuple[IndexBlock, list[IndexTerm]]:
    root = make_book({"book.toml": f'[book]\ntitle = "T"\n{toml}', "src/a.md": markdown})
    _, book, diagnostics = load_book(root)
    assert not diagnostics.errors
    [block] = nodes(book, IndexBlock)
    return block, nodes(book, IndexTerm)


def flat(block: IndexBlock) -> list[tuple[str, list[str]]]:
    return [(group.letter, [entry.term for entry in group.entries]) for group in block.groups]


def entry(block: IndexBlock, term: str) -> IndexEntry:
    return next(e for g in block.groups for e in g.entries if e.term == term)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("gradient clipping", (("gradient clipping",), "", "")),
        ("optimizer!AdamW", (("optimizer", "AdamW"), "", "")),
        ("optimizer ! AdamW ! betas", (("optimizer", "AdamW", "betas"), "", "")),
        ("LR|see learning rate", (("LR",), "learning rate", "")),
        ("Adam|seealso AdamW", (("Adam",), "", "AdamW")),
    ],
)
def test_parse_index(value: str, expected) -> None:
    assert parse_index(value) == expected


def test_marks_subentries_and_cross_references(make_book) -> None:
    block, marks = index_of(
        make_book,
        '# A\n\n[Gradient clipping]{.index} keeps the [update]{index="optimizer!update"} small.\n'
        'With [AdamW]{index="optimizer!AdamW"} the [LR]{index="LR|see learning rate"} matters;\n'
        '[Adam]{index="Adam|seealso AdamW"} too. [clipping]{index="gradient clipping"} again.\n',
    )
    assert len(marks) == 6
    clipping = entry(block, "Gradient clipping")
    assert len(clipping.locators) == 2  # "Gradient clipping" and "gradient clipping" are one entry
    optimizer = entry(block, "optimizer")
    assert optimizer.locators == () and [c.term for c in optimizer.children] == ["AdamW", "update"]
    lr = entry(block, "LR")
    assert lr.see == ("learning rate",) and lr.locators == ()
    adam = entry(block, "Adam")
    assert adam.seealso == ("AdamW",) and len(adam.locators) == 1
    # the marked words stay in the text
    assert [plain_text(m.children) for m in marks][:2] == ["Gradient clipping", "update"]


def test_groups_by_letter_symbols_and_numbers_first(make_book) -> None:
    words = [
        "zebra",
        "Éclair",
        "apple",
        "eclipse",
        "_private",
        "3D printing",
        "C++",
        "cache",
        "Ärger",
        "#hash",
    ]
    text = "# A\n\n" + " ".join(f"[{w}]{{.index}}" for w in words) + "\n"
    block, _ = index_of(make_book, text)
    assert flat(block) == [
        (SYMBOLS, ["_private", "#hash", "3D printing"]),
        ("A", ["apple", "Ärger"]),
        ("C", ["C++", "cache"]),
        ("E", ["Éclair", "eclipse"]),
        ("Z", ["zebra"]),
    ]


def test_swedish_letters_after_z(make_book) -> None:
    words = ["öl", "zebra", "ål", "äpple", "apa", "Örebro"]
    text = "# A\n\n" + " ".join(f"[{w}]{{.index}}" for w in words) + "\n"
    block, _ = index_of(make_book, text, 'language = "sv"\n')
    assert flat(block) == [
        ("A", ["apa"]),
        ("Z", ["zebra"]),
        ("Å", ["ål"]),
        ("Ä", ["äpple"]),
        ("Ö", ["öl", "Örebro"]),
    ]


def test_index_terms_are_marked_wherever_they_occur(make_book) -> None:
    block, marks = index_of(
        make_book,
        "# A\n\nWeasyPrint lays out pages. We like WeasyPrint.\n\n## WeasyPrint in headings\n\n"
        "`WeasyPrint` in code is not marked.\n",
        '[index]\nterms = ["WeasyPrint"]\n',
    )
    assert len(entry(block, "WeasyPrint").locators) == 2
    assert all(m.term == ("WeasyPrint",) for m in marks)


def test_no_marks_no_index(make_book) -> None:
    root = make_book({"src/a.md": "# A\n\nNothing to index.\n"})
    _, book, _ = load_book(root)
    assert nodes(book, IndexBlock) == []


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ["#1", "2nd", "a", "A", "á", "ab", "b"]),
        ("de", ["Apfel", "Äpfel", "Apfelbaum", "Zug"]),
        ("fr", ["cote", "coté", "côte", "côté"]),  # CLDR French: accents compared left to right
        ("es", ["nube", "nylon", "ñame", "oro"]),
        ("da", ["zone", "æble", "øl", "ål"]),
    ],
)
def test_collation(language: str, words: list[str]) -> None:
    assert sorted(reversed(words), key=lambda w: sort_key(w, language)) == words


@pytest.mark.parametrize(
    ("word", "language", "letter"),
    [
        ("Éclair", "en", "E"),
        ("ñame", "es", "Ñ"),
        ("ñame", "en", "N"),
        ("öl", "sv", "Ö"),
        ("öl", "de", "O"),
        ("3D", "en", ""),
    ],
)
def test_initial(word: str, language: str, letter: str) -> None:
    assert initial(word, language) == letter


def test_the_lazily_loaded_collation_table_gives_pyucas_keys() -> None:
    import random

    from pyuca import Collator

    from bookpress.collation import _collator

    whole = Collator()
    lazy = _collator()
    texts = [
        "éclair",
        "Eclair",
        "straße",
        "Ærø",
        "naïve",
        "日本語",
        "한국어",
        "Ǆ",
        "a\u0301\u0323",
        "ﬁne",
        "l·l",
    ]
    texts += ["\u0f71\u0f72\u0f74", "\u0e40\u0e01", "-x", "1st", "Ωmega"]
    rng = random.Random(7)
    ranges = [(32, 0x2FFF), (0x300, 0x36F), (0x4E00, 0x4EFF), (0xAC00, 0xAD00), (0x10000, 0x1FFFF)]
    for _ in range(3000):
        texts.append("".join(chr(rng.randint(*rng.choice(ranges))) for _ in range(rng.randint(1, 6))))
    assert [lazy.sort_key(t) for t in texts] == [whole.sort_key(t) for t in texts]
