"""Inputs whose cost could run far beyond their size: each is bounded, with a
diagnostic naming the limit (issue 17, "costs far beyond the input")."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from bookpress.atomic import atomic_path
from bookpress.build import load
from bookpress.config import load_config
from bookpress.diagnostics import BookError, Diagnostics, error
from bookpress.limits import INCLUDE_FLOOR_CHARS, MATH_MAX_CHARS, RenderLimits
from bookpress.mathtex import MathError, latex_to_svg
from bookpress.progress import Progress
from bookpress.reader.preprocess import prepare
from bookpress.reader.yaml_safe import YamlTooLarge, load_yaml
from bookpress.writers.pdf_worker import render_bounded

BOMB = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{c}: &{c} [" + ",".join([f"*{p}"] * 9) + "]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)]
    + ["title: *i"]
)


# --- YAML front matter ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (BOMB, "more than 10,000 values"),  # 464 bytes, 17.5 GB before
        ("a: &a [1, *a]", "refers to itself"),
        ("a: " + "[" * 3000 + "]" * 3000, "nested too deeply"),
    ],
)
def test_yaml_that_would_grow_is_refused(text: str, why: str) -> None:
    with pytest.raises(YamlTooLarge, match=why):
        load_yaml(text)


def test_yaml_aliases_that_stay_small_work() -> None:
    data = load_yaml("base: &b {lang: en, toc: true}\nchapter:\n  <<: *b\n  title: One\n")
    assert data["chapter"] == {"lang": "en", "toc": True, "title": "One"}
    assert load_yaml("") is None
    with pytest.raises(yaml.YAMLError):
        load_yaml("a: [")


def test_a_front_matter_bomb_is_a_warning_and_nothing_of_it_is_used(make_book) -> None:
    root = make_book({"book.toml": "[book]\n", "src/one.md": f"---\n{BOMB}\n---\n# One\n\nText.\n"})
    diagnostics = Diagnostics()
    _config, book = load(root, diagnostics)
    assert [(d.code, d.line) for d in diagnostics.warnings] == [("front-matter-too-large", 2)]
    assert book.meta.title == "One"


# --- includes and imports --------------------------------------------------------------


def test_include_fan_out_stops_at_the_budget_with_an_error(tmp_path: Path) -> None:
    # Each file includes the next four times, ten deep: 4^10 copies before.
    for k in range(10):
        (tmp_path / f"f{k}.md").write_text(f"{{{{#include f{k + 1}.md}}}}\n" * 4, encoding="utf-8")
    (tmp_path / "f10.md").write_text("Some included words here, twenty-six.\n", encoding="utf-8")
    chapter = tmp_path / "one.md"
    chapter.write_text("# One\n\n{{#include f0.md}}\n", encoding="utf-8")
    diagnostics = Diagnostics()
    prepared = prepare(chapter, "one.md", tmp_path, chapter.read_text(encoding="utf-8"), diagnostics)
    assert len(prepared.text) <= INCLUDE_FLOOR_CHARS + 1000
    assert len(prepared.lines) == prepared.text.count("\n") + 1
    (problem,) = diagnostics.errors
    assert problem.code == "include-too-large" and "more than 1 MB of text" in problem.message
    assert "{{#include" not in prepared.text.split("\n")[-2]  # directives past the budget are dropped


def test_mdx_imports_share_the_budget(tmp_path: Path) -> None:
    for k in range(8):
        text = f"import Next from './c{k + 1}.mdx'\n\n" + "<Next />\n\n" * 8
        (tmp_path / f"c{k}.mdx").write_text(text, encoding="utf-8")
    (tmp_path / "c8.mdx").write_text("words " * 20 + "\n", encoding="utf-8")
    chapter = tmp_path / "c0.mdx"
    diagnostics = Diagnostics()
    prepared = prepare(chapter, "c0.mdx", tmp_path, chapter.read_text(encoding="utf-8"), diagnostics)
    assert len(prepared.text) < 2 * INCLUDE_FLOOR_CHARS
    assert [d.code for d in diagnostics.errors] == ["include-too-large"]


# --- [build] timeout and memory ----------------------------------------------------------


def test_build_limits_are_read_from_book_toml(make_book) -> None:
    root = make_book(
        {"book.toml": '[book]\ntitle = "T"\n\n[build]\ntimeout = 90\nmemory = "2GB"\nbuild-dir = "x"\n'}
    )
    diagnostics = Diagnostics()
    config = load_config(root, diagnostics)
    assert config.limits == RenderLimits(90.0, 2048)
    assert diagnostics.items == []  # mdBook's build-dir is accepted silently
    assert load_config(make_book({"src/a.md": "# A\n"}), Diagnostics()).limits == RenderLimits()


@pytest.mark.parametrize(
    ("table", "line", "message"),
    [
        ("timeout = 0", 6, "[build] timeout must be more than 0"),
        ('timeout = "long"', 6, "[build] timeout must be a number"),
        ("memory = 100", 6, "[build] memory must be a size of at least 768 MB"),
        ('memory = "lots"', 6, "[build] memory must be a size"),
    ],
)
def test_bad_build_limits_are_errors_at_their_line(make_book, table: str, line: int, message: str) -> None:
    root = make_book({"book.toml": f'[book]\ntitle = "T"\n\n[build]\nbuild-dir = "b"\n{table}\n'})
    with pytest.raises(BookError) as info:
        load_config(root, Diagnostics())
    assert info.value.diagnostic.line == line and message in info.value.diagnostic.message


def _render_ok(diagnostics: Diagnostics, value: int) -> int:
    diagnostics.warn("src/one.md", 3, "render", "from the child")
    return value * 2


def _render_sleeps(diagnostics: Diagnostics, target: Path) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(b"%PDF-half")
        time.sleep(60)


def _render_grows(diagnostics: Diagnostics) -> None:
    hoard = []
    while True:
        hoard.append(bytearray(64 * 1024 * 1024))


def _render_fails(diagnostics: Diagnostics) -> None:
    raise error("book.toml", 4, "css-missing", "stylesheet 'x.css' does not exist")


def test_the_child_returns_the_result_and_its_diagnostics(tmp_path: Path) -> None:
    diagnostics = Diagnostics()
    diagnostics.warn("book.toml", 1, "config-unknown-key", "said before the render")
    result = render_bounded(
        _render_ok, RenderLimits(), diagnostics, Progress(), tmp_path / "x.pdf", "book.toml", value=21
    )
    assert result == 42
    assert [d.code for d in diagnostics.items] == ["config-unknown-key", "render"]


def test_a_render_past_the_timeout_stops_cleanly(tmp_path: Path) -> None:
    target = tmp_path / "out" / "book.pdf"
    started = time.monotonic()
    with pytest.raises(BookError) as info:
        render_bounded(
            _render_sleeps,
            RenderLimits(timeout=1.0),
            Diagnostics(),
            Progress(),
            target,
            "book.toml",
            target=target,
        )
    assert time.monotonic() - started < 30
    diagnostic = info.value.diagnostic
    assert diagnostic.code == "render-timeout" and "rendering stopped after 1 s" in diagnostic.message
    assert not target.exists() and not list(target.parent.glob("*.part"))


def test_a_render_past_the_memory_ceiling_stops_cleanly(tmp_path: Path) -> None:
    with pytest.raises(BookError) as info:
        render_bounded(
            _render_grows,
            RenderLimits(memory_mb=1024),
            Diagnostics(),
            Progress(),
            tmp_path / "b.pdf",
            "book.toml",
        )
    assert info.value.diagnostic.code in ("render-memory", "render-crashed")
    assert "[build] memory" in info.value.diagnostic.message


def test_a_book_error_in_the_child_is_the_same_error_here(tmp_path: Path) -> None:
    with pytest.raises(BookError) as info:
        render_bounded(
            _render_fails, RenderLimits(), Diagnostics(), Progress(), tmp_path / "b.pdf", "book.toml"
        )
    assert (info.value.diagnostic.code, info.value.diagnostic.line) == ("css-missing", 4)


# --- formulas ------------------------------------------------------------------------------


def test_a_formula_too_long_prints_as_its_source(make_book) -> None:
    long_formula = "+".join(f"x_{{{i}}}" for i in range(800))
    assert len(long_formula) > MATH_MAX_CHARS
    root = make_book({"src/one.md": f"# One\n\nShort $a+b$.\n\n$${long_formula}$$\n"})
    diagnostics = Diagnostics()
    _config, book = load(root, diagnostics)
    (warning,) = diagnostics.warnings
    assert [b.error for b in book.body[0].blocks if type(b).__name__ == "MathBlock"] == [warning.message]
    assert warning.code == "math-too-large" and warning.line == 5 and long_formula not in warning.message
    assert "longer than the 4,000 a formula may have" in warning.message
    with pytest.raises(MathError):
        latex_to_svg(long_formula, True, 10.5)


def test_formulas_past_the_book_total_print_as_source_with_one_warning(make_book, monkeypatch) -> None:
    import bookpress.mathtex as mathtex
    import bookpress.transforms.math as math_transform

    monkeypatch.setattr(mathtex, "MATH_TOTAL_CHARS", 100)
    monkeypatch.setattr(math_transform, "MATH_TOTAL_CHARS", 100)
    formulas = "\n\n".join(f"$$x_{{{i}}} + y_{{{i}}} = z$$" for i in range(12))  # ~20 characters each
    root = make_book({"src/one.md": f"# One\n\n{formulas}\n"})
    diagnostics = Diagnostics()
    _config, book = load(root, diagnostics)
    assert [d.code for d in diagnostics.warnings] == ["math-too-large"]
    blocks = [b for b in book.body[0].blocks if type(b).__name__ == "MathBlock"]
    drawn = [b for b in blocks if not b.error]
    assert 3 <= len(drawn) <= 5 and all(not b.error for b in blocks[: len(drawn)])


# --- WeasyPrint's footnotes --------------------------------------------------------------------


def test_the_pending_footnote_list_answers_membership_by_identity() -> None:
    from weasyprint.layout import LayoutContext

    from bookpress.writers import pdf  # noqa: F401  (applies the patch)
    from bookpress.writers.weasyprint_speed import FootnoteList

    assert getattr(LayoutContext.__init__, "_bookpress_footnotes", False)
    a, b = object(), object()
    notes = FootnoteList([a])
    notes.append(b)
    assert a in notes and b in notes and None not in notes and object() not in notes
    copy = notes.copy()
    notes.remove(a)
    assert a not in notes and a in copy and list(notes) == [b] and isinstance(copy, FootnoteList)


# --- the printed contents ----------------------------------------------------------------------


def test_printed_contents_drop_levels_past_the_entry_limit(make_book, monkeypatch) -> None:
    import bookpress.writers.print_html as print_html
    from bookpress.writers.print_html import PrintHtml

    monkeypatch.setattr(print_html, "TOC_MAX_ENTRIES", 50)
    sections = "".join(f"## Section {i}\n\nText.\n\n" for i in range(80))
    root = make_book({"src/one.md": f"# One\n\n{sections}", "src/two.md": "# Two\n\n## Only\n"})
    config, book = load(root, Diagnostics())
    diagnostics = Diagnostics()
    html = PrintHtml(book, diagnostics).document(config, None)
    (warning,) = diagnostics.warnings
    assert warning.code == "toc-too-long" and "would list 83 entries" in warning.message
    assert "Section 7" not in html.split('class="toc', 1)[1].split("</nav>", 1)[0]
    short = Diagnostics()
    PrintHtml(load(make_book({"src/one.md": "# One\n\n## A\n"}), Diagnostics())[1], short).toc_depth(2)
    assert short.items == []
