"""What the PDF writer decides before WeasyPrint lays the book out: the page
count guessed to pick the gutter, when a wrong guess costs a second layout,
and formulas drawn once and kept on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from bookpress.build import load
from bookpress.diagnostics import Diagnostics
from bookpress.geometry import gutter_for, page_geometry
from bookpress.page_estimate import estimate_pages, gutter_is_off
from bookpress.profiles import PRINT

from .conftest import MakeBook

PARAGRAPH = (
    "The scheduler keeps a queue of ready tasks and hands each worker the oldest one, "
    "unless a task waits on data another worker holds. " * 6
)


def _estimate(book_dir: Path) -> int:
    config, book = load(book_dir, Diagnostics())
    return estimate_pages(book, page_geometry(config, PRINT, 400))


def _book(make_book: MakeBook, paragraphs: int, chapters: int = 4) -> Path:
    files = {"src/SUMMARY.md": "# Summary\n\n"}
    for n in range(1, chapters + 1):
        files["src/SUMMARY.md"] += f"- [Chapter {n}](ch{n}.md)\n"
        body = "\n\n".join(PARAGRAPH for _ in range(paragraphs // chapters))
        files[f"src/ch{n}.md"] = f"# Chapter {n}\n\n{body}\n"
    return make_book(files)


def test_estimate_grows_with_the_text(make_book: MakeBook) -> None:
    short, long = _estimate(_book(make_book, 40)), _estimate(_book(make_book, 400))
    assert short < long
    # 360 more paragraphs of ~770 characters lay out on ~95 more pages (7x9.25,
    # 10.5 pt); the estimate errs high by design (a gutter a band too wide is
    # kept, one too narrow costs a second layout), but not by half.
    assert 95 <= long - short <= 145


def test_estimate_counts_code_by_its_wrapped_lines(make_book: MakeBook) -> None:
    listing = "```python\n" + "\n".join(f"x_{i} = compute({'a' * 150}, {i})" for i in range(400)) + "\n```\n"
    plain = make_book({"src/SUMMARY.md": "- [A](a.md)\n", "src/a.md": "# A\n\nText.\n"})
    code = make_book({"src/SUMMARY.md": "- [A](a.md)\n", "src/a.md": f"# A\n\n{listing}"})
    # 400 lines of ~170 characters wrap to 3 lines each: 1,200 short lines, ~25 pages.
    assert 15 <= _estimate(code) - _estimate(plain) <= 45


@pytest.mark.parametrize(
    ("pages", "guess", "again"),
    [
        (396, 420, False),  # same band
        (396, 520, False),  # one band too wide: kept
        (200, 520, True),  # two bands too wide
        (151, 150, True),  # too narrow: always laid out again
        (728, 690, True),
        (900, 750, False),  # both in the widest band
    ],
)
def test_a_second_layout_only_when_the_gutter_is_too_narrow_or_far_too_wide(
    pages: int, guess: int, again: bool
) -> None:
    assert gutter_is_off(pages, guess) is again
    if not again:
        assert gutter_for(guess) >= gutter_for(pages)


def test_print_html_keeps_drawn_formulas_on_disk(make_book: MakeBook, tmp_path: Path, monkeypatch) -> None:
    from bookpress import mathtex
    from bookpress.writers.print_html import PrintHtml

    book_dir = make_book(
        {"src/SUMMARY.md": "- [A](a.md)\n", "src/a.md": "# A\n\nSee $x^2 + y$ and\n\n$$\\sum_i a_i$$\n"}
    )
    config, book = load(book_dir, Diagnostics())

    def html() -> str:
        writer = PrintHtml(book, Diagnostics(), 90.0)
        writer.math_cache = mathtex.MathCache(tmp_path / "cache" / "math")
        return writer.document(config, None, PRINT)

    first = html()
    assert len(list((tmp_path / "cache" / "math").glob("*.json"))) == 2
    mathtex.clear_caches()

    def not_again(*args, **kwargs):
        raise AssertionError("drawn again although it is on disk")

    monkeypatch.setattr(mathtex, "latex_to_svg", not_again)
    assert html() == first
