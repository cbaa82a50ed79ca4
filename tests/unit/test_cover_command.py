"""``bookpress cover`` end to end (the interior built by the real WeasyPrint),
and the EPUB's cover picture drawn from the same front."""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from typer.testing import CliRunner

from bookpress.build import build
from bookpress.cli import app
from bookpress.cover.sheet import INCH
from bookpress.diagnostics import Diagnostics
from bookpress.epubcheck import run_epubcheck

TOML = """\
[book]
title = "Covered"
authors = ["Ada Example"]

[output.pdf]
trim = "6x9"

[cover]
paper = "cream"
back = "back.md"
"""


@pytest.fixture
def book(make_book) -> Path:
    return make_book({"book.toml": TOML, "src/one.md": "# One\n\nText.\n", "back.md": "On the back."})


def test_cover_builds_the_missing_interior_and_measures_it(book: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["cover", str(book), "--out", str(out), "--guides"])
    assert result.exit_code == 0, result.output
    with pikepdf.open(out / "covered.pdf") as interior:
        pages = len(interior.pages)
    with pikepdf.open(out / "covered-cover.pdf") as cover:
        width = float(cover.pages[0].obj.MediaBox[2])
    assert width == pytest.approx((12 + pages * 0.0025 + 0.25) * INCH, abs=0.01)
    assert f"spine: {pages} pages of {out / 'covered.pdf'} x 0.0025 in (cream paper)" in result.stdout
    assert Image.open(out / "covered-cover-epub.png").size == (1600, 2560)


def test_cover_measures_the_pdf_given_and_warns_of_a_stale_interior(book: Path, tmp_path: Path) -> None:
    interior = tmp_path / "interior.pdf"
    pdf = pikepdf.new()
    for _ in range(120):
        pdf.add_blank_page(page_size=(432, 648))
    pdf.save(interior)
    os.utime(interior, (1_000_000, 1_000_000))  # older than the chapters
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["cover", str(book), "--out", str(out), "--pdf", str(interior)])
    assert result.exit_code == 0, result.output
    assert f"spine: 120 pages of {interior} x 0.0025 in (cream paper)" in result.stdout
    assert "[cover-interior-stale]" in result.stderr
    assert not (out / "covered.pdf").exists()  # nothing was built


def test_a_missing_front_picture_is_a_diagnostic_not_a_traceback(book: Path, tmp_path: Path) -> None:
    toml = book / "book.toml"
    toml.write_text(toml.read_text() + 'front = "art/missing.jpg"\n')
    interior = tmp_path / "interior.pdf"
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(interior)
    result = CliRunner().invoke(
        app, ["cover", str(book), "--out", str(tmp_path / "out"), "--pdf", str(interior)]
    )
    assert result.exit_code == 1
    assert re.search(r"book\.toml:11: error: .*art/missing\.jpg.* \[cover-front-missing\]", result.stderr)
    assert "Traceback" not in result.output


def _cover_image(epub: Path) -> tuple[str, bytes]:
    with zipfile.ZipFile(epub) as archive:
        opf_name = next(n for n in archive.namelist() if n.endswith(".opf"))
        opf = archive.read(opf_name).decode()
        href = re.search(r'<item[^>]*href="([^"]+)"[^>]*properties="cover-image"', opf) or re.search(
            r'<item[^>]*properties="cover-image"[^>]*href="([^"]+)"', opf
        )
        assert href, opf
        folder = opf_name.rsplit("/", 1)[0] + "/" if "/" in opf_name else ""
        return href.group(1), archive.read(folder + href.group(1))


@pytest.mark.slow  # EPUBCheck (Java) on the built EPUB: half a minute of the fast lane
def test_the_epub_of_a_book_with_a_cover_table_has_the_drawn_front_as_its_cover(
    book: Path, tmp_path: Path
) -> None:
    diagnostics = Diagnostics()
    result = build(book, tmp_path / "out", ("epub",), diagnostics)
    epub = result.outputs[0].path
    name, data = _cover_image(epub)
    assert Image.open(io.BytesIO(data)).size == (1600, 2560)
    assert name.endswith(".png")
    with zipfile.ZipFile(epub) as archive:
        assert any(
            'epub:type="cover"' in archive.read(n).decode()
            for n in archive.namelist()
            if n.endswith(".xhtml")
        )
    report = run_epubcheck(epub)
    assert report.ok and not report.warnings, report.lines()


def test_the_books_own_epub_cover_wins(book: Path, tmp_path: Path) -> None:
    Image.new("RGB", (300, 480), (10, 200, 10)).save(book / "own.png")
    toml = book / "book.toml"
    toml.write_text(
        toml.read_text().replace('authors = ["Ada Example"]', 'authors = ["Ada Example"]\ncover = "own.png"')
    )
    result = build(book, tmp_path / "out", ("epub",), Diagnostics())
    _name, data = _cover_image(result.outputs[0].path)
    assert Image.open(io.BytesIO(data)).size == (300, 480)


def test_a_book_printed_for_screens_gets_its_paper_interior_measured(book: Path, tmp_path: Path) -> None:
    toml = book / "book.toml"
    toml.write_text(toml.read_text().replace('trim = "6x9"', 'trim = "6x9"\nprofile = "screen"'))
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["cover", str(book), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "covered-print.pdf").is_file() and not (out / "covered.pdf").exists()
    with pikepdf.open(out / "covered-print.pdf") as interior:
        assert "/MarkInfo" not in interior.Root  # the print profile's PDF, not the tagged screen one
        pages = len(interior.pages)
    assert f"spine: {pages} pages of {out / 'covered-print.pdf'}" in result.stdout


def test_the_back_text_of_a_folder_book_is_not_a_chapter(make_book) -> None:
    from bookpress.build import load

    book = make_book(
        {
            "book.toml": '[book]\ntitle = "Folder"\n[cover]\nback = "back.md"\n',
            "one.md": "# One\n\nText.\n",
            "back.md": "The back of the book.\n",
        }
    )
    _config, model = load(book, Diagnostics())
    assert [chapter.source.path for chapter in model.chapters()] == ["one.md"]
