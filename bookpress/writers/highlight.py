"""Syntax highlighting of code listings, cheap enough for WeasyPrint.

WeasyPrint's layout time grows with the number of inline boxes, and
Pygments' own HTML (or Pandoc's) wraps every token — punctuation, spaces,
plain names — in a span of its own: on a 400-page book that doubled the
render time. So the markup here is as sparse as it can be:

- Pygments' ~80 token types are folded onto the few categories in
  :data:`CATEGORIES`; everything else (punctuation, operators, whitespace,
  ordinary names, builtins) stays bare text, since a printed book can't show
  a dozen shades of grey anyway;
- neighbouring tokens of one category share one span, and so do two runs
  of one category separated only by spaces (``is not``, ``"a" "b"``), since
  bold or italic spaces look like any other in a monospace font;
- a span never crosses a line: each line comes out on its own so the
  writer can join lines with ``"\\n"`` or number them, and a multi-line
  token (a docstring, a block comment) gets a span on each of its lines.

The result is well-formed XML (escaped text, no characters XML 1.0 forbids),
so it serves both the print HTML and the EPUB's XHTML, and is cached: the
PDF and EPUB writers highlight the same listings. ``styles/default/highlight.css``
styles the classes. Measured on ~30 pages of Python listings, WeasyPrint
takes about twice as long as for the same listings unhighlighted, against
more than five times with Pygments' own markup; :data:`MINIMAL_CATEGORIES`
brings it down to ~1.7 times.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from functools import lru_cache
from html import escape

from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.lexers.special import TextLexer
from pygments.token import Comment, Generic, Keyword, Literal, Name, Number, Operator, String, Token
from pygments.token import _TokenType as TokenType
from pygments.util import ClassNotFound

CATEGORIES: dict[str, str] = {
    "k": "keyword: reserved words, word operators (and, not, in), constants "
    "(True, None, null), types (int, u32), TOML table headers",
    "f": "defined name: what def / class / fn introduces; keys in YAML and JSON; markup tags",
    "s": "string literal, with its quotes, prefix and escapes",
    "n": "number (and date) literal",
    "c": "comment, docstring",
    "p": "meta: preprocessor lines, decorators, attributes (#[derive]), diff file and hunk heads",
    "g": "prompt of a console or REPL session ($, #, >>>)",
    "o": "output in a session (what the commands print)",
    "e": "error output in a session (a traceback)",
    "i": "inserted line of a diff",
    "d": "deleted line of a diff",
}
"""The span classes, ``t-<key>``, and what each one marks."""

ALL_CATEGORIES = frozenset(CATEGORIES)

MINIMAL_CATEGORIES = frozenset("kfcgoeid")
"""The classic black-and-white book: bold keywords and names, italic comments,
and the marks of sessions and diffs — but strings, numbers and meta in the
text's ink. About 40% fewer spans on Python code, for a faster layout."""

# Looked up from the token type upwards, so a type not listed takes its
# parent's category; ``None`` means bare text. Lexer errors (Token.Error) are
# bare on purpose: lexers flag what they don't understand — ``...`` standing
# for elided code, ``<name>`` in a shell command — and a printed book must not
# make those look like mistakes.
_TOKEN_CATEGORY: dict[TokenType, str | None] = {
    Token: None,
    Keyword: "k",
    Operator.Word: "k",
    Name.Function: "f",
    Name.Function.Magic: None,  # println!, __init__: calls as often as definitions
    Name.Class: "f",
    Name.Tag: "f",
    Name.Decorator: "p",
    String: "s",
    String.Doc: "c",  # reads as prose: set like a comment
    Number: "n",
    Literal.Date: "n",
    Comment: "c",
    Comment.Preproc: "p",
    Comment.PreprocFile: "p",
    Comment.Hashbang: "p",
    Generic.Prompt: "g",
    Generic.Output: "o",
    Generic.Error: "e",
    Generic.Traceback: "e",
    Generic.Inserted: "i",
    Generic.Deleted: "d",
    Generic.Heading: "p",
    Generic.Subheading: "p",
}

# Where a lexer's use of a token type reads badly in print. Stylesheet lexers
# make every value (block, bold, red) a constant and every unit a type: bold
# on both sides of each colon would leave nothing standing out.
_PLAIN_VALUES: dict[TokenType, str | None] = {Keyword.Constant: None, Keyword.Type: None}
_LEXER_CATEGORY: dict[str, dict[TokenType, str | None]] = {
    "css": _PLAIN_VALUES,
    "scss": _PLAIN_VALUES,
    "sass": _PLAIN_VALUES,
    "less": _PLAIN_VALUES,
}

# Keywords after which a magic name (``def __init__``) is being defined.
_DEFINING = frozenset({"def", "fn", "function"})

# Names Pygments doesn't know, and "output", which Pygments would set all
# in the session-output style: a listing of output is plain text.
_ALIASES = {
    "output": "text",
    "terminal": "console",
    "sh-session": "console",
    "shellsession": "console",
    "patch": "diff",
    "jsonc": "json",
    "plaintext": "text",
    "plain": "text",
    "txt": "text",
    "none": "text",
    "nohighlight": "text",
}

# XML 1.0 forbids C0 controls but tab and newline, lone surrogates, U+FFFE
# and U+FFFF. Carriage returns go too: Pygments would turn a lone one into a
# line break, and an XML parser turns it into a newline.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")

# Longer listings are set plain: a safety net against a lexer's worst case,
# far beyond anything a book prints.
MAX_CHARS = 1_000_000


def highlight_lines(code: str, language: str, *, categories: Collection[str] | None = None) -> list[str]:
    """``code`` as one HTML string per line, tokens in ``<span class="t-X">``.

    Lines are ``code`` split on ``"\\n"`` after dropping one trailing newline,
    so the result has as many items as the listing has lines. An unknown or
    empty ``language`` gives the escaped lines without spans. ``categories``
    limits the spans to those keys of :data:`CATEGORIES` (for instance
    :data:`MINIMAL_CATEGORIES`); the rest is left bare. Never raises.
    """
    if not isinstance(language, str):
        language = ""
    keep = ALL_CATEGORIES if categories is None else frozenset(categories)
    return list(_highlight(code if isinstance(code, str) else str(code), language, keep))


def resolve_language(language: str) -> str | None:
    """The Pygments lexer's main alias for ``language`` (``"py"`` →
    ``"python"``), or None when the listing will be set plain."""
    lexer = _lexer(language) if isinstance(language, str) else None
    return lexer.aliases[0] if lexer is not None and lexer.aliases else None


def language_name(language: str) -> str:
    """The bare, lower-case name in a fence's info string: ``{.python}``,
    ``Python3``, mdBook's ``rust,ignore``, ``language-js`` and ``py title=x``
    all come down to the name itself."""
    text = language.strip().lower()
    braced = text.startswith("{")
    words = text.strip("{}").split()
    if braced:
        classes = [w for w in words if w.startswith(".")]
        words = classes or [w for w in words if not w.startswith("#") and "=" not in w]
    if not words:
        return ""
    word = words[0].split(",")[0].lstrip(".")
    return word.removeprefix("language-")


@lru_cache(maxsize=1024)
def _highlight(code: str, language: str, keep: frozenset[str]) -> tuple[str, ...]:
    text = _clean(code)
    lines = text.split("\n")
    lexer = _lexer(language) if len(text) <= MAX_CHARS else None
    if lexer is not None:
        try:
            # Ended with a newline of our own, Pygments adds none of its own.
            tokens = lexer.get_tokens(text + "\n")
            special = _LEXER_CATEGORY.get(lexer.aliases[0] if lexer.aliases else "", {})
            highlighted = _render(tokens, keep, special, len(lines), len(text) + 1)
        except Exception:  # a lexer bug must not stop the book
            highlighted = None
        if highlighted is not None:
            return highlighted
    return tuple(escape(line, quote=False) for line in lines)


def _clean(code: str) -> str:
    """``code`` without what XML forbids, a leading byte-order mark (Pygments
    drops it, which would shift its tokens) and one trailing newline."""
    text = _UNSAFE.sub("", code).removeprefix("\ufeff")
    return text[:-1] if text.endswith("\n") else text


@lru_cache(maxsize=256)
def _lexer(language: str) -> Lexer | None:
    """The lexer for ``language``, or None for plain text. Cached: looking a
    name up scans every lexer's aliases and compiles its rules."""
    try:
        name = language_name(language)
    except Exception:
        return None
    for candidate in dict.fromkeys([_ALIASES.get(name), name, re.sub(r"[\d.]+$", "", name)]):
        if not candidate:
            continue
        try:
            lexer = get_lexer_by_name(candidate, stripnl=False, stripall=False, tabsize=0)
        except ClassNotFound:
            continue
        except Exception:
            return None
        return None if isinstance(lexer, TextLexer) else lexer
    return None


def _render(
    tokens: Iterable[tuple[TokenType, str]],
    keep: frozenset[str],
    special: dict[TokenType, str | None],
    count: int,
    total: int,
) -> tuple[str, ...] | None:
    """The ``count`` lines of HTML from the tokens of a text of ``total``
    characters, spans only for the categories in ``keep``, ``special`` taking
    precedence over the usual mapping; None if the tokens don't add up to the
    text (a lexer that rewrote its input: better plain than wrong)."""
    lines: list[str] = []
    runs: list[list] = []  # [category or None, text] pieces of the current line
    previous = ""  # the last token that wasn't whitespace
    consumed = 0
    for ttype, value in tokens:
        consumed += len(value)
        category = special[ttype] if ttype in special else _category(ttype)
        if category is None and ttype in Name.Function.Magic and previous in _DEFINING:
            category = "f"
        if category not in keep:
            category = None
        pieces = value.split("\n")
        for index, piece in enumerate(pieces):
            if index:
                lines.append(_line_html(runs))
                runs = []
            if piece:
                _append(runs, category, piece)
        if not value.isspace():
            previous = value
    lines.append(_line_html(runs))
    # The text was lexed with a newline at its end, which opens an empty last line.
    if len(lines) != count + 1 or lines[-1] or consumed != total:
        return None
    return tuple(lines[:count])


def _append(runs: list[list], category: str | None, text: str) -> None:
    """Add a token to a line's runs, merging it into the last run of its
    category when only nothing or spaces stand between them."""
    if runs and runs[-1][0] == category:
        runs[-1][1] += text
    elif (
        category is not None
        and len(runs) >= 2
        and runs[-1][0] is None
        and runs[-2][0] == category
        and runs[-1][1].isspace()
    ):
        runs[-2][1] += runs.pop()[1] + text
    else:
        runs.append([category, text])


def _line_html(runs: list[list]) -> str:
    return "".join(
        f'<span class="t-{category}">{escape(text, quote=False)}</span>'
        if category
        else escape(text, quote=False)
        for category, text in runs
    )


_CATEGORY_OF: dict[TokenType, str | None] = {}


def _category(ttype: TokenType) -> str | None:
    """The category of a token type, from itself or its nearest listed parent."""
    try:
        return _CATEGORY_OF[ttype]
    except KeyError:
        pass
    found = ttype
    while found not in _TOKEN_CATEGORY and found.parent is not None:
        found = found.parent
    category = _TOKEN_CATEGORY.get(found)
    _CATEGORY_OF[ttype] = category
    return category
