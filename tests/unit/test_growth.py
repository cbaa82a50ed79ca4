"""Growth tests: what a book costs grows no faster than the book (issue 17).

Each case builds its input at two sizes, four times apart, and fails when
the time grows far more than four times: a quadratic construct grows about
sixteen times. Times are CPU seconds of this process (other processes on the
machine do not count), the least of a few runs; no test asserts an absolute
time. Sizes are small enough that a linear case takes well under a second,
and large enough that the work dominates fixed costs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bookpress.build import load
from bookpress.diagnostics import Diagnostics
from bookpress.model import Code, Text
from bookpress.reader.convert import _merge_text
from bookpress.writers.long_words import break_long_words
from bookpress.writers.print_html import PrintHtml

# Each case is timed at two sizes, three times: a minute of CPU, the largest
# file of the fast lane. They run in make test, not in make test-fast.
pytestmark = pytest.mark.slow

FACTOR = 4  # the larger input is this many times the smaller
LIMIT = 12.0  # linear is ~4, n log n ~5, quadratic ~16
RUNS = 3
FLOOR_S = 0.01  # below this a small run is mostly noise


def ratio(run: Callable[[int], object], small: int, runs: int = RUNS) -> float:
    """How many times longer ``run(FACTOR * small)`` takes than ``run(small)``."""

    def best(n: int) -> float:
        times = []
        for _ in range(runs):
            started = time.process_time()
            run(n)
            times.append(time.process_time() - started)
        return min(times)

    run(small)  # imports, caches
    return best(FACTOR * small) / max(best(small), FLOOR_S)


def book(tmp_path: Path, name: str, text: str, file: str = "one.md") -> Path:
    folder = tmp_path / name
    (folder / "src").mkdir(parents=True, exist_ok=True)
    (folder / "book.toml").write_text('[book]\ntitle = "Growth"\n', encoding="utf-8")
    (folder / "src" / file).write_text("# One\n\n" + text, encoding="utf-8")
    return folder


# Reader and transforms (what `bookpress check` does), one construct each.
READER_CASES: dict[str, tuple[Callable[[int], str], int, str]] = {
    # 4,000 lines of unclosed <Note> took 25 s in check before.
    "unclosed MDX components": (lambda n: "<Note>\n\nwords\n\n" * n, 500, "article.mdx"),
    "unclosed MDX props": (lambda n: "<Note x={\n\nwords\n\n" * n, 600, "article.mdx"),
    "closed MDX components": (lambda n: "<Note>\n\nwords\n\n</Note>\n\n" * n, 300, "article.mdx"),
    "MDX expressions on one line": (lambda n: "a {x} " * n + "\n", 4000, "article.mdx"),
    "unclosed fenced divs": (lambda n: "::: note\n\ntext\n\n" * n, 500, "one.md"),
    "one paragraph of many lines": (lambda n: "a line of the paragraph\n" * n, 3000, "one.md"),
    "headings": (lambda n: "".join(f"## Heading {i}\n\nText.\n\n" for i in range(n)), 300, "one.md"),
    "footnotes": (
        lambda n: (
            "".join(f"Word[^n{i}].\n\n" for i in range(n))
            + "".join(f"[^n{i}]: Note {i}.\n" for i in range(n))
        ),
        300,
        "one.md",
    ),
    "table rows": (lambda n: "| a | b |\n|---|---|\n" + "| 1 | 2 |\n" * n, 500, "one.md"),
    "cross-references": (
        lambda n: "".join(f"## S {i} {{#sec-s{i}}}\n\nSee @sec-s{max(0, i - 1)}.\n\n" for i in range(n)),
        200,
        "one.md",
    ),
}


@pytest.mark.parametrize("name", list(READER_CASES))
def test_reader_and_transforms_grow_linearly(name: str, tmp_path: Path) -> None:
    make, small, file = READER_CASES[name]
    folders = {n: book(tmp_path, f"n{n}", make(n), file) for n in (small, FACTOR * small)}

    def run(n: int) -> None:
        load(folders[n], Diagnostics())

    assert ratio(run, small) < LIMIT


def test_print_html_of_many_footnotes_grows_linearly(tmp_path: Path) -> None:
    text = {
        n: "".join(f"Word[^n{i}].\n\n" for i in range(n)) + "".join(f"[^n{i}]: Note {i}.\n" for i in range(n))
        for n in (500, 2000)
    }
    books = {n: load(book(tmp_path, f"n{n}", text[n]), Diagnostics()) for n in text}

    def run(n: int) -> None:
        config, loaded = books[n]
        PrintHtml(loaded, Diagnostics()).document(config, None)

    assert ratio(run, 500) < LIMIT


def test_many_diagnostics_grow_linearly() -> None:
    """Each new diagnostic is checked against those before it (no duplicates):
    by a scan of the list, 8,000 warnings took 3 s."""

    def run(n: int) -> None:
        diagnostics = Diagnostics()
        for i in range(n):
            diagnostics.warn("src/one.md", i, "missing-image", f"image 'missing-{i}.png' does not exist")

    assert ratio(run, 3000) < LIMIT


def test_joining_text_grows_linearly() -> None:
    """Adjacent text nodes (a paragraph of many lines) are joined once."""

    def run(n: int) -> None:
        _merge_text([Text("word")] * n)

    assert ratio(run, 60_000) < LIMIT


def test_breaking_long_words_grows_linearly() -> None:
    def run(n: int) -> None:
        break_long_words("x" * n)

    assert ratio(run, 200_000) < LIMIT


@pytest.mark.slow
def test_a_long_word_lays_out_in_linear_time(tmp_path: Path) -> None:
    """WeasyPrint alone breaks a word wider than the line in quadratic time
    (40,000 characters of inline code: 16 s); with the break opportunities the
    print writer puts in, linear. The markup is the print writer's, laid out
    by WeasyPrint with the rules of the theme that matter here."""
    from weasyprint import CSS, HTML

    _config, loaded = load(book(tmp_path, "word", "Text.\n"), Diagnostics())
    writer = PrintHtml(loaded, Diagnostics())
    css = CSS(string="@page { size: 6in 9in } code { font-family: monospace; overflow-wrap: anywhere }")

    def run(n: int) -> None:
        html = f"<p>See {writer.inline_code(Code('x' * n))} here.</p>"
        HTML(string=html).render(stylesheets=[css])

    assert ratio(run, 8000, runs=2) < LIMIT
