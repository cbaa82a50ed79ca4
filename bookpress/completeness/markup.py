"""Source markup that must never be printed as text.

Each pattern is the trace a construct of some authoring tool leaves when a
reader did not understand it and kept it as text: JSX/MDX components and
their closing tags, HTML tags, mdBook directives, ES module lines of MDX,
GitHub alert markers, fenced-div colons, MDX and HTML comments, Markdown code
spans and emphasis. The same patterns run over the book's code (listings,
inline code, raw HTML): a match there is the author's own text and may print.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..htmlspec import KNOWN_ELEMENTS

_HTML = "|".join(sorted(KNOWN_ELEMENTS, key=len, reverse=True))

PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # <Listing number="1-1" …>, </Listing>, <Image.Wide — a capitalised name of 2+ characters
    ("component tag", re.compile(r"</?[A-Z][A-Za-z0-9]+(?:\.[A-Za-z][A-Za-z0-9]*)*(?=[\s/>]|$)", re.M)),
    # <br/>, <div class="x">, </span> — a whole tag of an HTML element, on one line
    ("HTML tag", re.compile(rf"</?(?:{_HTML})(?:\s+[^<>\n]*)?/?>")),
    ("mdBook directive", re.compile(r"\{\{\s*#\s*[A-Za-z_-]+")),
    ("import line", re.compile(r"^[ \t]*import\s+[^\n;]*?\bfrom\s+['\"]", re.M)),
    ("import line", re.compile(r"^[ \t]*import\s+['\"][^'\"\n]+['\"]", re.M)),
    ("export line", re.compile(r"^[ \t]*export\s+(?:const|let|var|default|function|async)\b", re.M)),
    ("alert marker", re.compile(r"\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]", re.I)),
    ("fenced div", re.compile(r"^[ \t]*:::", re.M)),
    ("MDX comment", re.compile(r"\{/\*|\*/\}")),
    ("HTML comment", re.compile(r"<!--")),
    ("Markdown code span", re.compile(r"(?<![`\w])`[^`\n]{1,80}`(?![`\w])")),
    ("Markdown emphasis", re.compile(r"(?<![*\w])\*\*[^*\s][^*\n]{0,80}[^*\s]\*\*(?![*\w])")),
)


@dataclass(frozen=True)
class Hit:
    kind: str  # the pattern's name
    token: str  # what matched, whitespace removed: compared with the book's own code
    start: int
    end: int


def hits(text: str) -> Iterator[Hit]:
    """Every piece of markup in ``text``."""
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            yield Hit(kind, token(match.group()), match.start(), match.end())


# What the typography transform makes of ASCII punctuation, undone: the page
# shows "…" and curly quotes where the manuscript has "..." and straight ones.
_TYPOGRAPHY = str.maketrans({"…": "...", "‘": "'", "’": "'", "“": '"', "”": '"', "–": "--", "—": "---"})


def token(text: str) -> str:
    """``text`` without whitespace and with typographic punctuation made ASCII again."""
    return "".join(text.split()).translate(_TYPOGRAPHY)


def tokens(text: str) -> set[str]:
    """The markup tokens in ``text`` (the book's own code, where they are legitimate)."""
    return {hit.token for hit in hits(text)}


def snippet(text: str, hit: Hit, width: int = 40) -> str:
    """The hit with some text around it, on one line."""
    start = max(0, hit.start - width // 2)
    end = min(len(text), hit.end + width)
    around = " ".join(text[start:end].split())
    return ("…" if start > 0 else "") + around + ("…" if end < len(text) else "")
