"""The paperback cover, drawn by the real WeasyPrint and read back with
pikepdf (page boxes) and PDFium (text and pixels)."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from PIL import Image

from bookpress.config import load_config
from bookpress.config.cover import PAPER_PER_PAGE_IN, CoverOptions, read_cover_options
from bookpress.cover.epub_image import EPUB_COVER_PX, epub_cover_image
from bookpress.cover.render import write_cover
from bookpress.cover.sheet import BARCODE_IN, BLEED_IN, INCH, SAFE_IN, SPINE_TEXT_MIN_PAGES
from bookpress.diagnostics import BookError, Diagnostics

TOML = """\
[book]
title = "Spines and Barcodes"
subtitle = "A test of covers"
authors = ["Ada Example"]

[output.pdf]
trim = "6x9"
"""


@pytest.fixture
def book(make_book) -> Path:
    return make_book({"book.toml": TOML, "src/one.md": "# One\n\nText.\n", "back.md": "The **back** text."})


def _options(paper: str = "white", **keys) -> CoverOptions:
    table = {"paper": paper, **keys}
    lines = {key: number for number, key in enumerate(table, start=10)}
    return read_cover_options(table, lines.get, "book.toml")


def _draw(book: Path, pages: int, options: CoverOptions | None = None, guides: bool = False):
    diagnostics = Diagnostics()
    config = load_config(book, diagnostics)
    target = book / "out" / f"cover-{pages}{'-guides' if guides else ''}.pdf"
    target.parent.mkdir(exist_ok=True)
    result = write_cover(config, config.meta, options or _options(), pages, target, diagnostics, guides)
    return result, diagnostics


def _box(page: pikepdf.Page, name: str) -> list[float]:
    return [float(v) for v in page.obj[name]]


@pytest.mark.parametrize("paper", sorted(PAPER_PER_PAGE_IN))
@pytest.mark.parametrize("pages", [120, 480])
def test_the_sheet_is_two_panels_the_spine_and_the_bleed(book: Path, paper: str, pages: int) -> None:
    result, diagnostics = _draw(book, pages, _options(paper))
    width = (2 * 6 + pages * PAPER_PER_PAGE_IN[paper] + 2 * BLEED_IN) * INCH
    height = (9 + 2 * BLEED_IN) * INCH
    with pikepdf.open(result.path) as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        assert _box(page, "/MediaBox") == pytest.approx([0, 0, width, height], abs=0.01)
        bleed = BLEED_IN * INCH
        assert _box(page, "/TrimBox") == pytest.approx(
            [bleed, bleed, width - bleed, height - bleed], abs=0.01
        )
        assert _box(page, "/BleedBox") == pytest.approx([0, 0, width, height], abs=0.01)
    assert not diagnostics.items


def test_spine_per_page_overrides_the_paper(book: Path) -> None:
    result, _ = _draw(book, 200, _options("cream", **{"spine-per-page": "0.1mm"}))
    with pikepdf.open(result.path) as pdf:
        width = _box(pdf.pages[0], "/MediaBox")[2]
    assert width == pytest.approx((12 + 200 * 0.1 / 25.4 + 0.25) * INCH, abs=0.01)


def _spine_text(path: Path, result) -> str:
    sheet = result.sheet
    left, _, right, _ = sheet.spine_box
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        text = pdf[0].get_textpage().get_text_bounded(left=left, bottom=0, right=right, top=sheet.height)
    finally:
        pdf.close()
    return " ".join(text.split())


def test_spine_text_from_79_pages_only(book: Path) -> None:
    thick, _ = _draw(book, SPINE_TEXT_MIN_PAGES)
    thin, _ = _draw(book, SPINE_TEXT_MIN_PAGES - 1)
    assert thick.spine_text and not thin.spine_text
    assert "Spines and Barcodes" in _spine_text(thick.path, thick)
    assert "Ada Example" in _spine_text(thick.path, thick)
    assert _spine_text(thin.path, thin) == ""


def _pixels(path: Path, scale: float = 2.0) -> Image.Image:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return pdf[0].render(scale=scale).to_pil().convert("RGB")
    finally:
        pdf.close()


def test_the_barcode_box_is_white_and_inside_the_backs_safe_area(book: Path) -> None:
    result, _ = _draw(book, 300, _options(back="back.md"))
    sheet = result.sheet
    left, top, right, bottom = sheet.barcode
    assert (right - left, bottom - top) == pytest.approx(tuple(v * INCH for v in BARCODE_IN))
    safe_left, safe_top, safe_right, safe_bottom = sheet.safe(sheet.back)
    assert safe_left <= left and right <= safe_right and safe_top <= top and bottom <= safe_bottom
    assert right <= sheet.back[2] - SAFE_IN * INCH  # clear of the spine
    image = _pixels(result.path)
    scale = 2.0
    inner = image.crop(tuple(round(v * scale) for v in (left + 1, top + 1, right - 1, bottom - 1)))
    assert inner.getcolors() == [(inner.width * inner.height, (255, 255, 255))]
    beside = image.getpixel((round((left - 10) * scale), round((top + bottom) / 2 * scale)))
    assert beside != (255, 255, 255)  # a box on the back's colour, not the page showing through


def test_the_back_text_is_set_and_a_long_one_is_warned_of(book: Path) -> None:
    result, diagnostics = _draw(book, 300, _options(back="back.md"))
    pdf = pypdfium2.PdfDocument(str(result.path))
    try:
        left, _, right, _ = result.sheet.back
        text = (
            pdf[0].get_textpage().get_text_bounded(left=left, bottom=0, right=right, top=result.sheet.height)
        )
    finally:
        pdf.close()
    assert "The back text." in " ".join(text.split())
    assert not diagnostics.items
    (book / "back.md").write_text("A sentence of the back, told again and again. " * 300)
    _, diagnostics = _draw(book, 300, _options(back="back.md"))
    assert [d.code for d in diagnostics.warnings] == ["cover-back-long"]


def test_a_missing_front_picture_is_an_error_at_its_line(book: Path) -> None:
    with pytest.raises(BookError) as caught:
        _draw(book, 200, _options(front="art/front.jpg"))
    diagnostic = caught.value.diagnostic
    assert (diagnostic.code, diagnostic.path, diagnostic.line) == ("cover-front-missing", "book.toml", 11)
    assert "art/front.jpg" in diagnostic.message


def test_a_front_picture_outside_the_book_is_refused(book: Path, tmp_path: Path) -> None:
    Image.new("RGB", (100, 100), "red").save(tmp_path / "outside.png")
    with pytest.raises(BookError) as caught:
        _draw(book, 200, _options(front="../outside.png"))
    assert caught.value.diagnostic.code == "resource-refused"


def test_a_front_picture_fills_the_front_and_its_bleed_and_a_small_one_is_warned_of(book: Path) -> None:
    (book / "art").mkdir()
    Image.new("RGB", (600, 900), (200, 20, 30)).save(book / "art" / "front.png")
    result, diagnostics = _draw(book, 200, _options(front="art/front.png"))
    assert [d.code for d in diagnostics.warnings] == ["cover-front-resolution"]
    image = _pixels(result.path, 1.0)
    sheet = result.sheet
    for x, y in ((sheet.front[0] + 2, 1), (sheet.width - 1, sheet.height - 1), (sheet.front[0] + 200, 300)):
        assert image.getpixel((int(x), int(y))) == pytest.approx((200, 20, 30), abs=2)
    assert image.getpixel((int(sheet.back[0] + 50), 300)) != pytest.approx((200, 20, 30), abs=2)


def test_guides_are_drawn_only_when_asked(book: Path) -> None:
    plain, _ = _draw(book, 200)
    guided, _ = _draw(book, 200, guides=True)
    sheet = plain.sheet
    x, y = round(sheet.trim[0] * 2), round(sheet.height)  # on the trim line, half-way down
    assert _pixels(plain.path).getpixel((x, y)) != _pixels(guided.path).getpixel((x, y))


def test_an_unknown_paper_is_an_error_at_its_line() -> None:
    with pytest.raises(BookError) as caught:
        read_cover_options({"paper": "glossy"}, {"paper": 7}.get, "book.toml")
    assert (caught.value.diagnostic.code, caught.value.diagnostic.line) == ("cover-paper", 7)
    with pytest.raises(BookError):
        read_cover_options({"spine-per-page": 0.25}, {}.get, "book.toml")  # a whole book's inches


def test_the_epub_cover_picture_is_1600_by_2560(book: Path) -> None:
    diagnostics = Diagnostics()
    config = load_config(book, diagnostics)
    data, media_type, _ext = epub_cover_image(config, config.meta, _options(), diagnostics)
    image = Image.open(io.BytesIO(data))
    assert (image.size, media_type) == (EPUB_COVER_PX, "image/png")
    colours = image.convert("RGB").getcolors(1 << 16) or []
    assert len(colours) > 50  # the title is drawn on it, not an empty page


def test_a_long_title_is_set_smaller_on_the_spine_so_that_all_of_it_fits(book: Path) -> None:
    toml = book / "book.toml"
    long_title = "A Very Long Title About Many Different Things That Goes On and On, Forever, In Print"
    toml.write_text(toml.read_text().replace("Spines and Barcodes", long_title))
    result, _ = _draw(book, 300)
    on_spine = _spine_text(result.path, result)
    assert "Forever, In Print" in on_spine and "Ada Example" in on_spine
    sheet = result.sheet
    pdf = pypdfium2.PdfDocument(str(result.path))
    try:
        page = pdf[0].get_textpage()
        boxes = [page.get_charbox(i) for i in range(page.count_chars())]
    finally:
        pdf.close()
    left, top, right, bottom = sheet.spine_safe
    on = [b for b in boxes if sheet.spine_box[0] <= (b[0] + b[2]) / 2 <= sheet.spine_box[2]]
    assert on and all(left - 0.5 <= b[0] and b[2] <= right + 0.5 for b in on)  # across: inside the folds
    assert all(
        sheet.height - bottom <= b[1] and b[3] <= sheet.height - top for b in on
    )  # along: in the safe area


def test_the_back_fetches_nothing_and_links_nothing(book: Path) -> None:
    (book / "back.md").write_text(
        "See [the site](https://example.org) and <https://example.org/x>.\n\n"
        "![a picture](/etc/hostname) <img src='/etc/hostname'>\n"
    )
    result, diagnostics = _draw(book, 300, _options(back="back.md"))
    with pikepdf.open(result.path) as pdf:
        assert "/Annots" not in pdf.pages[0].obj  # no link annotations on a cover
        assert not pdf.pages[0].get_images()  # nothing drawn from a file
    pdf = pypdfium2.PdfDocument(str(result.path))
    try:
        text = pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()
    assert "the site" in text and "<img" in text
    assert not diagnostics.items


def test_a_theme_of_the_book_brings_its_own_cover_css_and_what_it_may_not_read_is_a_warning(
    book: Path,
) -> None:
    (book / "mytheme").mkdir()
    (book / "mytheme" / "print.css").write_text(":root { --font-text: serif; --font-display: sans-serif; }\n")
    (book / "mytheme" / "cover.css").write_text(
        '.cover-panel { background: #440000 url("/etc/hostname"); }\n.cover-barcode { background: #fff; }\n'
    )
    toml = book / "book.toml"
    toml.write_text(toml.read_text() + 'theme = "mytheme"\n')
    result, diagnostics = _draw(book, 200)
    image = _pixels(result.path, 1.0)
    assert image.getpixel((int(result.sheet.back[0] + 40), 300)) == pytest.approx((68, 0, 0), abs=2)
    assert [d.code for d in diagnostics.warnings] == ["render"]
    assert "/etc/hostname" in diagnostics.warnings[0].message


def test_cjk_characters_stand_upright_on_the_spine_and_the_rest_turns() -> None:
    from bookpress.cover.render import upright_cjk

    markup = str(upright_cjk("Rust 程序 <b> ひらがな 한글 (x)"))
    assert markup.count('<span class="upright">') == 2 + 4 + 2
    assert "Rust " in markup and "&lt;b&gt;" in markup and "(x)" in markup
    assert '<span class="upright">程</span><span class="upright">序</span>' in markup
