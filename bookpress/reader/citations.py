"""Pandoc citation syntax: ``[@key]``, ``[see @a, p. 3; -@b]``, narrative ``@key``.

Also the linked form some MDX sources use, ``[[@key](url)]`` or a bare
``[@key](url)``: a citation (the bibliography entry carries the link).

The same syntax names figures, tables, sections, equations and listings
(``@fig-loss``); the crossrefs transform tells the two apart. An ``@`` after
a letter or digit (``someone@example.org``) is not a citation.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

_KEY = r"[\w][\w:.#$%&\-+?<>~/]*"
_TRAILING_PUNCT = ":.#$%&-+?<>~/"
_ITEM = re.compile(
    rf"^\s*(?P<prefix>[^@]*?)\s*(?P<minus>-)?@(?P<key>{_KEY}|\{{[^{{}}]+\}})(?P<suffix>.*?)\s*$",
    re.S,
)
_NARRATIVE = re.compile(rf"@(?P<key>{_KEY})")
# A narrative ``@`` right after one of these is part of a word, an address or a URL.
_NOT_BEFORE = "@_`/:.=+~-%&?#"
# ``[@key](url)``: a citation written as a link.
_LINKED = re.compile(rf"\[(?P<cite>-?@(?:{_KEY}|\{{[^{{}}]+\}}))\]\([^()\s]*(?:\s+\"[^\"]*\")?\)")


def _clean_key(key: str) -> tuple[str, str]:
    """Strip braces, and trailing punctuation that belongs to the sentence."""
    if key.startswith("{") and key.endswith("}"):
        return key[1:-1], ""
    stripped = key.rstrip(_TRAILING_PUNCT)
    return stripped, key[len(stripped) :]


def parse_items(content: str) -> list[tuple[str, str, str, bool]] | None:
    """``see @a, p. 3; -@b`` → [(key, prefix, suffix, suppress_author)], or None."""
    items = []
    for part in content.split(";"):
        m = _ITEM.match(part)
        if not m:
            return None
        key, rest = _clean_key(m.group("key"))
        if not key:
            return None
        items.append(
            (
                key,
                m.group("prefix").strip(),
                (rest + m.group("suffix")).strip(),
                bool(m.group("minus")),
            )
        )
    return items or None


def _push(state: StateInline, items: list[tuple[str, str, str, bool]], bracketed: bool) -> None:
    token = state.push("citation", "", 0)
    token.meta = {"items": items, "bracketed": bracketed}


def bracketed_citation(state: StateInline, silent: bool) -> bool:
    src, pos, end = state.src, state.pos, state.posMax
    if src[pos] != "[" or "@" not in src[pos : min(end, pos + 400)]:
        return False
    depth, stop = 0, -1
    for i in range(pos, end):
        if src[i] == "[":
            depth += 1
        elif src[i] == "]":
            depth -= 1
            if depth == 0:
                stop = i
                break
    if stop < 0:
        return False
    linked = _LINKED.match(src, pos, end)
    if linked:  # [@key](url)
        stop = linked.end() - 1
        content = linked.group("cite")
    elif stop + 1 < end and src[stop + 1] in "([":
        return False  # a link, not a citation
    else:  # [@a; @b] or [[@a](url); [@b](url)]
        content = _LINKED.sub(lambda m: m.group("cite"), src[pos + 1 : stop])
        if "[" in content or "]" in content:
            return False
    items = parse_items(content)
    if items is None:
        return False
    if not silent:
        _push(state, items, bracketed=True)
    state.pos = stop + 1
    return True


def narrative_citation(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if src[pos] != "@" or (pos > 0 and (src[pos - 1].isalnum() or src[pos - 1] in _NOT_BEFORE)):
        return False
    m = _NARRATIVE.match(src, pos, state.posMax)
    if not m:
        return False
    key, trailing = _clean_key(m.group("key"))
    if not key:
        return False
    if not silent:
        _push(state, [(key, "", "", False)], bracketed=False)
    state.pos = m.end() - len(trailing)
    return True


def citations_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("link", "bracketed_citation", bracketed_citation)
    md.inline.ruler.before("link", "narrative_citation", narrative_citation)
