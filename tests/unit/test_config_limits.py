"""book.toml values that could make bookpress write outside --out, crash or
run away: slugs, trim sizes, margins, language tags, themes, stylesheets."""

from __future__ import annotations

import pytest

from bookpress.config import load_config
from bookpress.diagnostics import BookError, Diagnostics


def load(make_book, toml: str, **files: str):
    root = make_book({"book.toml": toml, "src/a.md": "# A\n", **files})
    diagnostics = Diagnostics()
    return load_config(root, diagnostics), diagnostics


def refused(make_book, toml: str, **files: str):
    with pytest.raises(BookError) as info:
        load(make_book, toml, **files)
    return info.value.diagnostic


@pytest.mark.parametrize(
    ("slug", "safe", "code"),
    [
        ("../../x", "x", "config-slug"),
        ("/abs/path", "abs-path", "config-slug"),
        ("..", "book", "config-slug"),
        ("a\\u0007b", "ab", "control-character"),
    ],
)
def test_a_slug_that_is_no_file_name_is_replaced_with_a_warning(
    make_book, slug: str, safe: str, code: str
) -> None:
    config, diagnostics = load(make_book, f'[book]\ntitle = "T"\nslug = "{slug}"\n')
    assert config.meta.slug == safe
    assert [(d.code, d.line) for d in diagnostics.warnings] == [(code, 3)]


def test_a_good_slug_is_kept_silently(make_book) -> None:
    config, diagnostics = load(make_book, '[book]\ntitle = "T"\nslug = "my-book_2.0"\n')
    assert config.meta.slug == "my-book_2.0" and not diagnostics.items


@pytest.mark.parametrize("trim", ["0in 0in", "99999in 99999in", "1in 9in", "6in 49in", "0.5mm 9in"])
def test_trim_sizes_no_printer_can_print_are_refused_at_their_line(make_book, trim: str) -> None:
    d = refused(make_book, f'[book]\ntitle = "T"\n\n[output.pdf]\ntrim = "{trim}"\n')
    assert (d.code, d.line) == ("config-trim", 5)
    assert "between 2in and 48in" in d.message


@pytest.mark.parametrize("trim", ["2in 2in", "48in 48in", "6x9", "a4", "148mm 210mm"])
def test_trim_sizes_within_limits_are_accepted(make_book, trim: str) -> None:
    config, _ = load(make_book, f'[book]\ntitle = "T"\n[output.pdf]\ntrim = "{trim}"\n')
    assert config.pdf.trim


@pytest.mark.parametrize(
    ("key", "value"), [("margin-top", "4.5in"), ("margin-inner", "40in"), ("bleed", "2in")]
)
def test_margins_and_bleed_that_leave_no_page_are_refused(make_book, key: str, value: str) -> None:
    d = refused(make_book, f'[book]\ntitle = "T"\n[output.pdf]\ntrim = "6x9"\n{key} = "{value}"\n')
    assert (d.code, d.line) == ("config-value", 5)
    assert "too large" in d.message


def test_language_is_a_bcp47_tag(make_book) -> None:
    config, diagnostics = load(make_book, '[book]\ntitle = "T"\nlanguage = "en_US"\n')
    assert config.meta.language == "en-US"
    assert [(d.code, d.line) for d in diagnostics.warnings] == [("config-language", 3)]
    config, diagnostics = load(make_book, '[book]\ntitle = "T"\nlanguage = "Deutsch!"\n')
    assert config.meta.language == "en"
    assert "not a BCP 47 language tag" in diagnostics.warnings[0].message


def test_control_characters_in_metadata_are_removed_at_their_line(make_book) -> None:
    config, diagnostics = load(make_book, '[book]\ntitle = "Be\\u0007ll"\nauthors = ["A\\u0000B"]\n')
    assert config.meta.title == "Bell" and config.meta.authors[0].name == "AB"
    assert sorted((d.code, d.line) for d in diagnostics.warnings) == [
        ("control-character", 2),
        ("control-character", 3),
    ]


@pytest.mark.parametrize(
    ("table", "theme", "message"),
    [("output.pdf", "src", "src/ has no print.css"), ("output.epub", "/", "no theme '/'")],
)
def test_a_theme_without_its_stylesheet_is_an_error_at_its_line(make_book, table, theme, message) -> None:
    d = refused(make_book, f'[book]\ntitle = "T"\n\n[{table}]\ntheme = "{theme}"\n')
    assert (d.code, d.line) == ("theme-missing", 5)
    assert message in d.message


@pytest.mark.parametrize("table", ["output.pdf", "output.epub"])
def test_a_missing_stylesheet_is_an_error_at_its_line(make_book, table: str) -> None:
    d = refused(
        make_book,
        f'[book]\ntitle = "T"\n[{table}]\ncss = ["extra.css", "missing.css"]\n',
        **{"extra.css": ""},
    )
    assert (d.code, d.line) == ("css-missing", 4)
    assert "missing.css" in d.message
