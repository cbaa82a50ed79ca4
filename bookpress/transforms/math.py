"""Check every formula once, so that ``check`` and both outputs agree.

A formula the converter cannot handle (an unknown command, unbalanced
braces) is a warning with its place; the node keeps the reason in ``error``
and the writers show its LaTeX source in monospace instead.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from ..mathtex import MathError, latex_to_mathml
from ..model import Book, Math, MathBlock, walk

if TYPE_CHECKING:
    from . import Context


def apply(book: Book, ctx: Context) -> Book:
    def visit(node):
        if not isinstance(node, (Math, MathBlock)):
            return node
        display = isinstance(node, MathBlock) or node.display
        try:
            latex_to_mathml(node.tex, display)
        except MathError as exc:
            where = node.source
            ctx.diagnostics.warn(where.path, where.line, "math", f"cannot typeset ${node.tex}$: {exc}")
            return dataclasses.replace(node, error=str(exc))
        return node

    return book.map_chapters(lambda ch: walk(ch, visit))
