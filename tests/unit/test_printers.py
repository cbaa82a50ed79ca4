"""Printer profiles (bookpress.printers): trims, margins by page count, page limits,
the profile a printer renders with, and the geometry that meets it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bookpress.config import load_config
from bookpress.diagnostics import BookError, Diagnostics
from bookpress.geometry import check_printer, page_geometry
from bookpress.printers import (
    INGRAMSPARK,
    KDP,
    MARGIN_BOX_ROOM,
    PRINTERS,
    printed_profile,
    printer_named,
    printer_of,
)
from bookpress.profiles import PRESS, PRINT, SCREEN

INCH = 72.0


@pytest.mark.parametrize(
    ("pages", "inches"),
    [(24, 0.375), (150, 0.375), (151, 0.5), (300, 0.5), (301, 0.625), (500, 0.625), (501, 0.75), (700, 0.75),
     (701, 0.875), (828, 0.875)],
)  # fmt: skip
def test_kdp_inner_margin_by_page_count(pages: int, inches: float) -> None:
    assert KDP.inner_margin(pages) == pytest.approx(inches * INCH)


def test_outside_margins_with_and_without_bleed() -> None:
    assert KDP.outside_margin(False) == pytest.approx(0.25 * INCH)
    assert KDP.outside_margin(True) == pytest.approx(0.375 * INCH)
    assert INGRAMSPARK.outside_margin(False) == INGRAMSPARK.inner_margin(400) == pytest.approx(0.5 * INCH)


def test_a_trim_not_offered_names_the_nearest() -> None:
    assert KDP.offers(6 * INCH, 9 * INCH)
    assert INGRAMSPARK.offers(6.14 * INCH, 9.21 * INCH)
    problem = KDP.trim_problem(7 * INCH, 9.25 * INCH)
    assert "KDP does not print a 7 × 9.25 in trim" in problem
    assert "nearest it offers is 6.69 × 9.61 in" in problem and 'trim = "6.69in 9.61in"' in problem
    assert "6.14 × 9.21" in INGRAMSPARK.trim_problem(6.1 * INCH, 9.3 * INCH)
    assert KDP.trim_problem(8.5 * INCH, 11 * INCH) == ""


def test_page_count_limits() -> None:
    assert KDP.page_count_problem(24) == KDP.page_count_problem(828) == ""
    assert "KDP prints paperbacks of 24 to 828 pages" in KDP.page_count_problem(23)
    assert KDP.page_count_problem(829)
    assert INGRAMSPARK.page_count_problem(18) == ""
    assert INGRAMSPARK.page_count_problem(17)


def test_printer_by_name() -> None:
    assert set(PRINTERS) == {"kdp", "ingramspark"}
    assert printer_named("kdp") is KDP and printer_named("") is None and printer_named(None) is None
    with pytest.raises(ValueError, match="unknown printer 'lulu'"):
        printer_named("lulu")


def test_the_profile_a_printer_renders_with() -> None:
    kdp = printed_profile(PRINT, "kdp")
    assert kdp.name == "print+kdp" and printer_of(kdp) is KDP
    assert "marks: none" in kdp.css and kdp.preflight_on_build and not kdp.cmyk
    assert kdp.variant("pdf/a-2b") == "pdf/a-2b"  # KDP asks for no PDF standard
    ingram = printed_profile(PRESS, INGRAMSPARK)
    assert ingram.name == "press+ingramspark" and ingram.bleed and ingram.cmyk
    assert ingram.variant("pdf/x-4") == "pdf/x-1a"  # the printer's standard wins over the book's
    cmyk_print = printed_profile(PRINT, INGRAMSPARK)
    assert cmyk_print.cmyk and "device-cmyk" in cmyk_print.css
    assert printed_profile(SCREEN, "kdp") is SCREEN  # a screen PDF goes to no printer
    assert printed_profile(PRINT, "") is PRINT
    assert printed_profile(kdp, "ingramspark") is kdp  # applied once


def _book(root: Path, pdf_options: str) -> Path:
    (root / "book.toml").write_text(f'[book]\ntitle = "T"\n[output.pdf]\n{pdf_options}\n', encoding="utf-8")
    return root


def test_geometry_raises_margins_to_the_printers_least(tmp_path: Path) -> None:
    options = 'trim = "6in 9in"\nmargin-inner = "0.2in"\nmargin-outer = "0.1in"\nmargin-top = "0.1in"\n'
    config = load_config(_book(tmp_path, options), Diagnostics())
    plain = page_geometry(config, PRINT, 400)
    assert plain.inner == pytest.approx(0.2 * INCH)  # the book's own, without a printer
    for pages, inner in ((100, 0.375), (400, 0.625), (800, 0.875)):
        g = page_geometry(config, printed_profile(PRINT, KDP), pages)
        assert g.inner == pytest.approx(inner * INCH)
        assert g.outer == pytest.approx(0.25 * INCH)
        assert g.top == pytest.approx(0.25 * INCH + MARGIN_BOX_ROOM)  # room for the running head
    with_bleed = page_geometry(config, printed_profile(PRESS, KDP), 400)
    assert with_bleed.outer == pytest.approx(0.375 * INCH) and with_bleed.bleed > 0
    ingram = page_geometry(config, printed_profile(PRINT, INGRAMSPARK), 400)
    assert ingram.inner == ingram.outer == pytest.approx(0.5 * INCH)
    wide = page_geometry(config, printed_profile(PRINT, KDP), 100)
    assert wide.bottom >= plain.bottom  # a margin already wider is kept


def test_the_book_toml_key_and_the_trim_check(tmp_path: Path) -> None:
    config = load_config(_book(tmp_path, 'printer = "KDP"\ntrim = "7x9.25"'), Diagnostics())
    assert config.pdf.printer == "kdp"
    with pytest.raises(BookError) as raised:
        check_printer(config, PRINT)
    diagnostic = raised.value.diagnostic
    assert diagnostic.code == "printer-trim" and diagnostic.line == 5 and "6.69 × 9.61" in diagnostic.message
    check_printer(config, SCREEN)  # a screen PDF has no trim to check


def test_an_unknown_printer_is_a_config_error(tmp_path: Path) -> None:
    diagnostics = Diagnostics()
    with pytest.raises(BookError) as raised:
        load_config(_book(tmp_path, 'printer = "lulu"'), diagnostics)
    assert raised.value.diagnostic.code == "config-value"
    assert "kdp, ingramspark" in raised.value.diagnostic.message


def test_a_printers_bleed_is_not_at_the_spine(tmp_path: Path) -> None:
    config = load_config(_book(tmp_path, 'trim = "6in 9in"'), Diagnostics())
    bleed = 0.125 * INCH
    press = page_geometry(config, PRESS, 100)
    assert press.spine_bleed and press.bleed_insets(0) == press.bleed_insets(1) == (bleed,) * 4
    g = page_geometry(config, printed_profile(PRESS, KDP), 100)
    assert not g.spine_bleed and g.bleed == pytest.approx(bleed)
    assert g.bleed_insets(0) == (0.0, bleed, bleed, bleed)  # a right-hand page: its spine on the left
    assert g.bleed_insets(1) == (bleed, bleed, 0.0, bleed)
    assert "@page :left { bleed-right: 0; } @page :right { bleed-left: 0; }" in g.page_css()
    assert "bleed-left" not in press.page_css()
