"""The book's language as a BCP 47 tag."""

from __future__ import annotations

import pytest

from bookpress.language import normalize_language


@pytest.mark.parametrize("tag", ["en", "en-US", "de-CH-1996", "zh-Hans-CN", "sr-Latn", "x-private"])
def test_valid_tags_pass_unchanged(tag: str) -> None:
    assert normalize_language(tag).tag == tag
    assert normalize_language(tag).problem == ""


@pytest.mark.parametrize(("written", "tag"), [("en_US", "en-US"), ("pt_br", "pt-BR"), ("iw", "he")])
def test_tags_written_another_way_are_rewritten_with_a_warning(written: str, tag: str) -> None:
    language = normalize_language(written)
    assert language.tag == tag
    assert f"'{written}' is written '{tag}'" in language.problem


def test_case_alone_is_fixed_quietly() -> None:
    assert normalize_language("EN-us") == normalize_language("en-US")
    assert normalize_language("EN-us").tag == "en-US"


@pytest.mark.parametrize("garbage", ["", "english", "klingon!!", "zz", "123", "en-", "e\x07n"])
def test_what_is_no_language_tag_falls_back_to_english(garbage: str) -> None:
    language = normalize_language(garbage)
    assert language.tag == "en"
    assert "using 'en'" in language.problem


def test_the_common_tags_that_skip_langcodes_are_valid_and_standard() -> None:
    import langcodes

    from bookpress.language import COMMON_TAGS

    for tag in sorted(COMMON_TAGS):
        assert langcodes.tag_is_valid(tag) and langcodes.standardize_tag(tag) == tag, tag
