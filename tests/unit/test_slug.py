"""Slugs that name output files: always one file directly inside --out."""

from __future__ import annotations

import pytest

from bookpress.slug import file_slug, is_file_slug


@pytest.mark.parametrize("slug", ["my-book", "Book_2", "v1.2.3", "a", "x" * 100])
def test_plain_names_are_kept(slug: str) -> None:
    assert is_file_slug(slug)
    assert file_slug(slug) == slug


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("../../x", "x"),
        ("/abs/path", "abs-path"),
        ("a\x07b\x00c/d", "a-b-c-d"),
        ("..", "book"),
        (".hidden", "hidden"),
        ("-rf", "rf"),
        ("", "book"),
        ("   ", "book"),
        ("Ünïcode Títle", "unicode-title"),
        ("a..b", "a-b"),
        ("C:\\Windows\\x", "c-windows-x"),
    ],
)
def test_anything_else_becomes_a_safe_name(text: str, slug: str) -> None:
    assert file_slug(text) == slug
    assert is_file_slug(file_slug(text))


def test_a_very_long_name_is_shortened() -> None:
    slug = file_slug("word " * 200)
    assert is_file_slug(slug) and len(slug) <= 100 and not slug.endswith("-")
