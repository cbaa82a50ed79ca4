"""A kept layout renumbered (its margins made again) is the layout a new render gives, byte for byte."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
import weasyprint

from bookpress.paginate.layout import Task, forget_kept, lay_out
from bookpress.paginate.units import numbers_in_margins_only, pad_css

SHEET = """
@page { size: 300px 400px; margin: 50px; @top-center { content: string(chapter) } }
@page :right { @bottom-right { content: counter(page) } }
@page :left { @bottom-left { content: "p. " counter(page, lower-roman) } }
h1 { string-set: chapter content(); break-before: page }
"""
PAD = '<div class="bp-pad" style="break-after: page; height: 1px"></div>'
BODY = "<h1>Renumbered</h1>" + "".join(f"<p>{'words in a paragraph ' * 25}</p>" for _ in range(12))


def render(html: str, extra_css: str, _geometry: object) -> weasyprint.Document:
    return weasyprint.HTML(string=html).render(stylesheets=[weasyprint.CSS(string=SHEET + extra_css)])


def write(document: weasyprint.Document) -> bytes:
    out = io.BytesIO()
    document.write_pdf(out)
    return out.getvalue()


def task(first: int, write_it: bool, body: str = BODY, body_key: str = "body") -> Task:
    html = f"<html><body>{PAD}{body}</body></html>"
    return Task(f"{body_key}-{first}", html, pad_css(1, first), None, write_it, body_key, first)


def folios(pdf: bytes) -> list[str]:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return [page.Contents.read_bytes().decode("latin-1") for page in doc.pages]


@pytest.fixture(autouse=True)
def _no_kept_layouts():
    forget_kept()
    yield
    forget_kept()


def test_a_kept_layout_renumbered_is_the_layout_a_new_render_gives(tmp_path: Path) -> None:
    guessed = lay_out(task(5, write_it=False), render, write, tmp_path)
    assert guessed.kept and not guessed.pdf and guessed.pages > 3
    renumbered = lay_out(task(98, write_it=True), render, write, tmp_path)
    assert renumbered.renumbered and not renumbered.kept
    fresh = lay_out(task(98, write_it=True, body_key="other"), render, write, tmp_path)
    assert not fresh.renumbered
    assert renumbered.pdf == fresh.pdf
    assert renumbered.anchors == fresh.anchors and renumbered.pages == fresh.pages
    # The numbers did move: the layout made with 5 prints other folios.
    first_layout = lay_out(task(5, write_it=True, body_key="third"), render, write, tmp_path)
    assert folios(first_layout.pdf) != folios(fresh.pdf)


def test_a_counter_reset_inside_the_unit_is_laid_out_anew(tmp_path: Path) -> None:
    # As a theme restarts the numbers of the body: a named page's first page.
    body = BODY + "<style>@page :nth(1 of again) { counter-reset: page 1 }</style>"
    body += '<section style="page: again"><h1>Again</h1><p>x</p></section>'
    lay_out(task(5, write_it=False, body=body), render, write, tmp_path)
    again = lay_out(task(40, write_it=True, body=body), render, write, tmp_path)
    assert not again.renumbered  # the counter does not run on: a new layout, right numbers
    fresh = lay_out(task(40, write_it=True, body=body, body_key="fresh"), render, write, tmp_path)
    assert again.pdf == fresh.pdf


def test_only_margins_may_print_the_page_counter() -> None:
    assert numbers_in_margins_only(
        [SHEET, "a.page-number::after { content: target-counter(attr(href url), page) }"]
    )
    assert not numbers_in_margins_only([SHEET, "p.folio::before { content: counter(page) }"])
    assert not numbers_in_margins_only(["@media print { h1 { string-set: x counter(page) } }"])
