"""A ceiling on how deeply a chapter's content nests.

Markdown itself stops at 20 levels of blocks (markdown-it's ``maxNesting``),
but emphasis (``*a *a *a … x a* a* a*``), inline HTML (``<span>`` in
``<span>``) and HTML blocks (``<div>`` in ``<div>``) nest as deep as the
author writes them, and every later stage walks the tree recursively: 400
levels of emphasis or 800 spans ended in a RecursionError. No book means
that much; below :data:`MAX_DEPTH` levels the wrappers (emphasis, spans,
links, divisions, quotes, lists) are dropped and their content kept, with one
``nesting-too-deep`` warning per file.

Three steps, none recursing over the deep part: inline tokens (emphasis,
links and inline HTML together) are capped before the converter builds nodes
from them; the HTML block reader makes elements below its own ceiling give
way to their content; and what the two add up to is capped on the model
of the whole file.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from markdown_it.token import Token

from ..diagnostics import Diagnostics
from ..htmlspec import DROPPED_ELEMENTS, KNOWN_ELEMENTS, VOID_ELEMENTS
from ..model import (
    Attr,
    BlockQuote,
    Callout,
    DefinitionList,
    Div,
    Emph,
    IndexTerm,
    Link,
    ListBlock,
    ListItem,
    Paragraph,
    SourceRef,
    Span,
    Strike,
    Strong,
)

if TYPE_CHECKING:
    from .convert import Parsed

MAX_DEPTH = 48  # levels of nodes in a chapter, blocks and inlines together
MAX_INLINE_DEPTH = 32  # emphasis, links, spans and inline HTML in one paragraph
MAX_HTML_DEPTH = 32  # elements of HTML blocks
CODE = "nesting-too-deep"
_TAG = re.compile(r"^<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^>]*)?\s*(/?)>$", re.S)

_INLINE_WRAPPERS = (Emph, Strong, Strike, Span, Link, IndexTerm)
_BLOCK_WRAPPERS = (Div, BlockQuote, Callout, ListBlock, ListItem, DefinitionList)


def _warn(
    diagnostics: Diagnostics, path: str, line: int | None, deepest: int, limit: int = MAX_DEPTH
) -> None:
    diagnostics.warn(
        path,
        line,
        CODE,
        f"content nested {deepest} levels deep; below level {limit} its emphasis, links, "
        "spans and containers were dropped (the text is kept)",
    )


def warn_html_depth(diagnostics: Diagnostics, path: str, line: int | None) -> None:
    """HTML elements nested deeper than :data:`MAX_HTML_DEPTH` (said by the HTML block reader)."""
    diagnostics.warn(
        path,
        line,
        CODE,
        f"HTML elements nested more than {MAX_HTML_DEPTH} levels deep; the deeper ones were dropped "
        "(their content is kept)",
    )


# --- tokens ------------------------------------------------------------------------


def cap_tokens(
    tokens: list[Token], where: Callable[[int], tuple[str, int]], diagnostics: Diagnostics
) -> list[Token]:
    """Inline tokens opened deeper than :data:`MAX_INLINE_DEPTH` levels dropped
    with their closing tokens (the text between them stays). ``where`` maps a
    0-based line of the parsed text to the file and line it came from.

    markdown-it itself stops reading blocks nested ``maxNesting`` (20) levels
    deep — quotes in quotes, lists in lists — and drops what is inside without
    a word: that is said here, once, at the first block it happened to."""
    from .markdown import parser

    block_limit = parser().options["maxNesting"]
    unread = next((t for t in tokens if t.nesting == 1 and t.block and t.level >= block_limit - 1), None)
    if unread is not None:
        path, line = where(unread.map[0] if unread.map else 0)
        diagnostics.warn(
            path,
            line,
            CODE,
            f"blocks nested more than {block_limit - 1} levels deep (quotes in quotes, lists in lists): "
            "what is inside them was not read",
        )
    for tok in tokens:
        if tok.type == "inline" and tok.children:
            capped, deepest = _cap_inline(tok.children)
            if deepest > MAX_INLINE_DEPTH:
                tok.children = capped
                path, line = where(tok.map[0] if tok.map else 0)
                _warn(diagnostics, path, line, deepest, MAX_INLINE_DEPTH)
    return tokens


def _html_tag(tok: Token) -> tuple[str, bool] | None:
    """``(tag, closing)`` of an inline HTML token that opens or closes an
    element the inline-HTML reader nests (a known, non-void element)."""
    m = _TAG.match(tok.content.strip())
    if not m or m.group(3):  # not a tag, or self-closing
        return None
    tag = m.group(2).lower()
    if tag not in KNOWN_ELEMENTS or tag in VOID_ELEMENTS or tag in DROPPED_ELEMENTS:
        return None
    return tag, m.group(1) == "/"


def _cap_inline(children: list[Token]) -> tuple[list[Token], int]:
    """Emphasis, links, spans and inline HTML elements, counted together: the
    ones opened :data:`MAX_INLINE_DEPTH` levels deep are dropped with their
    closing tokens. Inline HTML pairs up within one level of Markdown nesting
    (as the inline-HTML reader pairs it), so an element left open when its
    emphasis closes ends there."""
    out: list[Token] = []
    stack: list[tuple[str, bool]] = []  # (what was opened: "" for Markdown, else the tag; dropped)
    deepest = 0
    for tok in children:
        drop = False
        if tok.nesting == 1:
            drop = len(stack) >= MAX_INLINE_DEPTH
            stack.append(("", drop))
            deepest = max(deepest, len(stack))
        elif tok.nesting == -1:
            while stack and stack[-1][0]:  # elements left open inside this emphasis
                stack.pop()
            drop = stack.pop()[1] if stack else False
        elif tok.type == "html_inline" and (element := _html_tag(tok)) is not None:
            tag, closing = element
            if not closing:
                drop = len(stack) >= MAX_INLINE_DEPTH
                stack.append((tag, drop))
                deepest = max(deepest, len(stack))
            else:
                for depth in range(len(stack) - 1, -1, -1):
                    if not stack[depth][0]:
                        break  # not opened at this level of Markdown
                    if stack[depth][0] == tag:
                        drop = stack[depth][1]
                        del stack[depth:]
                        break
        if not drop:
            out.append(tok)
    return out, deepest


# --- the model ---------------------------------------------------------------------


@functools.cache
def _fields(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind))


def _children(node: object) -> Iterator[object]:
    """The nodes held by ``node``'s fields (tuples of tuples included)."""
    kind: type = type(node)
    for name in _fields(kind):
        value = getattr(node, name)
        if isinstance(value, tuple):
            for item in value:
                if isinstance(item, tuple):
                    yield from (sub for sub in item if _is_node(sub))
                elif _is_node(item):
                    yield item
        elif _is_node(value):
            yield value


def _is_node(value: object) -> bool:
    kind: type = type(value)
    return _is_node_type(kind)


@functools.cache
def _is_node_type(kind: type) -> bool:
    return dataclasses.is_dataclass(kind) and kind not in (SourceRef, Attr)


def depth_of(nodes: Iterable[object]) -> tuple[int, SourceRef | None]:
    """How many levels of nodes ``nodes`` nest (1 for a flat list), and the
    source of the block where the deepest one is."""
    deepest, where = 0, None
    stack: list[tuple[object, int, SourceRef | None]] = [(node, 1, None) for node in nodes]
    while stack:
        node, depth, source = stack.pop()
        own = getattr(node, "source", None)
        source = own if isinstance(own, SourceRef) and own.line else source
        if depth > deepest:
            deepest, where = depth, source
        stack.extend((child, depth + 1, source) for child in _children(node))
    return deepest, where


def limit_nesting(parsed: Parsed, diagnostics: Diagnostics, path: str) -> Parsed:
    """``parsed`` with nothing nested deeper than :data:`MAX_DEPTH` levels."""
    deepest, where = depth_of([*parsed.blocks, *parsed.footnotes])
    if deepest <= MAX_DEPTH:
        return parsed
    if not any(d.code == CODE and d.path == path for d in diagnostics.items):  # said once per file
        _warn(diagnostics, where.path if where else path, where.line if where else None, deepest)
    parsed.blocks = list(_limit_seq(tuple(parsed.blocks), 1))
    parsed.footnotes = list(_limit_seq(tuple(parsed.footnotes), 1))
    return parsed


def _limit_seq(seq: tuple, depth: int) -> tuple:
    out: list = []
    for item in seq:
        if isinstance(item, tuple):
            out.append(_limit_seq(item, depth))
        elif _is_node(item):
            out.extend(_limit(item, depth))
        else:
            out.append(item)
    return tuple(out)


def _limit(node: object, depth: int) -> tuple:
    """``node`` as one or more nodes (a wrapper at the ceiling gives way to its content)."""
    if depth >= MAX_DEPTH:
        return _flat(node)
    changes = {}
    for f in dataclasses.fields(node):  # type: ignore[arg-type]
        value = getattr(node, f.name)
        if isinstance(value, tuple) and value:
            changes[f.name] = _limit_seq(value, depth + 1)
    return (dataclasses.replace(node, **changes),)  # type: ignore[type-var]


def _flat(node: object) -> tuple:
    if isinstance(node, _INLINE_WRAPPERS):
        return _flat_inlines(node.children)
    if isinstance(node, _BLOCK_WRAPPERS):
        return _flat_blocks((node,))
    return (_flat_fields(node),)


def _wrapped(node: object) -> tuple:
    """What a wrapper holds, in reading order."""
    if isinstance(node, ListBlock):
        return node.items
    if isinstance(node, DefinitionList):
        out: list = []
        for item in node.items:
            out.append(Paragraph(item.term, node.source))
            for definition in item.definitions:
                out.extend(definition)
        return tuple(out)
    if isinstance(node, Callout):
        return ((Paragraph(node.title, node.source),) if node.title else ()) + node.blocks
    return node.blocks if hasattr(node, "blocks") else node.children  # type: ignore[attr-defined]


def _unwrap(items: tuple, wrappers: tuple[type, ...]) -> list:
    """The non-wrapper nodes under ``items``, in order, without recursion."""
    out: list = []
    stack = [iter(items)]
    while stack:
        for item in stack[-1]:
            if isinstance(item, wrappers):
                stack.append(iter(_wrapped(item)))
                break
            out.append(item)
        else:
            stack.pop()
    return out


def _flat_inlines(children: tuple) -> tuple:
    return tuple(_flat_fields(n) for n in _unwrap(children, _INLINE_WRAPPERS))


def _flat_blocks(blocks: tuple) -> tuple:
    return tuple(_flat_fields(n) for n in _unwrap(blocks, _BLOCK_WRAPPERS))


def _flat_fields(node: object) -> object:
    """A node that is not a wrapper, with everything it holds flattened
    (a paragraph's inlines, a table's cells)."""
    if not _is_node(node):
        return node
    changes = {}
    for f in dataclasses.fields(node):  # type: ignore[arg-type]
        value = getattr(node, f.name)
        if isinstance(value, tuple) and value and any(_is_node(v) for v in value):
            if any(isinstance(v, _INLINE_WRAPPERS) for v in value):
                changes[f.name] = _flat_inlines(value)
            elif any(isinstance(v, _BLOCK_WRAPPERS) for v in value):
                changes[f.name] = _flat_blocks(value)
            else:
                changes[f.name] = tuple(_flat_fields(v) for v in value)
    return dataclasses.replace(node, **changes) if changes else node  # type: ignore[type-var]
