"""Every script prints: a book with a paragraph in Chinese, Japanese, Korean,
Vietnamese, Greek, Russian, Hindi, Arabic and emoji, built with the real
WeasyPrint and checked in the PDF itself (fonts embedded, text extracted) and
with EPUBCheck; the book's language picks the CJK variant."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import Built, build_book, epubcheck
from pypdf import PdfReader

pytestmark = pytest.mark.slow

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "scripts"

# A word of each paragraph, as text extraction must give it back.
WORDS = {
    "Chinese": "汉字是世界上最古老的文字之一",
    "Japanese": "ひらがな、カタカナ、漢字",
    "Korean": "안녕하세요",
    "Vietnamese": "Tiếng Việt",
    "Greek": "ελληνική",
    "Russian": "кириллицей",
    "Hindi": "भारत",
    "Arabic": "مرحبا",
}


def pdf_fonts(pdf: Path) -> list[tuple[str, bool]]:
    """(font name without its subset prefix, subset) for each font of ``pdffonts``."""
    output = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    fonts = []
    for line in output.splitlines()[2:]:
        columns = line.split()
        name = columns[0].split("+", 1)[-1]
        fonts.append((name, columns[-5] == "yes"))  # the "sub" column
    return fonts


def fonts_of(pdf: Path, needle: str, page_with: str = "") -> set[str]:
    """The fonts (subset prefix removed) of the text runs that are part of
    ``needle`` (two characters at least: a line break may split it), on the
    pages whose text has ``page_with`` (to leave out the contents and running heads)."""
    found: set[str] = set()
    for page in PdfReader(str(pdf)).pages:
        runs: list[tuple[str, str]] = []

        def visit(text, _cm, _tm, font, _size, runs=runs) -> None:
            if font is not None and len(text.strip()) >= 2 and text.strip() in needle:
                runs.append((text, str(font.get("/BaseFont", "")).split("+", 1)[-1]))

        if page_with in page.extract_text(visitor_text=visit):
            found |= {font for _text, font in runs}
    return found


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def scripts_book(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_book(FIXTURE, tmp_path_factory.mktemp("scripts"))


def test_no_character_prints_as_an_empty_box(scripts_book: Built) -> None:
    assert ".notdef" not in scripts_book.stderr
    assert "missing-glyph" not in scripts_book.stderr
    assert "Unable to subset" not in scripts_book.stderr


def test_every_script_is_in_the_text_of_the_pdf(scripts_book: Built) -> None:
    text = re.sub(r"\s+", "", pdf_text(scripts_book.pdf))
    for script, word in WORDS.items():
        if script == "Arabic":  # extracted in visual order: compare the letters
            assert set(word) <= set(text), script
        else:
            assert word.replace(" ", "") in text, script


def test_each_script_is_set_in_its_own_font_subset(scripts_book: Built) -> None:
    fonts = dict(pdf_fonts(scripts_book.pdf))
    assert all(fonts.values()), f"a font is embedded whole: {fonts}"
    for expected in (
        "Noto-Serif-CJK-SC",  # Chinese, Japanese and Korean text
        "Noto-Serif-CJK-SC-Bold",  # **粗体** in the text: a real bold face
        "Noto-Sans-CJK-SC-Bold",  # Chinese headings
        "Noto-Serif-Devanagari",
        "Noto-Naskh-Arabic",
        "Noto-Color-Emoji",
    ):
        assert expected in fonts, f"{expected} not in {sorted(fonts)}"
    assert not any("Droid" in name for name in fonts)


def test_bold_chinese_uses_the_bold_face_and_headings_the_sans(scripts_book: Built) -> None:
    assert fonts_of(scripts_book.pdf, "这是粗体。") == {"Noto-Serif-CJK-SC-Bold"}
    assert fonts_of(scripts_book.pdf, "黑体标题", page_with="第一段") == {"Noto-Sans-CJK-SC-Bold"}
    assert fonts_of(scripts_book.pdf, "한국어 문장은") == {"Noto-Serif-CJK-SC"}
    # Chinese in code: the sans CJK face (the ideographs of its monospaced sibling).
    assert fonts_of(scripts_book.pdf, "你好，世界！") == {"Noto-Sans-CJK-SC"}


def test_emphasis_in_a_chinese_passage_is_upright_sans(scripts_book: Built) -> None:
    # The paragraph is marked lang=zh-CN: emphasis takes the sans face, not a fake slant.
    assert fonts_of(scripts_book.pdf, "着重") == {"Noto-Sans-CJK-SC"}


def test_the_pdf_stays_small(scripts_book: Built) -> None:
    # CJK fonts are tens of megabytes: only the glyphs used may be embedded.
    assert scripts_book.pdf.stat().st_size < 1_500_000


def test_the_epub_with_every_script_is_valid(scripts_book: Built) -> None:
    report = epubcheck(scripts_book.epub)
    messages = [m for m in report["messages"] if m["severity"] in ("ERROR", "WARNING", "FATAL")]
    assert messages == [], messages


@pytest.mark.parametrize(
    ("language", "variant"),
    [("zh-CN", "SC"), ("zh-TW", "TC"), ("ja", "JP"), ("ko", "KR")],
)
def test_the_book_language_picks_the_cjk_variant(tmp_path: Path, language: str, variant: str) -> None:
    book = tmp_path / "book"
    shutil.copytree(FIXTURE, book)
    toml = book / "book.toml"
    toml.write_text(toml.read_text().replace('language = "en"', f'language = "{language}"'))
    built = build_book(book, tmp_path / "out", "--format", "pdf")
    assert ".notdef" not in built.stderr
    names = {name for name, _subset in pdf_fonts(built.pdf)}
    assert f"Noto-Serif-CJK-{variant}" in names
    assert f"Noto-Sans-CJK-{variant}-Bold" in names
    assert fonts_of(built.pdf, "这是粗体。") == {f"Noto-Serif-CJK-{variant}-Bold"}
    # A CJK book sets nothing slanted: no CJK font is embedded a second time as "oblique".
    assert not [name for name in names if "CJK" in name and "Oblique" in name]
    # Emphasis in the body of the book (not marked with its own lang) is sans too.
    assert fonts_of(built.pdf, "请注意此处。") == {f"Noto-Sans-CJK-{variant}"}
