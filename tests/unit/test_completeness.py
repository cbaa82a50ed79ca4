"""Completeness of a built PDF against its book: every heading in order, every
image drawn, no source markup printed — on small books built with the real
WeasyPrint, then checked against a model that asks for more than the PDF has."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from typer.testing import CliRunner

from bookpress.build import build, load
from bookpress.cli import app
from bookpress.completeness import check_completeness
from bookpress.completeness.markup import hits
from bookpress.completeness.printed import read_printed
from bookpress.completeness.text import contains, normalise
from bookpress.diagnostics import Diagnostics

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100" viewBox="0 0 300 100">'
    '<rect x="10" y="10" width="280" height="80" fill="#cde"/></svg>\n'
)
FILLER = "A paragraph of ordinary prose that fills the page a little. " * 8

FILES = {
    "book.toml": '[book]\ntitle = "Complete"\n',
    "src/SUMMARY.md": "# Summary\n\n- [Opening](ch1.md)\n- [第二章 中文标题](ch2.md)\n",
    "src/ch1.md": f"""
        # Opening

        {FILLER}

        ## A section with `code` and *emphasis*

        ![A chart](img/chart.png)

        Code may show markup: `<div class="x">`, and so may a listing:

        ```jsx
        import Figure from './figure.png'
        <Listing number="1-1" caption="x">
        ```

        An escaped tag prints as it is: \\<Aside note="x">.

        ## Supercalifragilistic hyphenation in a long heading title

        {FILLER}
        """,
    "src/ch2.md": f"""
        # 第二章 中文标题

        {FILLER}

        ## 第一节 没有空格的标题

        ![A diagram](img/diagram.svg)

        {FILLER}
        """,
}


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    (root / "src" / "img").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (640, 360), (40, 90, 160)).save(root / "src" / "img" / "chart.png")
    (root / "src" / "img" / "diagram.svg").write_text(SVG, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The book and its PDF, built once."""
    root = _write(tmp_path_factory.mktemp("complete") / "book", FILES)
    diagnostics = Diagnostics()
    result = build(root, root / "out", ("pdf",), diagnostics)
    assert result.pdf is not None and result.completeness is not None
    assert result.completeness.clean, result.completeness.gaps
    assert not diagnostics.errors, [d.format() for d in diagnostics.errors]
    return root, result.pdf.path


def _variant(built: tuple[Path, Path], tmp_path: Path, changes: dict[str, str] | None = None) -> Path:
    """A copy of the book with some files changed (the PDF stays the old one's)."""
    root = tmp_path / "variant"
    shutil.copytree(built[0], root, ignore=shutil.ignore_patterns("out"))
    for name, text in (changes or {}).items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def _check(book_dir: Path, pdf: Path):
    config, book = load(book_dir, Diagnostics())
    return check_completeness(pdf, book, config.root)


def test_a_complete_book_is_clean(built: tuple[Path, Path]) -> None:
    result = _check(*built)
    assert result.clean, result.gaps
    # 2 chapter titles and 3 sections; the PNG and the SVG
    assert (result.headings, result.headings_found) == (5, 5)
    assert (result.images, result.images_drawn) == (2, 2)
    assert result.leaked == 0
    assert "5 headings in order, 2/2 images drawn" in result.summary()


@pytest.mark.parametrize("profile", ["screen", "press"])
def test_tagged_and_press_pdfs_are_read_alike(built: tuple[Path, Path], tmp_path: Path, profile: str) -> None:
    """A tagged PDF (screen: PDF/UA-1) wraps each image in marked content; a press PDF is PDF/X-4."""
    root = _variant(built, tmp_path)
    result = build(root, tmp_path / "out", ("pdf",), Diagnostics(), profile=profile)
    assert result.completeness is not None
    assert result.completeness.clean, result.completeness.gaps
    assert (result.completeness.images_drawn, result.completeness.headings_found) == (2, 5)


def test_reads_raster_images_by_pixels_and_svg_as_vector_boxes(built: tuple[Path, Path]) -> None:
    """The WeasyPrint 70 drawing facts the image check relies on."""
    printed = read_printed(built[1])
    raster = [size for page in printed.pages for size in page.raster]
    vector = [box for page in printed.pages for box in page.vector]
    assert raster == [(640, 360)]
    assert len(vector) == 1 and abs(vector[0][0] / vector[0][1] - 3.0) < 0.05
    assert {"ch1", "ch2", "a-section-with-code-and-emphasis"} <= set(printed.anchors)


def test_a_heading_the_pdf_lacks(built: tuple[Path, Path], tmp_path: Path) -> None:
    text = (built[0] / "src" / "ch2.md").read_text(encoding="utf-8") + "\n## Added after the build\n\nMore.\n"
    result = _check(_variant(built, tmp_path, {"src/ch2.md": text}), built[1])
    assert [gap.code for gap in result.gaps] == ["incomplete-heading"]
    gap = result.gaps[0]
    assert "'Added after the build' is not in the PDF" in gap.message
    assert gap.source is not None and gap.source.path.endswith("ch2.md") and gap.source.line > 1


def test_a_heading_whose_page_shows_other_text(built: tuple[Path, Path], tmp_path: Path) -> None:
    text = (built[0] / "src" / "ch1.md").read_text(encoding="utf-8")
    text = text.replace(
        "## A section with", "## A renamed section {#a-section-with-code-and-emphasis}\n\nWas"
    )
    result = _check(_variant(built, tmp_path, {"src/ch1.md": text}), built[1])
    assert [gap.code for gap in result.gaps] == ["incomplete-heading"]
    assert "'A renamed section' is not printed on page" in result.gaps[0].message
    assert result.gaps[0].page is not None and result.gaps[0].label


def test_a_pdf_cut_short_is_caught(built: tuple[Path, Path], tmp_path: Path) -> None:
    """What WeasyPrint #2798 looks like: the pages stop, no error."""
    cut = tmp_path / "cut.pdf"
    printed = read_printed(built[1])
    with pikepdf.open(built[1]) as pdf:
        del pdf.pages[printed.anchors["ch2"] :]
        pdf.save(cut)
    result = _check(built[0], cut)
    assert result.gaps[0].code == "incomplete-heading"
    assert "the PDF ends after" in result.gaps[0].message
    assert "'第二章 中文标题' on, are not in it" in result.gaps[0].message
    assert result.headings_found == 3
    assert any(gap.code == "image-not-drawn" and "diagram.svg" in gap.message for gap in result.gaps)


def test_an_image_that_is_not_drawn(built: tuple[Path, Path], tmp_path: Path) -> None:
    root = _variant(built, tmp_path)
    Image.new("RGB", (123, 45)).save(root / "src" / "img" / "new.png")
    (root / "src" / "img" / "wide.svg").write_text(
        SVG.replace('width="300"', 'width="900"').replace("0 0 300", "0 0 900")
    )
    text = (root / "src" / "ch1.md").read_text(encoding="utf-8")
    (root / "src" / "ch1.md").write_text(text + "\n![New](img/new.png)\n\n![Wide](img/wide.svg)\n")
    result = _check(root, built[1])
    missing = sorted(gap.message for gap in result.gaps if gap.code == "image-not-drawn")
    assert len(missing) == 2, result.gaps
    assert "'src/img/new.png' (123×45 px image) is not drawn on pages" in missing[0]
    assert "'src/img/wide.svg' (vector image)" in missing[1]
    assert (result.images, result.images_drawn) == (4, 2)


def test_an_image_file_weasyprint_cannot_read(tmp_path: Path) -> None:
    root = _write(tmp_path / "book", {**FILES, "src/ch2.md": "# Two\n\n![Broken](img/broken.png)\n"})
    (root / "src" / "img" / "broken.png").write_bytes(b"not a PNG at all")
    diagnostics = Diagnostics()
    result = build(root, root / "out", ("pdf",), diagnostics)
    assert result.completeness is not None
    assert [gap.code for gap in result.completeness.gaps] == ["image-not-drawn"]
    errors = [d for d in diagnostics.errors if d.code == "image-not-drawn"]
    assert len(errors) == 1 and errors[0].path.endswith("ch2.md") and errors[0].line == 3


def test_markup_printed_as_text(tmp_path: Path) -> None:
    files = {
        **FILES,
        "src/ch2.md": """
            # Two

            Some text before [!NOTE] a marker that is not an alert.

            {/* a comment of MDX in a Markdown file */}
            """,
    }
    root = _write(tmp_path / "book", files)
    diagnostics = Diagnostics()
    result = build(root, root / "out", ("pdf",), diagnostics)
    assert result.completeness is not None
    gaps = result.completeness.gaps
    assert [gap.code for gap in gaps] == ["leaked-markup"]
    assert gaps[0].page is not None and gaps[0].label
    assert "alert marker printed as text: '…wo Some text before [!NOTE] a marker that" in gaps[0].message
    assert "(and 2 more on the page)" in gaps[0].message  # {/* and */}
    assert result.completeness.leaked == 3
    assert result.completeness.leaked_by_kind == {"alert marker": 1, "MDX comment": 2}
    errors = [d.format() for d in diagnostics.errors]
    assert any("src/ch2.md:3:" in e and "[leaked-markup]" in e and "page " in e for e in errors), errors


def test_check_pdf_reports_completeness(built: tuple[Path, Path], tmp_path: Path) -> None:
    cut = tmp_path / "cut.pdf"
    with pikepdf.open(built[1]) as pdf:
        del pdf.pages[-2:]
        pdf.save(cut)
    runner = CliRunner()
    result = runner.invoke(app, ["check", str(built[0]), "--pdf", str(cut), "--json"])
    assert result.exit_code == 1, result.output
    assert '"check": "completeness"' in result.output and '"code": "incomplete-heading"' in result.output
    clean = runner.invoke(app, ["check", str(built[0]), "--pdf", str(built[1])])
    assert "completeness: ok" in clean.output


@pytest.mark.parametrize(
    "text",
    [
        '<Listing number="1-1" file-name="src/main.rs">',
        "</Listing>",
        "<Image src={fig} />",
        '<br/> and <span class="credit">',
        "{{#include ../listings/ch01/main.rs}}",
        "{{#rustdoc_include x.rs:here}}",
        "import fig from './assets/image/fig.png'",
        "  export const meta = {}",
        "> [!NOTE]",
        "::: {.note}",
        "{/* hidden */}",
        "<!-- a comment -->",
        "Run `cargo new` first",
        "**Bold words** stay bold",
    ],
)
def test_markup_patterns_find(text: str) -> None:
    assert list(hits(text)), text


@pytest.mark.parametrize(
    "text",
    [
        "when a < b and c > d",
        "Vec<T> and Option<T>",
        "placeholders like <jobid> stay text",
        "you can import it from a file",
        "x**2 + y**2",
        "a ratio of 3:1 and a::b::c",
        "prices: $5 * 3 = $15",
    ],
)
def test_markup_patterns_leave_prose_alone(text: str) -> None:
    assert not list(hits(text)), list(hits(text))


def test_normalise_makes_extracted_text_comparable() -> None:
    assert normalise("Hyphen-\nation") == normalise("hyphenation")
    assert normalise("ﬁnal ﬂow") == "finalflow"  # ligatures
    assert normalise("soft\u00adhyphen") == "softhyphen"
    assert normalise("SMALL CAPS") == normalise("Small Caps")
    assert normalise("第二章 中文标题") == "第二章中文标题"
    assert normalise("“Quotes” — and – dashes…") == "quotesanddashes"
    assert contains(normalise("the heading as extracted: Hello, Wörld!"), normalise("Hello Wörld"))
    assert not contains(normalise("another page entirely"), normalise("Hello Wörld"))
    # Devanagari as pdfium gives it back from WeasyPrint 70: the vowel sign of "कि" lost
    extracted = normalise("1.1 ɟहिन्दी में शी;र्षक ɟकताब\nनमस्ते दुəनया")
    assert contains(extracted, normalise("हिन्दी में शीर्षक किताब"))
    assert not contains(extracted, normalise("पुस्तक का अंतिम अध्याय"))


def test_inline_images_count_as_drawn(tmp_path: Path) -> None:
    """WeasyPrint writes image XObjects only; other tools write inline images."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    data = b"q 40 0 0 20 10 10 cm\nBI /W 4 /H 2 /CS /G /BPC 8 ID \x00\x10\x20\x30\x40\x50\x60\x70 EI Q\n"
    pdf.pages[0].Contents = pdf.make_stream(data)
    pdf.save(tmp_path / "inline.pdf")
    assert read_printed(tmp_path / "inline.pdf").pages[0].raster == [(4, 2)]
