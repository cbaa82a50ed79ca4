"""Characters no installed font has are found before rendering, with their place.

The checks ask the machine's real fontconfig; the characters used as missing
ones are an unassigned code point (U+0378) and one of the last private-use
code points (U+10FFFD), which no font on a normal system maps.
"""

from __future__ import annotations

import pytest

from bookpress import fonts
from bookpress.transforms.glyphs import MAX_REPORTED, needs_glyph

from .util import load_book

UNASSIGNED = "\u0378"
PRIVATE = "\U0010fffd"

needs_fontconfig = pytest.mark.skipif(
    fonts.installed() is None, reason="fontconfig's fc-list is not installed"
)


def glyph_warnings(diagnostics) -> list:
    return [d for d in diagnostics.warnings if d.code == "missing-glyph"]


def test_charset_ranges_merge_and_answer_membership():
    ranges = fonts.Ranges.merged(fonts.parse_charset("20-7e a0-17f 180 300-36f 4e00 zz"))
    assert ranges.starts == (0x20, 0xA0, 0x300, 0x4E00)
    assert ranges.ends == (0x7E, 0x180, 0x36F, 0x4E00)
    assert 0x41 in ranges and 0x180 in ranges and 0x4E00 in ranges
    assert 0x7F not in ranges and 0x1F not in ranges and 0x4E01 not in ranges


def test_fc_list_lines_give_families_and_the_union_of_drawn_formats():
    output = (
        "TrueType\tAlpha,Alpha Regular\t20-7e\n"
        "CFF\tBeta\t4e00-9fff\n"
        "Type 1\tGamma\tac00-d7a3\n"  # Pango no longer draws Type 1 fonts
    )
    coverage = fonts.read_fc_list(output)
    assert coverage.has("A") and coverage.has("中")
    assert not coverage.has("한")
    assert coverage.family_has("alpha regular", "A")
    assert coverage.family_has("Beta", "中") and not coverage.family_has("Beta", "A")
    assert "gamma" not in coverage.families


def test_characters_that_need_no_glyph():
    for char in ("\u200d", "\u00ad", "\ufe0f", "\u3000", "\n", "\u200b"):
        assert not needs_glyph(char), repr(char)
    for char in ("a", "中", "🦀", UNASSIGNED, PRIVATE):
        assert needs_glyph(char)


@needs_fontconfig
def test_installed_fonts_cover_every_script_of_the_theme():
    coverage = fonts.installed()
    assert coverage is not None
    for char in "aệλЖ中あ한अعש🦀":
        assert coverage.has(char), f"no installed font has {char!r}: run make system-deps"
    assert not coverage.has(UNASSIGNED) and not coverage.has(PRIVATE)


@needs_fontconfig
def test_a_missing_glyph_is_one_warning_with_its_first_place_and_count(make_book):
    root = make_book(
        {
            "book.toml": '[book]\ntitle = "Glyphs"\nchapters = ["one.md", "two.md"]\n',
            "one.md": f"""
                # One

                Plain text on line three,
                and the first {PRIVATE} on line four, then {PRIVATE} again.

                ```text
                code line one
                code {UNASSIGNED} on line eight
                ```
                """,
            "two.md": f"# Two\n\nA heading's text counts too.\n\n## Title with {PRIVATE}\n",
        }
    )
    _config, _book, diagnostics = load_book(root)
    warnings = {d.message.split("'")[1]: d for d in glyph_warnings(diagnostics)}
    assert set(warnings) == {PRIVATE, UNASSIGNED}
    private = warnings[PRIVATE]
    assert (private.path, private.line) == ("one.md", 4)
    assert "U+10FFFD" in private.message and "used 3 times" in private.message
    unassigned = warnings[UNASSIGNED]
    assert (unassigned.path, unassigned.line) == ("one.md", 8)
    assert "used once" in unassigned.message


@needs_fontconfig
def test_many_missing_characters_are_counted_not_listed_one_by_one(make_book):
    unassigned = [chr(c) for c in range(0x0378, 0x037A)] + [chr(c) for c in range(0x0870, 0x0870 + 30)]
    unassigned = [c for c in unassigned if not fonts.installed().has(c)]
    assert len(unassigned) > MAX_REPORTED
    root = make_book(
        {"book.toml": '[book]\ntitle = "Many"\n', "a.md": "# A\n\n" + " ".join(unassigned) + "\n"}
    )
    _config, _book, diagnostics = load_book(root)
    warnings = glyph_warnings(diagnostics)
    assert len(warnings) == MAX_REPORTED + 1
    assert f"{len(unassigned) - MAX_REPORTED} more characters" in warnings[-1].message


@needs_fontconfig
def test_every_script_of_the_fixture_book_is_covered(make_book):
    root = make_book(
        {"a.md": "# 한국어\n\n中文 日本語のかな 한국어 Tiếng Việt Ελληνικά Русский हिन्दी العربية 🦀🚀\n"}
    )
    _config, _book, diagnostics = load_book(root)
    assert glyph_warnings(diagnostics) == []


def test_a_chinese_book_that_says_it_is_english_is_told_to_set_its_language(make_book):
    text = "这是一本用中文写的书，每一段都是中文。" * 20
    root = make_book(
        {"book.toml": '[book]\ntitle = "书"\nlanguage = "en"\n', "a.md": f"# 第一章\n\n{text}\n"}
    )
    _config, _book, diagnostics = load_book(root)
    [warning] = [d for d in diagnostics.warnings if d.code == "language"]
    assert "mostly Chinese" in warning.message and '"zh-CN"' in warning.message
    assert warning.path.endswith("book.toml")

    root = make_book(
        {"book.toml": '[book]\ntitle = "书"\nlanguage = "zh-CN"\n', "a.md": f"# 第一章\n\n{text}\n"}
    )
    _config, _book, diagnostics = load_book(root)
    assert not [d for d in diagnostics.warnings if d.code == "language"]


def test_a_japanese_or_korean_book_is_named_as_such(make_book):
    japanese = "これは日本語で書かれた本です。ひらがなとカタカナと漢字を使います。" * 10
    korean = "이 책은 한국어로 쓰였습니다. 모든 문단이 한글입니다. " * 20
    for text, expected in ((japanese, '"ja"'), (korean, '"ko"')):
        root = make_book(
            {"book.toml": '[book]\ntitle = "T"\nlanguage = "en"\n', "a.md": f"# One\n\n{text}\n"}
        )
        _config, _book, diagnostics = load_book(root)
        [warning] = [d for d in diagnostics.warnings if d.code == "language"]
        assert expected in warning.message
        root = make_book({"a.md": f"# One\n\n{text}\n"})  # no language written: the text tells it
        _config, book, diagnostics = load_book(root)
        assert book.meta.language == expected.strip('"')
        assert not [d for d in diagnostics.warnings if d.code == "language"]


def test_an_english_book_quoting_some_chinese_is_left_alone(make_book):
    text = "An English paragraph that quotes 中文 once. " * 30
    root = make_book({"a.md": f"# One\n\n{text}\n"})
    _config, _book, diagnostics = load_book(root)
    assert not [d for d in diagnostics.warnings if d.code == "language"]


@needs_fontconfig
def test_part_titles_and_metadata_are_checked_too(make_book):
    root = make_book(
        {
            "book.toml": f'[book]\ntitle = "Parts {UNASSIGNED}"\nsrc = "src"\n',
            "src/SUMMARY.md": f"# Summary\n\n- [A](a.md)\n\n## Part {PRIVATE}\n\n- [B](b.md)\n",
            "src/a.md": "# A\n\nText.\n",
            "src/b.md": "# B\n\nText.\n",
        }
    )
    _config, _book, diagnostics = load_book(root)
    warnings = {d.message.split("'")[1]: d for d in glyph_warnings(diagnostics)}
    assert set(warnings) == {UNASSIGNED, PRIVATE}
    assert warnings[UNASSIGNED].path.endswith("book.toml")
    assert warnings[PRIVATE].path.endswith("SUMMARY.md")
