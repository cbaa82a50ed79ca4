"""Every print profile and trim preset, verified from the PDF itself."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from conftest import build_book, geometry_of
from pdftext import outline_pages, pages, words_outside

from bookpress.config import TRIM_PRESETS, length_pt

pytestmark = pytest.mark.slow

CHAPTER = """# {title}

{text}

## A section

{text}

| Column | Value |
|:-------|------:|
| one    | 1     |
"""


def small_book(root: Path, pdf_options: str = "") -> Path:
    text = " ".join(["Paragraph text set in the book's own type."] * 40)
    files = {
        "book.toml": '[book]\ntitle = "Profiles"\nauthors = ["P. Rofile"]\nlanguage = "en"\n'
        'chapters = ["one.md", "two.md"]\n[output.pdf]\n' + pdf_options,
        "one.md": CHAPTER.format(title="One", text=text),
        "two.md": CHAPTER.format(title="Two", text=text),
    }
    for name, content in files.items():
        (root / name).write_text(content, encoding="utf-8")
    return root


def fonts_embedded(pdf: pikepdf.Pdf) -> bool:
    for page in pdf.pages:
        for _name, font in (page.resources.get("/Font") or {}).items():
            target = font["/DescendantFonts"][0] if "/DescendantFonts" in font else font
            descriptor = target.get("/FontDescriptor")
            if descriptor is None or not any(
                k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
            ):
                return False
    return True


@pytest.mark.parametrize("preset", sorted(set(TRIM_PRESETS) - {"letter"}))
def test_trim_presets(tmp_path: Path, preset: str) -> None:
    book = small_book(tmp_path, f'trim = "{preset}"\n')
    built = build_book(book, tmp_path / "out", "--format", "pdf")
    width, height = (length_pt(v) for v in TRIM_PRESETS[preset])
    with pikepdf.open(built.pdf) as pdf:
        assert len(pdf.pages) >= 4
        for page in pdf.pages:
            assert [float(v) for v in page.mediabox] == pytest.approx([0, 0, width, height], abs=0.05)
            assert [float(v) for v in page.obj.TrimBox] == pytest.approx([0, 0, width, height], abs=0.05)
        assert fonts_embedded(pdf)
        assert "/PageLabels" in pdf.Root
    assert words_outside(built.pdf, geometry_of(book, built.pdf)) == []
    starts = outline_pages(built.pdf)
    assert len(starts) >= 2  # the two chapters at least
    for index in starts.values():
        assert index % 2 == 0


def test_print_profile_is_plain(tmp_path: Path) -> None:
    book = small_book(tmp_path)
    built = build_book(book, tmp_path / "out", "--format", "pdf")
    with pikepdf.open(built.pdf) as pdf:
        page = pdf.pages[0]
        assert [float(v) for v in page.obj.BleedBox] == [float(v) for v in page.obj.TrimBox]
        assert "/OutputIntents" not in pdf.Root and "/StructTreeRoot" not in pdf.Root


def test_press_profile_has_bleed_marks_and_pdfx(tmp_path: Path) -> None:
    book = small_book(tmp_path, 'profile = "press"\nbleed = "3mm"\n')
    built = build_book(book, tmp_path / "out", "--format", "pdf")
    bleed = length_pt("3mm")
    with pikepdf.open(built.pdf) as pdf:
        assert len(pdf.pages) >= 4
        for page in pdf.pages:
            trim = [float(v) for v in page.obj.TrimBox]
            assert trim == pytest.approx([0, 0, 504, 666], abs=0.05)
            assert [float(v) for v in page.obj.BleedBox] == pytest.approx(
                [-bleed, -bleed, 504 + bleed, 666 + bleed], abs=0.05
            )
            assert [float(v) for v in page.mediabox] == [float(v) for v in page.obj.BleedBox]
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == "/GTS_PDFX"
        assert intent.DestOutputProfile.N == 4  # a CMYK profile
        with pdf.open_metadata() as meta:
            assert "PDF/X-4" in str(meta.get("pdfxid:GTS_PDFXVersion", ""))
        assert fonts_embedded(pdf)
    assert "press profile" in built.stdout


def test_screen_profile_is_tagged_with_language_and_title(tmp_path: Path) -> None:
    book = small_book(tmp_path)
    built = build_book(book, tmp_path / "out", "--format", "pdf", "--profile", "screen")
    with pikepdf.open(built.pdf) as pdf:
        assert "/StructTreeRoot" in pdf.Root and pdf.Root.MarkInfo.Marked
        assert str(pdf.Root.Lang) == "en"
        assert str(pdf.docinfo["/Title"]) == "Profiles"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle
    # chapters follow each other without blank pages
    assert not any(p.blank for p in pages(built.pdf))


def test_unknown_pdf_variant_lists_the_valid_ones(tmp_path: Path) -> None:
    from conftest import run_bookpress

    book = small_book(tmp_path, 'pdf-variant = "pdf/z-9"\n')
    result = run_bookpress("check", book)
    assert result.returncode == 1
    assert "pdf/x-4" in result.stderr and "pdf/ua-1" in result.stderr and "book.toml:" in result.stderr


def test_press_build_is_preflighted(tmp_path: Path) -> None:
    book = small_book(tmp_path, 'profile = "press"\n')
    built = build_book(book, tmp_path / "out", "--format", "pdf")
    assert "Preflight" in built.stdout and "0 errors" in built.stdout


def test_check_pdf_passes_a_clean_book_and_fails_a_bad_one(tmp_path: Path) -> None:
    import json

    from conftest import run_bookpress
    from PIL import Image

    book = small_book(tmp_path)
    built = build_book(book, tmp_path / "out", "--format", "pdf")
    clean = run_bookpress("check", book, "--pdf", built.pdf, "--json")
    assert clean.returncode == 0, clean.stdout
    report = json.loads(clean.stdout)
    assert report["ok"] and report["pages"] == len(pages(built.pdf))

    # A 72-pixel-wide image stretched over the text block, and chapters let
    # start on any side while preflight expects the right-hand side.
    Image.new("RGB", (72, 40), "gray").save(tmp_path / "small.png")
    with (tmp_path / "two.md").open("a", encoding="utf-8") as two:
        two.write("\n![A tiny image](small.png){width=100%}\n")
    toml = (tmp_path / "book.toml").read_text(encoding="utf-8")
    (tmp_path / "book.toml").write_text(toml + 'chapter-start = "any"\n', encoding="utf-8")
    bad = build_book(book, tmp_path / "bad", "--format", "pdf")
    assert any(index % 2 for index in outline_pages(bad.pdf).values())  # a chapter on a left page
    (tmp_path / "book.toml").write_text(toml, encoding="utf-8")
    result = run_bookpress("check", book, "--pdf", bad.pdf, "--json")
    assert result.returncode == 1
    codes = {f["code"] for f in json.loads(result.stdout)["findings"] if f["severity"] == "error"}
    assert "image-resolution-low" in codes and "chapter-side" in codes
    table = run_bookpress("check", book, "--pdf", bad.pdf)
    assert table.returncode == 1 and "image-resolution-low" in table.stdout
    missing = run_bookpress("check", book, "--pdf", tmp_path / "nope.pdf")
    assert missing.returncode == 1 and "no such PDF" in missing.stderr
