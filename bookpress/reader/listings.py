"""Listings written as HTML figures: ``<figure class="listing">``.

What mdBook's Rust-book preprocessor writes for ``<Listing>`` — and what
books that predate it write by hand — is a figure holding a file-name line
(``<span class="file-name">Filename: src/main.rs</span>``), the code, and a
``<figcaption>`` whose text is Markdown (``Listing 1-1: prints `Hello```).
Read as HTML, that caption would print its backticks; here it becomes the
same listing figure as the ``<Listing>`` component (see component_nodes.py).
An HTML ``<figure>`` with an image gets the same reading of its caption, and
keeps the author's own label ("图 17-8：") without a second one of ours.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from ..model import (
    Attr,
    Block,
    CodeBlock,
    Div,
    Figure,
    Inline,
    Paragraph,
    SourceRef,
    Span,
    Text,
    plain_text,
    walk,
)

Markup = Callable[[str, SourceRef], tuple[Inline, ...]]
_MARKDOWN_MARKS = ("`", "*", "_", "[", "$")


def listing_figures(blocks: list[Block], markup: Markup) -> list[Block]:
    """Every ``<figure class="listing">`` among ``blocks`` as a listing figure."""

    def visit(node: object) -> object:
        if isinstance(node, Div) and node.attr.has("figure") and node.attr.has("listing"):
            return _listing(node, markup)
        if isinstance(node, Figure):
            return _figure(node, markup)
        return node

    return [visit(walk(b, visit)) for b in blocks]  # type: ignore[misc]


def _listing(figure: Div, markup: Markup) -> Div:
    head: list[Block] = []
    code: list[Block] = []
    tail: list[Block] = []
    for block in figure.blocks:
        if isinstance(block, Div) and block.attr.has("figcaption"):
            tail.extend(_caption(block, markup))
        elif _is_file_name(block):
            head.append(Div((block,), Attr(classes=("file-name",)), figure.source))
        elif isinstance(block, CodeBlock):
            attr = Attr(block.attr.id, (*block.attr.classes, "unnumbered"), block.attr.kv)
            code.append(dataclasses.replace(block, attr=attr))
        else:
            code.append(block)
    return Div((*head, *code, *tail), Attr(figure.attr.id, ("listing-figure",)), figure.source)


# A caption that carries its own label ("图 17-8：…", "Figure 3: …", "Table 2.1.
# …"): the book numbers its figures itself, and a second label would double it.
AUTHOR_LABEL = re.compile(
    r"^\s*(figure|fig\.?|table|tab\.?|listing|abbildung|tabelle|图|圖|表|示例|図|リスト|그림|표|예제)"
    r"\s*[\dA-Z]+(?:[-.‐–][\dA-Z]+)*\s*[:：.．、]",
    re.IGNORECASE,
)


def _figure(figure: Figure, markup: Markup) -> Figure:
    """A figure read from HTML: its caption's Markdown read, and no number of
    ours when the author's caption already has one."""
    caption = figure.caption
    text = plain_text(caption)
    if caption and all(isinstance(c, Text) for c in caption) and any(m in text for m in _MARKDOWN_MARKS):
        caption = markup(text, figure.source)
    if AUTHOR_LABEL.match(text) and not figure.attr.has("unnumbered"):
        attr = Attr(figure.attr.id, (*figure.attr.classes, "unnumbered"), figure.attr.kv)
        return dataclasses.replace(figure, caption=caption, attr=attr)
    return dataclasses.replace(figure, caption=caption) if caption is not figure.caption else figure


def _is_file_name(block: Block) -> bool:
    if not isinstance(block, Paragraph) or len(block.children) != 1:
        return False
    child = block.children[0]
    return isinstance(child, Span) and (child.attr.has("file-name") or child.attr.has("filename"))


def _caption(caption: Div, markup: Markup) -> list[Block]:
    out: list[Block] = []
    for block in caption.blocks:
        if not isinstance(block, Paragraph):
            out.append(block)
            continue
        children = block.children
        text = plain_text(children)
        if all(isinstance(c, Text) for c in children) and any(m in text for m in _MARKDOWN_MARKS):
            children = markup(text, block.source)
        out.append(Paragraph(children, block.source, Attr(classes=("caption",))))
    return out
