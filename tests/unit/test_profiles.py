"""Print profiles: one registry read by the config, the command line, the
geometry, the PDF writer and preflight."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bookpress.config import load_config
from bookpress.diagnostics import Diagnostics
from bookpress.geometry import page_geometry
from bookpress.profiles import PRESS, PRINT, PROFILES, SCREEN, for_print, profile_named
from bookpress.render_job import RenderJob

from .conftest import MakeBook


def test_the_registry_names_each_profile_once() -> None:
    assert list(PROFILES) == ["print", "press", "screen"]
    assert all(PROFILES[name].name == name for name in PROFILES)
    assert profile_named("press") is PRESS
    assert profile_named(SCREEN) is SCREEN
    with pytest.raises(ValueError, match="print, press, screen"):
        profile_named("proof")


def test_what_each_profile_asks_of_the_pdf() -> None:
    assert (PRINT.variant(), PRESS.variant(), SCREEN.variant()) == ("", "pdf/x-4", "pdf/ua-1")
    assert PRESS.variant("pdf/x-1a") == "pdf/x-1a"  # the book's pdf-variant wins
    assert [p.name for p in PROFILES.values() if p.bleed] == ["press"]
    # Chapters open where the book says on paper, anywhere on a screen.
    assert PRINT.chapter_start("right") == "right" and PRESS.chapter_start("left") == "left"
    assert SCREEN.chapter_start("right") == "any"
    assert for_print(SCREEN) is PRINT and for_print(PRESS) is PRESS


def test_the_css_a_profile_adds(tmp_path: Path) -> None:
    icc = tmp_path / "cmyk.icc"
    icc.write_bytes(b"")
    press = PRESS.stylesheet(icc)
    assert "@color-profile device-cmyk" in press and icc.resolve().as_uri() in press
    assert "device-cmyk(0 0 0 1)" in PRESS.stylesheet(None)
    assert "@color-profile" not in PRESS.stylesheet(None)
    assert "#1d4f91" in SCREEN.stylesheet() and "device-cmyk" not in SCREEN.stylesheet(icc)
    assert PRINT.stylesheet(icc) == ""


def test_only_a_profile_with_bleed_gets_it(make_book: MakeBook) -> None:
    book = make_book({"book.toml": '[book]\ntitle = "T"\n[output.pdf]\nbleed = "3mm"\n', "a.md": "# A\n"})
    config = load_config(book, Diagnostics())
    assert page_geometry(config, PRESS, 200).bleed == pytest.approx(3 * 72 / 25.4)
    assert page_geometry(config, PRINT, 200).bleed == 0.0
    assert page_geometry(config, SCREEN, 200).bleed == 0.0


def test_config_and_command_line_take_the_registry(make_book: MakeBook) -> None:
    from bookpress.cli import Profile

    assert [p.value for p in Profile] == list(PROFILES)
    for name in PROFILES:
        book = make_book({"book.toml": f'[book]\ntitle = "T"\n[output.pdf]\nprofile = "{name}"\n'})
        assert load_config(book, Diagnostics()).pdf.profile == name


def test_a_render_job_is_checked_when_made(tmp_path: Path) -> None:
    when = dt.datetime(2025, 3, 1, 12, tzinfo=dt.UTC)
    job = RenderJob("pdf", tmp_path / "b.pdf", when, PRESS)
    assert job.created_stamp == "2025-03-01T12:00:00Z"
    with pytest.raises(ValueError, match="format"):
        RenderJob("docx", tmp_path / "b.docx", when)
    with pytest.raises(ValueError, match="time zone"):
        RenderJob("pdf", tmp_path / "b.pdf", dt.datetime(2025, 3, 1))


def test_preflight_expects_what_the_profile_says() -> None:
    from bookpress.geometry import Geometry
    from bookpress.preflight import Expectations

    geometry = Geometry.for_trim(504, 666, bleed=9.0)
    assert Expectations(geometry, PRESS).bleed == Expectations(geometry, "press").bleed == 9.0
    assert Expectations(geometry, SCREEN).bleed == Expectations(geometry, PRINT).bleed == 0.0
    assert Expectations(geometry, "screen").print_profile is SCREEN
    with pytest.raises(ValueError, match="unknown preflight profile"):
        Expectations(geometry, "proof")


def test_geometry_estimate_preflight_and_doctor_load_no_pdf_writer() -> None:
    """A margin calculation or a constant does not cost WeasyPrint's import."""
    import subprocess
    import sys

    code = (
        "import sys, bookpress.preflight_run, bookpress.doctor, bookpress.geometry, bookpress.page_estimate\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'weasyprint' or m == 'bookpress.writers.pdf'))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
