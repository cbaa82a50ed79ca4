"""Pandoc attribute syntax: ``{#id .class key=value key="quoted value"}``."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..model import NO_ATTR, Attr

_TOKEN = re.compile(
    r"""\s*(?:
        \#(?P<id>[^\s}]+)
      | \.(?P<cls>[^\s}]+)
      | (?P<key>[A-Za-z_][\w:.\-]*)=
        (?:"(?P<dq>(?:[^"\\]|\\.)*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s}"']+))
      | (?P<dash>-)(?=[\s}]|$)
      | (?P<word>[^\s}=#.{][^\s}=]*)
    )""",
    re.VERBOSE,
)

_CURLY_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})

TRAILING = re.compile(r"\s*\{([^{}]*)\}\s*$")


def parse_attributes(text: str) -> Attr | None:
    """Parse the inside of ``{...}``; ``None`` when it is not attribute syntax."""
    text = text.strip().translate(_CURLY_QUOTES)  # the typographer may have curled them
    ident = ""
    classes: list[str] = []
    kv: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            return None
        pos = m.end()
        if m.group("id"):
            ident = m.group("id")
        elif m.group("cls"):
            classes.append(m.group("cls"))
        elif m.group("key"):
            value = m.group("dq")
            if value is not None:
                value = re.sub(r"\\(.)", r"\1", value)
            else:
                value = m.group("sq") if m.group("sq") is not None else m.group("bare")
            kv.append((m.group("key"), value))
        elif m.group("dash"):
            classes.append("unnumbered")
        elif m.group("word"):
            return None
        pos = len(text) - len(text[pos:].lstrip())
    return Attr(ident, tuple(classes), tuple(kv))


def split_trailing(text: str) -> tuple[str, Attr]:
    """``"Title {#id}"`` → ``("Title", Attr(id="id"))``; text unchanged if none."""
    m = TRAILING.search(text)
    if m:
        attr = parse_attributes(m.group(1))
        if attr is not None:
            return text[: m.start()], attr
    return text, NO_ATTR


def from_token_attrs(attrs: Mapping[str, object]) -> Attr:
    """An :class:`Attr` from markdown-it token attributes."""
    ident = str(attrs.get("id", ""))
    classes = tuple(str(attrs.get("class", "")).split())
    kv = tuple((str(k), str(v)) for k, v in attrs.items() if k not in ("id", "class"))
    return Attr(ident, classes, kv)


def merge(first: Attr, second: Attr) -> Attr:
    return Attr(
        second.id or first.id,
        first.classes + tuple(c for c in second.classes if c not in first.classes),
        first.kv + second.kv,
    )


def code_info(info: str) -> tuple[str, Attr]:
    """A fence's info string → (language, attributes).

    Accepts ``python``, ``python {#lst-x .numberLines}``, ``{.python #lst-x caption="…"}``
    and mdBook's ``rust,ignore``.
    """
    info = info.strip()
    if not info:
        return "", NO_ATTR
    if info.startswith("{") and info.endswith("}"):
        attr = parse_attributes(info[1:-1])
        if attr is not None:
            language = attr.classes[0] if attr.classes else ""
            return language, Attr(attr.id, attr.classes[1:], attr.kv)
    word, _, rest = info.partition(" ")
    language = word.split(",")[0].strip("{}.")
    rest = rest.strip()
    attr = NO_ATTR
    if rest.startswith("{") and rest.endswith("}"):
        attr = parse_attributes(rest[1:-1]) or NO_ATTR
    return language, attr
