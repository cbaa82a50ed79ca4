"""Pandoc attribute syntax and fenced code info strings."""

from __future__ import annotations

import pytest

from bookpress.model import NO_ATTR, Attr
from bookpress.reader.attributes import (
    code_info,
    from_token_attrs,
    merge,
    parse_attributes,
    split_trailing,
)


def test_id_classes_and_values():
    attr = parse_attributes("#sec-x .a .b key=value other='single' n=3")
    assert attr == Attr("sec-x", ("a", "b"), (("key", "value"), ("other", "single"), ("n", "3")))


def test_quoted_values_with_spaces():
    attr = parse_attributes("caption=\"A caption with spaces\" title='also spaced'")
    assert attr is not None
    assert attr.get("caption") == "A caption with spaces"
    assert attr.get("title") == "also spaced"


def test_escaped_quote_inside_double_quotes():
    attr = parse_attributes(r'caption="say \"hi\" now"')
    assert attr is not None
    assert attr.get("caption") == 'say "hi" now'


def test_braces_and_hash_inside_quoted_value():
    attr = parse_attributes('caption="x {#y} .z" .real')
    assert attr is not None
    assert attr.get("caption") == "x {#y} .z"
    assert attr.classes == ("real",)
    assert attr.id == ""


def test_dash_means_unnumbered():
    assert parse_attributes("-") == Attr("", ("unnumbered",), ())
    attr = parse_attributes("#intro -")
    assert attr is not None
    assert attr.id == "intro"
    assert attr.has("unnumbered")


def test_empty_and_whitespace():
    assert parse_attributes("") == Attr()
    assert parse_attributes("   ") == Attr()
    assert parse_attributes("  #a   .b  ") == Attr("a", ("b",), ())


def test_last_id_wins_and_repeated_keys_are_kept():
    attr = parse_attributes("#a #b k=1 k=2")
    assert attr is not None
    assert attr.id == "b"
    assert attr.kv == (("k", "1"), ("k", "2"))


@pytest.mark.parametrize(
    "text",
    [
        "curly braces",  # prose, not attributes
        "key=",  # no value
        'key="unterminated',
        "=value",
        "#",  # an id with no name
        ".",  # a class with no name
        "a b c",
        "x == y",
    ],
)
def test_invalid_syntax_is_none(text):
    assert parse_attributes(text) is None


def test_split_trailing():
    assert split_trailing("Title {#id .c}") == ("Title", Attr("id", ("c",), ()))
    assert split_trailing("Title {-}")[1].has("unnumbered")
    assert split_trailing("Title") == ("Title", NO_ATTR)
    text = "Using {curly braces}"
    assert split_trailing(text) == (text, NO_ATTR)
    text = "Middle {#x} text"
    assert split_trailing(text) == (text, NO_ATTR)


@pytest.mark.parametrize(
    ("info", "language", "attr"),
    [
        ("", "", NO_ATTR),
        ("   ", "", NO_ATTR),
        ("python", "python", NO_ATTR),
        ("  python  ", "python", NO_ATTR),
        ("rust,ignore", "rust", NO_ATTR),
        ("rust,no_run,should_panic", "rust", NO_ATTR),
        ('{.python #lst-a caption="T"}', "python", Attr("lst-a", (), (("caption", "T"),))),
        (
            "{.python .numberLines #lst-b}",
            "python",
            Attr("lst-b", ("numberLines",), ()),
        ),
        ("python {#lst-x .numberLines}", "python", Attr("lst-x", ("numberLines",), ())),
        ('python {caption="Two words"}', "python", Attr("", (), (("caption", "Two words"),))),
        ("{#only-id}", "", Attr("only-id", (), ())),
        ("{.python}", "python", NO_ATTR),
    ],
)
def test_code_info(info, language, attr):
    assert code_info(info) == (language, attr)


def test_code_info_with_unparsable_braces_keeps_the_language():
    language, attr = code_info("python {not attributes}")
    assert language == "python"
    assert attr == NO_ATTR


def test_from_token_attrs_and_merge():
    attr = from_token_attrs({"id": "x", "class": "a b", "width": "50%"})
    assert attr == Attr("x", ("a", "b"), (("width", "50%"),))
    merged = merge(attr, Attr("y", ("b", "c"), (("height", "2"),)))
    assert merged.id == "y"
    assert merged.classes == ("a", "b", "c")
    assert merged.kv == (("width", "50%"), ("height", "2"))
    assert merge(attr, Attr()).id == "x"
