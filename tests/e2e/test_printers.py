"""Printer profiles end to end: the handbook built for KDP and for IngramSpark passes
its own preflight; a PDF that breaks a printer's rule fails with the rule named.
Real WeasyPrint, pikepdf, littlecms and the preflight."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from conftest import HANDBOOK, build_book, run_bookpress
from PIL import Image

from bookpress.preflight.colours import read_paint

pytestmark = pytest.mark.slow

# The handbook's own trim (7 × 9.25 in) is one neither printer offers: the copy
# takes 7.5 × 9.25 in, which both do.
PRINTER_TRIM = 'trim = "7.5in 9.25in"'


def handbook_copy(root: Path) -> Path:
    book = root / "handbook"
    shutil.copytree(HANDBOOK, book, ignore=shutil.ignore_patterns("build", "dist"))
    toml = book / "book.toml"
    text = toml.read_text(encoding="utf-8")
    assert 'trim = "7x9.25"' in text
    toml.write_text(text.replace('trim = "7x9.25"', PRINTER_TRIM), encoding="utf-8")
    return book


@pytest.fixture(scope="module")
def handbook_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return handbook_copy(tmp_path_factory.mktemp("printers"))


def preflight_json(book: Path, pdf: Path, printer: str) -> dict:
    result = run_bookpress("check", book, "--pdf", pdf, "--printer", printer, "--json")
    report = json.loads(result.stdout)
    assert result.returncode == (1 if report["summary"]["errors"] else 0), result.stderr
    return report


def codes(report: dict, severity: str = "error") -> set[str]:
    return {f["code"] for f in report["findings"] if f["severity"] == severity}


def test_handbook_for_kdp_passes_its_preflight(handbook_book: Path, tmp_path: Path) -> None:
    built = build_book(handbook_book, tmp_path, "--format", "pdf", "--printer", "kdp")
    assert "print+kdp profile" in built.stdout
    assert "— 0 errors" in built.stdout  # the build preflights a printer's PDF at once
    report = preflight_json(handbook_book, built.pdf, "kdp")
    assert report["summary"]["errors"] == 0, [f for f in report["findings"] if f["severity"] == "error"]
    assert report["profile"] == "print+kdp"
    with pikepdf.open(built.pdf) as pdf:
        assert "/Outlines" not in pdf.Root  # no bookmarks
        assert not any("/Annots" in page.obj for page in pdf.pages)  # no links
        width, height = (float(v) / 72 for v in pdf.pages[0].trimbox[2:])
        assert (round(width, 2), round(height, 2)) == (7.5, 9.25)
        assert len(pdf.pages) >= 24
    fonts = subprocess.run(["pdffonts", str(built.pdf)], capture_output=True, text=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(" yes " in row for row in rows)  # every font embedded


def test_handbook_for_ingramspark_is_pdfx_1a_in_cmyk(handbook_book: Path, tmp_path: Path) -> None:
    built = build_book(handbook_book, tmp_path, "--format", "pdf", "--printer", "ingramspark")
    assert "print+ingramspark profile" in built.stdout and "— 0 errors" in built.stdout
    report = preflight_json(handbook_book, built.pdf, "ingramspark")
    assert report["summary"]["errors"] == 0, [f for f in report["findings"] if f["severity"] == "error"]
    with pikepdf.open(built.pdf) as pdf:
        assert str(pdf.docinfo["/GTS_PDFXVersion"]) == "PDF/X-1a:2003"
        assert pdf.pdf_version == "1.4"
        assert str(pdf.docinfo["/Trapped"]) == "/False"
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFX" and "/DestOutputProfile" in intent
        assert not any("/Annots" in page.obj for page in pdf.pages)
        spaces = {
            str(obj.ColorSpace)
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"
        }
        assert spaces and spaces <= {"/DeviceCMYK", "/DeviceGray"}  # the handbook's RGB figures converted
    paint = read_paint(built.pdf)  # independent of the check: every operator of every page and form
    assert paint.rgb == {} and paint.transparency == {}
    assert subprocess.run(["qpdf", "--check", str(built.pdf)], capture_output=True).returncode == 0


def small_book(root: Path, trim: str = "6x9", chapters: int = 10, profile: str = "print") -> Path:
    """A book with a link, headings (an outline) and an RGB image with transparency."""
    root.mkdir(parents=True, exist_ok=True)
    text = " ".join(["Paragraph text set in the book's own type, long enough to fill pages."] * 30)
    picture = Image.new("RGBA", (900, 600), (30, 120, 220, 255))
    for x in range(0, 900, 3):
        for y in range(0, 300):
            picture.putpixel((x, y), (220, 40, 40, 90))  # half-transparent red: needs flattening
    picture.save(root / "chart.png", dpi=(300, 300))
    names = [f"ch{i}.md" for i in range(chapters)]
    for i, name in enumerate(names):
        figure = "![A chart in RGB with transparency](chart.png)\n\n" if i == 0 else ""
        link = "See [the project](https://example.org/bookpress).\n\n" if i == 0 else ""
        (root / name).write_text(f"# Chapter {i + 1}\n\n{link}{figure}{text}\n\n## More\n\n{text}\n")
    chapter_list = ", ".join(f'"{n}"' for n in names)
    (root / "book.toml").write_text(
        f'[book]\ntitle = "Printers"\nauthors = ["P. Rinter"]\nlanguage = "en"\n'
        f"chapters = [{chapter_list}]\n[output.pdf]\ntrim = {trim!r}\nprofile = {profile!r}\n".replace(
            "'", '"'
        ),
        encoding="utf-8",
    )
    return root


@pytest.fixture(scope="module")
def plain_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The small book built for no printer (press profile): links, bookmarks, crop marks,
    RGB, alpha, PDF/X-4."""
    root = tmp_path_factory.mktemp("plain")
    book = small_book(root / "book", profile="press")
    built = build_book(book, root / "out", "--format", "pdf")
    return book, built.pdf


def test_a_trim_the_printer_does_not_offer_stops_the_build(tmp_path: Path) -> None:
    book = small_book(tmp_path / "book", trim="7x9.25", chapters=2)
    result = run_bookpress("build", book, "--out", tmp_path / "out", "--format", "pdf", "--printer", "kdp")
    assert result.returncode == 1
    assert "book.toml:7:" in result.stderr and "[printer-trim]" in result.stderr
    assert "KDP does not print a 7 × 9.25 in trim; the nearest it offers is 6.69 × 9.61 in" in result.stderr
    assert not (tmp_path / "out" / "printers.pdf").exists()  # refused before any layout


def test_links_bookmarks_and_crop_marks_kept_fail_kdp(plain_pdf: tuple[Path, Path]) -> None:
    book, pdf = plain_pdf
    report = preflight_json(book, pdf, "kdp")
    assert {"printer-bookmarks", "printer-annotations", "printer-crop-marks"} <= codes(report)
    assert "printer-rgb" not in codes(report)  # KDP converts RGB itself
    message = next(f["message"] for f in report["findings"] if f["code"] == "printer-annotations")
    assert "KDP wants none" in message


def test_rgb_and_transparency_fail_ingramspark(plain_pdf: tuple[Path, Path]) -> None:
    book, pdf = plain_pdf
    report = preflight_json(book, pdf, "ingramspark")
    found = codes(report)
    assert {"printer-rgb", "printer-transparency", "printer-pdfx", "printer-annotations"} <= found
    pdfx = {f["message"] for f in report["findings"] if f["code"] == "printer-pdfx"}
    assert (
        "not IngramSpark's PDF/X: GTS_PDFXVersion is missing (wanted PDF/X-1a:2001 or PDF/X-1a:2003)" in pdfx
    )
    assert "printer-bookmarks" not in found  # IngramSpark keeps bookmarks
    rgb = next(f["message"] for f in report["findings"] if f["code"] == "printer-rgb")
    assert "DeviceRGB" in rgb and "IngramSpark takes CMYK and grey only" in rgb


def test_the_same_book_built_for_ingramspark_passes(tmp_path: Path) -> None:
    book = small_book(tmp_path / "book")
    built = build_book(book, tmp_path / "out", "--format", "pdf", "--printer", "ingramspark")
    report = preflight_json(book, built.pdf, "ingramspark")
    assert report["summary"]["errors"] == 0, [f for f in report["findings"] if f["severity"] == "error"]
    with pikepdf.open(built.pdf) as pdf:
        images = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"]
        assert [str(i.ColorSpace) for i in images] == ["/DeviceCMYK"] and "/SMask" not in images[0]
        # The blue, flattened and converted with littlecms, is mostly cyan and still dark enough.
        cmyk = pikepdf.PdfImage(images[0]).as_pil_image().getpixel((1, 599))
        assert cmyk[0] > 150 and cmyk[2] < 60


def test_a_book_too_short_for_kdp(tmp_path: Path) -> None:
    book = small_book(tmp_path / "book", chapters=1)
    result = run_bookpress("build", book, "--out", tmp_path / "out", "--format", "pdf", "--printer", "kdp")
    assert result.returncode == 1  # a printer's PDF is preflighted by the build
    assert (
        "printer-page-count" in result.stdout and "KDP prints paperbacks of 24 to 828 pages" in result.stdout
    )


def test_press_for_kdp_bleeds_at_the_fore_edge_head_and_foot_only(tmp_path: Path) -> None:
    book = small_book(tmp_path / "book", profile="press")
    built = build_book(book, tmp_path / "out", "--format", "pdf", "--printer", "kdp")
    assert "press+kdp profile" in built.stdout and "— 0 errors" in built.stdout
    with pikepdf.open(built.pdf) as pdf:
        for index in (0, 1):  # a right-hand page, a left-hand page
            page = pdf.pages[index]
            media, trim = [float(v) for v in page.mediabox], [float(v) for v in page.trimbox]
            # KDP: the page is the trim + 0.125 in wide and + 0.25 in high, no bleed at the spine
            assert (round(media[2] - media[0], 1), round(media[3] - media[1], 1)) == (441.0, 666.0)
            spine_inset = trim[0] - media[0] if index == 0 else media[2] - trim[2]
            assert spine_inset == pytest.approx(0, abs=0.01)
    report = preflight_json(book, built.pdf, "kdp")
    assert report["summary"]["errors"] == 0 and "printer-crop-marks" not in codes(report)
