"""TeX math in Markdown, with Pandoc's rules.

Inline ``$…$``: the opening ``$`` must be followed by a non-space, the
closing one preceded by a non-space and not followed by a digit — so "it
costs $5 and $10" stays text. ``$$…$$`` inside a paragraph is display math;
``$$`` with no closing pair ("lost $$ on it") stays text. ``\\(…\\)`` and
``\\[…\\]`` are the LaTeX spellings.

A display equation on lines of its own (``$$`` … ``$$``, or ``\\[`` …
``\\]``) is a block, and may carry attributes after the closing delimiter:
``$$ {#eq-loss}``.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline

_BLOCK_CLOSE = {"$$": "$$", "\\[": "\\]"}
_TRAILING_ATTRS = re.compile(r"^\s*(\{[^{}]*\})?\s*$")


def _push(state: StateInline, tex: str, display: bool) -> None:
    token = state.push("math_display" if display else "math_inline", "math", 0)
    token.content = tex


def math_inline(state: StateInline, silent: bool) -> bool:
    src, pos, end = state.src, state.pos, state.posMax
    if src.startswith(("\\(", "\\["), pos):
        close = "\\)" if src[pos + 1] == "(" else "\\]"
        stop = src.find(close, pos + 2, end)
        if stop < 0 or not src[pos + 2 : stop].strip():
            return False
        if not silent:
            _push(state, src[pos + 2 : stop].strip(), display=close == "\\]")
        state.pos = stop + 2
        return True
    if src[pos] != "$":
        return False
    if src.startswith("$$", pos):
        stop = src.find("$$", pos + 2, end)
        if stop < 0 or not src[pos + 2 : stop].strip():
            return False
        if not silent:
            _push(state, src[pos + 2 : stop].strip(), display=True)
        state.pos = stop + 2
        return True
    if pos + 1 >= end or src[pos + 1].isspace():
        return False
    # As in Pandoc, the first unescaped "$" is the only candidate for the
    # closing one: "$5 and $10" is not math, whatever follows.
    stop = pos + 1
    while True:
        stop = src.find("$", stop, end)
        if stop < 0:
            return False
        if src[stop - 1] != "\\":
            break
        stop += 1
    if stop == pos + 1 or src[stop - 1].isspace() or (stop + 1 < end and src[stop + 1].isdigit()):
        return False
    if not silent:
        _push(state, src[pos + 1 : stop], display=False)
    state.pos = stop + 1
    return True


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def math_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.is_code_block(start):
        return False
    first = _line(state, start)
    opener = next((o for o in _BLOCK_CLOSE if first.startswith(o)), None)
    if opener is None:
        return False
    closer = _BLOCK_CLOSE[opener]
    rest = first[len(opener) :]
    body: list[str] = []
    line = start
    stop = rest.find(closer)
    if stop >= 0:  # $$ … $$ on one line
        tex, after = rest[:stop], rest[stop + len(closer) :]
    elif rest.strip():
        return False  # "$$ is money…": prose, not an equation
    else:
        body.append(rest)
        line += 1
        while line < end:
            text = _line(state, line)
            stop = text.find(closer)
            if stop >= 0:
                body.append(text[:stop])
                after = text[stop + len(closer) :]
                break
            if not text.strip():
                return False  # equations have no blank lines; this is not one
            body.append(text)
            line += 1
        else:
            return False
        tex = "\n".join(body)
    attrs = _TRAILING_ATTRS.match(after)
    if attrs is None or not tex.strip():
        return False  # text after the closing $$: leave it to the inline rule
    if silent:
        return True
    token = state.push("math_block", "math", 0)
    token.content = tex.strip()
    token.info = attrs.group(1) or ""
    token.map = [start, line + 1]
    state.line = line + 1
    return True


def math_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("escape", "math_inline", math_inline)
    md.block.ruler.before(
        "fence", "math_block", math_block, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )
