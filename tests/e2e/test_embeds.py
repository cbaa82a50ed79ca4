"""End to end: interactive figures drawn for print by the real Chromium.

The fixture book (tests/fixtures/embeds) has a small d3 bar chart written
like the article template's embeds (d3 from a public CDN, answered with the
npm copy; data from /data/, mounted from assets/data; a setting from the
HtmlEmbed's config prop) and an embed whose script throws. The chart must
reach the PDF as vector shapes and the EPUB as a valid image; the broken one
keeps its box with a warning at its line; a second build takes the drawing
from the cache without a browser; and with no browser at all the book still
builds, with one warning."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile

import pikepdf
import pytest
from conftest import ROOT, build_book, epubcheck
from pdftext import pages

from bookpress.assets import Report, render_embeds
from bookpress.build import load
from bookpress.diagnostics import Diagnostics

pytestmark = pytest.mark.slow

BOOK = ROOT / "tests" / "fixtures" / "embeds"
PRIMARY = (0.788, 0.376, 0.616)  # --primary-color of the page the embed is drawn on, #c9609d
HIGHLIGHT = (0.306, 0.475, 0.655)  # the bar the config highlights, #4e79a7
TOKENS = (41, 17, 12, 8, 5)  # assets/data/tokens.csv


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    out = tmp_path_factory.mktemp("embeds")
    return out, build_book(BOOK, out)


def _filled_rectangles(page: pikepdf.Page) -> list[tuple[tuple[float, ...], float]]:
    """(fill colour, height) of every rectangle drawn on the page."""
    found = []
    colour: tuple[float, ...] = ()
    for operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) == "rg":
            colour = tuple(round(float(v), 3) for v in operands)
        elif str(operator) == "re":
            found.append((colour, round(float(operands[3]), 1)))
    return found


def test_d3_chart_is_vector_in_the_pdf(drawn) -> None:
    _out, built = drawn
    text = [p.text for p in pages(built.pdf)]
    index = next(i for i, t in enumerate(text) if "Figure 1: Tokens each source gives" in t)
    words = re.sub(r"\s+", " ", text[index])
    # The axis labels and the HTML legend are text, not pixels; the legend shows the config's unit.
    assert all(name in words for name in ("web", "books", "code", "papers", "forums")), words
    assert "Unit: B tokens" in words
    with pikepdf.open(built.pdf) as pdf:
        page = pdf.pages[index]
        bars = [(c, h) for c, h in _filled_rectangles(page) if c in (PRIMARY, HIGHLIGHT)]
        assert not page.get_images()  # no screenshot: the chart is drawn with paths
    assert [c for c, _h in bars] == [HIGHLIGHT, PRIMARY, PRIMARY, PRIMARY, PRIMARY], bars
    # Heights in proportion to the data: the entry transition had finished.
    per_token = [h / t for (_c, h), t in zip(bars, TOKENS, strict=True)]
    assert max(per_token) - min(per_token) < 0.05 * max(per_token), per_token


def test_broken_embed_keeps_its_box_and_warns_at_its_line(drawn) -> None:
    _out, built = drawn
    assert (
        "figures.mdx:11: warning: interactive figure 'embeds/broken.html' was not drawn: "
        "its script failed: " in built.stderr
    ), built.stderr
    assert "broken on purpose" in built.stderr
    text = re.sub(r"\s+", " ", " ".join(p.text for p in pages(built.pdf)))
    assert "A broken chart Interactive figure in the online edition" in text
    assert "Figure 2: This one throws before it draws." in text


def test_epub_has_the_drawing_and_passes_epubcheck(drawn) -> None:
    _out, built = drawn
    report = epubcheck(built.epub)
    messages = [(m["severity"], m["ID"], m["message"]) for m in report["messages"]]
    assert report["checker"]["nError"] == 0 and report["checker"]["nFatal"] == 0, messages
    assert report["checker"]["nWarning"] == 0, messages
    with zipfile.ZipFile(built.epub) as z:
        svgs = [n for n in z.namelist() if n.endswith(".svg")]
        chapter = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
        assert len(svgs) == 1 and svgs[0].startswith("EPUB/images/bars-"), svgs
        assert b"<rect" in z.read(svgs[0])
    assert 'alt="Tokens each source gives, in billions."' in chapter


def test_second_build_takes_the_drawing_from_the_cache(drawn, monkeypatch) -> None:
    out, _built = drawn
    monkeypatch.setenv("BOOKPRESS_BROWSER", "/nonexistent/chromium")  # it must not be needed
    diagnostics = Diagnostics()
    config, book = load(BOOK, diagnostics)
    report = Report()
    render_embeds(book, config, diagnostics, out / ".cache", report=report)
    assert not report.browser_started
    assert report.cached == 2 and report.drawn == {"embeds/bars.html": "svg"}
    assert list(report.failed) == ["embeds/broken.html"]  # its warning again, from the cache
    assert [d.code for d in diagnostics.warnings] == ["embed-failed"]


def test_build_without_a_browser_prints_boxes_with_one_warning(tmp_path) -> None:
    env = {**os.environ, "BOOKPRESS_BROWSER": "/nonexistent/chromium"}
    result = subprocess.run(
        [sys.executable, "-m", "bookpress", "build", str(BOOK), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "[embed-" in line]
    assert len(warnings) == 1 and "[embed-browser]" in warnings[0], warnings
    assert "install Debian's chromium and Playwright" in warnings[0]
    text = re.sub(r"\s+", " ", " ".join(p.text for p in pages(next(tmp_path.glob("*.pdf")))))
    assert text.count("Interactive figure in the online edition") == 2
