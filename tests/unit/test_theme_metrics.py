"""The type sizes Python needs before layout come from the theme's own CSS."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bookpress.build import load
from bookpress.diagnostics import Diagnostics
from bookpress.geometry import page_geometry
from bookpress.page_estimate import estimate_pages, table_capacity
from bookpress.profiles import PRINT
from bookpress.sandbox import Sandbox
from bookpress.theme_metrics import DEFAULT_METRICS, ThemeMetrics, read_metrics
from bookpress.themes import builtin_styles_dir

from .conftest import MakeBook

STYLES = builtin_styles_dir()

BIG_THEME = """
@import "../default/print.css";
:root { --text-size: 12pt; --text-leading: 1.5; --code-size: 10pt; --table-text-size: 10pt; }
"""


def test_the_default_theme_declares_what_python_assumed() -> None:
    assert read_metrics([STYLES / "default" / "print.css"]) == ThemeMetrics(10.5, 1.42, 8.3, 1.38, 8.8)
    assert read_metrics([STYLES / "default" / "print.css"]) == DEFAULT_METRICS
    assert DEFAULT_METRICS.formula_size == 10.5


def test_the_classic_theme_is_read_with_its_import() -> None:
    metrics = read_metrics([STYLES / "classic" / "print.css"])
    assert (metrics.text_size, metrics.text_leading) == (11.0, 1.45)
    assert metrics.code_size == 8.3  # from the default theme it imports


def test_a_theme_of_the_book_with_its_own_sizes(tmp_path: Path) -> None:
    theme = tmp_path / "big"
    theme.mkdir()
    (theme / "print.css").write_text(BIG_THEME.replace("../default/", f"{STYLES}/default/"))
    metrics = read_metrics([theme / "print.css"])
    assert metrics == ThemeMetrics(12.0, 1.5, 10.0, 1.38, 10.0)
    assert metrics.line_pt == pytest.approx(18.0)
    assert metrics.formula_size == 12.0


@pytest.mark.parametrize(
    ("css", "field", "value"),
    [
        ("html { font-size: 12pt; }", "text_size", 12.0),  # a plain size after the property wins
        (":root { --text-size: 9pt; } html { font-size: var(--text-size); }", "text_size", 9.0),
        ("html { font-size: 16px; line-height: 20px; }", "text_leading", 1.25),
        ("pre { font-size: 0.8em; }", "code_size", 8.4),  # em: of the text
        ("pre, code { font-size: 90%; line-height: 120%; }", "code_leading", 1.2),
        ("table { font-size: 3.5mm; }", "table_text_size", 3.5 * 72 / 25.4),
        (":root { --math-size: 11pt; }", "math_size", 11.0),
        (":root:lang(ja) { --text-size: 20pt; }", "text_size", 10.5),  # not for every book
        (".note pre { font-size: 20pt; }", "code_size", 8.3),
        (":root { --text-size: large; --code-size: -3pt; }", "text_size", 10.5),  # unreadable: default
    ],
)
def test_the_book_css_after_the_theme(tmp_path: Path, css: str, field: str, value: float) -> None:
    extra = tmp_path / "extra.css"
    extra.write_text(css)
    metrics = read_metrics([STYLES / "default" / "print.css", extra])
    assert getattr(metrics, field) == pytest.approx(value)


def test_imports_outside_the_sandbox_and_in_loops_are_not_followed(tmp_path: Path) -> None:
    book, outside = tmp_path / "book", tmp_path / "outside"
    book.mkdir()
    outside.mkdir()
    (outside / "big.css").write_text(":root { --text-size: 30pt; }")
    (book / "a.css").write_text('@import "../outside/big.css"; @import "b.css"; :root { --code-size: 9pt; }')
    (book / "b.css").write_text('@import url("a.css");')
    metrics = read_metrics([book / "a.css"], Sandbox.of(book))
    assert (metrics.text_size, metrics.code_size) == (10.5, 9.0)
    assert read_metrics([tmp_path / "missing.css"]) == DEFAULT_METRICS


def test_a_bigger_theme_is_estimated_longer_with_narrower_tables(make_book: MakeBook) -> None:
    paragraph = "Words of running text that fill the lines of a page one after another. " * 12
    chapter = "# A\n\n" + "\n\n".join([paragraph] * 80) + "\n\n```\n" + "x = 1\n" * 200 + "```\n"
    book_dir = make_book({"src/SUMMARY.md": "- [A](a.md)\n", "src/a.md": chapter})
    config, book = load(book_dir, Diagnostics())
    geometry = page_geometry(config, PRINT, 400)
    big = ThemeMetrics(12.0, 1.5, 10.0, 1.38, 10.0)
    default, larger = estimate_pages(book, geometry, DEFAULT_METRICS), estimate_pages(book, geometry, big)
    # 12/10.5 wider characters and 18/14.9 taller lines: ~1.4 times the pages of text.
    assert 1.25 * (default - 13) <= larger - 13 <= 1.55 * (default - 13)
    assert table_capacity(geometry, big) < table_capacity(geometry, DEFAULT_METRICS)


def test_formulas_are_drawn_at_the_theme_size(make_book: MakeBook) -> None:
    from bookpress.writers.print_html import PrintHtml

    book_dir = make_book({"src/SUMMARY.md": "- [A](a.md)\n", "src/a.md": "# A\n\nSee $x^2$.\n"})
    config, book = load(book_dir, Diagnostics())
    drawn = []
    for size in (10.5, 14.0):
        writer = PrintHtml(book, Diagnostics())
        writer.math_size_pt = size
        found = re.search(
            r'<img class="math" src="([^"]+)"[^>]*style="width: ([0-9.]+)em', writer.document(config, None)
        )
        assert found is not None
        drawn.append((found.group(1), float(found.group(2))))
    (small, small_width), (large, large_width) = drawn
    assert small != large  # drawn at each size...
    assert small_width == pytest.approx(large_width, rel=0.03)  # ...and sized in em of the text around it
