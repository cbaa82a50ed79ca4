"""Preflight on real WeasyPrint output: a clean small book passes; books broken in one way each
fail with the right finding on the right page."""

from __future__ import annotations

import base64
import io
import random
import subprocess
from dataclasses import replace
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from weasyprint import HTML

from bookpress.geometry import INCH, Geometry
from bookpress.preflight import CHECK_ORDER, Expectations, Finding, Report, preflight, read_pdf

GEOMETRY = Geometry.for_trim(6 * INCH, 9 * INCH, pages=60)
TEXT_HEIGHT = GEOMETRY.height - GEOMETRY.top - GEOMETRY.bottom  # 534.6 pt: 38 lines of 14 pt

# The page as bookpress sets it: mirrored margins from the geometry, a running head at the top
# (none on chapter openers and blank pages), the folio at the foot, roman front matter.
BOOK_CSS = (
    GEOMETRY.page_css()
    + """
@page { @bottom-center { content: counter(page); font: 8pt "DejaVu Sans"; } }
@page front { @bottom-center { content: counter(page, lower-roman); } }
@page chapter, chapter-start { @top-center { content: string(chapter); font: italic 8pt "DejaVu Serif"; } }
@page :nth(1 of chapter-start) { counter-reset: page 1; }
@page chapter:nth(1 of chapter), chapter-start:nth(1 of chapter-start) { @top-center { content: none; } }
html { font: 10pt/14pt "DejaVu Serif"; }
body { margin: 0; }
p { margin: 0; text-align: justify; widows: 2; orphans: 2; }
p + p { text-indent: 1.2em; }
h1, h2 { font-family: "DejaVu Sans"; font-weight: bold; break-after: avoid; margin: 0; }
h1 { font-size: 20pt; line-height: 24pt; margin: 0 0 24pt; string-set: chapter content(); bookmark-level: 1; }
h2 { font-size: 13pt; line-height: 16pt; margin: 14pt 0 7pt; bookmark-level: 2; }
.title { page: title; text-align: center; padding-top: 2in; }
.title h1, nav h1 { bookmark-level: none; string-set: none; }
nav { page: front; break-before: right; }
nav a, nav p { display: block; color: black; text-decoration: none; text-align: left; }
nav a::after { content: leader('.') target-counter(attr(href url), page); }
section.chapter { page: chapter; break-before: right; }
section.chapter.first { page: chapter-start; }
img { display: block; margin: 8pt auto; }
"""
)

PLAIN_BLANKS = """
@page title, :blank, front:blank, chapter:blank, chapter-start:blank {
  @top-center { content: none; } @bottom-center { content: none; } }
"""

LOREM = (
    "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore "
    "et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip "
    "ex ea commodo consequat duis aute irure in reprehenderit voluptate velit esse cillum"
)
WORDS = LOREM.split()


def para(seed: int, words: int = 90) -> str:
    rng = random.Random(seed)
    return f"<p>{' '.join(rng.choice(WORDS) for _ in range(words)).capitalize()}.</p>"


def png(width: int, height: int) -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (40, 90, 160)).save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def page(body: str, css: str = "", plain_blanks: bool = True) -> str:
    blanks = PLAIN_BLANKS if plain_blanks else ""
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Test</title>'
        f"<style>{BOOK_CSS}{blanks}{css}</style></head><body>{body}</body></html>"
    )


def book(chapter_two: str = "right", toc_two: str | None = None, plain_blanks: bool = True) -> str:
    """Title page, contents (target-counter numbers), two chapters on right-hand pages, a 400-ppi
    image: 10 pages, the body numbered from 1 on page 5."""
    two = '<a href="#ch2">Chapter Two</a>' if toc_two is None else f"<p>Chapter Two ........ {toc_two}</p>"
    return page(
        f"""
<section class="title"><h1>A Small Book</h1><p>by A. Writer</p></section>
<nav><h1>Contents</h1><a href="#ch1">Chapter One</a><a href="#s12">A section</a>{two}</nav>
<section class="chapter first" id="ch1"><h1>Chapter One</h1>
{"".join(para(i) for i in range(6))}
<img src="{png(800, 400)}" style="width: 2in; height: 1in">
<h2 id="s12">A section</h2>
{"".join(para(10 + i) for i in range(8))}
</section>
<section class="chapter" id="ch2" style="break-before: {chapter_two}"><h1>Chapter Two</h1>
{"".join(para(30 + i) for i in range(5))}
</section>""",
        plain_blanks=plain_blanks,
    )


def render(html: str, path: Path, body_start: int | None = 4) -> Path:
    """WeasyPrint, then page labels (i, ii… then 1, 2… from ``body_start``) as the PDF writer adds them."""
    HTML(string=html).write_pdf(path)
    if body_start is not None:
        with pikepdf.open(path, allow_overwriting_input=True) as pdf:
            pdf.Root.PageLabels = pikepdf.Dictionary(
                Nums=[
                    0,
                    pikepdf.Dictionary(S=pikepdf.Name.r),
                    body_start,
                    pikepdf.Dictionary(S=pikepdf.Name.D),
                ]
            )
            pdf.save(path)
    return path


def found(report: Report, code: str) -> list[Finding]:
    return [f for f in report.findings if f.code == code]


def problems(report: Report) -> list[tuple[str, str, int | None]]:
    return [(f.severity, f.code, f.page) for f in report.findings if f.severity != "info"]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("preflight")


@pytest.fixture(scope="module")
def clean(out: Path) -> Path:
    return render(book(), out / "clean.pdf")


# ---- a clean book ---------------------------------------------------------------------------------------


def test_clean_book_passes(clean: Path) -> None:
    report = preflight(clean, Expectations(GEOMETRY))
    assert report.pages == 10
    assert problems(report) == []
    assert report.ok
    # the image was seen (RGB is only information for a print-on-demand book)
    assert [(f.code, f.page, f.label) for f in report.infos if f.code == "image-rgb"] == [
        ("image-rgb", 6, "2")
    ]


def test_reads_the_book_as_laid_out(clean: Path) -> None:
    doc = read_pdf(clean, GEOMETRY)
    assert [(e.title, e.level, e.page + 1) for e in doc.outline] == [
        ("Chapter One", 1, 5),
        ("A section", 2, 6),
        ("Chapter Two", 1, 9),
    ]
    assert [p.label for p in doc.pages] == ["i", "ii", "iii", "iv", "1", "2", "3", "4", "5", "6"]
    assert (doc.body_family, doc.body_size, doc.leading) == ("DejaVu Serif", 10.0, 14.0)
    assert doc.contents_pages == {2, 3}
    # 800 × 400 px drawn 2 × 1 in through WeasyPrint's CTM (flip, px→pt scale, translate)
    (image,) = doc.pages[5].scan.images
    assert image.pixels == (800, 400)
    assert image.drawn == pytest.approx((144.0, 72.0), abs=0.01)
    assert image.ppi == pytest.approx(400, abs=0.5)
    assert image.colour == "RGB"


# ---- page boxes --------------------------------------------------------------------------------------------


def test_wrong_page_size(clean: Path) -> None:
    report = preflight(clean, Expectations(Geometry.for_trim(5.5 * INCH, 8.5 * INCH)))
    (size,) = found(report, "page-size")
    assert (size.severity, size.page, size.label) == ("error", 1, "i")
    assert "page is 6 × 9 in; expected 5.5 × 8.5 in" in size.message
    assert "on 10 pages: 1–10" in size.message
    assert found(report, "trimbox-wrong")[0].page == 1


def test_press_expects_bleed(clean: Path) -> None:
    press = Expectations(replace(GEOMETRY, bleed=0.125 * INCH), profile="press")
    report = preflight(clean, press)
    assert {(f.code, f.page) for f in report.errors} >= {("page-size", 1), ("bleedbox-wrong", 1)}
    assert "6.25 × 9.25 in" in found(report, "page-size")[0].message


def test_weasyprint_bleed_boxes_pass_press(out: Path) -> None:
    """WeasyPrint 70 with bleed: MediaBox = BleedBox = trim + bleed around the origin, TrimBox = trim."""
    geometry = replace(GEOMETRY, bleed=0.125 * INCH)
    html = page(para(1, 200) + para(2, 200), css=geometry.page_css())
    pdf = render(html, out / "bleed.pdf", body_start=None)
    with pikepdf.open(pdf) as doc:
        first = doc.pages[0].obj
        assert [float(v) for v in first.MediaBox] == [-9, -9, 441, 657]
        assert [float(v) for v in first.BleedBox] == [-9, -9, 441, 657]
        assert [float(v) for v in first.TrimBox] == [0, 0, 432, 648]
    report = preflight(pdf, Expectations(geometry, profile="press"))
    assert problems(report) == []  # boxes right, and the text inside the text block despite the offset
    assert [f.code for f in preflight(pdf, Expectations(GEOMETRY)).errors] == ["page-size", "trimbox-wrong"]


def test_full_width_drawing_must_reach_into_the_bleed(out: Path) -> None:
    geometry = replace(GEOMETRY, bleed=0.125 * INCH)
    left = geometry.inner  # page 1 is a right-hand page: the inner margin is on the left

    def band(x: float, width: float) -> str:
        return f'<div style="position: absolute; left: {x}pt; width: {width}pt; height: 1in; background: navy"></div>'

    html = page(
        f"<p>Trim only.</p>{band(-left, geometry.width)}"
        f'<p style="break-before: page">Into the bleed.</p>{band(-geometry.outer - 9, geometry.width + 18)}',
        css=geometry.page_css(),
    )
    report = preflight(
        render(html, out / "band.pdf", body_start=None), Expectations(geometry, profile="press")
    )
    assert problems(report) == [("warning", "bleed-short", 1)]
    assert problems(preflight(out / "band.pdf", Expectations(geometry))) == [
        ("error", "page-size", 1),
        ("error", "trimbox-wrong", 1),
    ]


# ---- fonts ---------------------------------------------------------------------------------------------------


def test_font_not_embedded(clean: Path, out: Path) -> None:
    stripped = out / "not-embedded.pdf"
    with pikepdf.open(clean) as pdf:
        for font in pdf.pages[0].obj.Resources.Font.values():
            if str(font.BaseFont).endswith("DejaVu-Sans-Bold"):
                del font.DescendantFonts[0].FontDescriptor["/FontFile2"]
        pdf.save(stripped)
    pdffonts = subprocess.run(["pdffonts", str(stripped)], capture_output=True, text=True, check=True).stdout
    assert any("DejaVu-Sans-Bold" in line and " no " in line for line in pdffonts.splitlines())
    report = preflight(stripped, Expectations(GEOMETRY))
    (finding,) = report.errors
    assert (finding.code, finding.page, finding.label) == ("font-not-embedded", 1, "i")
    assert "DejaVu-Sans-Bold" in finding.message


def test_missing_glyph(out: Path) -> None:
    char = "\u0378"  # unassigned: no font has it, WeasyPrint draws .notdef
    covered = subprocess.run(["fc-list", f":charset={ord(char):x}"], capture_output=True, text=True).stdout
    if covered.strip():
        pytest.skip(f"a font on this machine covers U+{ord(char):04X}")
    html = page(
        f'{para(1, 40)}<p style="break-before: page">Arrow → fine, {char} not.</p>',
        css='html { font-family: "DejaVu Serif"; }',
    )
    report = preflight(render(html, out / "glyph.pdf", body_start=None), Expectations(GEOMETRY))
    (finding,) = report.errors
    assert (finding.code, finding.page) == ("glyph-missing", 2)
    assert "U+0378" in finding.message and "DejaVu-Serif" in finding.message


# ---- images ---------------------------------------------------------------------------------------------------


def svg(width: int, height: int, inside: str = "") -> str:
    source = (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{width}" height="{height}"><rect width="{width}" height="{height}" fill="orange"/>{inside}</svg>'
    )
    return "data:image/svg+xml;base64," + base64.b64encode(source.encode()).decode()


def test_image_resolution(out: Path) -> None:
    html = page(
        f'<p>One.</p><img src="{png(144, 72)}" style="width: 2in">'  # 72 ppi
        f'<p style="break-before: page">Two.</p><img src="{png(400, 200)}" style="width: 2in">'  # 200 ppi
        f'<p>An icon.</p><img src="{png(8, 8)}" style="width: 0.2in">'  # 40 ppi, but tiny
        f'<p style="break-before: page">Three.</p><img src="{png(1200, 600)}" style="width: 2in">'  # 600 ppi
        f'<p>A drawing.</p><img src="{svg(200, 100)}" style="width: 4in">'  # vector: no resolution
    )
    report = preflight(render(html, out / "images.pdf", body_start=None), Expectations(GEOMETRY))
    assert problems(report) == [("error", "image-resolution-low", 1), ("warning", "image-resolution", 2)]
    assert "72 ppi" in found(report, "image-resolution-low")[0].message
    assert "200 ppi" in found(report, "image-resolution")[0].message
    screen = preflight(out / "images.pdf", Expectations(GEOMETRY, profile="screen"))
    assert not found(screen, "image-rgb")


def test_image_inside_svg_and_form_xobjects(out: Path) -> None:
    """The size an image is drawn at, through nested transformations: a raster inside an SVG
    (WeasyPrint draws the SVG inline), and the page placed as a Form XObject at half size."""
    raster = f'<image width="200" height="100" xlink:href="{png(400, 200)}"/>'
    html = page(f'<p>A drawing with a photo in it.</p><img src="{svg(200, 100, raster)}" style="width: 2in">')
    source = render(html, out / "svg.pdf", body_start=None)
    assert problems(preflight(source, Expectations(GEOMETRY))) == [("warning", "image-resolution", 1)]
    halved = out / "form.pdf"
    with pikepdf.open(source) as pdf, pikepdf.new() as target:
        width, height = GEOMETRY.width, GEOMETRY.height
        placed = target.add_blank_page(page_size=(width, height))
        placed.add_overlay(
            target.copy_foreign(pdf.pages[0].as_form_xobject()),
            pikepdf.Rectangle(0, 0, width / 2, height / 2),
        )
        placed.obj.TrimBox = placed.obj.MediaBox
        target.save(halved)
    (image,) = read_pdf(halved, GEOMETRY).pages[0].scan.images
    assert image.drawn == pytest.approx((72.0, 36.0), abs=0.01)
    assert image.ppi == pytest.approx(400, abs=0.5)


# ---- placement ---------------------------------------------------------------------------------------------


def test_table_wider_than_the_text_block(out: Path) -> None:
    cells = "".join(f"<td>cell {i} text</td>" for i in range(6))
    html = page(
        f'{para(1, 30)}<table style="break-before: page; table-layout: fixed; width: 150%; '
        f'border-collapse: collapse; border: 1pt solid black"><tr>{cells}</tr></table>'
    )
    report = preflight(render(html, out / "wide.pdf", body_start=None), Expectations(GEOMETRY))
    assert problems(report) == [("error", "text-outside", 2), ("error", "graphic-outside", 2)]
    assert "cell" in found(report, "text-outside")[0].message


def test_text_in_the_bottom_margin(out: Path) -> None:
    html = page(
        para(1, 30) + '<p style="position: absolute; bottom: -0.5in; left: 0">Below the block</p>',
        css="@page { @bottom-center { content: counter(page); } }",
    )
    report = preflight(render(html, out / "bottom.pdf", body_start=None), Expectations(GEOMETRY))
    assert problems(report) == [("error", "text-in-bottom-margin", 1)]
    assert "Below the block" in report.errors[0].message


# ---- structure -------------------------------------------------------------------------------------------------


def test_chapter_on_a_left_page(out: Path) -> None:
    report = preflight(render(book(chapter_two="left"), out / "left.pdf"), Expectations(GEOMETRY))
    assert problems(report) == [("error", "chapter-side", 10)]
    assert "'Chapter Two' starts on a left-hand page" in report.errors[0].message
    assert preflight(out / "left.pdf", Expectations(GEOMETRY, chapter_start="any")).ok


def test_wrong_toc_number(out: Path) -> None:
    report = preflight(render(book(toc_two="99"), out / "toc.pdf"), Expectations(GEOMETRY))
    assert problems(report) == [("error", "toc-page-wrong", 3)]
    (finding,) = report.errors
    assert finding.label == "iii"
    assert "'Chapter Two' on page 99; it starts on page 5 (physical page 9)" in finding.message


def test_blank_pages_with_running_head_or_folio(out: Path) -> None:
    # without the :blank rules, the blank versos before the contents and the first chapter keep the folio
    report = preflight(render(book(plain_blanks=False), out / "blank.pdf"), Expectations(GEOMETRY))
    assert problems(report) == [("error", "blank-page-head", 2), ("error", "blank-page-head", 4)]
    assert [f.label for f in report.errors] == ["ii", "iv"]
    assert "blank page with a running head or folio ('4')" in report.errors[1].message


# ---- flow --------------------------------------------------------------------------------------------------------

# Monospaced justified text breaks where arithmetic says: 7 words of 7 letters fill a line of the
# 340.9 pt text block (55 of the 56 characters of 6.02 pt), so 23 words make 3 full lines and a short one.
FLOW_CSS = """
html { font: 10pt/14pt "DejaVu Sans Mono"; }
p { widows: 1; orphans: 1; }
h2 { break-after: auto; margin: 0; }
"""


def mono(words: int) -> str:
    return "<p>" + " ".join(f"word{i % 10:03d}" for i in range(words)) + "</p>"


def spacer(lines_left: float) -> str:
    return f'<div style="height: {TEXT_HEIGHT - lines_left * 14 - 0.5:.1f}pt"></div>'


def test_widow(out: Path) -> None:
    html = page(spacer(3) + mono(23), FLOW_CSS)
    report = preflight(render(html, out / "widow.pdf", body_start=None), Expectations(GEOMETRY))
    assert problems(report) == [("warning", "widow", 2)]


def test_orphan(out: Path) -> None:
    html = page(spacer(1) + mono(23), FLOW_CSS)
    report = preflight(render(html, out / "orphan.pdf", body_start=None), Expectations(GEOMETRY))
    assert problems(report) == [("warning", "orphan", 1)]


def test_heading_alone_at_the_foot(out: Path) -> None:
    # 10 lines, a gap, a heading that fits, then a paragraph whose 2 lines (orphans: 2) do not
    body = mono(70) + spacer(10 + 16 / 14 + 1.5) + "<h2>Heading</h2>" + mono(70)
    html = page(body, FLOW_CSS + "p { orphans: 2; }")
    report = preflight(render(html, out / "heading.pdf", body_start=None), Expectations(GEOMETRY))
    assert problems(report) == [("warning", "heading-at-bottom", 1)]


# ---- the report ---------------------------------------------------------------------------------------------------


def test_report_json_and_table(out: Path) -> None:
    pdf = out / "toc.pdf"
    if not pdf.exists():
        render(book(toc_two="99"), pdf)
    report = preflight(pdf, Expectations(GEOMETRY, paper_ppi=400))
    data = report.to_json()
    assert set(data) == {"pdf", "profile", "pages", "spine_width_in", "ok", "summary", "findings"}
    assert (data["pages"], data["ok"], data["spine_width_in"]) == (10, False, 0.025)
    assert data["summary"] == {"errors": 1, "warnings": 0, "info": 2}
    toc = next(f for f in data["findings"] if f["code"] == "toc-page-wrong")
    assert toc == {
        "severity": "error",
        "code": "toc-page-wrong",
        "check": "structure",
        "page": 3,
        "label": "iii",
        "message": toc["message"],
    }
    table = report.format_table()
    assert table.splitlines()[0].endswith("10 pages, spine 0.025 in (0.6 mm) — 1 error, 0 warnings")
    for check in CHECK_ORDER:
        assert check in table
    assert "page boxes: ok" in table
    row = next(line for line in table.splitlines() if "toc-page-wrong" in line)
    assert row.split()[:4] == ["error", "3", "iii", "toc-page-wrong"]


def test_rejects_an_unknown_profile() -> None:
    with pytest.raises(ValueError, match="profile"):
        Expectations(GEOMETRY, profile="offset")
