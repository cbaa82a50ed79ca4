"""Syntax highlighting: few spans, one line per source line, valid XML, never an error."""

from __future__ import annotations

import random
import re
from xml.etree import ElementTree

import pytest

from bookpress.writers.highlight import (
    CATEGORIES,
    MINIMAL_CATEGORIES,
    highlight_lines,
    language_name,
    resolve_language,
)

SPAN = re.compile(r'<span class="t-(\w)">(.*?)</span>')

PYTHON = '''\
import os


def greet(name: str) -> str:
    """Say hello.

    Politely.
    """
    # a comment
    if name is not None and name != "":
        return f"hello {name}" + '!'
    return 42
'''


def spans(line: str) -> list[tuple[str, str]]:
    """(category, text) of each span in a line of output."""
    return SPAN.findall(line)


def classes_of(lines: list[str], text: str) -> set[str]:
    """The categories of the spans whose text is exactly ``text``."""
    return {cat for line in lines for cat, inner in spans(line) if inner == text}


def assert_well_formed(lines: list[str]) -> None:
    for line in lines:
        ElementTree.fromstring(f"<div>{line}</div>")


# --- lines -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "count"),
    [
        ("", 1),
        ("x = 1", 1),
        ("x = 1\n", 1),
        ("x = 1\n\n", 2),
        ("\n\nx = 1\n\n\ny = 2", 6),
        (PYTHON, PYTHON.count("\n")),
    ],
)
@pytest.mark.parametrize("language", ["python", "", "nonsense"])
def test_one_item_per_line(code: str, count: int, language: str) -> None:
    assert len(highlight_lines(code, language)) == count


def test_text_is_kept_line_for_line() -> None:
    lines = highlight_lines(PYTHON, "python")
    plain = [re.sub(r"<[^>]+>", "", line) for line in lines]
    unescaped = [p.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") for p in plain]
    assert unescaped == PYTHON.removesuffix("\n").split("\n")


def test_empty_lines_stay_empty() -> None:
    lines = highlight_lines("a = 1\n\n\nb = 2\n", "python")
    assert lines[1:3] == ["", ""]


def test_carriage_returns_are_not_lines() -> None:
    assert highlight_lines("a = 1\r\nb = 2\r\n", "python") == highlight_lines("a = 1\nb = 2\n", "py")


# --- categories ------------------------------------------------------------------------


def test_python_categories() -> None:
    lines = highlight_lines(PYTHON, "python")
    assert classes_of(lines, "import") == {"k"}
    assert classes_of(lines, "def") == {"k"}
    assert classes_of(lines, "greet") == {"f"}
    assert classes_of(lines, "# a comment") == {"c"}
    assert classes_of(lines, '""') == {"s"}
    assert classes_of(lines, "'!'") == {"s"}
    assert classes_of(lines, "42") == {"n"}
    assert classes_of(lines, "    Politely.") == {"c"}  # docstring, set like a comment


def test_magic_names_are_defined_names_only_after_def() -> None:
    lines = highlight_lines("def __init__(self):\n    super().__init__()\n", "python")
    assert spans(lines[0]) == [("k", "def"), ("f", "__init__")]
    assert spans(lines[1]) == []


def test_plain_names_and_punctuation_are_bare() -> None:
    line = highlight_lines("total = price * (1 + rate)", "python")[0]
    assert spans(line) == [("n", "1")]
    assert line.startswith("total = price * (")


def test_categories_are_the_documented_ones() -> None:
    samples = {
        "python": PYTHON + "@dataclass\nclass A:\n    pass\n",
        "console": "$ ls -l\ntotal 0\n",
        "pycon": ">>> 1/0\nTraceback (most recent call last):\nZeroDivisionError: x\n",
        "diff": "--- a\n+++ b\n@@ -1 +1 @@\n-old\n+new\n",
        "c": "#include <stdio.h>\nint main(void) { return 0; }\n",
    }
    used = {
        cat
        for lang, code in samples.items()
        for line in highlight_lines(code, lang)
        for cat, _ in spans(line)
    }
    assert used == set(CATEGORIES)


def test_console_prompt_and_output() -> None:
    lines = highlight_lines("$ echo hi\nhi\n", "console")
    assert spans(lines[0])[0] == ("g", "$ ")
    assert lines[1] == '<span class="t-o">hi</span>'


def test_diff_lines() -> None:
    lines = highlight_lines("-old\n+new\n same\n", "diff")
    assert lines[:2] == ['<span class="t-d">-old</span>', '<span class="t-i">+new</span>']
    assert spans(lines[2]) == []


def test_yaml_keys_and_strings() -> None:
    lines = highlight_lines("# conf\nname: 'demo'\ncount: 3\n", "yaml")
    assert spans(lines[0]) == [("c", "# conf")]
    assert spans(lines[1]) == [("f", "name"), ("s", "'demo'")]
    assert spans(lines[2]) == [("f", "count")]  # a plain YAML scalar is not typed


def test_stylesheet_values_stay_plain() -> None:
    line = highlight_lines("pre { display: block; margin: 1.4em; }", "css")[0]
    assert spans(line) == [("f", "pre"), ("k", "display"), ("k", "margin"), ("n", "1.4")]


def test_categories_can_be_limited() -> None:
    lines = highlight_lines(PYTHON, "python", categories=MINIMAL_CATEGORIES)
    used = {cat for line in lines for cat, _ in spans(line)}
    assert used == {"k", "f", "c"}
    assert highlight_lines(PYTHON, "python", categories=()) == highlight_lines(PYTHON, "text")


# --- merging and lines -----------------------------------------------------------------


def test_adjacent_tokens_of_one_category_share_a_span() -> None:
    # Pygments yields the quotes and the body of a string as separate tokens.
    assert highlight_lines('x = "abc"', "python") == ['x = <span class="t-s">"abc"</span>']
    # ...and "is", "not", "None" as three keyword tokens between spaces.
    line = highlight_lines("if a is not None:", "python")[0]
    assert spans(line) == [("k", "if"), ("k", "is not None")]
    assert line.count("<span") == 2


def test_c_preprocessor_line_is_one_span() -> None:
    line = highlight_lines("#include <stdio.h>", "c")[0]
    assert line == '<span class="t-p">#include &lt;stdio.h&gt;</span>'


def test_no_span_crosses_a_line() -> None:
    code = PYTHON + '/* block\n   comment */\nx = """a\nb\nc"""\n'
    for language in ("python", "c", "javascript"):
        for line in highlight_lines(code, language):
            assert line.count("<span") == line.count("</span>")
            assert_well_formed([line])


def test_multi_line_docstring_has_a_span_on_each_line() -> None:
    code = 'def f():\n    """First line.\n    Second line.\n    Last line."""\n'
    lines = highlight_lines(code, "python")
    assert [spans(line) for line in lines[1:4]] == [
        [("c", '"""First line.')],
        [("c", "    Second line.")],
        [("c", '    Last line."""')],
    ]


def test_block_comment_has_a_span_on_each_line() -> None:
    lines = highlight_lines("/* one\n * two\n */\nint x;", "c")
    assert [spans(line)[0][0] for line in lines[:3]] == ["c", "c", "c"]


# --- XML -------------------------------------------------------------------------------


def test_every_line_is_well_formed_xml() -> None:
    code = PYTHON + 'print("<b> & </b>")  # a < b && c > d\n'
    for language in ("python", "bash", "html", "", "unknown"):
        assert_well_formed(highlight_lines(code, language))


def test_xml_invalid_characters_are_dropped() -> None:
    lines = highlight_lines('s = "a\x00b\x1bc\ufffe"\x0c\n', "python")
    assert lines == ['s = <span class="t-s">"abc"</span>']
    assert_well_formed(highlight_lines("\ud800x\x07", "python"))


# --- languages -------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["", "nonsense", "text", "plaintext", "txt", "output"])
def test_plain_languages_give_escaped_text_without_spans(language: str) -> None:
    lines = highlight_lines("if a < b && c > 0:\n    pass\n", language)
    assert lines == ["if a &lt; b &amp;&amp; c &gt; 0:", "    pass"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("python", "python"),
        ("py", "python"),
        ("Python", "python"),
        ("python3", "python"),
        ("python3.12", "python"),
        ("{.python}", "python"),
        ("{#lst-1 .python .numberLines}", "python"),
        ("rust,ignore", "rust"),
        ("rs", "rust"),
        ("bash", "bash"),
        ("sh", "bash"),
        ("shell", "bash"),
        ("console", "console"),
        ("shell-session", "console"),
        ("yaml", "yaml"),
        ("yml", "yaml"),
        ("json", "json"),
        ("toml", "toml"),
        ("c", "c"),
        ("cpp", "cpp"),
        ("c++", "cpp"),
        ("js", "javascript"),
        ("ts", "typescript"),
        ("diff", "diff"),
        ("patch", "diff"),
        ("language-python", "python"),
        ("text", None),
        ("", None),
        ("no-such-language", None),
    ],
)
def test_language_aliases(name: str, expected: str | None) -> None:
    assert resolve_language(name) == expected


def test_language_name() -> None:
    assert language_name(" {.Rust .numberLines} ") == "rust"
    assert language_name("py title=example.py") == "py"
    assert language_name("{}") == ""


def test_aliases_highlight_alike() -> None:
    code = "def f(): return 1\n"
    expected = highlight_lines(code, "python")
    assert expected[0].count("<span") == 4
    for alias in ("py", "PY", "python3", "{.python}", "python,ignore"):
        assert highlight_lines(code, alias) == expected


# --- robustness and cache --------------------------------------------------------------


def test_never_raises_on_odd_input() -> None:
    rng = random.Random(7)
    alphabet = [chr(i) for i in range(0x250)] + ["\ud800", "\uffff", "\U0001f600", "\r\n", "\t"]
    for language in ("python", "bash", "console", "yaml", "json", "c", "rust", "diff", "x"):
        for _ in range(5):
            code = "".join(rng.choice(alphabet) for _ in range(rng.randrange(300)))
            lines = highlight_lines(code, language)
            assert_well_formed(lines)
    assert highlight_lines("a" * 50_000, "python") == ["a" * 50_000]
    assert len(highlight_lines("x = 1\n" * 5000, "python")) == 5000


def test_result_is_cached_but_not_shared() -> None:
    first = highlight_lines(PYTHON, "python")
    first.append("mutated")
    assert highlight_lines(PYTHON, "python") == first[:-1]
