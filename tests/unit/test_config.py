"""book.toml: errors with their line, warnings for unknown keys, defaults."""

from __future__ import annotations

import re
import uuid

import pytest

from bookpress.config import TRIM_PRESETS, load_config
from bookpress.diagnostics import BookError, Diagnostics, Severity

from .util import with_code


def config_of(make_book, toml: str):
    root = make_book({"book.toml": toml, "src/a.md": "# A\n"})
    diagnostics = Diagnostics()
    return load_config(root, diagnostics), diagnostics


def config_error(make_book, toml: str):
    root = make_book({"book.toml": toml, "src/a.md": "# A\n"})
    with pytest.raises(BookError) as info:
        load_config(root, Diagnostics())
    return info.value.diagnostic


def test_missing_book_toml_is_config_missing(make_book):
    root = make_book({"src/a.md": "# A\n"}, toml=False)
    with pytest.raises(BookError) as info:
        load_config(root, Diagnostics())
    d = info.value.diagnostic
    assert d.code == "config-missing"
    assert d.severity is Severity.ERROR
    assert d.path.endswith("book.toml")


def test_missing_book_folder_is_an_error(tmp_path):
    with pytest.raises(BookError) as info:
        load_config(tmp_path / "nowhere", Diagnostics())
    assert info.value.diagnostic.code == "book-missing"


def test_invalid_toml_reports_line_and_column(make_book):
    d = config_error(make_book, '[book]\ntitle = "T"\nlanguage = = "en"\n')
    assert d.code == "config-syntax"
    assert d.line == 3
    assert d.col == 12
    assert "invalid TOML" in d.message
    assert "at line" not in d.message  # the position is in the fields, not repeated
    assert d.format().startswith(f"{d.path}:3:12: error:")


def test_unterminated_string_reports_its_line(make_book):
    d = config_error(make_book, '[book]\n\ntitle = "T\n')
    assert d.code == "config-syntax"
    assert d.line == 3
    assert d.col is not None


def test_authors_as_a_string_is_a_type_error_with_its_line(make_book):
    # The handbook (book-toml.md) documents exactly this message:
    # "book.toml:4: error: [book] authors must be a list, not a string [config-type]"
    d = config_error(make_book, '[book]\ntitle = "T"\nlanguage = "en"\nauthors = "Ada"\n')
    assert d.code == "config-type"
    assert d.line == 4
    assert "authors" in d.message
    assert "list" in d.message


def test_trim_as_a_number_is_a_type_error_with_its_line(make_book):
    d = config_error(make_book, '[book]\ntitle = "T"\n\n[output.pdf]\ntrim = 5\n')
    assert d.code == "config-type"
    assert d.line == 5
    assert "trim" in d.message
    assert "[output.pdf]" in d.message
    assert "string" in d.message


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("number-depth = true", "integer"),
        ("number-sections = 1", "true or false"),
        ('title = ["a"]', "string"),
    ],
)
def test_other_type_errors_name_the_key(make_book, line, expected):
    key = line.split(" =")[0]
    toml = f'[book]\ntitle = "T"\n{line}\n' if key != "title" else f"[book]\n{line}\n"
    d = config_error(make_book, toml)
    assert d.code == "config-type"
    assert key in d.message
    assert expected in d.message
    assert d.line == (3 if key != "title" else 2)


def test_missing_title_comes_from_the_first_chapter(make_book):
    from .util import load_book

    root = make_book({"book.toml": '[book]\nauthors = ["A"]\n', "src/a.md": "# An Article\n\nText.\n"})
    _, book, diagnostics = load_book(root)
    assert book.meta.title == "An Article"
    assert book.meta.slug == "an-article"
    assert book.meta.identifier.startswith("urn:uuid:")
    assert [d.code for d in diagnostics.items if d.code == "config-title"] == ["config-title"]


def test_unknown_key_in_book_is_a_warning_with_its_line(make_book):
    config, diagnostics = config_of(make_book, '[book]\ntitle = "T"\n\ntitel = "oops"\n')
    assert config.meta.title == "T"
    [w] = with_code(diagnostics, "config-unknown-key")
    assert w.severity is Severity.WARNING
    assert w.line == 4
    assert "'titel'" in w.message
    assert "[book]" in w.message
    assert not diagnostics.errors


def test_unknown_key_in_output_pdf_is_a_warning_with_its_line(make_book):
    toml = '[book]\ntitle = "T"\n\n[output.pdf]\ntoc-depth = 1\ntirm = "6x9"\n'
    config, diagnostics = config_of(make_book, toml)
    [w] = with_code(diagnostics, "config-unknown-key")
    assert w.severity is Severity.WARNING
    assert w.line == 6
    assert "'tirm'" in w.message
    assert "[output.pdf]" in w.message
    assert config.pdf.trim == ("7in", "9.25in")  # the misspelt key changed nothing


def test_same_key_name_in_two_tables_gets_the_right_line(make_book):
    toml = '[book]\ntitle = "T"\ntheme = "x"\n\n[output.pdf]\ntheme = "default"\ncolour = 1\n'
    _config, diagnostics = config_of(make_book, toml)
    lines = {(d.message, d.line) for d in with_code(diagnostics, "config-unknown-key")}
    assert lines == {
        ("unknown key 'theme' in [book]", 3),
        ("unknown key 'colour' in [output.pdf]", 7),
    }


def test_mdbook_output_html_is_an_info_not_a_warning(make_book):
    toml = '[book]\ntitle = "T"\n\n[output.html]\ndefault-theme = "light"\n'
    _config, diagnostics = config_of(make_book, toml)
    assert diagnostics.warnings == []
    [note] = with_code(diagnostics, "config-ignored", notes=True)
    assert note.severity is Severity.INFO
    assert "[output.html]" in note.message
    assert note.line == 4


def test_mdbook_preprocessor_table_is_an_info_not_a_warning(make_book):
    toml = '[book]\ntitle = "T"\n\n[preprocessor.links]\n\n[preprocessor.katex]\nafter = ["x"]\n'
    _config, diagnostics = config_of(make_book, toml)
    assert diagnostics.warnings == []
    assert diagnostics.errors == []
    notes = with_code(diagnostics, "config-ignored", notes=True)
    assert notes
    assert all(n.severity is Severity.INFO for n in notes)
    assert any("preprocessor" in n.message for n in notes)


def test_mdbook_preprocessor_note_points_at_its_table(make_book):
    toml = '[book]\ntitle = "T"\n\n[preprocessor.links]\n'
    _config, diagnostics = config_of(make_book, toml)
    [note] = with_code(diagnostics, "config-ignored", notes=True)
    assert note.line == 4


def test_unknown_table_is_a_warning(make_book):
    toml = '[book]\ntitle = "T"\n\n[outptu.pdf]\ntrim = "a5"\n'
    _config, diagnostics = config_of(make_book, toml)
    [w] = diagnostics.warnings
    assert w.code == "config-unknown-table"
    assert "outptu" in w.message


@pytest.mark.parametrize(
    ("trim", "expected"),
    [
        ("6x9", ("6in", "9in")),
        ("a5", ("148mm", "210mm")),
        ("A5", ("148mm", "210mm")),
        ("7x9.25", ("7in", "9.25in")),
        ("8.5x11", ("8.5in", "11in")),
        ("royal", ("156mm", "234mm")),
        ("170mm 240mm", ("170mm", "240mm")),
        ("6in 9in", ("6in", "9in")),
    ],
)
def test_trim_presets_and_explicit_sizes(make_book, trim, expected):
    config, diagnostics = config_of(make_book, f'[book]\ntitle = "T"\n[output.pdf]\ntrim = "{trim}"\n')
    assert config.pdf.trim == expected
    assert diagnostics.items == []


def test_default_trim_is_7x9_25(make_book):
    config, _ = config_of(make_book, '[book]\ntitle = "T"\n')
    assert config.pdf.trim == ("7in", "9.25in")


@pytest.mark.parametrize("trim", ["7x5", "170 240", "170mm", "big", "6x9x2"])
def test_invalid_trim_lists_the_presets(make_book, trim):
    d = config_error(make_book, f'[book]\ntitle = "T"\n\n[output.pdf]\ntrim = "{trim}"\n')
    assert d.code == "config-trim"
    assert d.line == 5
    assert f"'{trim}'" in d.message
    for preset in TRIM_PRESETS:
        assert preset in d.message


def test_default_slug_is_made_from_the_title(make_book):
    config, _ = config_of(make_book, '[book]\ntitle = "The bookpress Handbook"\n')
    assert config.meta.slug == "the-bookpress-handbook"


def test_slug_of_a_title_with_accents_and_punctuation(make_book):
    config, _ = config_of(make_book, '[book]\ntitle = "Café: A Story!"\n')
    assert config.meta.slug == "cafe-a-story"


def test_explicit_slug_wins(make_book):
    config, _ = config_of(make_book, '[book]\ntitle = "The Book"\nslug = "tb"\n')
    assert config.meta.slug == "tb"


def test_default_identifier_is_a_stable_urn_uuid(make_book):
    toml = '[book]\ntitle = "The Same Title"\n'
    first, _ = config_of(make_book, toml)
    second, _ = config_of(make_book, toml)
    other, _ = config_of(make_book, '[book]\ntitle = "Another Title"\n')
    ident = first.meta.identifier
    assert re.fullmatch(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", ident)
    uuid.UUID(ident.removeprefix("urn:uuid:"))
    assert second.meta.identifier == ident
    assert other.meta.identifier != ident


def test_explicit_identifier_wins(make_book):
    config, _ = config_of(make_book, '[book]\ntitle = "T"\nidentifier = "urn:isbn:9780000000000"\n')
    assert config.meta.identifier == "urn:isbn:9780000000000"


def test_metadata_and_defaults(make_book):
    toml = (
        '[book]\ntitle = "T"\nauthors = ["Ada Lovelace", "Charles Babbage"]\n'
        'language = "de"\nnumber-depth = 2\nnumber-sections = false\n'
    )
    config, diagnostics = config_of(make_book, toml)
    assert [a.name for a in config.meta.authors] == ["Ada Lovelace", "Charles Babbage"]
    assert config.meta.language == "de"
    assert config.number_depth == 2
    assert config.number_sections is False
    assert config.src == config.root / "src"
    assert diagnostics.items == []


def test_no_src_folder_means_markdown_next_to_book_toml(make_book):
    root = make_book({"a.md": "# A\n"})
    config = load_config(root, Diagnostics())
    assert config.src == root
