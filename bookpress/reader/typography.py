"""Typographic dashes and ellipses, as Pandoc's ``smart`` extension makes them.

markdown-it's own ``replacements`` rule goes further than a technical book
can afford: "(c)" becomes ©, "+-" becomes ±, and "../path" becomes "…/path".
Here only ``---`` (em dash), ``--`` between spaces or between two letters or
digits (en dash; a command-line ``--flag``, even in bold or at the start of a
line, is left alone) and exactly three dots (ellipsis) change; code is never
touched.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

_EM_DASH = re.compile(r"(^|[^-])---(?=[^-]|$)", re.M)
_EN_DASH_SPACED = re.compile(r"(^|\s)--(?=\s|$)", re.M)
_EN_DASH_JOINED = re.compile(r"([^\W_])--(?=[^\W_])")  # 1--10, Paris--Rome; never --flag
_ELLIPSIS = re.compile(r"(?<!\.)\.\.\.(?!\.)")
_CANDIDATE = re.compile(r"--|\.\.\.")


def smarten(text: str) -> str:
    text = _EM_DASH.sub("\\1\u2014", text)
    text = _EN_DASH_SPACED.sub("\\1\u2013", text)
    text = _EN_DASH_JOINED.sub("\\1\u2013", text)
    return _ELLIPSIS.sub("\u2026", text)


def typography(state: StateCore) -> None:
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        in_autolink = 0
        for token in block.children:
            if token.type == "link_open" and token.info == "auto":
                in_autolink += 1
            elif token.type == "link_close" and token.info == "auto":
                in_autolink -= 1
            elif token.type == "text" and not in_autolink and _CANDIDATE.search(token.content):
                token.content = smarten(token.content)


def typography_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("inline", "bookpress_typography", typography)
