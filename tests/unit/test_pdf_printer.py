"""Finishing a PDF for its printer (bookpress.writers.pdf_printer), on small
PDFs drawn by the real WeasyPrint, read back with pikepdf and the preflight's
own paint reader."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from weasyprint import HTML

from bookpress.preflight.colours import read_paint
from bookpress.printers import INGRAMSPARK, KDP
from bookpress.profiles import SYSTEM_CMYK_PROFILE
from bookpress.writers.pdf_printer import finish_for_printer


def _png_with_alpha() -> str:
    picture = Image.new("RGBA", (60, 40), (200, 30, 30, 128))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


PAGE = f"""<html lang="en"><head><title>T</title><style>
@page {{ size: 4in 4in; margin: 0.5in; }}
h1 {{ color: rgb(20, 60, 160); }}
.band {{ height: 20px; background: linear-gradient(to right, rgb(255, 0, 0), rgb(0, 0, 255)); }}
</style></head><body>
<h1>A heading</h1>
<p>Text with <a href="https://example.org/">a link</a>, in <span style="color: #336699">blue</span>.</p>
<div class="band"></div>
<img src="{_png_with_alpha()}" width="60" height="40" alt="">
<svg width="40" height="40"><rect x="5" y="5" width="30" height="30" fill="none" stroke="rgb(0,128,0)"/></svg>
</body></html>"""


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    path = tmp_path / "page.pdf"
    HTML(string=PAGE).write_pdf(path)
    return path


@pytest.mark.skipif(not SYSTEM_CMYK_PROFILE.is_file(), reason="needs Debian's libgs-common CMYK profile")
def test_ingramspark_leaves_nothing_rgb_or_transparent(pdf: Path) -> None:
    before = read_paint(pdf)
    assert before.rgb and before.transparency  # WeasyPrint wrote RGB, a soft mask, opacity 0 fills
    done = finish_for_printer(pdf, INGRAMSPARK, SYSTEM_CMYK_PROFILE)
    assert done.colours_converted and done.images_flattened == 1 and done.annotations_removed == 1
    assert done.left_transparent == []
    after = read_paint(pdf)
    assert after.rgb == {} and after.transparency == {}
    with pikepdf.open(pdf) as result:
        assert "/Annots" not in result.pages[0].obj
        assert "/Outlines" in result.Root  # IngramSpark keeps bookmarks
        (image,) = [
            o for o in result.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"
        ]
        assert image.ColorSpace == "/DeviceCMYK" and "/SMask" not in image
        # Half-transparent red laid on white paper: a light red, in CMYK mostly magenta and yellow.
        c, m, y, k = pikepdf.PdfImage(image).as_pil_image().getpixel((0, 0))
        assert m > 80 and y > 60 and c < 40 and k < 40
        content = pikepdf.unparse_content_stream(pikepdf.parse_content_stream(result.pages[0]))
        assert b" rg" not in content and b" RG" not in content


def test_black_text_stays_one_ink(tmp_path: Path) -> None:
    path = tmp_path / "black.pdf"
    HTML(string='<p style="color: black">Black text.</p>').write_pdf(path)
    finish_for_printer(path, INGRAMSPARK, SYSTEM_CMYK_PROFILE)
    with pikepdf.open(path) as result:
        colours = [
            (str(op), [float(v) for v in operands])
            for operands, op in pikepdf.parse_content_stream(result.pages[0], "g k rg")
        ]
    assert ("g", [0.0]) in colours  # DeviceGray black, not a four-colour black
    assert not any(op in ("k", "rg") for op, _ in colours)


def test_kdp_takes_out_bookmarks_and_links_only(pdf: Path) -> None:
    done = finish_for_printer(pdf, KDP, None)  # KDP converts no colours: no profile needed
    assert done.outline_removed and done.annotations_removed == 1 and done.colours_converted == 0
    with pikepdf.open(pdf) as result:
        assert "/Outlines" not in result.Root and "/Annots" not in result.pages[0].obj
    assert read_paint(pdf).rgb  # the colours are KDP's to convert


def test_an_inline_image_in_rgb_is_left_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "inline.pdf"
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.pages[0].Contents = pdf.make_stream(
        b"q 10 0 0 10 0 0 cm BI /W 1 /H 1 /CS /RGB /BPC 8 ID \xff\x00\x00 EI Q 1 0 0 rg 0 0 5 5 re f"
    )
    pdf.save(path)
    done = finish_for_printer(path, INGRAMSPARK, SYSTEM_CMYK_PROFILE)
    assert done.colours_converted == 1 and done.left_rgb == ["an inline image"]
    assert read_paint(path).rgb == {0: ["an inline image in RGB"]}  # preflight still says so
