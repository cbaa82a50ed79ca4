"""A ceiling on nesting: deep emphasis, spans and divisions are flattened, the text kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from bookpress.diagnostics import Diagnostics
from bookpress.model import Div, Emph, Span, Strong, Text, plain_text, query
from bookpress.reader import read_file
from bookpress.reader.nesting import MAX_DEPTH, MAX_HTML_DEPTH, MAX_INLINE_DEPTH, depth_of


def read(tmp_path: Path, text: str) -> tuple[list, Diagnostics]:
    path = tmp_path / "a.md"
    path.write_text(text, encoding="utf-8")
    diagnostics = Diagnostics()
    parsed = read_file(path, "a.md", diagnostics)
    return parsed.blocks, diagnostics


def text_of(blocks: list) -> str:
    return "".join(n.text for b in blocks for n in query(b) if isinstance(n, Text))


@pytest.mark.parametrize(
    ("source", "kinds"),
    [
        ("*a " * 3000 + "core" + " a*" * 3000, (Emph,)),
        ("**a " * 1000 + "core" + " a**" * 1000, (Strong, Emph)),
        ("<span>" * 3000 + "core" + "</span>" * 3000, (Span,)),
        (("*a " + "<span>" * 40) * 40 + "core" + ("</span>" * 40 + " a*") * 40, (Emph, Span)),
    ],
    ids=["emphasis", "strong", "spans", "emphasis-and-spans"],
)
def test_deep_inlines_are_capped_and_keep_their_text(tmp_path: Path, source: str, kinds: tuple) -> None:
    blocks, diagnostics = read(tmp_path, "# T\n\n" + source + "\n")
    depth, _ = depth_of(blocks)
    assert depth <= MAX_INLINE_DEPTH + 3
    assert "core" in text_of(blocks)
    assert any(isinstance(n, kinds) for b in blocks for n in query(b))  # the shallow levels stay
    assert [d.code for d in diagnostics.warnings] == ["nesting-too-deep"]
    assert diagnostics.warnings[0].line == 3


def test_deep_html_blocks_are_capped(tmp_path: Path) -> None:
    blocks, diagnostics = read(
        tmp_path, "# T\n\n" + "<div>\n" * 2000 + "core\n" + "</div>\n" * 2000 + "\nafter\n"
    )
    assert depth_of(blocks)[0] <= MAX_HTML_DEPTH + 4
    assert "core" in text_of(blocks) and "after" in text_of(blocks)
    assert sum(isinstance(n, Div) for b in blocks for n in query(b)) == MAX_HTML_DEPTH
    assert [d.code for d in diagnostics.warnings] == ["nesting-too-deep"]


def test_everything_together_stays_under_the_ceiling(tmp_path: Path) -> None:
    source = "> " * 15 + "*a " * 40 + "<span>" * 40 + "core" + "</span>" * 40 + " a*" * 40 + "\n"
    blocks, diagnostics = read(tmp_path, source)
    assert depth_of(blocks)[0] <= MAX_DEPTH
    assert "core" in text_of(blocks)
    assert diagnostics.warnings


def test_ordinary_nesting_is_left_alone(tmp_path: Path) -> None:
    source = "> - *a **b [c](u) `d`** e*\n>   - <kbd>x</kbd> <span class='y'>z</span>\n"
    blocks, diagnostics = read(tmp_path, source)
    assert not diagnostics.items
    assert plain_text(blocks[0].blocks[0].items[0].blocks[0].children) == "a b c d e"


@pytest.mark.parametrize(
    "source",
    ["".join("  " * i + f"- item {i}\n" for i in range(15)) + "\nafter\n", "> " * 25 + "deep\n\nafter\n"],
    ids=["lists", "quotes"],
)
def test_blocks_too_deep_for_the_parser_are_not_lost_silently(tmp_path: Path, source: str) -> None:
    _, diagnostics = read(tmp_path, source)
    assert [d.code for d in diagnostics.warnings] == ["nesting-too-deep"]
    assert "was not read" in diagnostics.warnings[0].message
