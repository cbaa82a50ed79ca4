"""Dashes and ellipses, without touching command-line flags, paths or (c)."""

from __future__ import annotations

import pytest

from bookpress.model import plain_text
from bookpress.reader.typography import smarten

from .util import convert


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a -- b", "a \u2013 b"),
        ("pages 1--10", "pages 1\u201310"),
        ("a---b", "a\u2014b"),
        ("wait...", "wait\u2026"),
        ("--verbose", "--verbose"),
        ("run --flag now", "run --flag now"),
        ("four....", "four...."),
    ],
)
def test_smarten(text: str, expected: str) -> None:
    assert smarten(text) == expected


def test_markdown_keeps_paths_symbols_and_flags() -> None:
    parsed, _ = convert('See ../path, option (c), +- 1 and **--verbose**; "quoted" -- done.\n')
    assert (
        plain_text(parsed.blocks[0].children)
        == "See ../path, option (c), +- 1 and --verbose; \u201cquoted\u201d \u2013 done."
    )


def test_code_is_untouched() -> None:
    parsed, _ = convert("Use `a -- b...` here.\n")
    assert "a -- b..." in plain_text(parsed.blocks[0].children)
