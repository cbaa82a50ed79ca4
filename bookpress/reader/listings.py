"""Listings written as HTML figures: ``<figure class="listing">``.

What mdBook's Rust-book preprocessor writes for ``<Listing>`` — and what
books that predate it write by hand — is a figure holding a file-name line
(``<span class="file-name">Filename: src/main.rs</span>``), the code, and a
``<figcaption>`` whose text is Markdown (``Listing 1-1: prints `Hello```).
Read as HTML, that caption would print its backticks; here it becomes the
same listing figure as the ``<Listing>`` component (see component_nodes.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from ..model import Attr, Block, CodeBlock, Div, Inline, Paragraph, SourceRef, Span, Text, plain_text, walk

Markup = Callable[[str, SourceRef], tuple[Inline, ...]]
_MARKDOWN_MARKS = ("`", "*", "_", "[", "$")


def listing_figures(blocks: list[Block], markup: Markup) -> list[Block]:
    """Every ``<figure class="listing">`` among ``blocks`` as a listing figure."""

    def visit(node: object) -> object:
        if isinstance(node, Div) and node.attr.has("figure") and node.attr.has("listing"):
            return _listing(node, markup)
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
