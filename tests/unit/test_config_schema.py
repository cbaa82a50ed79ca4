"""book.toml's schema (bookpress/config/schema.py): the loader walks it, the
handbook's configuration reference is written from it."""

from __future__ import annotations

import re

import pytest

from bookpress.config import Config, EmbedOptions, EpubOptions, PdfOptions, load_config, reference, schema
from bookpress.config.options import default
from bookpress.diagnostics import BookError, Diagnostics
from bookpress.limits import RenderLimits

CHECKED = [k for k in schema.KEYS if k.kind != schema.UNUSED and k.name != schema.ANY_KEY]
BOOK_TOML_MD = reference.HANDBOOK.parent / "book-toml.md"


def load(make_book, toml: str) -> tuple[Config, Diagnostics]:
    root = make_book({"book.toml": toml, "src/a.md": "# A\n", "x.css": "p {}\n"})
    diagnostics = Diagnostics()
    return load_config(root, diagnostics), diagnostics


def refused(make_book, toml: str):
    with pytest.raises(BookError) as info:
        load(make_book, toml)
    return info.value.diagnostic


def toml_with(row: schema.Key, value: str) -> str:
    """A book.toml that sets ``row`` to ``value`` on line 4."""
    if row.table == "book":
        title = 'title = "T"' if row.name != "title" else ""
        return f"[book]\n{title}\n\n{row.name} = {value}\n"
    return f'[book]\ntitle = "T"\n[{row.table}]\n{row.name} = {value}\n'


def test_the_handbook_reference_is_what_the_schema_says() -> None:
    text = reference.HANDBOOK.read_text(encoding="utf-8")
    written = reference.current(text)
    assert written is not None, "reference.md lost the markers of its generated part"
    assert written == reference.markdown(), "run: python -m bookpress.config.reference"
    assert reference.main(["--check"]) == 0


def test_the_reference_lists_every_key_of_every_table() -> None:
    text = reference.current(reference.HANDBOOK.read_text(encoding="utf-8")) or ""
    for row in CHECKED:
        heading = f"## The [{row.table}] table"
        section = text.split(heading, 1)[1].split("\n## ", 1)[0]
        assert f"| `{row.name}` |" in section, (row.table, row.name)


def test_the_prose_chapter_names_only_keys_the_schema_has() -> None:
    """book-toml.md describes keys in definition lists under "## The [table] table"."""
    text = BOOK_TOML_MD.read_text(encoding="utf-8")
    named = 0
    for section in re.split(r"^## ", text, flags=re.M)[1:]:
        m = re.match(r"The \[([\w.]+)\] table", section)
        if not m or schema.table(m.group(1)) is None:
            continue
        keys = {k.name for k in schema.keys_of(m.group(1))}
        for line in re.findall(r"^(`[^\n]+)\n: ", section, flags=re.M):
            for name in re.findall(r"`([^`]+)`", line):
                assert name in keys, f"book-toml.md: [{m.group(1)}] {name} is not in the schema"
                named += 1
    assert named >= 20


def test_rows_are_unique_and_name_known_tables_and_kinds() -> None:
    pairs = [(k.table, k.name) for k in schema.KEYS]
    assert len(pairs) == len(set(pairs))
    kinds = {v for n, v in vars(schema).items() if n.isupper() and isinstance(v, str) and n != "ANY_KEY"}
    for row in schema.KEYS:
        assert schema.table(row.table) is not None and not schema.table(row.table).ignored, row
        assert row.kind in kinds, row
        assert row.meaning and not row.meaning.endswith("."), row
        if row.kind in (schema.CHOICE, schema.COMPONENT):
            assert row.allowed, row


def test_an_empty_book_toml_gives_the_schema_defaults(make_book) -> None:
    config, diagnostics = load(make_book, '[book]\ntitle = "T"\n')
    assert not diagnostics.items
    assert config.pdf == PdfOptions() and config.epub == EpubOptions()
    assert config.embeds == EmbedOptions() and config.limits == RenderLimits()
    assert config.pdf.trim == ("7in", "9.25in") and config.embeds.mounts == (("/data", "assets/data"),)
    assert config.limits.timeout == default("build", "timeout") == 600.0
    assert config.limits.memory_mb == default("build", "memory") == 4096
    for row in schema.keys_of("book"):
        if row.attribute in {f for f in Config.__dataclass_fields__} and row.default is not None:
            assert getattr(config, row.attribute) == default("book", row.name), row.name


@pytest.mark.parametrize("row", CHECKED, ids=lambda r: f"{r.table}.{r.name}")
def test_a_value_of_the_wrong_type_is_an_error_at_its_line(make_book, row: schema.Key) -> None:
    if row.kind == schema.DATE:
        pytest.skip("a date may be any text: an unreadable one is a bad-date warning")
    wrong = "true" if row.kind in (schema.STRINGS, schema.STRING_MAP, schema.PARTS) else "{ a = 1 }"
    d = refused(make_book, toml_with(row, wrong))
    assert d.line == 4 and row.name in d.message
    assert d.code == (row.code if row.kind in (schema.SIZE, schema.INCHES) else "config-type")


@pytest.mark.parametrize(
    "row",
    [k for k in CHECKED if k.kind == schema.CHOICE or k.low is not None],
    ids=lambda r: f"{r.table}.{r.name}",
)
def test_a_value_not_allowed_is_a_value_error_at_its_line(make_book, row: schema.Key) -> None:
    value = '"nonsense"' if row.kind == schema.CHOICE else str(int(row.low) - 1 if not row.low_open else 0)
    d = refused(make_book, toml_with(row, value))
    assert (d.code, d.line) == (row.code, 4)
    assert row.name in d.message


@pytest.mark.parametrize("row", [k for k in CHECKED if k.kind == schema.CHOICE], ids=lambda r: r.name)
def test_every_allowed_value_is_accepted(make_book, row: schema.Key) -> None:
    for value in row.allowed:
        config, _ = load(make_book, toml_with(row, f'"{value}"'))
        section = {"book": config, "output": config, "output.pdf": config.pdf, "cover": config.cover}[
            row.table
        ]
        assert getattr(section, row.attribute) == value


@pytest.mark.parametrize(
    ("toml", "message", "line"),
    [
        ('[book]\ntitle = "T"\n[index]\nterms = ["a"]\nother = 2\n', "unknown key 'other' in [index]", 5),
        ('[book]\ntitle = "T"\n[output.pdf.extra]\nx = 1\n', "unknown table [output.pdf.extra]", 3),
        ('[book]\ntitle = "T"\n[output]\nfoo = 1\n', "unknown key 'foo' in [output]", 4),
        ('[book]\ntitle = "T"\n[build]\nbuild-dir = "x"\nfoo = 1\n', "unknown key 'foo' in [build]", 5),
    ],
)
def test_unknown_keys_and_tables_anywhere_are_warned_with_their_line(make_book, toml, message, line) -> None:
    _, diagnostics = load(make_book, toml)
    assert [(d.message, d.line) for d in diagnostics.warnings] == [(message, line)]


@pytest.mark.parametrize("name", ["book", "embeds", "build", "index", "components", "output"])
def test_a_table_written_as_a_value_is_a_type_error(make_book, name: str) -> None:
    toml = f"{name} = 3\n" + ('[book]\ntitle = "T"\n' if name != "book" else "")
    d = refused(make_book, toml)
    assert (d.code, d.line, d.message) == ("config-type", 1, f"[{name}] must be a table")


def test_mdbook_keys_are_accepted_silently(make_book) -> None:
    toml = (
        '[book]\ntitle = "T"\nmultilingual = false\ntext-direction = "ltr"\n[build]\ncreate-missing = true\n'
    )
    _, diagnostics = load(make_book, toml)
    assert not diagnostics.items


def test_the_cover_table_fills_config_cover(make_book) -> None:
    config, diagnostics = load(make_book, '[book]\ntitle = "T"\n')
    assert config.cover is None
    toml = '[book]\ntitle = "T"\n[cover]\npaper = " Cream "\nfront = "f.jpg"\nsheen = 1\n'
    config, diagnostics = load(make_book, toml)
    assert config.cover is not None
    assert (config.cover.paper, config.cover.per_page_in, config.cover.per_page_set) == (
        "cream",
        0.0025,
        False,
    )
    assert config.cover.front == "f.jpg" and config.cover.line("paper") == 4
    assert [(d.message, d.line) for d in diagnostics.warnings] == [("unknown key 'sheen' in [cover]", 6)]
    config, _ = load(make_book, '[book]\ntitle = "T"\n[cover]\nspine-per-page = "0.0635mm"\n')
    assert config.cover is not None and config.cover.per_page_set
    assert config.cover.per_page_in == pytest.approx(0.0025)
