"""Inline HTML written in Markdown, turned into model nodes.

markdown-it hands inline HTML over tag by tag (``<kbd>``, text, ``</kbd>``).
Here matching tags become one :class:`Span` with that tag, ``<br>`` a line
break, ``<img>`` an image; active content is dropped with a warning, and a
tag that is not HTML at all (``<jobid>`` in prose) is shown as text.
"""

from __future__ import annotations

import re
from html import unescape

from ..diagnostics import Diagnostics
from ..htmlspec import BLOCK_ELEMENTS, DROPPED_ELEMENTS, KNOWN_ELEMENTS, VOID_ELEMENTS, is_unsafe_url
from ..model import Attr, Image, Inline, LineBreak, Link, RawInline, SourceRef, Span, Text

_TAG = re.compile(r"^<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s[^>]*)?)\s*(/?)>$", re.S)
_ATTR = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")
# Block elements written inside a paragraph keep their content, inline.
_BLOCKISH = BLOCK_ELEMENTS | {"col", "colgroup", "hr", "source"}


def attributes(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in _ATTR.finditer(text):
        value = next((g for g in m.groups()[1:] if g is not None), "")
        out[m.group(1).lower()] = unescape(value)
    return out


def to_attr(attrs: dict[str, str]) -> Attr:
    ident = attrs.pop("id", "")
    classes = tuple(attrs.pop("class", "").split())
    return Attr(ident, classes, tuple(attrs.items()))


def convert(nodes: list[Inline], diagnostics: Diagnostics) -> list[Inline]:
    """Pair up inline HTML tags in ``nodes`` (one level of inline content)."""
    if not any(isinstance(n, RawInline) for n in nodes):
        return nodes
    out: list[Inline] = []
    stack: list[tuple[str, dict[str, str], int]] = []  # (tag, attrs, position in out)
    dropping: str | None = None
    for node in nodes:
        if not isinstance(node, RawInline):
            if dropping is None:
                out.append(node)
            continue
        raw = node.html.strip()
        if raw.startswith("<!--"):
            continue
        m = _TAG.match(raw)
        if not m:
            if dropping is None:
                out.append(Text(node.html))
            continue
        closing, tag, rest, self_closing = (
            m.group(1) == "/",
            m.group(2).lower(),
            m.group(3),
            m.group(4),
        )
        if dropping is not None:
            if closing and tag == dropping:
                dropping = None
            continue
        if tag in DROPPED_ELEMENTS:
            _warn_dropped(diagnostics, node.source, tag)
            if not closing and not self_closing and tag not in VOID_ELEMENTS:
                dropping = tag
            continue
        if tag not in KNOWN_ELEMENTS:
            out.append(Text(node.html))
            continue
        if closing:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == tag:
                    for open_tag, open_attrs, pos in reversed(stack[depth:]):
                        children = tuple(out[pos:])
                        del out[pos:]
                        out.append(_element(open_tag, open_attrs, children, diagnostics, node.source))
                    del stack[depth:]
                    break
            continue
        attrs = attributes(rest)
        if tag in VOID_ELEMENTS or self_closing:
            _drop_handlers(attrs, diagnostics, node.source)
            element = _void(tag, attrs, node.source)
            if element is not None:
                out.append(element)
            continue
        stack.append((tag, attrs, len(out)))
    return out  # tags never closed are dropped; their content stays


def _element(
    tag: str,
    attrs: dict[str, str],
    children: tuple[Inline, ...],
    diagnostics: Diagnostics,
    source: SourceRef,
) -> Inline:
    _drop_handlers(attrs, diagnostics, source)
    if tag in _BLOCKISH:
        tag = "span"  # a block element inside a paragraph: keep its content inline
    if tag == "a":
        href = attrs.pop("href", "")
        if is_unsafe_url(href):
            diagnostics.warn(source.path, source.line, "unsafe-html", "a link running a script was removed")
            href = ""
        if not href:
            return Span(children, to_attr(attrs))
        return Link(children, href, attrs.pop("title", ""), to_attr(attrs), source)
    return Span(children, to_attr(attrs), tag)


def _void(tag: str, attrs: dict[str, str], source: SourceRef) -> Inline | None:
    if tag == "br":
        return LineBreak()
    if tag == "img":
        src = attrs.pop("src", "")
        alt = attrs.pop("alt", "")
        title = attrs.pop("title", "")
        if is_unsafe_url(src):
            src = ""
        return Image(src, alt, title, to_attr(attrs), source)
    if tag == "wbr":
        return Text("\u200b")
    return None


def _drop_handlers(attrs: dict[str, str], diagnostics: Diagnostics, source: SourceRef) -> None:
    for key in [k for k in attrs if k.startswith("on")]:
        del attrs[key]
        diagnostics.warn(source.path, source.line, "unsafe-html", f"event attribute '{key}' removed")


def _warn_dropped(diagnostics: Diagnostics, source: SourceRef, tag: str) -> None:
    diagnostics.warn(
        source.path, source.line, "unsafe-html", f"<{tag}> removed: books carry no active content"
    )
