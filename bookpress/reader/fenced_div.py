"""Pandoc fenced divs: ``::: note`` … ``:::`` and ``::: {.callout-tip title="…"}``.

An opening fence is three or more colons followed by attributes (a class
word or ``{…}``); a closing fence is a line of three or more colons alone.
Divs nest; fenced code inside a div is skipped while looking for the close.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

_OPEN = re.compile(r"^:{3,}\s*(\{[^{}]*\}|[A-Za-z][\w-]*)\s*:*\s*$")
_CLOSE = re.compile(r"^:{3,}\s*$")
_CODE_FENCE = re.compile(r"^(`{3,}|~{3,})")


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def fenced_div(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.is_code_block(start):
        return False
    match = _OPEN.match(_line(state, start))
    if not match:
        return False
    depth = 1
    fence: str | None = None
    line = start + 1
    while line < end:
        text = _line(state, line)
        if state.sCount[line] < state.blkIndent and text:
            break  # dedented out of the enclosing container
        if fence:
            if text.startswith(fence):
                fence = None
        elif code := _CODE_FENCE.match(text):
            fence = code.group(1)
        elif _CLOSE.match(text):
            depth -= 1
            if depth == 0:
                break
        elif _OPEN.match(text):
            depth += 1
        line += 1
    if depth != 0:
        return False  # never closed: not a div, keep the text
    if silent:
        return True
    old_parent, old_line_max = state.parentType, state.lineMax
    state.parentType = "fenced_div"
    state.lineMax = line
    token = state.push("div_open", "div", 1)
    token.info = match.group(1)
    token.map = [start, line + 1]
    state.md.block.tokenize(state, start + 1, line)
    token = state.push("div_close", "div", -1)
    state.parentType, state.lineMax = old_parent, old_line_max
    state.line = line + 1
    return True


def fenced_div_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before(
        "fence", "fenced_div", fenced_div, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )
