"""JSX-style components in MDX (and Markdown): ``<Note title="…">…</Note>``,
``<Image src="a.png" caption={"…"} />``.

A component is a tag whose name starts with a capital letter. Props are
``name="text"``, ``name='text'``, ``name={expression}`` (braces may nest and
span lines; a quoted string inside braces is unquoted) or a bare ``name``
(true). At the start of a line a component is a block and its children are
Markdown blocks; inside a paragraph it is inline. A tag that is never closed
is not a component (``Vec<T>`` in prose). The converter decides what
each becomes (see ``DEFAULT_COMPONENTS`` and ``[components]`` in book.toml).
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock, html_block
from markdown_it.rules_inline import StateInline

DEFAULT_COMPONENTS = {
    "Note": "callout",
    "Aside": "callout",
    "Callout": "callout",
    "Admonition": "callout",
    "Sidenote": "footnote",
    "Footnote": "footnote",
    "Wide": "wide",
    "FullWidth": "wide",
    "Image": "figure",
    "Figure": "figure",
    "Quote": "quote",
    "Blockquote": "quote",
    "HtmlEmbed": "embed",
    "Iframe": "embed",
    "IFrame": "embed",
    "Video": "embed",
    "Audio": "embed",
    "Accordion": "details",
    "Details": "details",
    "Collapse": "details",
    "Stack": "stack",
    "Grid": "stack",
    "Columns": "stack",
    "Listing": "listing",
    "Glossary": "glossary",
    "Reference": "reference",
}

# A prop's value (a quoted string or a {…} expression) longer than this is
# not read as one (the tag is text): an unclosed brace or quote would have
# every later tag scan to the end of the file.
MAX_PROP_CHARS = 20_000

_NAME = re.compile(r"[A-Z][\w.]*")
_PROP_NAME = re.compile(r"[A-Za-z_:$][\w:.\-$]*")


def parse_tag(src: str, pos: int) -> tuple[str, dict[str, str], bool, int] | None:
    """At ``src[pos] == "<"``: (name, props, self_closing, end) or None."""
    if not src.startswith("<", pos):
        return None
    m = _NAME.match(src, pos + 1)
    if not m:
        return None
    name = m.group()
    props: dict[str, str] = {}
    i = m.end()
    while i < len(src):
        while i < len(src) and src[i].isspace():
            i += 1
        if src.startswith("/>", i):
            return name, props, True, i + 2
        if src.startswith(">", i):
            return name, props, False, i + 1
        pm = _PROP_NAME.match(src, i)
        if not pm:
            if src.startswith("{...", i):  # spread props: {...rest}
                end = _balanced(src, i)
                if end < 0:
                    return None
                i = end
                continue
            return None
        key = pm.group()
        i = pm.end()
        if not src.startswith("=", i):
            props[key] = "true"
            continue
        i += 1
        if i < len(src) and src[i] in "\"'":
            end = src.find(src[i], i + 1, i + 1 + MAX_PROP_CHARS)
            if end < 0:
                return None
            props[key] = src[i + 1 : end]
            i = end + 1
        elif src.startswith("{", i):
            end = _balanced(src, i)
            if end < 0:
                return None
            props[key] = _expression_value(src[i + 1 : end - 1])
            i = end
        else:
            return None
    return None


_BRACE_SYNTAX = re.compile(r"[{}\"'`\\]")


def _balanced(src: str, pos: int) -> int:
    """End (exclusive) of the ``{…}`` starting at ``pos``, minding strings;
    -1 when it does not close within :data:`MAX_PROP_CHARS`."""
    depth = 0
    quote = ""
    escaped_until = -1
    for m in _BRACE_SYNTAX.finditer(src, pos, min(len(src), pos + MAX_PROP_CHARS)):
        i = m.start()
        if i < escaped_until:
            continue
        ch = m.group()
        if quote:
            if ch == "\\":
                escaped_until = i + 2
            elif ch == quote:
                quote = ""
        elif ch in "\"'`":
            quote = ch
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i + 1
    return -1


def _expression_value(expression: str) -> str:
    """``{"text"}`` → text; other expressions are kept as written."""
    text = expression.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'`":
        inner = text[1:-1]
        if text[0] == '"':
            try:
                return str(json.loads(text))
            except json.JSONDecodeError:
                return inner
        return inner
    return text


def _find_close(src: str, name: str, start: int) -> tuple[int, int] | None:
    """(start, end) of the ``</name>`` that closes a tag opened before ``start``."""
    return _close_index(src, name).close_after(start)


class _CloseIndex:
    """The opening and closing tags of one component name in one text, and for
    each place the close that balances a tag opened just before it.

    Scanning forward from every opening tag for its close is quadratic when
    tags are never closed (thousands of ``<Note>`` lines): the text is
    scanned once instead, and each question answered by a binary search."""

    def __init__(self, src: str, name: str) -> None:
        pattern = re.compile(rf"<(/?){re.escape(name)}(?=[\s/>])")
        self.src = src
        self.positions: list[int] = []  # where each tag starts
        self.ends: list[int] = []  # a close's end (after ">"), -1 for none; 0 for an opening tag
        steps: list[int] = []  # +1 opening, -1 closing
        for m in pattern.finditer(src):
            if m.group(1):
                close = src.find(">", m.end())
                self.positions.append(m.start())
                self.ends.append(close + 1 if close >= 0 else -1)
                steps.append(-1)
            else:
                tag = parse_tag(src, m.start())
                if tag and not tag[2]:
                    self.positions.append(m.start())
                    self.ends.append(0)
                    steps.append(1)
        # balance[t]: opening minus closing tags among the first t tags. The
        # close that balances a tag opened before tag t is tag u - 1 for the
        # first u > t with balance[u] < balance[t] (the next smaller value).
        balance = [0]
        for step in steps:
            balance.append(balance[-1] + step)
        self.next_lower: list[int] = [-1] * len(balance)
        stack: list[int] = []
        for t in range(len(balance) - 1, -1, -1):
            while stack and balance[stack[-1]] >= balance[t]:
                stack.pop()
            self.next_lower[t] = stack[-1] if stack else -1
            stack.append(t)

    def close_after(self, start: int) -> tuple[int, int] | None:
        first = bisect_left(self.positions, start)
        found = self.next_lower[first]
        if found < 0:
            return None
        tag = found - 1
        end = self.ends[tag]
        return (self.positions[tag], end) if end > 0 else None


_indexes: dict[tuple[int, str], _CloseIndex] = {}


def _close_index(src: str, name: str) -> _CloseIndex:
    """The index of ``name`` in ``src``, built once per text being parsed."""
    key = (id(src), name)
    index = _indexes.get(key)
    if index is None or index.src is not src:
        if len(_indexes) > 64:
            _indexes.clear()
        index = _indexes[key] = _CloseIndex(src, name)
    return index


def component_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.is_code_block(start):
        return False
    begin = state.bMarks[start] + state.tShift[start]
    if not state.src.startswith("<", begin):
        return False
    tag = parse_tag(state.src, begin)
    if tag is None:
        return False
    name, props, self_closing, tag_end = tag
    if self_closing:
        close_span = None
        last_char = tag_end
    else:
        close_span = _find_close(state.src, name, tag_end)
        if close_span is None:
            return False
        last_char = close_span[1]
    line_end = state.src.find("\n", last_char)
    if state.src[last_char : line_end if line_end >= 0 else None].strip():
        return False  # text after the component on its line: leave it to the inline rule
    last_line = _line_of(state, last_char - 1, start, end)
    if last_line is None:
        return False
    if silent:
        return True
    token = state.push(
        "component_open" if not self_closing else "component", "div", 1 if not self_closing else 0
    )
    token.meta = {"name": name, "props": props}
    token.map = [start, last_line + 1]
    if not self_closing:
        assert close_span is not None
        inner_first = _line_of(state, tag_end, start, end)
        inner_last = _line_of(state, close_span[0], start, end)
        assert inner_first is not None and inner_last is not None  # both before last_line, found
        if inner_first == start and inner_last == start:  # <X>text</X> on one line
            _inline_paragraph(state, state.src[tag_end : close_span[0]].strip(), start)
        else:
            first_body = start + 1 if inner_first == start else inner_first
            last_body = inner_last if _line_begins_with(state, inner_last, close_span[0]) else inner_last + 1
            text_after_open = state.src[tag_end : state.eMarks[start]].strip() if inner_first == start else ""
            if text_after_open:
                _inline_paragraph(state, text_after_open, start)
            old_max = state.lineMax
            state.lineMax = last_body
            state.md.block.tokenize(state, first_body, last_body)
            state.lineMax = old_max
        close = state.push("component_close", "div", -1)
        close.meta = {"name": name}
    state.line = last_line + 1
    return True


def _line_begins_with(state: StateBlock, line: int, pos: int) -> bool:
    return state.bMarks[line] + state.tShift[line] == pos


def _inline_paragraph(state: StateBlock, text: str, line: int) -> None:
    if not text:
        return
    token = state.push("paragraph_open", "p", 1)
    token.map = [line, line + 1]
    token = state.push("inline", "", 0)
    token.content = text
    token.map = [line, line + 1]
    token.children = []
    state.push("paragraph_close", "p", -1)


def _line_of(state: StateBlock, pos: int, start: int, end: int) -> int | None:
    for line in range(start, end):
        if state.bMarks[line] <= pos <= state.eMarks[line]:
            return line
    return None


def component_inline(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if src[pos] != "<":
        return False
    if state.posMax < len(src):  # a nested parse (a link's text): only its part
        src = src[: state.posMax]
    tag = parse_tag(src, pos)
    if tag is None:
        return False
    name, props, self_closing, tag_end = tag
    if self_closing:
        if not silent:
            token = state.push("component_inline", "span", 0)
            token.meta = {"name": name, "props": props, "children": []}
        state.pos = tag_end
        return True
    close = _find_close(src, name, tag_end)
    if close is None:
        return False
    if not silent:
        children: list = []
        state.md.inline.parse(src[tag_end : close[0]], state.md, state.env, children)
        token = state.push("component_inline", "span", 0)
        token.meta = {"name": name, "props": props, "children": children}
    state.pos = close[1]
    return True


_RAW_TEXT = re.compile(r"<(pre|script|style|textarea)[\s>]", re.IGNORECASE)
_JSX_OR_FENCE = re.compile(r"</?[A-Z]|`{3,}|~{3,}")  # at a line's first non-space: MDX has no indented code


def mdx_html_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """In MDX an HTML element is JSX, not a CommonMark HTML block that runs
    to the next blank line: a component or a code fence on a following line
    starts a block of its own (``<br/>`` then ``<Accordion>`` then a fence),
    and so does a line of text (``<br/>`` then ``**Bold.**``)."""
    if not state.env.get("mdx"):
        return False
    first = state.bMarks[start] + state.tShift[start]
    if _RAW_TEXT.match(state.src, first):
        return False  # <pre>, <script>…: their lines are not Markdown in MDX either
    limit = start + 1
    while limit < end and not state.isEmpty(limit):
        begin = state.bMarks[limit] + state.tShift[limit]
        if _JSX_OR_FENCE.match(state.src, begin) or state.src[begin] != "<":
            break  # a component, a fence, or text: Markdown again (children of an element are)
        limit += 1
    if limit >= end or state.isEmpty(limit):
        return False  # nothing to cut: the ordinary rule does the same
    return html_block(state, start, limit, silent)


def components_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("html_block", "component_block", component_block, {"alt": ["paragraph"]})
    md.block.ruler.before(
        "html_block", "mdx_html_block", mdx_html_block, {"alt": ["paragraph", "reference", "blockquote"]}
    )
    md.inline.ruler.before("html_inline", "component_inline", component_inline)
