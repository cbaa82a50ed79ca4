"""Pandoc fenced divs: ``::: note`` … ``:::`` and ``::: {.callout-tip title="…"}``.

An opening fence is three or more colons followed by attributes (a class
word or ``{…}``); a closing fence is a line of three or more colons alone.
Divs nest; fenced code inside a div is skipped while looking for the close.

A div that is never closed is text. Looking for the close of every such
opening would scan to the end of the file each time (quadratic: 2,000
unclosed ``::: note`` lines took 3 s); a failed scan is kept instead, and a
later opening inside its range is answered from it (:class:`_Scan`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

_OPEN = re.compile(r"^:{3,}\s*(\{[^{}]*\}|[A-Za-z][\w-]*)\s*:*\s*$")
_CLOSE = re.compile(r"^:{3,}\s*$")
_CODE_FENCE = re.compile(r"^(`{3,}|~{3,})")


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


@dataclass
class _Scan:
    """A scan for a close that failed: from line ``start`` to ``stop``, the
    depth after each line (relative to ``start``) and whether the line was in
    fenced code. An opening at a later line ``s`` (not in code) closes at the
    first line whose depth falls below the depth at ``s`` — found with a
    next-lower-value table built once."""

    src: str
    start: int
    stop: int
    depths: list[int] = field(default_factory=list)  # index: line - start
    in_code: list[bool] = field(default_factory=list)
    next_lower: list[int] = field(default_factory=list)

    def finish(self) -> None:
        self.next_lower = [-1] * len(self.depths)
        stack: list[int] = []
        for i in range(len(self.depths) - 1, -1, -1):
            while stack and self.depths[stack[-1]] >= self.depths[i]:
                stack.pop()
            self.next_lower[i] = stack[-1] if stack else -1
            stack.append(i)

    def close_of(self, line: int) -> int | None:
        """The closing line of an opening at ``line`` (None: never closed),
        or -1 when this scan cannot tell."""
        i = line - self.start
        if not 0 < i < len(self.depths) or self.in_code[i]:
            return -1
        found = self.next_lower[i]
        return self.start + found if found >= 0 else None


_scans: dict[tuple[int, int, int], _Scan] = {}


def _close_line(state: StateBlock, start: int, end: int) -> int | None:
    """The line that closes the div opened at ``start``; None if none does."""
    key = (id(state.src), end, state.blkIndent)
    known = _scans.get(key)
    if known is not None and known.src is state.src and known.start < start < known.stop:
        answer = known.close_of(start)
        if answer != -1:
            return answer
    scan = _Scan(state.src, start, end)
    depth = 1
    fence: str | None = None
    line = start + 1
    scan.depths.append(depth)
    scan.in_code.append(False)
    while line < end:
        text = _line(state, line)
        if state.sCount[line] < state.blkIndent and text:
            break  # dedented out of the enclosing container
        in_code = fence is not None
        if fence:
            if text.startswith(fence):
                fence = None
        elif code := _CODE_FENCE.match(text):
            fence = code.group(1)
        elif _CLOSE.match(text):
            depth -= 1
            if depth == 0:
                return line
        elif _OPEN.match(text):
            depth += 1
        scan.depths.append(depth)
        scan.in_code.append(in_code or fence is not None)
        line += 1
    scan.stop = line
    scan.finish()
    if len(_scans) > 64:
        _scans.clear()
    _scans[key] = scan
    return None


def fenced_div(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.is_code_block(start):
        return False
    match = _OPEN.match(_line(state, start))
    if not match:
        return False
    line = _close_line(state, start, end)
    if line is None:
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
