"""Book → Book steps, applied in a declared order.

Each transform is a module with ``apply(book, ctx) -> Book``: it returns a new
book and reports problems to ``ctx.diagnostics``; it never reads or writes
files.
"""

from __future__ import annotations

from ..model import Book
from . import (
    citations,
    crossrefs,
    embeds,
    footnotes,
    ids,
    images,
    index,
    language,
    links,
    math,
    numbering,
    toc,
)
from .context import Context, Transform
from .controls import apply as remove_controls
from .glyphs import apply as check_glyphs
from .nested_links import apply as unnest_links
from .urls import apply as repair_urls

__all__ = ["PIPELINE", "Context", "Transform", "run"]

PIPELINE: tuple[tuple[str, Transform], ...] = (
    ("language", language.apply),
    ("ids", ids.apply),
    ("embeds", embeds.apply),
    ("numbering", numbering.apply),
    ("crossrefs", crossrefs.apply),
    ("citations", citations.apply),
    ("footnotes", footnotes.apply),
    ("links", links.apply),
    ("urls", repair_urls),
    ("nested-links", unnest_links),
    ("images", images.apply),
    ("math", math.apply),
    ("index", index.apply),
    ("toc", toc.apply),
    ("control-characters", remove_controls),  # whatever text came from outside the Markdown
    ("glyphs", check_glyphs),  # last: it reads every text the book prints
)


def run(book: Book, ctx: Context) -> Book:
    for _name, step in PIPELINE:
        book = step(book, ctx)
    return book
