"""Links around things that are not words.

On the web a link may hold anything: a card (``<a class="card">`` around an
image, a title and a line of text), a logo, a badge. The model's
:class:`Link` holds inlines, so a link around blocks is turned into its
content with the link put where the model allows it: a card (one image
and some text) becomes a figure whose caption is the text, its title
linked; otherwise each paragraph, heading and figure caption inside is
linked (a figure without a caption becomes its picture, linked), and
content with none of those gets a line with the link after it. Nothing of
what the link showed is lost, and no link is left empty.

A link whose only content is pictures needs words for a reader that
speaks (EPUB accessibility, "links with text"): the picture's alt text,
else its title, else the link's address (host and path) shown after it.
"""

from __future__ import annotations

import dataclasses
from typing import TypeVar
from urllib.parse import urlsplit

from ..interactive import is_embed
from ..model import (
    Attr,
    Block,
    Div,
    Emph,
    Figure,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    Paragraph,
    SourceRef,
    Span,
    Strike,
    Strong,
    Text,
    plain_text,
    query,
    walk,
)

# Inline nodes a link may hold and still say nothing (others, such as math,
# a cross-reference or raw HTML, have words of their own or get them later).
_SILENT = (Text, LineBreak, Image, Span, Emph, Strong, Strike)
_Node = TypeVar("_Node")


def linked_blocks(blocks: list[Block], link: Link) -> list[Block]:
    """``blocks`` that were the content of ``link``, with the link kept on them."""
    card = _card(blocks, link)
    if card is not None:
        linked: list[Block] = [card]
        placed = True
    else:
        linked, placed = _link_each(blocks, link)
    if not placed:
        linked.append(link_line(link, link.source))
    if link.attr.id:
        return [Div(tuple(linked), Attr(link.attr.id), link.source)]
    return linked


def link_line(link: Link, source: SourceRef) -> Paragraph:
    """A paragraph that is the link, its address as its words."""
    return Paragraph((_bare(link, (Text(shown_address(link.url)),)),), source)


def shown_address(url: str) -> str:
    """``https://www.example.org/a/b/?q=1`` → ``example.org/a/b``."""
    parts = urlsplit(url)
    if parts.scheme == "mailto":
        return parts.path
    host = parts.netloc.rsplit("@", 1)[-1]
    host = host.removeprefix("www.")
    return (host + parts.path).rstrip("/") or url


def with_words(link: Link) -> Link:
    """A link that shows only pictures (or nothing) gets words a reader can speak."""
    if link.url.startswith("#") or not _silent(link.children):
        return link
    images = [n for n in query(link) if isinstance(n, Image)]
    if any(image.title.strip() for image in images):
        return walk(link, _title_as_alt)
    words = shown_address(link.url)
    children = (*link.children, Text(" " + words)) if images else (Text(words),)
    return dataclasses.replace(link, children=children)


def speakable_links(nodes: list[_Node]) -> list[_Node]:
    """Every link in ``nodes`` (blocks, footnotes) with words (see :func:`with_words`)."""
    if not any(isinstance(n, Link) and _silent(n.children) for node in nodes for n in query(node)):
        return nodes

    def visit(node):
        return with_words(node) if isinstance(node, Link) else node

    return [walk(node, visit) for node in nodes]


def _title_as_alt(node):
    if isinstance(node, Image) and not node.alt.strip() and node.title.strip():
        return dataclasses.replace(node, alt=node.title.strip())
    return node


def _silent(children: tuple[Inline, ...]) -> bool:
    if plain_text(children).strip():
        return False
    return all(isinstance(n, _SILENT) for child in children for n in query(child))


def _bare(link: Link, children: tuple[Inline, ...]) -> Link:
    """The link around ``children``; its id stays with the content it marked."""
    return Link(children, link.url, link.title, Attr("", link.attr.classes, link.attr.kv), link.source)


def _has_link(inlines: tuple[Inline, ...]) -> bool:
    return any(isinstance(n, Link) for child in inlines for n in query(child))


def _leaves(blocks: list[Block]) -> list[Block]:
    """The blocks, with plain containers (HTML ``<div>``) opened."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Div) and not block.attr.id:
            out.extend(_leaves(list(block.blocks)))
        else:
            out.append(block)
    return out


def _card(blocks: list[Block], link: Link) -> Figure | None:
    """One picture and a few lines of text: a figure, the text its caption
    (the first line linked), numbered only if the picture was."""
    leaves = _leaves(blocks)
    figures = [b for b in leaves if isinstance(b, Figure)]
    texts = [b for b in leaves if isinstance(b, (Heading, Paragraph))]
    if len(figures) != 1 or not texts or len(figures) + len(texts) != len(leaves):
        return None
    if any(isinstance(n, (Image, Link)) for b in texts for n in query(b)):
        return None
    figure = figures[0]
    lines = [tuple(figure.caption)] if figure.caption else []
    for block in texts:
        children = tuple(block.children)
        lines.append((Strong(children),) if isinstance(block, Heading) else children)
    free = next((i for i, line in enumerate(lines) if not _has_link(line)), None)
    if free is None:
        lines.append((_bare(link, (Text(shown_address(link.url)),)),))
    else:
        lines[free] = (_bare(link, lines[free]),)
    caption: list[Inline] = []
    for number, line in enumerate(lines):
        if number:
            caption.append(LineBreak())
        caption.extend(line)
    attr = figure.attr
    if not figure.caption and not attr.id:
        attr = Attr(attr.id, (*attr.classes, "unnumbered"), attr.kv)
    return dataclasses.replace(figure, caption=tuple(caption), attr=attr)


def _link_each(blocks: list[Block], link: Link) -> tuple[list[Block], bool]:
    """Each paragraph, heading and figure caption linked (unless it holds a
    link of its own); whether any was."""
    out: list[Block] = []
    placed = False
    for block in blocks:
        if isinstance(block, (Paragraph, Heading)) and block.children and not _has_link(block.children):
            block = dataclasses.replace(block, children=(_bare(link, tuple(block.children)),))
            placed = True
        elif isinstance(block, Figure) and block.caption and not _has_link(block.caption):
            block = dataclasses.replace(block, caption=(_bare(link, block.caption),))
            placed = True
        elif isinstance(block, Figure) and not block.attr.id and not is_embed(block.image):
            block = Paragraph((_bare(link, (block.image,)),), block.source, Attr(classes=block.attr.classes))
            placed = True
        elif isinstance(block, Div):
            inner, inner_placed = _link_each(list(block.blocks), link)
            block = dataclasses.replace(block, blocks=tuple(inner))
            placed = placed or inner_placed
        out.append(block)
    return out, placed
